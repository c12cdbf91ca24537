import { Agents } from './cluster/agent.js';
import { World } from './cluster/world.js';
import type { ScheduledEvent } from './clock.js';
import {
  createVolume,
  describeMachine,
  findPlugin,
  installPlugin,
  isBuiltinDriver,
  pluginLifecycle,
  usablePlugin,
  type InstallOptions,
} from './engine/engine.js';
import { splitTag, withTag } from './engine/registry.js';
import { ALREADY_IN_SWARM, daemonError, DockerError, NOT_A_MANAGER, NOT_IN_SWARM } from './errors.js';
import { availabilityEvent, nextNodeLifecycle } from './lifecycle/node.js';
import type {
  InstalledPlugin,
  Machine,
  MachineConfig,
  Network,
  NodeAvailability,
  NodeRole,
  PortConfig,
  RegistryPlugin,
  Service,
  ServiceSpec,
  SwarmNode,
  Task,
} from './model/types.js';
import { stateGt, stateLe, stateLt } from './model/taskState.js';
import { enforceConstraints } from './orchestrator/constraintEnforcer.js';
import { reconcileGlobal } from './orchestrator/global.js';
import { reconcileReplicated, reconcileReplicatedJob } from './orchestrator/replicated.js';
import { RestartSupervisor } from './orchestrator/restart.js';
import { Updater } from './orchestrator/updater.js';
import { Scheduler, type Decision } from './scheduler/scheduler.js';
import { parseConstraints, ConstraintError } from './scheduler/constraint.js';

/** Upstream timings that decide how late the manager learns of an engine change. */
export const TIMINGS = {
  /** agent/agent.go nodeUpdatePeriod: the agent re-describes its engine this often. */
  nodeUpdatePeriodMs: 20_000,
  /** dispatcher DefaultHeartBeatPeriod */
  heartbeatPeriodMs: 5_000,
  /** dispatcher: a node is down after this many missed periods */
  heartbeatGraceMultiplier: 3,
  /** scheduler.go commitDebounceGap */
  schedulerDebounceMs: 50,
  /** how long a restarted engine takes to re-register with the dispatcher */
  reconnectMs: 1_000,
  /** a bound on settle(): nothing runs forever */
  settleLimitMs: 60 * 60_000,
} as const;

export const DEFAULT_MACHINE: MachineConfig = {
  cpus: 2,
  memoryBytes: 2 * 2 ** 30,
  os: 'linux',
  arch: 'x86_64',
  engineLabels: {},
  ip: '',
};

export const ENGINE_VERSION = '27.3.1';

export interface SimulationOptions {
  readonly seed?: number;
  /** Record the trace (default true). Benchmarks may switch it off. */
  readonly tracing?: boolean;
}

export interface SwarmInitOptions {
  advertiseAddr?: string;
  availability?: NodeAvailability;
  taskHistoryLimit?: number;
}

export interface NodeUpdate {
  availability?: NodeAvailability;
  labelAdd?: Record<string, string>;
  labelRm?: string[];
  role?: NodeRole;
}

export interface NetworkCreate {
  name: string;
  driver: string;
  scope?: 'local' | 'swarm';
  attachable?: boolean;
  internal?: boolean;
  labels?: Record<string, string>;
  options?: Record<string, string>;
  stack?: string | null;
}

export interface SettleResult {
  readonly settled: boolean;
  readonly elapsedMs: number;
}

const LOCAL_PREDEFINED = ['bridge', 'host', 'none'] as const;

/**
 * A whole simulated swarm: machines with engines, one swarm over them,
 * SwarmKit's scheduler and orchestrators, and the agents, all on one virtual
 * clock and one seeded RNG. Methods are the daemon's API: each validates
 * first and throws a DockerError with Docker's text before changing anything.
 */
export class Simulation {
  readonly world: World;
  readonly scheduler: Scheduler;
  readonly agents: Agents;
  readonly updater: Updater;
  readonly restarts: RestartSupervisor;
  private passEvent: ScheduledEvent | null = null;
  private readonly reconcileEvents = new Map<string, ScheduledEvent>();
  private readonly restartEvents = new Map<string, ScheduledEvent>();
  private readonly refreshEvents = new Map<string, ScheduledEvent>();
  private readonly downEvents = new Map<string, ScheduledEvent>();
  private readonly joinedAt = new Map<string, number>();

  constructor(opts: SimulationOptions = {}) {
    this.world = new World(opts.seed ?? 1);
    this.world.tracing = opts.tracing ?? true;
    const world = this.world;
    this.scheduler = new Scheduler({
      now: () => world.now,
      rng: world.rng,
      service: (id) => world.services.get(id),
      commit: (d) => this.commit(d),
    });
    this.agents = new Agents(world);
    this.restarts = new RestartSupervisor(world, (t, delay) => this.delayedStart(t, delay));
    this.updater = new Updater(
      world,
      (t) => this.startTask(t),
      (id, taskId) => this.rollbackInternal(id, taskId),
    );
    world.listen({
      taskChanged: (t) => {
        this.scheduler.taskChanged(t);
        this.allocate(t);
        this.agents.taskChanged(t);
        this.updater.taskChanged(t);
        this.watchRestart(t);
        this.reap(t);
        this.requestPass();
      },
      taskDeleted: (t) => {
        this.scheduler.taskDeleted(t);
        this.requestPass();
      },
      nodeChanged: (n) => {
        this.scheduler.nodeChanged(n);
        this.nodeEffects(n);
        this.requestPass();
      },
      nodeRemoved: (n) => {
        this.scheduler.nodeRemoved(n.id);
        this.nodeEffects(n);
      },
    });
  }

  get now(): number {
    return this.world.now;
  }

  // ===========================================================================
  // Machines and the registry
  // ===========================================================================

