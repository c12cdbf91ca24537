/**
 * The cluster as the view draws it, derived from one snapshot: a card per
 * machine (with its swarm node, if any), networks with the nodes that can
 * attach to them, and the tasks no node holds. Plain data, no DOM.
 */
import type { TaskState } from '../../sim/model/taskState.js';
import type { PluginDescription } from '../../sim/model/types.js';
import type { NodeView, SimSnapshot, TaskView } from '../../sim/snapshot.js';

export interface TaskChip {
  readonly id: string;
  readonly name: string;
  readonly serviceId: string;
  readonly serviceName: string;
  readonly slot: number;
  readonly state: TaskState;
  readonly desired: TaskState;
  readonly error: string;
  /** Machine name, or '' when no node holds the task. */
  readonly machine: string;
}

export interface PluginBadge {
  /** Local name with tag: the badge's identity on its machine. */
  readonly name: string;
  readonly reference: string;
  /** `network`, `volume`, `log`, `ipam`, `authz`, `metrics`, joined by `+`. */
  readonly type: string;
  readonly enabled: boolean;
  /** The local name when it differs from the remote reference (`--alias`). */
  readonly alias: string | null;
}

export interface VolumeRow {
  readonly name: string;
  readonly driver: string;
}

export interface NodeFacts {
  readonly id: string;
  readonly role: 'manager' | 'worker';
  readonly leader: boolean;
  readonly availability: string;
  readonly status: string;
  readonly cpuTotal: number;
  readonly cpuReserved: number;
  readonly memTotal: number;
  readonly memReserved: number;
  /** The engine's plugins differ from what the node last reported to the manager. */
  readonly staleReport: boolean;
  readonly reported: readonly PluginDescription[];
}

export interface MachineCard {
  readonly name: string;
  readonly ip: string;
  readonly running: boolean;
  readonly cpus: number;
  readonly memoryBytes: number;
  readonly node: NodeFacts | null;
  readonly plugins: readonly PluginBadge[];
  readonly volumes: readonly VolumeRow[];
  /** Tasks on this node, grouped by service in service order. */
  readonly services: readonly { readonly serviceId: string; readonly name: string; readonly tasks: readonly TaskChip[] }[];
}

export interface NetworkRow {
  readonly id: string;
  readonly name: string;
  readonly driver: string;
  readonly scope: string;
  /** Nodes (by machine name) that report the driver, so tasks on this network may go there. */
  readonly attach: readonly string[];
}

export interface ClusterModel {
  readonly time: number;
  readonly machines: readonly MachineCard[];
  readonly networks: readonly NetworkRow[];
  /** Tasks without a node, grouped by service, with the scheduler's error. */
  readonly unscheduled: readonly { readonly serviceId: string; readonly name: string; readonly tasks: readonly TaskChip[]; readonly errors: readonly string[] }[];
  readonly taskCount: number;
}

const HELD: ReadonlySet<TaskState> = new Set(['assigned', 'accepted', 'preparing', 'ready', 'starting', 'running']);
const CAP_TYPE: Readonly<Record<string, string>> = {
  networkdriver: 'network',
  volumedriver: 'volume',
  logdriver: 'log',
  ipamdriver: 'ipam',
  authz: 'authz',
  metricscollector: 'metrics',
};
const BUILTIN_NETWORK = new Set(['bridge', 'host', 'ipvlan', 'macvlan', 'null', 'overlay']);
const BUILTIN_VOLUME = new Set(['local']);

const repo = (ref: string): string => ref.replace(/:[^:/]+$/, '');

