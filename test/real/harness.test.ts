/** The real-Swarm harness's pure parts: what it serves, how it writes transcripts, what it compares. */
import { describe, expect, it } from 'vitest';
import { PluginRegistry } from '../../sim/engine/registry.js';
import { blobOf, imageConfigJson, manifestOf, MEDIA, pluginConfig, RegistryContent, repositoryOf } from './registry.js';
import { placement, stateKey, type ClusterState } from './state.js';
import { outputLine } from './transcript.js';

const plugin = (name: string) => new PluginRegistry().lookup(name)!;
const layer = { blob: blobOf(Buffer.from('layer')), diffId: 'sha256:' + '0'.repeat(64) };

describe('the offline registry', () => {
  it("gives a plugin the config whose privileges the engine lists as the simulator's entry does", () => {
    const sshfs = pluginConfig(plugin('vieux/sshfs'), layer.diffId) as Record<string, any>;
    expect(sshfs.network).toEqual({ type: 'host' });
    expect(sshfs.mounts).toEqual([{ source: '/var/lib/docker/plugins/', destination: '/var/lib/docker/plugins/', type: 'bind', options: ['rbind'] }]);
    expect(sshfs.linux).toEqual({ capabilities: ['CAP_SYS_ADMIN'], allowAllDevices: false, devices: [{ path: '/dev/fuse' }] });
    expect(sshfs.interface).toEqual({ socket: 'sshfs.sock', types: ['docker.volumedriver/1.0'] });
    const weave = pluginConfig(plugin('bboreham/weave2'), layer.diffId) as Record<string, any>;
    expect(weave.entrypoint).toEqual(['/stub', '--plugin', '/run/docker/plugins/weave.sock', 'NetworkDriver', 'scope=global']);
    expect(weave.linux.capabilities).toEqual(['CAP_SYS_ADMIN', 'CAP_NET_ADMIN']);
  });

  it('serves plugins only under their tags, and an image for any other name and tag', () => {
    const content = new RegistryContent(layer, layer, new PluginRegistry().all());
    expect(content.manifest('bboreham/weave2', 'latest')).toBeDefined();
    expect(content.manifest('bboreham/weave2', 'v9')).toBeUndefined();
    const a = content.manifest('nginx', '1.25')!;
    const b = content.manifest('nginx', '1.27')!;
    expect(a.digest).not.toBe(b.digest);
    expect(content.manifest('nginx', a.digest)).toBe(a);
    expect(JSON.parse(a.bytes.toString()).config.mediaType).toBe(MEDIA.imageConfig);
    expect(repositoryOf('library/nginx')).toBe('nginx');
  });

  it("runs an image's ENTRYPOINT and CMD as the simulator knows them", () => {
    const cfg = imageConfigJson('nginx', 'latest', layer.diffId) as { config: { Entrypoint: string[]; Cmd: string[] } };
    expect(cfg.config.Entrypoint).toEqual(['/docker-entrypoint.sh']);
    expect(cfg.config.Cmd).toEqual(['nginx', '-g', 'daemon off;']);
    const m = JSON.parse(manifestOf(blobOf(Buffer.from('{}')), MEDIA.imageConfig, layer).bytes.toString());
    expect(m.layers[0]).toEqual({ mediaType: MEDIA.layer, size: layer.blob.size, digest: layer.blob.digest });
  });
});

describe('transcripts', () => {
  it('keeps plain output lines and escapes those the scenario format would misread', () => {
    expect(outputLine('ID   NAME')).toBe('ID   NAME');
    expect(outputLine('# not a comment')).toBe('[#] not a comment (re)');
    expect(outputLine('node1$ echo')).toBe('node1\\$ echo (re)');
    expect(outputLine('[1]')).toBe('\\[1\\] (re)');
    expect(outputLine('looks like (re)')).toBe('looks like \\(re\\) (re)');
  });
});

describe('compared state', () => {
  const s = (tasks: Record<string, Record<string, number>>): ClusterState => ({ nodes: {}, services: { web: { tasks } } });

  it('tells placements apart, unless ties may fall anywhere', () => {
    const a = s({ node1: { running: 2 }, node2: { running: 1 } });
    const b = s({ node1: { running: 1 }, node2: { running: 2 } });
    expect(stateKey(a)).not.toBe(stateKey(b));
    expect(stateKey(a, true)).toBe(stateKey(b, true));
    expect(stateKey(a, true)).not.toBe(stateKey(s({ node1: { running: 3 } }), true));
    expect(placement(a)).toEqual({ web: { node1: 2, node2: 1 } });
  });
});

describe('recorded transcripts', () => {
  it('are scenarios that parse, one per recording', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { parseScenario } = await import('../../sim/scenario/parse.js');
    const dir = join(import.meta.dirname, 'recorded');
    const files = readdirSync(dir).filter((f) => f.endsWith('.swarm'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      expect(() => parseScenario(readFileSync(join(dir, f), 'utf8'), f)).not.toThrow();
      expect(readdirSync(dir)).toContain(f.replace(/\.swarm$/, '.json'));
    }
  });
});
