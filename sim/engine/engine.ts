import { daemonError, DockerError } from '../errors.js';
import { pluginRefusalText, pluginTransition, type PluginEvent } from '../lifecycle/plugin.js';
import type {
  InstalledPlugin,
  Machine,
  NodeDescription,
  PluginCapability,
  PluginDescription,
  PluginDescriptionType,
  Volume,
} from '../model/types.js';
import type { Rng } from '../rng.js';
import { PluginRegistry, splitTag, withTag } from './registry.js';

/** Drivers every engine has built in (moby executor.go Describe and the daemon's registries). */
export const BUILTIN_VOLUME_DRIVERS = ['local'] as const;
export const BUILTIN_NETWORK_DRIVERS = ['bridge', 'host', 'ipvlan', 'macvlan', 'null', 'overlay'] as const;
export const BUILTIN_LOG_DRIVERS = [
  'awslogs', 'fluentd', 'gcplogs', 'gelf', 'journald', 'json-file', 'local', 'splunk', 'syslog',
] as const;

const BUILTIN: Record<PluginDescriptionType, ReadonlySet<string>> = {
  Volume: new Set(BUILTIN_VOLUME_DRIVERS),
  Network: new Set(BUILTIN_NETWORK_DRIVERS),
  Log: new Set(BUILTIN_LOG_DRIVERS),
  Authorization: new Set(),
};

/** A driver the engine has without any plugin: reported always, never worth listing as a plugin. */
export function isBuiltinDriver(type: PluginDescriptionType, name: string): boolean {
  return BUILTIN[type].has(name);
}

const DESCRIPTION_TYPE: Partial<Record<PluginCapability, PluginDescriptionType>> = {
  volumedriver: 'Volume',
  networkdriver: 'Network',
  logdriver: 'Log',
  authz: 'Authorization',
};

/**
 * What the engine reports to the swarm (moby daemon/cluster/executor/container/executor.go
 * Describe): built-in drivers plus its ENABLED managed plugins, sorted by type then name.
 * Network drivers also include the driver of every network the engine has
 * (daemon/network.go GetNetworkDriverList): a network plugin removed with
 * `-f` is still reported while a network of its driver exists there, which
 * keeps the scheduler sending tasks to a node that can no longer start them.
 */
