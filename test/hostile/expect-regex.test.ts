import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alignExpected, checkExpected } from '../../sim/scenario/expect.js';
import { compileLinePattern, REGEX_LIMITS } from '../../sim/linearRegex.js';
import { parseScenario, ScenarioError, type Step } from '../../sim/scenario/parse.js';
import { runDocker } from '../../sim/docker/run.js';
import { Simulation } from '../../sim/simulation.js';
import { searchPattern } from '../../sim/linearRegex.js';

const file = (...lines: string[]): string => lines.join('\n') + '\n';

function parseError(text: string): string {
  try {
    parseScenario(text, 't.swarm');
  } catch (e) {
    if (e instanceof ScenarioError) return e.toString();
    throw e;
  }
  return '(parsed)';
}

const stepOf = (...expected: string[]): Step => parseScenario(file('node1$ docker swarm init', ...expected), 't.swarm').steps[0];

describe('(re) lines match in time linear in the line', () => {
  // V8 backtracks 2^n ways here: 27 "a"s took minutes, beyond vitest's timeout.
  it('(a+)+b against a run of "a"s, and a diff that compares it with every actual line', () => {
    const step = stepOf('(a+)+b (re)', '(x+x+)+y (re)', '[3]');
    const actual = Array.from({ length: 200 }, (_, i) => 'a'.repeat(27 + (i % 5)) + 'x'.repeat(i % 3)).join('\n');
    const r = checkExpected(step, actual, 0);
    expect(r.ok).toBe(false);
    expect(r.diff).toContain('-(a+)+b (re)');
    expect(compileLinePattern('(a+)+b').test('a'.repeat(100_000) + 'b')).toBe(true);
    expect(compileLinePattern('(a|aa)*c').test('a'.repeat(100_000))).toBe(false);
  });

  it('each pattern is matched once per distinct actual line, however often the diff asks', () => {
    const step = stepOf('\\w+ (re)', 'x', '\\d+ (re)');
    const calls = new Map<string, number>();
    for (const e of step.expected!.lines) {
      const inner = e.regex;
      if (!inner) continue;
      e.regex = {
        source: inner.source,
        test(line: string) {
          calls.set(`${inner.source} ${line}`, (calls.get(`${inner.source} ${line}`) ?? 0) + 1);
          return inner.test(line);
        },
      };
    }
    const actual = ['abc', 'x', 'y', 'z', '12', '--', 'abc', '12'];
    checkExpected(step, actual.join('\n'), 0);
    alignExpected(step.expected!.lines, actual);
    expect(calls.size).toBeGreaterThan(0);
    expect([...calls.values()].every((n) => n === 1)).toBe(true);
  });
});

describe('(re) patterns are refused where they are written when a linear matcher cannot take them', () => {
  it('a 99,000-character pattern: a length limit at parse time, not "Regular expression too large" at match time', () => {
    expect(parseError(file('node1$ docker swarm init', 'a'.repeat(99_000) + ' (re)'))).toBe(
      `t.swarm:2:${REGEX_LIMITS.maxLength + 1}: (re) pattern is longer than 1,000 characters`,
    );
    expect(parseError(file('node1$ docker swarm init', 'a'.repeat(REGEX_LIMITS.maxLength) + ' (re)'))).toBe('(parsed)');
  });
  it('backreferences and lookaround, at their column', () => {
    expect(parseError(file('node1$ docker swarm init', 'x(a)\\1 (re)'))).toBe(
      't.swarm:2:5: invalid regular expression: backreferences are not supported in (re) lines (matching must stay linear in the line)',
    );
    expect(parseError(file('node1$ docker swarm init', 'ab(?=c)c (re)'))).toBe(
      't.swarm:2:3: invalid regular expression: lookahead and lookbehind are not supported in (re) lines (matching must stay linear in the line)',
    );
  });
  it('counted repetitions too large to expand', () => {
    expect(parseError(file('node1$ docker swarm init', 'a{99999999999} (re)'))).toBe('t.swarm:2:2: invalid regular expression: counted repetition above 5,000');
    expect(parseError(file('node1$ docker swarm init', '(x{100}){100} (re)'))).toMatch(/^t\.swarm:2:2: invalid regular expression: pattern is too large: it needs more than 5,000 states/);
  });
  it('V8 still judges the syntax, with its words', () => {
    expect(parseError(file('node1$ docker swarm init', 'a) (re)'))).toBe("t.swarm:2:1: invalid regular expression: Unmatched ')'");
  });
});

