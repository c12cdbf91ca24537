/**
 * The control API (swarmkit manager/controlapi, and moby daemon/cluster
 * where it checks a request first): every request that changes cluster
 * state is validated, then written to the store, and the leader's
 * components take it from there. A refusal throws Docker's text before
 * anything changed.
 */
import { DEFAULT_SWARM_SETTINGS, type SwarmSettings, type World } from '../cluster/world.js';
import { describeMachine, isBuiltinDriver, usablePlugin } from '../engine/engine.js';
import type { Engines } from '../engine/engines.js';
import { withTag } from '../engine/registry.js';
import { ALREADY_IN_SWARM, daemonError, DockerError, NO_LEADER, NO_SWARM, NOT_A_MANAGER, NOT_IN_SWARM } from '../errors.js';
import { availabilityEvent, nextNodeLifecycle } from '../lifecycle/node.js';
import type { InstalledPlugin, Machine, Network, NetworkIpamConfig, NodeAvailability, NodeRole, Service, ServiceSpec, SwarmNode, Task } from '../model/types.js';
import { stateGt, stateLe } from '../model/taskState.js';
import { ConstraintError, parseConstraints } from '../scheduler/constraint.js';
import { allocatePorts } from './allocator.js';
import { allocateIpam, FIRST_VXLAN_ID } from './networkAllocator.js';
import { validateServiceRefs } from '../cluster/swarmObjects.js';
import type { Manager } from './manager.js';

/** Replicas (or job completions) one service may ask for: see validateSpec. */
export const MAX_SERVICE_TASKS = 1_000_000;

export interface SwarmInitOptions {
  advertiseAddr?: string;
  availability?: NodeAvailability;
  taskHistoryLimit?: number;
  settings?: Partial<SwarmSettings>;
}

/** What `docker swarm update` may change: the flags given. */
export interface SwarmUpdate {
  taskHistoryLimit?: number;
  settings?: Partial<Pick<SwarmSettings, 'heartbeatPeriodMs' | 'certExpiryMs' | 'snapshotInterval' | 'keepOldSnapshots' | 'externalCAs'>>;
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
  /** --subnet/--ip-range/--gateway/--aux-address as createIPAMConfig groups them, --ipam-driver, --ipam-opt. */
  ipam?: { driver?: string; options?: Record<string, string>; configs?: NetworkIpamConfig[] };
  enableIPv6?: boolean;
  scope?: 'local' | 'swarm';
  attachable?: boolean;
  internal?: boolean;
  labels?: Record<string, string>;
  options?: Record<string, string>;
  stack?: string | null;
}

export class ControlApi {
  constructor(
    private readonly world: World,
    private readonly engines: Engines,
    private readonly manager: Manager,
  ) {}

  /** The node of a host that must be a manager of a swarm with a leader (cluster state needs one). */
  requireManager(host: string): SwarmNode {
    const m = this.engines.requireRunning(host);
    const node = this.world.nodeOf(m);
    if (!node || !this.world.swarm) throw daemonError(NO_SWARM);
    if (node.role !== 'manager') throw daemonError(NOT_A_MANAGER);
    if (!this.manager.leading) throw daemonError(NO_LEADER);
    return node;
  }

  /**
   * `docker swarm update`: the cluster spec with the given changes, checked as
   * swarmkit controlapi/cluster.go validateClusterSpec checks it.
   */
  swarmUpdate(host: string, change: SwarmUpdate): void {
    this.requireManager(host);
    const sw = this.world.swarm!;
    const settings = { ...sw.settings, ...change.settings };
    if (settings.certExpiryMs < 3_600_000)
      throw daemonError('rpc error: code = InvalidArgument desc = minimum certificate expiry time is: 1h0m0s');
    if (settings.heartbeatPeriodMs < 0)
      throw daemonError('rpc error: code = InvalidArgument desc = heartbeat time period cannot be a negative duration');
    // In place, as leadership keeps its leader on the same object.
    sw.taskHistoryLimit = change.taskHistoryLimit ?? sw.taskHistoryLimit;
    sw.settings = settings;
    this.world.record('swarm.updated', sw.id, null, host);
  }

