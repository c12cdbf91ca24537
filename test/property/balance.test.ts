/** The balance property (see balance.ts), run as a test. */
import { describe, expect, it } from 'vitest';
import { assertSwarmProperty, propertyRuns } from '../../sim/testing/index.js';
import { balancedCase, balancedOnEqualNodes } from './balance.js';

describe('balance', () => {
  it('spreads one service evenly over equal nodes', () => {
    const run = assertSwarmProperty('balance: equal nodes differ by at most one task', {
      stopwatch: () => performance.now(),
      arbitrary: balancedCase,
      invariants: [balancedOnEqualNodes('s1')],
      numRuns: propertyRuns(),
    });
    expect(run.numRuns).toBe(propertyRuns());
  });
});
