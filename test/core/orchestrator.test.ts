import { describe, expect, it } from 'vitest';
import { serviceSpec } from '../../sim/model/defaults.js';
import type { Task } from '../../sim/model/types.js';
import { create, running, swarm } from './world.js';
import type { Simulation } from '../../sim/simulation.js';

const tasksOf = (sim: Simulation, name: string): Task[] => {
  const svc = sim.resolveService(name)!;
  return sim.world.tasksOfService(svc.id);
};
const current = (sim: Simulation, name: string): Task[] => tasksOf(sim, name).filter((t) => t.desiredState === 'running');
const host = (sim: Simulation, t: Task): string => sim.world.nodes.get(t.nodeId)?.machine ?? '';

describe('replicated orchestrator', () => {
  it('scales up into the lowest free slots', () => {
    const sim = swarm(3);
    create(sim, { name: 'web', replicas: 3 });
    sim.serviceScale('web', 1);
    sim.settle();
    expect(current(sim, 'web').map((t) => t.slot)).toEqual([1]);
    sim.serviceScale('web', 3);
    sim.settle();
    expect(current(sim, 'web').map((t) => t.slot).sort()).toEqual([1, 2, 3]);
  });

  it('scales down from the most loaded node first', () => {
    const sim = swarm(2);
    create(sim, { name: 'web', replicas: 2 });
    // Make node1 hold 3 of 4 by draining node2 temporarily while scaling.
    sim.nodeUpdate('node2', { availability: 'drain' });
    sim.settle();
    sim.serviceScale('web', 3);
    sim.settle();
    sim.nodeUpdate('node2', { availability: 'active' });
    sim.serviceScale('web', 4);
    sim.settle();
    expect(running(sim, 'web')).toEqual({ node1: 3, node2: 1 });
    sim.serviceScale('web', 2);
    sim.settle();
    expect(running(sim, 'web')).toEqual({ node1: 1, node2: 1 });
  });

  it('restarts a failed task in the same slot after the restart delay, elsewhere when possible', () => {
    const sim = swarm(2);
    create(sim, { name: 'web', replicas: 1 });
    const [t] = current(sim, 'web');
    const t0 = sim.now;
    sim.failTask(t.id);
    sim.settle();
    expect(t.status.state).toBe('failed');
    expect(t.status.err).toBe('task: non-zero exit (1)');
    expect(t.desiredState).toBe('shutdown');
    const [next] = current(sim, 'web');
    expect(next.slot).toBe(t.slot);
    expect(next.status.state).toBe('running');
    expect(next.status.timestamp - t0).toBeGreaterThanOrEqual(5000);
  });

  it('honours restart-condition none and max attempts', () => {
    const sim = swarm(1);
    create(sim, { name: 'once', restart: { condition: 'none' } });
    sim.failTask('once.1');
    sim.settle();
    expect(current(sim, 'once')).toEqual([]);
    create(sim, { name: 'twice', restart: { maxAttempts: 2 } });
    for (let i = 0; i < 4; i++) {
      if (sim.resolveTask('twice.1')?.status.state === 'running') sim.failTask('twice.1');
      sim.settle();
    }
    expect(tasksOf(sim, 'twice')).toHaveLength(3);
  });

  it('replaces the tasks of a drained node and of a node that goes down; no rebalancing when it returns', () => {
    const sim = swarm(3);
    create(sim, { name: 'web', replicas: 6 });
    expect(running(sim, 'web')).toEqual({ node1: 2, node2: 2, node3: 2 });
    sim.nodeUpdate('node3', { availability: 'drain' });
    sim.settle();
    expect(running(sim, 'web')).toEqual({ node1: 3, node2: 3 });
    sim.nodeUpdate('node3', { availability: 'active' });
    sim.stopMachine('node2');
    const t0 = sim.now;
    sim.settle();
    const node2 = sim.world.nodes.get(sim.world.machines.get('node2')!.nodeId!)!;
    expect(node2.status).toBe('down');
    expect(sim.now - t0).toBeGreaterThanOrEqual(10_000);
    // Tasks on the down node stay "running" in the store (the agent cannot report) but are desired shutdown.
    const stranded = current(sim, 'web').filter((t) => host(sim, t) === 'node2');
    expect(stranded).toEqual([]);
    const live = current(sim, 'web').filter((t) => t.status.state === 'running');
    expect(live).toHaveLength(6);
    expect(live.filter((t) => host(sim, t) === 'node3')).toHaveLength(3);
    sim.startMachine('node2');
    sim.settle();
    expect(node2.status).toBe('ready');
    expect(running(sim, 'web').node2).toBeUndefined();
  });
});

