import { describe, expect, it } from 'vitest';
import { runDocker } from '../../sim/docker/run.js';
import { streams } from './streams.js';
import { serviceSpec } from '../../sim/model/defaults.js';
import { Simulation } from '../../sim/simulation.js';
import { state, swarm } from '../core/world.js';

// docker volume create / ls / rm / inspect (docker/cli cli/command/volume, formatter/volume.go).

const docker = (sim: Simulation, host: string, line: string) => streams(runDocker(sim, host, line.split(' ').filter(Boolean)));
const err = (stderr: string) => ({ stdout: '', stderr: stderr + '\n', exitCode: 1 });
const ok = (stdout: string) => ({ stdout, stderr: '', exitCode: 0 });

describe('docker volume create', () => {
  it("prints the name; the documents' --name form; the plugin's full name is bound", () => {
    const sim = new Simulation();
    docker(sim, 'node2', 'plugin install tiborvass/sample-volume-plugin');
    expect(docker(sim, 'node2', 'volume create -d tiborvass/sample-volume-plugin --name pluginVol')).toEqual(ok('pluginVol\n'));
    expect(docker(sim, 'node2', 'volume create plain')).toEqual(ok('plain\n'));
    const vols = sim.world.machines.get('node2')!.volumes;
    expect(vols.map((v) => `${v.name}:${v.driver}`)).toEqual(['pluginVol:tiborvass/sample-volume-plugin:latest', 'plain:local']);
  });

  it('an anonymous volume gets a 64-hex name', () => {
    const sim = new Simulation();
    expect(docker(sim, 'node1', 'volume create').stdout).toMatch(/^[0-9a-f]{64}\n$/);
  });

  it('options and labels', () => {
    const sim = new Simulation();
    docker(sim, 'node1', 'volume create -o type=tmpfs -o device=tmpfs --label team=a --label keep v1');
    const [v] = sim.world.machines.get('node1')!.volumes;
    expect(v.options).toEqual({ type: 'tmpfs', device: 'tmpfs' });
    expect(v.labels).toEqual({ team: 'a', keep: '' });
  });

  it('refusals change nothing: missing driver, disabled driver, both names, bad label', () => {
    const sim = new Simulation();
    docker(sim, 'node1', 'plugin install --disable tiborvass/sample-volume-plugin');
    const before = state(sim);
    expect(docker(sim, 'node1', 'volume create -d missing v')).toEqual(
      err('Error response from daemon: create v: error looking up volume plugin missing: plugin "missing" not found'),
    );
    expect(docker(sim, 'node1', 'volume create -d tiborvass/sample-volume-plugin v')).toEqual(
      err(
        'Error response from daemon: create v: error looking up volume plugin tiborvass/sample-volume-plugin: plugin tiborvass/sample-volume-plugin:latest found but disabled',
      ),
    );
    expect(docker(sim, 'node1', 'volume create --name a b')).toEqual(
      err('conflicting options: cannot specify a volume-name through both --name and as a positional arg'),
    );
    const bad = docker(sim, 'node1', 'volume create --label =x v');
    expect(bad.exitCode).toBe(125);
    expect(bad.stderr.split('\n')[0]).toBe(`invalid argument "=x" for "--label" flag: invalid label '=x': empty name`);
    expect(state(sim)).toBe(before);
  });
});

describe('docker volume ls', () => {
  const sim = new Simulation();
  docker(sim, 'node1', 'plugin install --grant-all-permissions rexray/dobs');
  docker(sim, 'node1', 'volume create -d rexray/dobs db10');
  docker(sim, 'node1', 'volume create db9');
  docker(sim, 'node1', 'volume create --label tier=cache cache');

  it('DRIVER and VOLUME NAME, natural order by name', () => {
    expect(docker(sim, 'node1', 'volume ls')).toEqual(
      ok(
        // DRIVER: "rexray/dobs:latest" is 18 wide: 21
        'DRIVER               VOLUME NAME\n' +
          'local                cache\n' +
          'local                db9\n' +
          'rexray/dobs:latest   db10\n',
      ),
    );
  });

  it('-q, filters, and the volumes of another engine', () => {
    expect(docker(sim, 'node1', 'volume ls -q')).toEqual(ok('cache\ndb9\ndb10\n'));
    expect(docker(sim, 'node1', 'volume ls -q -f driver=rexray/dobs:latest')).toEqual(ok('db10\n'));
    expect(docker(sim, 'node1', 'volume ls -q -f name=db')).toEqual(ok('db9\ndb10\n'));
    expect(docker(sim, 'node1', 'volume ls -q -f label=tier=cache')).toEqual(ok('cache\n'));
    expect(docker(sim, 'node1', 'volume ls -q -f dangling=true')).toEqual(ok('cache\ndb9\ndb10\n'));
    expect(docker(sim, 'node1', 'volume ls -f size=1')).toEqual(err("Error response from daemon: invalid filter 'size'"));
    expect(docker(sim, 'node2', 'volume ls')).toEqual(ok('DRIVER    VOLUME NAME\n'));
  });

  it('a volume used by a running task is not dangling', () => {
    const s = swarm(1);
    docker(s, 'node1', 'volume create data');
    docker(s, 'node1', 'volume create spare');
    s.serviceCreate(serviceSpec({ name: 'db', mounts: [{ source: 'data', target: '/data' }] }));
    s.settle();
    expect(docker(s, 'node1', 'volume ls -q -f dangling=false')).toEqual(ok('data\n'));
    expect(docker(s, 'node1', 'volume ls -q -f dangling=true')).toEqual(ok('spare\n'));
    const before = state(s);
    expect(docker(s, 'node1', 'volume rm data').stderr).toMatch(/^Error response from daemon: remove data: volume is in use - \[[0-9a-f]+\]\n$/);
    expect(state(s)).toBe(before);
  });
});

