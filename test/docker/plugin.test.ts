import { describe, expect, it } from 'vitest';
import { runDocker } from '../../sim/docker/run.js';
import { streams } from './streams.js';
import { Simulation } from '../../sim/simulation.js';
import { state, swarm } from '../core/world.js';

// docker plugin install / ls / enable / disable / rm / set / upgrade / inspect
// (docker/cli cli/command/plugin; engine rules from moby daemon/pkg/plugin).

const docker = (sim: Simulation, host: string, line: string, stdin: string | null = null) => streams(runDocker(sim, host, line.split(' ').filter(Boolean), stdin));
const err = (stderr: string) => ({ stdout: '', stderr: stderr + '\n', exitCode: 1 });
const ok = (stdout: string) => ({ stdout, stderr: '', exitCode: 0 });
const plugin = (sim: Simulation, host: string, name: string) => sim.world.machines.get(host)!.plugins.find((p) => p.name === name);

const PULL = /^latest: Pulling from bboreham\/weave2\nDigest: sha256:([0-9a-f]{64})\n([0-9a-f]{12}): Download complete\n$/;

describe('docker plugin install', () => {
  it("the documents' transcript: privileges, the prompt answered y, the pull, Installed plugin", () => {
    const sim = new Simulation();
    const r = docker(sim, 'node1', 'plugin install bboreham/weave2');
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe('');
    const head =
      'Plugin "bboreham/weave2" is requesting the following privileges:\n' +
      ' - network: [host]\n' +
      ' - capabilities: [CAP_SYS_ADMIN CAP_NET_ADMIN]\n' +
      'Do you grant the above permissions? [y/N] y\n';
    expect(r.stdout.startsWith(head)).toBe(true);
    expect(r.stdout.endsWith('Installed plugin bboreham/weave2\n')).toBe(true);
    const pull = r.stdout.slice(head.length, -'Installed plugin bboreham/weave2\n'.length);
    expect(pull).toMatch(PULL);
    expect(plugin(sim, 'node1', 'bboreham/weave2:latest')?.enabled).toBe(true);

    // The same image pulled elsewhere has the same layer and digest.
    const again = docker(sim, 'node2', 'plugin install --grant-all-permissions bboreham/weave2');
    expect(again.stdout).toBe(pull + 'Installed plugin bboreham/weave2\n');
  });

  it('a plugin without privileges asks nothing; --alias and --disable', () => {
    const sim = new Simulation();
    const r = docker(sim, 'node1', 'plugin install --alias sample --disable tiborvass/sample-volume-plugin');
    expect(r.stdout).toMatch(
      /^latest: Pulling from tiborvass\/sample-volume-plugin\nDigest: sha256:[0-9a-f]{64}\n[0-9a-f]{12}: Download complete\nInstalled plugin tiborvass\/sample-volume-plugin\n$/,
    );
    expect(plugin(sim, 'node1', 'sample:latest')?.enabled).toBe(false);
  });

  it('answers from stdin are not echoed; "n" refuses and installs nothing', () => {
    const sim = new Simulation();
    sim.machine('node1');
    const before = state(sim);
    const r = docker(sim, 'node1', 'plugin install vieux/sshfs', 'n\n');
    expect(r).toEqual({
      stdout:
        'Plugin "vieux/sshfs" is requesting the following privileges:\n' +
        ' - network: [host]\n' +
        ' - mount: [/var/lib/docker/plugins/]\n' +
        ' - device: [/dev/fuse]\n' +
        ' - capabilities: [CAP_SYS_ADMIN]\n' +
        'Do you grant the above permissions? [y/N] ',
      stderr: 'permission denied while installing plugin docker.io/vieux/sshfs\n',
      exitCode: 1,
    });
    expect(state(sim)).toBe(before);
    const yes = docker(sim, 'node1', 'plugin install vieux/sshfs DEBUG=1', 'y\n');
    expect(yes.stdout).toContain('Do you grant the above permissions? [y/N] latest: Pulling from vieux/sshfs\n');
    expect(plugin(sim, 'node1', 'vieux/sshfs:latest')?.settings.DEBUG).toBe('1');
  });

  it('refusals: unknown image, name taken, unknown setting', () => {
    const sim = new Simulation();
    docker(sim, 'node1', 'plugin install --grant-all-permissions vieux/sshfs');
    const before = state(sim);
    expect(docker(sim, 'node1', 'plugin install nobody/nothing')).toEqual(
      err(
        "Error response from daemon: pull access denied for nobody/nothing, repository does not exist or may require 'docker login': denied: requested access to the resource is denied",
      ),
    );
    expect(docker(sim, 'node1', 'plugin install --grant-all-permissions vieux/sshfs')).toEqual(
      err('Error response from daemon: plugin vieux/sshfs:latest already exists'),
    );
    expect(docker(sim, 'node1', 'plugin install --grant-all-permissions --alias other vieux/sshfs NOPE=1')).toEqual(
      err('Error response from daemon: setting "NOPE" not found in the plugin configuration'),
    );
    expect(state(sim)).toBe(before);
  });
});

