/**
 * `docker ARGS` typed on one machine: finds the command, parses its flags,
 * checks its arguments and runs it, with the texts and exit statuses of the
 * real CLI (docker/cli cmd/docker/docker.go, cli/cobra.go, cli/required.go,
 * cobra's command.go and pflag's usage printer).
 *
 * Besides the dispatcher this module exports the small helpers every command
 * module shares (filters, list/inspect output, prompts, Go-style JSON and
 * time). Command modules import them from here; the registry is built lazily
 * so that this import cycle is harmless.
 */
import { DockerError } from '../errors.js';
import type { Simulation } from '../simulation.js';
import { ENGINE_VERSION } from '../simulation.js';
import type { Command, CommandContext, CommandResult, DockerOptions } from './command.js';
import { FlagError, parseFlags, type FlagSpec, type FlagValue, type ParsedArgs } from './flags.js';
import { executeTemplate, GO_STRING, GO_TYPE, parseFormat, renderRows, TemplateError } from './format/template.js';
import { goQuote } from './format/text.js';
import { searchPattern } from '../linearRegex.js';
import { networkCommands } from './commands/network.js';
import { nodeCommands } from './commands/node.js';
import { pluginCommands } from './commands/plugin.js';
import { swarmCommands } from './commands/swarm.js';
import { systemCommands } from './commands/system.js';
import { volumeCommands } from './commands/volume.js';
import { serviceCommands } from './commands/service.js';
import { stackCommands } from './commands/stack.js';
import { taskCommands } from './commands/task.js';
import { inspectCommands } from './commands/inspect.js';

// =============================================================================
// Registry
// =============================================================================

const registered: Command[] = [];
let builtins: readonly Command[] | null = null;
/** The command tree, built once per set of registered commands: every docker line walks it. */
let tree: TreeNode | null = null;

/** Adds commands (a later command with the same path replaces an earlier one). */
export function registerCommands(cmds: readonly Command[]): void {
  registered.push(...cmds);
  tree = null;
}

/** Every known command, last registration winning per path. */
export function allCommands(): Command[] {
  // Built on first use, not at module load: command modules import helpers
  // from this module, and their arrays may not be initialised yet while the
  // import cycle is being evaluated.
  builtins ??= [
    ...swarmCommands,
    ...nodeCommands,
    ...pluginCommands,
    ...volumeCommands,
    ...networkCommands,
    ...systemCommands,
    ...serviceCommands,
    ...stackCommands,
    ...taskCommands,
    ...inspectCommands,
  ];
  const byPath = new Map<string, Command>();
  for (const c of [...builtins, ...registered]) byPath.set(c.path.join(' '), c);
  return [...byPath.values()];
}

/** Short descriptions of the command groups (docker/cli cli/command/<group>/cmd.go). */
const GROUPS: Record<string, { short: string; use?: string }> = {
  container: { short: 'Manage containers' },
  network: { short: 'Manage networks' },
  node: { short: 'Manage Swarm nodes' },
  plugin: { short: 'Manage plugins' },
  service: { short: 'Manage Swarm services' },
  stack: { short: 'Manage Swarm stacks' },
  swarm: { short: 'Manage Swarm' },
  system: { short: 'Manage Docker' },
  // volume/cmd.go declares `Use: "volume COMMAND"`, which shows in its usage line.
  volume: { short: 'Manage volumes', use: 'volume COMMAND' },
};
/** Groups listed under "Swarm Commands" in the root help (annotation "swarm"). */
const SWARM_GROUPS = new Set(['node', 'service', 'stack', 'swarm']);

