/**
 * A scenario of secrets and configs, run as the library's scenarios are run
 * (parse, run, every checked step prints what its transcript expects, the
 * library's lint rules). It lives here rather than in scenarios/ until it has
 * a recording against a real Swarm (test/real/differential.test.ts asks every
 * bundled scenario for one: `npm run real -- --record FILE`).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatProblem, lintRun, lintScenario } from '../../sim/scenario/lint.js';
import { parseScenario } from '../../sim/scenario/parse.js';
import { runScenario } from '../../sim/scenario/run.js';

const FILE = 'stack-secrets-and-configs.swarm';

describe(`test/docker/fixtures/${FILE}`, () => {
  const text = readFileSync(new URL(`fixtures/${FILE}`, import.meta.url), 'utf8');
  const scenario = parseScenario(text, FILE);
  const run = runScenario(scenario);

  it('prints what its transcript expects at every checked step', () => {
    const checked = run.steps.filter((s) => s.check !== null);
    expect(checked.length).toBeGreaterThan(8);
    for (const s of checked) expect(s.check!.ok, `${FILE}:${s.step.line}: ${s.command.split('\n')[0]}\n${s.check!.diff}`).toBe(true);
  });

  it("keeps the library's rules", () => {
    expect([...lintScenario(scenario, text), ...lintRun(scenario, run)].map(formatProblem)).toEqual([]);
  });

  it('ends with the stack gone and the external secret removed', () => {
    const snap = run.steps[run.steps.length - 1];
    expect(snap.check?.ok).toBe(true);
    expect(run.sim.world.secrets.size + run.sim.world.configs.size + run.sim.world.services.size).toBe(0);
  });
});
