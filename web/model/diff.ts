/**
 * What one step changed, compared snapshot to snapshot: tasks placed, moved
 * or stopped, plugins added or removed, node availability and status. The
 * view outlines what changed and the diff panel says it in words.
 *
 * Changes of one kind and subject on many machines are told once ("100 tasks
 * of net removed from 100 nodes"), with the per-machine lines kept as detail:
 * a step of a 1,000-node swarm reads as a few lines, not a thousand.
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
  /** The machine the change is on, if it is on one: its card is outlined. Null for a summary over machines. */
  readonly machine: string | null;
  /** A task ID for task changes; a plugin's local name for plugin changes. */
  readonly subject: string;
  readonly text: string;
  /** Every machine the change touches (one, or those a summary stands for), in order. */
  readonly machines: readonly string[];
  /** For a summary: the per-machine lines it stands for. */
  readonly details: readonly string[];
}

export interface StepDiff {
  readonly changes: readonly Change[];
  /** Machines whose card changed (plugins, volumes, node state): outlined. */
  readonly machines: ReadonlySet<string>;
  /** Tasks placed, moved, stopped or waiting in this step: outlined. */
  readonly tasks: ReadonlySet<string>;
  /** Machines where anything changed, tasks included, in the order of the changes: where to look. */
  readonly where: readonly string[];
}

export const EMPTY_DIFF: StepDiff = { changes: [], machines: new Set(), tasks: new Set(), where: [] };

/** More machines than this with the same change, and the change is told once. */
export const SUMMARY_AFTER = 3;

const RUNNING = new Set(['assigned', 'accepted', 'preparing', 'ready', 'starting', 'running']);

