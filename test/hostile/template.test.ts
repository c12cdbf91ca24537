import { describe, expect, it } from 'vitest';
import { runDocker } from '../../sim/docker/run.js';
import { executeTemplate, MAX_TEMPLATE_DEPTH, TemplateError } from '../../sim/docker/format/template.js';
import { Simulation } from '../../sim/simulation.js';

const DEPTH_ERROR = 'template: :1: max expression depth exceeded';

function parseError(format: string): string {
  try {
    executeTemplate(format, { ID: 'abc', Name: 'web' });
  } catch (e) {
    if (e instanceof TemplateError) return e.message;
    throw e;
  }
  return '(no error)';
}

const parens = (n: number): string => '{{' + '('.repeat(n) + '.ID' + ')'.repeat(n) + '}}';
const nestedIf = (n: number): string => '{{if 1}}'.repeat(n) + 'x' + '{{end}}'.repeat(n);

describe('--format templates nested past the limit', () => {
  it("5,000 parentheses: Go's parse error, not a stack overflow", () => {
    expect(parseError(parens(5000))).toBe(DEPTH_ERROR);
  });
  it('2,000 nested {{if}}, closed or not, and a 5,000-link {{else if}} chain', () => {
    expect(parseError(nestedIf(2000))).toBe(DEPTH_ERROR);
    expect(parseError('{{if 1}}'.repeat(2000))).toBe(DEPTH_ERROR);
    expect(parseError('{{if 0}}' + '{{else if 0}}'.repeat(5000) + '{{end}}')).toBe(DEPTH_ERROR);
  });
  it('the limit itself is accepted, one more level is not; parentheses and blocks share it', () => {
    expect(executeTemplate(parens(MAX_TEMPLATE_DEPTH), { ID: 'abc' })).toBe('abc');
    expect(parseError(parens(MAX_TEMPLATE_DEPTH + 1))).toBe(DEPTH_ERROR);
    expect(executeTemplate(nestedIf(MAX_TEMPLATE_DEPTH), {})).toBe('x');
    expect(parseError(nestedIf(MAX_TEMPLATE_DEPTH + 1))).toBe(DEPTH_ERROR);
    expect(parseError('{{if 1}}'.repeat(MAX_TEMPLATE_DEPTH / 2) + parens(MAX_TEMPLATE_DEPTH / 2 + 1))).toBe(DEPTH_ERROR);
  });
  it('the error is located on the line where the limit is reached', () => {
    expect(parseError('{{.ID}}\n\n' + nestedIf(500))).toBe('template: :3: max expression depth exceeded');
  });
  it('docker prints it as a template parsing error, exit 1', () => {
    const sim = new Simulation({ seed: 1 });
    runDocker(sim, 'node1', ['swarm', 'init']);
    const r = runDocker(sim, 'node1', ['node', 'ls', '--format', parens(5000)]);
    expect({ exitCode: r.exitCode, stderr: r.stderr }).toEqual({ exitCode: 1, stderr: `template parsing error: ${DEPTH_ERROR}\n` });
  });
});

describe('long templates', () => {
  // Lexing counted lines from the start for every item and copied the rest of
  // the template to trim it: 20,000 actions took 30 s, these would take minutes
  // (vitest's timeout fails the test). The figures belong to the benchmark.
  it('100,000 actions on 100,000 lines, and 50,000 {{if}} blocks in a row', () => {
    expect(executeTemplate('{{.ID}}\n'.repeat(100_000), { ID: 'a' })).toBe('a\n'.repeat(100_000));
    expect(executeTemplate('{{if 1}}x{{end}}'.repeat(50_000), {})).toBe('x'.repeat(50_000));
    expect(executeTemplate('{{- .ID -}}  \n'.repeat(50_000), { ID: 'a' })).toBe('a'.repeat(50_000));
  });
});