describe('docker plugin ls', () => {
  const sim = new Simulation();
  docker(sim, 'node1', 'plugin install --grant-all-permissions vieux/sshfs');
  docker(sim, 'node1', 'plugin install --grant-all-permissions --disable rexray/ebs:0.11.4');
  docker(sim, 'node1', 'plugin install --grant-all-permissions bboreham/weave2');
  const ids = Object.fromEntries(sim.world.machines.get('node1')!.plugins.map((p) => [p.name, p.id]));

  it('the table: ID 12, NAME with tag, DESCRIPTION, ENABLED; sorted by name', () => {
    expect(docker(sim, 'node1', 'plugin ls')).toEqual(
      ok(
        'ID             NAME                     DESCRIPTION                   ENABLED\n' +
          `${ids['bboreham/weave2:latest'].slice(0, 12)}   bboreham/weave2:latest   Weave Net plugin for Docker   true\n` +
          `${ids['rexray/ebs:0.11.4'].slice(0, 12)}   rexray/ebs:0.11.4        REX-Ray for Amazon EBS        false\n` +
          `${ids['vieux/sshfs:latest'].slice(0, 12)}   vieux/sshfs:latest       sshFS plugin for Docker       true\n`,
      ),
    );
  });

  it('-q, --no-trunc, --format and filters', () => {
    expect(docker(sim, 'node1', 'plugin ls -q --no-trunc -f enabled=false')).toEqual(ok(ids['rexray/ebs:0.11.4'] + '\n'));
    expect(docker(sim, 'node1', 'plugin ls -f capability=volumedriver --format {{.Name}}')).toEqual(ok('rexray/ebs:0.11.4\nvieux/sshfs:latest\n'));
    expect(docker(sim, 'node1', 'plugin ls --format {{.PluginReference}}').stdout).toBe(
      'docker.io/bboreham/weave2:latest\ndocker.io/rexray/ebs:0.11.4\ndocker.io/vieux/sshfs:latest\n',
    );
    expect(docker(sim, 'node1', 'plugin ls -f enabled=maybe')).toEqual(err("Error response from daemon: invalid filter 'enabled=[maybe]'"));
    expect(docker(sim, 'node1', 'plugin ls -f name=x')).toEqual(err("Error response from daemon: invalid filter 'name'"));
  });

  it('descriptions are cut to 45 columns unless --no-trunc', () => {
    const s = new Simulation();
    s.addRegistryPlugin({
      repository: 'acme/long',
      tags: ['latest'],
      capabilities: ['volumedriver'],
      scope: 'local',
      privileges: [],
      description: 'A volume plugin whose description is far longer than the column',
      settings: {},
    });
    docker(s, 'node1', 'plugin install acme/long');
    expect(docker(s, 'node1', 'plugin ls --format {{.Description}}').stdout).toBe('A volume plugin whose description is far lon…\n');
    expect(docker(s, 'node1', 'plugin ls --no-trunc --format {{.Description}}').stdout).toBe(
      'A volume plugin whose description is far longer than the column\n',
    );
  });
});

