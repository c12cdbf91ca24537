import type { Rng } from '../rng.js';
import type { Service, SpreadPreference, SwarmNode, Task } from '../model/types.js';
import { stateGt, stateLt, stateValue, type TaskState } from '../model/taskState.js';
import { buildTree, spreadValue, type DecisionTree, type NodeLess } from './decisionTree.js';
import { GoMap } from './goMap.js';
import { NodeIndex, type PluginClass } from './nodeIndex.js';
import { Holding, MAX_FAILURES, NodeInfo } from './nodeInfo.js';
import { Pipeline } from './pipeline.js';
import {
  LEDGER_SEGMENT,
  nodeFrame,
  nodeList,
  readsHeld,
  recordFramed,
  recordListed,
  type CountLedger,
  type FailedPass,
  type GroupRecord,
  type NodeFrame,
  type NodeList,
  type PassFields,
  type PlacementDecision,
} from './decision.js';

/** What the scheduler decided for a task; the cluster writes it to the store. */
export type Decision =
  | { readonly kind: 'assign'; readonly task: Task; readonly nodeId: string; readonly message: string; readonly record?: PlacementDecision }
  | { readonly kind: 'error'; readonly task: Task; readonly err: string; readonly record?: FailedPass }
  | { readonly kind: 'shutdown'; readonly task: Task };

export interface SchedulerEnv {
  now(): number;
  readonly rng: Rng;
  service(id: string): Service | undefined;
  /** Applies a decision if it changes the task (scheduler.go applySchedulingDecisions). */
  commit(d: Decision): void;
  /** Up to this many nodes, groups go through the decision tree (default SMALL_SWARM); tests set 0 to exercise the index. */
  readonly smallSwarm?: number;
  /** Record each decision (decision.ts) on the assign it causes (default true). */
  readonly recordDecisions?: boolean;
}

/**
 * What the scheduler knows of a task (scheduler.go allTasks): the version it
 * last saw, and what it holds on a node. One record per task, updated in
 * place, so that following a task costs one look-up by ID per event.
 */
interface Seen {
  task: Task;
  state: TaskState;
  nodeId: string;
  holding: Holding | null;
}

/** The tasks of one group still to place, consumed from the front. */
interface Queue {
  readonly items: Seen[];
  next: number;
}

export const ASSIGNED_MESSAGE = 'scheduler assigned task to node';
export const PREASSIGNED_MESSAGE = 'scheduler confirmed task can run on preassigned node';

/**
 * SwarmKit's scheduler (manager/scheduler/scheduler.go), event for event:
 * it tracks tasks from PENDING to RUNNING, keeps a NodeInfo per node, and on
 * each pass confirms pre-assigned tasks, then schedules unassigned tasks in
 * groups of (service, spec version).
 *
 * Ties: upstream ranges over Go maps (the node set, the unassigned tasks,
 * the task groups, a group's tasks, a spread level's branches), and which
 * node wins a tie, or which task goes to which node, follows their order.
 * Those maps are modelled by GoMap (goMap.ts), seeded, so each seed is one
 * outcome the real scheduler produces, with the odds it produces it: in a
 * swarm of up to 8 nodes the first to join wins most ties, as on real
 * engines. A large swarm (more than SMALL_SWARM nodes) finds its best nodes
 * through the index instead, whose scans start at seeded random points: Go
 * iterates a map of many buckets in an order that is random too.
 */
export class Scheduler {
  private readonly nodes = new Map<string, NodeInfo>();
  private order: NodeInfo[] = [];
  /** nodeset.go ns.nodes: its iteration order decides ties. */
  private readonly nodeIds: GoMap<string>;
  private readonly seen = new Map<string, Seen>();
  /** scheduler.go unassignedTasks: the map, whose order decides which task of a group goes where. */
  private readonly queued: GoMap<string>;
  private readonly unassigned = new Map<string, Seen>();
  private readonly preassigned = new Set<string>();
  private readonly pendingPreassigned = new Map<string, Task>();
  private readonly pipeline = new Pipeline();
  private readonly index = new NodeIndex();
  /** Nodes with recent failures per (service, spec version): the only ones nodeLess can push back. */
  private readonly failing = new Map<string, Set<NodeInfo>>();
  private tickRequired = false;
  /** Counters for benchmarks and tests. */
  readonly stats = { ticks: 0, groups: 0, filterChecks: 0 };

