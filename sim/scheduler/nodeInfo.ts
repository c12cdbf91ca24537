import type { PortConfig, SwarmNode, Task } from '../model/types.js';
import { stateLe } from '../model/taskState.js';
import type { NodeList } from './decision.js';

/** How long failures count against a node, and how many push it back (nodeinfo.go). */
export const MONITOR_FAILURES_MS = 5 * 60 * 1000;
export const MAX_FAILURES = 5;

/**
 * What one task holds on the node it was placed on, as the scheduler last saw
 * it. The record itself says where it is held and whether it counts as active,
 * so a node needs no map of its tasks: adding, re-adding and removing are
 * O(1) updates of counts, with no look-up by task ID on the hot path.
 */
export class Holding {
  /** The node this task is counted on, if any. */
  node: NodeInfo | null = null;
  /** Counted in the active totals: desired state <= COMPLETE (nodeinfo.go). */
  active = false;
  readonly serviceId: string;
  readonly nanoCPUs: number;
  readonly memoryBytes: number;
  readonly hostPorts: readonly PortConfig[];

  constructor(t: Task) {
    this.serviceId = t.serviceId;
    this.nanoCPUs = t.spec.reservations.nanoCPUs;
    this.memoryBytes = t.spec.reservations.memoryBytes;
    this.hostPorts = t.hostPorts.length === 0 ? NO_PORTS : t.hostPorts.filter(isHostPort);
  }
}

const NO_PORTS: readonly PortConfig[] = [];
const portKey = (p: PortConfig): string => `${p.protocol}/${p.publishedPort}`;
const isHostPort = (p: PortConfig): boolean => p.publishMode === 'host' && p.publishedPort !== 0;
const isActive = (t: Task): boolean => stateLe(t.desiredState, 'complete');

/**
 * The scheduler's bookkeeping for one node (swarmkit manager/scheduler/nodeinfo.go):
 * active counts (desired <= COMPLETE), in all and per service, free
 * resources, used host ports and recent failures per (service, spec version).
 */
export class NodeInfo {
  activeTasksCount = 0;
  readonly activeByService = new Map<string, number>();
  availableCPUs: number;
  availableMemory: number;
  /** What the held tasks reserve, so a description update recomputes what is free without visiting them. */
  private reservedCPUs = 0;
  private reservedMemory = 0;
  readonly usedHostPorts = new Set<string>();
  private readonly recentFailures = new Map<string, number[]>();
  /** Position in the scheduler's node order: stands in for Go's map order. */
  order = 0;
  /** Position in the frame of recorded decisions (decision.ts NodeFrame), while one is kept. */
  frameIndex = 0;
  /** This node alone as a recorded decision lists it (decision.ts), made once. */
  listed: NodeList | null = null;
  /** Told when active counts change (by one task more or less), so an index and a ledger can follow. */
  onCounts: ((n: NodeInfo, by: number) => void) | null = null;

  constructor(public node: SwarmNode) {
    this.availableCPUs = node.description?.resources.nanoCPUs ?? 0;
    this.availableMemory = node.description?.resources.memoryBytes ?? 0;
  }

  get id(): string {
    return this.node.id;
  }

  /** The last service asked about and its count: a pass asks about one service over and over (buildTree, nodeLess, its record). */
  private askedService = '';
  private askedCount = 0;

  tasksOfService(serviceId: string): number {
    if (serviceId === this.askedService) return this.askedCount;
    this.askedService = serviceId;
    return (this.askedCount = this.activeByService.get(serviceId) ?? 0);
  }

  /** Re-reads the node's resources after a description update (scheduler.go createOrUpdateNode). */
  refresh(node: SwarmNode): void {
    this.node = node;
    this.availableCPUs = (node.description?.resources.nanoCPUs ?? 0) - this.reservedCPUs;
    this.availableMemory = (node.description?.resources.memoryBytes ?? 0) - this.reservedMemory;
  }

  private bump(serviceId: string, by: number): void {
    this.activeTasksCount += by;
    const own = (this.activeByService.get(serviceId) ?? 0) + by;
    if (own === 0) this.activeByService.delete(serviceId);
    else this.activeByService.set(serviceId, own);
    if (serviceId === this.askedService) this.askedCount = own;
    this.onCounts?.(this, by);
  }

  /**
   * Counts a task here, or updates it if it is already counted here (nodeinfo.go
   * addTask); a holding counted on another node moves. True if anything changed.
   */
  hold(h: Holding, t: Task): boolean {
    const active = isActive(t);
    if (h.node === this) {
      if (h.active === active) return false;
      h.active = active;
      this.bump(h.serviceId, active ? 1 : -1);
      return true;
    }
    h.node?.release(h);
    h.node = this;
    h.active = active;
    this.reservedCPUs += h.nanoCPUs;
    this.reservedMemory += h.memoryBytes;
    this.availableCPUs -= h.nanoCPUs;
    this.availableMemory -= h.memoryBytes;
    for (const p of h.hostPorts) this.usedHostPorts.add(portKey(p));
    if (active) this.bump(h.serviceId, 1);
    return true;
  }

  /** Stops counting a task held here; true if it was (nodeinfo.go removeTask). */
  release(h: Holding): boolean {
    if (h.node !== this) return false;
    h.node = null;
    if (h.active) this.bump(h.serviceId, -1);
    h.active = false;
    for (const p of h.hostPorts) this.usedHostPorts.delete(portKey(p));
    this.reservedCPUs -= h.nanoCPUs;
    this.reservedMemory -= h.memoryBytes;
    this.availableCPUs += h.nanoCPUs;
    this.availableMemory += h.memoryBytes;
    return true;
  }

  /** Counts a task seen once, outside a scheduler (explanations rebuild nodes from a snapshot). */
  addTask(t: Task): void {
    this.hold(new Holding(t), t);
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
    c.activeTasksCount = this.activeTasksCount;
    for (const [k, v] of this.activeByService) c.activeByService.set(k, v);
    c.availableCPUs = this.availableCPUs;
    c.availableMemory = this.availableMemory;
    c.reservedCPUs = this.reservedCPUs;
    c.reservedMemory = this.reservedMemory;
    for (const p of this.usedHostPorts) c.usedHostPorts.add(p);
    for (const [k, v] of this.recentFailures) c.recentFailures.set(k, [...v]);
    c.order = this.order;
    return c;
  }
}
