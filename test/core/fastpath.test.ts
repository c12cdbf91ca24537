import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildTree } from '../../sim/scheduler/decisionTree.js';
import { NodeInfo } from '../../sim/scheduler/nodeInfo.js';
import { Pipeline } from '../../sim/scheduler/pipeline.js';
import { Scheduler } from '../../sim/scheduler/scheduler.js';
import { Rng } from '../../sim/rng.js';
import type { PluginDescription, Service, Task } from '../../sim/model/types.js';
import { node, task } from './fixtures.js';

/**
 * The scheduler finds a group's best nodes through its index instead of
 * scoring every node. Whatever the cluster, it must choose nodes of the same
 * quality as swarmkit's decision tree (nodeset.go tree + orderedNodes), and
 * give the same explanation when nothing fits.
 */
const PLUGINS: PluginDescription[][] = [[], [{ type: 'Network', name: 'weave:latest' }], [{ type: 'Network', name: 'weave:latest' }, { type: 'Volume', name: 'sshfs:latest' }]];

const arbCluster = fc.record({
  nodes: fc.array(
    fc.record({
      plugins: fc.integer({ min: 0, max: 2 }),
      down: fc.boolean(),
      drain: fc.boolean(),
      others: fc.integer({ min: 0, max: 4 }),
      own: fc.integer({ min: 0, max: 2 }),
      cpus: fc.integer({ min: 1, max: 4 }),
    }),
    { minLength: 1, maxLength: 12 },
  ),
  k: fc.integer({ min: 1, max: 6 }),
  needsWeave: fc.boolean(),
  needsSshfs: fc.boolean(),
  reserve: fc.integer({ min: 0, max: 3 }),
  seed: fc.integer(),
});

describe('index-based node choice', () => {
  it('chooses nodes as good as the decision tree would, and explains failures identically', () => {
    fc.assert(
      fc.property(arbCluster, (c) => {
        const spec = {
          reserveCpus: c.reserve,
          mounts: c.needsSshfs ? [{ source: 'v', volumeDriver: 'sshfs' }] : [],
        };
        const nets = c.needsWeave ? [{ networkId: 'n', driver: 'weave' }] : [];
        const decisions: { nodeId: string; err?: string }[] = [];
        const sched = new Scheduler({
          now: () => 0,
          rng: new Rng(c.seed),
          smallSwarm: 0,
          service: (id) => ({ id, specVersion: 1 }) as Service,
          commit: (d) => decisions.push(d.kind === 'assign' ? { nodeId: d.nodeId } : { nodeId: '', err: d.kind === 'error' ? d.err : '' }),
        });
        const infos: NodeInfo[] = [];
        c.nodes.forEach((n, i) => {
          const sn = node(`n${i}`, { plugins: PLUGINS[n.plugins], status: n.down ? 'down' : 'ready', availability: n.drain ? 'drain' : 'active', cpus: n.cpus });
          sched.nodeChanged(sn);
          const add = (svc: string, j: number): void =>
            sched.taskChanged({ ...task({}, { serviceId: svc, nodeId: sn.id }), id: `${svc}-${i}-${j}`, status: { state: 'running', timestamp: 0, message: '', err: '' } } as Task);
          for (let j = 0; j < n.others; j++) add('other', j);
          for (let j = 0; j < n.own; j++) add('svc1', j);
          infos.push(sched.nodeInfo(sn.id)!);
        });
        // The reference: swarmkit's tree over copies of the same nodes.
        const copies = infos.map((n) => n.clone());
        const probe = task(spec, { serviceId: 'svc1', networks: nets });
        const pipeline = new Pipeline();
        pipeline.setTask(probe);
        const less = sched.nodeLessFor('svc1', 1);
        const tree = buildTree(copies, 'svc1', [], c.k, (n) => pipeline.process(n), less, new Rng(1));
        const expected = tree.orderedNodes((n) => pipeline.process(n));
        const key = (n: NodeInfo): string => `${n.tasksOfService('svc1')}/${n.activeTasksCount}`;
        const expectedKeys = expected.map(key).sort();
        const expectedErr = expected.length === 0 ? pipeline.explain() : null;

        for (let i = 0; i < c.k; i++) sched.taskChanged({ ...probe, id: `new-${i}` });
        const keysBefore = new Map(infos.map((n) => [n.id, key(n)]));
        sched.pass();
        if (expected.length === 0) {
          expect(decisions.every((d) => d.nodeId === '')).toBe(true);
          expect(decisions[0]?.err).toBe(expectedErr ? `no suitable node (${expectedErr})` : 'no suitable node');
        } else {
          // The first assignments land on nodes whose keys were among the tree's best.
          const first = decisions.filter((d) => d.nodeId !== '').slice(0, Math.min(c.k, expected.length));
          const chosen = [...new Set(first.map((d) => d.nodeId))].map((id) => keysBefore.get(id)!).sort();
          for (const k of chosen) expect(expectedKeys).toContain(k);
        }
      }),
      { numRuns: 500 },
    );
  });
});
