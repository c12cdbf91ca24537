/**
 * What one step changed, compared snapshot to snapshot: tasks placed, moved
 * or stopped, plugins added or removed, node availability and status. The
 * view outlines what changed and the diff panel says it in words.
 */
import type { SimSnapshot } from '../../sim/snapshot.js';

export type ChangeKind =
  | 'task-placed'
  | 'task-moved'
  | 'task-pending'
  | 'task-stopped'
  | 'task-removed'
  | 'plugin-added'
  | 'plugin-removed'
  | 'plugin-enabled'
  | 'plugin-disabled'
  | 'node-availability'
  | 'node-status'
  | 'node-role'
  | 'node-joined'
  | 'node-left'
  | 'machine-added'
  | 'volume-added'
  | 'volume-removed'
  | 'network-added'
  | 'network-removed'
  | 'service-added'
  | 'service-removed'
  | 'service-scaled';

export interface Change {
  readonly kind: ChangeKind;
  /** The machine the change is on, if any: its card is outlined. */
  readonly machine: string | null;
  /** A task ID for task changes; a plugin's local name for plugin changes. */
  readonly subject: string;
  readonly text: string;
}

export interface StepDiff {
  readonly changes: readonly Change[];
  readonly machines: ReadonlySet<string>;
  readonly tasks: ReadonlySet<string>;
}

export const EMPTY_DIFF: StepDiff = { changes: [], machines: new Set(), tasks: new Set() };

const RUNNING = new Set(['assigned', 'accepted', 'preparing', 'ready', 'starting', 'running']);

