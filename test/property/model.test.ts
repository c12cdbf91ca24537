/**
 * The model-based property: random clusters and command sequences (machines
 * added, stopped and started; nodes joining, leaving, drained, paused,
 * relabelled; plugins installed, enabled, disabled and removed; volumes,
 * networks and services created, scaled, updated and removed; tasks failing;
 * time passing), with every invariant checked after every step and every
 * assignment and scheduling error checked as it happens. A failure is shrunk
 * and written to test-artifacts/counterexample-<seed>.swarm.
 */
import { describe, expect, it } from 'vitest';
import { assertSwarmProperty, KNOWN_BUGS, propertyRuns, tolerateKnownBugs } from '../../sim/testing/index.js';

describe('swarm model', () => {
  it('keeps every invariant after every step', () => {
    const hits = new Map<string, number>();
    let placing = 0;
    let loops = 0;
    const run = assertSwarmProperty('model: invariants after every step', {
      stopwatch: () => performance.now(),
      numRuns: propertyRuns(),
      tolerate: tolerateKnownBugs,
      afterCase: (real) => {
        if ((real.observer?.assignments ?? 0) > 0) placing++;
        if (real.crashLooping) loops++;
        const bug = KNOWN_BUGS.find((b) => real.tolerated.some((v) => b.matches(v, real.sim)));
        if (bug) hits.set(bug.id, (hits.get(bug.id) ?? 0) + 1);
      },
    });
    const cut = [...hits].map(([id, n]) => `${n} at ${id}`).join(', ');
    console.log(`  ${placing} cases placed tasks; ${loops} ended in a crash loop; cut short by known core bugs: ${cut || 'none'}`);
    expect(run.numRuns).toBe(propertyRuns());
  });
});
