import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkExpected } from '../../sim/scenario/expect.js';
import { parseScenario, ScenarioError, type Scenario } from '../../sim/scenario/parse.js';

const FRAGMENTS = [
  'node1$ docker',
  'n-2.x$ docker ',
  'sim$ ',
  'sim$ sleep',
  'sim$ machine n1',
  'sim$ registry p --type volumedriver',
  'sim$ fail web.1',
  'sim$ stop n1',
  ' --cpus',
  ' --memory=1.5g',
  ' --ip 10.0.0.1',
  ' 5s',
  ' 1m30s',
  ' ps',
  ' run',
  ' ',
  '\t',
  '\n',
  '\r\n',
  "'",
  '"',
  '\\',
  '\\\n',
  '<<EOF',
  "<<'EOF'",
  '<< "EOF"',
  '\nEOF\n',
  'EOF',
  '---',
  '---\n',
  'title: x\n',
  'seed: 3\n',
  'tags: [a',
  ']',
  '[',
  '#',
  '# note\n',
  ' (re)',
  '.* (re)',
  '( (re)',
  '[3]',
  '[300]',
  '$',
  '$HOME',
  '$(x)',
  '`',
  '|',
  '&&',
  ';',
  '>',
  '(',
  '{{.ID}}',
  '=',
  'µs',
  '\uFEFF',
  '\u{1F433}',
];

const LINE_STARTS = [
  'node1$ docker',
  'n2$ docker service create',
  'n2$ docker config create c - <<EOF',
  'sim$ sleep',
  'sim$ machine n3',
  'sim$ registry p --type authz',
  'sim$ start',
  '# ',
  '',
  'ID   NAME',
  'output',
  '[1]',
  'EOF',
  '---',
];

// Free mixes of fragments mostly die on their first line; whole lines with
// random tails reach the later stages (here-documents, expected output).
const grammarish = fc.oneof(
  fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 40 }).map((parts) => parts.join('')),
  fc
    .array(fc.tuple(fc.constantFrom(...LINE_STARTS), fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 4 })), {
      maxLength: 12,
    })
    .map((ls) => ['node1$ docker ps', ...ls.map(([start, tail]) => [start, ...tail].join(' '))].join('\n')),
);
const anyText = fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 }), grammarish);

/** Returns the scenario, or null after checking that the error is a well-located ScenarioError. */
function parseOrCheckError(text: string): Scenario | null {
  try {
    return parseScenario(text, 'fuzz.swarm');
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError);
    const err = e as ScenarioError;
    const lines = text.split('\n');
    expect(err.file).toBe('fuzz.swarm');
    expect(err.message).not.toBe('');
    expect(err.line).toBeGreaterThanOrEqual(1);
    expect(err.line).toBeLessThanOrEqual(lines.length);
    expect(err.column).toBeGreaterThanOrEqual(1);
    expect(err.column).toBeLessThanOrEqual(lines[err.line - 1].length + 1);
    expect(err.toString()).toBe(`fuzz.swarm:${err.line}:${err.column}: ${err.message}`);
    return null;
  }
}

describe('parseScenario on random input', () => {
  it('returns a consistent scenario or throws a located ScenarioError', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const s = parseOrCheckError(text);
        if (!s) return;
        const lineCount = text.split('\n').length;
        expect(new Set(s.hosts).size).toBe(s.hosts.length);
        let previousEnd = 0;
        for (const step of s.steps) {
          expect(step.line).toBeGreaterThan(previousEnd);
          expect(step.endLine).toBeGreaterThanOrEqual(step.line);
          expect(step.endLine).toBeLessThanOrEqual(lineCount);
          expect(step.source.split('\n')).toHaveLength(step.endLine - step.line + 1);
          if (step.kind === 'docker') expect(s.hosts).toContain(step.host);
          for (const l of step.expected?.lines ?? []) {
            expect(l.line).toBeGreaterThan(step.endLine);
            expect(l.line).toBeLessThanOrEqual(lineCount);
          }
          previousEnd = step.endLine;
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('checks random output without throwing, and accepts output equal to literal expected lines', () => {
    fc.assert(
      fc.property(grammarish, fc.string({ maxLength: 80 }), fc.integer({ min: 0, max: 255 }), (text, actual, status) => {
        const s = parseOrCheckError(text);
        for (const step of s?.steps ?? []) {
          const r = checkExpected(step, actual, status);
          expect(r.ok).toBe(r.diff === '');
          if (!r.ok) expect(r.diff).toMatch(/^(--- expected\n\+\+\+ actual\n@@ |exit status: )/);
          const e = step.expected;
          if (e && e.lines.every((l) => l.regex === null)) {
            expect(checkExpected(step, e.lines.map((l) => l.text).join('\n'), e.exitCode)).toEqual({ ok: true, diff: '' });
          }
        }
      }),
      { numRuns: 1500 },
    );
  });
});
