import { describe, expect, it } from 'vitest';
import { writeMachineFile } from '../../sim/docker/files.js';
import type { Simulation } from '../../sim/simulation.js';
import { snapshot } from '../../sim/snapshot.js';
import { state } from '../core/world.js';
import { docker, lines, swarm } from './typed.js';

// docker secret / docker config (docker/cli v28.2.2 cli/command/secret, cli/command/config;
// swarmkit controlapi/secret.go, config.go; moby daemon/cluster helpers.go getSecret).

const run = (sim: Simulation, line: string, stdin: string | null = null, host = 'node1') => docker(sim, host, line, stdin);
const ok = (out: string) => ({ out, err: '', code: 0 });
const fail = (err: string, code = 1) => ({ out: '', err: err + '\n', code });
const rpc = (code: string, desc: string) => fail(`Error response from daemon: rpc error: code = ${code} desc = ${desc}`);
const secretByName = (sim: Simulation, name: string) => [...sim.world.secrets.values()].find((s) => s.spec.name === name)!;
const configByName = (sim: Simulation, name: string) => [...sim.world.configs.values()].find((s) => s.spec.name === name)!;
const file = (sim: Simulation, path: string, text: string, host = 'node1') => writeMachineFile(sim.ensureMachine(host), path, text);

describe('docker secret create', () => {
  it('reads a file placed on the machine, stores labels, prints the seeded 25-character ID', () => {
    const sim = swarm(1);
    file(sim, 'pw.txt', 's3cret\n');
    const r = run(sim, 'docker secret create --label env=dev -l bare db_pw pw.txt');
    const s = secretByName(sim, 'db_pw');
    expect(r).toEqual(ok(s.id + '\n'));
    expect(s.id).toMatch(/^[0-9a-z]{25}$/);
    expect(s.spec).toEqual({ name: 'db_pw', labels: { env: 'dev', bare: '' }, data: 's3cret\n' });
    // Same seed, same ID.
    const again = swarm(1);
    file(again, 'pw.txt', 's3cret\n');
    expect(run(again, 'docker secret create --label env=dev -l bare db_pw pw.txt').out).toBe(r.out);
  });

  it('reads standard input for -', () => {
    const sim = swarm(1);
    expect(run(sim, 'docker secret create api -', 'key').code).toBe(0);
    expect(secretByName(sim, 'api').spec.data).toBe('key');
  });

  it('stores --driver and --template-driver as the Driver and Templating of the spec', () => {
    const sim = swarm(1);
    run(sim, 'docker secret create --template-driver golang t -', 'x');
    expect(secretByName(sim, 't').spec.templating).toEqual({ name: 'golang' });
  });

  it('refusals change nothing, with the CLI and daemon texts', () => {
    const sim = swarm(2);
    run(sim, 'docker secret create taken -', 'x');
    file(sim, 'empty', '');
    file(sim, 'big', 'x'.repeat(500 * 1024));
    const before = state(sim);
    expect(run(sim, 'docker secret create taken -', 'y')).toEqual(rpc('AlreadyExists', 'secret taken already exists'));
    expect(run(sim, 'docker secret create bad@name -', 'y')).toEqual(
      rpc('InvalidArgument', 'invalid name, only 64 [a-zA-Z0-9-_.] characters allowed, and the start and end character must be [a-zA-Z0-9]'),
    );
    expect(run(sim, `docker secret create ${'a'.repeat(65)} -`, 'y').err).toContain('invalid name, only 64');
    expect(run(sim, 'docker secret create big big')).toEqual(rpc('InvalidArgument', 'secret data must be larger than 0 and less than 512000 bytes'));
    expect(run(sim, 'docker secret create e -', '')).toEqual(fail('error reading from STDIN: data is empty'));
    expect(run(sim, 'docker secret create e -')).toEqual(fail('error reading from STDIN: data is empty'));
    expect(run(sim, 'docker secret create e empty')).toEqual(fail('error reading from empty: data is empty'));
    expect(run(sim, 'docker secret create e nofile')).toEqual(fail('error reading from nofile: open nofile: no such file or directory'));
    expect(run(sim, 'docker secret create e')).toEqual(fail('secret file is required'));
    expect(run(sim, 'docker secret create --driver vault e f')).toEqual(fail('When using secret driver secret data must be empty'));
    // drivers/provider.go: the leader's plugin store is asked; gRPC reports its error as Unknown.
    expect(run(sim, 'docker secret create --driver vault e')).toEqual(rpc('Unknown', 'plugin "vault" not found'));
    expect(run(sim, 'docker secret create --label =x e -', 'y')).toEqual(
      fail(
        `invalid argument "=x" for "-l, --label" flag: invalid label '=x': empty name\n\nUsage:  docker secret create [OPTIONS] SECRET [file|-]\n\nRun 'docker secret create --help' for more information`,
        125,
      ),
    );
    expect(run(sim, 'docker secret create a b c')).toEqual(
      fail(
        "docker: 'docker secret create' requires at least 1 and at most 2 arguments\n\nUsage:  docker secret create [OPTIONS] SECRET [file|-]\n\nRun 'docker secret create --help' for more information",
      ),
    );
    expect(run(sim, 'docker secret create w -', 'y', 'node2').err).toContain("This node is not a swarm manager. Worker nodes can't be used");
    expect(state(sim)).toBe(before);
    expect(sim.world.secrets.size).toBe(1);
  });

  it('a secret driver that is installed but provides no secrets, or is disabled, is refused as moby refuses it', () => {
    const sim = swarm(1);
    run(sim, 'docker plugin install --grant-all-permissions vieux/sshfs');
    expect(run(sim, 'docker secret create --driver vieux/sshfs e')).toEqual(rpc('Unknown', 'plugin does not provide "secretprovider" capability'));
    run(sim, 'docker plugin disable vieux/sshfs');
    expect(run(sim, 'docker secret create --driver vieux/sshfs e')).toEqual(rpc('Unknown', 'plugin vieux/sshfs found but disabled'));
  });
});

