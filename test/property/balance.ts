/**
 * One replicated service on equal nodes without constraints: however it is
 * scaled and updated, the nodes' task counts differ by at most one
 * (SwarmKit's nodeLess prefers the node with fewer tasks of the service;
 * scale-down removes from the most loaded nodes first).
 */
import fc from 'fast-check';
import {
  isSettled,
  MachineAdd,
  plainService,
  ServiceCreate,
  ServiceScale,
  ServiceUpdate,
  Sleep,
  SwarmInit,
  SwarmJoin,
  type Invariant,
  type SwarmCase,
  type SwarmCommand,
} from '../../sim/testing/index.js';

/** A user-style invariant: the running tasks of `service` are spread evenly over the active nodes. */
export const balancedOnEqualNodes =
  (service: string): Invariant =>
  (sim, snap) => {
    if (!isSettled(sim)) return [];
    const svc = snap.services.find((s) => s.name === service);
    if (!svc) return [];
    const nodes = snap.nodes.filter((n) => n.status === 'ready' && n.availability === 'active');
    const counts = nodes.map((n) => snap.tasks.filter((t) => t.serviceId === svc.id && t.nodeId === n.id && t.status.state === 'running').length);
    if (counts.length === 0 || Math.max(...counts) - Math.min(...counts) <= 1) return [];
    return [{ invariant: 'balancedOnEqualNodes', message: `${service} runs ${nodes.map((n, i) => `${counts[i]} on ${n.hostname}`).join(', ')}` }];
  };

const equalCluster = (machines: number, replicas: number): SwarmCommand[] => {
  const names = Array.from({ length: machines }, (_, i) => `node${i + 1}`);
  return [
    ...names.map((name) => new MachineAdd({ name, cpus: 2, memoryGiB: 2, arch: 'x86_64', engineLabels: {} })),
    new SwarmInit('node1'),
    ...names.slice(1).map((n) => new SwarmJoin(n)),
    new ServiceCreate(plainService('s1', replicas)),
  ];
};

/** Random scalings, updates and pauses of one service on 2 to 5 equal nodes. */
export const balancedCase: fc.Arbitrary<SwarmCase> = fc.record({
  seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
  setup: fc.tuple(fc.integer({ min: 2, max: 5 }), fc.integer({ min: 0, max: 12 })).map(([m, r]) => equalCluster(m, r)),
  commands: fc.commands(
    [
      fc.integer({ min: 0, max: 15 }).map((n) => new ServiceScale('s1', n)),
      fc.constantFrom('V=1', 'V=2').map((value) => new ServiceUpdate('s1', { flag: '--env-add', value })),
      fc.constantFrom(1_000, 30_000).map((ms) => new Sleep(ms)),
    ],
    { maxCommands: 8, size: 'max' },
  ),
});