  private readonly recording: boolean;
  /** The record of the group being scheduled, when recording. */
  private current: GroupRecord | null = null;

  constructor(private readonly env: SchedulerEnv) {
    this.nodeIds = new GoMap(env.rng);
    this.queued = new GoMap(env.rng);
    this.recording = env.recordDecisions ?? true;
  }

  nodeInfo(id: string): NodeInfo | undefined {
    return this.nodes.get(id);
  }

  allNodeInfos(): readonly NodeInfo[] {
    return this.order;
  }

  /** Whether a pass would do anything. */
  get wantsPass(): boolean {
    return this.tickRequired || this.pendingPreassigned.size > 0;
  }

  // --- store events -------------------------------------------------------

  nodeChanged(node: SwarmNode): void {
    let info = this.nodes.get(node.id);
    if (info) info.refresh(node);
    else {
      info = new NodeInfo(node);
      info.onCounts = (n, by) => {
        this.index.countsChanged(n);
        const l = this.ledger;
        if (l !== null) {
          l.changes.push(n.frameIndex * 2 + (by > 0 ? 1 : 0));
          if (l.changes.length >= LEDGER_SEGMENT) this.ledger = null;
        }
      };
      this.order.push(info);
      this.nodeIds.set(node.id);
      this.nodes.set(node.id, info);
    }
    this.index.upsert(info);
    this.frame = null;
    this.ledger = null;
    this.tickRequired = true;
  }

  nodeRemoved(id: string): void {
    const n = this.nodes.get(id);
    if (!n) return;
    this.nodes.delete(id);
    this.nodeIds.delete(id);
    this.index.remove(n);
    this.order = this.order.filter((x) => x !== n);
    this.frame = null;
    this.ledger = null;
  }

  /** A task was created or changed (scheduler.go createTask/updateTask). */
  taskChanged(t: Task): void {
    const state = t.status.state;
    if (stateLt(state, 'pending')) return;
    const old = this.seen.get(t.id);
    if (stateGt(state, 'running')) {
      if (!old) return;
      if (state !== old.state && (state === 'failed' || state === 'rejected') && !this.preassigned.has(t.id)) {
        const info = this.nodes.get(t.nodeId);
        if (info) {
          info.taskFailed(this.env.now(), t.serviceId, t.specVersion);
          const key = `${t.serviceId}@${t.specVersion}`;
          let set = this.failing.get(key);
          if (!set) this.failing.set(key, (set = new Set()));
          set.add(info);
        }
      }
      this.deleteTask(t.id);
      this.tickRequired = true;
      return;
    }
    if (t.nodeId === '') {
      // updateTask + enqueue: the task keeps its place in unassignedTasks.
      if (old) this.deleteTask(t.id, true);
      const rec: Seen = { task: t, state, nodeId: '', holding: null };
      this.seen.set(t.id, rec);
      this.enqueue(rec);
      this.tickRequired = true;
      return;
    }
    if (state === 'pending') {
      if (old) this.deleteTask(t.id);
      this.preassigned.add(t.id);
      this.seen.set(t.id, { task: t, state, nodeId: t.nodeId, holding: null });
      this.pendingPreassigned.set(t.id, t);
      return;
    }
    this.holdOn(this.record(t, state, old), t);
  }

  /** The task's record, now at `state` on its node; created if the task is new here. */
  private record(t: Task, state: TaskState, rec = this.seen.get(t.id)): Seen {
    if (!rec) this.seen.set(t.id, (rec = { task: t, state, nodeId: t.nodeId, holding: null }));
    rec.task = t;
    rec.state = state;
    rec.nodeId = t.nodeId;
    return rec;
  }