describe('the linear matcher answers as JavaScript does', () => {
  const atoms = ['a', 'b', '.', '\\d', '\\w', '\\s', '\\W', '\\S', '\\D', '[ab]', '[^a]', '[a-c]', '[\\d-]', '[\\w.]', '\\b', '\\B', '^', '$', 'x', ' ', '-', '\\.', '[]', '[^]', '(?:a|b)', '(?<n>b)', '\\x41', '\\u0042', '{', '}', ']', '\\t', '[\\b]'];
  const pattern = fc.letrec<{ p: string }>((tie) => ({
    p: fc.oneof(
      { depthSize: 'small' },
      fc.constantFrom(...atoms),
      fc.tuple(tie('p'), tie('p')).map(([a, b]) => a + b),
      fc.tuple(tie('p'), tie('p')).map(([a, b]) => `(?:${a}|${b})`),
      fc.tuple(tie('p'), fc.constantFrom('*', '+', '?', '{2}', '{1,3}', '{0,}', '*?', '+?', '{2,}?')).map(([a, q]) => `(${a})${q}`),
    ),
  })).p;
  const line = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'x', ' ', '1', '-', '.', 'A', 'B', '_', '{', '}', ']', '\t', '\u00a0'), maxLength: 8 });
  it('on random patterns and lines (whole-line matches)', () => {
    fc.assert(
      fc.property(pattern, fc.array(line, { minLength: 4, maxLength: 4 }), (p, lines) => {
        let js: RegExp;
        try {
          new RegExp(p);
          js = new RegExp(`^(?:${p})$`);
        } catch {
          return;
        }
        const linear = compileLinePattern(p);
        expect(linear.source).toBe(js.source);
        for (const l of lines) expect(linear.test(l), `${p} on ${JSON.stringify(l)}`).toBe(js.test(l));
      }),
      { numRuns: 3000, seed: 14 },
    );
  });
  it('on the patterns the library uses', () => {
    const cases: [string, string, boolean][] = [
      ['\\w{25}', 'abcdefghijklmnopqrstuvwxy', true],
      ['verify: Service \\w{25} converged', 'verify: Service abcdefghijklmnopqrstuvwxy converged', true],
      ['ID +NAME +IMAGE', 'ID   NAME    IMAGE', true],
      ['\\w{12} +worker\\.1 +busybox:latest +node2 +Running +Running \\d+ seconds? ago', 'abcdefabcdef   worker.1   busybox:latest   node2   Running   Running 5 seconds ago', true],
      ['1/1: running +\\[=+>\\]', '1/1: running   [==================================================>]', true],
      ['[0-9a-f]{64}', 'f'.repeat(63), false],
    ];
    for (const [p, l, want] of cases) expect(compileLinePattern(p).test(l), p).toBe(want);
  });
});

describe("docker's regular-expression filters match in linear time, as Go's RE2 does", () => {
  // V8 took ~3 s for 26 "a"s per name compared, doubling with each more.
  it('service ls and service ps --filter name=(a+)+b against long names', () => {
    const sim = new Simulation({ seed: 1 });
    runDocker(sim, 'node1', ['swarm', 'init']);
    for (const n of [28, 29, 30]) runDocker(sim, 'node1', ['service', 'create', '-d', '--name', 'a'.repeat(n), 'nginx']);
    const ls = runDocker(sim, 'node1', ['service', 'ls', '-q', '--filter', 'name=(a+)+b']);
    expect({ exitCode: ls.exitCode, stdout: ls.stdout }).toEqual({ exitCode: 0, stdout: '' });
    const ps = runDocker(sim, 'node1', ['service', 'ps', '-q', '--filter', 'name=(a+)+b', 'a'.repeat(30)]);
    expect(ps.exitCode).toBe(0);
    expect(ps.stdout).toBe('');
  });
  it('an unanchored search, as regexp.MatchString', () => {
    expect(searchPattern('web')?.test('my-web-1')).toBe(true);
    expect(searchPattern('^web')?.test('my-web-1')).toBe(false);
    expect(searchPattern('(')).toBeNull();
    expect(searchPattern('(?=x)')).toBeNull();
  });
});
