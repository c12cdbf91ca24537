/**
 * Comparison of a step's actual output with the output the scenario expects.
 */
import { diffArrays } from 'diff';
import type { ExpectedLine, Step } from './ast.js';

export interface CheckResult {
  ok: boolean;
  /**
   * '' when ok. Otherwise a unified diff (`--- expected`, `+++ actual`,
   * `@@` hunks with 3 lines of context) when the output differs, followed by
   * `exit status: expected N, got M` when the exit status differs; every line
   * ends with "\n".
   */
  diff: string;
}

/** Lines of an output, trailing whitespace and trailing blank lines removed (the comparison ignores both). */
export function outputLines(text: string): string[] {
  const lines = text.split('\n').map((l) => l.trimEnd());
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * Regex answers per expected line and actual text: the diff's comparator asks
 * about the same pair many times, and each answer costs a match.
 */
const answers = new WeakMap<ExpectedLine, Map<string, boolean>>();

function lineMatches(e: ExpectedLine, actual: string): boolean {
  if (!e.regex) return e.text === actual;
  let known = answers.get(e);
  if (!known) answers.set(e, (known = new Map()));
  let yes = known.get(actual);
  if (yes === undefined) known.set(actual, (yes = e.regex.test(actual)));
  return yes;
}

const CONTEXT = 3;

interface Op {
  kind: ' ' | '-' | '+';
  text: string;
}

/**
 * A step without expected lines is not checked (always ok); otherwise the
 * output must match line for line (a `(re)` line matching the whole actual
 * line) and the exit status must be the expected one.
 */
export function checkExpected(step: Step, actualOutput: string, exitCode: number): CheckResult {
  const expected = step.expected;
  if (!expected) return { ok: true, diff: '' };
  const actual = outputLines(actualOutput);
  const want = expected.lines;

  const sameOutput = want.length === actual.length && want.every((e, k) => lineMatches(e, actual[k]));
  const sameStatus = expected.exitCode === exitCode;
  if (sameOutput && sameStatus) return { ok: true, diff: '' };

  let diff = sameOutput ? '' : unifiedDiff(want, actual);
  if (!sameStatus) diff += `exit status: expected ${expected.exitCode}, got ${exitCode}\n`;
  return { ok: false, diff };
}

type Token = { side: 'expected'; line: ExpectedLine } | { side: 'actual'; text: string };

/**
 * For each actual line, the expected line it was matched with when the two
 * are aligned as the diff aligns them, or null for an actual line that no
 * expected line matches. `swarmsim test --update` keeps the matched lines as
 * the author wrote them.
 */
export function alignExpected(want: readonly ExpectedLine[], actual: readonly string[]): (ExpectedLine | null)[] {
  const changes = diffArrays<Token>(
    want.map((line) => ({ side: 'expected', line })),
    actual.map((text) => ({ side: 'actual', text })),
    { comparator: tokensMatch },
  );
  const out: (ExpectedLine | null)[] = [];
  let oi = 0;
  for (const c of changes) {
    for (let k = 0; k < c.count; k++) {
      if (c.removed) oi++;
      else if (c.added) out.push(null);
      else out.push(want[oi++]);
    }
  }
  return out;
}

function tokensMatch(a: Token, b: Token): boolean {
  const e = a.side === 'expected' ? a : b.side === 'expected' ? b : null;
  const n = a.side === 'actual' ? a : b.side === 'actual' ? b : null;
  return e !== null && n !== null && lineMatches(e.line, n.text);
}

function unifiedDiff(want: ExpectedLine[], actual: string[]): string {
  const oldTokens: Token[] = want.map((line) => ({ side: 'expected', line }));
  const newTokens: Token[] = actual.map((text) => ({ side: 'actual', text }));
  const changes = diffArrays(oldTokens, newTokens, { comparator: tokensMatch });

  // Walk by counts rather than change values so the ops do not depend on
  // which side jsdiff reports for tokens it considers equal.
  const ops: Op[] = [];
  let oi = 0;
  let ni = 0;
  for (const c of changes) {
    for (let k = 0; k < c.count; k++) {
      if (c.removed) ops.push({ kind: '-', text: want[oi++].text });
      else if (c.added) ops.push({ kind: '+', text: actual[ni++] });
      else {
        // A regex line that matched shows what actually came out.
        ops.push({ kind: ' ', text: actual[ni++] });
        oi++;
      }
    }
  }

  // oldBefore[k] / newBefore[k]: expected / actual lines before ops[k].
  const oldBefore: number[] = [];
  const newBefore: number[] = [];
  let o = 0;
  let n = 0;
  for (const op of ops) {
    oldBefore.push(o);
    newBefore.push(n);
    if (op.kind !== '+') o++;
    if (op.kind !== '-') n++;
  }
  oldBefore.push(o);
  newBefore.push(n);

  const out = ['--- expected', '+++ actual'];
  let k = 0;
  while (k < ops.length) {
    if (ops[k].kind === ' ') {
      k++;
      continue;
    }
    const start = Math.max(0, k - CONTEXT);
    let end = k;
    // Changes separated by at most 2 * CONTEXT unchanged lines share a hunk.
    for (;;) {
      while (end < ops.length && ops[end].kind !== ' ') end++;
      let next = end;
      while (next < ops.length && ops[next].kind === ' ') next++;
      if (next < ops.length && next - end <= 2 * CONTEXT) end = next;
      else break;
    }
    const stop = Math.min(ops.length, end + CONTEXT);
    const oldCount = oldBefore[stop] - oldBefore[start];
    const newCount = newBefore[stop] - newBefore[start];
    // An empty range is numbered after the line it follows, as GNU diff does.
    const oldStart = oldCount === 0 ? oldBefore[start] : oldBefore[start] + 1;
    const newStart = newCount === 0 ? newBefore[start] : newBefore[start] + 1;
    out.push(`@@ -${oldStart},${oldCount} +${newStart},${newCount} @@`);
    for (let j = start; j < stop; j++) out.push(ops[j].kind + ops[j].text);
    k = stop;
  }
  return out.join('\n') + '\n';
}
