/**
 * The counterexample writer: a deliberately broken invariant on a fixed
 * sequence must fail the property, name the file in the error, and leave a
 * `.swarm` scenario that parses, carries the seed, and replays to the same
 * violation at the same step, under the project's own scenario runner too.
 * Every command kind survives the round trip through scenario text.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parseScenario } from '../../sim/scenario/parse.js';
import { runScenario } from '../../sim/scenario/run.js';
import {
  assertProperty,
  assertSwarmProperty,
  fromScenario,
  propertyRuns,
  replayCase,
  swarmCase,
  InvariantViolation,
  MachineAdd,
  MachineStart,
  MachineStop,
  NetworkCreate,
  NetworkRemove,
  NodeAvailabilityUpdate,
  NodeLabelUpdate,
  plainService,
  PluginDisable,
  PluginEnable,
  PluginInstall,
  PluginRemove,
  replayScenario,
  ServiceCreate,
  ServiceRemove,
  ServiceScale,
  ServiceUpdate,
  Sleep,
  SwarmInit,
  SwarmJoin,
  SwarmLeave,
  TaskFail,
  toScenario,
  VolumeCreate,
  VolumeRemove,
  type Invariant,
  type SwarmCase,
} from '../../sim/testing/index.js';

const dir = mkdtempSync(join(tmpdir(), 'swarmsim-cex-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const machine = (name: string) => new MachineAdd({ name, cpus: 2, memoryGiB: 2, arch: 'x86_64', engineLabels: {} });

/** Broken on purpose: no service may run more than two tasks. */
const atMostTwoRunning: Invariant = (_sim, snap) =>
  snap.services.flatMap((s) => {
    const n = snap.tasks.filter((t) => t.serviceId === s.id && t.status.state === 'running').length;
    return n > 2 ? [{ invariant: 'atMostTwoRunning', message: `${s.name} runs ${n} tasks` }] : [];
  });

const fixed: SwarmCase = {
  seed: 42,
  setup: [machine('node1'), machine('node2'), new SwarmInit('node1'), new SwarmJoin('node2')],
  commands: [
    new PluginInstall('node2', 'vieux/sshfs'),
    new VolumeCreate('node1', 'v1', 'vieux/sshfs'), // refused: the plugin is on node2 only
    new ServiceCreate({ ...plainService('s1', 2), mount: { source: '', driver: 'vieux/sshfs' } }),
    new ServiceScale('s1', 3),
    new Sleep(30_000),
  ],
};