describe('docker volume rm / inspect', () => {
  it('rm prints each name; a missing volume is an error unless -f', () => {
    const sim = new Simulation();
    docker(sim, 'node1', 'volume create a');
    docker(sim, 'node1', 'volume create b');
    expect(docker(sim, 'node1', 'volume rm a nope b')).toEqual({
      stdout: 'a\nb\n',
      stderr: 'Error response from daemon: get nope: no such volume\n',
      exitCode: 1,
    });
    expect(docker(sim, 'node1', 'volume rm -f nope')).toEqual(ok('nope\n'));
  });

  it('removing a plugin volume releases the plugin', () => {
    const sim = new Simulation();
    docker(sim, 'node1', 'plugin install --grant-all-permissions rexray/ebs');
    docker(sim, 'node1', 'volume create -d rexray/ebs data');
    expect(docker(sim, 'node1', 'plugin disable rexray/ebs').exitCode).toBe(1);
    docker(sim, 'node1', 'volume rm data');
    expect(docker(sim, 'node1', 'plugin disable rexray/ebs')).toEqual(ok('rexray/ebs\n'));
  });

  it('inspect: the engine JSON; --format; a missing volume', () => {
    const sim = new Simulation();
    docker(sim, 'node1', 'volume create --label b=2 --label a=1 v1');
    expect(docker(sim, 'node1', 'volume inspect v1')).toEqual(
      ok(
        '[\n' +
          '    {\n' +
          '        "CreatedAt": "2024-06-01T12:00:00Z",\n' +
          '        "Driver": "local",\n' +
          '        "Labels": {\n' +
          '            "a": "1",\n' +
          '            "b": "2"\n' +
          '        },\n' +
          '        "Mountpoint": "/var/lib/docker/volumes/v1/_data",\n' +
          '        "Name": "v1",\n' +
          '        "Options": {},\n' +
          '        "Scope": "local"\n' +
          '    }\n' +
          ']\n',
      ),
    );
    expect(docker(sim, 'node1', 'volume inspect --format {{.Driver}}:{{.Labels.a}}:{{.Labels.zz}} v1')).toEqual(ok('local:1:<no value>\n'));
    expect(docker(sim, 'node1', 'volume inspect nope')).toEqual({
      stdout: '[]\n',
      stderr: 'Error response from daemon: get nope: no such volume\n',
      exitCode: 1,
    });
  });
});

describe('docker volume create: cluster (CSI) volume flags', () => {
  it('a manager shows them in --help, a machine outside the swarm does not (swarm: manager annotation)', () => {
    const sim = swarm(1);
    docker(sim, 'node2', 'volume ls'); // node2: an engine outside the swarm
    const onManager = docker(sim, 'node1', 'volume create --help').stdout;
    expect(onManager).toContain('      --group string              Cluster Volume group (cluster volumes)\n');
    expect(onManager).toContain('      --limit-bytes bytes         Minimum size of the Cluster Volume in bytes\n');
    expect(docker(sim, 'node2', 'volume create --help').stdout).not.toContain('--group');
  });

  it('parses their values as docker does, then says the simulator has no cluster volumes; nothing changes', () => {
    const sim = swarm(1);
    const before = state(sim);
    expect(docker(sim, 'node1', 'volume create --limit-bytes 1x v')).toEqual({
      stdout: '',
      stderr: `invalid argument "1x" for "--limit-bytes" flag: invalid suffix: 'x'\n\nUsage:  docker volume create [OPTIONS] [VOLUME]\n\nRun 'docker volume create --help' for more information\n`,
      exitCode: 125,
    });
    expect(docker(sim, 'node1', 'volume create --group g --scope multi v')).toEqual(err('swarmsim does not model cluster (CSI) volumes: drop --group, --scope'));
    expect(state(sim)).toBe(before);
    // --secret alone does not make a cluster volume (create.go hasClusterVolumeOptionSet asks for "secrets").
    expect(docker(sim, 'node1', 'volume create --secret a=b v')).toEqual(ok('v\n'));
  });
});
