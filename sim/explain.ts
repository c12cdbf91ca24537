import type { Task } from './model/types.js';
import { defaultFilters, type FilterName, type Fix } from './scheduler/filters/index.js';
import { Pipeline } from './scheduler/pipeline.js';
import type { SimSnapshot, TaskView } from './snapshot.js';
import { runnableFixes, swarmFixes } from './explain/fixes.js';
import { buildNodeInfos } from './explain/nodeInfos.js';
import { recordedNodes, type FailedPass, type GroupRecord } from './scheduler/decision.js';
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
  /**
   * `decision`: `filters` and `matrix` are the record made when the task was
   * placed; `lastPass`: the record of the scheduler's last pass that could not
   * place it (a pending task); `now`: evaluated against this snapshot. Fixes
   * are always worked out against this snapshot.
   */
  readonly evaluatedAt: 'decision' | 'lastPass' | 'now';
  /** The recorded decision of a placed task, with the ranking of the nodes that passed; null otherwise. */
  readonly decision: DecisionView | null;
  /** For a pending task: when the scheduler's last pass ran (virtual ms), its error, and the nodes it knew; null otherwise. */
  readonly lastPass: { readonly time: number; readonly err: string; readonly nodeCount: number } | null;
  /** One sentence saying what decided the placement, or what keeps the task pending. */
  readonly because: string;
  /** Verdicts that changed since the decision (a placed task is not moved when they do) or since the last pass of a pending one. */
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
  const last = !placed && !opts.now && task.status.state === 'pending' ? task.lastPass : undefined;
  if (last) return explainLastPass(task, head, last, now);
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
      lastPass: null,
      because,
      sinceDecision: [],
    };
  }
  const g = d.group;
  const matrix = recordedMatrix(g, task);
  const view = decisionView(d, task as unknown as Task);
  const refused = matrix.filter((n) => !n.pass).map((n) => ({ node: n.node, reason: n.verdicts.find((v) => !v.pass)!.reason }));
  return {
    ...head,
    filters: g.filters,
    matrix,
    swarmkitMessage: task.status.err,
    fixes: [],
    evaluatedAt: 'decision',
    decision: view,
    lastPass: null,
    because: decisiveSentence(view, service, refused),
    sinceDecision: changesSince(matrix, now.matrix),
  };
}

/** A recorded pass's node x filter matrix (empty when the record kept only the ranking). */
function recordedMatrix(g: GroupRecord, task: TaskView): NodeVerdict[] {
  if (!g.full) return [];
  return recordedNodes(g, task as unknown as Task).map((n) => {
    const verdicts = g.filters.map((filter, i) => ({ filter, pass: n.verdicts![i] === '', reason: n.verdicts![i] }));
    const first = verdicts.find((v) => !v.pass);
    return { node: n.hostname, nodeId: n.id, verdicts, pass: !first, countedAgainst: first?.filter ?? null };
  });
}

/** Verdicts that changed between a recorded matrix and the state now: a node that passed then and fails now, or the other way round. */
function changesSince(then: readonly NodeVerdict[], now: readonly NodeVerdict[]): { node: string; filter: FilterName; reason: string }[] {
  const out: { node: string; filter: FilterName; reason: string }[] = [];
  for (const n of now) {
    const was = then.find((m) => m.nodeId === n.nodeId);
    if (!was) continue;
    for (const v of n.verdicts) {
      const w = was.verdicts.find((x) => x.filter === v.filter);
      if (w && w.pass !== v.pass) out.push({ node: n.node, filter: v.filter, reason: v.pass ? 'passes now' : v.reason });
    }
  }
  return out;
}

/**
 * A pending task explained from the scheduler's last pass that could not
 * place it: the matrix as that pass saw it and its error, never the state
 * now. Fixes are worked out against the state now (they are to run next), and
 * what changed since the pass is listed.
 */