export function diffSnapshots(prev: SimSnapshot, next: SimSnapshot): StepDiff {
  const out: Change[] = [];
  const host = (snap: SimSnapshot, nodeId: string): string | null => snap.nodes.find((n) => n.id === nodeId)?.hostname ?? null;
  const prevTasks = new Map(prev.tasks.map((t) => [t.id, t]));
  const nextTasks = new Map(next.tasks.map((t) => [t.id, t]));

  // Tasks, summarised per service and node so that 2,000 replicas make a short list.
  const counts = new Map<string, { kind: ChangeKind; machine: string | null; n: number; text: (n: number) => string; ids: string[] }>();
  const count = (kind: ChangeKind, machine: string | null, key: string, id: string, text: (n: number) => string): void => {
    const k = `${kind}|${machine}|${key}`;
    const c = counts.get(k) ?? { kind, machine, n: 0, text, ids: [] };
    c.n++;
    c.ids.push(id);
    counts.set(k, c);
  };
  const svc = (snap: SimSnapshot, id: string): string => snap.services.find((s) => s.id === id)?.name ?? id;
  const tasks = (n: number, s: string): string => (n === 1 ? `1 task of ${s}` : `${n} tasks of ${s}`);
  for (const t of next.tasks) {
    const before = prevTasks.get(t.id);
    const s = svc(next, t.serviceId);
    const on = host(next, t.nodeId);
    if (!before) {
      if (on && RUNNING.has(t.status.state)) count('task-placed', on, s, t.id, (n) => `${tasks(n, s)} placed on ${on}`);
      else if (!on && t.desiredState === 'running') count('task-pending', null, s, t.id, (n) => `${tasks(n, s)} waiting for a node`);
      continue;
    }
    const was = host(prev, before.nodeId);
    if (on && was !== on && RUNNING.has(t.status.state)) {
      if (was) count('task-moved', on, s, t.id, (n) => `${tasks(n, s)} moved from ${was} to ${on}`);
      else count('task-placed', on, s, t.id, (n) => `${tasks(n, s)} placed on ${on} after waiting`);
    } else if (RUNNING.has(before.status.state) && !RUNNING.has(t.status.state) && t.status.state !== 'pending') {
      count('task-stopped', on, s, t.id, (n) => `${tasks(n, s)} ${t.status.state} on ${on ?? 'no node'}`);
    }
  }
  for (const t of prev.tasks) {
    if (nextTasks.has(t.id)) continue;
    const on = host(prev, t.nodeId);
    const s = svc(prev, t.serviceId);
    count('task-removed', on, s, t.id, (n) => `${tasks(n, s)} removed${on ? ` from ${on}` : ''}`);
  }
  const taskIds = new Set<string>();
  for (const c of counts.values()) {
    out.push({ kind: c.kind, machine: c.machine, subject: c.ids[0], text: c.text(c.n) });
    if (c.kind !== 'task-removed') for (const id of c.ids) taskIds.add(id);
  }

  // Machines, plugins and volumes.
  for (const m of next.machines) {
    const before = prev.machines.find((x) => x.name === m.name);
    if (!before) {
      out.push({ kind: 'machine-added', machine: m.name, subject: m.name, text: `machine ${m.name} (${m.ip}) added` });
    }
    const had = new Map((before?.plugins ?? []).map((p) => [p.name, p]));
    for (const p of m.plugins) {
      const b = had.get(p.name);
      if (!b) out.push({ kind: 'plugin-added', machine: m.name, subject: p.name, text: `plugin ${p.name} installed on ${m.name}${p.enabled ? '' : ' (disabled)'}` });
      else if (b.enabled !== p.enabled)
        out.push({
          kind: p.enabled ? 'plugin-enabled' : 'plugin-disabled',
          machine: m.name,
          subject: p.name,
          text: `plugin ${p.name} ${p.enabled ? 'enabled' : 'disabled'} on ${m.name}`,
        });
      had.delete(p.name);
    }
    for (const p of had.values()) out.push({ kind: 'plugin-removed', machine: m.name, subject: p.name, text: `plugin ${p.name} removed from ${m.name}` });
    const vols = new Set((before?.volumes ?? []).map((v) => v.name));
    for (const v of m.volumes) {
      if (!vols.has(v.name)) out.push({ kind: 'volume-added', machine: m.name, subject: v.name, text: `volume ${v.name} (${v.driver}) created on ${m.name}` });
      vols.delete(v.name);
    }
    for (const v of vols) out.push({ kind: 'volume-removed', machine: m.name, subject: v, text: `volume ${v} removed from ${m.name}` });
  }

  // Nodes.
  for (const n of next.nodes) {
    const b = prev.nodes.find((x) => x.id === n.id);
    if (!b) {
      out.push({ kind: 'node-joined', machine: n.hostname, subject: n.id, text: `${n.hostname} joined the swarm as a ${n.role}` });
      continue;
    }
    if (b.availability !== n.availability)
      out.push({ kind: 'node-availability', machine: n.hostname, subject: n.id, text: `${n.hostname}: availability ${b.availability} → ${n.availability}` });
    if (b.status !== n.status) out.push({ kind: 'node-status', machine: n.hostname, subject: n.id, text: `${n.hostname}: status ${b.status} → ${n.status}` });
    if (b.role !== n.role) out.push({ kind: 'node-role', machine: n.hostname, subject: n.id, text: `${n.hostname}: role ${b.role} → ${n.role}` });
  }
  for (const b of prev.nodes)
    if (!next.nodes.some((n) => n.id === b.id)) out.push({ kind: 'node-left', machine: b.hostname, subject: b.id, text: `${b.hostname} left the swarm` });

  // Networks and services.
  for (const n of next.networks)
    if (!prev.networks.some((x) => x.id === n.id)) out.push({ kind: 'network-added', machine: null, subject: n.id, text: `network ${n.name} (${n.driver}) created` });
  for (const n of prev.networks)
    if (!next.networks.some((x) => x.id === n.id)) out.push({ kind: 'network-removed', machine: null, subject: n.id, text: `network ${n.name} removed` });
  for (const s of next.services) {
    const b = prev.services.find((x) => x.id === s.id);
    if (!b) out.push({ kind: 'service-added', machine: null, subject: s.id, text: `service ${s.name} created` });
    else if (b.spec.mode.kind === 'replicated' && s.spec.mode.kind === 'replicated' && b.spec.mode.replicas !== s.spec.mode.replicas)
      out.push({ kind: 'service-scaled', machine: null, subject: s.id, text: `service ${s.name} scaled ${b.spec.mode.replicas} → ${s.spec.mode.replicas}` });
  }
  for (const s of prev.services)
    if (!next.services.some((x) => x.id === s.id)) out.push({ kind: 'service-removed', machine: null, subject: s.id, text: `service ${s.name} removed` });

  const machines = new Set(out.filter((c) => c.machine && !c.kind.startsWith('task-')).map((c) => c.machine as string));
  return { changes: out, machines, tasks: taskIds };
}