/** cobra `Aliases` of leaf commands (the last path word). */
const ALIASES: Record<string, readonly string[]> = {
  'network ls': ['list'],
  'network rm': ['remove'],
  'node ls': ['list'],
  'node rm': ['remove'],
  'plugin ls': ['list'],
  'plugin rm': ['remove'],
  'service ls': ['list'],
  'service rm': ['remove'],
  'stack deploy': ['up'],
  'stack ls': ['list'],
  'stack rm': ['remove', 'down'],
  'volume ls': ['list'],
  'volume rm': ['remove'],
  'container ls': ['list', 'ps'],
};
/** Commands reachable under two paths (annotation "aliases" in docker/cli). */
const PATH_ALIASES: Record<string, string> = {
  'system info': 'info',
  'container ls': 'ps',
  'container list': 'ps',
  'container ps': 'ps',
};
const ANNOTATED_ALIASES: Record<string, string> = {
  info: 'docker system info, docker info',
  ps: 'docker container ls, docker container list, docker container ps, docker ps',
};
/** Root-help "Common Commands" (annotation "category-top"), in their order. */
const TOP_COMMANDS = ['ps', 'version', 'info'];
/** Commands that print something before they need the daemon (info, version). */
const OFFLINE_OK = new Set(['info', 'version']);

interface TreeNode {
  name: string;
  path: string[];
  command?: Command;
  children: Map<string, TreeNode>;
  /** What parsing a command line of this command needs, made on first use. */
  parsing?: Parsing;
}

interface Parsing {
  readonly path: string;
  readonly useLine: string;
  /** Whether the command has its own -h or --help (else cobra adds --help, with -h deprecated). */
  readonly ownsH: boolean;
  readonly specs: readonly FlagSpec[];
}

function parsingOf(cmd: Command, path: readonly string[]): Parsing {
  const ownsH = cmd.flags.some((f) => f.short === 'h' || f.name === 'help');
  return {
    path: `docker ${path.join(' ')}`,
    useLine: usageLine(cmd, path),
    ownsH,
    specs: ownsH ? cmd.flags : [...cmd.flags, { ...HELP_FLAG, short: 'h' }],
  };
}

function buildTree(cmds: readonly Command[]): TreeNode {
  const root: TreeNode = { name: 'docker', path: [], children: new Map() };
  const add = (path: readonly string[], cmd: Command): void => {
    let node = root;
    path.forEach((w, i) => {
      let next = node.children.get(w);
      if (!next) {
        next = { name: w, path: path.slice(0, i + 1), children: new Map() };
        node.children.set(w, next);
      }
      node = next;
    });
    node.command ??= cmd;
  };
  for (const c of cmds) add(c.path, c);
  const have = new Set(cmds.map((c) => c.path.join(' ')));
  for (const [alias, target] of Object.entries(PATH_ALIASES)) {
    const cmd = cmds.find((c) => c.path.join(' ') === target);
    if (cmd && !have.has(alias)) add(alias.split(' '), cmd);
  }
  return root;
}

/** cobra findNext: a child by name or alias. */
function findChild(node: TreeNode, word: string): TreeNode | undefined {
  const direct = node.children.get(word);
  if (direct) return direct;
  for (const child of node.children.values()) {
    if ((ALIASES[child.path.join(' ')] ?? []).includes(word)) return child;
  }
  return undefined;
}

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

  if (first === 'help') return runHelp(root, argv.slice(1), o);

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

/** cobra Traverse: follows command words while they name a child; returns the node and where its arguments start. */
function traverse(root: TreeNode, argv: readonly string[]): [TreeNode, number] {
  let node = root;
  let i = 0;
  while (i < argv.length && !argv[i].startsWith('-')) {
    const next = findChild(node, argv[i]);
    if (!next) break;
    node = next;
    i++;
  }
  return [node, i];
}

