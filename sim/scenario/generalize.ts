/**
 * A command's actual output as the expected lines of a scenario, the way an
 * author would write them by hand: values that another seed or a timing
 * change would alter become `(re)` lines, everything else stays literal.
 * `swarmsim test --update` and the shell's `.save` write expectations with
 * this, so that what they write passes today and keeps passing tomorrow.
 *
 * Generalised (each match of the left column becomes the pattern on the
 * right; the rest of the line is matched literally):
 *   join tokens   SWMTKN-1-...-...                     SWMTKN-1-[0-9a-z]+-[0-9a-z]+
 *   digests, IDs  64 hex digits (plugin and container   [0-9a-f]{64}
 *                 IDs, sha256: digests)
 *   object IDs    25 letters and digits (swarm IDs)    [0-9a-z]{25}
 *   short IDs     12 letters and digits (truncated)    [0-9a-z]{12}
 *   ages          5 seconds, Less than a second,       (?:\d+|[Ll]ess than a|[Aa]bout an?) \w+
 *                 About a minute, 3 hours ...
 *   times         2024-01-01T00:00:05.5Z, Go's         \d{4}-\d\d-\d\dT[\d:.]+(?:Z|[+-]\d\d:\d\d) ...
 *                 2024-01-01 00:00:05 +0000 UTC
 *   addresses     IPv4 addresses (a port stays literal) \d+\.\d+\.\d+\.\d+
 * A 25- or 12-character word counts as an ID when it holds a digit or is
 * (a prefix of) an ID the simulation knows, so that words like
 * "successfully" stay literal.
 *
 * When a value of variable width (an age, a time, an address) is generalised
 * in a table, the column gaps of every table line of that output become ` +`:
 * tabwriter pads columns to their widest cell, so a longer age moves the
 * columns after it, in the header too.
 *
 * A line the parser would read as something else (a `#` comment, a `HOST$`
 * prompt, a literal ` (re)` ending, a final `[N]`) is written as an escaped
 * `(re)` line, so every output can be expected.
 */
import { PROMPT } from './prompt.js';

export const REGEX_SUFFIX = ' (re)';

export const PATTERNS = {
  joinToken: 'SWMTKN-1-[0-9a-z]+-[0-9a-z]+',
  hex64: '[0-9a-f]{64}',
  id25: '[0-9a-z]{25}',
  id12: '[0-9a-z]{12}',
  age: String.raw`(?:\d+|[Ll]ess than a|[Aa]bout an?) \w+`,
  rfc3339: String.raw`\d{4}-\d\d-\d\dT[\d:.]+(?:Z|[+-]\d\d:\d\d)`,
  goTime: String.raw`\d{4}-\d\d-\d\d [\d:.]+ [+-]\d{4} \w+`,
  ipv4: String.raw`\d+\.\d+\.\d+\.\d+`,
} as const;

type Kind = keyof typeof PATTERNS;

/** Kinds whose text can change width, shifting the table columns after them. */
const VARIABLE_WIDTH: ReadonlySet<Kind> = new Set<Kind>(['age', 'rfc3339', 'goTime', 'ipv4']);

/** What is recognised, in order of precedence (earlier wins where matches overlap). */
const DETECT: readonly { kind: Kind; re: RegExp }[] = [
  { kind: 'joinToken', re: /SWMTKN-1-[0-9a-z]+-[0-9a-z]+/g },
  { kind: 'rfc3339', re: /\b\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)/g },
  { kind: 'goTime', re: /\b\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)? [+-]\d{4} [A-Z]{3,4}\b/g },
  { kind: 'hex64', re: /(?<![0-9a-z])[0-9a-f]{64}(?![0-9a-z])/g },
  { kind: 'id25', re: /(?<![0-9A-Za-z_])[0-9a-z]{25}(?![0-9A-Za-z_])/g },
  { kind: 'id12', re: /(?<![0-9A-Za-z_])[0-9a-z]{12}(?![0-9A-Za-z_])/g },
  {
    kind: 'age',
    re: /\b(?:[Ll]ess than a second|[Aa]bout an? (?:minute|hour)|\d+ (?:second|minute|hour|day|week|month|year)s?)\b/g,
  },
  { kind: 'ipv4', re: /(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])/g },
];

export interface GeneralizeOptions {
  /** IDs the simulation knows (node, service, task, network, plugin, container): their 12-character prefixes count as IDs. */
  readonly knownIds?: Iterable<string>;
}

interface Match {
  start: number;
  end: number;
  kind: Kind;
}

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Lines the parser would not read back as output: a comment, a prompt, a literal " (re)" ending. */
/** Output lines a scenario would read as something else: a comment, a prompt (parse.ts PROMPT), a pattern. */
const misread = (line: string): boolean => line.startsWith('#') || PROMPT.test(line) || line.endsWith(' (re)');
const EXIT_STATUS_LINE = /^\[\d+\]$/;

/**
 * The expected lines for `output` (what the terminal showed) and `exitCode`:
 * trailing blanks removed, volatile values as `(re)` lines, and `[N]` last
 * for a non-zero status. Empty for a silent, successful command.
 */
export function expectationLines(output: string, exitCode: number, opts: GeneralizeOptions = {}): string[] {
  const lines = output.split('\n').map((l) => l.trimEnd());
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const out = generalizeLines(lines, opts);
  if (exitCode !== 0) out.push(`[${exitCode}]`);
  return out;
}

/** Each actual line (trailing blanks already trimmed) as an expected line; see the module comment. */
export function generalizeLines(lines: readonly string[], opts: GeneralizeOptions = {}): string[] {
  const known = knownPrefixes(opts.knownIds);
  const matches = lines.map((l) => findVolatile(l, known));
  const shifting = matches.some((ms) => ms.some((m) => VARIABLE_WIDTH.has(m.kind)));
  return lines.map((line, k) => {
    const last = k === lines.length - 1;
    const ms = matches[k];
    const table = shifting && /\S {2,}\S/.test(line);
    if (ms.length === 0 && !table) {
      return misread(line) || (last && EXIT_STATUS_LINE.test(line)) ? asRegexLine(escapeRegex(line)) : line;
    }
    let re = '';
    let at = 0;
    const literal = (s: string): string => (table ? s.split(/ {2,}/).map(escapeRegex).join(' +') : escapeRegex(s));
    for (const m of ms) {
      re += literal(line.slice(at, m.start)) + PATTERNS[m.kind];
      at = m.end;
    }
    re += literal(line.slice(at));
    return asRegexLine(re);
  });
}

/** `PATTERN (re)`; a "#" first would make a comment of it (escapeRegex leaves "#" alone). */
const asRegexLine = (re: string): string => (re.startsWith('#') ? '\\' + re : re) + REGEX_SUFFIX;

function knownPrefixes(ids: Iterable<string> | undefined): ReadonlySet<string> {
  const out = new Set<string>();
  for (const id of ids ?? []) if (id.length >= 12) out.add(id.slice(0, 12));
  return out;
}

/** The volatile values of a line, in order and without overlaps. */
function findVolatile(line: string, known: ReadonlySet<string>): Match[] {
  const found: Match[] = [];
  for (const { kind, re } of DETECT) {
    re.lastIndex = 0;
    for (let m = re.exec(line); m !== null; m = re.exec(line)) {
      const text = m[0];
      if ((kind === 'id12' || kind === 'id25') && !/\d/.test(text) && !known.has(text.slice(0, 12))) continue;
      const start = m.index;
      const end = start + text.length;
      if (found.some((f) => start < f.end && f.start < end)) continue;
      found.push({ start, end, kind });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}