describe('counterexample scenarios', () => {
  it('writes a failing case as a .swarm scenario that parses and replays to the same violation', () => {
    let message = '';
    try {
      assertSwarmProperty('broken on purpose', { arbitrary: fc.constant(fixed), invariants: [atMostTwoRunning], numRuns: 1, counterexampleDir: dir, log: null });
    } catch (e) {
      message = (e as Error).message;
    }
    const file = /Counterexample scenario: (\S+)/.exec(message)?.[1] ?? '';
    expect(message).toContain('atMostTwoRunning: s1 runs 3 tasks');
    expect(message).toMatch(/seed: -?\d+/);
    expect(file).toMatch(/counterexample--?\d+\.swarm$/);
    expect(existsSync(file)).toBe(true);

    const text = readFileSync(file, 'utf8');
    const sc = parseScenario(text, file);
    expect(sc.meta.seed).toBe(42);
    expect(sc.meta.title).toBe('Counterexample: atMostTwoRunning');
    // The refused command stays, with the error and exit status it printed as expected output.
    const refused = sc.steps.find((st) => st.source === 'node1$ docker volume create --driver vieux/sshfs v1');
    expect(refused?.expected?.exitCode).toBe(1);
    expect(refused?.expected?.lines.map((l) => l.text).join('\n')).toMatch(/^Error response from daemon: create v1: error looking up volume plugin vieux\/sshfs/);
    expect(sc.steps.at(-1)?.source).toBe('node1$ docker service scale s1=3');

    // The project's scenario runner accepts it, every expected output included.
    const run = runScenario(sc);
    expect(run.steps.every((st) => st.check === null || st.check.ok)).toBe(true);
    expect(run.steps.at(-1)?.snapshot.tasks.filter((t) => t.status.state === 'running')).toHaveLength(3);

    const replay = replayScenario(text, { invariants: [atMostTwoRunning] }, file);
    expect(replay.failure).toBeInstanceOf(InvariantViolation);
    const v = replay.failure as InvariantViolation;
    expect(v.step.line).toBe('node1$ docker service scale s1=3');
    expect(v.step.violations).toEqual([{ invariant: 'atMostTwoRunning', message: 's1 runs 3 tasks' }]);
  });

  it('round-trips every command kind through scenario text', () => {
    const all = [
      machine('node1'),
      new MachineAdd({ name: 'node2', cpus: 1, memoryGiB: 4, arch: 'aarch64', engineLabels: { disk: 'ssd' } }),
      new SwarmInit('node1'),
      new SwarmJoin('node2'),
      new NodeLabelUpdate('node2', 'add', 'zone=a'),
      new NodeLabelUpdate('node2', 'rm', 'zone'),
      new NodeAvailabilityUpdate('node2', 'drain'),
      new PluginInstall('node2', 'grafana/loki-docker-driver', 'loki', true),
      new PluginEnable('node2', 'loki'),
      new PluginDisable('node2', 'loki', true),
      new PluginRemove('node2', 'loki', true),
      new PluginInstall('node1', 'bboreham/weave2'),
      new VolumeCreate('node1', 'v1', 'local'),
      new VolumeCreate('node1', 'v2', 'vieux/sshfs'),
      new VolumeRemove('node1', 'v1'),
      new NetworkCreate('wnet', 'bboreham/weave2'),
      new NetworkRemove('wnet'),
      new ServiceCreate({
        name: 's1',
        global: false,
        replicas: 3,
        network: 'net1',
        mount: { source: 'v1', driver: 'rexray/ebs:0.11.4' },
        logDriver: 'loki',
        constraints: ['node.labels.zone!=a', 'node.role==worker'],
        reserveCpu: 0.5,
        reserveMemoryMiB: 256,
        hostPort: 8080,
        maxPerNode: 2,
        spread: 'node.labels.zone',
      }),
      new ServiceCreate({ ...plainService('s2'), global: true, mount: { source: '', driver: 'local' } }),
      new ServiceScale('s1', 4),
      new ServiceUpdate('s1', { flag: '--constraint-add', value: 'node.labels.zone==b' }),
      new ServiceUpdate('s1', { flag: '--reserve-cpu', value: '1' }),
      new ServiceRemove('s2'),
      new TaskFail('s1', '2'),
      new TaskFail('s2', 'node2'),
      new MachineStop('node2'),
      new MachineStart('node2'),
      new SwarmLeave('node2'),
      new Sleep(90_000),
    ];
    const text = ['---', 'seed: 7', '---', ...all.map((c) => c.toScenarioLine())].join('\n') + '\n';
    const back = fromScenario(text);
    expect(back.seed).toBe(7);
    expect(back.commands.map((c) => c.toScenarioLine())).toEqual(all.map((c) => c.toScenarioLine()));
    expect(back.commands.map((c) => c.kind)).toEqual(all.map((c) => c.kind));
  });

  it('leaves out the commands that were skipped (their check failed)', () => {
    const c: SwarmCase = {
      seed: 3,
      setup: [machine('node1'), new SwarmInit('node1')],
      commands: [new SwarmLeave('node9'), new NetworkRemove('nope'), new ServiceCreate(plainService('s1', 1)), new VolumeRemove('node1', 'v1')],
    };
    const text = toScenario(c);
    expect(text).not.toContain('node9');
    const sc = parseScenario(text, 'x.swarm');
    expect(sc.steps.map((s) => s.source)).toEqual([
      'sim$ machine node1 --cpus 2 --memory 2g --arch x86_64',
      'node1$ docker swarm init',
      'node1$ docker service create --name s1 --replicas 1 busybox top',
    ]);
    expect(runScenario(sc).steps.every((st) => st.check === null || st.check.ok)).toBe(true);
  });

  it('writes scenarios that the project runner replays to the very same trace', () => {
    assertProperty(
      'scenario round trip',
      swarmCase(),
      (c) => {
        const replay = replayCase(c, { invariants: [], observe: false, stepChecks: false });
        const sc = parseScenario(toScenario(c, { invariants: [], observe: false, stepChecks: false }), 'case.swarm');
        const run = runScenario(sc);
        const failed = run.steps.filter((st) => st.check !== null && !st.check.ok);
        expect(failed.map((st) => `${st.step.source}\n${st.check?.diff}`)).toEqual([]);
        expect(run.trace).toEqual(replay.real.sim.world.trace);
      },
      { numRuns: Math.min(200, propertyRuns()), log: null, counterexampleDir: null },
    );
  });
});

