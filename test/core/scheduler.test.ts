import { describe, expect, it } from 'vitest';
import { SchedulerHarness } from './harness.js';
import { node, task } from './fixtures.js';
import type { PluginDescription, Task } from '../../sim/model/types.js';

// Ports of swarmkit manager/scheduler/scheduler_test.go (reference §5).

describe('TestHA: spreading one service, then a second', () => {
  it('18 tasks on 5 equal nodes give 4,4,4,3,3, and later tasks go to the least loaded nodes', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const h = new SchedulerHarness(seed);
      for (const id of ['n1', 'n2', 'n3', 'n4', 'n5']) h.addNode(node(id));
      for (let i = 0; i < 18; i++) h.addTask(task({}, { serviceId: 'svc1' }));
      h.run();
      const counts = Object.values(h.countByNode()).sort();
      expect(counts).toEqual([3, 3, 4, 4, 4]);
      // A second service's 2 tasks land on the two nodes with 3 tasks.
      const before = h.countByNode();
      const light = Object.keys(before).filter((k) => before[k] === 3).sort();
      for (let i = 0; i < 2; i++) h.addTask(task({}, { serviceId: 'svc2' }));
      h.run();
      const svc2 = h.countByNode((t) => t.serviceId === 'svc2');
      expect(Object.keys(svc2).sort()).toEqual(light);
    }
  });
});

describe('TestPreferences: spread over node.labels.az', () => {
  it('8 tasks over az1={n1} and az2={n2..n5} give n1=4 and one on each of n2..n5', () => {
    for (const seed of [1, 7, 42]) {
      const h = new SchedulerHarness(seed);
      h.addNode(node('n1', { labels: { az: 'az1' } }));
      for (const id of ['n2', 'n3', 'n4', 'n5']) h.addNode(node(id, { labels: { az: 'az2' } }));
      for (let i = 0; i < 8; i++) h.addTask(task({ placement: { preferences: [{ spread: 'node.labels.az' }] } }));
      h.run();
      expect(h.countByNode()).toEqual({ n1: 4, n2: 1, n3: 1, n4: 1, n5: 1 });
    }
  });
});

describe('TestSchedulerPluginConstraint', () => {
  const vol = (name: string): PluginDescription => ({ type: 'Volume', name });
  const net = (name: string): PluginDescription => ({ type: 'Network', name });
  const log = (name: string): PluginDescription => ({ type: 'Log', name });

  it('places tasks only where their plugins are, with SwarmKit counts until a node appears', () => {
    const h = new SchedulerHarness();
    h.addNode(node('n1', { plugins: [vol('plugin1'), log('default')] }));
    const bind = h.addTask(task({ mounts: [{ type: 'bind', source: '/src', target: '/foo' }] }));
    h.run();
    expect(bind.nodeId).toBe('n1');

    const needsVol2 = h.addTask(task({ mounts: [{ source: 'testVol1', volumeDriver: 'plugin2' }] }, { serviceId: 's2' }));
    h.run();
    expect(needsVol2.status.state).toBe('pending');
    expect(needsVol2.status.err).toBe('no suitable node (missing plugin on 1 node)');
    h.addNode(node('n2', { plugins: [vol('plugin1'), vol('plugin2'), log('default')] }));
    h.run();
    expect(needsVol2.nodeId).toBe('n2');

    const needsNet = h.addTask(task({}, { serviceId: 's3', networks: [{ networkId: 'x', driver: 'plugin1' }] }));
    h.run();
    expect(needsNet.status.err).toBe('no suitable node (missing plugin on 2 nodes)');
    h.addNode(node('n3', { plugins: [vol('plugin1'), net('plugin1'), log('default')] }));
    h.run();
    expect(needsNet.nodeId).toBe('n3');

    const needsLog = h.addTask(task({ logDriver: 'plugin1' }, { serviceId: 's4' }));
    h.run();
    expect(needsLog.status.err).toBe('no suitable node (missing plugin on 3 nodes)');
    h.addNode(node('n4', { plugins: [log('plugin1')] }));
    h.run();
    expect(needsLog.nodeId).toBe('n4');

    const noLog = h.addTask(task({ logDriver: 'none' }, { serviceId: 's5' }));
    h.run();
    expect(noLog.status.state).toBe('assigned');
  });
});