describe('enable, disable, rm: the engine rules', () => {
  function withVolume(): Simulation {
    const sim = swarm(1);
    docker(sim, 'node1', 'plugin install --grant-all-permissions rexray/ebs');
    docker(sim, 'node1', 'volume create -d rexray/ebs data');
    return sim;
  }

  it('a plugin with a volume is in use: disable and rm refuse, nothing changes', () => {
    const sim = withVolume();
    const before = state(sim);
    expect(docker(sim, 'node1', 'plugin disable rexray/ebs')).toEqual(err('Error response from daemon: plugin rexray/ebs:latest is in use'));
    expect(docker(sim, 'node1', 'plugin rm rexray/ebs')).toEqual(err('Error response from daemon: plugin rexray/ebs:latest is in use'));
    expect(docker(sim, 'node1', 'plugin enable rexray/ebs')).toEqual(
      err('Error response from daemon: plugin already enabled: plugin rexray/ebs:latest is enabled'),
    );
    expect(state(sim)).toBe(before);
  });

  it('-f disables anyway; then enabled-again and already-disabled', () => {
    const sim = withVolume();
    expect(docker(sim, 'node1', 'plugin disable -f rexray/ebs')).toEqual(ok('rexray/ebs\n'));
    const before = state(sim);
    expect(docker(sim, 'node1', 'plugin disable rexray/ebs')).toEqual(
      err('Error response from daemon: plugin is already disabled: plugin rexray/ebs:latest found but disabled'),
    );
    expect(state(sim)).toBe(before);
    expect(docker(sim, 'node1', 'plugin enable rexray/ebs')).toEqual(ok('rexray/ebs\n'));
    expect(docker(sim, 'node1', 'plugin enable --timeout -1 rexray/ebs')).toEqual(err('negative timeout -1 is invalid'));
  });

  it('rm of an enabled plugin without references: "is enabled"; rm -f prints each name as typed', () => {
    const sim = new Simulation();
    docker(sim, 'node1', 'plugin install --grant-all-permissions bboreham/weave2');
    const before = state(sim);
    expect(docker(sim, 'node1', 'plugin rm bboreham/weave2')).toEqual(err('Error response from daemon: plugin bboreham/weave2:latest is enabled'));
    expect(state(sim)).toBe(before);
    expect(docker(sim, 'node1', 'plugin rm -f bboreham/weave2 nope')).toEqual({
      stdout: 'bboreham/weave2\n',
      stderr: 'Error response from daemon: plugin "nope" not found\n',
      exitCode: 1,
    });
    expect(sim.world.machines.get('node1')!.plugins).toEqual([]);
  });

  it('a plugin is found by a unique ID prefix', () => {
    const sim = new Simulation();
    docker(sim, 'node1', 'plugin install --grant-all-permissions bboreham/weave2');
    const pid = sim.world.machines.get('node1')!.plugins[0].id.slice(0, 6);
    expect(docker(sim, 'node1', `plugin disable ${pid}`)).toEqual(ok(pid + '\n'));
  });
});

