/**
 * The README's one-line shell command that makes a bundle on a manager, run
 * by sh against a stand-in `docker` that answers as the simulator does: the
 * bundle it writes imports to the same scenario as `--docker` (collectBundle)
 * takes. The stand-in answers from a table; the commands it does not know yet
 * (their IDs come from earlier answers) are computed and the line is run
 * again, until it asks nothing new.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runDocker } from '../../sim/docker/run.js';
import { parseBundle } from '../../sim/import/bundle.js';
import { collectBundle, isReadOnly } from '../../sim/import/collect.js';
import { importScenario } from '../../sim/import/scenario.js';
import { parseScenario } from '../../sim/scenario/parse.js';
import { runScenario } from '../../sim/scenario/run.js';

const ROOT = join(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'swarmsim-oneline-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The ```sh block of the README's "Importing your swarm" that writes swarm.json. */
function readmeLine(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Importing your swarm'));
  const m = /```sh\n(.*> swarm\.json)\n```/.exec(section);
  if (!m) throw new Error('no one-line bundle command in the README');
  return m[1];
}

describe("the README's one-line bundle command", () => {
  it('writes a bundle that imports to the scenario --docker makes', async () => {
    const run = runScenario(parseScenario(readFileSync(join(ROOT, 'scenarios/weave2-network-plugin.swarm'), 'utf8'), 'w.swarm'));
    const answer = (argv: string[]): { code: number; stdout: string; stderr: string } => {
      const r = runDocker(run.sim, 'node1', argv);
      return { code: r.exitCode, stdout: r.stdout, stderr: r.stderr };
    };
    const table = join(dir, 'answers.json');
    const unknown = join(dir, 'unknown.log');
    const bin = join(dir, 'bin');
    spawnSync('mkdir', ['-p', bin]);
    writeFileSync(
      join(bin, 'docker'),
      `#!${process.execPath}\nconst fs = require('fs');\nconst argv = process.argv.slice(2);\nconst a = JSON.parse(fs.readFileSync(${JSON.stringify(table)}, 'utf8'))[JSON.stringify(argv)];\nif (!a) { fs.appendFileSync(${JSON.stringify(unknown)}, JSON.stringify(argv) + '\\n'); process.exit(1); }\nprocess.stdout.write(a.stdout); process.stderr.write(a.stderr); process.exit(a.code);\n`,
    );
    chmodSync(join(bin, 'docker'), 0o755);
    const answers: Record<string, ReturnType<typeof answer>> = {};
    const asked: string[][] = [];
    for (let round = 0; round < 8; round++) {
      writeFileSync(table, JSON.stringify(answers));
      rmSync(unknown, { force: true });
      const r = spawnSync('sh', ['-c', readmeLine()], { cwd: dir, env: { PATH: `${bin}:${process.env.PATH ?? ''}` }, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      if (!existsSync(unknown)) break;
      for (const l of readFileSync(unknown, 'utf8').trim().split('\n')) {
        const argv = JSON.parse(l) as string[];
        asked.push(argv);
        answers[l] = answer(argv);
      }
    }
    expect(existsSync(unknown)).toBe(false);
    expect(asked.filter((argv) => !isReadOnly(argv))).toEqual([]);
    const fromLine = importScenario(parseBundle(readFileSync(join(dir, 'swarm.json'), 'utf8')));
    const fromDocker = importScenario(parseBundle(JSON.stringify(await collectBundle(async (argv) => answer([...argv])))));
    expect(fromLine.text).toBe(fromDocker.text);
    expect(fromLine.text).toContain('node1$ docker plugin install --grant-all-permissions bboreham/weave2:latest');
  });
});