describe('global orchestrator', () => {
  it('runs one task per node; a node without the plugin keeps its task pending with the bare message', () => {
    const sim = swarm(3);
    sim.pluginInstall('node1', 'bboreham/weave2');
    sim.pluginInstall('node2', 'bboreham/weave2');
    sim.settle();
    sim.networkCreate('node1', { name: 'weavenet', driver: 'bboreham/weave2:latest' });
    create(sim, { name: 'agent', mode: { kind: 'global' }, networks: ['weavenet'] });
    expect(running(sim, 'agent')).toEqual({ node1: 1, node2: 1 });
    const stuck = tasksOf(sim, 'agent').find((t) => host(sim, t) === 'node3')!;
    expect(stuck.status.state).toBe('pending');
    expect(stuck.status.err).toBe('missing plugin on 1 node');
    sim.pluginInstall('node3', 'bboreham/weave2');
    sim.settle();
    expect(stuck.status.state).toBe('running');
  });

  it('shuts down the task of a drained node, and starts one on a new node', () => {
    const sim = swarm(2);
    create(sim, { name: 'agent', mode: { kind: 'global' } });
    sim.nodeUpdate('node2', { availability: 'drain' });
    sim.settle();
    expect(running(sim, 'agent')).toEqual({ node1: 1 });
    sim.machine('node3');
    sim.swarmJoin('node3', sim.joinToken('worker'), '192.168.99.100:2377');
    sim.settle();
    expect(running(sim, 'agent')).toEqual({ node1: 1, node3: 1 });
  });
});

describe('plugins and running tasks', () => {
  // As seen on real engines (test/real/recorded/plugin-rm-force-running-tasks.swarm).
  it('removing a plugin never stops a running task, and the node reports the driver while its network is there', () => {
    const sim = swarm(2);
    for (const h of ['node1', 'node2']) sim.pluginInstall(h, 'bboreham/weave2');
    sim.settle();
    sim.networkCreate('node1', { name: 'net', driver: 'bboreham/weave2:latest' });
    create(sim, { name: 'web', replicas: 2, networks: ['net'] });
    expect(running(sim, 'web')).toEqual({ node1: 1, node2: 1 });
    sim.pluginRemove('node2', 'bboreham/weave2', true);
    sim.settle();
    expect(running(sim, 'web')).toEqual({ node1: 1, node2: 1 });
    const node2 = sim.resolveNode('node2');
    expect(node2.description?.engine.plugins).toContainEqual({ type: 'Network', name: 'bboreham/weave2:latest' });
    // A failed task's replacement goes back to node2 (fewer tasks of web, the driver still
    // reported) and cannot start there: joining the network needs the plugin's socket.
    const slot = current(sim, 'web').find((t) => host(sim, t) === 'node2')!.slot;
    sim.failTask(`web.${slot}`);
    expect(sim.settle()).toMatchObject({ settled: false, stopped: 'crash-loop' });
    const failedStarts = sim.world.tasksOfService(sim.resolveService('web')!.id).filter((t) => t.status.err.startsWith('starting container failed: failed to create endpoint'));
    expect(failedStarts.length).toBeGreaterThan(0);
    expect(failedStarts.every((t) => host(sim, t) === 'node2')).toBe(true);
    // Once no task on node2 uses the network, the driver leaves node2's description.
    sim.serviceScale('web', 0);
    sim.settle();
    expect(sim.resolveNode('node2').description?.engine.plugins).not.toContainEqual({ type: 'Network', name: 'bboreham/weave2:latest' });
    sim.serviceScale('web', 2);
    sim.settle();
    expect(running(sim, 'web')).toEqual({ node1: 2 });
  });
});

