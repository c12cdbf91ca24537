import type { Task } from './model/types.js';
import { defaultFilters, type FilterName, type Fix } from './scheduler/filters/index.js';
import { Pipeline } from './scheduler/pipeline.js';
import type { SimSnapshot, TaskView } from './snapshot.js';
import { runnableFixes } from './explain/fixes.js';
import { buildNodeInfos } from './explain/nodeInfos.js';
import { recordedNodes } from './scheduler/decision.js';
import { decisionView, decisiveSentence, type DecisionView } from './explain/ranking.js';

export type { DecisionView, RankedNode } from './explain/ranking.js';

export interface FilterVerdict {
  readonly filter: FilterName;
  readonly pass: boolean;
  /** Why the node fails, in words: `Network plugin bboreham/weave2:latest not installed (has: none)`. */
  readonly reason: string;
}

export interface NodeVerdict {
  readonly node: string;
  readonly nodeId: string;
  readonly verdicts: readonly FilterVerdict[];
  readonly pass: boolean;
  /** The filter SwarmKit would count this node against (the first that fails), if any. */
  readonly countedAgainst: FilterName | null;
}

export interface PlacementExplanation {
  readonly task: {
    readonly id: string;
    readonly name: string;
    readonly state: string;
    readonly desiredState: string;
    readonly node: string | null;
    readonly error: string;
    readonly preassigned: boolean;
  };
  /** The filters that apply to this task, in pipeline order. */
  readonly filters: readonly FilterName[];
  /** For a placed task, as recorded when it was placed (empty past 64 nodes); else evaluated now. */
  readonly matrix: readonly NodeVerdict[];
  /** SwarmKit's own words: the task's error if it has one, else what the pipeline would say now ('' for a placed task). */
  readonly swarmkitMessage: string;
  /** For a task that cannot be placed: the nodes needing the fewest changes, and those changes (each a runnable scenario line). */
  readonly fixes: readonly { readonly node: string; readonly changes: readonly Fix[] }[];
  /** Whether the scheduler has placed the task on a node. */
  readonly placed: boolean;
  /** `decision`: `filters` and `matrix` are the record made when the task was placed; `now`: evaluated against this snapshot. */
  readonly evaluatedAt: 'decision' | 'now';
  /** The recorded decision of a placed task, with the ranking of the nodes that passed; null otherwise. */
  readonly decision: DecisionView | null;
  /** One sentence saying what decided the placement, or what keeps the task pending. */
  readonly because: string;
  /** For a placed task: verdicts that changed since the decision (a placed task is not moved when they do). */
  readonly sinceDecision: readonly { readonly node: string; readonly filter: FilterName; readonly reason: string }[];
}

/**
 * Explains a task's placement. A placed task is explained from the record
 * the scheduler made when it placed it (the snapshot carries it), never from
 * the snapshot's later state: the matrix of that moment, the ranking of the
 * nodes that passed and the sentence that decided. A pending task (or any
 * task with `now`) is evaluated against the snapshot: every filter on every
 * node, not only the first failure SwarmKit counts, and the smallest runnable
 * changes that would let it run. Computed on demand, never on the hot path.
 */
export function explainTask(snap: SimSnapshot, taskId: string, opts: { readonly now?: boolean } = {}): PlacementExplanation | null {
  const task = snap.tasks.find((t) => t.id === taskId);
  if (!task) return null;
  const now = evaluateNow(snap, task);
  const placed = task.nodeId !== '' && task.status.state !== 'pending' && task.status.state !== 'new';
  const service = snap.services.find((s) => s.id === task.serviceId)?.name ?? task.serviceId;
  const nodeName = snap.nodes.find((n) => n.id === task.nodeId)?.hostname ?? null;
  const head = {
    task: {
      id: task.id,
      name: task.name,
      state: task.status.state,
      desiredState: task.desiredState,
      node: nodeName,
      error: task.status.err,
      preassigned: task.preassigned,
    },
    placed,
  };
  // `now`: what the filters say of every node at this snapshot, placed or not (why is this node empty now?).
  const d = placed && !opts.now ? task.decision : undefined;
  if (!d) {
    const because = placed && opts.now
      ? `Placed on ${nodeName ?? task.nodeId}; the matrix is evaluated against this snapshot, as asked.`
      : placed
      ? `Placed on ${nodeName ?? task.nodeId} before decisions were recorded: the matrix is evaluated against this snapshot, not the moment of placement.`
      : pendingSentence(task, now.matrix, now.anyPass, nodeName);
    return {
      ...head,
      filters: now.filters,
      matrix: now.matrix,
      swarmkitMessage: task.status.err || now.message,
      fixes: placed ? [] : now.fixes,
      evaluatedAt: 'now',
      decision: null,
      because,
      sinceDecision: [],
    };
  }
  const g = d.group;
  const matrix: NodeVerdict[] = g.full
    ? recordedNodes(g).map((n) => {
        const verdicts = g.filters.map((filter, i) => ({ filter, pass: n.verdicts![i] === '', reason: n.verdicts![i] }));
        const first = verdicts.find((v) => !v.pass);
        return { node: n.hostname, nodeId: n.id, verdicts, pass: !first, countedAgainst: first?.filter ?? null };
      })
    : [];
  const view = decisionView(d, g.filters, task.spec.placement.maxReplicas);
  const refused = matrix.filter((n) => !n.pass).map((n) => ({ node: n.node, reason: n.verdicts.find((v) => !v.pass)!.reason }));
  // What changed since: a node that passed then and fails now, or the other way round.
  const sinceDecision: { node: string; filter: FilterName; reason: string }[] = [];
  for (const n of now.matrix) {
    const then = matrix.find((m) => m.nodeId === n.nodeId);
    for (const v of n.verdicts) {
      const was = then?.verdicts.find((x) => x.filter === v.filter);
      if (was && was.pass !== v.pass) sinceDecision.push({ node: n.node, filter: v.filter, reason: v.pass ? 'passes now' : v.reason });
    }
  }
  return {
    ...head,
    filters: g.filters,
    matrix,
    swarmkitMessage: task.status.err,
    fixes: [],
    evaluatedAt: 'decision',
    decision: view,
    because: decisiveSentence(view, service, refused),
    sinceDecision,
  };
}

