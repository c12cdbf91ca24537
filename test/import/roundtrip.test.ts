/**
 * The round trip: a library scenario is simulated, the simulated swarm
 * exports itself as a bundle through its own docker front end (the same
 * read-only commands `swarmsim import --docker` runs on a real manager),
 * the bundle is imported and the scenario re-simulated: the placement (tasks
 * per node and pending, per service) must be the original's, and the
 * imported scenario's checks must pass. Where history decides the placement
 * (a task that used up its restarts), the difference must be reported.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDocker } from '../../sim/docker/run.js';
import { parseBundle } from '../../sim/import/bundle.js';
import { collectBundle, isReadOnly } from '../../sim/import/collect.js';
import { importScenario } from '../../sim/import/scenario.js';
import { checkImport } from '../../sim/import/simulate.js';
import { parseScenario } from '../../sim/scenario/parse.js';
import { runScenario } from '../../sim/scenario/run.js';
import type { Simulation } from '../../sim/simulation.js';

const ROOT = join(import.meta.dirname, '../..');
/** The two large swarms take seconds each to re-simulate 16 times; the rest cover every rule. */
const SKIP = new Set(['node-fleet-1000-machines.swarm', 'plugin-network-200-machines.swarm']);
const FILES = readdirSync(join(ROOT, 'scenarios')).filter((f) => f.endsWith('.swarm') && !SKIP.has(f)).sort();

/** History the state cannot carry: what the import reports instead of hiding. */
const HISTORY: Record<string, { services: string[]; steps: string[]; why: string }> = {
  'lifecycle-restart-policy.swarm': {
    services: ['worker'],
    steps: ['docker service ls', 'docker node ps node1'],
    why: 'the task used up its restart attempts; a new service starts afresh',
  },
  'lifecycle-rolling-update.swarm': {
    services: [],
    steps: ['docker service ls'],
    why: 'the snapshot is taken after a detached create: its tasks are assigned (placed, as counted), not yet running (service ls says 0/2)',
  },
};

export async function exportSwarm(sim: Simulation, host: string, ran: string[][] = []): Promise<string> {
  const bundle = await collectBundle(async (argv) => {
    ran.push([...argv]);
    const r = runDocker(sim, host, [...argv]);
    return { code: r.exitCode, stdout: r.stdout, stderr: r.stderr };
  });
  return JSON.stringify(bundle);
}

describe('simulate, export, import, re-simulate: the same placement', () => {
  it.each(FILES)('%s', async (file) => {
    const run = runScenario(parseScenario(readFileSync(join(ROOT, 'scenarios', file), 'utf8'), file));
    const end = run.steps.at(-1)!.snapshot;
    const leader = end.nodes.find((n) => n.leader)!.hostname;
    const ran: string[][] = [];
    const bundle = parseBundle(await exportSwarm(run.sim, leader, ran));
    expect(ran.filter((argv) => !isReadOnly(argv))).toEqual([]);
    const imported = importScenario(bundle);
    const check = checkImport(imported.text, bundle, { seeds: 16 });
    const history = HISTORY[file];
    expect(check.comparison.differences.map((d) => d.service), history?.why).toEqual(history?.services ?? []);
    const expected = history?.steps ?? [];
    const differing = check.differingSteps.map((d) => d.command);
    expect(differing.map((c, k) => (c.startsWith(`${expected[k]} `) ? expected[k] : c)), history?.why).toEqual(expected);
  });
});

