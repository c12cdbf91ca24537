/**
 * Determinism: the same seed gives the same trace, event for event; another
 * seed changes only tie-breaks (see sim/testing/determinism.ts for what that
 * means and in which world it holds). Each case runs on two simulations in
 * lock-step, compared after every step.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assertProperty,
  clusterSetup,
  LockstepRunner,
  propertyRuns,
  swarmCommands,
  TIE_BREAK_SAFE,
  toScenario,
  type CommandRunner,
  type SwarmArbitraryOptions,
} from '../../sim/testing/index.js';

const lockstepCase = (o: SwarmArbitraryOptions) =>
  fc.record({
    seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
    otherSeed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
    setup: clusterSetup(o),
    commands: swarmCommands(o),
  });

function lockstep(name: string, compare: 'same-seed' | 'tie-breaks', o: SwarmArbitraryOptions) {
  return assertProperty(
    name,
    lockstepCase(o),
    (c) => {
      fc.modelRun(() => {
        const r = new LockstepRunner(compare, c.seed, c.otherSeed);
        for (const cmd of c.setup) r.step(cmd);
        return { model: r.model(), real: r as CommandRunner };
      }, c.commands);
    },
    {
      numRuns: propertyRuns(),
      stopwatch: () => performance.now(),
      scenario: (c, where) =>
        toScenario(c, {
          invariants: [],
          description: `${name}; fast-check seed ${where.seed}, path "${where.path}"${compare === 'tie-breaks' ? `; compare with seed ${c.otherSeed}` : ''}`,
        }),
    },
  );
}

describe('determinism', () => {
  it('gives the same trace for the same seed', () => {
    const run = lockstep('determinism: same seed, same trace', 'same-seed', {});
    expect(run.numRuns).toBe(propertyRuns());
  });

  it('changes only tie-breaks for another seed', () => {
    const run = lockstep('determinism: another seed changes only tie-breaks', 'tie-breaks', TIE_BREAK_SAFE);
    expect(run.numRuns).toBe(propertyRuns());
  });
});
