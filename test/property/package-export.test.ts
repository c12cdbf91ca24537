/**
 * `swarmsim/testing` resolves through the package's exports map (a package
 * may import itself by name), for tests written the way a user would.
 */
import { describe, expect, it } from 'vitest';
import * as byName from 'swarmsim/testing';
import * as byPath from '../../sim/testing/index.js';

describe('swarmsim/testing', () => {
  it('is the sim/testing entry point', () => {
    expect(byName.checkInvariants).toBe(byPath.checkInvariants);
    expect(byName.swarmCommands).toBe(byPath.swarmCommands);
    expect(byName.toScenario).toBe(byPath.toScenario);
  });
});
