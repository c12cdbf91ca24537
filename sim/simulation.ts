/**
 * A whole simulated swarm: machines with engines (engine/engines.ts), the
 * agents that run tasks on them (cluster/agent.ts), and one swarm's control
 * plane (manager/: raft leadership, the control API, dispatcher, allocator,
 * orchestrators, scheduler), all on one virtual clock and one seeded RNG.
 * This class is the daemon's API as the docker front end and the scenario
 * runner call it: each method validates first and throws a DockerError with
 * Docker's text before it changes anything.
 */
import { Agents } from './cluster/agent.js';
import { World } from './cluster/world.js';
import { Engines } from './engine/engines.js';
import type { InstallOptions } from './engine/engine.js';
import { DockerError } from './errors.js';
import type { InstalledPlugin, Machine, MachineConfig, Network, NodeAvailability, NodeRole, RegistryPlugin, Service, ServiceSpec, SwarmNode, Task } from './model/types.js';
import { stateGt, stateLe } from './model/taskState.js';
import type { PluginConfigImage } from './engine/pluginConfig.js';
import { ControlApi, type NetworkCreate, type NodeUpdate, type SwarmInitOptions, type SwarmUpdate } from './manager/controlapi.js';
import { Manager } from './manager/manager.js';
import { TIMINGS } from './manager/timings.js';
import type { Scheduler } from './scheduler/scheduler.js';
import type { Updater } from './orchestrator/updater.js';
import type { RestartSupervisor } from './orchestrator/restart.js';

export { TIMINGS } from './manager/timings.js';
export { DEFAULT_MACHINE, ENGINE_VERSION } from './engine/engines.js';
export type { NetworkCreate, NodeUpdate, SwarmInitOptions, SwarmUpdate } from './manager/controlapi.js';

export interface SimulationOptions {
  readonly seed?: number;
  /** Record the trace (default true). Benchmarks may switch it off. */
  readonly tracing?: boolean;
}

/** Failures of one slot within one settle that make it a crash loop. */
export const CRASH_LOOP_FAILURES = 2;
/** A crash loop's settle stops once nothing is due for this long. */
const QUIET_MS = 2_000;

export interface SettleResult {
  readonly settled: boolean;
  readonly elapsedMs: number;
  /** Why it stopped unsettled: a task failing over and over, or the time bound. */
  readonly stopped?: 'crash-loop' | 'time-limit';
}

export class Simulation {
  readonly world: World;
  readonly agents: Agents;
  readonly engines: Engines;
  readonly manager: Manager;
  readonly api: ControlApi;
  /** Engines started since their agent last registered: what they ran was lost with them. */
  private readonly restarted = new Set<Machine>();

  constructor(opts: SimulationOptions = {}) {
    this.world = new World(opts.seed ?? 1);
    this.world.tracing = opts.tracing ?? true;
    const world = this.world;
    this.agents = new Agents(world, (m) => this.manager.dispatcher.engineChanged(m));
    this.manager = new Manager(world, {
      agentRegistered: (m) => {
        if (this.restarted.delete(m)) this.agents.engineStarted(m);
      },
      rollback: (id, taskId) => this.api.rollbackInternal(id, taskId),
    });
    this.engines = new Engines(world, { changed: (m) => this.manager.dispatcher.engineChanged(m) });
    this.api = new ControlApi(world, this.engines, this.manager);
    world.listen({
      taskChanged: (t, before) => {
        this.manager.taskChanged(t, before);
        this.agents.taskChanged(t);
        this.watchCrashLoop(t);
      },
      taskDeleted: (t) => {
        this.manager.taskDeleted(t);
        this.agents.taskDeleted(t);
      },
      nodeChanged: (n) => this.manager.nodeChanged(n),
      nodeRemoved: (n) => this.manager.nodeRemoved(n),
    });
  }

  get now(): number {
    return this.world.now;
  }

  /** The current leader's scheduler (a new leader builds its own from the store). */
  get scheduler(): Scheduler {
    return this.manager.scheduler;
  }