describe('scheduler messages', () => {
  it('TestSchedulerResourceConstraint', () => {
    const h = new SchedulerHarness();
    h.addNode(node('down', { status: 'down', cpus: 8 }));
    h.addNode(node('drained', { availability: 'drain', cpus: 8 }));
    h.addNode(node('small', { cpus: 1 }));
    const t = h.addTask(task({ reserveCpus: 2 }));
    h.run();
    expect(t.status.err).toBe('no suitable node (2 nodes not available for new tasks; insufficient resources on 1 node)');
  });

  it('TestSchedulerHostPort', () => {
    const h = new SchedulerHarness();
    h.addNode(node('n1'));
    h.addNode(node('n2'));
    const port = { protocol: 'tcp' as const, targetPort: 80, publishedPort: 58008, publishMode: 'host' as const };
    const a = h.addTask(task({ ports: [port] }, { serviceId: 'a' }));
    const b = h.addTask(task({ ports: [port] }, { serviceId: 'b' }));
    h.run();
    expect(new Set([a.nodeId, b.nodeId])).toEqual(new Set(['n1', 'n2']));
    const c = h.addTask(task({ ports: [port] }, { serviceId: 'c' }));
    h.run();
    expect(c.status.err).toBe('no suitable node (host-mode port already in use on 2 nodes)');
  });

  it('TestSchedulerMaxReplicas', () => {
    const h = new SchedulerHarness();
    h.addNode(node('n1'));
    h.addNode(node('n2'));
    const ts = [0, 1, 2].map(() => h.addTask(task({ placement: { maxReplicas: 1 } })));
    h.run();
    expect(ts.filter((t) => t.status.state === 'assigned')).toHaveLength(2);
    expect(ts.find((t) => t.status.state === 'pending')!.status.err).toBe('no suitable node (max replicas per node limit exceed)');
  });

  it('TestSchedulerCompatiblePlatform', () => {
    const h = new SchedulerHarness();
    h.addNode(node('n1', { os: 'linux', arch: 'x86_64' }));
    h.addNode(node('n2', { os: 'windows', arch: 'x86_64' }));
    h.addNode(node('n3', { os: 'linux', arch: 'aarch64' }));
    const t = h.addTask(task({ placement: { platforms: [{ os: 'linux', arch: 'ppc64le' }] } }));
    h.run();
    expect(t.status.err).toBe('no suitable node (unsupported platform on 3 nodes)');
    const ok = h.addTask(task({ placement: { platforms: [{ os: 'linux', arch: 'arm64' }] } }, { serviceId: 'arm' }));
    h.run();
    expect(ok.nodeId).toBe('n3');
  });

  it('gives the bare "no suitable node" when there are no nodes', () => {
    const h = new SchedulerHarness();
    const t = h.addTask(task());
    h.run();
    expect(t.status.err).toBe('no suitable node');
  });

  it('confirms a pre-assigned task with its own message, or leaves it pending with the bare explanation', () => {
    const h = new SchedulerHarness();
    h.addNode(node('n1', { plugins: [] }));
    h.addNode(node('n2', { plugins: [{ type: 'Network', name: 'weave:latest' }] }));
    const nets = [{ networkId: 'x', driver: 'weave' }];
    const t1 = h.addTask({ ...task({}, { networks: nets, nodeId: 'n1' }), preassigned: true });
    const t2 = h.addTask({ ...task({}, { networks: nets, nodeId: 'n2' }), preassigned: true });
    h.run();
    expect(t1.status.state).toBe('pending');
    expect(t1.status.err).toBe('missing plugin on 1 node');
    expect(t2.status.state).toBe('assigned');
    expect(t2.status.message).toBe('scheduler confirmed task can run on preassigned node');
  });
});