  /** Counts a tracked task on the node it names (and off any other). */
  private holdOn(rec: Seen, t: Task): void {
    const held = rec.holding?.node;
    if (held && held.id === t.nodeId) {
      held.hold(rec.holding!, t);
      return;
    }
    const info = this.nodes.get(t.nodeId);
    if (info) info.hold((rec.holding ??= new Holding(t)), t);
    else if (held) held.release(rec.holding!);
  }

  taskDeleted(t: Task): void {
    if (this.deleteTask(t.id)) this.tickRequired = true;
  }

  private enqueue(rec: Seen): void {
    this.unassigned.set(rec.task.id, rec);
    this.queued.set(rec.task.id);
  }

  private deleteTask(id: string, keepQueued = false): boolean {
    const rec = this.seen.get(id);
    this.seen.delete(id);
    this.preassigned.delete(id);
    this.pendingPreassigned.delete(id);
    if (!keepQueued) {
      this.unassigned.delete(id);
      this.queued.delete(id);
    }
    const h = rec?.holding;
    return h?.node?.release(h) ?? false;
  }

  // --- a scheduling pass --------------------------------------------------

  /** One debounced pass: pre-assigned tasks first, then a tick if one is required. */
  pass(): void {
    if (this.pendingPreassigned.size > 0) this.processPreassigned();
    if (this.tickRequired) {
      this.tickRequired = false;
      this.tick();
    }
  }

  private processPreassigned(): void {
    const decisions: Decision[] = [];
    for (const t of [...this.pendingPreassigned.values()]) {
      const info = this.nodes.get(t.nodeId);
      if (!info) continue;
      if (stateGt(t.desiredState, 'complete')) {
        // Never started and no longer wanted: it holds nothing, so it just shuts down.
        decisions.push({ kind: 'shutdown', task: t });
        this.pendingPreassigned.delete(t.id);
        continue;
      }
      this.pipeline.setTask(t);
      if (!this.pipeline.process(info)) {
        // The bare explanation: "missing plugin on 1 node".
        const err = this.pipeline.explain();
        let failed: FailedPass | undefined;
        if (this.recording) {
          const group = recordListed(this.pass_('preassigned', t, 1, NO_PREFS), this.listOf([info]), [info], this.pipeline.enabledFilters());
          group.summary = err;
          failed = { group, err };
        }
        decisions.push({ kind: 'error', task: t, err, record: failed });
        continue;
      }
      let record: PlacementDecision | undefined;
      if (this.recording) {
        const group = recordListed(this.pass_('preassigned', t, 1, NO_PREFS), this.listOf([info]), [info], this.pipeline.enabledFilters());
        group.assignments.push(info.id);
        record = { group, index: 0, nodeId: info.id, message: PREASSIGNED_MESSAGE };
      }
      decisions.push({ kind: 'assign', task: t, nodeId: t.nodeId, message: PREASSIGNED_MESSAGE, record });
      this.pendingPreassigned.delete(t.id);
      // Count it now, so the next pre-assigned task sees the node as it will be (scheduler.go taskFitNode).
      this.holdOn(this.record(t, 'assigned'), t);
    }
    for (const d of decisions) this.env.commit(d);
  }

  private tick(): void {
    this.stats.ticks++;
    const rng = this.env.rng;
    // scheduler.go tick: range over unassignedTasks, grouping by (service, spec version)
    // into a fresh map of fresh maps, deleting each task from the queue as it goes.
    const groups = new GoMap<string>(rng);
    const members = new Map<string, Group>();
    for (const id of this.queued.keys()) {
      const rec = this.unassigned.get(id);
      this.queued.delete(id);
      this.unassigned.delete(id);
      if (!rec || rec.task.nodeId !== '') continue;
      const t = rec.task;
      const key = `${t.serviceId}@${t.specVersion}`;
      let g = members.get(key);
      if (!g) {
        members.set(key, (g = new Group(rng)));
        groups.set(key);
      }
      g.add(rec);
    }
    const decisions: Decision[] = [];
    for (const key of groups.keys()) this.scheduleGroup(members.get(key)!, decisions);
    for (const d of decisions) this.env.commit(d);
  }

