import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT } from '../cli/helpers.js';

/** Every hostile input of issue 14 in one scenario, each after a step that draws from the seed. */
const HOSTILE = [
  'node1$ docker swarm init',
  'node1$ docker service create --network nope nginx',
  'node1$ docker stack deploy -c - s <<EOF',
  'version: "3.8"',
  'a: &a [x,x,x,x,x,x,x,x,x,x]',
  'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]',
  'c: [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]',
  'services:',
  '  web:',
  '    image: nginx',
  'EOF',
  'node1$ docker stack deploy -c - s <<EOF',
  'version: "3.8"',
  'services: ' + '['.repeat(5000) + ']'.repeat(5000),
  'EOF',
  `node1$ docker service ls --format '{{${'('.repeat(5000)}.ID${')'.repeat(5000)}}}'`,
  `node1$ docker service ls --format '${'{{if 1}}'.repeat(2000)}'`,
  'node1$ docker volume create --driver nope/plugin',
  'node1$ docker service create nginx',
  'node1$ docker volume create',
  'node1$ docker service ls',
  '(a+)+b (re)',
  '',
].join('\n');

describe('hostile input: run --json is a function of the scenario and the seed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'swarmsim-hostile-'));
  const path = join(dir, 'hostile.swarm');
  writeFileSync(path, HOSTILE);

  it('twice in one process', async () => {
    const a = await cli(['run', path, '--json']);
    const b = await cli(['run', path, '--json']);
    expect(a.code).not.toBe(70);
    expect(a.stderr).not.toMatch(/internal error/);
    expect(b).toEqual(a);
  }, 60_000);

  it('in two processes', () => {
    const run = (): { status: number | null; stdout: string } => {
      const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'sim/cli/main.ts'), 'run', path, '--json'], { cwd: ROOT, encoding: 'utf8' });
      return { status: r.status, stdout: r.stdout };
    };
    const a = run();
    expect(a.status).not.toBe(70);
    expect(a.stdout.length).toBeGreaterThan(0);
    expect(run()).toEqual(a);
  }, 60_000);
});
