/**
 * The machines and their Docker engines, each on its own: what `docker`
 * does on a host without asking the swarm. A machine's engine holds its
 * plugins, its volumes and its local networks; a change to what the engine
 * can do reaches the swarm through its agent's next node description.
 */
import type { World } from '../cluster/world.js';
import { daemonError, DockerError } from '../errors.js';
import type { InstalledPlugin, Machine, MachineConfig, Network, RegistryPlugin } from '../model/types.js';
import { stateGt, stateLe } from '../model/taskState.js';
import { createVolume, findPlugin, installPlugin, pluginLifecycle, type InstallOptions } from './engine.js';
import type { PluginConfigImage } from './pluginConfig.js';
import { splitTag, withTag } from './registry.js';

export const DEFAULT_MACHINE: MachineConfig = {
  cpus: 2,
  memoryBytes: 2 * 2 ** 30,
  os: 'linux',
  arch: 'x86_64',
  engineLabels: {},
  ip: '',
};

export const ENGINE_VERSION = '28.2.2';

const LOCAL_PREDEFINED = ['bridge', 'host', 'none'] as const;

export interface EngineHooks {
  /** The engine's plugins or configuration changed: its agent will re-describe it. */
  changed(m: Machine): void;
}

export class Engines {
  private ipCursor = 100;
  private readonly explicitIps = new Set<string>();

  constructor(
    private readonly world: World,
    private readonly hooks: EngineHooks,
  ) {}

  private get now(): number {
    return this.world.now;
  }

  /** Declares a machine, or reconfigures it (`sim$ machine`). */
  machine(name: string, cfg: Partial<MachineConfig> = {}): Machine {
    const w = this.world;
    const existing = w.machines.get(name);
    if (cfg.ip) this.explicitIps.add(cfg.ip);
    if (existing) {
      Object.assign(existing, stripUndefined(cfg));
      w.record('machine.changed', name, null, null);
      this.hooks.changed(existing);
      return existing;
    }
    const m: Machine = {
      name,
      ...DEFAULT_MACHINE,
      engineLabels: {},
      ...stripUndefined(cfg),
      ip: cfg.ip ?? this.nextIp(),
      engineVersion: ENGINE_VERSION,
      running: true,
      plugins: [],
      volumes: [],
      localNetworks: LOCAL_PREDEFINED.map((d) => this.localNetwork(d === 'none' ? 'null' : d, d)),
      swarmNetworks: [],
      nodeId: null,
    };
    w.machines.set(name, m);
    w.record('machine.added', name, null, m.ip);
    return m;
  }

  /** The machine, created with defaults on first mention (a scenario names it). */
  ensureMachine(name: string): Machine {
    return this.world.machines.get(name) ?? this.machine(name);
  }

  requireMachine(name: string): Machine {
    const m = this.world.machines.get(name);
    if (!m) throw daemonError(`machine ${name} not found`);
    return m;
  }

  /** The machine's engine, which must be running for the CLI to reach it. */
  requireRunning(host: string): Machine {
    const m = this.ensureMachine(host);
    if (!m.running)
      throw new DockerError('Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?', false);
    return m;
  }

  private nextIp(): string {
    // 192.168.99.100, .101, ... in order of first appearance, as in the documents.
    const taken = (ip: string): boolean => [...this.world.machines.values()].some((m) => m.ip === ip);
    for (;;) {
      const i = this.ipCursor++;
      const ip = i < 255 ? `192.168.99.${i}` : `192.168.${100 + Math.floor((i - 255) / 254)}.${1 + ((i - 255) % 254)}`;
      // Explicit --ip choices are rare: checking them only on a clash keeps this O(1) per machine.
      if (!this.explicitIps.has(ip) || !taken(ip)) return ip;
    }
  }

  localNetwork(driver: string, name: string): Network {
    return {
      id: this.world.rng.hex(64),
      name,
      driver,
      scope: 'local',
      attachable: false,
      ingress: false,
      internal: false,
      labels: {},
      options: {},
      createdAt: this.now,
      predefined: true,
      stack: null,
    };
  }

  addRegistryPlugin(p: RegistryPlugin): void {
    this.world.registry.add(p);
  }

  // --- plugins ---------------------------------------------------------------

  /**
   * `docker plugin create`: a plugin made on this engine from a config.json,
   * installed disabled under NAME:TAG (moby v28.2.2 plugin/backend_linux.go
   * CreateFromContext). The simulator cannot ask the plugin's binary for its
   * scope (NetworkDriver.GetCapabilities), so a created plugin is local.
   */
  pluginCreate(host: string, name: string, image: PluginConfigImage): InstalledPlugin {
    const m = this.requireRunning(host);
    if (m.plugins.some((p) => p.name === name)) throw daemonError(`plugin ${name} already exists`);
    const p: InstalledPlugin = {
      id: this.world.rng.hex(64),
      name,
      reference: name,
      capabilities: image.capabilities,
      scope: 'local',
      description: image.description,
      privileges: image.privileges,
      enabled: false,
      settings: { ...image.settings },
      refs: 0,
      installedAt: this.now,
      socket: image.socket,
    };
    m.plugins.push(p);
    this.world.record('plugin.installed', `${host}/${p.name}`, null, 'disabled');
    this.hooks.changed(m);
    return p;
  }

