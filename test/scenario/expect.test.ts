import { describe, expect, it } from 'vitest';
import { checkExpected, outputLines } from '../../sim/scenario/expect.js';
import { parseScenario, type Step } from '../../sim/scenario/parse.js';
import { file } from './helpers.js';

/** The first step of a scenario whose command is followed by `expected`. */
const step = (...expected: string[]): Step => parseScenario(file('n1$ docker x', ...expected), 't.swarm').steps[0];

const lines = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, k) => `${prefix}${k + 1}`);

describe('checkExpected', () => {
  it('accepts identical output, ignoring trailing whitespace, CRs and blank lines', () => {
    expect(checkExpected(step('a', '', '  b'), 'a   \r\n\n  b\t\n\n\n', 0)).toEqual({ ok: true, diff: '' });
  });

  it('ignores trailing blank lines written in the file too', () => {
    expect(checkExpected(step('a', '', ''), 'a', 0)).toEqual({ ok: true, diff: '' });
  });

  it('does not check a step without expected lines', () => {
    const s = parseScenario(file('n1$ docker x', '', 'n1$ docker y'), 't').steps[0];
    expect(checkExpected(s, 'anything\n', 125)).toEqual({ ok: true, diff: '' });
  });

  it('shows a changed line with three lines of context', () => {
    const actual = lines('l', 10);
    actual[4] = 'X';
    expect(checkExpected(step(...lines('l', 10)), actual.join('\n'), 0)).toEqual({
      ok: false,
      diff: ['--- expected', '+++ actual', '@@ -2,7 +2,7 @@', ' l2', ' l3', ' l4', '-l5', '+X', ' l6', ' l7', ' l8', ''].join('\n'),
    });
  });

  it('counts a matching (re) line as equal and shows only the real difference', () => {
    const s = step('ID\\s+NAME (re)', '[a-z0-9]{12}\\s+web (re)', '[a-z0-9]{12}\\s+db (re)');
    const actual = 'ID            NAME\nabcdef123456  web\nabcdef12345   db\n';
    expect(checkExpected(s, actual, 0).diff).toBe(
      [
        '--- expected',
        '+++ actual',
        '@@ -1,3 +1,3 @@',
        ' ID            NAME',
        ' abcdef123456  web',
        '-[a-z0-9]{12}\\s+db (re)',
        '+abcdef12345   db',
        '',
      ].join('\n'),
    );
    expect(checkExpected(s, 'ID  NAME\nabcdef123456 web\n0123456789ab db', 0)).toEqual({ ok: true, diff: '' });
  });

  it('matches a (re) line against the whole actual line only', () => {
    expect(checkExpected(step('web (re)'), 'web.1\n', 0).ok).toBe(false);
    expect(checkExpected(step('web.* (re)'), 'web.1\n', 0).ok).toBe(true);
  });

  it('reports only the exit status when the output matches', () => {
    expect(checkExpected(step('ok'), 'ok\n', 1)).toEqual({ ok: false, diff: 'exit status: expected 0, got 1\n' });
  });

  it('expects empty output and the status from a lone [N]', () => {
    expect(checkExpected(step('[3]'), '', 3)).toEqual({ ok: true, diff: '' });
    expect(checkExpected(step('[3]'), '\n\n', 3)).toEqual({ ok: true, diff: '' });
    expect(checkExpected(step('[3]'), 'boom\n', 3)).toEqual({
      ok: false,
      diff: '--- expected\n+++ actual\n@@ -0,0 +1,1 @@\n+boom\n',
    });
  });

  it('appends the exit status after the diff, and numbers an empty new range GNU-style', () => {
    expect(checkExpected(step('a', 'b', 'c'), 'a\n', 2).diff).toBe(
      '--- expected\n+++ actual\n@@ -1,3 +1,1 @@\n a\n-b\n-c\nexit status: expected 0, got 2\n',
    );
    expect(checkExpected(step('a'), '', 0).diff).toBe('--- expected\n+++ actual\n@@ -1,1 +0,0 @@\n-a\n');
  });

  it('splits distant changes into separate hunks', () => {
    const actual = lines('l', 20);
    actual[1] = 'A';
    actual[18] = 'B';
    expect(checkExpected(step(...lines('l', 20)), actual.join('\n'), 0).diff).toBe(
      [
        '--- expected',
        '+++ actual',
        '@@ -1,5 +1,5 @@',
        ' l1',
        '-l2',
        '+A',
        ' l3',
        ' l4',
        ' l5',
        '@@ -16,5 +16,5 @@',
        ' l16',
        ' l17',
        ' l18',
        '-l19',
        '+B',
        ' l20',
        '',
      ].join('\n'),
    );
  });

  it('keeps changes six lines apart in one hunk', () => {
    const actual = lines('l', 10);
    actual[1] = 'A';
    actual[8] = 'B';
    const diff = checkExpected(step(...lines('l', 10)), actual.join('\n'), 0).diff;
    expect(diff.split('\n').filter((l) => l.startsWith('@@'))).toEqual(['@@ -1,10 +1,10 @@']);
  });

  it('aligns a (re) line with one of the lines it matches', () => {
    expect(checkExpected(step('start', '.+ (re)', 'end'), 'start\nx\ny\nend\n', 0).diff).toBe(
      '--- expected\n+++ actual\n@@ -1,3 +1,4 @@\n start\n x\n+y\n end\n',
    );
  });

  it('checks directives the same way', () => {
    const s = parseScenario(file('sim$ fail web.1', '[1]'), 't').steps[0];
    expect(checkExpected(s, '', 0)).toEqual({ ok: false, diff: 'exit status: expected 1, got 0\n' });
  });
});

describe('outputLines', () => {
  it('normalizes the way the comparison does', () => {
    expect(outputLines('')).toEqual([]);
    expect(outputLines('\n \n')).toEqual([]);
    expect(outputLines(' a \r\n\n b\n\n')).toEqual([' a', '', ' b']);
  });
});