  /** Declares a machine, or reconfigures it (`sim$ machine`). */
  machine(name: string, cfg: Partial<MachineConfig> = {}): Machine {
    const w = this.world;
    const existing = w.machines.get(name);
    if (existing) {
      if (cfg.ip) this.explicitIps.add(cfg.ip);
      Object.assign(existing, stripUndefined(cfg));
      w.record('machine.changed', name, null, null);
      this.engineChanged(existing);
      return existing;
    }
    if (cfg.ip) this.explicitIps.add(cfg.ip);
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

  private ipCursor = 100;

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

  private readonly explicitIps = new Set<string>();

  private localNetwork(driver: string, name: string): Network {
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

  /** `sim$ stop`: the engine stops; heartbeats stop; the node goes down after the grace period. */
  stopMachine(name: string): void {
    const m = this.requireMachine(name);
    if (!m.running) return;
    m.running = false;
    this.world.record('machine.stopped', name, 'running', 'stopped');
    this.agents.engineStopped(m);
    const node = this.world.nodeOf(m);
    if (node) {
      const joined = this.joinedAt.get(node.id) ?? 0;
      const sinceBeat = (this.now - joined) % TIMINGS.heartbeatPeriodMs;
      const delay = TIMINGS.heartbeatPeriodMs * TIMINGS.heartbeatGraceMultiplier - sinceBeat;
      this.downEvents.set(
        node.id,
        this.world.clock.schedule(delay, `heartbeat expiry ${node.id}`, () =>
          this.world.as('dispatcher', () => this.setNodeStatus(node, 'HEARTBEAT_EXPIRED', 'heartbeat failure')),
        ),
      );
    }
  }

  /** `sim$ start`: the engine comes back and its agent re-registers. */
  startMachine(name: string): void {
    const m = this.requireMachine(name);
    if (m.running) return;
    m.running = true;
    this.world.record('machine.started', name, 'stopped', 'running');
    const node = this.world.nodeOf(m);
    if (node) {
      this.world.clock.cancel(this.downEvents.get(node.id));
      this.world.clock.schedule(TIMINGS.reconnectMs, `register ${node.id}`, () =>
        this.world.as('dispatcher', () => {
          if (!this.world.nodes.has(node.id) || !m.running) return;
          node.description = describeMachine(m);
          this.joinedAt.set(node.id, this.now);
          this.setNodeStatus(node, 'REGISTER', '');
          this.world.emitNode(node);
          this.world.as(`agent:${m.name}`, () => this.agents.engineStarted(m));
        }),
      );
    }
  }

  private setNodeStatus(node: SwarmNode, event: 'REGISTER' | 'HEARTBEAT_EXPIRED' | 'LEAVE', message: string): void {
    const next = nextNodeLifecycle({ status: node.status, availability: node.availability }, { type: event });
    node.statusMessage = message;
    if (next.status === node.status) return;
    this.world.record('node.status', node.id, node.status, next.status);
    node.status = next.status;
    if (next.status === 'down') this.electLeader();
    this.world.emitNode(node);
  }

  private electLeader(): void {
    const sw = this.world.swarm;
    if (!sw) return;
    const leader = this.world.nodes.get(sw.leaderNodeId);
    if (leader && leader.status !== 'down' && leader.role === 'manager') return;
    const managers = [...this.world.nodes.values()].filter((n) => n.role === 'manager');
    const up = managers.filter((n) => n.status === 'ready');
    // Raft needs a quorum: without a majority of managers up, nobody leads.
    if (up.length * 2 > managers.length) sw.leaderNodeId = up[0].id;
  }

  requireMachine(name: string): Machine {
    const m = this.world.machines.get(name);
    if (!m) throw daemonError(`machine ${name} not found`);
    return m;
  }

  private requireRunning(host: string): Machine {
    const m = this.ensureMachine(host);
    if (!m.running)
      throw new DockerError('Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?', false);
    return m;
  }

  /** An engine change reaches the manager on the agent's next description refresh. */
  private engineChanged(m: Machine): void {
    const node = this.world.nodeOf(m);
    if (!node || this.refreshEvents.has(node.id)) return;
    const joined = this.joinedAt.get(node.id) ?? 0;
    const period = TIMINGS.nodeUpdatePeriodMs;
    const delay = period - ((this.now - joined) % period);
    this.refreshEvents.set(
      node.id,
      this.world.clock.schedule(delay, `describe ${node.id}`, () => {
        this.refreshEvents.delete(node.id);
        this.refreshDescription(node);
      }),
    );
  }

  private refreshDescription(node: SwarmNode): void {
    const m = this.world.machineOf(node);
    if (!m.running || !this.world.nodes.has(node.id)) return;
    const next = describeMachine(m);
    if (JSON.stringify(next) === JSON.stringify(node.description)) return;
    this.world.as(`agent:${m.name}`, () => {
      const summary = (d: typeof next | null): string =>
        d ? d.engine.plugins.filter((p) => !isBuiltinDriver(p.type, p.name)).map((p) => `${p.type}:${p.name}`).join(',') : '';
      this.world.record('node.description', node.id, summary(node.description), summary(next));
      node.description = next;
      this.world.emitNode(node);
    });
  }

  /** True when every node's description matches its engine. */
  get descriptionsFresh(): boolean {
    return this.refreshEvents.size === 0;
  }

  // ===========================================================================
  // Plugins and volumes (engine-local)
  // ===========================================================================

  pluginInstall(host: string, ref: string, opts: InstallOptions = {}): InstalledPlugin {
    const m = this.requireRunning(host);
    const p = installPlugin(m, this.world.registry, this.world.rng, this.now, ref, opts);
    this.world.record('plugin.installed', `${host}/${p.name}`, null, p.enabled ? 'enabled' : 'disabled');
    this.engineChanged(m);
    return p;
  }

  pluginEnable(host: string, ref: string): InstalledPlugin {
    const m = this.requireRunning(host);
    const p = findPlugin(m, ref);
    pluginLifecycle(p, { type: 'ENABLE' });
    p.enabled = true;
    this.world.record('plugin.enabled', `${host}/${p.name}`, 'disabled', 'enabled');
    this.engineChanged(m);
    return p;
  }

  pluginDisable(host: string, ref: string, force = false): InstalledPlugin {
    const m = this.requireRunning(host);
    const p = findPlugin(m, ref);
    pluginLifecycle(p, { type: 'DISABLE', force, refs: p.refs });
    p.enabled = false;
    this.world.record('plugin.disabled', `${host}/${p.name}`, 'enabled', 'disabled');
    this.engineChanged(m);
    return p;
  }

  pluginRemove(host: string, ref: string, force = false): InstalledPlugin {
    const m = this.requireRunning(host);
    const p = findPlugin(m, ref);
    pluginLifecycle(p, { type: 'REMOVE', force, refs: p.refs });
    m.plugins = m.plugins.filter((x) => x !== p);
    this.world.record('plugin.removed', `${host}/${p.name}`, p.enabled ? 'enabled' : 'disabled', null);
    this.engineChanged(m);
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
    if (!image) throw daemonError(`pull access denied for ${splitTag(remote).repository}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied`);
    const before = p.reference;
    p.reference = withTag(remote);
    this.world.record('plugin.changed', `${host}/${p.name}`, before, p.reference);
    return p;
  }

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
      (t) => this.world.nodes.get(t.nodeId)?.machine === host && !stateGt(t.status.state, 'running') && stateLe('assigned', t.status.state) && t.spec.mounts.some((mt) => mt.type === 'volume' && mt.source === name),
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

  // ===========================================================================
  // Swarm membership
  // ===========================================================================

  /** The node of a host that must be a manager of the swarm (cluster state needs one). */
  requireManager(host: string): SwarmNode {
    const m = this.requireRunning(host);
    const node = this.world.nodeOf(m);
    if (!node || !this.world.swarm) throw daemonError(NOT_IN_SWARM);
    if (node.role !== 'manager') throw daemonError(NOT_A_MANAGER);
    if (!this.hasQuorum())
      throw daemonError('rpc error: code = Unknown desc = The swarm does not have a leader. It\'s possible that too few managers are online. Make sure more than half of the managers are online.');
    return node;
  }

  private hasQuorum(): boolean {
    const managers = [...this.world.nodes.values()].filter((n) => n.role === 'manager');
    const up = managers.filter((n) => this.world.machineOf(n).running);
    return up.length * 2 > managers.length;
  }

  swarmInit(host: string, opts: SwarmInitOptions = {}): { nodeId: string; workerToken: string; managerToken: string; addr: string } {
    const m = this.requireRunning(host);
    if (m.nodeId) throw daemonError(ALREADY_IN_SWARM);
    if (this.world.swarm) {
      // One swarm per simulation: a second init would be a second cluster.
      throw daemonError('swarmsim models one swarm per simulation: join this machine to the existing swarm instead');
    }
    if (opts.availability && !['active', 'pause', 'drain'].includes(opts.availability))
      throw daemonError(`invalid Availability: "${opts.availability}"`);
    const rng = this.world.rng;
    const secret = tokenPart(rng, 50);
    const swarm = {
      id: rng.swarmId(),
      createdAt: this.now,
      workerToken: `SWMTKN-1-${secret}-${tokenPart(rng, 25)}`,
      managerToken: `SWMTKN-1-${secret}-${tokenPart(rng, 25)}`,
      taskHistoryLimit: opts.taskHistoryLimit ?? 5,
      leaderNodeId: '',
    };
    const addr = opts.advertiseAddr?.replace(/:\d+$/, '') || m.ip;
    this.world.swarm = swarm;
    this.world.record('swarm.initialized', swarm.id, null, host);
    const node = this.addNode(m, 'manager', opts.availability ?? 'active');
    swarm.leaderNodeId = node.id;
    const ingress: Network = {
      id: rng.swarmId(),
      name: 'ingress',
      driver: 'overlay',
      scope: 'swarm',
      attachable: false,
      ingress: true,
      internal: false,
      labels: {},
      options: {},
      createdAt: this.now,
      predefined: true,
      stack: null,
    };
    this.world.networks.set(ingress.id, ingress);
    this.world.record('network.created', ingress.id, null, 'ingress');
    return { nodeId: node.id, workerToken: swarm.workerToken, managerToken: swarm.managerToken, addr };
  }

  joinToken(role: NodeRole): string {
    const sw = this.world.swarm;
    if (!sw) throw daemonError(NOT_IN_SWARM);
    return role === 'manager' ? sw.managerToken : sw.workerToken;
  }

  /**
   * `docker swarm join`: the seeded tokens join with their role; so that the
   * documents' transcripts run verbatim, any other well-formed SWMTKN-1
   * token joins as a worker.
   */
  swarmJoin(host: string, token: string, addr: string, availability: NodeAvailability = 'active'): NodeRole {
    const m = this.requireRunning(host);
    if (m.nodeId) throw daemonError(ALREADY_IN_SWARM);
    const sw = this.world.swarm;
    if (!/^SWMTKN-1-[0-9a-z]{50}-[0-9a-z]{25}$/.test(token)) throw daemonError('invalid join token');
    const target = addr.replace(/:\d+$/, '');
    const managers = [...this.world.nodes.values()].filter((n) => n.role === 'manager');
    const reachable = target === '192.168.99.100' || managers.some((n) => this.world.machineOf(n).ip === target);
    if (!sw || !reachable)
      throw daemonError(
        'Timeout was reached before node joined. The attempt to join the swarm will continue in the background. Use the "docker info" command to see the current swarm status of your node.',
      );
    const role: NodeRole = token === sw.managerToken ? 'manager' : 'worker';
    this.addNode(m, role, availability);
    return role;
  }

  private addNode(m: Machine, role: NodeRole, availability: NodeAvailability): SwarmNode {
    const node: SwarmNode = {
      id: this.world.rng.swarmId(),
      machine: m.name,
      role,
      availability,
      labels: {},
      status: 'ready',
      statusMessage: '',
      description: describeMachine(m),
      createdAt: this.now,
      updatedAt: this.now,
      lastHeartbeat: this.now,
    };
    m.nodeId = node.id;
    this.world.nodes.set(node.id, node);
    this.joinedAt.set(node.id, this.now);
    this.world.record('node.joined', node.id, null, `${m.name} ${role}`);
    this.world.emitNode(node);
    return node;
  }

  swarmLeave(host: string, force = false): void {
    const m = this.requireRunning(host);
    const node = this.world.nodeOf(m);
    if (!node) throw daemonError(NOT_IN_SWARM);
    if (node.role === 'manager' && !force) {
      const managers = [...this.world.nodes.values()].filter((n) => n.role === 'manager');
      const text =
        managers.length === 1
          ? 'You are attempting to leave the swarm on a node that is participating as a manager. Removing the last manager erases all current state of the swarm. Use `--force` to ignore this message.'
          : 'You are attempting to leave the swarm on a node that is participating as a manager. Removing this node leaves ' +
            `${managers.length - 1} managers out of ${managers.length}. Without a Raft quorum your swarm will be inaccessible. The only way to restore a swarm that has lost consensus is to reinitialize it with \`--force-new-cluster\`. Use \`--force\` to suppress this message.`;
      throw daemonError(text);
    }
    m.nodeId = null;
    // Its containers go with it; the manager sees the node go down.
    for (const t of this.world.tasksOnNode(node.id)) {
      if (stateLe('assigned', t.status.state) && !stateGt(t.status.state, 'running')) this.world.as(`agent:${host}`, () => this.world.moveTask(t, 'SHUTDOWN', 'shutdown'));
    }
    this.world.record('node.left', node.id, host, null);
    this.world.as('dispatcher', () => this.setNodeStatus(node, 'LEAVE', 'node left the swarm'));
    if (node.role === 'manager') {
      const others = [...this.world.nodes.values()].filter((n) => n.role === 'manager' && n !== node);
      if (others.length === 0) {
        // The last manager leaving erases the swarm.
        this.world.swarm = null;
        for (const n of [...this.world.nodes.values()]) this.world.removeNode(n);
        for (const mm of this.world.machines.values()) mm.nodeId = null;
        this.world.services.clear();
        this.world.clearTasks();
        this.world.networks.clear();
      }
    }
  }

  /** Finds a node by full ID, unique ID prefix or hostname (controlapi and the CLI's lookup). */
  resolveNode(ref: string): SwarmNode {
    const nodes = [...this.world.nodes.values()];
    const exact = nodes.find((n) => n.id === ref);
    if (exact) return exact;
    const byName = nodes.filter((n) => n.machine === ref);
    if (byName.length === 1) return byName[0];
    const byPrefix = nodes.filter((n) => n.id.startsWith(ref));
    if (ref !== '' && byPrefix.length === 1) return byPrefix[0];
    if (byName.length > 1 || byPrefix.length > 1) throw daemonError(`node ${ref} is ambiguous (${byName.length || byPrefix.length} matches found)`);
    throw daemonError(`node ${ref} not found`);
  }

  nodeUpdate(ref: string, u: NodeUpdate): SwarmNode {
    const node = this.resolveNode(ref);
    if (u.availability && !['active', 'pause', 'drain'].includes(u.availability))
      throw daemonError(`invalid Availability: "${u.availability}"`);
    if (u.role === 'worker' && node.role === 'manager') this.checkDemote(node);
    for (const k of u.labelRm ?? []) {
      if (!(k in node.labels) && !(u.labelAdd && k in u.labelAdd)) throw daemonError(`key ${k} doesn't exist in node's labels`);
    }
    if (u.availability && u.availability !== node.availability) {
      const next = nextNodeLifecycle({ status: node.status, availability: node.availability }, availabilityEvent(u.availability));
      this.world.record('node.availability', node.id, node.availability, next.availability);
      node.availability = next.availability;
    }
    if (u.labelAdd || u.labelRm) {
      const before = JSON.stringify(node.labels);
      const labels = { ...node.labels, ...(u.labelAdd ?? {}) };
      for (const k of u.labelRm ?? []) delete labels[k];
      node.labels = labels;
      this.world.record('node.labels', node.id, before, JSON.stringify(labels));
    }
    if (u.role && u.role !== node.role) {
      this.world.record('node.role', node.id, node.role, u.role);
      node.role = u.role;
      this.electLeader();
    }
    this.world.emitNode(node);
    return node;
  }

  private checkDemote(node: SwarmNode): void {
    const managers = [...this.world.nodes.values()].filter((n) => n.role === 'manager');
    if (managers.length <= 1) throw daemonError('attempting to demote the last manager of the swarm');
    const up = managers.filter((n) => n !== node && this.world.machineOf(n).running);
    if (up.length * 2 <= managers.length - 1) throw daemonError("can't remove member from the raft: this would result in a loss of quorum");
  }

  nodeRemove(ref: string, force = false): SwarmNode {
    const node = this.resolveNode(ref);
    if (node.role === 'manager')
      throw daemonError(
        `rpc error: code = FailedPrecondition desc = node ${node.id} is a cluster manager and is a member of the raft cluster. It must be demoted to worker before removal`,
      );
    if (!force && node.status !== 'down')
      throw daemonError(`rpc error: code = FailedPrecondition desc = node ${node.id} is not down and can't be removed`);
    const m = this.world.machineOf(node);
    m.nodeId = null;
    this.world.removeNode(node);
    return node;
  }

  // ===========================================================================
  // Networks
  // ===========================================================================

  networkCreate(host: string, req: NetworkCreate): Network {
    const m = this.requireRunning(host);
    const w = this.world;
    const driver = req.driver || 'bridge';
    let plugin: InstalledPlugin | null = null;
    if (!isBuiltinDriver('Network', driver)) {
      plugin = usablePlugin(m, driver, 'networkdriver');
      if (!plugin) throw daemonError(`plugin "${driver}" not found`);
    }
    const node = w.nodeOf(m);
    const manager = !!node && !!w.swarm && node.role === 'manager';
    // moby daemon/network.go createNetwork: overlay needs a manager, whatever else.
    if (driver === 'overlay' && !manager)
      throw daemonError(
        'This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.',
      );
    // libnetwork controller.go NewNetwork: a global-scope driver in a swarm is the manager's business.
    const globalPlugin = plugin !== null && plugin.scope === 'global' && req.scope !== 'local';
    if (globalPlugin && node && !manager)
      throw daemonError('Cannot create a multi-host network from a worker node. Please create the network from a manager node.');
    if (req.scope === 'swarm' && !node) throw daemonError('cannot create a swarm scoped network when swarm is not active');
    const swarmScoped = driver === 'overlay' || (manager && (req.scope === 'swarm' || globalPlugin));
    if (swarmScoped) {
      if ([...w.networks.values()].some((n) => n.name === req.name))
        throw daemonError(`network with name ${req.name} already exists`);
      const net: Network = {
        id: w.rng.swarmId(),
        name: req.name,
        driver,
        scope: 'swarm',
        attachable: req.attachable ?? false,
        ingress: false,
        internal: req.internal ?? false,
        labels: req.labels ?? {},
        options: req.options ?? {},
        createdAt: this.now,
        predefined: false,
        stack: req.stack ?? null,
      };
      w.networks.set(net.id, net);
      // No plugin reference here: the manager hands the network to SwarmKit (moby
      // daemon/network.go); engines take one when their tasks attach (agent.ts).
      w.record('network.created', net.id, null, `${net.name} ${driver}`);
      return net;
    }
    if (m.localNetworks.some((n) => n.name === req.name)) throw daemonError(`network with name ${req.name} already exists`);
    const net: Network = {
      ...this.localNetwork(driver, req.name),
      predefined: false,
      attachable: req.attachable ?? false,
      internal: req.internal ?? false,
      labels: req.labels ?? {},
      options: req.options ?? {},
    };
    m.localNetworks.push(net);
    if (plugin) plugin.refs++;
    w.record('network.created', `${host}/${net.id}`, null, `${net.name} ${driver}`);
    return net;
  }

  /** Swarm networks by ID, unique ID prefix or name. */
  resolveNetwork(ref: string): Network | undefined {
    const nets = [...this.world.networks.values()];
    return nets.find((n) => n.id === ref) ?? nets.find((n) => n.name === ref) ?? (ref.length > 0 ? unique(nets.filter((n) => n.id.startsWith(ref))) : undefined);
  }

  networkRemove(host: string, ref: string): Network {
    const m = this.requireRunning(host);
    const swarmNet = this.world.nodeOf(m)?.role === 'manager' ? this.resolveNetwork(ref) : undefined;
    if (swarmNet) {
      if (swarmNet.predefined && !swarmNet.ingress)
        throw daemonError(`${swarmNet.name} is a pre-defined network and cannot be removed`);
      const users = [...this.world.services.values()].filter(
        (s) => s.spec.task.networks.includes(swarmNet.id) || (swarmNet.ingress && s.spec.ports.some((p) => p.publishMode === 'ingress')),
      );
      if (users.length > 0) {
        if (swarmNet.ingress) throw daemonError(`rpc error: code = FailedPrecondition desc = ingress network cannot be removed because service ${users[0].id} depends on it`);
        throw daemonError(`rpc error: code = FailedPrecondition desc = network ${swarmNet.id} is in use by service ${users[0].id}`);
      }
      this.world.networks.delete(swarmNet.id);
      this.world.record('network.removed', swarmNet.id, swarmNet.name, null);
      return swarmNet;
    }
    const local = m.localNetworks.find((n) => n.id === ref || n.name === ref) ?? unique(m.localNetworks.filter((n) => ref !== '' && n.id.startsWith(ref)));
    if (!local) throw daemonError(`network ${ref} not found`);
    if (local.predefined) throw daemonError(`${local.name} is a pre-defined network and cannot be removed`);
    m.localNetworks = m.localNetworks.filter((n) => n !== local);
    const p = m.plugins.find((x) => x.name === withTag(local.driver));
    if (p && p.refs > 0) p.refs--;
    this.world.record('network.removed', `${host}/${local.id}`, local.name, null);
    return local;
  }

  // ===========================================================================
  // Services
  // ===========================================================================

  /** Finds a service by full ID, name, or unique ID prefix (controlapi and the CLI's lookup). */
  resolveService(ref: string): Service | undefined {
    const all = [...this.world.services.values()];
    return all.find((s) => s.id === ref) ?? all.find((s) => s.spec.name === ref) ?? (ref.length > 0 ? unique(all.filter((s) => s.id.startsWith(ref))) : undefined);
  }

  requireService(ref: string): Service {
    const s = this.resolveService(ref);
    if (!s) throw daemonError(`service ${ref} not found`);
    return s;
  }

  /** Validates a spec as controlapi/service.go does, resolving network names to IDs. */
  private validateSpec(spec: ServiceSpec, self?: Service): ServiceSpec {
    const w = this.world;
    if (!/^[a-zA-Z0-9](?:[a-zA-Z0-9-_.]*[a-zA-Z0-9])?$/.test(spec.name) || spec.name.length > 63)
      throw daemonError(`rpc error: code = InvalidArgument desc = name must be valid as a DNS name component`);
    const clash = [...w.services.values()].find((s) => s.spec.name === spec.name && s !== self);
    if (clash) throw daemonError(`rpc error: code = AlreadyExists desc = service ${spec.name} already exists`);
    try {
      parseConstraints(spec.task.placement.constraints);
    } catch (e) {
      // controlapi validatePlacement returns the parse error as is: gRPC reports it as Unknown.
      if (e instanceof ConstraintError) throw daemonError(`rpc error: code = Unknown desc = ${e.message}`);
      throw e;
    }
    const networks: string[] = [];
    for (const ref of spec.task.networks) {
      const net = this.resolveNetwork(ref);
      if (!net) {
        const local = [...w.machines.values()].some((m) => m.localNetworks.some((n) => n.name === ref || n.id === ref));
        if (local)
          throw daemonError(
            `The network ${ref} cannot be used with services. Only networks scoped to the swarm can be used, such as those created with the overlay driver.`,
          );
        throw daemonError(`network ${ref} not found`);
      }
      if (net.ingress) throw daemonError(`rpc error: code = InvalidArgument desc = service cannot be explicitly attached to the ingress network "ingress"`);
      networks.push(net.id);
    }
    for (const p of spec.ports) {
      if (p.publishMode !== 'ingress' || p.publishedPort === 0) continue;
      for (const s of w.services.values()) {
        if (s === self) continue;
        if (s.endpointPorts.some((q) => q.publishMode === 'ingress' && q.publishedPort === p.publishedPort && q.protocol === p.protocol))
          throw daemonError(
            `rpc error: code = InvalidArgument desc = port '${p.publishedPort}' is already in use by service '${s.spec.name}' (${s.id}) as an ingress port`,
          );
      }
    }
    return { ...spec, task: { ...spec.task, networks } };
  }

  /**
   * Endpoint ports (swarmkit manager/allocator/network/portallocator.go): an
   * ingress port published as 0 gets the lowest free port from 30000 to 32767,
   * and keeps it across updates; explicit ones are taken as given.
   */
  private allocatePorts(svc: Service, spec: ServiceSpec): PortConfig[] {
    const taken = new Set<string>();
    for (const s of this.world.services.values())
      if (s !== svc) for (const p of s.endpointPorts) if (p.publishMode === 'ingress') taken.add(`${p.protocol}/${p.publishedPort}`);
    for (const p of spec.ports) if (p.publishMode === 'ingress' && p.publishedPort !== 0) taken.add(`${p.protocol}/${p.publishedPort}`);
    return spec.ports.map((p) => {
      if (p.publishMode !== 'ingress' || p.publishedPort !== 0) return p;
      const before = svc.endpointPorts.find((q) => q.protocol === p.protocol && q.targetPort === p.targetPort && q.publishMode === 'ingress');
      if (before && !taken.has(`${p.protocol}/${before.publishedPort}`)) {
        taken.add(`${p.protocol}/${before.publishedPort}`);
        return { ...p, publishedPort: before.publishedPort };
      }
      for (let port = 30000; port <= 32767; port++) {
        if (taken.has(`${p.protocol}/${port}`)) continue;
        taken.add(`${p.protocol}/${port}`);
        return { ...p, publishedPort: port };
      }
      return p;
    });
  }

  serviceCreate(spec: ServiceSpec, stack: string | null = null): Service {
    const valid = this.validateSpec(spec);
    const svc: Service = {
      id: this.world.rng.swarmId(),
      spec: valid,
      previousSpec: null,
      specVersion: 1,
      createdAt: this.now,
      updatedAt: this.now,
      updateStatus: null,
      jobIteration: 1,
      stack,
      endpointPorts: [],
    };
    svc.endpointPorts = this.allocatePorts(svc, valid);
    this.world.services.set(svc.id, svc);
    this.world.record('service.created', svc.id, null, svc.spec.name);
    this.queueReconcile(svc.id);
    return svc;
  }

  /** Replaces a service's spec (controlapi UpdateService); the orchestrator reconciles. */
  serviceUpdate(ref: string, next: (spec: ServiceSpec) => ServiceSpec): Service {
    const svc = this.requireService(ref);
    const proposed = next(svc.spec);
    if (proposed.mode.kind !== svc.spec.mode.kind)
      throw daemonError('rpc error: code = Unimplemented desc = service mode change is not allowed');
    const valid = this.validateSpec(proposed, svc);
    this.applySpec(svc, valid, 'update');
    return svc;
  }

  private applySpec(svc: Service, spec: ServiceSpec, how: 'update' | 'rollback'): void {
    svc.previousSpec = svc.spec;
    svc.spec = spec;
    svc.endpointPorts = this.allocatePorts(svc, spec);
    svc.specVersion++;
    svc.updatedAt = this.now;
    if (spec.mode.kind === 'replicated-job' || spec.mode.kind === 'global-job') svc.jobIteration++;
    this.updater.cancel(svc.id);
    // controlapi/service.go UpdateService: a new spec clears the update status; a rollback starts one.
    if (how === 'update') svc.updateStatus = null;
    if (how === 'rollback') {
      const before = svc.updateStatus?.state ?? null;
      svc.updateStatus = { state: 'rollback_started', message: 'manually requested rollback', startedAt: this.now, completedAt: null };
      this.world.record('service.update-status', svc.id, before, 'rollback_started');
    }
    this.world.record('service.updated', svc.id, String(svc.specVersion - 1), String(svc.specVersion));
    this.queueReconcile(svc.id);
  }

  serviceScale(ref: string, replicas: number): Service {
    const svc = this.requireService(ref);
    const mode = svc.spec.mode;
    if (mode.kind !== 'replicated' && mode.kind !== 'replicated-job')
      throw new DockerError(`${ref}: scale can only be used with replicated or replicated-job mode`, false);
    return this.serviceUpdate(svc.id, (s) => ({
      ...s,
      mode: mode.kind === 'replicated' ? { kind: 'replicated', replicas } : { ...mode, totalCompletions: replicas },
    }));
  }

  serviceRollback(ref: string): Service {
    const svc = this.requireService(ref);
    if (!svc.previousSpec) throw daemonError(`rpc error: code = FailedPrecondition desc = service ${svc.id} does not have a previous spec`);
    this.applySpec(svc, svc.previousSpec, 'rollback');
    return svc;
  }

  /** failure action `rollback` (update/updater.go): the message names the task that failed. */
  private rollbackInternal(serviceId: string, taskId: string): void {
    const svc = this.world.services.get(serviceId);
    if (!svc?.previousSpec) return;
    this.applySpec(svc, svc.previousSpec, 'rollback');
    svc.updateStatus = {
      state: 'rollback_started',
      message: `update rolled back due to failure or early termination of task ${taskId}`,
      startedAt: this.now,
      completedAt: null,
    };
  }

  serviceRemove(ref: string): Service {
    const svc = this.requireService(ref);
    this.world.services.delete(svc.id);
    this.updater.cancel(svc.id);
    this.world.record('service.removed', svc.id, svc.spec.name, null);
    this.world.as('orchestrator', () => {
      for (const t of this.world.tasksOfService(svc.id)) this.world.setDesired(t, 'remove');
    });
    return svc;
  }

  /** `sim$ fail`: the task's container exits with an error. */
  failTask(ref: string): Task {
    const t = this.resolveTask(ref);
    if (!t) throw new DockerError(`no such task: ${ref}`, false);
    if (!(stateLe('assigned', t.status.state) && !stateGt(t.status.state, 'running')))
      throw new DockerError(`task ${t.id} is ${t.status.state}, not on a node: nothing to fail`, false);
    const host = this.world.nodes.get(t.nodeId)?.machine ?? '?';
    this.world.as(`agent:${host}`, () => {
      if (stateLt(t.status.state, 'starting')) this.world.moveTask(t, 'REJECT', t.status.message, 'task: non-zero exit (1)');
      else this.world.moveTask(t, 'FAIL', 'started', 'task: non-zero exit (1)');
    });
    return t;
  }

  /** A task by ID or prefix, `service.slot` (current task of a slot) or `service.HOST` (global). */
  resolveTask(ref: string): Task | undefined {
    const w = this.world;
    const direct = w.tasks.get(ref) ?? (ref.length >= 3 ? unique([...w.tasks.values()].filter((t) => t.id.startsWith(ref))) : undefined);
    if (direct) return direct;
    const dot = ref.lastIndexOf('.');
    if (dot <= 0) return undefined;
    const svc = this.resolveService(ref.slice(0, dot));
    if (!svc) return undefined;
    const key = ref.slice(dot + 1);
    const candidates = w.tasksOfService(svc.id).filter((t) => {
      if (/^\d+$/.test(key) && t.slot === Number(key)) return true;
      const node = w.nodes.get(t.nodeId);
      return t.slot === 0 && node !== undefined && (node.machine === key || node.id === key);
    });
    const current = candidates.filter((t) => stateLe(t.desiredState, 'running'));
    const pick = current.length ? current : candidates;
    return pick.sort((a, b) => b.createdAt - a.createdAt)[0];
  }

  // ===========================================================================
  // Time
  // ===========================================================================

  advance(ms: number): void {
    this.world.clock.runUntil(this.now + ms);
  }

  /**
   * Runs until nothing but background work is left: node descriptions match
   * their engines, and every task has reached its desired state or waits,
   * pending, with an error. Bounded, so that nothing loops forever.
   */
  settle(limitMs: number = TIMINGS.settleLimitMs): SettleResult {
    const clock = this.world.clock;
    const start = this.now;
    let steps = 0;
    while (!clock.idle) {
      const t = clock.peekTime();
      if (t === undefined || t - start > limitMs || steps > 5_000_000) return { settled: false, elapsedMs: this.now - start };
      clock.step();
      steps++;
    }
    return { settled: true, elapsedMs: this.now - start };
  }

  // ===========================================================================
  // Wiring: how components hear of changes
  // ===========================================================================

  private requestPass(): void {
    if (this.passEvent && !this.passEvent.cancelled) return;
    if (!this.scheduler.wantsPass) return;
    this.passEvent = this.world.clock.schedule(TIMINGS.schedulerDebounceMs, 'scheduler pass', () => {
      this.passEvent = null;
      this.world.as('scheduler', () => this.scheduler.pass());
    });
  }

  private commit(d: Decision): void {
    const t = d.task;
    if (!this.world.tasks.has(t.id)) return;
    if (d.kind === 'assign') {
      if (t.status.state !== 'pending') return;
      this.world.assignTask(t, d.nodeId, d.message);
    } else if (d.kind === 'error') {
      if (t.status.state === 'pending') this.world.setTaskError(t, d.err);
    } else if (t.status.state === 'pending') {
      this.world.moveTask(t, 'SHUTDOWN', t.status.message, '');
    }
  }

  /** The allocator: NEW -> PENDING once networks are allocated (manager/allocator). */
  private allocate(t: Task): void {
    if (t.status.state !== 'new') return;
    this.world.clock.schedule(0, `allocate ${t.id}`, () => {
      if (this.world.tasks.get(t.id) !== t || t.status.state !== 'new') return;
      this.world.as('allocator', () => {
        if (stateGt(t.desiredState, 'running') && t.desiredState !== 'complete') this.world.moveTask(t, 'SHUTDOWN', 'shutdown');
        else this.world.moveTask(t, 'ALLOCATE', 'pending task scheduling');
      });
    });
  }

  private startTask(t: Task): void {
    if (t.desiredState === 'ready') this.world.setDesired(t, 'running');
  }

  /** When each delayed task's restart delay ends: a task that fails before then is restarted no sooner (restart.go waitRestart). */
  private readonly delayEnds = new Map<string, number>();

  private delayedStart(t: Task, delay: number): void {
    this.delayEnds.set(t.id, this.now + delay);
    this.world.clock.schedule(delay, `restart delay ${t.id}`, () =>
      this.world.as('restart', () => {
        if (this.world.tasks.get(t.id) === t && t.desiredState === 'ready') {
          const svc = this.world.services.get(t.serviceId);
          const job = svc && (svc.spec.mode.kind === 'replicated-job' || svc.spec.mode.kind === 'global-job');
          this.world.setDesired(t, job ? 'complete' : 'running');
        }
      }),
    );
  }

  private queueReconcile(serviceId: string): void {
    if (this.reconcileEvents.has(serviceId)) return;
    this.reconcileEvents.set(
      serviceId,
      this.world.clock.schedule(0, `reconcile ${serviceId}`, () => {
        this.reconcileEvents.delete(serviceId);
        const svc = this.world.services.get(serviceId);
        if (!svc) return;
        this.world.as('orchestrator', () => this.reconcile(svc));
      }),
    );
  }

  private reconcile(svc: Service, only?: SwarmNode): void {
    const start = (t: Task): void => this.startTask(t);
    switch (svc.spec.mode.kind) {
      case 'replicated':
        reconcileReplicated(this.world, svc, this.updater, start);
        break;
      case 'replicated-job':
        reconcileReplicatedJob(this.world, svc, start);
        break;
      case 'global':
      case 'global-job':
        reconcileGlobal(this.world, svc, this.updater, start, only);
        break;
    }
  }

  /** Node changes reach the orchestrators: the constraint enforcer, global services, stranded tasks. */
  private nodeEffects(n: SwarmNode): void {
    this.world.clock.schedule(0, `node effects ${n.id}`, () =>
      this.world.as('orchestrator', () => {
        const live = this.world.nodes.get(n.id);
        if (live) this.world.as('constraint-enforcer', () => enforceConstraints(this.world, live));
        for (const svc of this.world.services.values()) {
          if (svc.spec.mode.kind === 'global' || svc.spec.mode.kind === 'global-job') {
            if (live) this.reconcile(svc, live);
            else for (const t of this.world.tasksOfService(svc.id)) if (t.nodeId === n.id) this.world.setDesired(t, 'shutdown');
          }
        }
        for (const t of this.world.tasks.values()) if (t.nodeId === n.id) this.watchRestart(t);
      }),
    );
  }

  /** Replicated and job tasks that died, or whose node went away, are restarted (restart supervisor). */
  private watchRestart(t: Task): void {
    if (this.restartEvents.has(t.id)) return;
    const svc = this.world.services.get(t.serviceId);
    if (!svc) return;
    const global = svc.spec.mode.kind === 'global' || svc.spec.mode.kind === 'global-job';
    const job = svc.spec.mode.kind === 'replicated-job' || svc.spec.mode.kind === 'global-job';
    const eligible = job ? stateLe(t.desiredState, 'complete') && stateGt(t.status.state, 'running') && t.status.state !== 'complete' : RestartSupervisor.needsRestart(this.world, t);
    if (!eligible) {
      if (job && t.status.state === 'complete') this.queueReconcile(svc.id);
      return;
    }
    if (global && !stateGt(t.status.state, 'running')) return; // stranded global tasks are shut down by reconcile
    const wait = Math.max(0, (this.delayEnds.get(t.id) ?? 0) - this.now);
    this.restartEvents.set(
      t.id,
      this.world.clock.schedule(wait, `restart ${t.id}`, () => {
        this.restartEvents.delete(t.id);
        this.delayEnds.delete(t.id);
        const live = this.world.services.get(t.serviceId);
        if (!live || !this.world.tasks.has(t.id)) return;
        this.world.as('restart', () => this.restarts.restart(live, t));
        if (job) this.queueReconcile(live.id);
      }),
    );
  }

  /** The task reaper (manager/orchestrator/taskreaper): removed tasks go, and history is capped per slot. */
  private reap(t: Task): void {
    const w = this.world;
    const gone = t.desiredState === 'remove' && (stateGt(t.status.state, 'running') || (t.nodeId === '' && stateLt(t.status.state, 'assigned')) || (t.nodeId !== '' && stateLt(t.status.state, 'assigned')));
    if (gone) {
      w.clock.schedule(0, `reap ${t.id}`, () => w.as('taskreaper', () => w.deleteTask(t)));
      return;
    }
    if (t.status.state !== 'new') return;
    const limit = w.swarm?.taskHistoryLimit ?? 5;
    const sameSlot = w.tasksOfService(t.serviceId).filter((x) => (t.slot !== 0 ? x.slot === t.slot : x.nodeId === t.nodeId && x.slot === 0));
    if (sameSlot.length <= limit) return;
    const dead = sameSlot
      .filter((x) => stateGt(x.status.state, 'running') && stateGt(x.desiredState, 'running'))
      .sort((a, b) => a.createdAt - b.createdAt);
    const excess = sameSlot.length - limit;
    for (const x of dead.slice(0, excess)) w.as('taskreaper', () => w.deleteTask(x));
  }
}


function unique<T>(xs: T[]): T | undefined {
  return xs.length === 1 ? xs[0] : undefined;
}

function tokenPart(rng: { int(n: number): number }, n: number): string {
  const a = '0123456789abcdefghijklmnopqrstuvwxyz';
  let s = '';
  for (let i = 0; i < n; i++) s += a[rng.int(36)];
  return s;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
