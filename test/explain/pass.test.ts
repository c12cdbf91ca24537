/**
 * The record of a pass is made cheaply (a shared frame of nodes, a position in
 * a ledger of counts) and read later: what it gives back must be what an eager
 * evaluation gave at the moment of the pass, whatever happened since. And a
 * pending task is explained from its last failed pass, not the state now.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { explainTask } from '../../sim/explain.js';
import { serviceSpec } from '../../sim/model/defaults.js';
import type { Task } from '../../sim/model/types.js';
import type * as Decision from '../../sim/scheduler/decision.js';
import type { GroupRecord, RecordedNode } from '../../sim/scheduler/decision.js';
import { spreadValue } from '../../sim/scheduler/decisionTree.js';
import { defaultFilters } from '../../sim/scheduler/filters/index.js';
import type { NodeInfo } from '../../sim/scheduler/nodeInfo.js';
import { Simulation } from '../../sim/simulation.js';
import { snapshot } from '../../sim/snapshot.js';
import { recordedNodes } from '../../sim/scheduler/decision.js';
import { create, swarm } from '../core/world.js';

/** Every frame-based record the scheduler makes, with the nodes it was made from (live, at that moment). */
const hook = vi.hoisted(() => ({ on: null as null | ((r: GroupRecord, nodes: readonly NodeInfo[]) => void) }));
vi.mock('../../sim/scheduler/decision.js', async (importOriginal) => {
  const mod = await importOriginal<typeof Decision>();
  return {
    ...mod,
    recordFramed: (...args: Parameters<typeof mod.recordFramed>) => {
      const r = mod.recordFramed(...args);
      hook.on?.(r, args[2]);
      return r;
    },
  };
});

/** What recordedNodes must give back: every filter and key evaluated on the live nodes, now. */
function eager(r: GroupRecord, nodes: readonly NodeInfo[], task: Task): RecordedNode[] {
  const filters = r.filters.map((name) => {
    const f = defaultFilters().find((x) => x.name === name)!;
    f.setTask(task);
    return f;
  });
  return nodes.map((n) => ({
    id: n.id,
    hostname: n.node.machine,
    verdicts: r.full ? filters.map((f) => (f.check(n) ? '' : f.reason(n) || f.explain(1))) : null,
    tasksOfService: n.tasksOfService(r.serviceId),
    totalTasks: n.activeTasksCount,
    recentFailures: n.countRecentFailures(r.time, r.serviceId, r.specVersion),
    branch: r.preferences.map((p) => spreadValue(p, n)).filter((v): v is string => v !== null),
  }));
}

const LABELS = ['ssd', 'hdd'];
const op = fc.oneof(
  fc.record({ kind: fc.constant('label' as const), node: fc.integer({ min: 1, max: 5 }), disk: fc.constantFrom(...LABELS, null) }),
  fc.record({ kind: fc.constant('drain' as const), node: fc.integer({ min: 2, max: 5 }), drain: fc.boolean() }),
  fc.record({ kind: fc.constant('scale' as const), service: fc.integer({ min: 0, max: 3 }), replicas: fc.integer({ min: 0, max: 9 }) }),
  fc.record({ kind: fc.constant('stop' as const), node: fc.integer({ min: 2, max: 5 }), stop: fc.boolean() }),
);

describe('a frame-based record', () => {
  it('gives back, at the end of a run, what an eager evaluation gave at its pass (random swarms and changes)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 5 }), fc.array(op, { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 1000 }), (size, ops, seed) => {
        const sim = new Simulation({ seed });
        for (let i = 1; i <= size; i++) sim.machine(`node${i}`, { cpus: 2, memoryBytes: 2 * 2 ** 30 });
        const init = sim.swarmInit('node1');
        for (let i = 2; i <= size; i++) sim.swarmJoin(`node${i}`, init.workerToken, '192.168.99.100:2377');
        sim.settle();
        const seen: { r: GroupRecord; want: RecordedNode[]; task: Task }[] = [];
        hook.on = (r, nodes) => {
          const task = [...sim.world.tasks.values()].find((t) => t.serviceId === r.serviceId && t.specVersion === r.specVersion)!;
          seen.push({ r, want: eager(r, nodes, task), task });
        };
        try {
          const port = { protocol: 'tcp' as const, targetPort: 80, publishedPort: 8080, publishMode: 'host' as const };
          sim.serviceCreate(serviceSpec({ name: 's0', replicas: 3, placement: { constraints: ['node.labels.disk==ssd'] } }));
          sim.serviceCreate(serviceSpec({ name: 's1', replicas: 2, reserveCpus: 1, reserveMemory: 2 ** 30 }));
          sim.serviceCreate(serviceSpec({ name: 's2', replicas: 2, ports: [port] }));
          sim.serviceCreate(serviceSpec({ name: 's3', replicas: 4, placement: { maxReplicas: 1, preferences: [{ spread: 'node.labels.disk' }] } }));
          sim.settle();
          for (const o of ops) {
            const host = `node${Math.min(o.kind === 'scale' ? 1 : o.node, size)}`;
            if (o.kind === 'label') sim.nodeUpdate(host, o.disk ? { labelAdd: { disk: o.disk } } : { labelAdd: { other: 'x' } });
            else if (o.kind === 'drain') sim.nodeUpdate(host, { availability: o.drain ? 'drain' : 'active' });
            else if (o.kind === 'scale') sim.serviceScale(`s${o.service}`, o.replicas);
            else if (host !== 'node1') (o.stop ? sim.stopMachine(host) : sim.startMachine(host));
            sim.settle();
          }
        } finally {
          hook.on = null;
        }
        expect(seen.length).toBeGreaterThan(0);
        for (const s of seen) expect(recordedNodes(s.r, s.task)).toEqual(s.want);
      }),
      { numRuns: 40, seed: 12 },
    );
  });
});

