/**
 * The example of sim/testing/README.md, run as written (with fewer cases):
 * a user's own invariant on top of the default ones, through the package name.
 */
import { expect, it } from 'vitest';
import { assertSwarmProperty, DEFAULT_INVARIANTS, propertyRuns, tolerateKnownBugs, type Invariant } from 'swarmsim/testing';

/** A task constrained to x86_64 never runs on another architecture. */
const x86StaysOnX86: Invariant = (_sim, snap) =>
  snap.tasks
    .filter((t) => t.status.state === 'running' && t.spec.placement.constraints.includes('node.platform.arch==x86_64'))
    .filter((t) => snap.nodes.find((n) => n.id === t.nodeId)?.description?.platform.arch !== 'x86_64')
    .map((t) => ({ invariant: 'x86StaysOnX86', message: `${t.name} runs on a non-x86_64 node` }));

it('keeps x86 tasks on x86 nodes (the README example)', () => {
  const run = assertSwarmProperty('guide: x86 placement', {
    stopwatch: () => performance.now(),
    invariants: [...DEFAULT_INVARIANTS, x86StaysOnX86],
    arbitraryOptions: { services: ['db', 'web'] },
    tolerate: tolerateKnownBugs,
    numRuns: Math.min(100, propertyRuns()),
  });
  expect(run.numRuns).toBe(Math.min(100, propertyRuns()));
});
