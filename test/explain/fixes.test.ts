/**
 * Every fix runs as printed: on random small swarms and services that leave a
 * task pending, each suggested change is appended to the scenario as its next
 * lines, exactly as explain prints it; each line must be accepted (exit 0),
 * and a task of the service must then be placed that was not (replicas
 * waiting for the same node compete for it, so not always the one asked
 * about); a scale-down ends the wait instead.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { explainTask } from '../../sim/explain.js';
import { parseScenario } from '../../sim/scenario/parse.js';
import { runScenario } from '../../sim/scenario/run.js';
import type { SimSnapshot } from '../../sim/snapshot.js';

const TOKEN = 'SWMTKN-1-49nj1cmql0jkz5s954yi3oex3nedyz0fb0xx14ie39trti4wxv-8vxv8rssmk743ojnwacrr2e7c';

const CONSTRAINTS = [
  'node.labels.disk==nvme',
  'node.labels.disk!=ssd',
  'node.role==manager',
  'node.role!=manager',
  'node.hostname==node9',
  'node.hostname!=node1',
  'node.platform.arch==arm64',
  'node.platform.os==windows',
  'node.ip==10.9.9.9',
];

const swarmCase = fc.record({
  nodes: fc.integer({ min: 2, max: 4 }),
  ssd: fc.subarray([1, 2, 3, 4]),
  constraint: fc.option(fc.constantFrom(...CONSTRAINTS), { nil: null }),
  reserveCpu: fc.constantFrom(null, 1, 3),
  hostPort: fc.boolean(),
  maxPerNode: fc.boolean(),
  plugin: fc.boolean(),
  extra: fc.integer({ min: 0, max: 2 }),
  seed: fc.integer({ min: 1, max: 50 }),
});

type Case = typeof swarmCase extends fc.Arbitrary<infer T> ? T : never;

function scenarioOf(c: Case): string {
  const lines = [`---\ntitle: fixes\nseed: ${c.seed}\n---`, 'node1$ docker swarm init'];
  for (let i = 2; i <= c.nodes; i++) lines.push(`node${i}$ docker swarm join --token ${TOKEN} 192.168.99.100:2377`);
  for (const i of c.ssd) if (i <= c.nodes) lines.push(`node1$ docker node update --label-add disk=ssd node${i}`);
  const flags: string[] = [];
  if (c.constraint) flags.push(`--constraint '${c.constraint}'`);
  if (c.reserveCpu) flags.push(`--reserve-cpu ${c.reserveCpu}`);
  if (c.hostPort) flags.push('--publish published=8080,target=80,mode=host');
  if (c.maxPerNode) flags.push('--replicas-max-per-node 1');
  if (c.plugin) flags.push('--mount type=volume,source=data,target=/data,volume-driver=tiborvass/sample-volume-plugin');
  lines.push(`node1$ docker service create --detach --name s --replicas ${c.nodes + c.extra} ${flags.join(' ')} nginx`);
  return lines.join('\n') + '\n';
}

const last = (run: ReturnType<typeof runScenario>): SimSnapshot => run.steps[run.steps.length - 1].snapshot;

/** Runs every fix explain suggests for the case's pending tasks as the scenario's next lines; the number tried. */
function runEveryFix(c: Case): number {
  let tried = 0;
  const text = scenarioOf(c);
  const run = runScenario(parseScenario(text, 'fixes.swarm'));
  const snap = last(run);
  const pending = snap.tasks.filter((t) => t.status.state === 'pending' && t.desiredState === 'running');
  const runningBefore = snap.tasks.filter((t) => t.status.state === 'running').length;
  for (const t of pending) {
    const e = explainTask(snap, t.id)!;
    for (const option of e.fixes) {
      const commands = option.changes.map((ch) => ch.command);
      expect(commands.every((x) => x !== null), `${option.node}: every change has a line`).toBe(true);
      const next = runScenario(parseScenario(text + commands.join('\n') + '\n', 'fixes.swarm'));
      const added = next.steps.slice(run.steps.length);
      for (const s of added) expect(s.exitCode, `${s.host}$ ${s.command}: ${s.output}`).toBe(0);
      const after = last(next).tasks.filter((x) => x.desiredState === 'running');
      const context = `${text}${commands.join('\n')}\n(${option.node})`;
      if (commands.some((x) => x!.includes(' docker service scale '))) {
        // Scaling down ends the wait: no task is left pending.
        expect(after.filter((x) => x.status.state === 'pending'), context).toEqual([]);
      } else {
        expect(after.filter((x) => x.status.state === 'running').length, context).toBeGreaterThan(runningBefore);
      }
      tried++;
    }
  }
  return tried;
}