describe('rolling update and rollback', () => {
  it('replaces tasks one at a time, stop-first, then completes; rollback restores the old image', () => {
    const sim = swarm(2);
    create(sim, { name: 'web', replicas: 3, image: 'nginx:1.25' });
    sim.serviceUpdate('web', (s) => ({ ...s, task: { ...s.task, image: 'nginx:1.27' } }));
    sim.settle();
    const svc = sim.resolveService('web')!;
    // The tasks are updated; the updater still watches for one monitor period (updater.go Run).
    expect(svc.updateStatus?.state).toBe('updating');
    sim.advance(svc.spec.update.monitor + 1);
    expect(svc.updateStatus?.state).toBe('completed');
    const live = current(sim, 'web');
    expect(live.map((t) => t.spec.image)).toEqual(['nginx:1.27', 'nginx:1.27', 'nginx:1.27']);
    // one worker (parallelism 1): each replacement starts once the previous one runs (updater.go worker)
    const starts = live.map((t) => t.createdAt).sort((a, b) => a - b);
    const running = live.map((t) => t.status.timestamp).sort((a, b) => a - b);
    expect(starts[1]).toBeGreaterThanOrEqual(running[0]);
    expect(starts[2]).toBeGreaterThanOrEqual(running[1]);
    // and the update completes one monitor period (5 s) after the last one started running
    expect(svc.updateStatus!.completedAt! - running[2]).toBe(5000);
    sim.serviceRollback('web');
    sim.settle();
    expect(svc.updateStatus?.state).toBe('rollback_started');
    sim.advance(svc.spec.rollback.monitor + 1);
    expect(svc.updateStatus?.state).toBe('rollback_completed');
    expect(current(sim, 'web').map((t) => t.spec.image)).toEqual(['nginx:1.25', 'nginx:1.25', 'nginx:1.25']);
  });

  it('pauses when a new task fails during the monitor period', () => {
    const sim = swarm(1);
    create(sim, { name: 'web', replicas: 2, image: 'app:1' });
    sim.serviceUpdate('web', (s) => ({ ...s, task: { ...s.task, image: 'app:2' } }));
    // run until the first new task is running, then fail it
    for (let i = 0; i < 100; i++) {
      const fresh = current(sim, 'web').find((t) => t.spec.image === 'app:2' && t.status.state === 'running');
      if (fresh) {
        sim.failTask(fresh.id);
        break;
      }
      sim.advance(100);
    }
    sim.settle();
    const svc = sim.resolveService('web')!;
    expect(svc.updateStatus?.state).toBe('paused');
    expect(svc.updateStatus?.message).toMatch(/^update paused due to failure or early termination of task \w{25}$/);
  });
});

describe('task history', () => {
  it('keeps at most 5 tasks per slot (task history limit)', () => {
    const sim = swarm(1);
    create(sim, { name: 'flaky' });
    for (let i = 0; i < 8; i++) {
      sim.failTask('flaky.1');
      sim.settle();
    }
    expect(tasksOf(sim, 'flaky').length).toBe(5);
  });

  it('removes a service: tasks shut down and are deleted', () => {
    const sim = swarm(2);
    create(sim, { name: 'web', replicas: 2 });
    sim.serviceRemove('web');
    sim.settle();
    expect(sim.world.tasks.size).toBe(0);
  });
});

describe('jobs', () => {
  it('a replicated job runs to completion with max concurrency', () => {
    const sim = swarm(2);
    create(sim, { name: 'batch', mode: { kind: 'replicated-job', maxConcurrent: 2, totalCompletions: 5 } });
    const svc = sim.resolveService('batch')!;
    const done = sim.world.tasksOfService(svc.id).filter((t) => t.status.state === 'complete');
    expect(done).toHaveLength(5);
  });
  it('a global job completes once on each node', () => {
    const sim = swarm(3);
    create(sim, { name: 'once', mode: { kind: 'global-job' } });
    const svc = sim.resolveService('once')!;
    expect(sim.world.tasksOfService(svc.id).map((t) => t.status.state)).toEqual(['complete', 'complete', 'complete']);
  });
});

void serviceSpec;
