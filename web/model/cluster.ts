/**
 * The cluster as the view draws it, derived from one snapshot: a card per
 * machine (with its swarm node, if any), networks with the nodes that can
 * attach to them, and the tasks no node holds. Plain data, no DOM.
 */
import type { TaskState } from '../../sim/model/taskState.js';
import type { PluginDescription } from '../../sim/model/types.js';
import type { NodeView, PluginView, SimSnapshot, TaskView } from '../../sim/snapshot.js';

export interface TaskChip {
  readonly id: string;
  readonly name: string;
  /** What the chip says: the slot (`myservice.3`), or the service alone for a global task (its node is the card). */
  readonly label: string;
  /** The service's colour, an index into the palette (render/palette.ts): stable over a run. */
  readonly colour: number;
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

/** Why an empty node holds no task of a service (worker/nodeReasons.ts). */
export interface CardReason {
  readonly service: string;
  readonly text: string;
}

export interface MachineCard {
  readonly name: string;
  readonly ip: string;
  readonly running: boolean;
  readonly cpus: number;
  readonly memoryBytes: number;
  readonly node: NodeFacts | null;
  /** `key=value` of the node's labels (docker node update --label-add), sorted. */
  readonly nodeLabels: readonly string[];
  /** `key=value` of the engine's labels (daemon.json, `sim$ machine --engine-label`), sorted. */
  readonly engineLabels: readonly string[];
  readonly plugins: readonly PluginBadge[];
  /** Plugins the current step removed: drawn struck through, for that step only. */
  readonly ghosts: readonly PluginBadge[];
  /** For a node without tasks: why each service's tasks are not here. */
  readonly reasons: readonly CardReason[];
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

export interface ServiceKey {
  readonly id: string;
  readonly name: string;
  readonly colour: number;
}

export interface ClusterModel {
  readonly time: number;
  /** The services, in order, with their colours: the legend. */
  readonly services: readonly ServiceKey[];
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

/**
 * @param colours a colour index per service ID, kept over a run so that a
 *   service keeps its colour when another is removed; by default, service order.
 */
export function buildCluster(snap: SimSnapshot, colours?: ReadonlyMap<string, number>): ClusterModel {
  const serviceName = new Map(snap.services.map((s) => [s.id, s.name]));
  const colourOf = (id: string): number => colours?.get(id) ?? serviceOrder.get(id) ?? 0;
  const serviceOrder = new Map(snap.services.map((s, i) => [s.id, i]));
  const nodesById = new Map(snap.nodes.map((n) => [n.id, n]));
  const machineOfNode = new Map(snap.nodes.map((n) => [n.id, n.hostname]));

  const chip = (t: TaskView): TaskChip => {
    const service = serviceName.get(t.serviceId) ?? t.name.replace(/\.[^.]*$/, '');
    return {
    id: t.id,
    name: t.name,
    label: t.slot ? `${service}.${t.slot}` : service,
    colour: colourOf(t.serviceId),
    serviceId: t.serviceId,
    serviceName: service,
    slot: t.slot,
    state: t.status.state,
    desired: t.desiredState,
    error: t.status.err,
    machine: t.nodeId ? (machineOfNode.get(t.nodeId) ?? '') : '',
    };
  };

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
      plugins: m.plugins.map(pluginBadge),
      nodeLabels: labelList(n?.labels ?? {}),
      engineLabels: labelList(m.engineLabels),
      ghosts: [],
      reasons: [],
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

  const services = snap.services.map((s) => ({ id: s.id, name: s.name, colour: colourOf(s.id) }));
  return { time: snap.time, services, machines, networks, unscheduled: unscheduledGroups, taskCount: snap.tasks.length };
}

export function pluginBadge(p: PluginView): PluginBadge {
  return {
    name: p.name,
    reference: p.reference,
    type: p.capabilities.map((c) => CAP_TYPE[c] ?? c).join('+'),
    enabled: p.enabled,
    alias: repo(p.name) !== repo(p.reference) ? p.name : null,
  };
}

const labelList = (labels: Readonly<Record<string, string>>): string[] =>
  Object.entries(labels)
    .map(([k, v]) => (v === '' ? k : `${k}=${v}`))
    .sort();

/**
 * The model with what depends on more than its snapshot: ghosts of plugins
 * the current step removed, and the reasons of empty nodes. Cards without
 * either are shared with the model given.
 */
export function decorate(
  model: ClusterModel,
  extra: { readonly ghosts?: ReadonlyMap<string, readonly PluginBadge[]>; readonly reasons?: ReadonlyMap<string, readonly CardReason[]> },
): ClusterModel {
  const { ghosts, reasons } = extra;
  if (!ghosts?.size && !reasons?.size) return model;
  return {
    ...model,
    machines: model.machines.map((m) => {
      const g = ghosts?.get(m.name);
      const r = reasons?.get(m.name);
      if (!g?.length && !r?.length) return m;
      const held = m.services.some((s) => s.tasks.some((t) => HELD.has(t.state)));
      return { ...m, ghosts: g ?? m.ghosts, reasons: held ? [] : (r ?? m.reasons) };
    }),
  };
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