/** `docker help [COMMAND...]`: cobra's help command prints the help of a command on stdout. */
function runHelp(root: TreeNode, words: string[], o: Output): CommandResult {
  const [node, i] = traverse(root, words);
  if (i < words.length) {
    o.err(`Unknown help topic [${words.map((w) => '`' + w + '`').join(' ')}]`);
    o.err(rootHelp(root));
    return o.result(0);
  }
  o.out(node === root ? rootHelp(root) : node.command ? commandHelp(node.command, node.path) : groupHelp(node));
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
  const { path, useLine, ownsH, specs } = (node.parsing ??= parsingOf(cmd, node.path));

  let parsed: ParsedArgs;
  try {
    parsed = parseFlags(rest, specs, { interspersed: cmd.interspersed });
  } catch (e) {
    if (!(e instanceof FlagError)) throw e;
    o.err(flagErrorText(e.message, useLine, path));
    return o.result(125);
  }
  if (!ownsH && parsed.changed.has('help')) {
    if (rest.slice(0, rest.includes('--') ? rest.indexOf('--') : undefined).some((a) => /^-[^-]*h/.test(a)))
      o.err('Flag shorthand -h has been deprecated, use --help');
    o.out(commandHelp(cmd, node.path));
    return o.result(0);
  }
  const argError = checkArgs(cmd, parsed.args, path, useLine);
  if (argError) {
    o.err(argError);
    return o.result(1);
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

/** cli/cobra.go FlagErrorFunc. */
function flagErrorText(message: string, useLine: string, path: string): string {
  return `${message}\n\nUsage:  ${useLine}\n\nRun '${path} --help' for more information`;
}

/** cli/required.go: NoArgs, RequiresMinArgs, RequiresMaxArgs, RequiresRangeArgs, ExactArgs. */
function checkArgs(cmd: Command, args: readonly string[], path: string, useLine: string): string | null {
  const min = cmd.args?.min;
  const max = cmd.args?.max;
  const n = args.length;
  const plural = (k: number): string => (k === 1 ? 'argument' : 'arguments');
  const tail = (verb: 'Run' | 'See'): string => `\n\nUsage:  ${useLine}\n\n${verb} '${path} --help' for more information`;
  if (max === 0 && (min ?? 0) === 0) {
    return n === 0 ? null : `docker: '${path}' accepts no arguments${tail('Run')}`;
  }
  if (min !== undefined && max !== undefined) {
    if (n >= min && n <= max) return null;
    if (min === max) return `docker: '${path}' requires ${min} ${plural(min)}${tail('Run')}`;
    return `docker: '${path}' requires at least ${min} and at most ${max} ${plural(max)}${tail('Run')}`;
  }
  if (min !== undefined && n < min) return `docker: '${path}' requires at least ${min} ${plural(min)}${tail('See')}`;
  if (max !== undefined && n > max) return `docker: '${path}' requires at most ${max} ${plural(max)}${tail('Run')}`;
  return null;
}

// =============================================================================
// Help (cli/cobra.go usageTemplate, pflag FlagUsagesWrapped)
// =============================================================================

/**
 * A flag as `--help` shows it. pflag prints the value's Type() (docker's
 * option types: `list`, `filter`, `map`, `mount`, ...) and its DefValue,
 * which FlagSpec does not carry: commands may add them.
 */
export interface HelpFlag extends FlagSpec {
  /** pflag Value.Type(): `filter`, `list`, `map`, `node-addr`, `uint32`... Defaults from `type`. */
  readonly typeName?: string;
  /** What `(default ...)` shows, exactly (`"active"`, `5s`, `map[]`); null hides it. Defaults from `default`. */
  readonly shownDefault?: string | null;
  /** pflag MarkShorthandDeprecated: the shorthand parses but is not shown. */
  readonly shorthandDeprecated?: boolean;
}

/** The usage line as `docker <path> ...`, whatever form the command wrote it in. */
function usageLine(cmd: Command, path: readonly string[]): string {
  let use = cmd.usage.replace(/^docker /, '');
  const full = path.join(' ');
  if (use === full || use.startsWith(full + ' ')) return `docker ${use}`;
  const last = path[path.length - 1];
  if (use === last || use.startsWith(last + ' ')) use = [...path.slice(0, -1), use].join(' ');
  else use = `${full} ${use}`;
  return `docker ${use}`;
}

function commandHelp(cmd: Command, path: readonly string[]): string {
  const key = path.join(' ');
  // cobra shows Long when a command has one (a Command may carry `long`), else Short.
  const long = (cmd as Command & { long?: string }).long;
  let s = `Usage:  ${usageLine(cmd, path)}\n\n${(long || cmd.summary).trim()}`;
  const aliases = ANNOTATED_ALIASES[key] ?? (ALIASES[key] ? [`docker ${key}`, ...ALIASES[key].map((a) => `docker ${[...path.slice(0, -1), a].join(' ')}`)].join(', ') : '');
  if (aliases) s += `\n\nAliases:\n  ${aliases}`;
  const flags = flagUsages(cmd.flags).trimEnd();
  if (flags) s += `\n\nOptions:\n${flags}`;
  return s + '\n';
}

function groupHelp(node: TreeNode): string {
  const path = `docker ${node.path.join(' ')}`;
  let s = `Usage:  ${path} COMMAND\n\n${GROUPS[node.name]?.short ?? ''}\n\nCommands:`;
  const names = [...node.children.keys()].filter((n) => node.children.get(n)!.command).sort();
  for (const n of names) s += `\n  ${n.padEnd(11)} ${node.children.get(n)!.command!.summary}`;
  return s + `\n\nRun '${path} COMMAND --help' for more information on a command.\n`;
}

/**
 * The root help, reduced to the commands the simulator has (docker's lists
 * every command and the global options, which are not modelled).
 */
function rootHelp(root: TreeNode): string {
  const line = (name: string, short: string): string => `\n  ${(name + ' ').padEnd(12)}${short}`;
  let s = 'Usage:  docker [OPTIONS] COMMAND\n\nA self-sufficient runtime for containers';
  const top = TOP_COMMANDS.filter((n) => root.children.get(n)?.command);
  if (top.length) s += '\n\nCommon Commands:' + top.map((n) => line(n, root.children.get(n)!.command!.summary)).join('');
  const groups = [...root.children.values()].filter((n) => !n.command).sort((a, b) => (a.name < b.name ? -1 : 1));
  const mgmt = groups.filter((g) => !SWARM_GROUPS.has(g.name));
  const swarm = groups.filter((g) => SWARM_GROUPS.has(g.name));
  if (mgmt.length) s += '\n\nManagement Commands:' + mgmt.map((g) => line(g.name, GROUPS[g.name]?.short ?? '')).join('');
  if (swarm.length) s += '\n\nSwarm Commands:' + swarm.map((g) => line(g.name, GROUPS[g.name]?.short ?? '')).join('');
  const others = [...root.children.values()].filter((n) => n.command && !TOP_COMMANDS.includes(n.name));
  if (others.length) s += '\n\nCommands:' + others.map((n) => `\n  ${n.name.padEnd(11)} ${n.command!.summary}`).join('');
  s += "\n\nRun 'docker COMMAND --help' for more information on a command.";
  return s + '\n\nFor more help on how to use Docker, head to https://docs.docker.com/go/guides/\n';
}

const TYPE_NAMES: Record<FlagSpec['type'], string> = {
  bool: '',
  string: 'string',
  int: 'int',
  uint: 'uint',
  float: 'float',
  list: 'list',
  duration: 'duration',
};

function shownDefault(f: HelpFlag): string | null {
  if (f.shownDefault !== undefined) return f.shownDefault;
  const d = f.default;
  if (d === undefined) return null;
  switch (f.type) {
    case 'string':
      return d === '' ? null : goQuote(String(d));
    case 'bool':
      return d === true ? 'true' : null;
    case 'list':
      return Array.isArray(d) && d.length > 0 ? `[${d.join(' ')}]` : null;
    case 'duration':
      return d === '0s' || d === '0' || d === '' ? null : String(d);
    default:
      return d === 0 || d === '0' ? null : String(d);
  }
}

/** pflag (*FlagSet).FlagUsagesWrapped(79): an 80-column terminal, as when output is not a tty. */
export function flagUsages(specs: readonly FlagSpec[], cols = 79): string {
  const lines: string[] = [];
  let maxlen = 0;
  const sorted = [...(specs as readonly HelpFlag[])].filter((f) => !f.hidden).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const f of sorted) {
    let line = f.short && !f.shorthandDeprecated ? `  -${f.short}, --${f.name}` : `      --${f.name}`;
    let usage = f.help ?? '';
    let varname = f.typeName ?? TYPE_NAMES[f.type];
    const bq = /`([^`]*)`/.exec(usage); // UnquoteUsage
    if (bq) {
      varname = bq[1];
      usage = usage.slice(0, bq.index) + bq[1] + usage.slice(bq.index + bq[0].length);
    }
    if (varname) line += ' ' + varname;
    line += '\x00';
    maxlen = Math.max(maxlen, line.length);
    const def = shownDefault(f);
    if (def !== null) usage += ` (default ${def})`;
    lines.push(line + usage);
  }
  return lines
    .map((line) => {
      const sidx = line.indexOf('\x00');
      return `${line.slice(0, sidx)} ${' '.repeat(maxlen - sidx)} ${wrap(maxlen + 2, cols, line.slice(sidx + 1))}\n`;
    })
    .join('');
}

/** pflag wrapN. */
function wrapN(i: number, slop: number, s: string): [string, string] {
  if (i + slop > s.length) return [s, ''];
  const head = s.slice(0, i);
  const w = Math.max(head.lastIndexOf(' '), head.lastIndexOf('\t'), head.lastIndexOf('\n'));
  if (w <= 0) return [s, ''];
  const nl = head.lastIndexOf('\n');
  if (nl > 0 && nl < w) return [s.slice(0, nl), s.slice(nl + 1)];
  return [s.slice(0, w), s.slice(w + 1)];
}

/** pflag wrap: wraps `s` to width `w` with indent `i` (first line not indented). */
function wrap(i: number, w: number, s: string): string {
  if (w === 0) return s.replaceAll('\n', '\n' + ' '.repeat(i));
  let width = w - i;
  let r = '';
  if (width < 24) {
    i = 16;
    width = w - i;
    r += '\n' + ' '.repeat(i);
  }
  if (width < 24) return s.replaceAll('\n', r);
  const slop = 5;
  width -= slop;
  let [l, rest] = wrapN(width, slop, s);
  r += l.replaceAll('\n', '\n' + ' '.repeat(i));
  while (rest !== '') {
    let t: string;
    [t, rest] = wrapN(width, slop, rest);
    r += '\n' + ' '.repeat(i) + t.replaceAll('\n', '\n' + ' '.repeat(i));
  }
  return r;
}

// =============================================================================
// Shared helpers for command modules
// =============================================================================

/** What `docker version` reports about the build (docker 27.3.1's published values). */
export const CLI_BUILD = {
  version: ENGINE_VERSION,
  apiVersion: '1.47',
  minApiVersion: '1.24',
  goVersion: 'go1.22.7',
  gitCommit: 'ce12230',
  engineGitCommit: '41ca978',
  buildTime: 'Fri Sep 20 11:41:00 2024',
  platform: 'Docker Engine - Community',
} as const;

/**
 * cli/flags/options.go FormatHelp: the --format help of listing commands.
 * A function declaration, not a const: command modules use it while their
 * flag tables are built, which can happen before this module has run (the
 * import cycle), and only hoisted functions are usable then.
 */
export function formatHelp(): string {
  return (
    'Format output using a custom template:\n' +
    "'table':            Print output in table format with column headers (default)\n" +
    "'table TEMPLATE':   Print output in table format using the given Go template\n" +
    "'json':             Print in JSON format\n" +
    "'TEMPLATE':         Print output using the given Go template.\n" +
    'Refer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates'
  );
}

/** cli/flags/options.go InspectFormatHelp: the --format help of inspect commands (hoisted, as formatHelp). */
export function inspectFormatHelp(): string {
  return (
    'Format output using a custom template:\n' +
    "'json':             Print in JSON format\n" +
    "'TEMPLATE':         Print output using the given Go template.\n" +
    'Refer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates'
  );
}

/** A pflag "invalid argument" error for a value a command validates itself (exit 125). */
export function invalidFlagValue(specs: readonly FlagSpec[], name: string, raw: string, why: string): FlagError {
  const f = specs.find((s) => s.name === name);
  const shown = f?.short ? `-${f.short}, --${name}` : `--${name}`;
  return new FlagError(`invalid argument "${raw}" for "${shown}" flag: ${why}`);
}

/** opts.ConvertKVStringsToMap: `k=v` pairs; a bare `k` maps to "". */
export function kvMap(list: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of list) {
    const eq = s.indexOf('=');
    if (eq < 0) out[s] = '';
    else out[s.slice(0, eq)] = s.slice(eq + 1);
  }
  return out;
}

/** opts.ValidateLabel, as a flag validator (throws the pflag error). */
export function validateLabels(specs: readonly FlagSpec[], name: string, values: readonly string[]): void {
  for (const v of values) {
    const key = v.split('=')[0].replace(/^[ \t]+/, '');
    if (key === '') throw invalidFlagValue(specs, name, v, `invalid label '${v}': empty name`);
    if (/[ \t]/.test(key)) throw invalidFlagValue(specs, name, v, `label '${key}' contains whitespaces`);
  }
}

/** fvbommel/sortorder NaturalLess (docker sorts listings with it). */
export function naturalLess(a: string, b: string): boolean {
  const digit = (c: number): boolean => c >= 48 && c <= 57;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const c1 = a.charCodeAt(i);
    const c2 = b.charCodeAt(j);
    const d1 = digit(c1);
    const d2 = digit(c2);
    if (d1 !== d2) return d1;
    if (!d1) {
      if (c1 !== c2) return c1 < c2;
      i++;
      j++;
      continue;
    }
    while (i < a.length && a[i] === '0') i++;
    while (j < b.length && b[j] === '0') j++;
    const nz1 = i;
    const nz2 = j;
    while (i < a.length && digit(a.charCodeAt(i))) i++;
    while (j < b.length && digit(b.charCodeAt(j))) j++;
    if (i - nz1 !== j - nz2) return i - nz1 < j - nz2;
    const n1 = a.slice(nz1, i);
    const n2 = b.slice(nz2, j);
    if (n1 !== n2) return n1 < n2;
    if (nz1 !== nz2) return nz1 < nz2;
  }
  return a.length < b.length;
}

/** Stable natural sort by a key. */
export function naturalSort<T>(items: readonly T[], key: (t: T) => string): T[] {
  return [...items].sort((x, y) => (naturalLess(key(x), key(y)) ? -1 : naturalLess(key(y), key(x)) ? 1 : 0));
}

/**
 * Daemon-side filters (moby daemon/internal/filters): key -> set of values,
 * parsed from `--filter` values the way opts.FilterOpt does.
 */
export class Filters {
  readonly fields = new Map<string, Set<string>>();

  /** opts.FilterOpt.Set for each `--filter` value; a value without `=` is a flag error. */
  static parse(specs: readonly FlagSpec[], values: readonly string[], flag = 'filter'): Filters {
    const f = new Filters();
    for (const v of values) {
      if (v === '') continue;
      const eq = v.indexOf('=');
      if (eq < 0) throw invalidFlagValue(specs, flag, v, 'bad format of filter (expected name=value)');
      const name = v.slice(0, eq).trim().toLowerCase();
      const set = f.fields.get(name) ?? new Set<string>();
      set.add(v.slice(eq + 1).trim());
      f.fields.set(name, set);
    }
    return f;
  }

  /** Args.Validate: `invalid filter 'x'` (a daemon error). */
  validate(accepted: readonly string[]): void {
    for (const k of this.fields.keys()) if (!accepted.includes(k)) throw new DockerError(`invalid filter '${k}'`);
  }

  contains(key: string): boolean {
    return this.fields.has(key);
  }

  get(key: string): string[] {
    return [...(this.fields.get(key) ?? [])];
  }

  exactMatch(key: string, source: string): boolean {
    const vals = this.fields.get(key);
    return !vals || vals.size === 0 || vals.has(source);
  }

  /** Args.Match: exact, or the value as an (unanchored) regular expression. */
  match(key: string, source: string): boolean {
    if (this.exactMatch(key, source)) return true;
    for (const v of this.fields.get(key) ?? []) {
      // Go skips values that do not compile; it matches in linear time (RE2), and so must this.
      if (searchPattern(v)?.test(source)) return true;
    }
    return false;
  }

  fuzzyMatch(key: string, source: string): boolean {
    if (this.exactMatch(key, source)) return true;
    return [...(this.fields.get(key) ?? [])].some((p) => source.startsWith(p));
  }

  /** Args.GetBoolOrDefault. */
  getBool(key: string, def: boolean): boolean {
    const vals = this.fields.get(key);
    if (!vals) return def;
    const isFalse = vals.has('0') || vals.has('false');
    const isTrue = vals.has('1') || vals.has('true');
    if (vals.size === 0 || isFalse === isTrue) throw new DockerError(`invalid filter '${key}=[${this.get(key).join(' ')}]'`);
    return isTrue;
  }

  /** Args.MatchKVList: every `k` or `k=v` value must be in `sources`. */
  matchKVList(key: string, sources: Readonly<Record<string, string>>): boolean {
    const vals = this.fields.get(key);
    if (!vals || vals.size === 0) return true;
    if (Object.keys(sources).length === 0) return false;
    for (const v of vals) {
      const eq = v.indexOf('=');
      const k = eq < 0 ? v : v.slice(0, eq);
      if (!(k in sources)) return false;
      if (eq >= 0 && sources[k] !== v.slice(eq + 1)) return false;
    }
    return true;
  }
}

/** The formats a listing command knows (its newFormat in docker/cli). */
export interface ListFormats {
  readonly table: string;
  readonly quiet: string;
  readonly raw?: string;
  readonly rawQuiet?: string;
}

/**
 * Prints rows the way a docker listing does: `--format` empty or `table`
 * picks the default table (or the quiet format with -q), `raw` the raw
 * format, anything else is a Go template.
 */
export function writeList(
  ctx: CommandContext,
  format: string,
  quiet: boolean,
  formats: ListFormats,
  rows: readonly object[],
  headers: Readonly<Record<string, string>>,
  typeName?: string,
): void {
  let f = format;
  if (f === '' || f === 'table') f = quiet ? formats.quiet : formats.table;
  else if (f === 'raw' && formats.raw) f = quiet ? (formats.rawQuiet ?? formats.raw) : formats.raw;
  ctx.out(renderRows(f, rows, headers, { typeName }));
}

/**
 * cli/command/inspect Inspect: an indented JSON array by default, compact
 * JSON for `json`, else the template once per object. Objects that cannot be
 * found are reported together after the others are printed (exit 1); a
 * malformed template is exit 64.
 */
export function writeInspect(ctx: CommandContext, refs: readonly string[], format: string, get: (ref: string) => object): void {
  if (format !== '' && format !== 'json') {
    try {
      parseFormat(format);
    } catch (e) {
      if (e instanceof TemplateError) throw new DockerError(e.dockerMessage, false, 64);
      throw e;
    }
  }
  const found: object[] = [];
  const errors: string[] = [];
  let text = '';
  for (const ref of refs) {
    let obj: object;
    try {
      obj = get(ref);
    } catch (e) {
      if (e instanceof DockerError) {
        errors.push(e.display);
        continue;
      }
      throw e;
    }
    if (format === '' || format === 'json') found.push(obj);
    else {
      try {
        text += executeTemplate(format, obj) + '\n';
      } catch (e) {
        if (!(e instanceof TemplateError)) throw e;
        errors.push(e.dockerMessage);
      }
    }
  }
  if (format === '') ctx.out(found.length ? goJSON(found, '    ') : '[]');
  else if (format === 'json') ctx.out(found.length ? goJSON(found) : '[]');
  else ctx.out(text === '' ? '\n' : text);
  if (errors.length) throw new DockerError(errors.join('\n'), false);
}

/**
 * encoding/json: Marshal or MarshalIndent, with Go's HTML-safe escapes. A
 * `Map` is a Go map: its keys are written sorted (and templates see it as a
 * map, where a missing key is `<no value>` rather than an error).
 */
export function goJSON(v: unknown, indent?: string): string {
  const replacer = (_k: string, val: unknown): unknown =>
    val instanceof Map ? Object.fromEntries([...val.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : val;
  return JSON.stringify(v, replacer, indent)
    .replace(/[<>&\u2028\u2029]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

/**
 * Virtual wall clock: simulated time 0 is this instant (2024-06-01T12:00:00Z),
 * so that printed dates are fixed for a given run.
 */
export const SIM_EPOCH_MS = 1_717_243_200_000;

function civil(simMs: number): { date: string; time: string; frac: string } {
  // Whole and fractional milliseconds apart: epoch nanoseconds exceed a double's exact range.
  const whole = Math.floor(simMs);
  const ms = SIM_EPOCH_MS + whole;
  const nanos = Math.min(999_999, Math.round((simMs - whole) * 1e6));
  const days = Math.floor(ms / 86_400_000);
  const secOfDay = Math.floor((ms - days * 86_400_000) / 1000);
  const msPart = ms - days * 86_400_000 - secOfDay * 1000;
  // Howard Hinnant's civil_from_days.
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  const p2 = (n: number): string => String(n).padStart(2, '0');
  const frac = (String(msPart).padStart(3, '0') + String(nanos).padStart(6, '0')).replace(/0+$/, '');
  return {
    date: `${String(y).padStart(4, '0')}-${p2(m)}-${p2(d)}`,
    time: `${p2(Math.floor(secOfDay / 3600))}:${p2(Math.floor(secOfDay / 60) % 60)}:${p2(secOfDay % 60)}`,
    frac: frac ? '.' + frac : '',
  };
}

/** A simulated instant as Go's time.Time marshals to JSON (RFC 3339 with nanoseconds, UTC). */
export function goTime(simMs: number): string {
  const c = civil(simMs);
  return `${c.date}T${c.time}${c.frac}Z`;
}

/**
 * A time.Time in an inspect object: its JSON is RFC 3339 with nanoseconds,
 * and a template prints it as Go's String() does (`2024-06-01 12:00:01.3 +0000 UTC`).
 */
export class GoTime {
  readonly [GO_TYPE] = 'time.Time';
  readonly #simMs: number;
  constructor(simMs: number) {
    this.#simMs = simMs;
  }
  toJSON(): string {
    return goTime(this.#simMs);
  }
  [GO_STRING](): string {
    return goTimeString(this.#simMs);
  }
}

/** A simulated instant as Go's time.Time.String() prints it in UTC. */
export function goTimeString(simMs: number): string {
  const c = civil(simMs);
  return `${c.date} ${c.time}${c.frac} +0000 UTC`;
}

const stdinCursor = new WeakMap<CommandContext, number>();

/**
 * internal/prompt Confirm: prints `<message> [y/N] ` and reads one line.
 * Without stdin the answer is `y`, typed at the terminal and so echoed
 * (the documents' transcripts show it), unless an interactive front end
 * asks a person (ctx.ask); with stdin the answer comes from the next line of
 * it, unechoed, as from a pipe. End of input answers no.
 */
export function confirm(ctx: CommandContext, message: string): boolean {
  const prompt = `${message} [y/N] `;
  if (ctx.stdin === null && ctx.ask) {
    const typed = ctx.ask(prompt);
    if (typed === null) {
      promptNoNewline(ctx, prompt);
      return false;
    }
    // The terminal echoes what was typed, and the newline that ended it.
    ctx.out(prompt + typed);
    return typed.trim().toLowerCase() === 'y';
  }
  if (ctx.stdin === null) {
    ctx.out(prompt + 'y');
    return true;
  }
  const lines = ctx.stdin.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const at = stdinCursor.get(ctx) ?? 0;
  stdinCursor.set(ctx, at + 1);
  // The prompt has no newline: with piped input the next output follows on the same line.
  promptNoNewline(ctx, prompt);
  const answer = at < lines.length ? lines[at].trim() : null;
  return answer !== null && answer.toLowerCase() === 'y';
}

/** Writes text without the newline ctx.out adds (prompts). */
function promptNoNewline(ctx: CommandContext, text: string): void {
  const raw = (ctx as CommandContext & { outRaw?: (s: string) => void }).outRaw;
  if (raw) raw(text);
  else ctx.out(text);
}

/** Flag value helpers: ParsedArgs holds a union; these narrow it. */
export const flagStr = (a: ParsedArgs, name: string): string => String(a.flags[name] ?? '');
export const flagBool = (a: ParsedArgs, name: string): boolean => a.flags[name] === true;
export const flagList = (a: ParsedArgs, name: string): string[] => (Array.isArray(a.flags[name]) ? (a.flags[name] as string[]) : []);
export const flagNum = (a: ParsedArgs, name: string): number => Number(a.flags[name] as FlagValue);
