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
