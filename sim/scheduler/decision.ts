import type { SwarmNode, Task } from '../model/types.js';
import { spreadValue } from './decisionTree.js';
import { defaultFilters, type Filter, type FilterName } from './filters/index.js';
import { NodeInfo } from './nodeInfo.js';

/** What the scheduler saw of one node when it scheduled a group, as explanations read it (see recordedNodes). */
export interface RecordedNode {
  readonly id: string;
  readonly hostname: string;
  /** Per recorded filter: '' when the node passes, else why it fails. null when only the ranking was recorded. */
  readonly verdicts: readonly string[] | null;
  readonly tasksOfService: number;
  readonly totalTasks: number;
  readonly recentFailures: number;
  /** The node's value for each spread preference of the group ('' for a node without the label). */
  readonly branch: readonly string[];
}

/** Node IDs and hostnames in one order. */
export interface NodeList {
  readonly ids: readonly string[];
  readonly hostnames: readonly string[];
}

/**
 * Every node as the scheduler last heard of it, in join order: shared by the
 * records of every pass until a node joins, leaves or changes. Each node is a
 * shallow copy made then: the store replaces a node's labels and description
 * when they change, never edits them, so the copy keeps what passes saw.
 */
export interface NodeFrame extends NodeList {
  readonly nodes: readonly SwarmNode[];
}

/**
 * Active task counts of a frame's nodes: the counts when the ledger began and
 * every change since, one number each (node index * 2, + 1 for a task more).
 * A pass records its position in `changes`; its counts follow on demand.
 */
export interface CountLedger {
  readonly frame: NodeFrame;
  readonly base: readonly number[];
  readonly changes: number[];
}

/** A ledger this long starts afresh, so that reading counts back stays quick. */
export const LEDGER_SEGMENT = 4096;

/** keys[i] = tasks of the service * SERVICE + tasks in all: one small number per node, exact below 2^26 tasks in all. */
const SERVICE = 2 ** 26;
const NO_BRANCH: readonly string[] = [];

/** What describes a pass rather than its nodes. */
export interface PassFields {
  readonly kind: 'group' | 'preassigned';
  /** Virtual milliseconds when the pass ran. */
  readonly time: number;
  readonly serviceId: string;
  readonly specVersion: number;
  /** Tasks the pass had to place. */
  readonly size: number;
  readonly filters: readonly FilterName[];
  /** The spread descriptors the decision tree split on, in order. */
  readonly preferences: readonly string[];
  /** Nodes the scheduler knew of. */
  readonly nodeCount: number;
}

/**
 * Filters whose verdicts depend on what the node's tasks hold (resources,
 * host ports), recorded when the pass ran. The others read only the node and
 * the task (and the counts, which the record keeps), so a frame-based record
 * works them out when an explanation asks.
 */
const HELD: ReadonlySet<FilterName> = new Set<FilterName>(['Resource', 'HostPort']);

/**
 * One scheduling pass over a group of tasks (one service at one spec
 * version), or the confirmation of one pre-assigned task, recorded compactly.
 * Two shapes: on the decision tree's path (a swarm of up to 64 nodes, or a
 * spread) the nodes are a shared frame and the counts a position in a shared
 * ledger, so a pass costs a few numbers, not a few per node; on the index's
 * path (and for a pre-assigned task) the nodes found and their keys, listed.
 * Shared by the decisions of every task the pass placed; `assignments` grows
 * while the pass runs and never changes after.
 */
export interface GroupRecord extends PassFields {
  /** The frame (tree path), or the best nodes the index found (without verdicts: they all passed), or a pre-assigned task's node. */
  readonly nodes: NodeList;
  /** Listed records: per node, tasks of the service * 2^26 + tasks in all. null on the tree path (`ledger`). */
  readonly keys: readonly number[] | null;
  /** Tree path: the counts when the pass ran are the ledger's base plus its first `at` changes. */
  readonly ledger: CountLedger | null;
  readonly at: number;
  /** Tree path: per node, tasks of this service; null when no node had any. */
  readonly own: readonly number[] | null;
  /**
   * Per node, a bit per filter it failed; null when none failed. A listed
   * record has every filter's; a frame-based one only the filters that
   * depend on held resources and ports (the others are worked out).
   */
  readonly failed: readonly number[] | null;
  /** Per node, its recent failures of this service; null when no node had any. */
  readonly recentFailures: readonly number[] | null;
  /** Reason of node i failing filter f at [i * filters.length + f]; null when nothing failed. */
  readonly reasons: (string | undefined)[] | null;
  /** True when the record holds every node and its verdicts. */
  readonly full: boolean;
  /** Node IDs in the order the pass assigned its tasks. */
  readonly assignments: string[];
  /** The pipeline's failure counts when the pass ended, in SwarmKit's words ('' when no node was counted). */
  summary: string;
}

