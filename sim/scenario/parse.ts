/**
 * Parser of `.swarm` scenario files: transcripts of docker commands typed on
 * named machines, with their expected output.
 *
 * Line kinds, decided by the first characters of a line:
 *   - `HOST$ ...`  a step: a docker command on HOST, or a directive when HOST is `sim`;
 *   - `#...`       a comment (only in column 1: an indented `#` is output);
 *   - anything else after a step is that step's expected output, up to the
 *     next step or comment; elsewhere, a non-blank line is an error.
 *
 * Choices the format leaves open, made here:
 *   - a comment ends the previous step's output, so a non-blank line after a
 *     comment and before the next step is an error, not output;
 *   - comments after the last step narrate nothing and are dropped;
 *   - here-document bodies are taken literally whatever the delimiter's
 *     quoting (no expansion is supported anywhere), and the closing
 *     delimiter line may carry trailing whitespace;
 *   - `(re)` patterns are JavaScript's syntax without flags, matched in time
 *     linear in the line (no backreferences or lookaround; see sim/linearRegex.ts);
 *   - `[N]` needs 0 <= N <= 255, the range of a process exit status.
 *
 * parseScenario reports every error of the file in one ScenarioError (the
 * first, with `errors` listing all, in file order): at most one per step
 * (within a command: a wrong first word before the shell syntax errors after
 * it; within a directive: the number of arguments before their values), one
 * per block of stray lines, one per bad expected line, one for the front
 * matter. A step with an error is skipped whole (continuations, here-document
 * and the output under it), so one mistake is not reported again by the lines
 * after it.
 */
import type { DockerStep, Expected, ExpectedLine, Scenario, ScenarioMeta, SimStep, Step } from './ast.js';
import {
  DIRECTIVE_NAMES,
  isDirectiveName,
  machineNameProblem,
  parseDirective,
  unknownDirectiveMessage,
} from './directives.js';
import { ScenarioError } from './errors.js';
import { parseFrontMatter } from './frontmatter.js';
import { expandHostRange, isHostRange } from './hostRange.js';
import { compileLinePattern, PatternError, REGEX_LIMITS, type LinePattern } from '../linearRegex.js';
import { count, SCENARIO_LIMITS } from './limits.js';
import { lexCommand, type LexResult, type RedirectOp } from './shell.js';
import { PROMPT } from './prompt.js';

export { ScenarioError } from './errors.js';
export type * from './ast.js';

/** Looks like a prompt but is glued to the command: worth a specific message. */
const GLUED_PROMPT = /^[A-Za-z0-9][A-Za-z0-9._-]*(?:\[[^\]\s$]*\][A-Za-z0-9._-]*)?\$/;
const EXIT_STATUS = /^\[(\d+)\]$/;
const REGEX_SUFFIX = ' (re)';
/** Past this many errors the rest of the file is not read: fixing the first ones comes first. */
export const MAX_PARSE_ERRORS = 100;

const quote = (s: string): string => JSON.stringify(s);

/** Output lines of the step being read, as written; step null: the lines under a step that had an error. */
interface PendingOutput {
  step: Step | null;
  lines: { text: string; line: number }[];
}

/** Thrown when MAX_PARSE_ERRORS is reached, to stop reading. */
class TooManyErrors extends Error {}

export interface ParseOptions {
  /**
   * Reads the file a `< FILE` redirection names (relative to the scenario),
   * or throws an Error whose message says why not. Only the CLI has files to
   * read: without a reader, a redirection is a located error.
   */
  readonly readLocalFile?: (path: string) => string;
}

