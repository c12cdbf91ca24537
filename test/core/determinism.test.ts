import { describe, expect, it } from 'vitest';
import { explainTask } from '../../sim/explain.js';
import { serviceSpec } from '../../sim/model/defaults.js';
import { Simulation } from '../../sim/simulation.js';
import { snapshot } from '../../sim/snapshot.js';
import { DockerError } from '../../sim/errors.js';
import { create, state, swarm } from './world.js';

function scenario(seed: number): Simulation {
  const sim = swarm(4, seed);
  sim.pluginInstall('node2', 'vieux/sshfs');
  sim.settle();
  create(sim, { name: 'web', replicas: 7 });
  create(sim, { name: 'vol', replicas: 2, mounts: [{ source: 'data', volumeDriver: 'vieux/sshfs' }] });
  sim.stopMachine('node3');
  sim.settle();
  sim.serviceScale('web', 3);
  sim.settle();
  return sim;
}

describe('determinism', () => {
  it('the same seed gives a byte-identical trace and state', () => {
    const a = scenario(42);
    const b = scenario(42);
    expect(JSON.stringify(a.world.trace)).toBe(JSON.stringify(b.world.trace));
    expect(state(a)).toBe(state(b));
  });

  it('different seeds give different IDs and may break ties differently, but the same counts', () => {
    const a = scenario(1);
    const b = scenario(2);
    expect(JSON.stringify(a.world.trace)).not.toBe(JSON.stringify(b.world.trace));
    const counts = (s: Simulation) => [...s.world.tasks.values()].filter((t) => t.status.state === 'running' && t.desiredState === 'running').length;
    expect(counts(a)).toBe(counts(b));
  });

  it('ties between equal nodes go different ways under different seeds', () => {
    const firstNode = new Set<string>();
    for (let seed = 1; seed <= 20; seed++) {
      const sim = swarm(3, seed);
      create(sim, { name: 'one' });
      const [t] = sim.world.tasks.values();
      firstNode.add(sim.world.nodes.get(t.nodeId)!.machine);
    }
    expect(firstNode.size).toBeGreaterThan(1);
  });
});

describe('invalid input', () => {
  const refused: [string, (sim: Simulation) => unknown, string][] = [
    ['unknown node', (s) => s.nodeUpdate('nope', { availability: 'drain' }), 'node nope not found'],
    ['bad availability', (s) => s.nodeUpdate('node2', { availability: 'sleepy' as never }), 'invalid Availability: "sleepy"'],
    ['demote the last manager', (s) => s.nodeUpdate('node1', { role: 'worker' }), 'attempting to demote the last manager of the swarm'],
    ['remove a live node', (s) => s.nodeRemove('node2'), "is not down and can't be removed"],
    ['unknown service', (s) => s.serviceScale('nope', 3), 'service nope not found'],
    ['unknown network', (s) => s.serviceCreate(serviceSpec({ name: 'x', networks: ['nope'] })), 'network nope not found'],
    ['bad constraint', (s) => s.serviceCreate(serviceSpec({ name: 'x', placement: { constraints: ['node.role'] } })), 'constraint expected one operator from ==, !='],
    ['duplicate service', (s) => s.serviceCreate(serviceSpec({ name: 'web' })), 'service web already exists'],
    ['scale a global service', (s) => s.serviceScale('agent', 2), 'agent: scale can only be used with replicated or replicated-job mode'],
    ['volume with a missing driver', (s) => s.volumeCreate('node1', 'v', 'missing'), 'create v: error looking up volume plugin missing: plugin "missing" not found'],
    ['network with a missing driver', (s) => s.networkCreate('node1', { name: 'n', driver: 'missing' }), 'plugin "missing" not found'],
    ['overlay network from a worker', (s) => s.networkCreate('node2', { name: 'n', driver: 'overlay' }), 'This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.'],
    ['global plugin network from a worker', (s) => s.networkCreate('node2', { name: 'n', driver: 'bboreham/weave2:latest' }), 'Cannot create a multi-host network from a worker node.'],
    ['untagged network driver', (s) => s.networkCreate('node2', { name: 'n', driver: 'bboreham/weave2' }), 'could not resolve driver bboreham/weave2 in registry'],
    ['plugin enabled twice', (s) => s.pluginEnable('node1', 'vieux/sshfs'), 'plugin already enabled: plugin vieux/sshfs:latest is enabled'],
    ['unknown plugin', (s) => s.pluginRemove('node1', 'nope'), 'plugin "nope" not found'],
    ['plugin already installed', (s) => s.pluginInstall('node1', 'vieux/sshfs'), 'plugin vieux/sshfs:latest already exists'],
    ['worker asked for cluster state', (s) => s.requireManager('node2'), "This node is not a swarm manager. Worker nodes can't be used to view or modify cluster state."],
    ['join twice', (s) => s.swarmJoin('node2', s.joinToken('worker'), '192.168.99.100:2377'), 'This node is already part of a swarm.'],
  ];
  for (const [what, op, text] of refused) {
    it(`${what}: throws Docker's text and changes nothing`, () => {
      const sim = swarm(2);
      sim.pluginInstall('node1', 'vieux/sshfs');
      sim.pluginInstall('node2', 'bboreham/weave2');
      create(sim, { name: 'web' });
      create(sim, { name: 'agent', mode: { kind: 'global' } });
      const before = state(sim);
      const trace = sim.world.trace.length;
      let err: unknown;
      try {
        op(sim);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(DockerError);
      expect((err as DockerError).message).toContain(text);
      sim.settle();
      expect(state(sim)).toBe(before);
      expect(sim.world.trace.length).toBe(trace);
    });
  }
});

describe('explanations', () => {
  it('give the node x filter matrix, SwarmKit message and the fix for a pending task', () => {
    const sim = swarm(3);
    sim.pluginInstall('node1', 'bboreham/weave2');
    sim.settle();
    sim.networkCreate('node1', { name: 'g', driver: 'bboreham/weave2:latest' });
    sim.nodeUpdate('node1', { availability: 'drain' });
    create(sim, { name: 'web', networks: ['g'] });
    const [t] = sim.world.tasks.values();
    const x = explainTask(snapshot(sim), t.id)!;
    expect(x.swarmkitMessage).toBe('no suitable node (missing plugin on 2 nodes; 1 node not available for new tasks)');
    expect(x.filters).toEqual(['Ready', 'Plugin']);
    const row = (h: string) => x.matrix.find((m) => m.node === h)!;
    expect(row('node1').verdicts).toEqual([
      { filter: 'Ready', pass: false, reason: 'availability is drain' },
      { filter: 'Plugin', pass: true, reason: '' },
    ]);
    expect(row('node2').verdicts[1]).toEqual({ filter: 'Plugin', pass: false, reason: 'Network plugin bboreham/weave2:latest not installed (has: none)' });
    expect(x.fixes.map((f) => f.node).sort()).toEqual(['node1', 'node2', 'node3']);
    expect(x.fixes.find((f) => f.node === 'node1')!.changes[0].command).toBe('node1$ docker node update --availability active node1');
  });
});