export function describePlugins(m: Machine): PluginDescription[] {
  const out: PluginDescription[] = [];
  for (const name of BUILTIN_VOLUME_DRIVERS) out.push({ type: 'Volume', name });
  const networkDrivers = new Set<string>(BUILTIN_NETWORK_DRIVERS);
  for (const p of m.plugins) if (p.enabled && p.capabilities.includes('networkdriver')) networkDrivers.add(p.name);
  for (const n of [...m.localNetworks, ...m.swarmNetworks]) if (!networkDrivers.has(n.driver)) {
    networkDrivers.add(n.driver);
    out.push({ type: 'Network', name: n.driver });
  }
  for (const name of BUILTIN_NETWORK_DRIVERS) out.push({ type: 'Network', name });
  for (const name of BUILTIN_LOG_DRIVERS) out.push({ type: 'Log', name });
  for (const p of m.plugins) {
    if (!p.enabled) continue;
    for (const cap of p.capabilities) {
      const type = DESCRIPTION_TYPE[cap];
      if (type) out.push({ type, name: p.name });
    }
  }
  return out.sort((a, b) => (a.type === b.type ? cmp(a.name, b.name) : cmp(a.type, b.type)));
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function describeMachine(m: Machine): NodeDescription {
  return {
    hostname: m.name,
    platform: { os: m.os, arch: m.arch },
    resources: { nanoCPUs: Math.round(m.cpus * 1e9), memoryBytes: m.memoryBytes },
    engine: { version: m.engineVersion, labels: { ...m.engineLabels }, plugins: describePlugins(m) },
    addr: m.ip,
  };
}

/**
 * Finds an installed plugin the way the engine's plugin store does
 * (moby daemon/pkg/plugin/store.go GetV2Plugin): by full name with tag,
 * or by a unique ID prefix.
 */
export function findPlugin(m: Machine, ref: string): InstalledPlugin {
  const full = withTag(ref);
  const byName = m.plugins.find((p) => p.name === full);
  if (byName) return byName;
  if (/^[0-9a-f]+$/.test(ref)) {
    const hits = m.plugins.filter((p) => p.id.startsWith(ref));
    if (hits.length === 1) return hits[0];
    if (hits.length > 1) throw daemonError(`multiple plugins found for "${ref}"`);
  }
  throw daemonError(`plugin "${ref}" not found`);
}

/** Looks up a driver for use: missing is "not found", disabled is "found but disabled". */
export function usablePlugin(m: Machine, name: string, cap: PluginCapability): InstalledPlugin | null {
  const full = withTag(name);
  const p = m.plugins.find((x) => x.name === full && x.capabilities.includes(cap));
  if (!p) return null;
  if (!p.enabled) throw daemonError(`plugin ${p.name} found but disabled`);
  return p;
}

export interface InstallOptions {
  alias?: string;
  disable?: boolean;
  settings?: Record<string, string>;
}

/** `docker plugin install`: pulls from the registry and installs, enabled unless --disable. */
export function installPlugin(m: Machine, registry: PluginRegistry, rng: Rng, now: number, ref: string, opts: InstallOptions): InstalledPlugin {
  const image = registry.lookup(ref);
  if (!image) {
    const { repository } = splitTag(ref);
    throw daemonError(
      `pull access denied for ${repository}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied`,
    );
  }
  const name = withTag(opts.alias ?? ref);
  if (m.plugins.some((p) => p.name === name)) throw daemonError(`plugin ${name} already exists`);
  const settings: Record<string, string> = { ...image.settings };
  for (const [k, v] of Object.entries(opts.settings ?? {})) {
    if (!(k in settings)) throw daemonError(`setting "${k}" not found in the plugin configuration`);
    settings[k] = v;
  }
  const p: InstalledPlugin = {
    id: rng.hex(64),
    name,
    reference: withTag(ref),
    capabilities: image.capabilities,
    scope: image.scope,
    description: image.description,
    privileges: image.privileges,
    enabled: !opts.disable,
    settings,
    refs: 0,
    installedAt: now,
    socket: image.socket ?? 'plugin.sock',
  };
  m.plugins.push(p);
  return p;
}

/** Applies an enable/disable/rm/set/upgrade through the plugin lifecycle; throws the engine's refusal. */
export function pluginLifecycle(p: InstalledPlugin, event: PluginEvent): 'enabled' | 'disabled' | 'removed' {
  const out = pluginTransition(p.enabled ? 'enabled' : 'disabled', event);
  if (!out.ok) throw daemonError(pluginRefusalText(out.refusal, p.name));
  return out.state;
}

/**
 * Why a volume's driver cannot be reached, or null: a volume is bound to its
 * plugin's full name, and the engine asks that plugin whenever the volume is
 * used (moby daemon/volume/service/store.go, drivers.go).
 */
export function volumeDriverProblem(m: Machine, driver: string): string | null {
  if (driver === 'local') return null;
  const p = m.plugins.find((x) => x.name === driver && x.capabilities.includes('volumedriver'));
  if (!p) return `error looking up volume plugin ${driver}: plugin "${driver}" not found`;
  if (!p.enabled) return `error looking up volume plugin ${driver}: plugin ${driver} found but disabled`;
  return null;
}

/** Volumes `docker volume ls` shows: those whose driver answers (store.go list). */
export function reachableVolumes(m: Machine): Volume[] {
  return m.volumes.filter((v) => volumeDriverProblem(m, v.driver) === null);
}

/**
 * `docker volume create`, and the engine creating a mount's named volume
 * (store.go Create and checkConflict): a new volume is bound to the driver's
 * full name; an existing one is returned if its driver still answers and no
 * other driver is asked for. `driver` '' means "whatever exists, else local".
 */
export function createVolume(
  m: Machine,
  now: number,
  name: string,
  driver: string,
  options: Record<string, string>,
  labels: Record<string, string>,
): Volume {
  let canonical = driver === '' ? '' : 'local';
  let plugin: InstalledPlugin | null = null;
  if (driver !== '' && driver !== 'local') {
    try {
      plugin = usablePlugin(m, driver, 'volumedriver');
    } catch (e) {
      if (e instanceof DockerError) throw daemonError(`create ${name}: error looking up volume plugin ${driver}: ${e.message}`);
      throw e;
    }
    if (!plugin) throw daemonError(`create ${name}: error looking up volume plugin ${driver}: plugin "${driver}" not found`);
    canonical = plugin.name;
  }
  const existing = m.volumes.find((v) => v.name === name);
  if (existing) {
    const problem = volumeDriverProblem(m, existing.driver);
    if (problem)
      throw daemonError(
        `create ${name}: found reference to volume '${name}' in driver '${existing.driver}', but got an error while checking the driver: ${problem}: volume name must be unique`,
      );
    if (canonical !== '' && canonical !== existing.driver)
      throw daemonError(`create ${name}: driver '${existing.driver}' already has volume '${name}': volume name must be unique`);
    return existing;
  }
  const v: Volume = { name, driver: canonical || 'local', options, labels, createdAt: now };
  m.volumes.push(v);
  if (plugin) plugin.refs++;
  return v;
}

export function pluginByName(m: Machine, fullName: string): InstalledPlugin | undefined {
  return m.plugins.find((p) => p.name === fullName);
}