export function parseScenario(text: string, file: string, opts: ParseOptions = {}): Scenario {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  // CRLF files parse like LF ones; columns are unaffected since "\r" only ends lines.
  const lines = source.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));

  const errors: ScenarioError[] = [];
  const report = (e: ScenarioError): void => {
    errors.push(e);
    if (errors.length >= MAX_PARSE_ERRORS) throw new TooManyErrors();
  };
  const done = (scenario: Scenario): Scenario => {
    if (errors.length > 0) throw ScenarioError.of(errors.sort((a, b) => a.line - b.line || a.column - b.column));
    return scenario;
  };

  let meta: ScenarioMeta = { seed: 1, tags: [] };
  const hosts: string[] = [];
  const steps: Step[] = [];
  try {
    // Sizes first: the rest of the parser is linear, but need not be asked to read a novel.
    if (source.length > SCENARIO_LIMITS.maxFileChars) {
      report(new ScenarioError(file, 1, 1, `file is larger than ${count(SCENARIO_LIMITS.maxFileChars)} characters (swarmsim's limit)`));
      return done({ file, meta, hosts, steps });
    }
    lines.forEach((l, k) => {
      if (l.length > SCENARIO_LIMITS.maxLineChars) {
        report(new ScenarioError(file, k + 1, SCENARIO_LIMITS.maxLineChars + 1, `line is longer than ${count(SCENARIO_LIMITS.maxLineChars)} characters (swarmsim's limit)`));
      }
    });
    if (errors.length > 0) return done({ file, meta, hosts, steps });

    let li = 0;
    if (lines[0].trimEnd() === '---') {
      let close = 1;
      while (close < lines.length && lines[close].trimEnd() !== '---') close++;
      if (close >= lines.length) {
        // Without its end the whole file would be read as YAML: one error says it all.
        report(new ScenarioError(file, 1, 1, 'front matter is not closed: expected a line "---"'));
        return done({ file, meta, hosts, steps });
      }
      try {
        meta = parseFrontMatter(lines.slice(1, close), 2, file);
      } catch (e) {
        if (!(e instanceof ScenarioError)) throw e;
        for (const each of e.errors) report(each);
      }
      li = close + 1;
    }

    const known = new Set<string>();
    let tooManyHosts = false;
    const addHost = (h: string): void => {
      if (known.has(h)) return;
      known.add(h);
      hosts.push(h);
    };
    let narration: string[] = [];
    let pending: PendingOutput | null = null;
    /** Inside a block of stray lines already reported. */
    let stray = false;

    const flush = (): void => {
      if (pending?.step) pending.step.expected = parseExpected(pending.lines, file, report);
      pending = null;
    };

    for (; li < lines.length; li++) {
      const line = lines[li];
      const prompt = PROMPT.exec(line);
      if (prompt) {
        flush();
        stray = false;
        const parsed = parseStep(lines, li, prompt[1], prompt[0].length, narration, file, addHost, opts);
        narration = [];
        if (parsed.error) report(parsed.error);
        else steps.push(parsed.step);
        if (hosts.length > SCENARIO_LIMITS.maxMachines && !tooManyHosts) {
          tooManyHosts = true;
          report(new ScenarioError(file, li + 1, 1, `more than ${count(SCENARIO_LIMITS.maxMachines)} machines in one scenario (swarmsim's limit)`));
        }
        pending = { step: parsed.error ? null : parsed.step, lines: [] };
        li = parsed.endIndex;
      } else if (line.startsWith('#')) {
        flush();
        stray = false;
        narration.push(line.replace(/^# ?/, '').trimEnd());
      } else if (pending) {
        pending.lines.push({ text: line, line: li + 1 });
      } else if (line.trim() === '') {
        stray = false;
      } else if (!stray) {
        stray = true;
        const col = line.length - line.trimStart().length + 1;
        const glued = GLUED_PROMPT.exec(line);
        if (glued && col === 1) report(new ScenarioError(file, li + 1, glued[0].length + 1, `expected a space after ${quote(glued[0])}`));
        else report(new ScenarioError(file, li + 1, col, 'expected a command "HOST$ docker ...", a directive "sim$ ..." or a comment'));
      }
    }
    flush();
  } catch (e) {
    if (!(e instanceof TooManyErrors)) throw e;
  }
  return done({ file, meta, hosts, steps });
}

type ParsedStep = { step: Step; error: null; endIndex: number } | { step: null; error: ScenarioError; endIndex: number };

/**
 * One step from its prompt line: the step, or its first error. Either way
 * `endIndex` is the 0-based index of its last line (continuations and
 * here-document included), so that reading goes on after it.
 */
function parseStep(
  lines: string[],
  li: number,
  host: string,
  promptEnd: number,
  narration: string[],
  file: string,
  addHost: (h: string) => void,
  opts: ParseOptions,
): ParsedStep {
  const lex: LexResult = lexCommand(lines, li, promptEnd, file);
  const extent = commandExtent(lines, li, lex, file);
  const failed = (line: number, column: number, message: string): ParsedStep => ({
    step: null,
    error: new ScenarioError(file, line, column, message),
    endIndex: extent.endIndex,
  });
  const lineNo = li + 1;
  const promptText = `${host}$`;
  const isSim = host === 'sim';
  let range: string[] | null = null;
  if (isHostRange(host)) {
    try {
      range = [...expandHostRange(host).hosts];
    } catch (e) {
      return failed(lineNo, 1, (e as Error).message);
    }
    for (const h of range) {
      const problem = machineNameProblem(h);
      if (problem) return failed(lineNo, 1, problem);
    }
  } else if (!isSim) {
    const problem = machineNameProblem(host);
    if (problem) return failed(lineNo, 1, problem);
  }

  const first = lex.words[0];
  if (!first) {
    if (lex.error) return { step: null, error: lex.error, endIndex: extent.endIndex };
    const rest = lines[li].slice(promptEnd);
    const col = promptEnd + (rest.length - rest.trimStart().length) + 1;
    return failed(
      lineNo,
      col,
      isSim
        ? `expected a directive after "sim$" (${DIRECTIVE_NAMES.join(', ')})`
        : `expected "docker" after ${quote(promptText)}`,
    );
  }
  if (isSim && !isDirectiveName(first.value)) return failed(first.line, first.column, unknownDirectiveMessage(first.value));
  if (!isSim && first.value !== 'docker') {
    return failed(first.line, first.column, `expected "docker" after ${quote(promptText)}, found ${quote(first.value)}`);
  }
  if (lex.error) return { step: null, error: lex.error, endIndex: extent.endIndex };
  if (extent.error) return { step: null, error: extent.error, endIndex: extent.endIndex };
  if (lex.words.length > SCENARIO_LIMITS.maxCommandWords) {
    const w = lex.words[SCENARIO_LIMITS.maxCommandWords];
    return failed(w.line, w.column, `command has more than ${count(SCENARIO_LIMITS.maxCommandWords)} words (swarmsim's limit)`);
  }

  const hd = lex.heredoc;
  if (hd && isSim && first.value !== 'file')
    return failed(hd.line, hd.column, 'a directive takes no standard input (here-documents are for docker commands)');
  const rd = lex.redirect;
  let stdin = extent.stdin;
  if (rd) {
    if (hd) return failed(rd.line, rd.column, 'a command reads a here-document or a file ("<"), not both');
    if (isSim && first.value !== 'file') return failed(rd.line, rd.column, 'a directive takes no standard input (input redirections are for docker commands and "file")');
    const read = readRedirect(rd, opts);
    if (typeof read !== 'string') return failed(rd.line, rd.column, read.error);
    stdin = read;
  }

  const base = {
    line: lineNo,
    column: first.column,
    endLine: extent.endIndex + 1,
    source: lines.slice(li, extent.endIndex + 1).join('\n'),
    narration,
    expected: null,
  };
  if (isSim) {
    let directive;
    try {
      directive = parseDirective(lex.words, file, stdin);
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw e;
      return { step: null, error: e, endIndex: extent.endIndex };
    }
    if (directive.name === 'machine' || directive.name === 'stop' || directive.name === 'start' || directive.name === 'file') {
      addHost(directive.machine);
    }
    const step: SimStep = { ...base, kind: 'sim', argv: lex.words.map((w) => w.value), directive };
    return { step, error: null, endIndex: extent.endIndex };
  }
  for (const h of range ?? [host]) addHost(h);
  const args = lex.words.slice(1);
  const step: DockerStep = {
    ...base,
    kind: 'docker',
    host,
    argv: args.map((w) => w.value),
    argvPos: args.map((w) => ({ line: w.line, column: w.column })),
    stdin,
  };
  if (range) step.hosts = range;
  return { step, error: null, endIndex: extent.endIndex };
}

/** A here-document operator as a real shell would see it, for commands the lexer gave up on. */
const HEREDOC_OP = /<<(?![<-])[ \t]*(['"]?)([^\s'"|&;<>()`]+)\1/;

/**
 * Where a command ends: its last continuation line, or the line closing its
 * here-document (whose body is the step's standard input). After a syntax
 * error the lexer stops early; the rest of its continuations and a
 * here-document it did not reach are still skipped, so that their lines are
 * not read as output or as other steps.
 */
function commandExtent(
  lines: string[],
  li: number,
  lex: LexResult,
  file: string,
): { endIndex: number; stdin: string | null; error: ScenarioError | null } {
  let end = lex.lastLineIndex;
  let delimiter = lex.heredoc?.delimiter ?? null;
  if (lex.error) {
    while (end + 1 < lines.length && /(?:^|[^\\])(?:\\\\)*\\$/.test(lines[end])) end++;
    if (delimiter === null) {
      for (let k = li; k <= end && delimiter === null; k++) delimiter = HEREDOC_OP.exec(lines[k])?.[2] ?? null;
    }
  }
  if (delimiter === null) return { endIndex: end, stdin: null, error: null };
  let close = end + 1;
  // Trailing whitespace is invisible in an editor, so it does not stop "EOF " from closing.
  while (close < lines.length && lines[close].trimEnd() !== delimiter) close++;
  if (close >= lines.length) {
    const hd = lex.heredoc;
    const error = hd
      ? new ScenarioError(file, hd.line, hd.column, `here-document is not terminated: expected a line ${quote(hd.delimiter)} before the end of the file`)
      : null;
    // Everything after an unterminated here-document is its body: nothing more to read.
    return { endIndex: lines.length - 1, stdin: null, error };
  }
  const stdin = lines
    .slice(end + 1, close)
    .map((l) => l + '\n')
    .join('');
  const hd = lex.heredoc;
  if (hd && stdin.length > SCENARIO_LIMITS.maxHereDocChars) {
    const message = `here-document is longer than ${count(SCENARIO_LIMITS.maxHereDocChars)} characters (swarmsim's limit)`;
    return { endIndex: close, stdin: null, error: new ScenarioError(file, hd.line, hd.column, message) };
  }
  return { endIndex: close, stdin, error: null };
}

/** The text a `< FILE` redirection reads, or why it cannot be read (the same limit as a here-document's). */
function readRedirect(rd: RedirectOp, opts: ParseOptions): string | { error: string } {
  if (!opts.readLocalFile)
    return { error: `input redirection "<" reads a file beside the scenario, which only the swarmsim CLI can do: write ${quote(rd.path)} here as a here-document (<<EOF)` };
  let text: string;
  try {
    text = opts.readLocalFile(rd.path);
  } catch (e) {
    return { error: `cannot read ${quote(rd.path)}: ${(e as Error).message}` };
  }
  if (text.length > SCENARIO_LIMITS.maxHereDocChars)
    return { error: `${quote(rd.path)} is longer than ${count(SCENARIO_LIMITS.maxHereDocChars)} characters (swarmsim's limit for standard input)` };
  return text;
}

/** The lines under a step; a bad line is reported (and left unchecked) while the others still count. */
function parseExpected(raw: { text: string; line: number }[], file: string, report: (e: ScenarioError) => void): Expected | null {
  const lines = raw.map((r) => ({ text: r.text.trimEnd(), line: r.line }));
  const dropTrailingBlanks = (): void => {
    while (lines.length > 0 && lines[lines.length - 1].text === '') lines.pop();
  };
  dropTrailingBlanks();
  if (lines.length === 0) return null;

  let exitCode = 0;
  const status = EXIT_STATUS.exec(lines[lines.length - 1].text);
  if (status) {
    exitCode = Number(status[1]);
    if (exitCode > 255) {
      const at = lines[lines.length - 1];
      report(new ScenarioError(file, at.line, 2, `exit status must be between 0 and 255, got ${status[1]}`));
    }
    lines.pop();
    // Blank lines before "[N]" are trailing output, ignored like any other.
    dropTrailingBlanks();
  }

  const expected: ExpectedLine[] = [];
  for (const { text, line } of lines) {
    if (!text.endsWith(REGEX_SUFFIX)) {
      expected.push({ text, regex: null, line });
      continue;
    }
    const pattern = text.slice(0, -REGEX_SUFFIX.length);
    if (pattern.length > REGEX_LIMITS.maxLength) {
      // Before V8 sees it: a huge pattern is "too large" only when first matched.
      report(new ScenarioError(file, line, REGEX_LIMITS.maxLength + 1, `(re) pattern is longer than ${REGEX_LIMITS.maxLength.toLocaleString('en')} characters`));
      continue;
    }
    try {
      // Compiled alone first: wrapping an unbalanced pattern like "a)(b" could make it valid.
      new RegExp(pattern);
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      // V8 says "Invalid regular expression: /PATTERN/: REASON"; the pattern is already on the line.
      const reason = why.slice(why.lastIndexOf(': ') + 2) || why;
      report(new ScenarioError(file, line, 1, `invalid regular expression: ${reason}`));
      continue;
    }
    let regex: LinePattern;
    try {
      regex = compileLinePattern(pattern);
    } catch (e) {
      if (!(e instanceof PatternError)) throw e;
      report(new ScenarioError(file, line, e.index + 1, `invalid regular expression: ${e.message}`));
      continue;
    }
    expected.push({ text, regex, line });
  }
  return { lines: expected, exitCode };
}
