/**
 * swarmsim import against a live Swarm: a cluster with network and volume
 * plugins (one installed but disabled), node labels, constraints, a global
 * service and max replicas per node is built on real engines (lab.ts), then
 * `swarmsim import --docker` runs the machine's docker CLI 28.2.2 against
 * the manager. The imported scenario must reproduce the swarm: the placement
 * (tasks per node, per service) compared with the real one, and the real
 * `node ls`, `service ls` and every node's `plugin ls` compared with what
 * the simulation prints after the imported scenario. Skipped, loudly, where
 * the lab cannot be made (live.test.ts says what is missing). The bundle and
 * the scenario stay in test-artifacts/import-live/.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../../sim/cli/cli.js';
import { runDocker } from '../../sim/docker/run.js';
import { parseScenario } from '../../sim/scenario/parse.js';
import { runScenario } from '../../sim/scenario/run.js';
import { stateOfSnapshot } from './state.js';
import { prerequisites, type Lab } from './lab.js';
import { replay } from './replay.js';

const ROOT = resolve(import.meta.dirname, '../..');
const FILE = 'test/import/fixtures/live-cluster.swarm';
const missing = process.env.SWARMSIM_REAL === '0' ? ['SWARMSIM_REAL=0 (turned off)'] : prerequisites();
if (missing.length > 0) process.stderr.write(`\n!! The live import test is SKIPPED: this machine lacks ${missing.join(', ')} (see live.test.ts).\n\n`);

/** The read-only views compared, with formats that hold no IDs or times. */
const VIEWS: { host: 'manager' | 'each'; argv: string[] }[] = [
  { host: 'manager', argv: ['node', 'ls', '--format', '{{.Hostname}} {{.Status}} {{.Availability}} {{.ManagerStatus}}'] },
  { host: 'manager', argv: ['service', 'ls', '--format', '{{.Name}} {{.Mode}} {{.Replicas}} {{.Image}}'] },
  { host: 'each', argv: ['plugin', 'ls', '--format', '{{.Name}} {{.Enabled}}'] },
];

const lines = (s: string): string[] => s.replace(/\r/g, '').split('\n').map((l) => l.trimEnd()).filter((l) => l !== '').sort();

describe.skipIf(missing.length > 0)('swarmsim import on a live Swarm', () => {
  it(
    'imports the swarm with --docker; the imported scenario reproduces its placement, node ls, service ls and plugin ls',
    async () => {
      const scenario = parseScenario(readFileSync(join(ROOT, FILE), 'utf8'), FILE);
      // Kept after the run: the real bundle (Docker 20.10 as it is here) and the scenario made from it.
      const dir = join(ROOT, 'test-artifacts', 'import-live');
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      const out = join(dir, 'imported.swarm');
      const bundleFile = join(dir, 'bundle.json');
      let report = '';
      let code = -1;
      const real: Record<string, string[]> = {};
      let realState: ReturnType<typeof stateOfSnapshot> | undefined;
      await replay({
        file: FILE,
        scenario,
        atEnd: async (lab: Lab) => {
          const env = { PATH: process.env.PATH, DOCKER_HOST: `unix://${lab.engine('node1').socket}`, DOCKER_CONFIG: join(lab.dir, 'client') };
          let stdout = '';
          let stderr = '';
          code = await main(['import', '--docker', '--docker-bin', lab.client, '--bundle-out', bundleFile, '-o', out], {
            stdout: { write: (s: string) => (stdout += s) },
            stderr: { write: (s: string) => (stderr += s) },
            stdin: Readable.from([]),
            cwd: dir,
            env,
          });
          report = stdout + stderr;
          for (const v of VIEWS) {
            for (const host of v.host === 'manager' ? ['node1'] : ['node1', 'node2', 'node3']) {
              const r = spawnSync(lab.client, v.argv, { env: { ...env, DOCKER_HOST: `unix://${lab.engine(host).socket}` }, encoding: 'utf8', timeout: 30_000 });
              real[`${host}$ docker ${v.argv.slice(0, 2).join(' ')}`] = lines(r.stdout);
            }
          }
          realState = await lab.state();
        },
      });

      expect(code, report).toBe(0);
      expect(report).toContain("Placement reproduced: every service's tasks per node and pending tasks match the real swarm (5 services).");
      expect(report).not.toMatch(/^differs: /m);

      // The imported scenario, run on its own: its checks (the real state) pass...
      const imported = readFileSync(out, 'utf8');
      const run = runScenario(parseScenario(imported, out));
      expect(run.steps.filter((s) => s.check && !s.check.ok).map((s) => `${s.step.line}: ${s.command}\n${s.check?.diff ?? ''}`)).toEqual([]);
      // ...and its end state prints what the real swarm printed.
      const simulated: Record<string, string[]> = {};
      for (const key of Object.keys(real)) {
        const [host, cmd] = key.split('$ docker ');
        const v = VIEWS.find((x) => x.argv.slice(0, 2).join(' ') === cmd)!;
        simulated[key] = lines(runDocker(run.sim, host, v.argv).stdout);
      }
      // The image column: the real swarm shows the tag the user gave, the import pins the digest it ran.
      const tagOnly = (m: Record<string, string[]>): Record<string, string[]> =>
        Object.fromEntries(Object.entries(m).map(([k, v]) => [k, v.map((l) => l.replace(/@sha256:[0-9a-f]{64}$/, ''))]));
      expect(tagOnly(simulated)).toEqual(tagOnly(real));
      // The placement, as the harness reads it from the real manager's API.
      const sim = stateOfSnapshot(run.steps.at(-1)!.snapshot);
      const tasksOf = (s: typeof sim | undefined): Record<string, unknown> => Object.fromEntries(Object.entries(s?.services ?? {}).map(([k, v]) => [k, v.tasks]));
      expect(tasksOf(sim)).toEqual(tasksOf(realState));
    },
    15 * 60_000,
  );
});
