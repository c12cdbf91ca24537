import { MAX_FAILURES } from '../scheduler/nodeInfo.js';
import { standingsAt, type NodeStanding, type PlacementDecision } from '../scheduler/decision.js';
import type { Task } from '../model/types.js';

/** One node that passed every filter, with the keys SwarmKit ranked it by when the task was placed. */
export interface RankedNode {
  readonly node: string;
  /** Spread preference values, one per preference ('' for a node without the label). */
  readonly branch: readonly string[];
  readonly tasksOfService: number;
  readonly totalTasks: number;
  readonly recentFailures: number;
  readonly chosen: boolean;
}

/** The recorded decision, as explanations show it. */
export interface DecisionView {
  /** Virtual milliseconds when the scheduler placed the task. */
  readonly time: number;
  readonly kind: 'group' | 'preassigned';
  /** Tasks placed by the same pass, and this task's position among them (0-based). */
  readonly groupSize: number;
  readonly index: number;
  /** The scheduler's message when it placed the task. */
  readonly message: string;
  /** Nodes the scheduler knew of then. */
  readonly nodeCount: number;
  /** False past 64 nodes on the index path: only the best nodes were recorded, not every verdict. */
  readonly full: boolean;
  readonly preferences: readonly string[];
  /** With spread preferences: tasks of the service under each value of the first, every node counted, before and after the pass (the tree's split). */
  readonly branches: readonly { readonly value: string; readonly before: number; readonly after: number }[];
  /** Nodes that passed every filter, best first by SwarmKit's nodeLess at the moment of this task. */
  readonly ranking: readonly RankedNode[];
  /** The nodes tied with the chosen one (itself included), when the seed decided; else empty. */
  readonly tie: readonly string[];
  /** The pipeline's failure counts when the pass ended, in SwarmKit's words. */
  readonly summary: string;
}

const pushedBack = (n: { recentFailures: number }): boolean => n.recentFailures >= MAX_FAILURES;

/** scheduler.go nodeLess as a comparator over recorded keys. */
function compare(a: NodeStanding, b: NodeStanding): number {
  if (pushedBack(a) || pushedBack(b)) {
    if (a.recentFailures !== b.recentFailures) return a.recentFailures - b.recentFailures;
  }
  if (a.tasksOfService !== b.tasksOfService) return a.tasksOfService - b.tasksOfService;
  return a.totalTasks - b.totalTasks;
}