describe('the collector', () => {
  it('refuses a runner answer that is not a manager, and reports docker failures with their text', async () => {
    const sim = runScenario(parseScenario('node1$ docker swarm init\nsim$ machine node2\nnode2$ docker swarm join --token SWMTKN-1-49nj1cmql0jkz5s954yi3oex3nedyz0fb0xx14ie39trti4wxv-8vxv8rssmk743ojnwacrr2e7c 192.168.99.100:2377', 'x.swarm')).sim;
    await expect(exportSwarm(sim, 'node2')).rejects.toThrow('this docker engine is a worker: run the import against a manager');
    const lone = runScenario(parseScenario('sim$ machine solo', 'y.swarm')).sim;
    await expect(exportSwarm(lone, 'solo')).rejects.toThrow('this docker engine is not part of a swarm');
    await expect(collectBundle(async () => ({ code: 1, stdout: '', stderr: 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n' }))).rejects.toThrow(
      `"docker info --format {{json .Swarm}}" exited 1: Cannot connect to the Docker daemon`,
    );
  });

  it('lists only read-only commands', () => {
    expect(isReadOnly(['service', 'ps', 'web'])).toBe(true);
    for (const argv of [['service', 'rm', 'web'], ['node', 'update', 'x'], ['plugin', 'rm', 'p'], ['swarm', 'leave'], ['system', 'prune'], []]) expect(isReadOnly(argv)).toBe(false);
  });
});

describe('specs that need care', () => {
  it('a mount source with a comma, labels with spaces and quotes, arguments with both: the imported service has the same spec', async () => {
    const text = [
      'node1$ docker swarm init',
      `node1$ docker service create --quiet --name a --label 'team=blue green' --mount 'type=bind,"source=/srv/a,b",target=/x' --restart-delay 7s --update-parallelism 2 busybox sh -c "echo 'hi there'"`,
    ].join('\n');
    const run = runScenario(parseScenario(text, 'care.swarm'));
    const bundle = parseBundle(await exportSwarm(run.sim, 'node1'));
    const again = runScenario(parseScenario(importScenario(bundle).text, 'again.swarm'));
    const spec = (r: typeof run): unknown => JSON.parse(runDocker(r.sim, 'node1', ['service', 'inspect', 'a', '--format', '{{json .Spec}}']).stdout);
    expect(spec(again)).toEqual(spec(run));
  });
});

describe('every flag the importer writes', () => {
  it('rebuilds each spec field for field', async () => {
    const text = [
      'sim$ machine node1 --cpus 4 --memory 8GiB',
      'node1$ docker swarm init',
      'node1$ docker network create --driver overlay --attachable --label tier=back --subnet 10.20.0.0/24 back',
      'node1$ docker service create --quiet --name web --replicas 3 --network back --publish mode=host,target=80,published=8080 --publish 9000:90/udp --placement-pref spread=node.labels.zone --replicas-max-per-node 2 --reserve-cpu 0.25 --reserve-memory 64MiB --limit-cpu 1.5 --limit-memory 512MiB nginx',
      'node1$ docker service create --quiet --name roll --update-parallelism 0 --update-delay 10s --update-failure-action rollback --update-monitor 30s --update-max-failure-ratio 0.25 --update-order start-first --rollback-parallelism 3 --rollback-delay 1s --rollback-failure-action continue --rollback-monitor 2s --rollback-max-failure-ratio 0.5 --rollback-order start-first --restart-condition on-failure --restart-delay 1m --restart-max-attempts 4 --restart-window 2m30s redis',
      'node1$ docker service create --quiet --name g --mode global --constraint node.role==manager --constraint node.platform.os==linux --log-driver json-file busybox top',
      'node1$ docker service create --quiet --name job --mode replicated-job --replicas 5 --max-concurrent 2 busybox true',
      'node1$ docker service create --quiet --name gjob --mode global-job busybox true',
    ].join('\n');
    const run = runScenario(parseScenario(text, 'flags.swarm'));
    const bundle = parseBundle(await exportSwarm(run.sim, 'node1'));
    const imported = importScenario(bundle);
    expect(imported.notes).toEqual([]);
    const again = runScenario(parseScenario(imported.text, 'again.swarm'));
    expect(again.steps.filter((s) => s.exitCode !== 0).map((s) => `${s.command}: ${s.output}`)).toEqual([]);
    const specs = (r: typeof run): unknown =>
      JSON.parse(runDocker(r.sim, 'node1', ['service', 'inspect', 'web', 'roll', 'g', 'job', 'gjob', '--format', '{{json .Spec}}']).stdout.split('\n').filter(Boolean).join(',').replace(/^/, '[').replace(/$/, ']'));
    expect((specs(run) as { Name: string }[]).map((x) => x.Name)).toEqual(['web', 'roll', 'g', 'job', 'gjob']);
    const withoutNetworkIds = (v: unknown): string => JSON.stringify(v).replace(/"Target":"\w+"/g, '"Target":"ID"');
    expect(withoutNetworkIds(specs(again))).toBe(withoutNetworkIds(specs(run)));
  });
});
