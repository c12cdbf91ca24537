import type { TraceEvent } from '../cluster/trace.js';
import type { Task } from '../model/types.js';
import { stateLe, stateLt } from '../model/taskState.js';
import { defaultFilters, type FilterName, type Fix } from '../scheduler/filters/index.js';
import { standingsAt } from '../scheduler/decision.js';
import type { SimSnapshot, TaskView } from '../snapshot.js';
import { runnableFixes } from './fixes.js';
import { buildNodeInfos } from './nodeInfos.js';

/** A step of the scenario that led to the snapshot, with the trace events it caused. */
export interface HistoryStep {
  /** 1-based. */
  readonly step: number;
  readonly line: number;
  /** The scenario line as typed: `node2$ docker plugin rm -f bboreham/weave2`. */
  readonly source: string;
  readonly events: readonly TraceEvent[];
}

export interface ServiceOnNode {
  readonly service: string;
  /** Its active tasks on the node. */
  readonly tasksHere: readonly string[];
  /** The filters a task of the service fails on the node now, why, and the step that made it so. */
  readonly failing: readonly { readonly filter: FilterName; readonly reason: string; readonly cause: string | null }[];
  /** One sentence: why its tasks are, or are not, on this node. */
  readonly because: string;
  /** Runnable scenario lines that would let it run here (empty when it can, or when no line would do). */
  readonly fixes: readonly Fix[];
}

export interface NodeExplanation {
  readonly node: string;
  readonly nodeId: string;
  readonly services: readonly ServiceOnNode[];
}

const holds = (t: TaskView): boolean => t.nodeId !== '' && !stateLt(t.status.state, 'assigned') && stateLe(t.status.state, 'running');

/**
 * Why each service's tasks are, or are not, on one node: the filters a task
 * of it fails there now, with the step that caused each (from `history`), or,
 * when it passes, what the recorded decisions preferred instead.
 */
export function explainNode(snap: SimSnapshot, name: string, history: readonly HistoryStep[] = []): NodeExplanation | null {
  const node = snap.nodes.find((n) => n.hostname === name || n.id === name);
  if (!node) return null;
  const services: ServiceOnNode[] = [];
  for (const svc of snap.services) {
    const tasks = snap.tasks.filter((t) => t.serviceId === svc.id);
    const here = tasks.filter((t) => t.nodeId === node.id && holds(t)).map((t) => t.name);
    // The newest task stands for the service: it carries the current spec.
    const rep = [...tasks].sort((a, b) => b.specVersion - a.specVersion || b.createdAt - a.createdAt)[0];
    if (!rep) {
      services.push({ service: svc.name, tasksHere: [], failing: [], because: `${svc.name} has no tasks.`, fixes: [] });
      continue;
    }
    const info = buildNodeInfos(snap, rep.id).find((n) => n.id === node.id)!;
    const failing: { filter: FilterName; reason: string; cause: string | null }[] = [];
    const fixes: Fix[] = [];
    let fixable = true;
    for (const f of defaultFilters()) {
      if (!f.setTask(rep as unknown as Task) || f.check(info)) continue;
      failing.push({ filter: f.name, reason: f.reason(info) || f.explain(1), cause: causeOf(f.name, f.reason(info), node.hostname, node.id, history) });
      const r = runnableFixes(snap, f.name, f.fixes(info), node.id, svc.id);
      if (r) fixes.push(...r);
      else fixable = false;
    }
    services.push({
      service: svc.name,
      tasksHere: here,
      failing,
      because: sentence(svc.name, node.hostname, node.id, here, failing, tasks),
      fixes: fixable && here.length === 0 ? fixes : [],
    });
  }
  return { node: node.hostname, nodeId: node.id, services };
}

function sentence(
  service: string,
  host: string,
  nodeId: string,
  here: readonly string[],
  failing: readonly { filter: FilterName; reason: string; cause: string | null }[],
  tasks: readonly TaskView[],
): string {
  if (here.length > 0) {
    const extra = failing.length > 0 ? `; a new one could not come: ${failing.map((f) => f.reason).join('; ')} (running tasks are not moved)` : '';
    return `${service} has ${here.length === 1 ? '1 task' : `${here.length} tasks`} here (${here.join(', ')})${extra}.`;
  }
  if (failing.length > 0) return `${service} cannot run here: ${failing.map((f) => `${f.reason}${f.cause ? ` (${f.cause})` : ''}`).join('; ')}.`;
  const active = tasks.filter(holds);
  if (active.length === 0) return `${service} passes every filter here, and has no task running anywhere.`;
  // Ask the records: when was this node passed over, and for what?
  for (const t of [...active].reverse()) {
    const d = t.decision;
    if (!d) continue;
    const at = standingsAt(d.group, d.index, t as unknown as Task);
    const mine = at.find((n) => n.id === nodeId);
    const chosen = at.find((n) => n.id === d.nodeId);
    if (!mine || !chosen) continue;
    const fail = mine.verdicts?.findIndex((v) => v !== '') ?? -1;
    if (fail >= 0) return `${service} passes every filter here now, but when ${t.name} was placed ${host} failed ${d.group.filters[fail]} (${mine.verdicts![fail]}); placed tasks are not moved.`;
    if (mine.tasksOfService !== chosen.tasksOfService)
      return `${service} passes every filter here, but when ${t.name} was placed ${chosen.hostname} had ${chosen.tasksOfService} tasks of ${service}, ${host} had ${mine.tasksOfService}.`;
    if (mine.totalTasks !== chosen.totalTasks)
      return `${service} passes every filter here, but when ${t.name} was placed ${chosen.hostname} had ${chosen.totalTasks} tasks in all, ${host} had ${mine.totalTasks}.`;
    return `${service} passes every filter here; ${t.name} went to ${chosen.hostname} on a tie broken by the seed.`;
  }
  return `${service} passes every filter here; its tasks were placed elsewhere before decisions were recorded.`;
}

/** The last step that made the node fail `filter`, in words, or null when no step did. */
function causeOf(filter: FilterName, reason: string, host: string, nodeId: string, history: readonly HistoryStep[]): string | null {
  let kinds: readonly string[];
  let subject: (e: TraceEvent) => boolean;
  let what: string;
  if (filter === 'Plugin') {
    const plugin = /plugin (\S+) not installed/.exec(reason)?.[1] ?? '';
    const base = plugin.replace(/:[^/:]+$/, '');
    kinds = ['plugin.removed', 'plugin.disabled'];
    subject = (e) => e.subject === `${host}/${plugin}` || e.subject === `${host}/${base}` || e.subject.startsWith(`${host}/${base}:`);
    what = 'removed';
  } else if (filter === 'Constraint') {
    kinds = ['node.labels', 'node.role'];
    subject = (e) => e.subject === nodeId;
    what = 'changed';
  } else if (filter === 'Ready') {
    kinds = ['node.status', 'node.availability'];
    subject = (e) => e.subject === nodeId;
    what = 'changed';
  } else return null;
  for (let i = history.length - 1; i >= 0; i--) {
    const h = history[i];
    const e = h.events.find((x) => kinds.includes(x.kind) && subject(x));
    if (e) return `${e.kind === 'plugin.disabled' ? 'disabled' : what} at step ${h.step}: ${h.source}`;
  }
  return filter === 'Plugin' ? `never installed on ${host}` : null;
}