  /** nodeLess of scheduler.go scheduleTaskGroup: failures, then this service's tasks, then all tasks. */
  nodeLessFor(serviceId: string, specVersion: number): NodeLess {
    const now = this.env.now();
    return (a, b) => nodeLess(a, b, now, serviceId, specVersion);
  }

  // The group being scheduled, read by `less` and `meets`: two functions made
  // once rather than two closures per group, which a run of 100,000
  // single-task services would otherwise allocate.
  private group = { now: 0, serviceId: '', specVersion: 0 };
  private readonly less: NodeLess = (a, b) => nodeLess(a, b, this.group.now, this.group.serviceId, this.group.specVersion);
  private readonly meets = (n: NodeInfo): boolean => {
    this.stats.filterChecks++;
    return this.pipeline.process(n);
  };

  /** Nodes in the order one `range ns.nodes` visits them. */
  private rangeNodes(): NodeInfo[] {
    return this.nodeIds.keys().map((id) => this.nodes.get(id)!);
  }

  private scheduleGroup(group: Group, decisions: Decision[]): void {
    this.stats.groups++;
    const t = group.any().task;
    const size = group.size;
    this.pipeline.setTask(t);
    this.group.now = this.env.now();
    this.group.serviceId = t.serviceId;
    this.group.specVersion = t.specVersion;
    const less = this.less;
    const meets = this.meets;
    const prefs = t.spec.placement.preferences;
    const spreads = prefs.length > 0 && this.order.length > 0 && prefs.some((p) => spreadValue(p.spread, this.order[0]) !== null);
    const treePrefs = spreads ? prefs : NO_PREFS;
    if (spreads || this.order.length <= (this.env.smallSwarm ?? SMALL_SWARM)) {
      // nodeset.go tree: the decision tree itself (a single leaf without spread preferences).
      const range = this.rangeNodes();
      const tree = buildTree(range, t.serviceId, treePrefs, size, meets, less, this.env.rng);
      if (this.recording) {
        // Every node's verdicts; past SMALL_SWARM nodes (a spread) the keys only. The tree's root
        // counted this service's tasks on every node: none anywhere, and the record keeps no counts of it.
        const full = this.order.length <= (this.env.smallSwarm ?? SMALL_SWARM);
        this.current = this.recordNow(t, size, treePrefs, tree.tasks, full);
      }
      this.scheduleOnSubtree(size, group, tree, decisions, less, meets);
    } else {
      const nodes = this.bestNodes(t, size, less, meets);
      if (this.recording) this.current = recordListed(this.pass_('group', t, size, NO_PREFS), this.listOf(nodes), nodes, null);
      if (nodes.length > 0) this.scheduleOnNodes(size, group, nodes, decisions, less, meets);
    }
    const placed = this.current;
    this.current = null;
    if (placed && this.pipeline.counted()) placed.summary = this.pipeline.explain();
    if (group.size > 0) {
      // What the tasks left pending saw: every node's verdicts as the pass gave up, whatever the swarm's size.
      let failed: FailedPass | null = null;
      if (this.recording) {
        const rec = this.recordNow(t, group.size, treePrefs, -1, true);
        rec.summary = this.pipeline.explain();
        failed = { group: rec, err: rec.summary ? `no suitable node (${rec.summary})` : 'no suitable node' };
      }
      this.noSuitableNode(group, decisions, failed);
    }
  }

