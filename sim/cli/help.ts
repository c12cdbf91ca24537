/** `--help` texts: one per command, and one for the tool. */

export const TOOL_HELP = `swarmsim - a deterministic simulator of Docker Swarm's plugin-aware scheduler

Usage:
  swarmsim run FILE [--seed N] [--json]    run a scenario and print its transcript
  swarmsim test [--update] FILE|DIR...     run scenarios, compare (or write) their expected output
  swarmsim lint FILE|DIR...                check scenarios against the library's rules
  swarmsim explain FILE TASK [--step N]    show why a task is (not) placed, and how to fix it
  swarmsim explain FILE --node NAME        show why each service is (not) on a node
  swarmsim shell [--seed N] [FILE]         type docker commands on simulated machines
  swarmsim import --docker | BUNDLE        turn a live swarm's state into a scenario

Options:
  -h, --help       show help (also "swarmsim COMMAND --help")
  -v, --version    print the version

A scenario (*.swarm) is a transcript: "node1$ docker ..." commands typed on
named machines, "sim$ ..." directives (machine, registry, sleep, stop, start,
fail), "# ..." narration, and after each command the output it should print,
with "[N]" for a non-zero exit status.
`;

export const RUN_HELP = `Usage: swarmsim run FILE [--seed N] [--json]

Runs the scenario FILE and prints its transcript: narration as "# ...", each
prompt line as written, then what the command actually printed ("[N]" when it
exits with status N). The simulation settles after every command except
"sim$ sleep" and commands given -d/--detach.

Options:
  --seed N     seed of the simulation (default: the scenario's "seed:", else 1)
  --json       print one JSON document instead:
               {seed, steps: [{line, host, command, output, exitCode, time}],
                final: {time, nodes, services, tasks}}
               and on failure {errors: [{kind, file, line, column, message}]}
  -h, --help   show this help

Exit status: 0 when the scenario ran (whatever its commands returned),
2 when FILE is missing or malformed (every error reported as
FILE:LINE:COL: message).
`;

export const TEST_HELP = `Usage: swarmsim test [--update] [--no-lint] FILE|DIR...

Runs every scenario (directories are searched recursively for *.swarm) and
compares each command's output and exit status with the expected lines under
it. A command followed by no expected lines is not checked. Lines ending in
" (re)" are regular expressions matching the whole line. Then checks the
library's rules, as "swarmsim lint" does, and that every step settles.

Prints "PASS FILE" or "FAIL FILE" per scenario, a unified diff headed
FILE:LINE for each mismatching command, "FILE:LINE:COL: message [rule]" for
each broken rule, and last "N passed, N failed".

Options:
  -u, --update   write the actual output under each step whose expectation
                 fails or is missing (expectations that pass are left alone);
                 IDs, tokens, ages, times and addresses become "(re)" lines
  --no-lint      compare output only, without the library's rules (for
                 scenarios kept outside the library)
  -h, --help     show this help

Progress goes to stderr when it is a terminal.

Exit status: 0 when all pass, 1 when any fails (a malformed scenario fails),
2 for a usage mistake (missing file, unknown option).
`;

export const LINT_HELP = `Usage: swarmsim lint FILE|DIR...

Checks scenarios against the rules of the scenario library, without running
them (every parse error is reported too):

  file-name        <topic>-<name>.swarm, topic one of doc, plugin, node,
                   placement, lifecycle, stack; lower-case, digits, dashes
  title            the front matter has a title
  description      a description of 2 to 4 lines
  tags             at least one tag
  steps            1 to 25 steps
  narration        a "# ..." comment above at least 75% of the steps
  expected-output  expected output under more than half of the steps

In a swarmsim checkout, for its scenarios/*.swarm of at most 8 machines:
  recorded         a recording on a real Swarm (test/real/recorded/), of
                   the steps as they are now

"swarmsim test" checks the same rules, and one that needs a run:
  settles          the simulation settles after every step

Prints "PASS FILE" or "FAIL FILE" per scenario, then each problem as
"FILE:LINE:COL: message [rule]", and last "N passed, N failed".

Options:
  -h, --help   show this help

Exit status: 0 when all pass, 1 when any has a problem, 2 for a usage mistake.
`;