function explainLastPass(
  task: TaskView,
  head: Pick<PlacementExplanation, 'task' | 'placed'>,
  last: FailedPass,
  now: NowEvaluation,
): PlacementExplanation {
  const g = last.group;
  const matrix = recordedMatrix(g, task);
  const then = lastPassSentence(task, matrix, last.err);
  const passing = now.matrix.filter((n) => n.pass).map((n) => n.node);
  const later =
    passing.length > 0 && now.anyPass
      ? ` Since then ${joinNames(passing)} ${passing.length === 1 ? 'passes' : 'pass'} every filter: the scheduler places it at its next pass.`
      : '';
  return {
    ...head,
    filters: g.filters,
    matrix,
    swarmkitMessage: task.status.err || last.err,
    fixes: now.anyPass ? [] : now.fixes,
    evaluatedAt: 'lastPass',
    decision: null,
    lastPass: { time: g.time, err: last.err, nodeCount: g.nodeCount },
    because: `${then}${later}`,
    sinceDecision: changesSince(matrix, now.matrix),
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
    fixes = all.length > 0 ? sameLinesOnce(all.filter((x) => x.changes.length === min)) : swarmFixes(snap, task, enabled, nodes);
  }
  return { filters: enabled.map((f) => f.name), matrix, anyPass, message, fixes };
}

/** Nodes grouped by the first filter they fail and its reason: "node1 and node2 fail Plugin (...)". */
function failureParts(matrix: readonly NodeVerdict[], one: string, many: string): string[] {
  const byReason = new Map<string, { filter: string; reason: string; nodes: string[] }>();
  for (const n of matrix) {
    const v = n.verdicts.find((x) => !x.pass);
    if (!v) continue;
    const key = `${v.filter}\0${v.reason}`;
    const e = byReason.get(key) ?? { filter: v.filter, reason: v.reason, nodes: [] };
    e.nodes.push(n.node);
    byReason.set(key, e);
  }
  return [...byReason.values()].map((e) => `${joinNames(e.nodes)} ${e.nodes.length === 1 ? one : many} ${e.filter} (${e.reason})`);
}

/** One sentence for a pending task from the record of the scheduler's last pass, in the past tense: it is what that pass saw. */
function lastPassSentence(task: TaskView, matrix: readonly NodeVerdict[], err: string): string {
  if (task.desiredState !== 'running' && task.desiredState !== 'ready' && task.desiredState !== 'complete')
    return `It is no longer wanted (desired ${task.desiredState}), so it will not be placed.`;
  if (matrix.length === 0) return `At the scheduler's last pass there was no node to place it on.`;
  const ok = matrix.filter((n) => n.pass).map((n) => n.node);
  if (ok.length > 0) return `At the scheduler's last pass ${joinNames(ok)} passed every filter, yet it stayed pending (${err}).`;
  const parts = failureParts(matrix, 'failed', 'failed');
  if (task.preassigned) return `At the scheduler's last pass this global task's own node did not pass: ${parts.join('; ')}.`;
  return `At the scheduler's last pass no node passed every filter: ${parts.join('; ')}.`;
}

/** Nodes whose changes are the same lines (a service update, say) are one option: "node1 or node2". */
function sameLinesOnce(fixes: { node: string; changes: Fix[] }[]): { node: string; changes: Fix[] }[] {
  const out: { node: string; changes: Fix[] }[] = [];
  const byLines = new Map<string, { node: string; changes: Fix[] }>();
  for (const f of fixes) {
    const key = f.changes.map((c) => c.command).join('\n');
    const seen = byLines.get(key);
    if (seen) seen.node = `${seen.node} or ${f.node}`;
    else {
      const copy = { node: f.node, changes: f.changes };
      byLines.set(key, copy);
      out.push(copy);
    }
  }
  return out;
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
  const parts = failureParts(matrix, 'fails', 'fail');
  if (task.preassigned) return `A global task waits for its own node, and ${parts.join('; ')}.`;
  return `No node passes every filter: ${parts.join('; ')}.`;
}

const joinNames = (xs: readonly string[]): string => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`);
