/**
 * `swarmsim import`: from a bundle file or standard input, and with
 * --docker from a docker CLI (here a stand-in that answers as the
 * simulator's own front end answered the same commands, and logs them).
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runDocker } from '../../sim/docker/run.js';
import { collectBundle, isReadOnly } from '../../sim/import/collect.js';
import { parseScenario } from '../../sim/scenario/parse.js';
import { runScenario } from '../../sim/scenario/run.js';
import { cli, ROOT } from './helpers.js';

const FIXTURE = 'test/import/fixtures/shop.json';
const dir = mkdtempSync(join(tmpdir(), 'swarmsim-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('swarmsim import BUNDLE', () => {
  it('writes the scenario, then says what it left out and whether the simulation reproduces the swarm', async () => {
    const out = join(dir, 'shop.swarm');
    const r = await cli(['import', FIXTURE, '-o', out]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(`wrote ${out}: 4 machines, 4 services`);
    expect(lines).toContain('note: service logs: not copied: log driver options (may hold tokens)');
    expect(r.stdout).toMatch(/^seed \d+ \(of \d+ tried\) reproduces the swarm: the scenario has "seed: \d+"$/m);
    expect(r.stdout).toContain("Placement reproduced: every service's tasks per node and pending tasks match the real swarm (4 services).");
    expect((await cli(['test', '--no-lint', out])).code).toBe(0);
    // An existing file is kept unless -f.
    expect(await cli(['import', FIXTURE, '-o', out])).toMatchObject({ code: 2, stderr: `swarmsim: ${out}: exists (give -f to overwrite it)\n` });
    expect((await cli(['import', FIXTURE, '-o', out, '-f'])).code).toBe(0);
  });

  it('to standard output, the report on standard error; from standard input with "-"', async () => {
    const r = await cli(['import', '-', '--no-check'], readFileSync(join(ROOT, FIXTURE), 'utf8'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^---\ntitle: "Imported swarm: 4 nodes, 4 services"\n/);
    expect(r.stdout).toContain('from standard input.');
    expect(r.stderr).not.toContain('Placement');
    expect(r.stderr).toContain('note: node a1c4e7g0i3k6m9o2q5s8u1w4y (wrk1, down) left out');
  });

  it('--json: the scenario, the notes, the seed and the comparison', async () => {
    const r = await cli(['import', FIXTURE, '--json', '--seeds', '2']);
    const j = JSON.parse(r.stdout) as { scenario: string; notes: string[]; seed: number; comparison: { services: number; same: number; differences: unknown[] } };
    expect(j.scenario).toMatch(/^---\n/);
    expect(j.notes.length).toBeGreaterThan(0);
    expect(j.seed).toBeGreaterThanOrEqual(1);
    expect(j.comparison.services).toBe(4);
    expect(j.comparison.same + j.comparison.differences.length).toBe(4);
  });

  it('a malformed bundle: exit 2, each problem at its path; usage mistakes', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"version": 1, "nodes": [{"ID": "x"}], "services": []}');
    const r = await cli(['import', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `swarmsim: import: ${bad}: malformed bundle: 4 problems:\n  nodes[0].Spec: missing (expected an object)\n  nodes[0].Description: missing (expected an object)\n  nodes[0].Status: missing (expected an object)\n  nodes[0].Description.Hostname: missing (expected a string)\n`,
    );
    expect(await cli(['import'])).toMatchObject({ code: 2, stderr: 'swarmsim: import: missing BUNDLE (see "swarmsim import --help")\n' });
    expect(await cli(['import', '--docker', FIXTURE])).toMatchObject({ code: 2, stderr: 'swarmsim: import: give --docker or a BUNDLE file, not both (see "swarmsim import --help")\n' });
    expect((await cli(['import', 'nope.json'])).stderr).toBe('swarmsim: nope.json: no such file or directory\n');
    expect((await cli(['import', FIXTURE, '--json', '--seeds', 'x'])).stdout).toContain('"kind": "usage"');
  });

  it('--help lists every docker command --docker may run, each read-only', async () => {
    const h = (await cli(['import', '--help'])).stdout;
    const listed = [...h.matchAll(/^ {25}docker (.+)$/gm)].map((m) => m[1].split(' '));
    expect(listed.length).toBe(12);
    expect(listed.filter((argv) => !isReadOnly(argv))).toEqual([]);
  });
});

describe('swarmsim import --docker', () => {
  /** A docker stand-in: answers each argv as the simulator answered it, logging what it was asked. */
  async function fakeDocker(): Promise<{ bin: string; log: string }> {
    const run = runScenario(parseScenario(readFileSync(join(ROOT, 'scenarios/weave2-network-plugin.swarm'), 'utf8'), 'w.swarm'));
    const answers: Record<string, { code: number; stdout: string; stderr: string }> = {};
    await collectBundle(async (argv) => {
      const r = runDocker(run.sim, 'node1', [...argv]);
      answers[JSON.stringify(argv)] = { code: r.exitCode, stdout: r.stdout, stderr: r.stderr };
      return { code: r.exitCode, stdout: r.stdout, stderr: r.stderr };
    });
    const data = join(dir, 'answers.json');
    const log = join(dir, 'argv.log');
    writeFileSync(data, JSON.stringify(answers));
    const bin = join(dir, 'docker');
    writeFileSync(
      bin,
      `#!${process.execPath}\nconst fs = require('fs');\nconst argv = process.argv.slice(2);\nfs.appendFileSync(${JSON.stringify(log)}, JSON.stringify(argv) + '\\n');\nconst a = JSON.parse(fs.readFileSync(${JSON.stringify(data)}, 'utf8'))[JSON.stringify(argv)];\nif (!a) { process.stderr.write('unexpected ' + argv.join(' ')); process.exit(99); }\nprocess.stdout.write(a.stdout); process.stderr.write(a.stderr); process.exit(a.code);\n`,
    );
    chmodSync(bin, 0o755);
    return { bin, log };
  }

  it('runs only read-only commands, as argument arrays, and writes the bundle it took', async () => {
    const { bin, log } = await fakeDocker();
    const out = join(dir, 'live.swarm');
    const bundle = join(dir, 'live.json');
    const r = await cli(['import', '--docker', '--docker-bin', bin, '--bundle-out', bundle, '-o', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Placement reproduced: every service's tasks per node and pending tasks match the real swarm (1 service).");
    const ran = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as string[]);
    expect(ran.length).toBeGreaterThanOrEqual(10);
    expect(ran.filter((argv) => !isReadOnly(argv))).toEqual([]);
    expect(ran[0]).toEqual(['info', '--format', '{{json .Swarm}}']);
    // The bundle written imports to the same scenario.
    const again = await cli(['import', bundle, '--no-check']);
    expect(again.stdout).toBe(readFileSync(out, 'utf8').replace(/from docker \(the current context\)/, `from ${bundle}`));
  });

  it('a docker that is missing, fails or hangs: exit 1 with why', async () => {
    expect(await cli(['import', '--docker', '--docker-bin', join(dir, 'no-such-docker')])).toMatchObject({
      code: 1,
      stderr: `swarmsim: import: cannot run ${join(dir, 'no-such-docker')}: not found (install the docker CLI, or give --docker-bin PATH)\n`,
    });
    const failing = join(dir, 'failing-docker');
    writeFileSync(failing, '#!/bin/sh\necho "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?" >&2\nexit 1\n');
    chmodSync(failing, 0o755);
    expect((await cli(['import', '--docker', '--docker-bin', failing])).stderr).toBe(
      'swarmsim: import: "docker info --format {{json .Swarm}}" exited 1: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n',
    );
    const hanging = join(dir, 'hanging-docker');
    writeFileSync(hanging, '#!/bin/sh\nexec sleep 30\n');
    chmodSync(hanging, 0o755);
    expect(await cli(['import', '--docker', '--docker-bin', hanging, '--timeout', '1'])).toMatchObject({
      code: 1,
      stderr: 'swarmsim: import: "docker info --format {{json .Swarm}}" no answer within 1 s (--timeout)\n',
    });
  });
});

describe('a bundle without tasks', () => {
  it('imports; the placement is not compared, and the scenario checks only what the bundle says', async () => {
    const b = JSON.parse(readFileSync(join(ROOT, FIXTURE), 'utf8')) as Record<string, unknown>;
    delete b.tasks;
    const file = join(dir, 'notasks.json');
    writeFileSync(file, JSON.stringify(b));
    const out = join(dir, 'notasks.swarm');
    const r = await cli(['import', file, '-o', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('The bundle has no tasks: the real placement is unknown, and not checked.');
    expect(r.stdout).not.toContain('Placement');
    expect(readFileSync(out, 'utf8')).toContain('# The bundle has no tasks: the placement is not checked.');
    expect((await cli(['test', '--no-lint', out])).code).toBe(0);
    const j = JSON.parse((await cli(['import', file, '--json', '--seeds', '1'])).stdout) as { comparison: unknown };
    expect(j.comparison).toBeNull();
  });
});