/** `task`: the task placed (or one of its group, which share their spec). */
export function decisionView(d: PlacementDecision, task: Task): DecisionView {
  const g = d.group;
  const filters = g.filters;
  const maxReplicas = task.spec.placement.maxReplicas;
  const standings = standingsAt(g, d.index, task);
  const maxAt = filters.indexOf('MaxReplicas');
  const passing = standings.filter(
    (n) => (n.verdicts === null || n.verdicts.every((v) => v === '')) && (maxAt < 0 || maxReplicas === 0 || n.tasksOfService < maxReplicas || n.id === d.nodeId),
  );
  // Among equals the chosen node comes first; the others keep the order the scheduler ranged over them.
  const sorted = [...passing].sort((a, b) => compare(a, b) || (a.id === d.nodeId ? -1 : b.id === d.nodeId ? 1 : 0));
  const chosen = sorted.find((n) => n.id === d.nodeId);
  const sameBranch = (n: NodeStanding): boolean => !chosen || n.branch.join('\0') === chosen.branch.join('\0');
  const tie = chosen ? sorted.filter((n) => sameBranch(n) && compare(n, chosen) === 0) : [];
  const branches = new Map<string, { value: string; before: number; after: number }>();
  if (g.preferences.length > 0) {
    const after = standingsAt(g, g.assignments.length, task);
    standingsAt(g, 0, task).forEach((n, i) => {
      const value = n.branch[0] ?? '';
      const b = branches.get(value) ?? { value, before: 0, after: 0 };
      b.before += n.tasksOfService;
      b.after += after[i].tasksOfService;
      branches.set(value, b);
    });
  }
  return {
    time: g.time,
    kind: g.kind,
    groupSize: g.size,
    index: d.index,
    message: d.message,
    nodeCount: g.nodeCount,
    full: g.full,
    preferences: g.preferences,
    branches: [...branches.values()],
    ranking: sorted.map((n) => ({
      node: n.hostname,
      branch: n.branch,
      tasksOfService: n.tasksOfService,
      totalTasks: n.totalTasks,
      recentFailures: n.recentFailures,
      chosen: n.id === d.nodeId,
    })),
    tie: tie.length > 1 ? tie.map((n) => n.hostname) : [],
    summary: g.summary,
  };
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
const list = (xs: readonly string[]): string => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`);

/**
 * The sentence that decided a placement: the only node that passed, the key
 * the chosen node won on against the runner-up, or the tie the seed broke.
 * `refused` lists the nodes that failed a filter, with the first reason.
 */
export function decisiveSentence(
  v: DecisionView,
  service: string,
  refused: readonly { node: string; reason: string }[],
): string {
  const chosen = v.ranking.find((r) => r.chosen);
  if (!chosen) return `The scheduler placed it on a node it no longer ranks (${v.message}).`;
  const name = chosen.node;
  if (v.kind === 'preassigned') return `A global service's task is made for one node: ${name} passed every filter, so the scheduler confirmed it there.`;
  const why = refused.length > 0 ? ` (${refused.map((r) => `${r.node}: ${r.reason}`).join('; ')})` : '';
  if (v.ranking.length === 1) {
    if (!v.full) return `${name} was the best node the index found among ${plural(v.nodeCount, 'node')}: ${plural(chosen.tasksOfService, `task`)} of ${service}, ${chosen.totalTasks} in all.`;
    return refused.length > 0 ? `${name} was the only node that passed every filter${why}.` : `${name} was the only node.`;
  }
  let spread = '';
  if (v.preferences.length > 0) {
    // The decision tree splits the pass's tasks over the first preference's values, evening out their counts.
    if (v.branches.length > 1) {
      const label = (b: string): string => (b === '' ? '(no label)' : b);
      const before = v.branches.map((b) => `${label(b.value)} ${b.before}`).join(', ');
      const after = v.branches.map((b) => String(b.after)).join(', ');
      const pass = v.groupSize === 1 ? 'this task made it' : `the pass's ${v.groupSize} tasks made it`;
      spread = `spread over ${v.preferences[0]} evens out the tasks of ${service} per value (before the pass ${before}; ${pass} ${after}), and this one fell to ${label(chosen.branch[0] ?? '')}; `;
    }
  }
  if (v.tie.length > 1) {
    const others = v.tie.filter((n) => n !== name);
    return `${cap(spread)}${spread ? 't' : 'T'}ie between ${list(v.tie)} (each had ${plural(chosen.tasksOfService, 'task')} of ${service}, ${chosen.totalTasks} in all), broken by the seed: the order of the scheduler's Go map of nodes put ${name} ahead of ${list(others)}.`;
  }
  const rivals = v.ranking.filter((r) => !r.chosen && r.branch.join('\0') === chosen.branch.join('\0'));
  const next = rivals[0];
  if (!next) {
    const inBranch = refused.length > 0 ? ' that passed every filter' : '';
    return `${cap(spread)}${name} was the only node there${inBranch}.`;
  }
  const better = v.ranking.indexOf(chosen) < v.ranking.indexOf(next);
  if (!better)
    return `${cap(spread)}${name} was next in turn: a pass placing ${plural(v.groupSize, 'task')} fills its nodes up to the same count, then goes round them (${next.node} had ${next.tasksOfService} of ${service}, ${name} ${chosen.tasksOfService}).`;
  let key: string;
  if ((pushedBack(chosen) || pushedBack(next)) && chosen.recentFailures !== next.recentFailures)
    key = `${name} had ${plural(chosen.recentFailures, 'recent failure')} of ${service}, ${next.node} had ${next.recentFailures} (${MAX_FAILURES} or more push a node back)`;
  else if (chosen.tasksOfService !== next.tasksOfService)
    key = `${name} had ${plural(chosen.tasksOfService, 'task')} of ${service}, ${next.node} had ${next.tasksOfService}`;
  else
    key = `${name} and ${next.node} both had ${plural(chosen.tasksOfService, 'task')} of ${service}; ${name} had ${plural(chosen.totalTasks, 'task')} in all, ${next.node} had ${next.totalTasks}`;
  return `${cap(spread)}${key}.`;
}

const cap = (s: string): string => (s ? s[0].toUpperCase() + s.slice(1) : s);
