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
 *   - `(re)` patterns are compiled without flags;
 *   - `[N]` needs 0 <= N <= 255, the range of a process exit status.
 *
 * parseScenario throws a ScenarioError for the first error found, scanning
 * the file top to bottom (within a command: a wrong first word before the
 * shell syntax errors after it; within a directive: the number of arguments
 * before their values).
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
import { lexCommand, type LexResult } from './shell.js';

export { ScenarioError } from './errors.js';
export type * from './ast.js';

/** `HOST$` (or a host range `m[001-200]$`) at the start of a line, followed by a blank or the end of the line. */
const PROMPT = /^([A-Za-z0-9][A-Za-z0-9._-]*(?:\[[^\]\s$]*\][A-Za-z0-9._-]*)?)\$(?=[ \t]|$)/;
/** Looks like a prompt but is glued to the command: worth a specific message. */
const GLUED_PROMPT = /^[A-Za-z0-9][A-Za-z0-9._-]*(?:\[[^\]\s$]*\][A-Za-z0-9._-]*)?\$/;
const EXIT_STATUS = /^\[(\d+)\]$/;
const REGEX_SUFFIX = ' (re)';

const quote = (s: string): string => JSON.stringify(s);

/** Output lines of the step being read, as written. */
interface PendingOutput {
  step: Step;
  lines: { text: string; line: number }[];
}

export function parseScenario(text: string, file: string): Scenario {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  // CRLF files parse like LF ones; columns are unaffected since "\r" only ends lines.
  const lines = source.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));

  const fail = (line: number, column: number, message: string): never => {
    throw new ScenarioError(file, line, column, message);
  };

  let meta: ScenarioMeta = { seed: 1, tags: [] };
  let li = 0;
  if (lines[0].trimEnd() === '---') {
    let close = 1;
    while (close < lines.length && lines[close].trimEnd() !== '---') close++;
    if (close >= lines.length) fail(1, 1, 'front matter is not closed: expected a line "---"');
    meta = parseFrontMatter(lines.slice(1, close), 2, file);
    li = close + 1;
  }

  const hosts: string[] = [];
  const addHost = (h: string): void => {
    if (!hosts.includes(h)) hosts.push(h);
  };
  const steps: Step[] = [];
  let narration: string[] = [];
  let pending: PendingOutput | null = null;

  const flush = (): void => {
    if (pending) pending.step.expected = parseExpected(pending.lines, file);
    pending = null;
  };

  for (; li < lines.length; li++) {
    const line = lines[li];
    const prompt = PROMPT.exec(line);
    if (prompt) {
      flush();
      const step = parseStep(lines, li, prompt[1], prompt[0].length, narration, file, addHost);
      narration = [];
      steps.push(step);
      pending = { step, lines: [] };
      li = step.endLine - 1;
    } else if (line.startsWith('#')) {
      flush();
      narration.push(line.replace(/^# ?/, '').trimEnd());
    } else if (pending) {
      pending.lines.push({ text: line, line: li + 1 });
    } else if (line.trim() !== '') {
      const col = line.length - line.trimStart().length + 1;
      const glued = GLUED_PROMPT.exec(line);
      if (glued && col === 1) fail(li + 1, glued[0].length + 1, `expected a space after ${quote(glued[0])}`);
      fail(li + 1, col, 'expected a command "HOST$ docker ...", a directive "sim$ ..." or a comment');
    }
  }
  flush();

  return { file, meta, hosts, steps };
}

function parseStep(
  lines: string[],
  li: number,
  host: string,
  promptEnd: number,
  narration: string[],
  file: string,
  addHost: (h: string) => void,
): Step {
  const fail = (line: number, column: number, message: string): never => {
    throw new ScenarioError(file, line, column, message);
  };
  const lineNo = li + 1;
  const promptText = `${host}$`;
  const isSim = host === 'sim';
  let range: string[] | null = null;
  if (isHostRange(host)) {
    try {
      range = [...expandHostRange(host).hosts];
    } catch (e) {
      fail(lineNo, 1, (e as Error).message);
    }
    for (const h of range!) {
      const problem = machineNameProblem(h);
      if (problem) fail(lineNo, 1, problem);
    }
  } else if (!isSim) {
    const problem = machineNameProblem(host);
    if (problem) fail(lineNo, 1, problem);
  }

  const lex: LexResult = lexCommand(lines, li, promptEnd, file);
  const first = lex.words[0];
  if (!first) {
    if (lex.error) throw lex.error;
    const rest = lines[li].slice(promptEnd);
    const col = promptEnd + (rest.length - rest.trimStart().length) + 1;
    fail(
      lineNo,
      col,
      isSim
        ? `expected a directive after "sim$" (${DIRECTIVE_NAMES.join(', ')})`
        : `expected "docker" after ${quote(promptText)}`,
    );
  }
  if (isSim && !isDirectiveName(first.value)) fail(first.line, first.column, unknownDirectiveMessage(first.value));
  if (!isSim && first.value !== 'docker') {
    fail(first.line, first.column, `expected "docker" after ${quote(promptText)}, found ${quote(first.value)}`);
  }
  if (lex.error) throw lex.error;

  let endIndex = lex.lastLineIndex;
  let stdin: string | null = null;
  if (lex.heredoc) {
    const hd = lex.heredoc;
    if (isSim) fail(hd.line, hd.column, 'a directive takes no standard input (here-documents are for docker commands)');
    let close = endIndex + 1;
    // Trailing whitespace is invisible in an editor, so it does not stop "EOF " from closing.
    while (close < lines.length && lines[close].trimEnd() !== hd.delimiter) close++;
    if (close >= lines.length) {
      fail(hd.line, hd.column, `here-document is not terminated: expected a line ${quote(hd.delimiter)} before the end of the file`);
    }
    stdin = lines
      .slice(endIndex + 1, close)
      .map((l) => l + '\n')
      .join('');
    endIndex = close;
  }

  const base = {
    line: lineNo,
    column: first.column,
    endLine: endIndex + 1,
    source: lines.slice(li, endIndex + 1).join('\n'),
    narration,
    expected: null,
  };
  if (isSim) {
    const directive = parseDirective(lex.words, file);
    if (directive.name === 'machine' || directive.name === 'stop' || directive.name === 'start') {
      addHost(directive.machine);
    }
    const step: SimStep = { ...base, kind: 'sim', argv: lex.words.map((w) => w.value), directive };
    return step;
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
  return step;
}

function parseExpected(raw: { text: string; line: number }[], file: string): Expected | null {
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
      throw new ScenarioError(file, at.line, 2, `exit status must be between 0 and 255, got ${status[1]}`);
    }
    lines.pop();
    // Blank lines before "[N]" are trailing output, ignored like any other.
    dropTrailingBlanks();
  }

  const expected: ExpectedLine[] = lines.map(({ text, line }) => {
    if (!text.endsWith(REGEX_SUFFIX)) return { text, regex: null, line };
    const pattern = text.slice(0, -REGEX_SUFFIX.length);
    try {
      // Compiled alone first: wrapping an unbalanced pattern like "a)(b" could make it valid.
      new RegExp(pattern);
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      // V8 says "Invalid regular expression: /PATTERN/: REASON"; the pattern is already on the line.
      const reason = why.slice(why.lastIndexOf(': ') + 2) || why;
      throw new ScenarioError(file, line, 1, `invalid regular expression: ${reason}`);
    }
    return { text, regex: new RegExp(`^(?:${pattern})$`), line };
  });
  return { lines: expected, exitCode };
}
