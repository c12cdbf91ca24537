import type { SpreadPreference } from '../model/types.js';
import { spreadValue } from './decisionTree.js';
import type { Filter, FilterName } from './filters/index.js';
import type { NodeInfo } from './nodeInfo.js';

/**
 * What the scheduler saw of one node when it scheduled a group: each filter's
 * verdict and the keys nodeLess ranks by (scheduler.go scheduleTaskGroup),
 * taken before the group's first task was placed.
 */
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

/**
 * One scheduling pass over a group of tasks (one service at one spec
 * version), or the confirmation of one pre-assigned task. Shared by the
 * decisions of every task the pass placed; `assignments` grows while the
 * pass runs and never changes afterwards.
 */
export interface GroupRecord {
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
  /**
   * Every node with its verdicts, in the order the scheduler ranged over them
   * (a seeded Go map order); or, past SMALL_SWARM nodes on the index path,
   * only the best nodes the index found, without verdicts (they all passed).
   */
  readonly nodes: readonly RecordedNode[];
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

const NO_BRANCH: readonly string[] = [];

export function recordNode(
  n: NodeInfo,
  filters: readonly Filter[] | null,
  serviceId: string,
  specVersion: number,
  now: number,
  prefs: readonly SpreadPreference[],
): RecordedNode {
  let verdicts: string[] | null = null;
  if (filters) {
    verdicts = new Array<string>(filters.length);
    for (let i = 0; i < filters.length; i++) {
      const f = filters[i];
      verdicts[i] = f.check(n) ? '' : f.reason(n) || f.explain(1);
    }
  }
  let branch = NO_BRANCH;
  if (prefs.length > 0) {
    const b: string[] = [];
    for (const p of prefs) {
      const v = spreadValue(p.spread, n);
      if (v !== null) b.push(v);
    }
    branch = b;
  }
  return {
    id: n.id,
    hostname: n.node.machine,
    verdicts,
    tasksOfService: n.tasksOfService(serviceId),
    totalTasks: n.activeTasksCount,
    recentFailures: n.countRecentFailures(now, serviceId, specVersion),
    branch,
  };
}

/** The ranking keys of a recorded node just before the pass's `index`-th assignment. */
export interface NodeStanding extends RecordedNode {
  /** Tasks of this pass placed on the node before this one. */
  readonly placedBefore: number;
}

export function standingsAt(group: GroupRecord, index: number): NodeStanding[] {
  const placed = new Map<string, number>();
  for (let i = 0; i < index && i < group.assignments.length; i++) placed.set(group.assignments[i], (placed.get(group.assignments[i]) ?? 0) + 1);
  return group.nodes.map((n) => {
    const p = placed.get(n.id) ?? 0;
    return { ...n, tasksOfService: n.tasksOfService + p, totalTasks: n.totalTasks + p, placedBefore: p };
  });
}
