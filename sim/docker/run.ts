/**
 * `docker ARGS` typed on one machine: the command registry, and the
 * dispatcher that finds the command, parses its flags, checks its arguments
 * and runs it, with the texts and exit statuses of the real CLI
 * (docker/cli cmd/docker/docker.go, cli/cobra.go, cli/required.go, cobra's
 * command.go). Nothing imports this module back: the helpers commands share
 * live in modules of their own (help.ts, flags.ts, opts.ts, filters.ts,
 * output.ts, prompt.ts, format/).
 */
import { DockerError } from '../errors.js';
import type { Simulation } from '../simulation.js';
import { CLI_BUILD } from './build.js';
import type { Command, CommandContext, CommandResult, DockerOptions } from './command.js';
import { buildTree, GROUPS, traverse, type TreeNode } from './commandTree.js';
import { FlagError, parseFlags, type FlagSpec, type ParsedArgs } from './flags.js';
import { TemplateError } from './format/template.js';
import { commandHelp, flagErrorText, groupHelp, rootHelp, usageLine } from './help.js';
import { networkCommands } from './commands/network.js';
import { nodeCommands } from './commands/node.js';
import { pluginCommands } from './commands/plugin.js';
import { pluginBuildCommands } from './commands/pluginCreate.js';
import { swarmCommands } from './commands/swarm.js';
import { systemCommands } from './commands/system.js';
import { volumeCommands } from './commands/volume.js';
import { serviceCommands } from './commands/service.js';
import { stackCommands } from './commands/stack.js';
import { taskCommands } from './commands/task.js';
import { inspectCommands } from './commands/inspect.js';
import { swarmObjectCommands } from './commands/swarmObjects.js';

// =============================================================================
// Registry
// =============================================================================

const registered: Command[] = [];
const builtins: readonly Command[] = [
  ...swarmCommands,
  ...nodeCommands,
  ...pluginCommands,
  ...pluginBuildCommands,
  ...volumeCommands,
  ...networkCommands,
  ...systemCommands,
  ...serviceCommands,
  ...stackCommands,
  ...taskCommands,
  ...inspectCommands,
  ...swarmObjectCommands,
];

/** Adds commands (a later command with the same path replaces an earlier one). */
export function registerCommands(cmds: readonly Command[]): void {
  registered.push(...cmds);
  tree = null;
}

/** The command tree, built once per set of registered commands: every docker line walks it. */
let tree: TreeNode | null = null;

/** What parsing a command line of one command needs, made on its first use. */
interface Parsing {
  readonly path: string;
  readonly useLine: string;
  /** Whether the command has its own -h or --help (else cobra adds --help, with -h deprecated). */
  readonly ownsH: boolean;
  readonly specs: readonly FlagSpec[];
}
const parsings = new WeakMap<TreeNode, Parsing>();

function parsingOf(node: TreeNode): Parsing {
  let p = parsings.get(node);
  if (!p) {
    const cmd = node.command!;
    const ownsH = cmd.flags.some((f) => f.short === 'h' || f.name === 'help');
    p = {
      path: `docker ${node.path.join(' ')}`,
      useLine: usageLine(cmd, node.path),
      ownsH,
      specs: ownsH ? cmd.flags : [...cmd.flags, { ...HELP_FLAG, short: 'h' }],
    };
    parsings.set(node, p);
  }
  return p;
}

/** Every known command, last registration winning per path. */
export function allCommands(): Command[] {
  const byPath = new Map<string, Command>();
  for (const c of [...builtins, ...registered]) byPath.set(c.path.join(' '), c);
  return [...byPath.values()];
}

/** Commands that print something before they need the daemon (info, version). */
const OFFLINE_OK = new Set(['info', 'version']);

// =============================================================================
// The dispatcher
// =============================================================================

class Output {
  stdout = '';
  stderr = '';
  /** Both streams in the order they were written, as a terminal shows them. */
  both = '';
  /** Println semantics: a newline is added unless the text already ends with one; '' prints nothing. */
  out = (text: string): void => {
    if (text !== '') this.raw(text.endsWith('\n') ? text : text + '\n');
  };
  err = (text: string): void => {
    if (text === '') return;
    const line = text.endsWith('\n') ? text : text + '\n';
    this.stderr += line;
    this.both += line;
  };
  raw = (text: string): void => {
    this.stdout += text;
    this.both += text;
  };
  result(exitCode: number): CommandResult {
    return { stdout: this.stdout, stderr: this.stderr, output: this.both, exitCode };
  }
}