  /**
   * A frame-based record of the nodes as they are now (decision.ts). The
   * frame and ledger are made here when missing and shared until a node
   * changes. `serviceTasks`: this service's tasks on all nodes, -1 to count them.
   */
  private recordNow(t: Task, size: number, prefs: readonly SpreadPreference[], serviceTasks: number, full: boolean): GroupRecord {
    let frame = this.frame;
    if (frame === null) {
      frame = this.frame = nodeFrame(this.order);
      this.order.forEach((n, i) => (n.frameIndex = i));
    }
    let ledger = this.ledger;
    if (ledger === null || ledger.frame !== frame) ledger = this.ledger = { frame, base: this.order.map((n) => n.activeTasksCount), changes: [] };
    if (serviceTasks < 0) serviceTasks = this.order.some((n) => n.tasksOfService(t.serviceId) > 0) ? 1 : 0;
    const failing = this.failing.size > 0 ? this.failing.get(`${t.serviceId}@${t.specVersion}`) : undefined;
    const pass = this.pass_('group', t, size, prefs);
    const held = full && readsHeld(pass.filters) ? this.pipeline.enabledFilters() : null;
    return recordFramed(pass, ledger, this.order, serviceTasks, failing, full, held);
  }

  /** The pass being recorded: one object, reused, whose fields each record copies. */
  private readonly passFields: { -readonly [K in keyof PassFields]: PassFields[K] } = {
    kind: 'group',
    time: 0,
    serviceId: '',
    specVersion: 0,
    size: 0,
    filters: NO_NAMES as PassFields['filters'],
    preferences: NO_NAMES,
    nodeCount: 0,
  };

  private pass_(kind: GroupRecord['kind'], t: Task, size: number, prefs: readonly SpreadPreference[]): PassFields {
    const p = this.passFields;
    p.kind = kind;
    p.time = this.env.now();
    p.serviceId = t.serviceId;
    p.specVersion = t.specVersion;
    p.size = size;
    p.filters = this.pipeline.enabledNames();
    p.preferences = prefs.length === 0 ? NO_NAMES : prefs.map((x) => x.spread);
    p.nodeCount = this.order.length;
    return p;
  }

  /** The nodes the index found, listed; one node's list is made once and kept on it. */
  private listOf(nodes: NodeInfo[]): NodeList {
    if (nodes.length !== 1) return nodeList(nodes);
    return (nodes[0].listed ??= nodeList(nodes));
  }

  /** The nodes as recorded passes saw them, and their counts: shared until a node joins, leaves or changes. */
  private frame: NodeFrame | null = null;
  private ledger: CountLedger | null = null;

  /**
   * The best `k` nodes that pass the filters, best first: what the decision
   * tree's single leaf would hold (nodeset.go tree with no preferences), found
   * through the index. Nodes without this service's tasks come first, by
   * active task count; then nodes with some, by their counts; then nodes with
   * too many recent failures. When fewer than `k` pass, every node has been
   * run through the pipeline, as upstream, so the explanation counts agree.
   */
  private bestNodes(t: Task, k: number, less: NodeLess, meets: (n: NodeInfo) => boolean): NodeInfo[] {
    const now = this.env.now();
    const rng = this.env.rng;
    let penalised: Set<NodeInfo> | null = null;
    const failing = this.failing.size > 0 ? this.failing.get(`${t.serviceId}@${t.specVersion}`) : undefined;
    if (failing)
      for (const n of failing)
        if (this.nodes.get(n.id) === n && n.countRecentFailures(now, t.serviceId, t.specVersion) >= MAX_FAILURES) (penalised ??= new Set()).add(n);
    const pluginOn = this.pipeline.isEnabled('Plugin');
    // Reused between groups: a run of single-task services would otherwise allocate these per task.
    const passing = this.passing;
    const refused = this.refused;
    passing.length = 0;
    refused.length = 0;
    let maxCount = 0;
    let minCount = Infinity;
    for (const cls of this.index.allClasses()) {
      if (!pluginOn || this.pipeline.checkOnly('Plugin', cls.representative)) {
        passing.push(cls);
        if (cls.buckets.length > maxCount) maxCount = cls.buckets.length;
        if (cls.lowest < minCount) minCount = cls.lowest;
      } else refused.push(cls);
    }
    // Classes are visited from a seeded offset (the rotation of Go's map order).
    const nClasses = passing.length;
    const first = nClasses < 2 ? 0 : rng.int(nClasses);
    const svc = t.serviceId;
    const out: NodeInfo[] = [];
    // 1. nodes without this service's tasks, fewest active tasks first
    scan: for (let c = minCount; c < maxCount; c++) {
      for (let j = 0; j < nClasses; j++) {
        const bucket = passing[(first + j) % nClasses].buckets[c];
        const len = bucket ? bucket.size : 0;
        if (len === 0) continue;
        const start = rng.int(len);
        for (let i = 0; i < len; i++) {
          const n = bucket.at_((start + i) % len);
          if (n.tasksOfService(svc) > 0 || penalised?.has(n)) continue;
          if (meets(n)) {
            out.push(n);
            if (out.length >= k) break scan;
          }
        }
      }
    }
    if (out.length >= k) return out;
    const inPassing = (n: NodeInfo): boolean => !pluginOn || this.classFor(n, passing) !== undefined;
    const byLess = (a: NodeInfo, b: NodeInfo): number => (less(a, b) ? -1 : less(b, a) ? 1 : 0);
    // 2. nodes that already run some of this service, then 3. those with too many recent failures
    // Rare (a service scaling up where every node already has some): a full scan is fine.
    const later = this.order.filter((n) => n.tasksOfService(svc) > 0 && !penalised?.has(n) && inPassing(n)).sort(byLess);
    if (penalised) later.push(...[...penalised].filter(inPassing).sort(byLess));
    for (const n of later) {
      if (meets(n)) {
        out.push(n);
        if (out.length >= k) return out;
      }
    }
    // Fewer than k: upstream has run every node through the pipeline; so do we, for the counts.
    for (const cls of refused) for (const b of cls.buckets) if (b) for (const n of b) meets(n);
    return out;
  }