interface NowEvaluation {
  readonly filters: FilterName[];
  readonly matrix: NodeVerdict[];
  readonly anyPass: boolean;
  readonly message: string;
  readonly fixes: { node: string; changes: Fix[] }[];
}

/** Every filter on every node, against this snapshot: what a pending task faces at the next pass. */
function evaluateNow(snap: SimSnapshot, task: TaskView): NowEvaluation {
  const infos = buildNodeInfos(snap, task.id);
  const nodes = task.preassigned ? infos.filter((n) => n.id === task.nodeId) : infos;
  const filters = defaultFilters();
  const asTask = task as unknown as Task;
  const enabled = filters.filter((f) => f.setTask(asTask));
  const matrix: NodeVerdict[] = nodes.map((n) => {
    const verdicts = enabled.map((f) => {
      const pass = f.check(n);
      return { filter: f.name, pass, reason: pass ? '' : f.reason(n) || f.explain(1) };
    });
    const first = verdicts.find((v) => !v.pass);
    return { node: n.node.machine, nodeId: n.id, verdicts, pass: !first, countedAgainst: first?.filter ?? null };
  });
  const pipeline = new Pipeline();
  pipeline.setTask(asTask);
  let anyPass = false;
  for (const n of nodes) if (pipeline.process(n)) anyPass = true;
  const message = anyPass ? '' : task.preassigned ? pipeline.explain() : pipeline.explain() ? `no suitable node (${pipeline.explain()})` : 'no suitable node';
  const unplaced = task.status.state === 'pending' || task.nodeId === '';
  let fixes: { node: string; changes: Fix[] }[] = [];
  if (unplaced && !anyPass) {
    const all: { node: string; changes: Fix[] }[] = [];
    for (const n of nodes) {
      // Every failing filter needs a runnable change, or the node is not offered.
      const changes: Fix[] = [];
      let ok = true;
      for (const f of enabled) {
        if (f.check(n)) continue;
        const runnable = runnableFixes(snap, f.name, f.fixes(n), n.id, task.serviceId);
        if (!runnable) ok = false;
        else changes.push(...runnable);
      }
      if (ok && changes.length > 0) all.push({ node: n.node.machine, changes });
    }
    const min = Math.min(...all.map((x) => x.changes.length));
    fixes = all.filter((x) => x.changes.length === min);
  }
  return { filters: enabled.map((f) => f.name), matrix, anyPass, message, fixes };
}

/** One sentence for a task the scheduler has not placed. */
function pendingSentence(task: TaskView, matrix: readonly NodeVerdict[], anyPass: boolean, nodeName: string | null): string {
  if (task.status.state !== 'pending' && task.nodeId === '') return `It is ${task.status.state}, not waiting for a node.`;
  if (matrix.length === 0) return task.preassigned ? `Its node ${nodeName ?? task.nodeId} is not in the swarm.` : 'There is no node to place it on.';
  if (task.desiredState !== 'running' && task.desiredState !== 'ready' && task.desiredState !== 'complete')
    return `It is no longer wanted (desired ${task.desiredState}), so it will not be placed.`;
  if (anyPass) {
    const ok = matrix.filter((n) => n.pass).map((n) => n.node);
    return `${joinNames(ok)} ${ok.length === 1 ? 'passes' : 'pass'} every filter now: the scheduler places it at its next pass.`;
  }
  // Nodes grouped by the first filter they fail and its reason.
  const byReason = new Map<string, { filter: string; reason: string; nodes: string[] }>();
  for (const n of matrix) {
    const v = n.verdicts.find((x) => !x.pass)!;
    const key = `${v.filter}\0${v.reason}`;
    const e = byReason.get(key) ?? { filter: v.filter, reason: v.reason, nodes: [] };
    e.nodes.push(n.node);
    byReason.set(key, e);
  }
  const parts = [...byReason.values()].map((e) => `${joinNames(e.nodes)} ${e.nodes.length === 1 ? 'fails' : 'fail'} ${e.filter} (${e.reason})`);
  if (task.preassigned) return `A global task waits for its own node, and ${parts.join('; ')}.`;
  return `No node passes every filter: ${parts.join('; ')}.`;
}

const joinNames = (xs: readonly string[]): string => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`);