  get updater(): Updater {
    return this.manager.orchestrators.updater;
  }

  get restarts(): RestartSupervisor {
    return this.manager.orchestrators.restarts;
  }

  /** True when every node's description matches its engine. */
  get descriptionsFresh(): boolean {
    return this.manager.dispatcher.descriptionsFresh;
  }

  // --- machines and engines ----------------------------------------------------

  machine(name: string, cfg: Partial<MachineConfig> = {}): Machine {
    return this.engines.machine(name, cfg);
  }

  ensureMachine(name: string): Machine {
    return this.engines.ensureMachine(name);
  }

  requireMachine(name: string): Machine {
    return this.engines.requireMachine(name);
  }

  addRegistryPlugin(p: RegistryPlugin): void {
    this.engines.addRegistryPlugin(p);
  }

  /** `sim$ stop`: the engine stops; its heartbeats stop; a manager's vote goes with it. */
  stopMachine(name: string): void {
    const m = this.engines.requireMachine(name);
    if (!m.running) return;
    m.running = false;
    this.world.record('machine.stopped', name, 'running', 'stopped');
    this.agents.engineStopped(m);
    this.manager.dispatcher.engineStopped(m);
    this.manager.leadershipMayHaveChanged();
  }

  /** `sim$ start`: the engine comes back, its containers gone, and its agent registers again. */
  startMachine(name: string): void {
    const m = this.engines.requireMachine(name);
    if (m.running) return;
    m.running = true;
    this.world.record('machine.started', name, 'stopped', 'running');
    if (this.world.nodeOf(m)) this.restarted.add(m);
    this.manager.leadershipMayHaveChanged();
    this.manager.dispatcher.engineStarted(m);
  }

  pluginInstall(host: string, ref: string, opts: InstallOptions = {}): InstalledPlugin {
    return this.engines.pluginInstall(host, ref, opts);
  }

  pluginCreate(host: string, name: string, image: PluginConfigImage): InstalledPlugin {
    return this.engines.pluginCreate(host, name, image);
  }

  pluginPush(host: string, ref: string): InstalledPlugin {
    return this.engines.pluginPush(host, ref);
  }
  pluginEnable(host: string, ref: string): InstalledPlugin {
    return this.engines.pluginEnable(host, ref);
  }
  pluginDisable(host: string, ref: string, force = false): InstalledPlugin {
    return this.engines.pluginDisable(host, ref, force);
  }
  pluginRemove(host: string, ref: string, force = false): InstalledPlugin {
    return this.engines.pluginRemove(host, ref, force);
  }
  pluginSet(host: string, ref: string, settings: Record<string, string>): InstalledPlugin {
    return this.engines.pluginSet(host, ref, settings);
  }
  pluginUpgrade(host: string, ref: string, remote: string): InstalledPlugin {
    return this.engines.pluginUpgrade(host, ref, remote);
  }
  volumeCreate(host: string, name: string, driver = 'local', options: Record<string, string> = {}, labels: Record<string, string> = {}) {
    return this.engines.volumeCreate(host, name, driver, options, labels);
  }
  volumeRemove(host: string, name: string, force = false): void {
    this.engines.volumeRemove(host, name, force);
  }

  // --- the swarm ----------------------------------------------------------------

  requireManager(host: string): SwarmNode {
    return this.api.requireManager(host);
  }
  swarmInit(host: string, opts: SwarmInitOptions = {}) {
    return this.api.swarmInit(host, opts);
  }

