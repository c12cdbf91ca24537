import type { PluginCapability, Privilege, RegistryPlugin } from '../model/types.js';

/**
 * The simulated plugin registry: the plugins of the documents and a few
 * well-known others. Scenarios add more with `sim$ registry`.
 */
const KNOWN: RegistryPlugin[] = [
  plugin('bboreham/weave2', ['networkdriver'], 'Weave Net plugin for Docker', {
    scope: 'global',
    socket: 'weave.sock',
    privileges: [
      { name: 'network', value: ['host'] },
      { name: 'capabilities', value: ['CAP_SYS_ADMIN', 'CAP_NET_ADMIN'] },
    ],
  }),
  plugin('tiborvass/sample-volume-plugin', ['volumedriver'], 'A sample volume plugin for Docker', {
    settings: { DEBUG: '0' },
  }),
  plugin('vieux/sshfs', ['volumedriver'], 'sshFS plugin for Docker', {
    socket: 'sshfs.sock',
    privileges: [
      { name: 'network', value: ['host'] },
      { name: 'mount', value: ['/var/lib/docker/plugins/'] },
      { name: 'device', value: ['/dev/fuse'] },
      { name: 'capabilities', value: ['CAP_SYS_ADMIN'] },
    ],
    settings: { DEBUG: '0', 'sshkey.source': '/root/.ssh/' },
  }),
  plugin('rexray/ebs', ['volumedriver'], 'REX-Ray for Amazon EBS', {
    tags: ['latest', '0.11.4', '0.11.1'],
    privileges: [
      { name: 'network', value: ['host'] },
      { name: 'mount', value: ['/dev'] },
      { name: 'allow-all-devices', value: ['true'] },
      { name: 'capabilities', value: ['CAP_SYS_ADMIN'] },
    ],
    settings: { EBS_ACCESSKEY: '', EBS_SECRETKEY: '', REXRAY_LOGLEVEL: 'warn' },
  }),
  plugin('rexray/dobs', ['volumedriver'], 'REX-Ray for DigitalOcean Block Storage', {
    tags: ['latest', '0.11.4'],
    privileges: [
      { name: 'network', value: ['host'] },
      { name: 'mount', value: ['/dev'] },
      { name: 'allow-all-devices', value: ['true'] },
      { name: 'capabilities', value: ['CAP_SYS_ADMIN'] },
    ],
  }),
  plugin('grafana/loki-docker-driver', ['logdriver'], 'Loki Logging Driver', {
    tags: ['latest', '2.9.2', '3.3.2'],
    privileges: [{ name: 'network', value: ['host'] }],
    settings: { LOG_LEVEL: 'info' },
  }),
  plugin('store/sumologic/docker-logging-driver', ['logdriver'], 'Sumo Logic logging driver', { tags: ['latest', '1.0.5'] }),
  plugin('weaveworks/net-plugin', ['networkdriver', 'ipamdriver'], 'Weave Net plugin for Docker', {
    scope: 'global',
    socket: 'weave.sock',
    tags: ['latest', '2.8.1'],
    privileges: [
      { name: 'network', value: ['host'] },
      { name: 'capabilities', value: ['CAP_SYS_ADMIN', 'CAP_NET_ADMIN'] },
    ],
  }),
  plugin('openpolicyagent/opa-docker-authz-v2', ['authz'], 'A policy-enabled authorization plugin for Docker', {
    tags: ['latest', '0.9'],
    privileges: [{ name: 'mount', value: ['/etc/docker'] }],
  }),
];

function plugin(
  repository: string,
  capabilities: PluginCapability[],
  description: string,
  opts: { scope?: 'local' | 'global'; privileges?: Privilege[]; tags?: string[]; settings?: Record<string, string>; socket?: string } = {},
): RegistryPlugin {
  return {
    repository,
    tags: opts.tags ?? ['latest'],
    capabilities,
    scope: opts.scope ?? 'local',
    privileges: opts.privileges ?? [],
    description,
    settings: opts.settings ?? {},
    ...(opts.socket ? { socket: opts.socket } : {}),
  };
}

/** `name` -> `name:latest`; a tag or digest already present is kept (reference.ParseNormalizedNamed). */
export function withTag(ref: string): string {
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  return colon > slash || ref.includes('@') ? ref : `${ref}:latest`;
}

export function splitTag(ref: string): { repository: string; tag: string } {
  const full = withTag(ref);
  const colon = full.lastIndexOf(':');
  return { repository: full.slice(0, colon), tag: full.slice(colon + 1) };
}

export class PluginRegistry {
  private readonly byRepo = new Map<string, RegistryPlugin>();

  constructor(known: readonly RegistryPlugin[] = KNOWN) {
    for (const p of known) this.byRepo.set(p.repository, p);
  }

  add(p: RegistryPlugin): void {
    this.byRepo.set(p.repository, p);
  }

  /** The image for a reference such as `bboreham/weave2` or `rexray/ebs:0.11.4`; null if unknown. */
  lookup(ref: string): RegistryPlugin | null {
    const { repository, tag } = splitTag(ref.replace(/^docker\.io\//, '').replace(/^library\//, ''));
    const p = this.byRepo.get(repository);
    return p && p.tags.includes(tag) ? p : null;
  }

  all(): RegistryPlugin[] {
    return [...this.byRepo.values()];
  }
}