describe('docker config create', () => {
  it('takes exactly two arguments and words read errors its own way', () => {
    const sim = swarm(1);
    file(sim, 'conf/nginx.conf', 'server {}\n');
    expect(run(sim, 'docker config create nginx conf/nginx.conf').code).toBe(0);
    expect(configByName(sim, 'nginx').spec.data).toBe('server {}\n');
    const before = state(sim);
    expect(run(sim, 'docker config create x nofile')).toEqual(fail('Error reading content from "nofile": error reading from nofile: open nofile: no such file or directory'));
    expect(run(sim, 'docker config create x -')).toEqual(fail('Error reading content from "-": error reading from STDIN: data is empty'));
    expect(run(sim, 'docker config create nginx -', 'y')).toEqual(rpc('AlreadyExists', 'config nginx already exists'));
    expect(run(sim, 'docker config create x')).toEqual(
      fail("docker: 'docker config create' requires 2 arguments\n\nUsage:  docker config create [OPTIONS] CONFIG file|-\n\nRun 'docker config create --help' for more information"),
    );
    expect(run(sim, 'docker config create --driver d x -', 'y').code).toBe(125); // configs have no driver
    expect(state(sim)).toBe(before);
  });

  it('a config may be up to 1000 KiB less a byte; a secret only 500 KiB', () => {
    const sim = swarm(1);
    file(sim, 'big', 'x'.repeat(600 * 1024));
    expect(run(sim, 'docker config create big big').code).toBe(0);
    file(sim, 'huge', 'x'.repeat(1000 * 1024));
    expect(run(sim, 'docker config create huge huge')).toEqual(rpc('InvalidArgument', 'config data must be larger than 0 and less than 1024000 bytes'));
  });
});

describe('docker secret ls / config ls', () => {
  const setup = () => {
    const sim = swarm(1);
    run(sim, 'docker secret create --label env=prod db_pw -', 'a');
    sim.advance(90_000);
    run(sim, 'docker secret create api_key -', 'b');
    run(sim, 'docker config create --label env=prod nginx -', 'c');
    return sim;
  };

  it('lists by name in natural order, with the ages of the default table', () => {
    const sim = setup();
    const id = (n: string) => secretByName(sim, n).id;
    expect(lines(run(sim, 'docker secret ls').out)).toBe(
      [
        'ID                          NAME      DRIVER    CREATED                  UPDATED',
        `${id('api_key')}   api_key             Less than a second ago   Less than a second ago`,
        `${id('db_pw')}   db_pw               About a minute ago       About a minute ago`,
      ].join('\n'),
    );
    expect(lines(run(sim, 'docker config ls').out)).toBe(
      ['ID                          NAME      CREATED                  UPDATED', `${configByName(sim, 'nginx').id}   nginx     Less than a second ago   Less than a second ago`].join('\n'),
    );
    expect(run(sim, 'docker secret ls -q').out).toBe(`${id('api_key')}\n${id('db_pw')}\n`);
  });

  it('filters: name (a prefix), names (exact, secrets only), id (a prefix), label; any of the first three, then every label', () => {
    const sim = setup();
    const names = (line: string) => run(sim, `${line} --format {{.Name}}`).out;
    expect(names('docker secret ls --filter name=db')).toBe('db_pw\n');
    expect(names('docker secret ls --filter names=db')).toBe('');
    expect(names('docker secret ls --filter names=db_pw --filter name=api')).toBe('api_key\ndb_pw\n');
    expect(names(`docker secret ls --filter id=${secretByName(sim, 'api_key').id.slice(0, 5)}`)).toBe('api_key\n');
    expect(names('docker secret ls --filter label=env')).toBe('db_pw\n');
    expect(names('docker secret ls --filter label=env=dev')).toBe('');
    expect(names('docker config ls --filter label=env=prod')).toBe('nginx\n');
    expect(run(sim, 'docker config ls --filter names=x')).toEqual(fail("Error response from daemon: invalid filter 'names'"));
    expect(run(sim, 'docker secret ls --filter nope').code).toBe(125);
  });

  it('--format sees the context fields (Labels joined), json marshals the row', () => {
    const sim = setup();
    expect(run(sim, 'docker secret ls --filter name=db --format "{{.Name}} {{.Labels}} [{{.Driver}}]"').out).toBe('db_pw env=prod []\n');
    const json = JSON.parse(run(sim, 'docker config ls --format json').out);
    expect(json).toMatchObject({ Name: 'nginx', Labels: 'env=prod', CreatedAt: 'Less than a second ago' });
    expect(run(sim, 'docker config ls --format "{{.Driver}}"').err).toContain("can't evaluate field Driver in type *config.configContext");
  });
});