  swarmUpdate(host: string, change: SwarmUpdate): void {
    this.api.swarmUpdate(host, change);
  }
  joinToken(role: NodeRole): string {
    return this.api.joinToken(role);
  }
  swarmJoin(host: string, token: string, addr: string, availability: NodeAvailability = 'active'): NodeRole {
    return this.api.swarmJoin(host, token, addr, availability);
  }
  swarmLeave(host: string, force = false): void {
    this.api.swarmLeave(host, force);
  }
  resolveNode(ref: string): SwarmNode {
    return this.api.resolveNode(ref);
  }
  nodeUpdate(ref: string, u: NodeUpdate): SwarmNode {
    return this.api.nodeUpdate(ref, u);
  }
  nodeRemove(ref: string, force = false): SwarmNode {
    return this.api.nodeRemove(ref, force);
  }
  networkCreate(host: string, req: NetworkCreate): Network {
    return this.api.networkCreate(host, req);
  }
  resolveNetwork(ref: string): Network | undefined {
    return this.api.resolveNetwork(ref);
  }
  networkRemove(host: string, ref: string): Network {
    return this.api.networkRemove(host, ref);
  }
  resolveService(ref: string): Service | undefined {
    return this.api.resolveService(ref);
  }
  requireService(ref: string): Service {
    return this.api.requireService(ref);
  }
  serviceCreate(spec: ServiceSpec, stack: string | null = null): Service {
    return this.api.serviceCreate(spec, stack);
  }
  serviceUpdate(ref: string, next: (spec: ServiceSpec) => ServiceSpec): Service {
    return this.api.serviceUpdate(ref, next);
  }
  serviceScale(ref: string, replicas: number): Service {
    return this.api.serviceScale(ref, replicas);
  }
  serviceRollback(ref: string): Service {
    return this.api.serviceRollback(ref);
  }
  serviceRemove(ref: string): Service {
    return this.api.serviceRemove(ref);
  }
  resolveTask(ref: string): Task | undefined {
    return this.api.resolveTask(ref);
  }

  /** `sim$ fail`: the task's container exits with an error; the agent reports it. */
  failTask(ref: string): Task {
    const t = this.resolveTask(ref);
    if (!t) throw new DockerError(`no such task: ${ref}`, false);
    if (!(stateLe('assigned', t.status.state) && !stateGt(t.status.state, 'running')))
      throw new DockerError(`task ${t.id} is ${t.status.state}, not on a node: nothing to fail`, false);
    this.agents.containerExited(t, 'task: non-zero exit (1)');
    return t;
  }

  // --- time -----------------------------------------------------------------------

  advance(ms: number): void {
    this.world.clock.runUntil(this.now + ms);
  }

  /** Tasks that failed per slot while settling: a slot failing again means a crash loop. */
  private failures: Map<string, Set<string>> | null = null;
  private crashLoop = false;

  private watchCrashLoop(t: Task): void {
    if (!this.failures || (t.status.state !== 'failed' && t.status.state !== 'rejected')) return;
    const key = t.slot !== 0 ? `${t.serviceId}/${t.slot}` : `${t.serviceId}/${t.nodeId}`;
    let failed = this.failures.get(key);
    if (!failed) this.failures.set(key, (failed = new Set()));
    failed.add(t.id);
    if (failed.size >= CRASH_LOOP_FAILURES) this.crashLoop = true;
  }

  /**
   * Runs until nothing but background work is left: node descriptions match
   * their engines, and every task has reached its desired state or waits,
   * pending, with an error. Bounded, so that nothing loops forever: a slot
   * that fails a second time while settling is a crash loop, which never
   * settles, and settling stops there (as a user watching it would), as it
   * does past `limitMs` of virtual time.
   */
  settle(limitMs: number = TIMINGS.settleLimitMs): SettleResult {
    const clock = this.world.clock;
    const start = this.now;
    let steps = 0;
    this.failures = new Map();
    this.crashLoop = false;
    try {
      while (!clock.idle) {
        const t = clock.peekTime();
        // Stop at the loop's next quiet moment (its replacement waiting out the restart delay), not mid-step.
        if (this.crashLoop && (t === undefined || t - this.now >= QUIET_MS)) return { settled: false, elapsedMs: this.now - start, stopped: 'crash-loop' };
        if (t === undefined || t - start > limitMs || steps > 5_000_000) return { settled: false, elapsedMs: this.now - start, stopped: 'time-limit' };
        clock.step();
        steps++;
      }
      return { settled: true, elapsedMs: this.now - start };
    } finally {
      this.failures = null;
    }
  }
}
