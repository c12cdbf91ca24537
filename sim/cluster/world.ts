import { Clock } from '../clock.js';
import { Rng } from '../rng.js';
import { PluginRegistry } from '../engine/registry.js';
import { nextTaskState, type TaskEventType } from '../lifecycle/task.js';
import type { Machine, Network, Service, SwarmNode, Task } from '../model/types.js';
import { stateValue, type TaskState } from '../model/taskState.js';
import type { FailedPass, PlacementDecision } from '../scheduler/decision.js';
import type { SwarmObject } from './swarmObjects.js';
import type { TraceEvent, TraceKind } from './trace.js';

export interface SwarmInfo {
  readonly id: string;
  readonly createdAt: number;
  readonly workerToken: string;
  readonly managerToken: string;
  /** Tasks kept per slot, including the current one (swarm init --task-history-limit). */
  taskHistoryLimit: number;
  leaderNodeId: string;
  /** The rest of the cluster spec that init and update set (swarm.Spec, swarm.ClusterInfo). */
  settings: SwarmSettings;
  /** The overlay driver's next VXLAN ID (handed out serially). */
  nextVxlanId: number;
}

/**
 * Cluster settings swarm init and update take. The simulator acts on the
 * dispatcher's heartbeat period (and taskHistoryLimit above); the others are
 * kept and shown, as docker info shows them.
 */
export interface SwarmSettings {
  readonly heartbeatPeriodMs: number;
  readonly certExpiryMs: number;
  readonly snapshotInterval: number;
  readonly keepOldSnapshots: number;
  readonly externalCAs: readonly { readonly protocol: string; readonly url: string }[];
  readonly defaultAddrPool: readonly string[];
  readonly subnetSize: number;
  readonly dataPathPort: number;
}

/** SwarmKit's defaults (manager/controlapi and moby daemon/cluster/convert/swarm.go). */
export const DEFAULT_SWARM_SETTINGS: SwarmSettings = {
  heartbeatPeriodMs: 5_000,
  certExpiryMs: 90 * 24 * 3_600_000,
  snapshotInterval: 10_000,
  keepOldSnapshots: 0,
  externalCAs: [],
  defaultAddrPool: ['10.0.0.0/8'],
  subnetSize: 24,
  dataPathPort: 4789,
};

/** Components that react to store changes, in SwarmKit's watch-queue style but synchronously. */
export interface WorldListener {
  /** `before`: the observed state the task left, when the change was a move of its state alone. */
  taskChanged?(t: Task, before?: TaskState): void;
  taskDeleted?(t: Task): void;
  nodeChanged?(n: SwarmNode): void;
  nodeRemoved?(n: SwarmNode): void;
}

/**
 * The simulated world: machines with their engines, and the swarm's store
 * (nodes, services, tasks, networks). Every mutation goes through here so
 * that it is traced and every component hears of it.
 */
export class World {
  readonly clock = new Clock();
  readonly rng: Rng;
  /**
   * The docker CLI's own randomness (the order in which it ranges over its
   * Go maps): another process than the daemon, so another source, and what
   * it draws never moves an ID or a tie-break of the cluster.
   */
  readonly cliRng: Rng;
  readonly registry = new PluginRegistry();
  readonly machines = new Map<string, Machine>();
  readonly nodes = new Map<string, SwarmNode>();
  readonly services = new Map<string, Service>();
  readonly tasks = new Map<string, Task>();
  /** Tasks by service: orchestrators ask this on every change, so it must not scan all tasks. */
  private readonly byService = new Map<string, Set<Task>>();
  /**
   * Tasks by service and slot (a global task's slot is its node): the reaper's
   * question, per new task. A slot holds a few tasks (its history), so a list
   * costs less than a set, in time and in memory, per slot of a large service.
   */
  private readonly bySlot = new Map<string, Task[]>();
  /** Services by name: a name must be unique, and every create and look-up by name asks. */
  private readonly serviceNames = new Map<string, Service>();
  readonly networks = new Map<string, Network>();
  /** Swarm secrets and configs by ID (swarmObjects.ts). */
  readonly secrets = new Map<string, SwarmObject>();
  readonly configs = new Map<string, SwarmObject>();
  swarm: SwarmInfo | null = null;
  readonly trace: TraceEvent[] = [];
  /** Large runs can switch tracing off; nothing else depends on it. */
  tracing = true;
  cause = 'command';
  private seq = 0;
  private readonly listeners: WorldListener[] = [];

