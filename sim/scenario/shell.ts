/**
 * Shell words of one scenario command line.
 *
 * The subset of POSIX shell a transcript needs to be copied into a real
 * terminal and back: quoting, backslash escapes, line continuations and one
 * here-document or one input redirection from a file. Anything that would make a real shell do something other
 * than run one command with literal arguments (pipes, redirections,
 * expansions, separators) is rejected with a located error rather than
 * silently taken literally, so a transcript never means two things.
 *
 * Quotes do not span lines: an unclosed quote is reported at the quote
 * instead of swallowing the rest of the file; a double-quoted word may still
 * continue on the next line with backslash-newline.
 */
import { ScenarioError } from './errors.js';

/** A shell word with quotes removed, located at its first character. */
export interface Word {
  value: string;
  line: number;
  column: number;
}

/** A `< FILE` operator: standard input read from a file beside the scenario (by the CLI). */
export interface RedirectOp {
  path: string;
  line: number;
  column: number;
}

/** A `<<DELIM` operator; its body is read by the caller once the command line ends. */
export interface HereDocOp {
  delimiter: string;
  line: number;
  column: number;
}

export interface LexResult {
  /** Words read before the error, if any. */
  words: Word[];
  heredoc: HereDocOp | null;
  redirect: RedirectOp | null;
  /** 0-based index of the command's last physical line (after continuations). */
  lastLineIndex: number;
  /** The first syntax error, or null. Words before it are still returned so the caller can report an earlier error about them first. */
  error: ScenarioError | null;
}

/** Characters that end an unquoted word: each is shell syntax of its own. */
const OPERATOR_CHARS = '|&;<>()`';

const quote = (s: string): string => JSON.stringify(s);

function unsupported(what: string): string {
  return `unsupported shell syntax: ${what}`;
}

/**
 * Why `$` at s[i] would expand in a real shell, or null when it is a
 * literal dollar (POSIX keeps `$` that starts no expansion).
 */