const DAEMON_DOWN = 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?';
const HELP_FLAG: FlagSpec = { name: 'help', type: 'bool', hidden: true };

/**
 * Runs `docker <argv>` on machine `host` (created on first mention). Output
 * is what the terminal shows; a refused command changes nothing.
 */
export function runDocker(sim: Simulation, host: string, argv: string[], stdin: string | null = null, opts: DockerOptions = {}): CommandResult {
  const machine = sim.ensureMachine(host);
  const o = new Output();
  const root = (tree ??= buildTree(allCommands()));

  // Global flags before the command (HandleGlobalFlags). Only the ones that
  // print something are modelled.
  if (argv.length === 0) {
    o.err(rootHelp(root)); // root RunE: ShowHelp(stderr)
    return o.result(0);
  }
  const first = argv[0];
  if (first === '--help' || first === '-h') {
    if (first === '-h') o.err('Flag shorthand -h has been deprecated, use --help');
    o.out(rootHelp(root));
    return o.result(0);
  }
  if (first === '--version' || first === '-v') {
    o.out(`Docker version ${machine.engineVersion}, build ${CLI_BUILD.gitCommit}`);
    return o.result(0);
  }
  if (first.startsWith('-')) {
    const name = first.startsWith('--') ? `unknown flag: ${first.split('=')[0]}` : `unknown shorthand flag: '${first[1]}' in ${first}`;
    o.err(flagErrorText(name, 'docker [OPTIONS] COMMAND [ARG...]', 'docker'));
    return o.result(125);
  }

  if (first === 'help') return runHelp(sim, host, root, argv.slice(1), o);

  const [node, i] = traverse(root, argv);
  const rest = argv.slice(i);

  if (node === root) {
    o.err(`docker: unknown command: docker ${argv[0]}\n\nRun 'docker --help' for more information`);
    return o.result(1);
  }
  if (!node.command) return runGroup(node, rest, o);
  return refusedChangesNothing(sim, () => runCommand(sim, host, node, rest, stdin, o, opts));
}

/**
 * A command the daemon refuses leaves the world as it was, and that includes
 * the seeded random source: a name or ID drawn before the refusal (an unnamed
 * service, an anonymous volume) must not shift every later ID. Commands that
 * fail after a change (`service rm a missing`) keep what they drew, since
 * that change is real.
 */
function refusedChangesNothing(sim: Simulation, run: () => CommandResult): CommandResult {
  const rng = sim.world.rng.save();
  const cli = sim.world.cliRng.save();
  const changes = sim.world.changes;
  const res = run();
  if (res.exitCode !== 0 && sim.world.changes === changes) {
    sim.world.rng.restore(rng);
    sim.world.cliRng.restore(cli);
  }
  return res;
}


/** Whether help shows `swarm: manager` flags: unless a running engine reports ControlAvailable false. */
function showsManagerFlags(sim: Simulation, host: string): boolean {
  const m = sim.world.machines.get(host);
  if (!m?.running) return true;
  return sim.world.nodeOf(m)?.role === 'manager';
}

/** `docker help [COMMAND...]`: cobra's help command prints the help of a command on stdout. */
function runHelp(sim: Simulation, host: string, root: TreeNode, words: string[], o: Output): CommandResult {
  const [node, i] = traverse(root, words);
  if (i < words.length) {
    o.err(`Unknown help topic [${words.map((w) => '`' + w + '`').join(' ')}]`);
    o.err(rootHelp(root));
    return o.result(0);
  }
  o.out(node === root ? rootHelp(root) : node.command ? commandHelp(node.command, node.path, showsManagerFlags(sim, host)) : groupHelp(node));
  return o.result(0);
}

/** A management command (`docker node ...`) without a known subcommand. */
function runGroup(node: TreeNode, rest: string[], o: Output): CommandResult {
  const path = `docker ${node.path.join(' ')}`;
  const useLine = `docker ${GROUPS[node.name]?.use ?? node.name}`;
  let parsed: ParsedArgs;
  try {
    parsed = parseFlags(rest, [{ ...HELP_FLAG, short: 'h' }]);
  } catch (e) {
    if (!(e instanceof FlagError)) throw e;
    o.err(flagErrorText(e.message, useLine, path));
    return o.result(125);
  }
  if (parsed.changed.has('help')) {
    if (rest.includes('-h')) o.err('Flag shorthand -h has been deprecated, use --help');
    o.out(groupHelp(node));
    return o.result(0);
  }
  if (parsed.args.length > 0) {
    // cli.NoArgs on a command with subcommands.
    o.err(`docker: unknown command: ${path} ${parsed.args[0]}\n\nUsage:  ${useLine}\n\nRun '${path} --help' for more information`);
    return o.result(1);
  }
  o.err(groupHelp(node)); // RunE: command.ShowHelp(dockerCLI.Err())
  return o.result(0);
}