  constructor(readonly seed: number) {
    this.rng = new Rng(seed);
    this.cliRng = new Rng(`${seed}:cli`);
  }

  get now(): number {
    return this.clock.now;
  }

  listen(l: WorldListener): void {
    this.listeners.push(l);
  }

  /** Every recorded change counts here, traced or not: "did this command change anything?" */
  changes = 0;

  record(kind: TraceKind, subject: string, before: string | null, after: string | null): void {
    this.changes++;
    if (!this.tracing) return;
    this.trace.push({ seq: this.seq++, time: this.clock.now, kind, subject, before, after, cause: this.cause });
  }

  /** Runs `fn` with `cause` as the author of every change it makes. */
  as<T>(cause: string, fn: () => T): T {
    const prev = this.cause;
    this.cause = cause;
    try {
      return fn();
    } finally {
      this.cause = prev;
    }
  }

  // --- tasks ----------------------------------------------------------------

  addTask(t: Task): void {
    this.tasks.set(t.id, t);
    let set = this.byService.get(t.serviceId);
    if (!set) this.byService.set(t.serviceId, (set = new Set()));
    set.add(t);
    this.indexSlot(t);
    this.record('task.created', t.id, null, `${t.status.state}/${t.desiredState}`);
    this.emitTask(t);
  }

  /**
   * Moves a task's observed state through its lifecycle machine. An event the
   * machine refuses is a bug in the caller, so it throws.
   */
  moveTask(t: Task, event: TaskEventType, message: string, err = ''): void {
    const next = nextTaskState(t.status.state, event);
    if (next === null) throw new Error(`task ${t.id}: ${event} not allowed from ${t.status.state}`);
    const before = t.status.state;
    t.status = { state: next, timestamp: this.now, message, err };
    this.record('task.state', t.id, before, next);
    for (const l of this.listeners) l.taskChanged?.(t, before);
  }

  /**
   * Sets a pending task's error without moving it (the scheduler's "no
   * suitable node"), keeping the record of the pass that set it while
   * tracing: each failed pass replaces it, even when the error reads the same.
   */
  setTaskError(t: Task, err: string, pass?: FailedPass): void {
    if (pass && this.tracing) t.lastPass = pass;
    if (t.status.err === err) return;
    const before = t.status.err;
    t.status = { ...t.status, timestamp: this.now, err };
    this.record('task.error', t.id, before || null, err || null);
    this.emitTask(t);
  }

  assignTask(t: Task, nodeId: string, message: string, decision?: PlacementDecision): void {
    // A node-keyed slot moves with its node (global tasks are made on theirs, so rarely).
    const moves = t.slot === 0 && t.nodeId !== nodeId;
    if (moves) this.unindexSlot(t);
    t.nodeId = nodeId;
    if (moves) this.indexSlot(t);
    // Kept on the task itself, so that snapshots carry it at no cost of their own.
    if (decision && this.tracing) t.decision = decision;
    this.record('task.assigned', t.id, null, nodeId);
    this.moveTask(t, 'ASSIGN', message);
  }

  /** Desired state never moves backwards: "time travel is not allowed" (replicated/services.go setTasksDesiredState). */
  setDesired(t: Task, desired: TaskState): boolean {
    if (stateValue(desired) <= stateValue(t.desiredState)) return false;
    const before = t.desiredState;
    t.desiredState = desired;
    this.record('task.desired', t.id, before, desired);
    this.emitTask(t);
    return true;
  }

