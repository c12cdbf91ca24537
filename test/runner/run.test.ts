import { DETACHED_RETURN_MS } from '../../sim/scenario/run.js';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario, ScenarioError } from '../../sim/scenario/parse.js';
import { isDetached, runScenario, ScenarioSession, type ScenarioRun } from '../../sim/scenario/run.js';

const file = (...lines: string[]): string => lines.join('\n') + '\n';
const run = (text: string, opts?: Parameters<typeof runScenario>[1]): ScenarioRun => runScenario(parseScenario(text, 't.swarm'), opts);
const fixture = (name: string): string => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');

/** A manager and N workers, joined with the documents' token (any well-formed token joins as a worker). */
const TOKEN = 'SWMTKN-1-49nj1cmql0jkz5s954yi3oex3nedyz0fb0xx14ie39trti4wxv-8vxv8rssmk743ojnwacrr2e7c';
const swarm = (workers: number): string[] => [
  'node1$ docker swarm init --advertise-addr 192.168.99.100',
  ...Array.from({ length: workers }, (_, k) => `node${k + 2}$ docker swarm join --token ${TOKEN} 192.168.99.100:2377`),
];

describe('directives', () => {
  const r = run(fixture('directives.swarm'));
  const [machine, registry, sleep, stop, start, fail] = r.steps;

  it('takes the seed from the front matter, and runs every step', () => {
    expect(r.seed).toBe(7);
    expect(r.steps.map((s) => s.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(r.steps.map((s) => s.host)).toEqual(['sim', 'sim', 'sim', 'sim', 'sim', 'sim']);
  });

  it('records the command as typed, with "sim" for a directive', () => {
    expect(sleep.command).toBe('sim sleep 1500ms');
    expect(machine.command).toBe('sim machine node1 --cpus 4 --memory 8GiB --os linux --arch aarch64 --engine-label zone=a --ip 10.0.0.5');
  });

  it('machine configures the machine', () => {
    expect(r.initial.machines).toEqual([]);
    const m = machine.snapshot.machines.find((x) => x.name === 'node1');
    expect(m).toMatchObject({ cpus: 4, memoryBytes: 8 * 2 ** 30, os: 'linux', arch: 'aarch64', engineLabels: { zone: 'a' }, ip: '10.0.0.5' });
    expect(machine.events.map((e) => e.kind)).toEqual(['machine.added']);
  });

  it('machine reconfigures only what it names', () => {
    const again = run(file('sim$ machine n1 --cpus 4 --engine-label a=b', 'sim$ machine n1 --memory 1GiB'));
    const m = again.steps[1].snapshot.machines[0];
    expect(m).toMatchObject({ cpus: 4, memoryBytes: 2 ** 30, engineLabels: { a: 'b' } });
  });

  it('registry adds a plugin image built from the directive', () => {
    expect(registry.exitCode).toBe(0);
    expect(r.sim.world.registry.lookup('acme/vol:1.0')).toEqual({
      repository: 'acme/vol',
      tags: ['1.0'],
      capabilities: ['volumedriver'],
      scope: 'global',
      privileges: [{ name: 'mount', value: ['/a', '/b'] }],
      description: '',
      settings: {},
    });
    // An untagged name is the `latest` tag.
    const latest = run(file('sim$ registry acme/net --type networkdriver,ipamdriver'));
    expect(latest.sim.world.registry.lookup('acme/net')).toMatchObject({ tags: ['latest'], capabilities: ['networkdriver', 'ipamdriver'], scope: 'local' });
  });

  it('sleep advances the clock by exactly its duration', () => {
    expect(sleep.time - registry.time).toBe(1500);
    expect(sleep.settled).toBe(true);
  });

  it('stop and start a machine that exists from its first mention', () => {
    expect(stop.events.map((e) => e.kind)).toEqual(['machine.added', 'machine.stopped']);
    expect(stop.snapshot.machines.find((m) => m.name === 'node2')?.running).toBe(false);
    expect(start.snapshot.machines.find((m) => m.name === 'node2')?.running).toBe(true);
  });

  it('fail of an unknown task exits 1 with a message on stderr', () => {
    expect(fail).toMatchObject({ stdout: '', stderr: 'no such task: web.1\n', output: 'no such task: web.1\n', exitCode: 1 });
    expect(fail.check).toEqual({ ok: true, diff: '' });
  });

  it('does not check a step without expected lines', () => {
    expect(machine.check).toBeNull();
  });

  it('checks output and exit status', () => {
    const [, wrong, status] = run(fixture('mismatch.swarm')).steps;
    expect(wrong.check?.ok).toBe(false);
    expect(wrong.check?.diff).toContain('-no such task: web.2\n+no such task: web.1\n');
    expect(status.check).toEqual({ ok: false, diff: 'exit status: expected 0, got 1\n' });
  });

  it('seed and untilStep options', () => {
    const r2 = run(fixture('directives.swarm'), { seed: 99, untilStep: 2 });
    expect(r2.seed).toBe(99);
    expect(r2.steps).toHaveLength(2);
    expect(r2.sim.world.machines.has('node2')).toBe(false);
    expect(run(fixture('directives.swarm'), { untilStep: 0 }).steps).toEqual([]);
  });

  it('keeps the trace of the run, and each step its own events', () => {
    expect(r.trace).toEqual(r.steps.flatMap((s) => s.events));
    expect(r.trace.length).toBeGreaterThan(0);
  });
});

describe('isDetached', () => {
  it.each([
    [['service', 'create', '-d', 'busybox'], true],
    [['service', 'create', '--detach', '--name', 'x', 'busybox'], true],
    [['service', 'update', '--detach=true', 'web'], true],
    [['service', 'scale', 'web=3', '--detach=false'], false],
    [['service', 'rollback', '-d', 'web'], true],
    [['service', 'create', '-qd', 'busybox'], true],
    [['service', 'create', '--detach', '--detach=false', 'busybox'], false],
    [['service', 'create', 'busybox'], false],
    [['service', 'create', '--', 'busybox', '-d'], false],
    // `network create -d` is the driver, not a detach.
    [['network', 'create', '-d', 'overlay', 'net'], false],
    [['service', 'ls'], false],
  ])('%j -> %s', (argv, want) => {
    expect(isDetached(argv)).toBe(want);
  });
});

describe('docker steps', () => {
  it('settle after each command: the replicas run when the command returns', () => {
    const r = run(file(...swarm(2), 'node1$ docker service create --name web --replicas 3 busybox top'));
    const create = r.steps[3];
    expect(create.exitCode).toBe(0);
    expect(create.host).toBe('node1');
    expect(create.command).toBe('docker service create --name web --replicas 3 busybox top');
    expect(create.settled).toBe(true);
    const tasks = create.snapshot.tasks;
    expect(tasks).toHaveLength(3);
    expect(tasks.every((t) => t.status.state === 'running')).toBe(true);
    expect(create.events.some((e) => e.kind === 'service.created')).toBe(true);
    expect(create.events.some((e) => e.kind === 'task.state' && e.after === 'running')).toBe(true);
  });

  it('do not settle with -d: the client returns with the tasks made and placed, and they run after time passes', () => {
    const r = run(file(...swarm(1), 'node1$ docker service create -d --name web --replicas 2 busybox top', 'sim$ sleep 10s'));
    const [create, sleep] = r.steps.slice(-2);
    expect(create.exitCode).toBe(0);
    expect(create.time).toBe(r.steps[1].time + DETACHED_RETURN_MS);
    expect(create.snapshot.tasks.map((t) => t.status.state)).toEqual(['assigned', 'assigned']);
    expect(sleep.snapshot.tasks.filter((t) => t.status.state === 'running')).toHaveLength(2);
  });

  it('a pending task keeps its error: settling stops there', () => {
    const r = run(fixture('volume-plugin.swarm'), { untilStep: 3 });
    const [task] = r.steps[2].snapshot.tasks;
    expect(task.status.state).toBe('pending');
    expect(task.status.err).toContain('missing plugin');
  });

  it('sim$ fail of a running task: it restarts once settled', () => {
    const r = run(file(...swarm(1), 'node1$ docker service create --name web busybox top', 'sim$ fail web.1'));
    const fail = r.steps[3];
    expect(fail.exitCode).toBe(0);
    expect(fail.events.some((e) => e.kind === 'task.state' && e.after === 'failed')).toBe(true);
    const web1 = fail.snapshot.tasks.filter((t) => t.slot === 1);
    expect(web1.map((t) => t.status.state).sort()).toEqual(['failed', 'running']);
  });
});

describe('determinism', () => {
  const text = fixture('volume-plugin.swarm');
  const record = (r: ScenarioRun): string =>
    JSON.stringify({ steps: r.steps.map((s) => [s.stdout, s.stderr, s.output, s.exitCode, s.time]), trace: r.trace, final: r.steps.at(-1)?.snapshot });

  it('the same scenario and seed give byte-identical outputs and trace', () => {
    expect(record(run(text))).toBe(record(run(text)));
    expect(record(run(text, { seed: 5 }))).toBe(record(run(text, { seed: 5 })));
  });

  it('another seed breaks ties differently', () => {
    // Four identical nodes, one replica each time: where it lands is a tie the RNG breaks.
    const ties = file(...swarm(3), 'node1$ docker service create --name web --replicas 2 busybox top');
    const placement = (seed: number): string => {
      const r = run(ties, { seed });
      const hosts = new Map(r.steps.at(-1)!.snapshot.nodes.map((n) => [n.id, n.hostname]));
      return r.steps.at(-1)!.snapshot.tasks.map((t) => `${t.slot}:${hosts.get(t.nodeId)}`).join(' ');
    };
    const seen = new Set([1, 2, 3, 4, 5, 6, 7, 8].map(placement));
    expect(seen.size).toBeGreaterThan(1);
    expect(JSON.stringify(run(ties, { seed: 1 }).trace)).not.toBe(JSON.stringify(run(ties, { seed: 2 }).trace));
  });
});

describe('ScenarioSession', () => {
  it('runs lines on a fresh simulation with a seed', () => {
    const s = new ScenarioSession({ seed: 3 });
    expect(s.seed).toBe(3);
    const a = s.exec('sim$ machine node1 --cpus 8');
    expect(a).toMatchObject({ index: 0, host: 'sim', command: 'sim machine node1 --cpus 8', exitCode: 0, check: null });
    const b = s.exec('sim$ fail nope.1');
    expect(b).toMatchObject({ index: 1, exitCode: 1, output: 'no such task: nope.1\n' });
    expect(s.hosts).toEqual(['node1']);
    expect(s.steps).toHaveLength(2);
  });

  it('throws a located ScenarioError for a malformed line, and runs nothing', () => {
    const s = new ScenarioSession();
    const err = (() => {
      try {
        s.exec('node1$ dokcer ps');
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(ScenarioError);
    expect(String(err)).toBe('<shell>:1:8: expected "docker" after "node1$", found "dokcer"');
    expect(s.steps).toHaveLength(0);
    expect(s.sim.world.machines.size).toBe(0);
    expect(() => s.exec('')).toThrow(ScenarioError);
    expect(() => s.exec('# just a comment')).toThrow(/expected a command/);
  });

  it('accepts a continued line', () => {
    const s = new ScenarioSession();
    expect(s.exec('sim$ machine node1 \\\n  --cpus 3').snapshot.machines[0].cpus).toBe(3);
  });

  it('continues a scenario run', () => {
    const r = run(fixture('volume-plugin.swarm'), { untilStep: 4 });
    const s = new ScenarioSession(r);
    expect(s.sim).toBe(r.sim);
    expect(s.seed).toBe(1);
    const step = s.exec('node2$ docker plugin install tiborvass/sample-volume-plugin');
    expect(step.index).toBe(4);
    expect(step.exitCode).toBe(0);
    // The plugin reaches the manager as the simulation settles: the task runs on node2.
    const task = step.snapshot.tasks[0];
    expect(task.status.state).toBe('running');
    expect(step.snapshot.nodes.find((n) => n.id === task.nodeId)?.hostname).toBe('node2');
    // The run's own record is left alone.
    expect(r.steps).toHaveLength(4);
    expect(r.trace.length).toBeLessThan(s.trace.length);
  });
});