function runCommand(sim: Simulation, host: string, node: TreeNode, rest: string[], stdin: string | null, o: Output, opts: DockerOptions): CommandResult {
  const cmd = node.command!;
  const { path, useLine, ownsH, specs } = parsingOf(node);

  let parsed: ParsedArgs;
  try {
    parsed = parseFlags(rest, specs, { interspersed: cmd.interspersed });
  } catch (e) {
    if (!(e instanceof FlagError)) throw e;
    o.err(flagErrorText(e.message, useLine, path));
    return o.result(125);
  }
  try {
    cmd.checkValues?.(parsed);
  } catch (e) {
    if (!(e instanceof FlagError)) throw e;
    o.err(flagErrorText(e.message, useLine, path));
    return o.result(125);
  }
  if (!ownsH && parsed.changed.has('help')) {
    if (rest.slice(0, rest.includes('--') ? rest.indexOf('--') : undefined).some((a) => /^-[^-]*h/.test(a)))
      o.err('Flag shorthand -h has been deprecated, use --help');
    o.out(commandHelp(cmd, node.path, showsManagerFlags(sim, host)));
    return o.result(0);
  }
  const argError = checkArgs(cmd, parsed.args, path, useLine);
  if (argError) {
    o.err(argError);
    return o.result(1);
  }
  if (cmd.helpWithoutFlags && parsed.changed.size === 0) {
    o.out(commandHelp(cmd, node.path, showsManagerFlags(sim, host)));
    return o.result(0);
  }

  const ctx: CommandContext & { outRaw: (s: string) => void } = {
    sim,
    host,
    stdin,
    out: o.out,
    err: o.err,
    outRaw: (s: string) => o.raw(s),
    ask: opts.ask,
  };
  try {
    if (!sim.ensureMachine(host).running && !OFFLINE_OK.has(cmd.path.join(' ')))
      throw new DockerError(DAEMON_DOWN, false);
    if (cmd.needsManager) sim.requireManager(host);
    cmd.run(ctx, parsed);
    if (cmd.settles && parsed.flags.detach !== true) sim.settle();
    return o.result(0);
  } catch (e) {
    if (e instanceof DockerError) {
      o.err(e.display);
      return o.result(e.exitCode);
    }
    // A flag value a command validates itself (pflag Value.Set failing).
    if (e instanceof FlagError) {
      o.err(flagErrorText(e.message, useLine, path));
      return o.result(125);
    }
    // A bad --format: formatter.Context reports it as a plain error.
    if (e instanceof TemplateError) {
      o.err(e.dockerMessage);
      return o.result(1);
    }
    throw e;
  }
}

/** cli/required.go: NoArgs, RequiresMinArgs, RequiresMaxArgs, RequiresRangeArgs, ExactArgs. */
function checkArgs(cmd: Command, args: readonly string[], path: string, useLine: string): string | null {
  const min = cmd.args?.min;
  const max = cmd.args?.max;
  const n = args.length;
  const plural = (k: number): string => (k === 1 ? 'argument' : 'arguments');
  const tail = (verb: 'Run' | 'See' | 'SRun'): string => `\n\nUsage:  ${useLine}\n\n${verb} '${path} --help' for more information`;
  if (max === 0 && (min ?? 0) === 0) {
    return n === 0 ? null : `docker: '${path}' accepts no arguments${tail('Run')}`;
  }
  if (min !== undefined && max !== undefined) {
    if (n >= min && n <= max) return null;
    if (min === max) return `docker: '${path}' requires ${min} ${plural(min)}${tail('Run')}`;
    return `docker: '${path}' requires at least ${min} and at most ${max} ${plural(max)}${tail('Run')}`;
  }
  if (min !== undefined && n < min) return `docker: '${path}' requires at least ${min} ${plural(min)}${tail('See')}`;
  // cli/required.go v28.2.2 RequiresMaxArgs really prints "SRun" (a typo in that tag).
  if (max !== undefined && n > max) return `docker: '${path}' requires at most ${max} ${plural(max)}${tail('SRun')}`;
  return null;
}