/** Where one task went and when: the `index`-th assignment of its pass. */
export interface PlacementDecision {
  readonly group: GroupRecord;
  readonly index: number;
  readonly nodeId: string;
  readonly message: string;
}

/**
 * A pass that left tasks of a group unplaced: the record of the nodes as the
 * scheduler saw them when it gave up, and the error it set (`no suitable node
 * (...)`). Shared by every task the pass left pending.
 */
export interface FailedPass {
  readonly group: GroupRecord;
  readonly err: string;
}

export function nodeList(nodes: readonly NodeInfo[]): NodeList {
  return { ids: nodes.map((n) => n.id), hostnames: nodes.map((n) => n.node.machine) };
}

export function nodeFrame(nodes: readonly NodeInfo[]): NodeFrame {
  return { ids: nodes.map((n) => n.id), hostnames: nodes.map((n) => n.node.machine), nodes: nodes.map((n) => ({ ...n.node })) };
}

/**
 * Records `nodes` (listed in `list`, same order) eagerly: ranking keys
 * always, each filter's verdict when `filters` is given. Filters run here on
 * their own, so the pipeline's failure counts (SwarmKit's message) are
 * untouched. For the index's few nodes and pre-assigned tasks.
 */
export function recordListed(pass: PassFields, list: NodeList, nodes: readonly NodeInfo[], filters: readonly Filter[] | null): GroupRecord {
  const { serviceId, specVersion, time } = pass;
  const keys: number[] = [];
  let recent: number[] | null = null;
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i];
    keys.push(n.tasksOfService(serviceId) * SERVICE + n.activeTasksCount);
    const r = n.countRecentFailures(time, serviceId, specVersion);
    if (r > 0) (recent ??= new Array<number>(nodes.length).fill(0))[i] = r;
  }
  const v = filters ? verdicts(nodes, filters, () => true) : null;
  return make(pass, list, keys, null, 0, null, v?.failed ?? null, recent, v?.reasons ?? null, filters !== null);
}

/** Whether any of these filters reads held resources or ports (recordFramed then needs them). */
export function readsHeld(names: readonly FilterName[]): boolean {
  for (const n of names) if (HELD.has(n)) return true;
  return false;
}

/**
 * Records a pass on the tree's path: the frame and a position in the ledger
 * (shared), this service's counts when it has tasks anywhere (`serviceTasks`)
 * and recent failures of the nodes in `failing`. A `full` record keeps every
 * verdict: those of `held` (the enabled filters, given when readsHeld) now,
 * the others worked out from the frame when asked.
 */
export function recordFramed(
  pass: PassFields,
  ledger: CountLedger,
  nodes: readonly NodeInfo[],
  serviceTasks: number,
  failing: ReadonlySet<NodeInfo> | undefined,
  full: boolean,
  held: readonly Filter[] | null,
): GroupRecord {
  const { serviceId, specVersion, time } = pass;
  let own: number[] | null = null;
  if (serviceTasks > 0) {
    own = [];
    for (const n of nodes) own.push(n.tasksOfService(serviceId));
  }
  let recent: number[] | null = null;
  if (failing)
    for (let i = 0; i < nodes.length; i++) {
      if (!failing.has(nodes[i])) continue;
      const r = nodes[i].countRecentFailures(time, serviceId, specVersion);
      if (r > 0) (recent ??= new Array<number>(nodes.length).fill(0))[i] = r;
    }
  let v: { failed: number[] | null; reasons: (string | undefined)[] | null } | null = null;
  if (full && held) v = verdicts(nodes, held, (f) => HELD.has(f.name));
  return make(pass, ledger.frame, null, ledger, ledger.changes.length, own, v?.failed ?? null, recent, v?.reasons ?? null, full);
}

function verdicts(
  nodes: readonly NodeInfo[],
  filters: readonly Filter[],
  wanted: (f: Filter) => boolean,
): { failed: number[] | null; reasons: (string | undefined)[] | null } {
  const nf = filters.length;
  let failed: number[] | null = null;
  let reasons: (string | undefined)[] | null = null;
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i];
    for (let f = 0; f < nf; f++) {
      const filter = filters[f];
      if (!wanted(filter) || filter.check(n)) continue;
      (failed ??= new Array<number>(nodes.length).fill(0))[i] |= 1 << f;
      (reasons ??= [])[i * nf + f] = filter.reason(n) || filter.explain(1);
    }
  }
  return { failed, reasons };
}

