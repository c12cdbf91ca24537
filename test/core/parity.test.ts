/**
 * The benchmark's parity workload (swarmkit manager/scheduler/scheduler_test.go
 * benchScheduler), small enough for a test: N ready nodes, every third
 * reporting the network plugin `network`; T pending tasks, each its own
 * service; with and without every task needing that network. Every placement
 * the indexed scheduler makes is checked against SwarmKit's rules applied
 * the slow way, over every node: the node passes the filter pipeline, and no
 * node that passes is strictly better by nodeLess (fewer tasks of the
 * service, then fewer active tasks) at that moment.
 */
import { describe, expect, it } from 'vitest';
import type { PluginDescription, Service, Task } from '../../sim/model/types.js';
import { Rng } from '../../sim/rng.js';
import { NodeInfo } from '../../sim/scheduler/nodeInfo.js';
import { Pipeline } from '../../sim/scheduler/pipeline.js';
import { Scheduler, type Decision } from '../../sim/scheduler/scheduler.js';
import { node, task } from './fixtures.js';

const NETWORK: PluginDescription[] = [{ type: 'Network', name: 'network' }];

function parity(nodes: number, tasks: number, withNetwork: boolean, seed: number): { placed: Map<string, number>; checked: number } {
  const swarm = Array.from({ length: nodes }, (_, i) => node(`n${i}`, { plugins: i % 3 === 0 ? NETWORK : [], cpus: 4 }));
  // The reference: SwarmKit's bookkeeping, kept by the test from the decisions.
  const shadow = new Map(swarm.map((n) => [n.id, new NodeInfo(n)]));
  const pipeline = new Pipeline();
  const key = (n: NodeInfo, svc: string): [number, number] => [n.tasksOfService(svc), n.activeTasksCount];
  const placed = new Map<string, number>();
  let checked = 0;
  const check = (d: Decision): void => {
    if (d.kind !== 'assign') throw new Error(`task ${d.task.id}: ${d.kind === 'error' ? d.err : d.kind}`);
    pipeline.setTask(d.task);
    const passing = [...shadow.values()].filter((n) => pipeline.process(n));
    const chosen = shadow.get(d.nodeId)!;
    expect(passing, `${d.task.id} on ${d.nodeId}`).toContain(chosen);
    const [own, all] = key(chosen, d.task.serviceId);
    const better = passing.find((n) => {
      const [o, a] = key(n, d.task.serviceId);
      return o < own || (o === own && a < all);
    });
    expect(better?.id, `${d.task.id}: ${d.nodeId} has ${own}/${all}`).toBeUndefined();
    chosen.addTask({ ...d.task, nodeId: d.nodeId });
    placed.set(d.nodeId, (placed.get(d.nodeId) ?? 0) + 1);
    checked++;
  };
  const sched: Scheduler = new Scheduler({
    now: () => 0,
    rng: new Rng(seed),
    service: (id) => ({ id, specVersion: 1 }) as Service,
    commit: (d) => {
      check(d);
      d.task.nodeId = (d as { nodeId: string }).nodeId;
      d.task.status = { state: 'assigned', timestamp: 0, message: '', err: '' };
      sched.taskChanged(d.task);
    },
  });
  for (const n of swarm) sched.nodeChanged(n);
  const nets = withNetwork ? [{ networkId: 'net', driver: 'network' }] : [];
  for (let i = 0; i < tasks; i++) sched.taskChanged({ ...task({}, { serviceId: `svc${i}`, networks: nets }), id: `t${i}` } as Task);
  sched.pass();
  return { placed, checked };
}

describe('parity workload (benchScheduler): every placement is one SwarmKit could make', () => {
  it('one service per task, no constraint: 900 tasks on 300 nodes, 3 on each', () => {
    for (const seed of [1, 2]) {
      const { placed, checked } = parity(300, 900, false, seed);
      expect(checked).toBe(900);
      expect(new Set(placed.values())).toEqual(new Set([3]));
      expect(placed.size).toBe(300);
    }
  });

  it('every task on the plugin network: only the 100 nodes with the plugin, 9 on each', () => {
    for (const seed of [1, 2]) {
      const { placed, checked } = parity(300, 900, true, seed);
      expect(checked).toBe(900);
      expect([...placed.keys()].every((id) => Number(id.slice(1)) % 3 === 0)).toBe(true);
      expect(new Set(placed.values())).toEqual(new Set([9]));
    }
  });
});