/** A change before summing up: `group` names what it shares with the same change elsewhere. */
interface Item {
  kind: ChangeKind;
  machine: string | null;
  subject: string;
  text: string;
  /** Changes with the same group, on more than SUMMARY_AFTER machines, become one line. */
  group: string | null;
  /** Count carried by the item (tasks), summed in a summary. */
  n: number;
  many: ((n: number, machines: number) => string) | null;
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
const tasksOf = (n: number, s: string): string => `${plural(n, 'task')} of ${s}`;

export function diffSnapshots(prev: SimSnapshot, next: SimSnapshot): StepDiff {
  const items: Item[] = [];
  const hostPrev = new Map(prev.nodes.map((n) => [n.id, n.hostname]));
  const hostNext = new Map(next.nodes.map((n) => [n.id, n.hostname]));
  const svcPrev = new Map(prev.services.map((s) => [s.id, s.name]));
  const svcNext = new Map(next.services.map((s) => [s.id, s.name]));
  const prevTasks = new Map(prev.tasks.map((t) => [t.id, t]));
  const nextTaskIds = new Set(next.tasks.map((t) => t.id));
  const taskIds = new Set<string>();

  // Tasks, counted per change, service and node.
  const counts = new Map<string, Item & { ids: string[]; one: (n: number) => string }>();
  const count = (
    kind: ChangeKind,
    machine: string | null,
    key: string,
    id: string,
    one: (n: number) => string,
    many: ((n: number, machines: number) => string) | null,
  ): void => {
    const k = `${kind}|${machine}|${key}`;
    let c = counts.get(k);
    if (!c) counts.set(k, (c = { kind, machine, subject: id, text: '', group: many ? `${kind}|${key}` : null, n: 0, many, ids: [], one }));
    c.n++;
    c.ids.push(id);
  };
  for (const t of next.tasks) {
    const before = prevTasks.get(t.id);
    const s = svcNext.get(t.serviceId) ?? t.serviceId;
    const on = hostNext.get(t.nodeId) ?? null;
    if (!before) {
      if (on && RUNNING.has(t.status.state))
        count('task-placed', on, s, t.id, (n) => `${tasksOf(n, s)} placed on ${on}`, (n, m) => `${tasksOf(n, s)} placed on ${plural(m, 'node')}`);
      else if (!on && t.desiredState === 'running') count('task-pending', null, s, t.id, (n) => `${tasksOf(n, s)} waiting for a node`, null);
      continue;
    }
    const was = hostPrev.get(before.nodeId) ?? null;
    if (on && was !== on && RUNNING.has(t.status.state)) {
      if (was) count('task-moved', on, `${s}|${was}`, t.id, (n) => `${tasksOf(n, s)} moved from ${was} to ${on}`, (n, m) => `${tasksOf(n, s)} moved from ${was} to ${plural(m, 'node')}`);
      else
        count('task-placed', on, `${s}|waited`, t.id, (n) => `${tasksOf(n, s)} placed on ${on} after waiting`, (n, m) => `${tasksOf(n, s)} placed on ${plural(m, 'node')} after waiting`);
    } else if (RUNNING.has(before.status.state) && !RUNNING.has(t.status.state) && t.status.state !== 'pending') {
      const st = t.status.state;
      count('task-stopped', on, `${s}|${st}`, t.id, (n) => `${tasksOf(n, s)} ${st} on ${on ?? 'no node'}`, (n, m) => `${tasksOf(n, s)} ${st} on ${plural(m, 'node')}`);
    }
  }
  for (const t of prev.tasks) {
    if (nextTaskIds.has(t.id)) continue;
    const on = hostPrev.get(t.nodeId) ?? null;
    const s = svcPrev.get(t.serviceId) ?? t.serviceId;
    count('task-removed', on, s, t.id, (n) => `${tasksOf(n, s)} removed${on ? ` from ${on}` : ''}`, on ? (n, m) => `${tasksOf(n, s)} removed from ${plural(m, 'node')}` : null);
  }
  for (const c of counts.values()) {
    items.push({ ...c, text: c.one(c.n) });
    if (c.kind !== 'task-removed') for (const id of c.ids) taskIds.add(id);
  }

  // Machines, plugins and volumes.
  const prevMachines = new Map(prev.machines.map((m) => [m.name, m]));
  for (const m of next.machines) {
    const before = prevMachines.get(m.name);
    if (!before) {
      items.push({ kind: 'machine-added', machine: m.name, subject: m.name, text: `machine ${m.name} (${m.ip}) added`, group: 'machine-added', n: 1, many: (_n, k) => `${plural(k, 'machine')} added` });
    }
    const had = new Map((before?.plugins ?? []).map((p) => [p.name, p]));
    for (const p of m.plugins) {
      const b = had.get(p.name);
      if (!b) {
        const dis = p.enabled ? '' : ' (disabled)';
        items.push({
          kind: 'plugin-added',
          machine: m.name,
          subject: p.name,
          text: `plugin ${p.name} installed on ${m.name}${dis}`,
          group: `plugin-added|${p.name}|${dis}`,
          n: 1,
          many: (_n, k) => `plugin ${p.name} installed on ${plural(k, 'machine')}${dis}`,
        });
      } else if (b.enabled !== p.enabled) {
        const verb = p.enabled ? 'enabled' : 'disabled';
        items.push({
          kind: p.enabled ? 'plugin-enabled' : 'plugin-disabled',
          machine: m.name,
          subject: p.name,
          text: `plugin ${p.name} ${verb} on ${m.name}`,
          group: `plugin-${verb}|${p.name}`,
          n: 1,
          many: (_n, k) => `plugin ${p.name} ${verb} on ${plural(k, 'machine')}`,
        });
      }
      had.delete(p.name);
    }
    for (const p of had.values())
      items.push({
        kind: 'plugin-removed',
        machine: m.name,
        subject: p.name,
        text: `plugin ${p.name} removed from ${m.name}`,
        group: `plugin-removed|${p.name}`,
        n: 1,
        many: (_n, k) => `plugin ${p.name} removed from ${plural(k, 'machine')}`,
      });
    const vols = new Set((before?.volumes ?? []).map((v) => v.name));
    for (const v of m.volumes) {
      if (!vols.has(v.name))
        items.push({
          kind: 'volume-added',
          machine: m.name,
          subject: v.name,
          text: `volume ${v.name} (${v.driver}) created on ${m.name}`,
          group: `volume-added|${v.name}|${v.driver}`,
          n: 1,
          many: (_n, k) => `volume ${v.name} (${v.driver}) created on ${plural(k, 'machine')}`,
        });
      vols.delete(v.name);
    }
    for (const v of vols)
      items.push({ kind: 'volume-removed', machine: m.name, subject: v, text: `volume ${v} removed from ${m.name}`, group: `volume-removed|${v}`, n: 1, many: (_n, k) => `volume ${v} removed from ${plural(k, 'machine')}` });
  }

  // Nodes.
  const prevNodes = new Map(prev.nodes.map((n) => [n.id, n]));
  const nextNodeIds = new Set(next.nodes.map((n) => n.id));
  for (const n of next.nodes) {
    const b = prevNodes.get(n.id);
    if (!b) {
      items.push({
        kind: 'node-joined',
        machine: n.hostname,
        subject: n.id,
        text: `${n.hostname} joined the swarm as a ${n.role}`,
        group: `node-joined|${n.role}`,
        n: 1,
        many: (_n, k) => `${plural(k, 'node')} joined the swarm as ${n.role}s`,
      });
      continue;
    }
    const field = (kind: ChangeKind, what: string, from: string, to: string): void => {
      if (from !== to)
        items.push({ kind, machine: n.hostname, subject: n.id, text: `${n.hostname}: ${what} ${from} → ${to}`, group: `${kind}|${from}|${to}`, n: 1, many: (_n, k) => `${plural(k, 'node')}: ${what} ${from} → ${to}` });
    };
    field('node-availability', 'availability', b.availability, n.availability);
    field('node-status', 'status', b.status, n.status);
    field('node-role', 'role', b.role, n.role);
  }
  for (const b of prev.nodes)
    if (!nextNodeIds.has(b.id))
      items.push({ kind: 'node-left', machine: b.hostname, subject: b.id, text: `${b.hostname} left the swarm`, group: 'node-left', n: 1, many: (_n, k) => `${plural(k, 'node')} left the swarm` });

  // Networks and services.
  const prevNets = new Set(prev.networks.map((x) => x.id));
  const nextNets = new Set(next.networks.map((x) => x.id));
  const single = (kind: ChangeKind, subject: string, text: string): Item => ({ kind, machine: null, subject, text, group: null, n: 1, many: null });
  for (const n of next.networks) if (!prevNets.has(n.id)) items.push(single('network-added', n.id, `network ${n.name} (${n.driver}) created`));
  for (const n of prev.networks) if (!nextNets.has(n.id)) items.push(single('network-removed', n.id, `network ${n.name} removed`));
  const prevSvcs = new Map(prev.services.map((s) => [s.id, s]));
  for (const s of next.services) {
    const b = prevSvcs.get(s.id);
    if (!b) items.push(single('service-added', s.id, `service ${s.name} created`));
    else if (b.spec.mode.kind === 'replicated' && s.spec.mode.kind === 'replicated' && b.spec.mode.replicas !== s.spec.mode.replicas)
      items.push(single('service-scaled', s.id, `service ${s.name} scaled ${b.spec.mode.replicas} → ${s.spec.mode.replicas}`));
  }
  for (const s of prev.services) if (!svcNext.has(s.id)) items.push(single('service-removed', s.id, `service ${s.name} removed`));

  const changes = summarise(items);
  const machines = new Set(items.filter((c) => c.machine && !c.kind.startsWith('task-')).map((c) => c.machine as string));
  const where: string[] = [];
  const seen = new Set<string>();
  for (const c of changes)
    for (const m of c.machines)
      if (!seen.has(m)) {
        seen.add(m);
        where.push(m);
      }
  return { changes, machines, tasks: taskIds, where };
}

/** Items of a group on more than SUMMARY_AFTER machines become one change, at the place of the first. */
function summarise(items: readonly Item[]): Change[] {
  const groups = new Map<string, Item[]>();
  for (const it of items) {
    if (!it.group || !it.machine) continue;
    let g = groups.get(it.group);
    if (!g) groups.set(it.group, (g = []));
    g.push(it);
  }
  const out: Change[] = [];
  const done = new Set<string>();
  for (const it of items) {
    const g = it.group && it.machine ? groups.get(it.group)! : null;
    if (g && g.length > SUMMARY_AFTER) {
      if (done.has(it.group!)) continue;
      done.add(it.group!);
      const n = g.reduce((s, x) => s + x.n, 0);
      out.push({
        kind: it.kind,
        machine: null,
        subject: it.subject,
        text: it.many!(n, g.length),
        machines: g.map((x) => x.machine!),
        details: g.map((x) => x.text),
      });
      continue;
    }
    out.push({ kind: it.kind, machine: it.machine, subject: it.subject, text: it.text, machines: it.machine ? [it.machine] : [], details: [] });
  }
  return out;
}
