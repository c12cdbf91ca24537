/**
 * Decisions are recorded when they are made: an explanation of a placed task
 * never re-evaluates the filters against a later state, tracing off records
 * nothing, and a swarm past 64 nodes keeps a summary instead of a matrix.
 */
import { describe, expect, it } from 'vitest';
import { explainTask } from '../../sim/explain.js';
import { serviceSpec } from '../../sim/model/defaults.js';
import { Simulation } from '../../sim/simulation.js';
import { snapshot } from '../../sim/snapshot.js';
import { create, swarm } from '../core/world.js';

const taskOf = (sim: Simulation, service: string, slot = 1) =>
  [...sim.world.tasks.values()].find((t) => t.slot === slot && sim.world.services.get(t.serviceId)?.spec.name === service)!;

describe('the record of a placement', () => {
  it('keeps the verdicts of the moment of placement; later changes are listed, not mixed in', () => {
    const sim = swarm(3);
    sim.nodeUpdate('node2', { labelAdd: { disk: 'ssd' } });
    sim.settle();
    create(sim, { name: 'db', placement: { constraints: ['node.labels.disk==ssd'] } });
    const t = taskOf(sim, 'db');
    const before = explainTask(snapshot(sim), t.id)!;
    sim.nodeUpdate('node2', { labelRm: ['disk'] });
    sim.nodeUpdate('node3', { labelAdd: { disk: 'ssd' } });
    sim.settle();
    const after = explainTask(snapshot(sim), t.id)!;
    expect(after.task.node).toBe('node2');
    expect(after.matrix).toEqual(before.matrix);
    expect(after.because).toBe(before.because);
    expect(after.because).toBe('node2 was the only node that passed every filter (node1: node.labels.disk==ssd (is ""); node3: node.labels.disk==ssd (is "")).');
    expect(after.sinceDecision).toEqual([
      { node: 'node2', filter: 'Constraint', reason: 'node.labels.disk==ssd (is "")' },
      { node: 'node3', filter: 'Constraint', reason: 'passes now' },
    ]);
    expect(after.evaluatedAt).toBe('decision');
  });

  it('image platforms (PlatformFilter): the only matching node, and pending with no fix', () => {
    const sim = new Simulation({ seed: 1 });
    sim.machine('node1');
    sim.machine('node2', { arch: 'aarch64' });
    const init = sim.swarmInit('node1');
    sim.swarmJoin('node2', init.workerToken, '192.168.99.100:2377');
    sim.settle();
    create(sim, { name: 'arm', placement: { platforms: [{ os: 'linux', arch: 'arm64' }] } });
    create(sim, { name: 'ppc', placement: { platforms: [{ os: 'linux', arch: 'ppc64le' }] } });
    const snap = snapshot(sim);
    const arm = explainTask(snap, taskOf(sim, 'arm').id)!;
    expect(arm.because).toBe('node2 was the only node that passed every filter (node1: node is linux/x86_64, image supports linux/arm64).');
    const ppc = explainTask(snap, taskOf(sim, 'ppc').id)!;
    expect(ppc.because).toBe(
      "At the scheduler's last pass no node passed every filter: node1 failed Platform (node is linux/x86_64, image supports linux/ppc64le); node2 failed Platform (node is linux/aarch64, image supports linux/ppc64le).",
    );
    expect(ppc.fixes).toEqual([]);
  });

  it('is not made while tracing is off: the explanation says it evaluates the state now', () => {
    const sim = new Simulation({ seed: 1, tracing: false });
    sim.machine('node1');
    sim.swarmInit('node1');
    sim.settle();
    create(sim, { name: 'web' });
    expect([...sim.world.tasks.values()].filter((t) => t.decision)).toHaveLength(0);
    const e = explainTask(snapshot(sim), taskOf(sim, 'web').id)!;
    expect(e.evaluatedAt).toBe('now');
    expect(e.decision).toBeNull();
    expect(e.because).toBe('Placed on node1 before decisions were recorded: the matrix is evaluated against this snapshot, not the moment of placement.');
  });

  it('past 64 nodes, on the index path: the best nodes found, without a matrix', () => {
    const sim = new Simulation({ seed: 1 });
    for (let i = 1; i <= 70; i++) sim.machine(`node${i}`);
    const init = sim.swarmInit('node1');
    for (let i = 2; i <= 70; i++) sim.swarmJoin(`node${i}`, init.workerToken, '192.168.99.100:2377');
    sim.settle();
    sim.serviceCreate(serviceSpec({ name: 'web' }));
    sim.settle();
    const e = explainTask(snapshot(sim), taskOf(sim, 'web').id)!;
    expect(e.decision).toMatchObject({ full: false, nodeCount: 70, groupSize: 1 });
    expect(e.matrix).toEqual([]);
    expect(e.because).toBe(`${e.task.node} was the best node the index found among 70 nodes: 0 tasks of web, 0 in all.`);
  });

  it('is kept on the task, and the snapshot of a step keeps it after the task is gone', () => {
    const sim = swarm(2);
    create(sim, { name: 'web', replicas: 2 });
    const snap = snapshot(sim);
    expect(snap.tasks.filter((t) => t.decision)).toHaveLength(2);
    sim.serviceRemove('web');
    sim.settle();
    expect(sim.world.tasks.size).toBe(0);
    expect(explainTask(snap, snap.tasks[0].id)!.evaluatedAt).toBe('decision');
  });
});