describe('docker secret inspect / config inspect', () => {
  it('JSON without the secret data; a config carries its Data as base64', () => {
    const sim = swarm(1);
    run(sim, 'docker secret create --label env=dev db_pw -', 'pw');
    run(sim, 'docker config create cfg -', 'hello\n');
    const s = JSON.parse(run(sim, 'docker secret inspect db_pw').out);
    expect(s).toEqual([
      {
        ID: secretByName(sim, 'db_pw').id,
        Version: { Index: 11 },
        CreatedAt: '2024-06-01T12:00:00.05Z',
        UpdatedAt: '2024-06-01T12:00:00.05Z',
        Spec: { Name: 'db_pw', Labels: { env: 'dev' } },
      },
    ]);
    const c = JSON.parse(run(sim, 'docker config inspect cfg').out);
    expect(c[0].Spec).toEqual({ Name: 'cfg', Labels: {}, Data: 'aGVsbG8K' });
    // Typed first: a []byte prints its bytes; the JSON keys work through the raw fallback too.
    expect(run(sim, 'docker config inspect -f {{.Spec.Data}} cfg').out).toBe('[104 101 108 108 111 10]\n');
    expect(run(sim, 'docker secret inspect -f {{.Spec.Name}}/{{.ID}} db_pw').out).toBe(`db_pw/${secretByName(sim, 'db_pw').id}\n`);
  });

  it('by ID, name or unique ID prefix; a missing one is reported after the others', () => {
    const sim = swarm(1);
    run(sim, 'docker secret create a -', 'x');
    const id = secretByName(sim, 'a').id;
    expect(run(sim, `docker secret inspect -f {{.Spec.Name}} ${id} a ${id.slice(0, 4)} nosuch`)).toEqual({
      out: 'a\na\na\n',
      err: 'Error response from daemon: secret nosuch not found\n',
      code: 1,
    });
  });

  it('--pretty prints the formatter templates; config shows its Data; a template after pretty is refused', () => {
    const sim = swarm(1);
    run(sim, 'docker secret create --label env=dev --label x db_pw -', 'pw');
    run(sim, 'docker config create cfg -', 'line\n');
    expect(run(sim, 'docker secret inspect --pretty db_pw').out).toBe(
      `ID:              ${secretByName(sim, 'db_pw').id}\nName:              db_pw\nLabels:\n - env=dev\n - x\nDriver:            \n` +
        'Created at:        2024-06-01 12:00:00.05 +0000 UTC\nUpdated at:        2024-06-01 12:00:00.05 +0000 UTC\n',
    );
    expect(run(sim, 'docker config inspect --pretty cfg').out).toBe(
      `ID:\t\t\t${configByName(sim, 'cfg').id}\nName:\t\t\tcfg\nCreated at:            \t2024-06-01 12:00:00.05 +0000 UTC\n` +
        'Updated at:            \t2024-06-01 12:00:00.05 +0000 UTC\nData:\nline\n\n',
    );
    expect(run(sim, 'docker secret inspect --pretty db_pw nosuch')).toEqual(fail('Error response from daemon: secret nosuch not found'));
    expect(run(sim, 'docker secret inspect --format prettyx db_pw')).toEqual(fail('cannot supply extra formatting options to the pretty template'));
  });

  it('top-level docker inspect finds secrets and configs, by --type too', () => {
    const sim = swarm(1);
    run(sim, 'docker secret create s -', 'x');
    run(sim, 'docker config create c -', 'x');
    expect(run(sim, 'docker inspect -f {{.Spec.Name}} s c').out).toBe('s\nc\n');
    expect(run(sim, 'docker inspect --type config -f {{.ID}} c').out).toBe(configByName(sim, 'c').id + '\n');
    expect(run(sim, 'docker inspect --type secret c')).toEqual({ out: '[]\n', err: 'Error response from daemon: secret c not found\n', code: 1 });
  });
});

