import type { SpreadPreference } from '../model/types.js';
import { spreadValue } from './decisionTree.js';
import type { Filter, FilterName } from './filters/index.js';
import type { NodeInfo } from './nodeInfo.js';

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

/** Node IDs and hostnames in one order, shared by every record made while the node set is unchanged. */
export interface NodeList {
  readonly ids: readonly string[];
  readonly hostnames: readonly string[];
}

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
 * One scheduling pass over a group of tasks (one service at one spec
 * version), or the confirmation of one pre-assigned task, recorded compactly:
 * the nodes' ranking keys and failed filters in one typed array, reason texts
 * only for the verdicts that failed. Shared by the decisions of every task the
 * pass placed; `assignments` grows while the pass runs and never changes after.
 */
export interface GroupRecord extends PassFields {
  /**
   * Every node, in the order they joined; or, past SMALL_SWARM nodes on the
   * index path, only the best nodes the index found, without verdicts (they
   * all passed).
   */
  readonly nodes: NodeList;
  /** Per node: tasks of the service * 2^26 + tasks in all (one number per node: a pass on a small swarm records every node). */
  readonly keys: readonly number[];
  /** Per node, a bit per filter it failed; null when every node passed every filter (or none was checked). */
  readonly failed: readonly number[] | null;
  /** Per node, its recent failures of this service; null when no node had any. */
  readonly recentFailures: readonly number[] | null;
  /** Reason of node i failing filter f at [i * filters.length + f]; null when nothing failed. */
  readonly reasons: (string | undefined)[] | null;
  /** Per node, its values of the spread preferences; null without preferences. */
  readonly branches: (readonly string[])[] | null;
  /** True when `nodes` holds every node and its verdicts. */
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

export function nodeList(nodes: readonly NodeInfo[]): NodeList {
  return { ids: nodes.map((n) => n.id), hostnames: nodes.map((n) => n.node.machine) };
}


/**
 * Records `nodes` (listed in `list`, same order): ranking keys always, each
 * filter's verdict when `filters` is given. Filters run here on their own, so
 * the pipeline's failure counts (SwarmKit's message) are untouched.
 */
export function recordGroup(
  pass: PassFields,
  list: NodeList,
  nodes: readonly NodeInfo[],
  filters: readonly Filter[] | null,
  prefs: readonly SpreadPreference[],
): GroupRecord {
  const { serviceId, specVersion, time } = pass;
  // A plain array of small integers: cheaper to make than a typed array for the few nodes of most passes.
  const keys: number[] = [];
  let reasons: (string | undefined)[] | null = null;
  let branches: (readonly string[])[] | null = null;
  let failed: number[] | null = null;
  let recent: number[] | null = null;
  const nf = filters ? filters.length : 0;
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i];
    keys.push(n.tasksOfService(serviceId) * SERVICE + n.activeTasksCount);
    const r = n.countRecentFailures(time, serviceId, specVersion);
    if (r > 0) (recent ??= new Array<number>(nodes.length).fill(0))[i] = r;
    for (let f = 0; f < nf; f++) {
      const filter = filters![f];
      if (filter.check(n)) continue;
      (failed ??= new Array<number>(nodes.length).fill(0))[i] |= 1 << f;
      (reasons ??= [])[i * nf + f] = filter.reason(n) || filter.explain(1);
    }
    if (prefs.length > 0) {
      const b: string[] = [];
      for (const p of prefs) {
        const v = spreadValue(p.spread, n);
        if (v !== null) b.push(v);
      }
      (branches ??= [])[i] = b;
    }
  }
  // One literal of one shape (no spread): records are made per pass, on the scheduler's hot path.
  return {
    kind: pass.kind,
    time,
    serviceId,
    specVersion,
    size: pass.size,
    filters: pass.filters,
    preferences: pass.preferences,
    nodeCount: pass.nodeCount,
    nodes: list,
    keys,
    failed,
    recentFailures: recent,
    reasons,
    branches,
    full: filters !== null,
    assignments: [],
    summary: '',
  };
}

/** The recorded nodes, readable. */
export function recordedNodes(g: GroupRecord): RecordedNode[] {
  const nf = g.filters.length;
  return g.nodes.ids.map((id, i) => {
    const mask = g.failed?.[i] ?? 0;
    return {
      id,
      hostname: g.nodes.hostnames[i],
      verdicts: g.full ? g.filters.map((_, f) => (mask & (1 << f) ? (g.reasons?.[i * nf + f] ?? 'fails') : '')) : null,
      tasksOfService: Math.floor(g.keys[i] / SERVICE),
      totalTasks: g.keys[i] % SERVICE,
      recentFailures: g.recentFailures?.[i] ?? 0,
      branch: g.branches?.[i] ?? NO_BRANCH,
    };
  });
}

/** The ranking keys of a recorded node just before the pass's `index`-th assignment. */
export interface NodeStanding extends RecordedNode {
  /** Tasks of this pass placed on the node before this one. */
  readonly placedBefore: number;
}

export function standingsAt(group: GroupRecord, index: number): NodeStanding[] {
  const placed = new Map<string, number>();
  for (let i = 0; i < index && i < group.assignments.length; i++) placed.set(group.assignments[i], (placed.get(group.assignments[i]) ?? 0) + 1);
  return recordedNodes(group).map((n) => {
    const p = placed.get(n.id) ?? 0;
    return { ...n, tasksOfService: n.tasksOfService + p, totalTasks: n.totalTasks + p, placedBefore: p };
  });
}
