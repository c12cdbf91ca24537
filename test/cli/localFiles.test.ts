/**
 * `< FILE` in a scenario: standard input for a docker command, or the content
 * of `sim$ file`, read by the CLI from the scenario's directory and nowhere
 * else; without the CLI (the browser, the library's parser) it is a located
 * error that says what to write instead.
 */
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../../sim/scenario/errors.js';
import { parseScenario } from '../../sim/scenario/parse.js';
import { cli } from './helpers.js';

const COMPOSE = 'services:\n  web:\n    image: nginx\n    deploy:\n      replicas: 2\n';

function project(scenario: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'swarmsim-local-'));
  mkdirSync(join(dir, 'compose'));
  writeFileSync(join(dir, 'compose', 'app.yml'), COMPOSE);
  writeFileSync(join(dir, 'secret.txt'), 'outside\n');
  mkdirSync(join(dir, 'scenarios'));
  writeFileSync(join(dir, 'scenarios', 'app.swarm'), scenario);
  return dir;
}

describe('input redirection from a file beside the scenario', () => {
  it('feeds sim$ file and a docker command, read relative to the scenario', async () => {
    const dir = project(
      [
        'node1$ docker swarm init',
        'sim$ file node1:docker-compose.yml < ../compose/app.yml',
        'node1$ docker stack deploy -c docker-compose.yml app',
        'node1$ docker stack deploy -c - app2 < ../compose/app.yml',
        "node1$ docker service ls --format '{{.Name}} {{.Replicas}}'",
        '',
      ].join('\n'),
    );
    // The scenario sits in scenarios/: "../compose" is outside its directory, so it gets a copy of its own.
    mkdirSync(join(dir, 'scenarios', 'compose'));
    writeFileSync(join(dir, 'scenarios', 'compose', 'app.yml'), COMPOSE);
    writeFileSync(join(dir, 'scenarios', 'app.swarm'), readFileSync(join(dir, 'scenarios', 'app.swarm'), 'utf8').replaceAll('../compose', 'compose'));
    const r = await cli(['run', 'scenarios/app.swarm'], '', false, dir);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('node1$ docker stack deploy -c - app2 < compose/app.yml\n');
    expect(r.stdout.endsWith("node1$ docker service ls --format '{{.Name}} {{.Replicas}}'\napp2_web 2/2\napp_web 2/2\n")).toBe(true);
    expect(r.code).toBe(0);
  });

  it("refuses absolute paths, paths and links out of the scenario's directory, and missing files, each at its column", async () => {
    const dir = project(
      ['sim$ file node1:a < ../secret.txt', 'sim$ file node1:b < /etc/hostname', 'sim$ file node1:c < nope.yml', 'sim$ file node1:d < link.txt', ''].join('\n'),
    );
    symlinkSync(join(dir, 'secret.txt'), join(dir, 'scenarios', 'link.txt'));
    const r = await cli(['run', 'scenarios/app.swarm'], '', false, dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      [
        `scenarios/app.swarm:1:19: cannot read "../secret.txt": outside the scenario's directory`,
        `scenarios/app.swarm:2:19: cannot read "/etc/hostname": an absolute path: name a file beside the scenario, relative to it`,
        `scenarios/app.swarm:3:19: cannot read "nope.yml": no such file beside the scenario`,
        `scenarios/app.swarm:4:19: cannot read "link.txt": a link to a file outside the scenario's directory`,
        '',
      ].join('\n'),
    );
    expect(r.stdout).toBe('');
  });
});

describe('the parser without a reader (the browser, the library)', () => {
  const parseError = (text: string): string => {
    try {
      parseScenario(text, 's.swarm');
    } catch (e) {
      if (e instanceof ScenarioError) return e.report();
      throw e;
    }
    throw new Error('parsed');
  };

  it('says only the CLI reads files, and what to write instead', () => {
    expect(parseError('node1$ docker stack deploy -c - app < app.yml\n')).toBe(
      's.swarm:1:37: input redirection "<" reads a file beside the scenario, which only the swarmsim CLI can do: write "app.yml" here as a here-document (<<EOF)',
    );
  });

  it('shell syntax around it: one redirection, a file name, not with a here-document or a directive', () => {
    const read = { readLocalFile: (p: string) => `${p}\n` };
    expect(parseScenario('node1$ docker stack deploy -c - app < "my app.yml"\n', 's.swarm', read).steps[0]).toMatchObject({ stdin: 'my app.yml\n' });
    expect(parseError('node1$ docker stack deploy -c - app <\n')).toBe('s.swarm:1:37: expected a file name after "<" (as in < docker-compose.yml)');
    expect(() => parseScenario('node1$ docker stack deploy -c - app < a < b\n', 's.swarm', read)).toThrow('only one input redirection per command');
    expect(() => parseScenario('sim$ sleep 1s < a\n', 's.swarm', read)).toThrow('a directive takes no standard input');
    expect(() => parseScenario('node1$ docker ps < a <<EOF\nx\nEOF\n', 's.swarm', read)).toThrow('a command reads a here-document or a file ("<"), not both');
    // Other redirections stay refused, as before.
    expect(parseError('node1$ docker ps > out.txt\n')).toContain('output redirection ">"');
    const big = { readLocalFile: () => 'x'.repeat(1_000_001) };
    expect(() => parseScenario('sim$ file node1:a < big\n', 's.swarm', big)).toThrow(`"big" is longer than 1,000,000 characters`);
  });
});