/** One literal of one shape (no spread): records are made per pass, on the scheduler's hot path. */
function make(
  pass: PassFields,
  nodes: NodeList,
  keys: number[] | null,
  ledger: CountLedger | null,
  at: number,
  own: number[] | null,
  failed: number[] | null,
  recent: number[] | null,
  reasons: (string | undefined)[] | null,
  full: boolean,
): GroupRecord {
  return {
    kind: pass.kind,
    time: pass.time,
    serviceId: pass.serviceId,
    specVersion: pass.specVersion,
    size: pass.size,
    filters: pass.filters,
    preferences: pass.preferences,
    nodeCount: pass.nodeCount,
    nodes,
    keys,
    ledger,
    at,
    own,
    failed,
    recentFailures: recent,
    reasons,
    full,
    assignments: [],
    summary: '',
  };
}

/** The active task counts of a ledger's nodes after its first `at` changes. */
export function countsAt(ledger: CountLedger, at: number): number[] {
  const counts = [...ledger.base];
  for (let i = 0; i < at && i < ledger.changes.length; i++) {
    const c = ledger.changes[i];
    counts[c >> 1] += c & 1 ? 1 : -1;
  }
  return counts;
}

/**
 * The recorded nodes, readable. `task` is one of the group's (they share
 * their spec): a frame-based record works out the verdicts of the filters
 * that read only the node and the task from the frame's copy of each node.
 */
export function recordedNodes(g: GroupRecord, task: Task): RecordedNode[] {
  const nf = g.filters.length;
  const totals = g.ledger ? countsAt(g.ledger, g.at) : null;
  const frame = g.ledger?.frame ?? null;
  // Filters set to the task, for the verdicts worked out from the frame.
  const worked: (Filter | null)[] = frame && g.full ? g.filters.map((name) => (HELD.has(name) ? null : filterFor(name, task))) : [];
  return g.nodes.ids.map((id, i) => {
    const mask = g.failed?.[i] ?? 0;
    const tasksOfService = g.keys ? Math.floor(g.keys[i] / SERVICE) : (g.own?.[i] ?? 0);
    const totalTasks = g.keys ? g.keys[i] % SERVICE : totals![i];
    let info: NodeInfo | null = null;
    if (frame) {
      info = new NodeInfo(frame.nodes[i]);
      info.activeTasksCount = totalTasks;
      if (tasksOfService > 0) info.activeByService.set(g.serviceId, tasksOfService);
    }
    const verdict = (f: number): string => {
      const filter = worked[f];
      if (filter && info) return filter.check(info) ? '' : filter.reason(info) || filter.explain(1);
      return mask & (1 << f) ? (g.reasons?.[i * nf + f] ?? 'fails') : '';
    };
    const branch: string[] = [];
    if (info) for (const p of g.preferences) {
      const v = spreadValue(p, info);
      if (v !== null) branch.push(v);
    }
    return {
      id,
      hostname: g.nodes.hostnames[i],
      verdicts: g.full ? g.filters.map((_, f) => verdict(f)) : null,
      tasksOfService,
      totalTasks,
      recentFailures: g.recentFailures?.[i] ?? 0,
      branch: branch.length > 0 ? branch : NO_BRANCH,
    };
  });
}

function filterFor(name: FilterName, task: Task): Filter | null {
  const f = defaultFilters().find((x) => x.name === name) ?? null;
  if (f) f.setTask(task);
  return f;
}

/** The ranking keys of a recorded node just before the pass's `index`-th assignment. */
export interface NodeStanding extends RecordedNode {
  /** Tasks of this pass placed on the node before this one. */
  readonly placedBefore: number;
}

export function standingsAt(group: GroupRecord, index: number, task: Task): NodeStanding[] {
  const placed = new Map<string, number>();
  for (let i = 0; i < index && i < group.assignments.length; i++) placed.set(group.assignments[i], (placed.get(group.assignments[i]) ?? 0) + 1);
  return recordedNodes(group, task).map((n) => {
    const p = placed.get(n.id) ?? 0;
    return { ...n, tasksOfService: n.tasksOfService + p, totalTasks: n.totalTasks + p, placedBefore: p };
  });
}