describe('docker secret rm / config rm', () => {
  it('removes each; errors joined at the end; in use by a service is refused with the services named', () => {
    const sim = swarm(1);
    run(sim, 'docker secret create a -', 'x');
    run(sim, 'docker secret create b -', 'x');
    run(sim, 'docker config create c -', 'x');
    run(sim, 'docker service create -d --name web --secret b --config c nginx');
    run(sim, 'docker service create -d --name api --secret b nginx');
    expect(run(sim, 'docker secret rm a nosuch b')).toEqual({
      out: 'a\n',
      err:
        'Error response from daemon: secret nosuch not found\n' +
        "Error response from daemon: rpc error: code = InvalidArgument desc = secret 'b' is in use by the following services: " +
        [...sim.world.services.values()]
          .sort((x, y) => (x.id < y.id ? -1 : 1))
          .map((s) => s.spec.name)
          .join(', ') +
        '\n',
      code: 1,
    });
    const before = state(sim);
    expect(run(sim, 'docker config rm c')).toEqual(rpc('InvalidArgument', "config 'c' is in use by the following service: web"));
    expect(state(sim)).toBe(before);
    run(sim, 'docker service rm web api');
    expect(run(sim, 'docker secret remove b')).toEqual(ok('b\n'));
    expect(run(sim, 'docker config rm c')).toEqual(ok('c\n'));
    expect(sim.world.secrets.size + sim.world.configs.size).toBe(0);
  });
});

describe('help and the group', () => {
  it('prints the texts of the docker 28.2.2 client', () => {
    const sim = swarm(1);
    expect(run(sim, 'docker secret create --help').out).toBe(
      'Usage:  docker secret create [OPTIONS] SECRET [file|-]\n\nCreate a secret from a file or STDIN as content\n\nOptions:\n' +
        '  -d, --driver string            Secret driver\n  -l, --label list               Secret labels\n      --template-driver string   Template driver\n',
    );
    expect(run(sim, 'docker config rm --help').out).toBe(
      'Usage:  docker config rm CONFIG [CONFIG...]\n\nRemove one or more configs\n\nAliases:\n  docker config rm, docker config remove\n',
    );
    expect(run(sim, 'docker config').err).toBe(
      'Usage:  docker config COMMAND\n\nManage Swarm configs\n\nCommands:\n  create      Create a config from a file or STDIN\n' +
        '  inspect     Display detailed information on one or more configs\n  ls          List configs\n  rm          Remove one or more configs\n\n' +
        "Run 'docker config COMMAND --help' for more information on a command.\n",
    );
  });

  it('snapshots list secrets and configs with their sizes, never their data', () => {
    const sim = swarm(1);
    run(sim, 'docker secret create --label a=b s -', 'héllo');
    const snap = snapshot(sim);
    expect(snap.secrets).toEqual([
      { id: secretByName(sim, 's').id, name: 's', labels: { a: 'b' }, driver: '', size: 6, version: 11, createdAt: sim.now, updatedAt: sim.now },
    ]);
    expect(JSON.stringify(snap)).not.toContain('héllo');
    expect(snap.configs).toEqual([]);
  });

  it('the last manager leaving takes the secrets with the swarm', () => {
    const sim = swarm(1);
    run(sim, 'docker secret create a -', 'x');
    run(sim, 'docker swarm leave --force');
    expect(sim.world.secrets.size).toBe(0);
  });
});

describe('on a worker', () => {
  it("the CLI's own checks come first, then the daemon refuses: the cluster state is a manager's", () => {
    const sim = swarm(1, 2);
    const worker = (line: string, stdin: string | null = null) => docker(sim, 'node2', line, stdin);
    const NOT_MANAGER =
      "Error response from daemon: This node is not a swarm manager. Worker nodes can't be used to view or modify cluster state. Please run this command on a manager node or promote the current node to a manager.";
    expect(worker('docker secret create s -')).toEqual(fail('error reading from STDIN: data is empty'));
    expect(worker('docker secret create s -', 'x')).toEqual(fail(NOT_MANAGER));
    expect(worker('docker config ls --filter nope').code).toBe(125);
    expect(worker('docker config ls --filter nope=1')).toEqual(fail(NOT_MANAGER));
    expect(worker('docker secret inspect -f {{.ID s')).toEqual(fail('template parsing error: template: :1: unclosed action', 64));
    expect(worker('docker secret inspect s')).toEqual({ out: '[]\n', err: NOT_MANAGER + '\n', code: 1 });
    expect(worker('docker config rm c')).toEqual(fail(NOT_MANAGER));
  });
});
