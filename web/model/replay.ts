/**
 * Any instant of a run, rebuilt from the snapshot before a step and the
 * trace events the step caused: the trace says which task moved where and
 * when, so scrubbing between two commands shows the scheduler at work.
 */
import type { TraceEvent } from '../../sim/cluster/trace.js';
import type { TaskState } from '../../sim/model/taskState.js';
import type { NodeAvailability, NodeStatus } from '../../sim/model/types.js';
import type { MachineView, NodeView, PluginView, SimSnapshot, TaskView } from '../../sim/snapshot.js';

/**
 * How many of a step's events have happened at fraction `f` (0..1) of it:
 * by virtual time when the step takes time, by order when it takes none.
 */
export function eventsAt(events: readonly TraceEvent[], t0: number, t1: number, f: number): number {
  if (f <= 0) return 0;
  if (f >= 1) return events.length;
  if (t1 <= t0) return Math.ceil(f * events.length);
  const t = t0 + f * (t1 - t0);
  let n = 0;
  while (n < events.length && events[n].time <= t) n++;
  return n;
}

/**
 * The world after the first `count` events of a step: tasks, node status and
 * availability, and plugins follow the events; the rest of the picture comes
 * from the snapshot before or after the step, whichever the events say.
 */
export function replay(prev: SimSnapshot, next: SimSnapshot, events: readonly TraceEvent[], count: number): SimSnapshot {
  if (count <= 0) return prev;
  if (count >= events.length) return next;
  const applied = events.slice(0, count);
  const created = new Set<string>();
  const removed = new Set<string>();
  const machinesAdded = new Set<string>();
  const task = new Map<string, { state?: TaskState; desired?: TaskState; node?: string; err?: string | null }>();
  const nodeStatus = new Map<string, NodeStatus>();
  const nodeAvail = new Map<string, NodeAvailability>();
  const plugins = new Map<string, 'installed' | 'removed' | 'enabled' | 'disabled'>();
  const nodesJoined = new Set<string>();
  for (const e of applied) {
    const rec = (): { state?: TaskState; desired?: TaskState; node?: string; err?: string | null } => {
      let r = task.get(e.subject);
      if (!r) task.set(e.subject, (r = {}));
      return r;
    };
    switch (e.kind) {
      case 'task.created': {
        created.add(e.subject);
        removed.delete(e.subject);
        const [state, desired] = (e.after ?? '').split('/');
        Object.assign(rec(), { state: state as TaskState, desired: desired as TaskState });
        break;
      }
      case 'task.state':
        rec().state = e.after as TaskState;
        break;
      case 'task.desired':
        rec().desired = e.after as TaskState;
        break;
      case 'task.assigned':
        rec().node = e.after ?? '';
        break;
      case 'task.error':
        rec().err = e.after;
        break;
      case 'task.removed':
        removed.add(e.subject);
        break;
      case 'node.status':
        nodeStatus.set(e.subject, e.after as NodeStatus);
        break;
      case 'node.availability':
        nodeAvail.set(e.subject, e.after as NodeAvailability);
        break;
      case 'node.joined':
        nodesJoined.add(e.subject);
        break;
      case 'machine.added':
        machinesAdded.add(e.subject);
        break;
      case 'plugin.installed':
        plugins.set(e.subject, 'installed');
        break;
      case 'plugin.removed':
        plugins.set(e.subject, 'removed');
        break;
      case 'plugin.enabled':
        plugins.set(e.subject, 'enabled');
        break;
      case 'plugin.disabled':
        plugins.set(e.subject, 'disabled');
        break;
      default:
        break;
    }
  }

  // Tasks: those before the step, and those the step created so far, as the events left them.
  const nextTasks = new Map(next.tasks.map((t) => [t.id, t]));
  const tasks: TaskView[] = [];
  const seen = new Set<string>();
  const place = (base: TaskView): void => {
    seen.add(base.id);
    if (removed.has(base.id)) return;
    const r = task.get(base.id);
    if (!r) {
      tasks.push(base);
      return;
    }
    // Assigned within the step: the scheduler's record of it is the next snapshot's.
    const decision = r.node ? nextTasks.get(base.id)?.decision : undefined;
    tasks.push({
      ...base,
      ...(decision ? { decision } : {}),
      nodeId: r.node ?? base.nodeId,
      desiredState: r.desired ?? base.desiredState,
      status: {
        ...base.status,
        state: r.state ?? base.status.state,
        err: r.err === undefined ? base.status.err : (r.err ?? ''),
      },
    });
  };
  for (const t of prev.tasks) place(t);
  for (const id of created) {
    if (seen.has(id)) continue;
    const t = nextTasks.get(id);
    // A task created and deleted within the step has no snapshot to draw it from.
    if (t) place({ ...t, nodeId: '', status: { ...t.status, err: '' } });
  }

  // Machines and nodes: those of the snapshot before, and those that appeared so far.
  const machines: MachineView[] = [];
  for (const m of next.machines) {
    const before = prev.machines.find((x) => x.name === m.name);
    if (!before && !machinesAdded.has(m.name)) continue;
    machines.push(withPlugins(before ?? m, m, plugins));
  }
  for (const m of prev.machines) if (!next.machines.some((x) => x.name === m.name)) machines.push(m);
  const nodes: NodeView[] = [];
  for (const n of next.nodes) {
    const before = prev.nodes.find((x) => x.id === n.id);
    if (!before && !nodesJoined.has(n.id)) continue;
    const base = before ?? n;
    nodes.push({ ...base, status: nodeStatus.get(n.id) ?? base.status, availability: nodeAvail.get(n.id) ?? base.availability });
  }
  for (const n of prev.nodes) if (!next.nodes.some((x) => x.id === n.id)) nodes.push(n);

  return {
    ...next,
    time: Math.max(prev.time, applied[applied.length - 1].time),
    swarm: prev.swarm ?? (applied.some((e) => e.kind === 'swarm.initialized') ? next.swarm : null),
    machines,
    nodes,
    services: next.services.length >= prev.services.length ? next.services : prev.services,
    networks: next.networks,
    tasks,
  };
}

/** A machine's plugins as the events so far left them: `host/name` subjects. */
function withPlugins(base: MachineView, after: MachineView, changes: ReadonlyMap<string, string>): MachineView {
  let plugins: PluginView[] = [...base.plugins];
  let touched = false;
  for (const [subject, change] of changes) {
    const slash = subject.indexOf('/');
    if (subject.slice(0, slash) !== base.name) continue;
    const name = subject.slice(slash + 1);
    touched = true;
    if (change === 'removed') plugins = plugins.filter((p) => p.name !== name);
    else if (change === 'installed') {
      const p = after.plugins.find((x) => x.name === name);
      if (p && !plugins.some((x) => x.name === name)) plugins.push(p);
    } else plugins = plugins.map((p) => (p.name === name ? { ...p, enabled: change === 'enabled' } : p));
  }
  return touched ? { ...base, plugins } : base;
}
