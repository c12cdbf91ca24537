import type { PortConfig, SwarmNode, Task } from '../model/types.js';
import { stateLe, type TaskState } from '../model/taskState.js';

/** How long failures count against a node, and how many push it back (nodeinfo.go). */
export const MONITOR_FAILURES_MS = 5 * 60 * 1000;
export const MAX_FAILURES = 5;

/** The scheduler's view of one task on a node, as of the last event it saw. */
interface TrackedTask {
  readonly serviceId: string;
  readonly desired: TaskState;
  readonly nanoCPUs: number;
  readonly memoryBytes: number;
  readonly hostPorts: readonly PortConfig[];
}

const NO_PORTS: readonly PortConfig[] = [];
const portKey = (p: PortConfig): string => `${p.protocol}/${p.publishedPort}`;
const isHostPort = (p: PortConfig): boolean => p.publishMode === 'host' && p.publishedPort !== 0;

/**
 * The scheduler's bookkeeping for one node (swarmkit manager/scheduler/nodeinfo.go):
 * tasks that hold it, active counts (desired <= COMPLETE), free resources,
 * used host ports and recent failures per (service, spec version).
 */
export class NodeInfo {
  readonly tasks = new Map<string, TrackedTask>();
  activeTasksCount = 0;
  readonly activeByService = new Map<string, number>();
  availableCPUs: number;
  availableMemory: number;
  readonly usedHostPorts = new Set<string>();
  private readonly recentFailures = new Map<string, number[]>();
  /** Position in the scheduler's node order: stands in for Go's map order. */
  order = 0;
  /** Told when active counts change, so an index can follow. */
  onCounts: ((n: NodeInfo) => void) | null = null;

  constructor(public node: SwarmNode) {
    this.availableCPUs = node.description?.resources.nanoCPUs ?? 0;
    this.availableMemory = node.description?.resources.memoryBytes ?? 0;
  }

  get id(): string {
    return this.node.id;
  }

  tasksOfService(serviceId: string): number {
    return this.activeByService.get(serviceId) ?? 0;
  }

  /** Re-reads the node's resources after a description update (scheduler.go createOrUpdateNode). */
  refresh(node: SwarmNode): void {
    this.node = node;
    let cpu = node.description?.resources.nanoCPUs ?? 0;
    let mem = node.description?.resources.memoryBytes ?? 0;
    for (const t of this.tasks.values()) {
      cpu -= t.nanoCPUs;
      mem -= t.memoryBytes;
    }
    this.availableCPUs = cpu;
    this.availableMemory = mem;
  }

  private bump(serviceId: string, by: number): void {
    this.activeTasksCount += by;
    const own = (this.activeByService.get(serviceId) ?? 0) + by;
    if (own === 0) this.activeByService.delete(serviceId);
    else this.activeByService.set(serviceId, own);
    this.onCounts?.(this);
  }

  /** Adds or updates a task; true if anything changed (nodeinfo.go addTask). */
  addTask(t: Task): boolean {
    const old = this.tasks.get(t.id);
    const active = stateLe(t.desiredState, 'complete');
    if (old) {
      const wasActive = stateLe(old.desired, 'complete');
      if (active === wasActive) return false;
      this.tasks.set(t.id, { ...old, desired: t.desiredState });
      this.bump(t.serviceId, active ? 1 : -1);
      return true;
    }
    const tracked: TrackedTask = {
      serviceId: t.serviceId,
      desired: t.desiredState,
      nanoCPUs: t.spec.reservations.nanoCPUs,
      memoryBytes: t.spec.reservations.memoryBytes,
      hostPorts: t.hostPorts.length === 0 ? NO_PORTS : t.hostPorts.filter(isHostPort),
    };
    this.tasks.set(t.id, tracked);
    this.availableCPUs -= tracked.nanoCPUs;
    this.availableMemory -= tracked.memoryBytes;
    for (const p of tracked.hostPorts) this.usedHostPorts.add(portKey(p));
    if (active) this.bump(t.serviceId, 1);
    return true;
  }

  /** Removes a task; true if it was tracked here (nodeinfo.go removeTask). */
  removeTask(taskId: string): boolean {
    const old = this.tasks.get(taskId);
    if (!old) return false;
    this.tasks.delete(taskId);
    if (stateLe(old.desired, 'complete')) this.bump(old.serviceId, -1);
    for (const p of old.hostPorts) this.usedHostPorts.delete(portKey(p));
    this.availableCPUs += old.nanoCPUs;
    this.availableMemory += old.memoryBytes;
    return true;
  }

  hostPortUsed(p: PortConfig): boolean {
    return this.usedHostPorts.has(portKey(p));
  }

  taskFailed(now: number, serviceId: string, specVersion: number): void {
    const key = `${serviceId}@${specVersion}`;
    const list = (this.recentFailures.get(key) ?? []).filter((ts) => now - ts < MONITOR_FAILURES_MS);
    list.push(now);
    this.recentFailures.set(key, list);
  }

  countRecentFailures(now: number, serviceId: string, specVersion: number): number {
    if (this.recentFailures.size === 0) return 0;
    const list = this.recentFailures.get(`${serviceId}@${specVersion}`);
    if (!list) return 0;
    let n = 0;
    for (const ts of list) if (now - ts < MONITOR_FAILURES_MS) n++;
    return n;
  }

  /** A copy for what-if evaluation (explanations), never shared with the live scheduler. */
  clone(): NodeInfo {
    const c = new NodeInfo(this.node);
    for (const [id, t] of this.tasks) c.tasks.set(id, t);
    c.activeTasksCount = this.activeTasksCount;
    for (const [k, v] of this.activeByService) c.activeByService.set(k, v);
    c.availableCPUs = this.availableCPUs;
    c.availableMemory = this.availableMemory;
    for (const p of this.usedHostPorts) c.usedHostPorts.add(p);
    for (const [k, v] of this.recentFailures) c.recentFailures.set(k, [...v]);
    c.order = this.order;
    return c;
  }
}