  private readonly passing: PluginClass[] = [];
  private readonly refused: PluginClass[] = [];

  private classFor(n: NodeInfo, passing: PluginClass[]): PluginClass | undefined {
    return passing.find((c) => c.buckets[n.activeTasksCount]?.has(n));
  }

  private scheduleOnSubtree(
    n: number,
    group: Group,
    tree: DecisionTree,
    decisions: Decision[],
    less: NodeLess,
    meets: (n: NodeInfo) => boolean,
  ): number {
    if (!tree.next) {
      const nodes = tree.orderedNodes(meets);
      if (nodes.length === 0) return 0;
      return this.scheduleOnNodes(n, group, nodes, decisions, less, meets);
    }
    // Split n among branches so that their task counts even out (scheduler.go scheduleNTasksOnSubtree);
    // every pass ranges over the branches' map afresh.
    const branchCount = tree.next.size;
    let scheduled = 0;
    let usable = tree.tasks;
    const noRoom = new Set<DecisionTree>();
    let converging = true;
    while (scheduled !== n && noRoom.size !== branchCount && converging) {
      const k = branchCount - noRoom.size;
      const desired = Math.floor((usable + n - scheduled) / k);
      let remainder = (usable + n - scheduled) % k;
      converging = false;
      for (const sub of tree.rangeNext()) {
        if (noRoom.has(sub)) continue;
        const subTasks = sub.tasks;
        if (subTasks < desired || (subTasks === desired && remainder > 0)) {
          converging = true;
          let want = desired - subTasks;
          if (remainder > 0) want++;
          const got = this.scheduleOnSubtree(want, group, sub, decisions, less, meets);
          if (got < want) {
            noRoom.add(sub);
            usable -= subTasks;
          } else if (remainder > 0) remainder--;
          scheduled += got;
        }
      }
    }
    return scheduled;
  }

