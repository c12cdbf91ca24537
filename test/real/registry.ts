/**
 * An offline registry for the real Swarm: every engine uses it as its
 * Docker Hub mirror (`dockerd --registry-mirror`), so `docker plugin install
 * bboreham/weave2` and `docker service create nginx` run exactly as typed,
 * and nothing is asked of the internet. It serves
 *   - a plugin for every repository of the simulator's plugin registry
 *     (sim/engine/registry.ts, plus `sim$ registry` additions), whose config
 *     declares the same interface types, privileges and settings, so that
 *     install prompts and engine checks are the real engine's answers to the
 *     same plugin; the plugin program is the stub (stub/stub.c);
 *   - an image for any other repository and tag, whose ENTRYPOINT and CMD
 *     come from sim/engine/images.ts and whose every command is the stub.
 * Manifests are Docker's schema 2 (distribution/manifest/schema2).
 */
import { createHash } from 'node:crypto';
import type { RegistryPlugin } from '../../sim/model/types.js';
import { imageConfig } from '../../sim/engine/images.js';

export const REGISTRY_PORT = 5000;

export const MEDIA = {
  manifest: 'application/vnd.docker.distribution.manifest.v2+json',
  imageConfig: 'application/vnd.docker.container.image.v1+json',
  pluginConfig: 'application/vnd.docker.plugin.v1+json',
  layer: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
} as const;

export interface Blob {
  readonly digest: string;
  readonly size: number;
  readonly bytes: Buffer;
}

export interface Layer {
  /** The gzipped tar, as served. */
  readonly blob: Blob;
  /** sha256 of the uncompressed tar: the config's rootfs.diff_ids entry. */
  readonly diffId: string;
}

export function blobOf(bytes: Buffer): Blob {
  return { digest: `sha256:${createHash('sha256').update(bytes).digest('hex')}`, size: bytes.length, bytes };
}

/** Docker's interface type for a plugin capability (moby api/types/plugin.go). */
const INTERFACE: Record<string, { type: string; implements: string }> = {
  volumedriver: { type: 'docker.volumedriver/1.0', implements: 'VolumeDriver' },
  networkdriver: { type: 'docker.networkdriver/1.0', implements: 'NetworkDriver' },
  ipamdriver: { type: 'docker.ipamdriver/1.0', implements: 'IpamDriver' },
  logdriver: { type: 'docker.logdriver/1.0', implements: 'LogDriver' },
  authz: { type: 'docker.authz/1.0', implements: 'authz' },
  metricscollector: { type: 'docker.metricscollector/1.0', implements: 'MetricsCollector' },
};

/** The socket the simulator's entry names, so that errors quoting its path read the same. */
const socketOf = (p: RegistryPlugin): string => p.socket ?? 'plugin.sock';

/**
 * The plugin's config.json (moby api/types/plugin.go PluginConfig). Each
 * privilege of the simulator's entry becomes the config field that makes the
 * engine list that privilege (moby plugin/backend_linux.go computePrivileges):
 * network -> Network.Type, mount -> a bind mount of that host path, device ->
 * Linux.Devices, allow-all-devices, capabilities. Settings without a dot are
 * settable environment variables.
 */
export function pluginConfig(p: RegistryPlugin, diffId: string): Record<string, unknown> {
  const values = (name: string): string[] => p.privileges.filter((x) => x.name === name).flatMap((x) => x.value);
  const kinds = p.capabilities.map((c) => INTERFACE[c] ?? { type: `docker.${c}/1.0`, implements: c });
  return {
    description: p.description,
    documentation: 'https://github.com/swarmsim/swarmsim/tree/main/test/real',
    entrypoint: ['/stub', '--plugin', `/run/docker/plugins/${socketOf(p)}`, ...kinds.map((k) => k.implements), `scope=${p.scope}`],
    interface: { socket: socketOf(p), types: kinds.map((k) => k.type) },
    network: { type: values('network')[0] ?? '' },
    mounts: values('mount').map((src) => ({ source: src, destination: src, type: 'bind', options: ['rbind'] })),
    linux: {
      capabilities: values('capabilities'),
      allowAllDevices: values('allow-all-devices').includes('true'),
      devices: values('device').map((path) => ({ path })),
    },
    env: Object.entries(p.settings)
      .filter(([k]) => !k.includes('.'))
      .map(([name, value]) => ({ name, description: '', settable: ['value'], value })),
    args: { name: '', description: '', settable: null, value: null },
    rootfs: { type: 'layers', diff_ids: [diffId] },
  };
}

/** The image config of REPOSITORY:TAG; the label keeps digests apart between images. */
export function imageConfigJson(repository: string, tag: string, diffId: string): Record<string, unknown> {
  const cfg = imageConfig(repository);
  return {
    architecture: 'amd64',
    os: 'linux',
    config: {
      Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
      Entrypoint: cfg.entrypoint.length ? cfg.entrypoint : null,
      Cmd: cfg.cmd.length ? cfg.cmd : null,
      Labels: { 'org.swarmsim.image': `${repository}:${tag}` },
    },
    rootfs: { type: 'layers', diff_ids: [diffId] },
    history: [{ created_by: 'swarmsim real-Swarm harness (test/real/registry.ts)' }],
  };
}

export function manifestOf(config: Blob, configType: string, layer: Layer): Blob {
  return blobOf(
    Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MEDIA.manifest,
        config: { mediaType: configType, size: config.size, digest: config.digest },
        layers: [{ mediaType: MEDIA.layer, size: layer.blob.size, digest: layer.blob.digest }],
      }),
    ),
  );
}

/** `library/nginx` -> `nginx`: the Hub's official images live under library/. */
export function repositoryOf(path: string): string {
  return path.startsWith('library/') ? path.slice('library/'.length) : path;
}

/**
 * What the registry holds: plugins by repository (only their tags exist),
 * images for everything else (any tag), and every blob handed out so far.
 */
export class RegistryContent {
  private readonly blobs = new Map<string, Blob>();

  constructor(
    private readonly imageLayer: Layer,
    private readonly pluginLayer: Layer,
    private plugins: readonly RegistryPlugin[],
  ) {
    this.blobs.set(imageLayer.blob.digest, imageLayer.blob);
    this.blobs.set(pluginLayer.blob.digest, pluginLayer.blob);
  }

  setPlugins(plugins: readonly RegistryPlugin[]): void {
    this.plugins = plugins;
  }

  blob(digest: string): Blob | undefined {
    return this.blobs.get(digest);
  }

  /** The manifest for REPOSITORY and a tag or digest; undefined when there is none. */
  manifest(repository: string, reference: string): Blob | undefined {
    const plugin = this.plugins.find((p) => p.repository === repository);
    if (reference.startsWith('sha256:')) return this.blobs.get(reference);
    let m: Blob;
    if (plugin) {
      if (!plugin.tags.includes(reference)) return undefined;
      const cfg = this.keep(blobOf(Buffer.from(JSON.stringify(pluginConfig(plugin, this.pluginLayer.diffId)))));
      m = manifestOf(cfg, MEDIA.pluginConfig, this.pluginLayer);
    } else {
      const cfg = this.keep(blobOf(Buffer.from(JSON.stringify(imageConfigJson(repository, reference, this.imageLayer.diffId)))));
      m = manifestOf(cfg, MEDIA.imageConfig, this.imageLayer);
    }
    return this.keep(m);
  }

  private keep(b: Blob): Blob {
    this.blobs.set(b.digest, b);
    return b;
  }
}
