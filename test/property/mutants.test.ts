/**
 * The properties must catch a broken scheduler: each test injects one fault
 * into a simulation's filter pipeline (through private fields, test-only)
 * and expects the model property to fail, naming the rule that was broken.
 */
import { describe, expect, it } from 'vitest';
import type { Simulation } from '../../sim/simulation.js';
import { assertSwarmProperty, tolerateKnownBugs } from '../../sim/testing/index.js';

interface PipelineInternals {
  entries: { filter: { name: string; check: (n: unknown) => boolean } }[];
}

/** Makes the named filter pass every node, in this scheduler and in every one a new leader builds. */
const disable = (filter: string) => (sim: Simulation) => {
  const patch = (scheduler: unknown): void => {
    const pipeline = (scheduler as { pipeline: PipelineInternals }).pipeline;
    for (const e of pipeline.entries) if (e.filter.name === filter) e.filter.check = () => true;
  };
  const manager = sim.manager as unknown as { newScheduler: () => unknown };
  const build = manager.newScheduler.bind(manager);
  manager.newScheduler = () => {
    const s = build();
    patch(s);
    return s;
  };
  patch(sim.scheduler);
};

function failureOf(prepare: (sim: Simulation) => void): string {
  try {
    assertSwarmProperty('mutant', { prepare, tolerate: tolerateKnownBugs, numRuns: 1000, seed: 1, shrink: false, counterexampleDir: null, log: null });
  } catch (e) {
    return (e as Error).message;
  }
  return '(the property passed)';
}

describe('the model property catches a broken scheduler', () => {
  it('that ignores plugins', () => {
    expect(failureOf(disable('Plugin'))).toMatch(/assignedOnlyWhereItFits: .*Plugin: does not report/);
  });

  it('that ignores max replicas per node', () => {
    expect(failureOf(disable('MaxReplicas'))).toMatch(/assignedOnlyWhereItFits: .*MaxReplicas: /);
  });

  it('that ignores host ports', () => {
    expect(failureOf(disable('HostPort'))).toMatch(/assignedOnlyWhereItFits: .*HostPort: /);
  });
});