  deleteTask(t: Task): void {
    if (!this.tasks.delete(t.id)) return;
    this.byService.get(t.serviceId)?.delete(t);
    this.unindexSlot(t);
    this.record('task.removed', t.id, t.status.state, null);
    for (const l of this.listeners) l.taskDeleted?.(t);
  }

  emitTask(t: Task): void {
    for (const l of this.listeners) l.taskChanged?.(t);
  }

  // --- services -------------------------------------------------------------

  addService(s: Service): void {
    this.services.set(s.id, s);
    this.serviceNames.set(s.spec.name, s);
  }

  /** Replaces a service's spec, keeping the name index right should the name change. */
  setServiceSpec(s: Service, spec: Service['spec']): void {
    if (spec.name !== s.spec.name) {
      if (this.serviceNames.get(s.spec.name) === s) this.serviceNames.delete(s.spec.name);
      this.serviceNames.set(spec.name, s);
    }
    s.spec = spec;
  }

  removeService(s: Service): void {
    this.services.delete(s.id);
    if (this.serviceNames.get(s.spec.name) === s) this.serviceNames.delete(s.spec.name);
  }

  clearServices(): void {
    this.services.clear();
    this.serviceNames.clear();
  }

  serviceNamed(name: string): Service | undefined {
    return this.serviceNames.get(name);
  }

  // --- nodes ----------------------------------------------------------------

  emitNode(n: SwarmNode): void {
    n.updatedAt = this.now;
    for (const l of this.listeners) l.nodeChanged?.(n);
  }

  removeNode(n: SwarmNode): void {
    this.nodes.delete(n.id);
    this.record('node.removed', n.id, n.machine, null);
    for (const l of this.listeners) l.nodeRemoved?.(n);
  }

  // --- lookups --------------------------------------------------------------

  machine(name: string): Machine | undefined {
    return this.machines.get(name);
  }

  nodeOf(machine: Machine): SwarmNode | undefined {
    return machine.nodeId ? this.nodes.get(machine.nodeId) : undefined;
  }

  machineOf(node: SwarmNode): Machine {
    return this.machines.get(node.machine)!;
  }

  tasksOfService(serviceId: string): Task[] {
    return [...(this.byService.get(serviceId) ?? [])];
  }

  private indexSlot(t: Task): void {
    const k = slotKey(t);
    const slot = this.bySlot.get(k);
    if (!slot) this.bySlot.set(k, [t]);
    else if (!slot.includes(t)) slot.push(t);
  }

  private unindexSlot(t: Task): void {
    const k = slotKey(t);
    const slot = this.bySlot.get(k);
    const i = slot ? slot.indexOf(t) : -1;
    if (i < 0) return;
    slot!.splice(i, 1);
    if (slot!.length === 0) this.bySlot.delete(k);
  }

  /** The tasks of `t`'s slot, `t` among them (a global service's slot is its node). */
  tasksOfSlot(t: Task): Task[] {
    return [...(this.bySlot.get(slotKey(t)) ?? [])];
  }

  /** How many tasks `t`'s slot holds, `t` among them. */
  slotSize(t: Task): number {
    return this.bySlot.get(slotKey(t))?.length ?? 0;
  }

  /** Forgets every task at once (the last manager left: the swarm's state is gone). */
  clearTasks(): void {
    this.tasks.clear();
    this.byService.clear();
    this.bySlot.clear();
  }

  tasksOnNode(nodeId: string): Task[] {
    const out: Task[] = [];
    for (const t of this.tasks.values()) if (t.nodeId === nodeId) out.push(t);
    return out;
  }
}

/** A task's slot, fixed when it is made: its number, or for a global task (slot 0) its node. */
function slotKey(t: Task): string {
  return t.slot !== 0 ? `${t.serviceId}/${t.slot}` : `${t.serviceId}@${t.nodeId}`;
}
