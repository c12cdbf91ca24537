/** `--help` texts: one per command, and one for the tool. */

export const TOOL_HELP = `swarmsim - a deterministic simulator of Docker Swarm's plugin-aware scheduler

Usage:
  swarmsim run FILE [--seed N] [--json]    run a scenario and print its transcript
  swarmsim test [--update] FILE|DIR...     run scenarios, compare (or write) their expected output
  swarmsim lint FILE|DIR...                check scenarios against the library's rules
  swarmsim explain FILE TASK [--step N]    show why a task is (not) placed, and how to fix it
  swarmsim explain FILE --node NAME        show why each service is (not) on a node
  swarmsim shell [--seed N] [FILE]         type docker commands on simulated machines

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

A pending task is explained against the state at step N: every filter on
every node (a node x filter matrix, "ok" or why the node fails), SwarmKit's
own message, and the smallest changes that would let it run, each a
scenario line that runs as printed.

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
                because, sinceDecision, placedDuring, otherSeeds), and on
                failure {errors: [{kind, file, line, column, message}]}
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
