/**
 * docker plugin create and push (docker/cli v28.2.2 cli/command/plugin/
 * create.go, push.go; moby v28.2.2 plugin/backend_linux.go): a plugin made
 * from a directory of the machine's files, installed disabled, pushed to the
 * registry and installed on another node from there.
 */
import { describe, expect, it } from 'vitest';
import { writeMachineFile } from '../../sim/docker/files.js';
import { parsePluginConfig } from '../../sim/engine/pluginConfig.js';
import type { Simulation } from '../../sim/simulation.js';
import { state } from '../core/world.js';
import { docker, swarm } from './typed.js';

const CONFIG = JSON.stringify({
  description: 'My volume plugin',
  interface: { types: ['docker.volumedriver/1.0'], socket: 'my.sock' },
  network: { type: 'host' },
  linux: { capabilities: ['CAP_SYS_ADMIN'] },
  mounts: [{ source: '/mnt/state', destination: '/state' }],
  env: [{ name: 'DEBUG', settable: ['value'], value: '0' }],
  entrypoint: ['/driver'],
});

function withPluginDir(config = CONFIG, rootfs = true): Simulation {
  const sim = swarm(3, 2);
  const m = sim.ensureMachine('node1');
  writeMachineFile(m, 'myplugin/config.json', config);
  if (rootfs) writeMachineFile(m, 'myplugin/rootfs/driver', 'binary\n');
  else writeMachineFile(m, 'myplugin/README', 'no rootfs\n');
  return sim;
}

const err = (text: string, code = 1) => ({ out: '', err: text + '\n', code });

describe('docker plugin create', () => {
  it('makes a disabled plugin from config.json with the privileges moby computes, and prints the name as given', () => {
    const sim = withPluginDir();
    expect(docker(sim, 'node1', 'docker plugin create registry.local:5000/me/myvol myplugin')).toEqual({ out: 'registry.local:5000/me/myvol\n', err: '', code: 0 });
    const p = sim.ensureMachine('node1').plugins.find((x) => x.name === 'registry.local:5000/me/myvol:latest')!;
    expect(p).toMatchObject({ enabled: false, capabilities: ['volumedriver'], socket: 'my.sock', description: 'My volume plugin', settings: { DEBUG: '0' } });
    expect(p.privileges).toEqual([
      { name: 'network', value: ['host'] },
      { name: 'mount', value: ['/mnt/state'] },
      { name: 'capabilities', value: ['CAP_SYS_ADMIN'] },
    ]);
  });

  it('refuses in the CLI and in the daemon with their words, and changes nothing', () => {
    const sim = withPluginDir();
    const before = state(sim);
    expect(docker(sim, 'node1', 'docker plugin create me/x nodir')).toEqual(err('lstat /root/nodir: no such file or directory'));
    expect(docker(sim, 'node1', 'docker plugin create me/x myplugin/config.json')).toEqual(err('context must be a directory'));
    expect(docker(sim, 'node1', 'docker plugin create me/X myplugin')).toEqual(err('invalid reference format: repository name (me/X) must be lowercase'));
    expect(docker(sim, 'node1', 'docker plugin create me/x@sha256:0123456789012345678901234567890123456789012345678901234567890123 myplugin')).toEqual(err('Error response from daemon: canonical references are not permitted'));
    expect(state(sim)).toBe(before);
    expect(docker(withPluginDir(CONFIG, false), 'node1', 'docker plugin create me/x myplugin')).toEqual(err('Error response from daemon: no rootfs found: EOF'));
    docker(sim, 'node1', 'docker plugin create me/x myplugin');
    expect(docker(sim, 'node1', 'docker plugin create me/x myplugin')).toEqual(err('Error response from daemon: plugin me/x:latest already exists'));
  });

  it("reads config.json as encoding/json does: Go's syntax and type errors, one value read", () => {
    const bad = (config: string) => docker(withPluginDir(config), 'node1', 'docker plugin create me/x myplugin').err;
    expect(bad('{bad')).toBe("invalid character 'b' looking for beginning of object key string\n");
    expect(bad('{"x": 1,}')).toBe("invalid character '}' looking for beginning of object key string\n");
    expect(bad('{"x": 1')).toBe('unexpected EOF\n');
    expect(bad('')).toBe('EOF\n');
    expect(bad('{"description": 3}')).toBe('json: cannot unmarshal number into Go struct field PluginConfig.Description of type string\n');
    expect(bad('{"interface": {"types": [3]}}')).toBe('"3" is not a plugin interface type\n');
    expect(parsePluginConfig('{"Description": "d"} trailing').description).toBe('d');
  });
});

describe('docker plugin push', () => {
  it('puts the plugin in the registry: another node installs it, pulls the same digest, and a service can use it', () => {
    const sim = withPluginDir();
    docker(sim, 'node1', 'docker plugin create registry.local:5000/me/myvol myplugin');
    const pushed = docker(sim, 'node1', 'docker plugin push registry.local:5000/me/myvol');
    expect(pushed.code).toBe(0);
    const [first, layer, digest] = pushed.out.trimEnd().split('\n');
    expect(first).toBe('The push refers to repository [registry.local:5000/me/myvol]');
    expect(layer).toMatch(/^[0-9a-f]{12}: Pushed$/);
    expect(digest).toMatch(/^latest: digest: sha256:[0-9a-f]{64} size: 525$/);
    const pulled = docker(sim, 'node2', 'docker plugin install --grant-all-permissions registry.local:5000/me/myvol');
    expect(pulled.out).toContain(`Digest: sha256:${/sha256:([0-9a-f]{64})/.exec(digest)![1]}\n${layer.slice(0, 12)}: Download complete\n`);
    expect(sim.ensureMachine('node2').plugins.map((p) => `${p.name}:${p.enabled}`)).toEqual(['registry.local:5000/me/myvol:latest:true']);
  });

  it('a plugin that is not there, and a digest name', () => {
    const sim = withPluginDir();
    expect(docker(sim, 'node1', 'docker plugin push me/none')).toEqual(err('Error response from daemon: plugin "me/none:latest" not found'));
    expect(docker(sim, 'node1', 'docker plugin push me/x@sha256:0123456789012345678901234567890123456789012345678901234567890123')).toEqual(
      err('invalid name: me/x@sha256:0123456789012345678901234567890123456789012345678901234567890123'),
    );
  });
});