const taskOf = (sim: Simulation, service: string, slot = 1) =>
  [...sim.world.tasks.values()].find((t) => t.slot === slot && sim.world.services.get(t.serviceId)?.spec.name === service)!;

describe('the record of a failed pass', () => {
  it('explains a pending task as its last pass saw it, after a change no pass has seen yet', () => {
    const sim = swarm(3);
    create(sim, { name: 'db', placement: { constraints: ['node.labels.disk==ssd'] } });
    const t = taskOf(sim, 'db');
    expect(t.lastPass?.err).toBe('no suitable node (scheduling constraints not satisfied on 3 nodes)');
    const passAt = t.lastPass!.group.time;
    // The label lands in the store; the scheduler's next pass has not run.
    sim.nodeUpdate('node2', { labelAdd: { disk: 'ssd' } });
    const e = explainTask(snapshot(sim), t.id)!;
    expect(e.evaluatedAt).toBe('lastPass');
    expect(e.lastPass).toEqual({ time: passAt, err: 'no suitable node (scheduling constraints not satisfied on 3 nodes)', nodeCount: 3 });
    expect(e.matrix.map((n) => [n.node, n.pass, n.verdicts.map((v) => v.reason)])).toEqual([
      ['node1', false, ['', 'node.labels.disk==ssd (is "")']],
      ['node2', false, ['', 'node.labels.disk==ssd (is "")']],
      ['node3', false, ['', 'node.labels.disk==ssd (is "")']],
    ]);
    expect(e.because).toBe(
      'At the scheduler\'s last pass no node passed every filter: node1, node2 and node3 failed Constraint (node.labels.disk==ssd (is "")). Since then node2 passes every filter: the scheduler places it at its next pass.',
    );
    expect(e.sinceDecision).toEqual([{ node: 'node2', filter: 'Constraint', reason: 'passes now' }]);
    expect(e.fixes).toEqual([]);
    expect(e.swarmkitMessage).toBe('no suitable node (scheduling constraints not satisfied on 3 nodes)');
    // The evaluation against the state now, as asked, says what the next pass will see.
    expect(explainTask(snapshot(sim), t.id, { now: true })!.matrix.find((n) => n.node === 'node2')!.pass).toBe(true);
    sim.settle();
    expect(sim.world.nodes.get(t.nodeId)?.machine).toBe('node2');
  });

  it('keeps the fixes, worked out against the state now', () => {
    const sim = swarm(2);
    create(sim, { name: 'db', placement: { constraints: ['node.labels.disk==ssd'] } });
    const t = taskOf(sim, 'db');
    sim.nodeUpdate('node2', { labelAdd: { disk: 'hdd' } });
    const e = explainTask(snapshot(sim), t.id)!;
    expect(e.evaluatedAt).toBe('lastPass');
    expect(e.matrix[1].verdicts[1].reason).toBe('node.labels.disk==ssd (is "")');
    expect(e.fixes.map((f) => f.changes.map((c) => c.command))).toEqual([
      ['node1$ docker node update --label-add disk=ssd node1'],
      ['node1$ docker node update --label-add disk=ssd node2'],
    ]);
    expect(e.sinceDecision).toEqual([]);
  });

  it('past 64 nodes too, where placed tasks keep only the best nodes: a failed pass keeps every verdict', () => {
    const sim = new Simulation({ seed: 1 });
    for (let i = 1; i <= 70; i++) sim.machine(`node${i}`);
    const init = sim.swarmInit('node1');
    for (let i = 2; i <= 70; i++) sim.swarmJoin(`node${i}`, init.workerToken, '192.168.99.100:2377');
    sim.settle();
    sim.serviceCreate(serviceSpec({ name: 'web', placement: { constraints: ['node.labels.zone==a'] } }));
    sim.settle();
    const e = explainTask(snapshot(sim), taskOf(sim, 'web').id)!;
    expect(e.evaluatedAt).toBe('lastPass');
    expect(e.matrix).toHaveLength(70);
    expect(e.matrix.every((n) => n.countedAgainst === 'Constraint')).toBe(true);
    expect(e.swarmkitMessage).toBe('no suitable node (scheduling constraints not satisfied on 70 nodes)');
  });

  it('is not kept while tracing is off', () => {
    const sim = new Simulation({ seed: 1, tracing: false });
    sim.machine('node1');
    sim.swarmInit('node1');
    sim.settle();
    create(sim, { name: 'db', placement: { constraints: ['node.labels.disk==ssd'] } });
    const t = taskOf(sim, 'db');
    expect(t.lastPass).toBeUndefined();
    expect(explainTask(snapshot(sim), t.id)!.evaluatedAt).toBe('now');
  });
});