  swarmInit(host: string, opts: SwarmInitOptions = {}): { nodeId: string; workerToken: string; managerToken: string; addr: string } {
    const m = this.engines.requireRunning(host);
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
      createdAt: this.world.now,
      workerToken: `SWMTKN-1-${secret}-${tokenPart(rng, 25)}`,
      managerToken: `SWMTKN-1-${secret}-${tokenPart(rng, 25)}`,
      taskHistoryLimit: opts.taskHistoryLimit ?? 5,
      leaderNodeId: '',
      settings: { ...DEFAULT_SWARM_SETTINGS, ...opts.settings },
      nextVxlanId: FIRST_VXLAN_ID,
    };
    const addr = opts.advertiseAddr?.replace(/:\d+$/, '') || m.ip;
    this.world.swarm = swarm;
    this.world.record('swarm.initialized', swarm.id, null, host);
    const node = this.addNode(m, 'manager', opts.availability ?? 'active');
    this.manager.initialized(node);
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
      createdAt: this.world.now,
      predefined: true,
      stack: null,
      ipam: { driver: 'default', options: {}, configs: allocateIpam(swarm, [], []) },
      vxlanId: swarm.nextVxlanId++,
    };
    this.world.networks.set(ingress.id, ingress);
    this.world.record('network.created', ingress.id, null, 'ingress');
    return { nodeId: node.id, workerToken: swarm.workerToken, managerToken: swarm.managerToken, addr };
  }

  joinToken(role: NodeRole): string {
    const sw = this.world.swarm;
    if (!sw) throw daemonError(NO_SWARM);
    return role === 'manager' ? sw.managerToken : sw.workerToken;
  }

  /**
   * `docker swarm join`: the seeded tokens join with their role; so that the
   * documents' transcripts run verbatim, any other well-formed SWMTKN-1
   * token joins as a worker.
   */
  swarmJoin(host: string, token: string, addr: string, availability: NodeAvailability = 'active'): NodeRole {
    const m = this.engines.requireRunning(host);
    if (m.nodeId) throw daemonError(ALREADY_IN_SWARM);
    const sw = this.world.swarm;
    if (!/^SWMTKN-1-[0-9a-z]{50}-[0-9a-z]{25}$/.test(token)) throw daemonError('invalid join token');
    const target = addr.replace(/:\d+$/, '');
    const dial = /:\d+$/.test(addr) ? addr : `${addr}:2377`;
    const at = [...this.world.machines.values()].find((x) => x.ip === target && x.running);
    const node = at ? this.world.nodeOf(at) : undefined;
    // A machine at that address that is no manager listens on no 2377: the dial is refused at once
    // (gRPC's words, through moby daemon/cluster). Nobody at all there: the join times out.
    if (at && (!sw || node?.role !== 'manager'))
      throw daemonError(
        `rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing dial tcp ${dial}: connect: connection refused"`,
      );
    if (!sw || !at)
      throw daemonError(
        'Timeout was reached before node joined. The attempt to join the swarm will continue in the background. Use the "docker info" command to see the current swarm status of your node.',
      );
    const role: NodeRole = token === sw.managerToken ? 'manager' : 'worker';
    this.addNode(m, role, availability);
    if (role === 'manager') this.manager.leadershipMayHaveChanged();
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
      createdAt: this.world.now,
      updatedAt: this.world.now,
      lastHeartbeat: this.world.now,
    };
    m.nodeId = node.id;
    this.gatewayBridge(m);
    this.world.nodes.set(node.id, node);
    this.manager.dispatcher.joined(node);
    this.world.record('node.joined', node.id, null, `${m.name} ${role}`);
    this.world.emitNode(node);
    return node;
  }

  /**
   * A node in a swarm has docker_gwbridge, the local bridge its containers on
   * overlay networks reach the outside through (libnetwork, created with the
   * ingress sandbox once the node joins); it stays after the node leaves.
   */
  private gatewayBridge(m: Machine): void {
    if (m.localNetworks.some((n) => n.name === 'docker_gwbridge')) return;
    const net: Network = {
      ...this.engines.localNetwork('bridge', 'docker_gwbridge'),
      predefined: false,
      options: {
        'com.docker.network.bridge.enable_icc': 'false',
        'com.docker.network.bridge.enable_ip_masquerade': 'true',
        'com.docker.network.bridge.name': 'docker_gwbridge',
      },
    };
    m.localNetworks.push(net);
    this.world.record('network.created', `${m.name}/${net.id}`, null, `${net.name} bridge`);
  }

  swarmLeave(host: string, force = false): void {
    const m = this.engines.requireRunning(host);
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
    // The leader's dispatcher sees the session end; with no leader, nobody does until the next one.
    if (this.manager.leading) this.world.as('dispatcher', () => this.manager.dispatcher.setStatus(node, 'LEAVE', 'node left the swarm'));
    if (node.role === 'manager') {
      const others = [...this.world.nodes.values()].filter((n) => n.role === 'manager' && n !== node);
      if (others.length === 0) {
        // The last manager leaving erases the swarm.
        this.world.swarm = null;
        for (const n of [...this.world.nodes.values()]) this.world.removeNode(n);
        for (const mm of this.world.machines.values()) mm.nodeId = null;
        this.world.clearServices();
        this.world.clearTasks();
        this.world.networks.clear();
        this.world.secrets.clear();
        this.world.configs.clear();
        this.manager.dissolved();
        return;
      }
    }
    this.manager.leadershipMayHaveChanged();
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
      this.manager.leadershipMayHaveChanged();
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

  networkCreate(host: string, req: NetworkCreate): Network {
    const m = this.engines.requireRunning(host);
    const w = this.world;
    const driver = req.driver || 'bridge';
    let plugin: InstalledPlugin | null = null;
    if (!isBuiltinDriver('Network', driver)) {
      plugin = usablePlugin(m, driver, 'networkdriver');
      if (!plugin) throw daemonError(`plugin "${driver}" not found`);
      // libnetwork network.go resolveDriver: loading the plugin registers its remote driver under the
      // plugin's full name (drivers/remote/driver.go), so only that name, tag included, resolves.
      if (driver !== plugin.name) throw daemonError(`could not resolve driver ${driver} in registry`);
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
        createdAt: this.world.now,
        predefined: false,
        stack: req.stack ?? null,
        ipam: {
          driver: req.ipam?.driver || 'default',
          options: req.ipam?.options ?? {},
          configs: allocateIpam(w.swarm!, req.ipam?.configs ?? [], w.networks.values()),
        },
        ...(req.enableIPv6 ? { enableIPv6: true } : {}),
        ...(driver === 'overlay' ? { vxlanId: w.swarm!.nextVxlanId++ } : {}),
      };
      w.networks.set(net.id, net);
      // No plugin reference here: the manager hands the network to SwarmKit (moby
      // daemon/network.go); engines take one when their tasks attach (agent.ts).
      w.record('network.created', net.id, null, `${net.name} ${driver}`);
      return net;
    }
    if (m.localNetworks.some((n) => n.name === req.name)) throw daemonError(`network with name ${req.name} already exists`);
    const net: Network = {
      ...this.engines.localNetwork(driver, req.name),
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
    const m = this.engines.requireRunning(host);
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

  /** Finds a service by full ID, name, or unique ID prefix (controlapi and the CLI's lookup). */
  resolveService(ref: string): Service | undefined {
    const w = this.world;
    const exact = w.services.get(ref) ?? w.serviceNamed(ref);
    if (exact || ref.length === 0) return exact;
    return unique([...w.services.values()].filter((s) => s.id.startsWith(ref)));
  }

  requireService(ref: string): Service {
    const s = this.resolveService(ref);
    if (!s) throw daemonError(`service ${ref} not found`);
    return s;
  }

  /** Validates a spec as controlapi/service.go does, resolving network names to IDs. */
  private validateSpec(spec: ServiceSpec, self?: Service): ServiceSpec {
    const w = this.world;
    // Not SwarmKit's rule (replicas is a uint64 there): each task is simulated, so a typo
    // like --replicas 100000000 would run out of memory instead of answering.
    const m = spec.mode;
    const tasks = m.kind === 'replicated' ? m.replicas : m.kind === 'replicated-job' ? Math.max(m.totalCompletions, m.maxConcurrent) : 0;
    if (tasks > MAX_SERVICE_TASKS)
      throw daemonError(`rpc error: code = InvalidArgument desc = swarmsim simulates at most ${MAX_SERVICE_TASKS} replicas per service, got ${tasks}`);
    if (!/^[a-zA-Z0-9](?:[a-zA-Z0-9-_.]*[a-zA-Z0-9])?$/.test(spec.name) || spec.name.length > 63)
      throw daemonError(`rpc error: code = InvalidArgument desc = name must be valid as a DNS name component`);
    const clash = w.serviceNamed(spec.name);
    if (clash && clash !== self) throw daemonError(`rpc error: code = AlreadyExists desc = name conflicts with an existing object: service ${spec.name} already exists`);
    try {
      parseConstraints(spec.task.placement.constraints);
    } catch (e) {
      // controlapi validatePlacement returns the parse error as is: gRPC reports it as Unknown.
      if (e instanceof ConstraintError) throw daemonError(`rpc error: code = Unknown desc = ${e.message}`);
      throw e;
    }
    validateServiceRefs(w, spec);
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

  serviceCreate(spec: ServiceSpec, stack: string | null = null): Service {
    const valid = this.validateSpec(spec);
    const svc: Service = {
      id: this.world.rng.swarmId(),
      spec: valid,
      previousSpec: null,
      specVersion: 1,
      createdAt: this.world.now,
      updatedAt: this.world.now,
      updateStatus: null,
      jobIteration: 1,
      stack,
      endpointPorts: [],
    };
    svc.endpointPorts = allocatePorts(this.world, svc, valid);
    this.world.addService(svc);
    this.world.record('service.created', svc.id, null, svc.spec.name);
    this.manager.orchestrators.queueReconcile(svc.id);
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
    this.world.setServiceSpec(svc, spec);
    svc.endpointPorts = allocatePorts(this.world, svc, spec);
    svc.specVersion++;
    svc.updatedAt = this.world.now;
    if (spec.mode.kind === 'replicated-job' || spec.mode.kind === 'global-job') svc.jobIteration++;
    this.manager.orchestrators.updater.cancel(svc.id);
    // controlapi/service.go UpdateService: a new spec clears the update status; a rollback starts one.
    if (how === 'update') svc.updateStatus = null;
    if (how === 'rollback') {
      const before = svc.updateStatus?.state ?? null;
      svc.updateStatus = { state: 'rollback_started', message: 'manually requested rollback', startedAt: this.world.now, completedAt: null };
      this.world.record('service.update-status', svc.id, before, 'rollback_started');
    }
    this.world.record('service.updated', svc.id, String(svc.specVersion - 1), String(svc.specVersion));
    this.manager.orchestrators.queueReconcile(svc.id);
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
  rollbackInternal(serviceId: string, taskId: string): void {
    const svc = this.world.services.get(serviceId);
    if (!svc?.previousSpec) return;
    this.applySpec(svc, svc.previousSpec, 'rollback');
    svc.updateStatus = {
      state: 'rollback_started',
      message: `update rolled back due to failure or early termination of task ${taskId}`,
      startedAt: this.world.now,
      completedAt: null,
    };
  }

  serviceRemove(ref: string): Service {
    const svc = this.requireService(ref);
    this.world.removeService(svc);
    this.world.record('service.removed', svc.id, svc.spec.name, null);
    this.manager.orchestrators.serviceRemoved(svc);
    return svc;
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