  /**
   * `docker plugin push`: the plugin's image goes to the registry under its
   * name, for every engine to install (the simulated registry asks for no
   * login). Its settings are the ones it was made with.
   */
  pluginPush(host: string, ref: string): InstalledPlugin {
    const m = this.requireRunning(host);
    const p = findPlugin(m, ref);
    const { repository, tag } = splitTag(p.name.replace(/^docker\.io\//, ''));
    const had = this.world.registry.all().find((x) => x.repository === repository);
    this.world.registry.add({
      repository,
      tags: had ? [...new Set([...had.tags, tag])] : [tag],
      capabilities: p.capabilities,
      scope: p.scope,
      privileges: p.privileges,
      description: p.description,
      settings: { ...p.settings },
      socket: p.socket,
    });
    return p;
  }

  pluginInstall(host: string, ref: string, opts: InstallOptions = {}): InstalledPlugin {
    const m = this.requireRunning(host);
    const p = installPlugin(m, this.world.registry, this.world.rng, this.now, ref, opts);
    this.world.record('plugin.installed', `${host}/${p.name}`, null, p.enabled ? 'enabled' : 'disabled');
    this.hooks.changed(m);
    return p;
  }

  pluginEnable(host: string, ref: string): InstalledPlugin {
    const m = this.requireRunning(host);
    const p = findPlugin(m, ref);
    pluginLifecycle(p, { type: 'ENABLE' });
    p.enabled = true;
    this.world.record('plugin.enabled', `${host}/${p.name}`, 'disabled', 'enabled');
    this.hooks.changed(m);
    return p;
  }

  pluginDisable(host: string, ref: string, force = false): InstalledPlugin {
    const m = this.requireRunning(host);
    const p = findPlugin(m, ref);
    pluginLifecycle(p, { type: 'DISABLE', force, refs: p.refs });
    p.enabled = false;
    this.world.record('plugin.disabled', `${host}/${p.name}`, 'enabled', 'disabled');
    this.hooks.changed(m);
    return p;
  }

  pluginRemove(host: string, ref: string, force = false): InstalledPlugin {
    const m = this.requireRunning(host);
    const p = findPlugin(m, ref);
    pluginLifecycle(p, { type: 'REMOVE', force, refs: p.refs });
    m.plugins = m.plugins.filter((x) => x !== p);
    this.world.record('plugin.removed', `${host}/${p.name}`, p.enabled ? 'enabled' : 'disabled', null);
    this.hooks.changed(m);
    return p;
  }

  pluginSet(host: string, ref: string, settings: Record<string, string>): InstalledPlugin {
    const m = this.requireRunning(host);
    const p = findPlugin(m, ref);
    pluginLifecycle(p, { type: 'SET' });
    for (const k of Object.keys(settings))
      if (!(k in p.settings)) throw daemonError(`setting "${k}" not found in the plugin configuration`);
    Object.assign(p.settings, settings);
    this.world.record('plugin.changed', `${host}/${p.name}`, null, Object.keys(settings).join(','));
    return p;
  }

  /** `docker plugin upgrade`: new image, same local name, so references keep working. */
  pluginUpgrade(host: string, ref: string, remote: string): InstalledPlugin {
    const m = this.requireRunning(host);
    const p = findPlugin(m, ref);
    pluginLifecycle(p, { type: 'UPGRADE' });
    const image = this.world.registry.lookup(remote);
    if (!image)
      throw daemonError(
        `pull access denied for ${splitTag(remote).repository}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied`,
      );
    const before = p.reference;
    p.reference = withTag(remote);
    this.world.record('plugin.changed', `${host}/${p.name}`, before, p.reference);
    return p;
  }

  // --- volumes -----------------------------------------------------------------

  volumeCreate(host: string, name: string, driver = 'local', options: Record<string, string> = {}, labels: Record<string, string> = {}) {
    const m = this.requireRunning(host);
    const volName = name || this.world.rng.hex(64);
    const existed = m.volumes.some((v) => v.name === volName);
    const v = createVolume(m, this.now, volName, driver, options, labels);
    if (!existed) this.world.record('volume.created', `${host}/${v.name}`, null, v.driver);
    return v;
  }

  volumeRemove(host: string, name: string, force = false): void {
    const m = this.requireRunning(host);
    const v = m.volumes.find((x) => x.name === name);
    if (!v) {
      if (force) return;
      throw daemonError(`get ${name}: no such volume`);
    }
    const users = [...this.world.tasks.values()].filter(
      (t) =>
        this.world.nodes.get(t.nodeId)?.machine === host &&
        !stateGt(t.status.state, 'running') &&
        stateLe('assigned', t.status.state) &&
        t.spec.mounts.some((mt) => mt.type === 'volume' && mt.source === name),
    );
    if (users.length > 0) {
      const c = users[0].containerId || users[0].id;
      throw daemonError(`remove ${name}: volume is in use - [${c}]`);
    }
    m.volumes = m.volumes.filter((x) => x !== v);
    if (v.driver !== 'local') {
      const p = m.plugins.find((x) => x.name === v.driver);
      if (p && p.refs > 0) p.refs--;
    }
    this.world.record('volume.removed', `${host}/${name}`, v.driver, null);
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