export const EXPLAIN_HELP = `Usage: swarmsim explain FILE TASK [--step N] [--seed N] [--json]
       swarmsim explain FILE --node NAME [--step N] [--seed N] [--json]

Runs the scenario FILE up to step N (default: to the end) and explains the
placement of TASK.

A placed task is explained from the decision the scheduler recorded when it
placed it, never from a later state: every filter on every node as it was
then, the nodes that passed ranked as SwarmKit ranks them (spread branches,
fewer tasks of the service, fewer tasks in all), and the sentence that
decided. A tie the seed broke is re-run with up to 4 other seeds to show
where the task lands instead. Verdicts that changed since are listed.

A pending task is explained from the scheduler's last pass that could not
place it, recorded then: every filter on every node as that pass saw them
(a node x filter matrix, "ok" or why the node fails), SwarmKit's own
message, what changed since, and the smallest changes that would let it
run, worked out against the state at step N, each a scenario line that
runs as printed.

--node NAME explains, for each service, why its tasks are or are not on the
node NAME: the filters a task of it fails there, the step that made it so,
and the lines that would bring it.

TASK is a task ID or unique ID prefix, "SERVICE.SLOT" (web.1) or
"SERVICE.HOSTNAME" for a global service's task.

Options:
  --step N      stop after the N-th command of the scenario (1-based)
  --seed N      seed of the simulation (default: the scenario's)
  --node NAME   explain a node instead of a task
  --json        print the explanation as JSON (a placed task adds decision,
                because, sinceDecision, placedDuring, otherSeeds; a pending
                one lastPass, lastPassDuring), and on failure
                {errors: [{kind, file, line, column, message}]}
  -h, --help    show this help
`;

export const SHELL_HELP = `Usage: swarmsim shell [--seed N] [FILE]

An interactive prompt on a simulated swarm, optionally after running the
scenario FILE. Type lines as in a scenario:

  docker swarm init               a docker command on the default host (the prompt's)
  node2$ docker node ls           a docker command on machine node2
  sim$ machine node3 --cpus 4     a directive (machine, registry, sleep, stop, start, fail, file)
  # text                          narration for the next command

End a line with "\\" to continue it; "<<EOF" reads a here-document up to EOF.
docker's questions ("Do you grant the above permissions? [y/N]") wait for
an answer. Shell commands:

  .host NAME        lines without a prompt run on NAME (default node1, or
                    FILE's first machine)
  .explain TASK     why TASK is placed where it is, or pending, and the fix
  .save [-f] FILE   write the session as a scenario, with what its commands
                    print as expected output (-f overwrites FILE)
  .help             list these
  .exit             leave (or Ctrl-D)

Tab completes commands, hostnames, services and tasks; history is kept in
~/.swarmsim_history (SWARMSIM_HISTORY overrides the path; empty disables it).

Options:
  --seed N     seed of the simulation (default: FILE's, else 1)
  -h, --help   show this help
`;

export const IMPORT_HELP = `Usage: swarmsim import --docker [-o FILE] [--bundle-out FILE] [--timeout SECONDS]
       swarmsim import BUNDLE [-o FILE]

Writes a scenario that rebuilds a live swarm: its machines (resources,
platform, engine labels), the swarm (managers, workers, node labels,
availability), each node's plugins, the swarm networks and the volumes with
their drivers, and every service from its spec. The scenario ends with the
swarm's state now as expected output (node ls, the plugins each node reports,
service ls, and per node the services whose tasks run there), so that
"swarmsim test --no-lint FILE" says whether the simulation reproduces it.
Then the scenario is simulated and every placement difference is listed:
per service, tasks per node and pending tasks, real -> simulated.
Ties between equal nodes fall as Go's map order makes them: seeds 1..N are
tried and the one that reproduces the swarm (or comes closest) is kept.

Append what-if steps to the file ("node1$ docker node update --availability
drain node3", "node2$ docker plugin rm -f NAME") and run it, or open it in
the UI.

Not copied: secrets, configs, environment values (only their names are
noted), registry credentials, plugin settings, log and volume driver
options. IDs, join tokens and times are the simulation's own.

The snapshot:
  --docker             ask your own docker CLI, against its current context
                       (DOCKER_HOST, DOCKER_CONTEXT), which must be a manager.
                       It runs only these read-only commands:
                         docker info --format '{{json .Swarm}}'
                         docker version --format '{{.Server.Version}}'
                         docker node ls -q
                         docker node inspect ID...
                         docker service ls -q
                         docker service inspect ID...
                         docker service ps --no-trunc --filter desired-state=running --format '{{json .}}' ID...
                         docker network ls -q
                         docker network inspect ID...
                         docker plugin ls -q --no-trunc
                         docker plugin inspect ID...
                         docker volume ls --format '{{json .}}'
                       (plugins and volumes are those of the engine it talks to:
                       the other nodes' plugins are what their engines report)
  BUNDLE               a JSON file made on a manager you cannot reach from here
                       ("-" reads standard input); the README gives the one-line
                       shell command that makes it, and its format

Options:
  -o, --output FILE    write the scenario to FILE (default: standard output;
                       the comparison then goes to standard error)
  -f, --force          overwrite FILE
  --bundle-out FILE    with --docker: also write the bundle taken
  --docker-bin PATH    the docker CLI to run (default: docker, from PATH)
  --timeout SECONDS    time allowed for each docker command (default 60)
  --no-check           write the scenario without simulating it
  --seeds N            seeds to try for ties between equal nodes (default 16,
                       for at most 30 s); the first that reproduces the swarm
                       (else the closest) becomes the scenario's "seed:"
  --json               print {scenario, notes, comparison} as JSON instead
  -h, --help           show this help

Exit status: 0 when the scenario was written (placement differences are
reported, not an error), 2 for a usage mistake or a malformed bundle, 1 when
docker fails.
`;