const plain: Case = { nodes: 3, ssd: [], constraint: null, reserveCpu: null, hostPort: false, maxPerNode: false, plugin: false, extra: 0, seed: 1 };

describe('suggested fixes', () => {
  it('each runs as printed as the next scenario lines, and places a task (random swarms)', () => {
    let tried = 0;
    fc.assert(
      fc.property(swarmCase, (c) => {
        tried += runEveryFix(c);
      }),
      { numRuns: 60, seed: 12 },
    );
    expect(tried).toBeGreaterThan(20);
  });

  it('each runs as printed for the rules random cases rarely reach alone', () => {
    expect(runEveryFix({ ...plain, hostPort: true, extra: 1 })).toBe(3);
    for (const constraint of CONSTRAINTS) expect(runEveryFix({ ...plain, ssd: [1, 2, 3], maxPerNode: true, constraint }), constraint).toBeGreaterThan(0);
    expect(runEveryFix({ ...plain, maxPerNode: true, extra: 2 })).toBe(2);
  });

  it('a host port held by the service itself: a new node, the routing mesh, or scaling down', () => {
    const c: Case = { nodes: 3, ssd: [], constraint: null, reserveCpu: null, hostPort: true, maxPerNode: false, plugin: false, extra: 1, seed: 1 };
    const run = runScenario(parseScenario(scenarioOf(c), 'fixes.swarm'));
    const snap = last(run);
    const t = snap.tasks.find((x) => x.status.state === 'pending')!;
    const e = explainTask(snap, t.id)!;
    expect(e.fixes.map((f) => [f.node, f.changes.map((ch) => ch.command)])).toEqual([
      ['node4 (a new node)', [`node4$ docker swarm join --token ${TOKEN} 192.168.99.100:2377`]],
      ['service s', ['node1$ docker service update --publish-rm published=8080,target=80,mode=host --publish-add published=8080,target=80 s']],
      ['service s', ['node1$ docker service scale s=3']],
    ]);
  });

  it('node.hostname and the platform: the constraint pointed at a node, with --constraint-rm of the exact string', () => {
    const c: Case = { nodes: 2, ssd: [], constraint: 'node.hostname==node9', reserveCpu: null, hostPort: false, maxPerNode: false, plugin: false, extra: 0, seed: 1 };
    const snap = last(runScenario(parseScenario(scenarioOf(c), 'fixes.swarm')));
    const e = explainTask(snap, snap.tasks.find((x) => x.status.state === 'pending')!.id)!;
    expect(e.fixes.map((f) => f.changes.map((ch) => ch.command))).toEqual([
      ['node1$ docker service update --constraint-rm node.hostname==node9 --constraint-add node.hostname==node1 s'],
      ['node1$ docker service update --constraint-rm node.hostname==node9 --constraint-add node.hostname==node2 s'],
    ]);
    const arm: Case = { ...c, constraint: 'node.platform.arch==arm64' };
    const snap2 = last(runScenario(parseScenario(scenarioOf(arm), 'fixes.swarm')));
    const e2 = explainTask(snap2, snap2.tasks.find((x) => x.status.state === 'pending')!.id)!;
    expect(e2.fixes[0].changes[0]).toEqual({
      text: "constrain to node1's node.platform.arch instead: node.platform.arch==x86_64",
      command: 'node1$ docker service update --constraint-rm node.platform.arch==arm64 --constraint-add node.platform.arch==x86_64 s',
    });
  });
});