export function buildCluster(snap: SimSnapshot): ClusterModel {
  const serviceName = new Map(snap.services.map((s) => [s.id, s.name]));
  const serviceOrder = new Map(snap.services.map((s, i) => [s.id, i]));
  const nodesById = new Map(snap.nodes.map((n) => [n.id, n]));
  const machineOfNode = new Map(snap.nodes.map((n) => [n.id, n.hostname]));

  const chip = (t: TaskView): TaskChip => ({
    id: t.id,
    name: t.name,
    serviceId: t.serviceId,
    serviceName: serviceName.get(t.serviceId) ?? t.name.replace(/\.[^.]*$/, ''),
    slot: t.slot,
    state: t.status.state,
    desired: t.desiredState,
    error: t.status.err,
    machine: t.nodeId ? (machineOfNode.get(t.nodeId) ?? '') : '',
  });

  const byMachine = new Map<string, TaskChip[]>();
  const reserved = new Map<string, [number, number]>();
  const unscheduled: TaskChip[] = [];
  for (const t of snap.tasks) {
    const c = chip(t);
    if (!c.machine) {
      // Dead tasks that never got a node are history, not work waiting.
      if (t.desiredState === 'running' || t.desiredState === 'ready' || t.desiredState === 'complete') unscheduled.push(c);
      continue;
    }
    let list = byMachine.get(c.machine);
    if (!list) byMachine.set(c.machine, (list = []));
    list.push(c);
    if (HELD.has(t.status.state)) {
      const r = reserved.get(c.machine) ?? [0, 0];
      r[0] += t.spec.reservations.nanoCPUs;
      r[1] += t.spec.reservations.memoryBytes;
      reserved.set(c.machine, r);
    }
  }

  const bySlot = (a: TaskChip, b: TaskChip): number => a.slot - b.slot || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const group = (chips: TaskChip[]): { serviceId: string; name: string; tasks: TaskChip[] }[] => {
    const m = new Map<string, TaskChip[]>();
    for (const c of chips) {
      let l = m.get(c.serviceId);
      if (!l) m.set(c.serviceId, (l = []));
      l.push(c);
    }
    return [...m.entries()]
      .sort((a, b) => (serviceOrder.get(a[0]) ?? 1e9) - (serviceOrder.get(b[0]) ?? 1e9))
      .map(([serviceId, tasks]) => ({ serviceId, name: tasks[0].serviceName, tasks: tasks.sort(bySlot) }));
  };

  const machines: MachineCard[] = snap.machines.map((m) => {
    const n: NodeView | undefined = m.nodeId ? nodesById.get(m.nodeId) : undefined;
    const r = reserved.get(m.name) ?? [0, 0];
    const installed = m.plugins.filter((p) => p.enabled).flatMap((p) => p.capabilities.map((c) => `${c}:${p.name}`));
    const reported = n?.description?.engine.plugins ?? [];
    const reportedKey = reported
      .filter((p) => !(p.type === 'Network' && BUILTIN_NETWORK.has(p.name)) && !(p.type === 'Volume' && BUILTIN_VOLUME.has(p.name)))
      .filter((p) => p.type === 'Network' || p.type === 'Volume')
      .map((p) => `${p.type === 'Network' ? 'networkdriver' : 'volumedriver'}:${p.name}`)
      .sort()
      .join(',');
    const installedKey = installed
      .filter((k) => k.startsWith('networkdriver:') || k.startsWith('volumedriver:'))
      .sort()
      .join(',');
    return {
      name: m.name,
      ip: m.ip,
      running: m.running,
      cpus: m.cpus,
      memoryBytes: m.memoryBytes,
      node: n
        ? {
            id: n.id,
            role: n.role,
            leader: n.leader,
            availability: n.availability,
            status: n.status,
            cpuTotal: (n.description?.resources.nanoCPUs ?? m.cpus * 1e9) / 1e9,
            cpuReserved: r[0] / 1e9,
            memTotal: n.description?.resources.memoryBytes ?? m.memoryBytes,
            memReserved: r[1],
            staleReport: m.running && reportedKey !== installedKey,
            reported,
          }
        : null,
      plugins: m.plugins.map((p) => ({
        name: p.name,
        reference: p.reference,
        type: p.capabilities.map((c) => CAP_TYPE[c] ?? c).join('+'),
        enabled: p.enabled,
        alias: repo(p.name) !== repo(p.reference) ? p.name : null,
      })),
      volumes: m.volumes.map((v) => ({ name: v.name, driver: v.driver })),
      services: group(byMachine.get(m.name) ?? []),
    };
  });

  const networks: NetworkRow[] = snap.networks.map((net) => ({
    id: net.id,
    name: net.name,
    driver: net.driver,
    scope: net.scope,
    attach: snap.nodes
      .filter((n) => {
        if (net.driver === 'overlay') return true;
        return (n.description?.engine.plugins ?? []).some(
          (p) => p.type === 'Network' && (p.name === net.driver || p.name === `${net.driver}:latest`),
        );
      })
      .map((n) => n.hostname),
  }));

  const unscheduledGroups = group(unscheduled).map((g) => ({
    ...g,
    errors: [...new Set(g.tasks.map((t) => t.error).filter((e) => e !== ''))],
  }));

  return { time: snap.time, machines, networks, unscheduled: unscheduledGroups, taskCount: snap.tasks.length };
}

/** Everything a task chip's looks depend on: its state, in words, shape and colour. */
export interface StateLook {
  readonly label: string;
  readonly shape: 'triangle' | 'diamond' | 'circle' | 'square' | 'cross' | 'ring';
  readonly tone: 'waiting' | 'starting' | 'running' | 'done' | 'stopped' | 'failed';
  /** Faded: a task that no longer runs, kept as history. */
  readonly faded: boolean;
}

export function stateLook(state: TaskState): StateLook {
  switch (state) {
    case 'new':
    case 'pending':
      return { label: 'pend', shape: 'triangle', tone: 'waiting', faded: false };
    case 'assigned':
    case 'accepted':
    case 'preparing':
    case 'ready':
    case 'starting':
      return { label: 'start', shape: 'diamond', tone: 'starting', faded: false };
    case 'running':
      return { label: 'run', shape: 'circle', tone: 'running', faded: false };
    case 'complete':
      return { label: 'done', shape: 'square', tone: 'done', faded: true };
    case 'shutdown':
    case 'remove':
      return { label: 'shut', shape: 'ring', tone: 'stopped', faded: true };
    case 'failed':
    case 'rejected':
    case 'orphaned':
      return { label: state === 'rejected' ? 'rej' : state === 'orphaned' ? 'orph' : 'fail', shape: 'cross', tone: 'failed', faded: true };
  }
}