  /** First pass evens out this service's counts, then round-robin (scheduler.go scheduleNTasksOnNodes). */
  private scheduleOnNodes(
    n: number,
    group: Group,
    nodes: NodeInfo[],
    decisions: Decision[],
    less: NodeLess,
    meets: (n: NodeInfo) => boolean,
  ): number {
    let scheduled = 0;
    let failed: Set<number> | null = null;
    let it = 0;
    const count = nodes.length;
    for (const rec of group.range()) {
      const t = rec.task;
      const node = nodes[it % count];
      const cur = this.current;
      let record: PlacementDecision | undefined;
      if (cur) {
        record = { group: cur, index: cur.assignments.length, nodeId: node.id, message: ASSIGNED_MESSAGE };
        cur.assignments.push(node.id);
      }
      decisions.push({ kind: 'assign', task: t, nodeId: node.id, message: ASSIGNED_MESSAGE, record });
      // Count the task on the node now, so the next choice sees it.
      rec.state = 'assigned';
      rec.nodeId = node.id;
      node.hold((rec.holding ??= new Holding(t)), t);
      group.remove(rec);
      scheduled++;
      if (scheduled === n) return scheduled;
      if (it + 1 < count) {
        if (less(nodes[(it + 1) % count], node)) it++;
      } else it++;
      const start = it;
      while (failed?.has(it % count) || !meets(nodes[it % count])) {
        (failed ??= new Set()).add(it % count);
        it++;
        if (it - start === count) return scheduled;
      }
    }
    return scheduled;
  }

  private noSuitableNode(group: Group, decisions: Decision[], record: FailedPass | null): void {
    const explanation = this.pipeline.explain();
    const err = record ? record.err : explanation ? `no suitable node (${explanation})` : 'no suitable node';
    const failed = record ?? undefined;
    for (const rec of group.range()) {
      const t = rec.task;
      const service = this.env.service(t.serviceId);
      if (!service) {
        this.deleteTask(t.id);
        continue;
      }
      if (service.specVersion > t.specVersion) {
        // An old revision: not retried; shut down if no longer wanted.
        if (t.status.state === 'pending' && stateValue(t.desiredState) >= stateValue('shutdown'))
          decisions.push({ kind: 'shutdown', task: t });
        continue;
      }
      decisions.push({ kind: 'error', task: t, err, record: failed });
      this.enqueue(rec);
    }
  }
}

function nodeLess(a: NodeInfo, b: NodeInfo, now: number, serviceId: string, specVersion: number): boolean {
  const fa = a.countRecentFailures(now, serviceId, specVersion);
  const fb = b.countRecentFailures(now, serviceId, specVersion);
  if (fa >= MAX_FAILURES || fb >= MAX_FAILURES) {
    if (fa > fb) return false;
    if (fb > fa) return true;
  }
  const sa = a.tasksOfService(serviceId);
  const sb = b.tasksOfService(serviceId);
  if (sa !== sb) return sa < sb;
  return a.activeTasksCount < b.activeTasksCount;
}

const NO_PREFS: readonly SpreadPreference[] = [];
const NO_NAMES: readonly string[] = [];

/** A swarm this small is scheduled through the decision tree, node by node, exactly as upstream. */
export const SMALL_SWARM = 64;

/**
 * A task group (scheduler.go taskGroup, map[string]*api.Task): the tasks of
 * one (service, spec version) still to place, ranged over afresh by each
 * placement pass, a placed task deleted as it goes.
 */
class Group {
  private readonly ids: GoMap<string>;
  private readonly recs = new Map<string, Seen>();

  constructor(rng: Rng) {
    this.ids = new GoMap(rng);
  }

  get size(): number {
    return this.recs.size;
  }

  add(rec: Seen): void {
    this.recs.set(rec.task.id, rec);
    this.ids.set(rec.task.id);
  }

  remove(rec: Seen): void {
    this.recs.delete(rec.task.id);
    this.ids.delete(rec.task.id);
  }

  /** `for _, t := range taskGroup`: tasks removed during the range are skipped. */
  *range(): Generator<Seen> {
    for (const id of this.ids.keys()) {
      const rec = this.recs.get(id);
      if (rec) yield rec;
    }
  }

  /** `for _, t = range taskGroup { break }`: any member will do, all share the spec. */
  any(): Seen {
    return this.recs.values().next().value as Seen;
  }
}
