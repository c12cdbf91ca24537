/**
 * What `--help` and a usage error print: usage lines, command, group and
 * root help (docker/cli cli/cobra.go usageTemplate and FlagErrorFunc), and
 * pflag's flag table (FlagUsagesWrapped).
 */
import type { Command } from './command.js';
import { ALIASES, ANNOTATED_ALIASES, GROUPS, SWARM_GROUPS, TOP_COMMANDS, type TreeNode } from './commandTree.js';
import type { FlagSpec } from './flags.js';
import { goQuote } from './format/text.js';

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
  /** The `swarm: manager` annotation: hidden when the engine says it is not a manager. */
  readonly managerOnly?: boolean;
}


/** cli/cobra.go FlagErrorFunc. */
export function flagErrorText(message: string, useLine: string, path: string): string {
  return `${message}\n\nUsage:  ${useLine}\n\nRun '${path} --help' for more information`;
}

/** The usage line as `docker <path> ...`, whatever form the command wrote it in. */
export function usageLine(cmd: Command, path: readonly string[]): string {
  let use = cmd.usage.replace(/^docker /, '');
  const full = path.join(' ');
  if (use === full || use.startsWith(full + ' ')) return `docker ${use}`;
  const last = path[path.length - 1];
  if (use === last || use.startsWith(last + ' ')) use = [...path.slice(0, -1), use].join(' ');
  else use = `${full} ${use}`;
  return `docker ${use}`;
}

/**
 * `managerFlags` false hides `swarm: manager` flags, as cmd/docker/docker.go
 * (v28.2.2) hideUnsupportedFeatures does when the engine reports no control
 * plane; with no engine to ask, nothing is hidden.
 */
export function commandHelp(cmd: Command, path: readonly string[], managerFlags = true): string {
  const key = path.join(' ');
  // cobra shows Long when a command has one (a Command may carry `long`), else Short.
  const long = (cmd as Command & { long?: string }).long;
  let s = `Usage:  ${usageLine(cmd, path)}\n\n${(long || cmd.summary).trim()}`;
  const aliases = ANNOTATED_ALIASES[key] ?? (ALIASES[key] ? [`docker ${key}`, ...ALIASES[key].map((a) => `docker ${[...path.slice(0, -1), a].join(' ')}`)].join(', ') : '');
  if (aliases) s += `\n\nAliases:\n  ${aliases}`;
  const shown = managerFlags ? cmd.flags : (cmd.flags as readonly HelpFlag[]).filter((f) => !f.managerOnly);
  const flags = flagUsages(shown).trimEnd();
  if (flags) s += `\n\nOptions:\n${flags}`;
  return s + '\n';
}

export function groupHelp(node: TreeNode): string {
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
export function rootHelp(root: TreeNode): string {
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

/** The --filter of listing commands: opts.FilterOpt, whose pflag type is "filter". */
export const FILTER_FLAG: HelpFlag = { name: 'filter', short: 'f', type: 'list', typeName: 'filter', help: 'Filter output based on conditions provided' };

/**
 * cli/flags/options.go FormatHelp: the --format help of listing commands.
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

/** cli/flags/options.go InspectFormatHelp: the --format help of inspect commands. */
export function inspectFormatHelp(): string {
  return (
    'Format output using a custom template:\n' +
    "'json':             Print in JSON format\n" +
    "'TEMPLATE':         Print output using the given Go template.\n" +
    'Refer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates'
  );
}
