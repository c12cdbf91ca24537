import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareRuns, placementsOf } from '../../sim/explain/seeds.js';
import { parseScenario } from '../../sim/scenario/parse.js';
import { runScenario } from '../../sim/scenario/run.js';

const weave2 = parseScenario(readFileSync(new URL('../../scenarios/weave2-network-plugin.swarm', import.meta.url), 'utf8'), 'weave2.swarm');
const run = (seed: number) => runScenario(weave2, { seed }).steps;

describe('compare seeds (sim/explain/seeds.ts)', () => {
  it('weave2 under seeds 1 and 2: the spread over two nodes differs replica by replica, never in count; after the plugin is removed, all are on node1 either way', () => {
    const c = compareRuns(1, run(1), 2, run(2));
    expect(c.firstDifference).toBe(6);
    expect(c.steps.map((d) => d.length)).toEqual([0, 0, 0, 0, 0, 0, 8, 8, 8, 0, 0, 0, 0, 0, 0]);
    expect(c.steps[6][0]).toEqual({ task: 'myservice.1', a: 'node1', b: 'node2' });
    const count = (seed: number) => {
      const m = new Map<string, number>();
      for (const host of placementsOf(run(seed)[6].snapshot).values()) m.set(host ?? 'pending', (m.get(host ?? 'pending') ?? 0) + 1);
      return Object.fromEntries([...m].sort());
    };
    expect(count(1)).toEqual({ node1: 4, node2: 4 });
    expect(count(2)).toEqual(count(1));
  });

  it('a seed that breaks the ties the same way changes nothing', () => {
    expect(compareRuns(1, run(1), 5, run(5)).firstDifference).toBeNull();
  });
});