function dollarExpansion(s: string, i: number, inDoubleQuotes: boolean): string | null {
  const next = s[i + 1];
  if (next === undefined) return null;
  if (next === '(') return unsupported('command substitution "$(...)"');
  if (next === '{') return unsupported('parameter expansion "${...}"');
  if (/[A-Za-z_]/.test(next)) {
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(s.slice(i + 1))![0];
    return unsupported(`variable expansion ${quote('$' + name)} (write '$${name}' in single quotes for a literal dollar)`);
  }
  if (/[0-9?#@*!$-]/.test(next)) return unsupported(`special parameter ${quote('$' + next)}`);
  if (next === "'" && !inDoubleQuotes) return unsupported(`ANSI-C quoting "$'...'"`);
  return null;
}

function operatorName(s: string, i: number): string {
  const c = s[i];
  const two = s.slice(i, i + 2);
  switch (c) {
    case '|':
      return two === '||' ? 'operator "||"' : 'pipe "|"';
    case '&':
      return two === '&&' ? 'operator "&&"' : 'background job "&"';
    case ';':
      return 'command separator ";"';
    case '>':
      return two === '>>' ? 'output redirection ">>"' : 'output redirection ">"';
    case '<':
      if (s.startsWith('<<<', i)) return 'here-string "<<<"';
      if (s.startsWith('<<-', i)) return 'tab-stripping here-document "<<-" (use "<<")';
      return 'input redirection "<"';
    case '(':
    case ')':
      return `subshell ${quote(c)}`;
    default:
      return 'command substitution "`...`"';
  }
}

/**
 * Reads the words of a command starting at lines[lineIndex][start] and
 * following backslash-newline continuations.
 */
export function lexCommand(lines: string[], lineIndex: number, start: number, file: string): LexResult {
  const words: Word[] = [];
  let heredoc: HereDocOp | null = null;
  let redirect: RedirectOp | null = null;
  let li = lineIndex;
  let s = lines[li];
  let i = start;

  const error = (l: number, c: number, message: string): ScenarioError =>
    new ScenarioError(file, l + 1, c + 1, message);

  /** Moves to the next line after a backslash at s[i] that ends the line. */
  const continueLine = (): void => {
    if (li + 1 >= lines.length) {
      throw error(li, i, 'backslash at the end of the file: there is no line to continue on');
    }
    li++;
    s = lines[li];
    i = 0;
  };

  /** One word, or null when only continuations were read (nothing to record). */
  const readWord = (): Word | null => {
    let value = '';
    let started = false;
    let wordLine = li;
    let wordCol = i;
    // A word starts at its first character, not at a continuation before it.
    const begin = (): void => {
      if (!started) {
        started = true;
        wordLine = li;
        wordCol = i;
      }
    };
    for (;;) {
      if (i >= s.length) break;
      const c = s[i];
      if (c === ' ' || c === '\t' || OPERATOR_CHARS.includes(c)) break;
      if (c === '\\') {
        if (i + 1 >= s.length) {
          continueLine();
          continue;
        }
        begin();
        value += s[i + 1];
        i += 2;
        continue;
      }
      if (c === "'") {
        begin();
        const close = s.indexOf("'", i + 1);
        if (close < 0) throw error(li, i, 'unterminated single quote (close it on the same line)');
        value += s.slice(i + 1, close);
        i = close + 1;
        continue;
      }
      if (c === '"') {
        begin();
        const qLine = li;
        const qCol = i;
        i++;
        for (;;) {
          if (i >= s.length) throw error(qLine, qCol, 'unterminated double quote (close it on the same line, or end the line with a backslash to continue)');
          const d = s[i];
          if (d === '"') {
            i++;
            break;
          }
          if (d === '\\') {
            if (i + 1 >= s.length) {
              continueLine();
              continue;
            }
            const e = s[i + 1];
            if (e === '\\' || e === '"' || e === '$' || e === '`') {
              value += e;
              i += 2;
            } else {
              // POSIX keeps a backslash that escapes nothing inside double quotes.
              value += '\\';
              i++;
            }
            continue;
          }
          if (d === '`') throw error(li, i, unsupported('command substitution "`...`"'));
          if (d === '$') {
            const why = dollarExpansion(s, i, true);
            if (why) throw error(li, i, why);
          }
          value += d;
          i++;
        }
        continue;
      }
      if (c === '$') {
        const why = dollarExpansion(s, i, false);
        if (why) throw error(li, i, why);
      }
      begin();
      value += c;
      i++;
    }
    if (!started) return null;
    return { value, line: wordLine + 1, column: wordCol + 1 };
  };

  try {
    for (;;) {
      while (i < s.length && (s[i] === ' ' || s[i] === '\t')) i++;
      if (i >= s.length) break;
      const c = s[i];
      if (c === '\\' && i + 1 >= s.length) {
        continueLine();
        continue;
      }
      if (c === '#') {
        throw error(li, i, unsupported('comment "#" after a command (quote it to pass a literal "#")'));
      }
      if (c === '<' && s.startsWith('<<', i) && !s.startsWith('<<<', i) && !s.startsWith('<<-', i)) {
        const opLine = li;
        const opCol = i;
        if (heredoc) throw error(li, i, 'only one here-document per command');
        i += 2;
        while (i < s.length && (s[i] === ' ' || s[i] === '\t')) i++;
        const delim = i < s.length && !OPERATOR_CHARS.includes(s[i]) ? readWord() : null;
        if (!delim) throw error(opLine, opCol, 'expected a delimiter word after "<<" (as in <<EOF)');
        heredoc = { delimiter: delim.value, line: opLine + 1, column: opCol + 1 };
        continue;
      }
      if (c === '<' && !s.startsWith('<<', i) && !(s[i + 1] === '&' || s[i + 1] === '>' || s[i + 1] === '(')) {
        const opLine = li;
        const opCol = i;
        if (redirect) throw error(li, i, 'only one input redirection per command');
        i += 1;
        while (i < s.length && (s[i] === ' ' || s[i] === '\t')) i++;
        const path = i < s.length && !OPERATOR_CHARS.includes(s[i]) ? readWord() : null;
        if (!path) throw error(opLine, opCol, 'expected a file name after "<" (as in < docker-compose.yml)');
        redirect = { path: path.value, line: opLine + 1, column: opCol + 1 };
        continue;
      }
      if (OPERATOR_CHARS.includes(c)) throw error(li, i, unsupported(operatorName(s, i)));
      const w = readWord();
      if (w) words.push(w);
    }
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    return { words, heredoc, redirect, lastLineIndex: li, error: e };
  }
  return { words, heredoc, redirect, lastLineIndex: li, error: null };
}
