import type { Task } from './model/types.js';
import { stateLe, stateLt } from './model/taskState.js';
import { defaultFilters, type FilterName, type Fix } from './scheduler/filters/index.js';
import { NodeInfo } from './scheduler/nodeInfo.js';
import { Pipeline } from './scheduler/pipeline.js';
import type { SimSnapshot, TaskView } from './snapshot.js';

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
  readonly matrix: readonly NodeVerdict[];
  /** SwarmKit's own words: the task's error if it has one, else what the pipeline would say now. */
  readonly swarmkitMessage: string;
  /** For a task that cannot be placed: the nodes needing the fewest changes, and those changes. */
  readonly fixes: readonly { readonly node: string; readonly changes: readonly Fix[] }[];
}

/**
 * Explains a task's placement against a snapshot: every filter on every
 * node, not only the first failure SwarmKit counts, and the smallest changes
 * that would let a pending task run. Computed on demand, never on the hot path.
 */
export function explainTask(snap: SimSnapshot, taskId: string): PlacementExplanation | null {
  const task = snap.tasks.find((t) => t.id === taskId);
  if (!task) return null;
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
  const recomputed = anyPass ? '' : task.preassigned ? pipeline.explain() : pipeline.explain() ? `no suitable node (${pipeline.explain()})` : 'no suitable node';
  const unplaced = task.status.state === 'pending' || task.nodeId === '';
  let fixes: { node: string; changes: Fix[] }[] = [];
  if (unplaced && !anyPass) {
    const all = nodes.map((n) => ({
      node: n.node.machine,
      changes: enabled.filter((f) => !f.check(n)).flatMap((f) => f.fixes(n)),
    }));
    const fixable = all.filter((x) => x.changes.length > 0);
    const min = Math.min(...fixable.map((x) => x.changes.length));
    fixes = fixable.filter((x) => x.changes.length === min);
  }
  const nodeName = snap.nodes.find((n) => n.id === task.nodeId)?.hostname ?? null;
  return {
    task: {
      id: task.id,
      name: task.name,
      state: task.status.state,
      desiredState: task.desiredState,
      node: nodeName,
      error: task.status.err,
      preassigned: task.preassigned,
    },
    filters: enabled.map((f) => f.name),
    matrix,
    swarmkitMessage: task.status.err || recomputed,
    fixes,
  };
}

/** The scheduler's bookkeeping rebuilt from a snapshot, leaving out the task being explained. */
function buildNodeInfos(snap: SimSnapshot, exclude: string): NodeInfo[] {
  const infos = new Map<string, NodeInfo>();
  for (const n of snap.nodes) infos.set(n.id, new NodeInfo(n));
  for (const t of snap.tasks as TaskView[]) {
    if (t.id === exclude || t.nodeId === '') continue;
    if (stateLt(t.status.state, 'assigned') || !stateLe(t.status.state, 'running')) continue;
    infos.get(t.nodeId)?.addTask(t as unknown as Task);
  }
  return [...infos.values()];
}