describe('docker plugin set / upgrade', () => {
  it('set needs a disabled plugin and a known setting', () => {
    const sim = new Simulation();
    docker(sim, 'node1', 'plugin install --grant-all-permissions vieux/sshfs');
    const before = state(sim);
    expect(docker(sim, 'node1', 'plugin set vieux/sshfs DEBUG=1')).toEqual(
      err('Error response from daemon: cannot set on an active plugin, disable plugin before setting'),
    );
    expect(state(sim)).toBe(before);
    docker(sim, 'node1', 'plugin disable vieux/sshfs');
    expect(docker(sim, 'node1', 'plugin set vieux/sshfs DEBUG=1')).toEqual(ok(''));
    expect(plugin(sim, 'node1', 'vieux/sshfs:latest')?.settings.DEBUG).toBe('1');
    expect(docker(sim, 'node1', 'plugin set vieux/sshfs NOPE=1')).toEqual(
      err('Error response from daemon: setting "NOPE" not found in the plugin configuration'),
    );
  });

  it('upgrade: must be disabled; then the transcript of upgrade.go; the local name and its volumes stay', () => {
    const sim = new Simulation();
    docker(sim, 'node1', 'plugin install --grant-all-permissions rexray/ebs:0.11.1');
    docker(sim, 'node1', 'volume create -d rexray/ebs:0.11.1 data');
    const before = state(sim);
    expect(docker(sim, 'node1', 'plugin upgrade rexray/ebs:0.11.1 rexray/ebs:0.11.4')).toEqual(err('the plugin must be disabled before upgrading'));
    expect(docker(sim, 'node1', 'plugin upgrade nope')).toEqual(err('error reading plugin data: Error response from daemon: plugin "nope" not found'));
    expect(state(sim)).toBe(before);
    docker(sim, 'node1', 'plugin disable -f rexray/ebs:0.11.1');
    const r = docker(sim, 'node1', 'plugin upgrade --grant-all-permissions rexray/ebs:0.11.1 rexray/ebs:0.11.4');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(
      /^Upgrading plugin rexray\/ebs:0\.11\.1 from rexray\/ebs:0\.11\.1 to rexray\/ebs:0\.11\.4\nPlugin images do not match, are you sure\? \[y\/N\] y\n0\.11\.4: Pulling from rexray\/ebs\nDigest: sha256:[0-9a-f]{64}\n[0-9a-f]{12}: Download complete\nUpgraded plugin rexray\/ebs:0\.11\.1 to rexray\/ebs:0\.11\.4\n$/,
    );
    const p = plugin(sim, 'node1', 'rexray/ebs:0.11.1')!;
    expect(p.reference).toBe('rexray/ebs:0.11.4');
    expect(docker(sim, 'node1', 'plugin inspect --format {{.PluginReference}} rexray/ebs:0.11.1').stdout).toBe('docker.io/rexray/ebs:0.11.4\n');
  });

  it('upgrade: answering no to "images do not match" cancels silently (exit 0)', () => {
    const sim = new Simulation();
    docker(sim, 'node1', 'plugin install --grant-all-permissions --disable rexray/ebs');
    const before = state(sim);
    expect(docker(sim, 'node1', 'plugin upgrade rexray/ebs rexray/ebs:0.11.4', 'n\n')).toEqual(
      ok('Upgrading plugin rexray/ebs:latest from rexray/ebs:latest to rexray/ebs:0.11.4\nPlugin images do not match, are you sure? [y/N] '),
    );
    expect(state(sim)).toBe(before);
  });
});

describe('docker plugin inspect', () => {
  it('the engine JSON; --format; a missing plugin', () => {
    const sim = new Simulation();
    docker(sim, 'node1', 'plugin install --grant-all-permissions vieux/sshfs');
    const r = docker(sim, 'node1', 'plugin inspect vieux/sshfs');
    const [p] = JSON.parse(r.stdout);
    expect(p.Name).toBe('vieux/sshfs:latest');
    expect(p.Enabled).toBe(true);
    expect(p.PluginReference).toBe('docker.io/vieux/sshfs:latest');
    expect(p.Config.Interface.Types).toEqual(['docker.volumedriver/1.0']);
    expect(p.Config.Linux.Capabilities).toEqual(['CAP_SYS_ADMIN']);
    expect(p.Settings.Env).toEqual(['DEBUG=0']);
    expect(Object.keys(p)).toEqual(['Config', 'Enabled', 'Id', 'Name', 'PluginReference', 'Settings']);
    expect(r.stdout).toMatch(/^\[\n {4}\{\n {8}"Config": \{\n {12}"Args": \{/);
    expect(docker(sim, 'node1', 'plugin inspect -f {{.Enabled}} vieux/sshfs')).toEqual(ok('true\n'));
    expect(docker(sim, 'node1', 'plugin inspect -f {{.Name}} vieux/sshfs nope')).toEqual({
      stdout: 'vieux/sshfs:latest\n',
      stderr: 'Error response from daemon: plugin "nope" not found\n',
      exitCode: 1,
    });
    expect(docker(sim, 'node1', 'plugin inspect -f {{.Name vieux/sshfs')).toEqual({
      stdout: '',
      stderr: 'template parsing error: template: :1: unclosed action\n',
      exitCode: 64,
    });
  });
});