describe('TestSchedulerFaultyNode', () => {
  it('after 5 failures of a service on n2, its new tasks go to n1', () => {
    const h = new SchedulerHarness();
    h.addNode(node('n1'));
    h.addNode(node('n2'));
    // Load n1 so that n2 would otherwise be preferred.
    for (let i = 0; i < 3; i++) h.addTask(task({}, { serviceId: 'other', nodeId: 'n1' })).status.state = 'running';
    for (const t of h.tasks.values()) h.scheduler.taskChanged(t);
    for (let i = 0; i < 5; i++) {
      const t = h.addTask(task({}, { serviceId: 'flaky' }));
      h.run();
      expect(t.nodeId).toBe('n2');
      t.status = { ...t.status, state: 'failed' };
      h.scheduler.taskChanged(t);
      h.now += 1000;
    }
    const next = h.addTask(task({}, { serviceId: 'flaky' }));
    h.run();
    expect(next.nodeId).toBe('n1');
  });
});

describe('NodeInfo bookkeeping follows task events (nodeinfo.go addTask/removeTask)', () => {
  const view = (h: SchedulerHarness, id: string): string => {
    const n = h.scheduler.nodeInfo(id)!;
    return `active=${n.activeTasksCount} svc1=${n.tasksOfService('svc1')} cpu=${n.availableCPUs / 1e9} ports=${[...n.usedHostPorts].join(',')}`;
  };
  const hostPort = [{ protocol: 'tcp', targetPort: 80, publishedPort: 8080, publishMode: 'host' }] as Task['hostPorts'];

  it('counts a task once however often it is reported, moves it when its node changes, and frees it when it ends', () => {
    const h = new SchedulerHarness();
    h.addNode(node('n1'));
    h.addNode(node('n2'));
    const t = h.addTask(task({ reserveCpus: 1 }, { hostPorts: hostPort }));
    h.run();
    const on = t.nodeId;
    const off = on === 'n1' ? 'n2' : 'n1';
    expect(view(h, on)).toBe('active=1 svc1=1 cpu=1 ports=tcp/8080');
    // Reported again, running: nothing changes.
    t.status = { ...t.status, state: 'running' };
    h.scheduler.taskChanged(t);
    h.scheduler.taskChanged(t);
    expect(view(h, on)).toBe('active=1 svc1=1 cpu=1 ports=tcp/8080');
    // Desired SHUTDOWN: no longer active, still holding its resources until it stops.
    t.desiredState = 'shutdown';
    h.scheduler.taskChanged(t);
    expect(view(h, on)).toBe('active=0 svc1=0 cpu=1 ports=tcp/8080');
    t.desiredState = 'running';
    h.scheduler.taskChanged(t);
    // The store moves it to the other node: counted there, and no longer here.
    t.nodeId = off;
    h.scheduler.taskChanged(t);
    expect(view(h, on)).toBe('active=0 svc1=0 cpu=2 ports=');
    expect(view(h, off)).toBe('active=1 svc1=1 cpu=1 ports=tcp/8080');
    // It stops: everything it held is free again, and a second report changes nothing.
    t.status = { ...t.status, state: 'complete' };
    h.scheduler.taskChanged(t);
    h.scheduler.taskChanged(t);
    expect(view(h, off)).toBe('active=0 svc1=0 cpu=2 ports=');
  });

  it('a node description update keeps what its tasks reserve', () => {
    const h = new SchedulerHarness();
    h.addNode(node('n1', { cpus: 4 }));
    h.addTask(task({ reserveCpus: 1 }));
    h.run();
    h.addNode(node('n1', { cpus: 8 }));
    expect(h.scheduler.nodeInfo('n1')!.availableCPUs).toBe(7e9);
  });
});
