import type { Simulation } from './simulation.js';
import { byteLength, type SwarmObject } from './cluster/swarmObjects.js';
import type {
  InstalledPlugin,
  Machine,
  Network,
  NodeDescription,
  NodeRole,
  Service,
  SwarmNode,
  Task,
  Volume,
} from './model/types.js';

/**
 * A plain, serialisable picture of the whole simulation at one instant:
 * what a UI draws, what `--json` prints, what explanations are computed
 * from. Immutable parts of the model (task specs, descriptions) are shared
 * between snapshots rather than copied.
 */
export interface SimSnapshot {
  readonly time: number;
  readonly seed: number;
  readonly swarm: { readonly id: string; readonly leaderNodeId: string } | null;
  readonly machines: readonly MachineView[];
  readonly nodes: readonly NodeView[];
  readonly networks: readonly Network[];
  /** Swarm secrets and configs, without their payloads (the daemon never returns a secret's). */
  readonly secrets: readonly SwarmObjectView[];
  readonly configs: readonly SwarmObjectView[];
  readonly services: readonly ServiceView[];
  readonly tasks: readonly TaskView[];
}

export interface SwarmObjectView {
  readonly id: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /** The secret driver's name, or '' */
  readonly driver: string;
  /** The payload's size in bytes. */
  readonly size: number;
  readonly version: number;
  readonly createdAt: number;
  readonly updatedAt: number;
}

function swarmObjectView(o: SwarmObject): SwarmObjectView {
  return {
    id: o.id,
    name: o.spec.name,
    labels: { ...o.spec.labels },
    driver: o.spec.driver?.name ?? '',
    size: byteLength(o.spec.data),
    version: o.version,
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
  };
}

export interface MachineView {
  readonly name: string;
  readonly ip: string;
  readonly os: string;
  readonly arch: string;
  readonly cpus: number;
  readonly memoryBytes: number;
  readonly engineLabels: Readonly<Record<string, string>>;
  readonly engineVersion: string;
  readonly running: boolean;
  readonly nodeId: string | null;
  readonly plugins: readonly PluginView[];
  readonly volumes: readonly Volume[];
  readonly localNetworks: readonly Network[];
  readonly swarmNetworks: readonly { readonly id: string; readonly driver: string }[];
}

export interface PluginView {
  readonly id: string;
  readonly name: string;
  readonly reference: string;
  readonly capabilities: InstalledPlugin['capabilities'];
  readonly scope: 'local' | 'global';
  readonly enabled: boolean;
  readonly refs: number;
  readonly description: string;
  readonly settings: Readonly<Record<string, string>>;
  readonly privileges: InstalledPlugin['privileges'];
}

/** A node as the scheduler sees it (SwarmNode) plus what a viewer wants beside it. */
export interface NodeView extends Readonly<SwarmNode> {
  readonly hostname: string;
  readonly leader: boolean;
  readonly ip: string;
  readonly description: NodeDescription | null;
  readonly reservedNanoCPUs: number;
  readonly reservedMemoryBytes: number;
  readonly role: NodeRole;
}

export interface ServiceView extends Readonly<Omit<Service, 'updateStatus'>> {
  readonly name: string;
  readonly updateStatus: Service['updateStatus'];
}

export type TaskView = Readonly<Omit<Task, 'status'>> & {
  readonly status: Readonly<Task['status']>;
  readonly name: string;
};

/** The display name of a task: `svc.slot`, or `svc.nodeID` for a global task (docker/cli task formatter). */
export function taskName(serviceName: string, t: Pick<Task, 'slot' | 'nodeId'>): string {
  return t.slot !== 0 ? `${serviceName}.${t.slot}` : `${serviceName}.${t.nodeId}`;
}

/** States in which a task holds its reservations on its node. */
const HELD: ReadonlySet<string> = new Set(['assigned', 'accepted', 'preparing', 'ready', 'starting', 'running']);

/**
 * A task as it is now. Written out field by field rather than spread: a
 * snapshot per step of every task is the property runner's largest cost, and
 * a literal of fixed shape is several times cheaper to make. Its status is
 * shared, not copied: the world replaces a task's status on every change and
 * never edits one in place.
 */
function taskView(t: Task, serviceName: string): TaskView {
  const v: Mutable<TaskView> = {
    id: t.id,
    serviceId: t.serviceId,
    slot: t.slot,
    nodeId: t.nodeId,
    desiredState: t.desiredState,
    status: t.status,
    specVersion: t.specVersion,
    spec: t.spec,
    networks: t.networks,
    hostPorts: t.hostPorts,
    createdAt: t.createdAt,
    containerId: t.containerId,
    jobIteration: t.jobIteration,
    preassigned: t.preassigned,
    name: taskName(serviceName, t),
  };
  if (t.decision) v.decision = t.decision;
  if (t.lastPass) v.lastPass = t.lastPass;
  return v;
}

function machineView(m: Machine): MachineView {
  return {
    name: m.name,
    ip: m.ip,
    os: m.os,
    arch: m.arch,
    cpus: m.cpus,
    memoryBytes: m.memoryBytes,
    engineLabels: { ...m.engineLabels },
    engineVersion: m.engineVersion,
    running: m.running,
    nodeId: m.nodeId,
    plugins: m.plugins.map(pluginView),
    volumes: [...m.volumes],
    localNetworks: [...m.localNetworks],
    swarmNetworks: [...m.swarmNetworks],
  };
}

function pluginView(p: InstalledPlugin): PluginView {
  return {
    id: p.id,
    name: p.name,
    reference: p.reference,
    capabilities: p.capabilities,
    scope: p.scope,
    enabled: p.enabled,
    refs: p.refs,
    description: p.description,
    settings: { ...p.settings },
    privileges: p.privileges,
  };
}

function nodeView(w: Simulation['world'], n: SwarmNode, reserved: readonly [number, number]): NodeView {
  return {
    id: n.id,
    machine: n.machine,
    role: n.role,
    availability: n.availability,
    labels: { ...n.labels },
    status: n.status,
    statusMessage: n.statusMessage,
    description: n.description,
    createdAt: n.createdAt,
    updatedAt: n.updatedAt,
    lastHeartbeat: n.lastHeartbeat,
    hostname: n.machine,
    leader: w.swarm?.leaderNodeId === n.id,
    ip: w.machineOf(n).ip,
    reservedNanoCPUs: reserved[0],
    reservedMemoryBytes: reserved[1],
  };
}

function serviceView(s: Service): ServiceView {
  return { ...s, name: s.spec.name, updateStatus: s.updateStatus ? { ...s.updateStatus } : null };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export function snapshot(sim: Simulation): SimSnapshot {
  const w = sim.world;
  const reserved = new Map<string, [number, number]>();
  for (const t of w.tasks.values()) {
    if (t.nodeId === '' || !HELD.has(t.status.state)) continue;
    const r = reserved.get(t.nodeId) ?? [0, 0];
    r[0] += t.spec.reservations.nanoCPUs;
    r[1] += t.spec.reservations.memoryBytes;
    reserved.set(t.nodeId, r);
  }
  const names = new Map<string, string>();
  for (const s of w.services.values()) names.set(s.id, s.spec.name);
  return {
    time: w.now,
    seed: w.seed,
    swarm: w.swarm ? { id: w.swarm.id, leaderNodeId: w.swarm.leaderNodeId } : null,
    machines: [...w.machines.values()].map(machineView),
    nodes: [...w.nodes.values()].map((n) => nodeView(w, n, reserved.get(n.id) ?? [0, 0])),
    networks: [...w.networks.values()],
    secrets: [...w.secrets.values()].map(swarmObjectView),
    configs: [...w.configs.values()].map(swarmObjectView),
    services: [...w.services.values()].map(serviceView),
    tasks: [...w.tasks.values()].map((t) => taskView(t, names.get(t.serviceId) ?? t.serviceId)),
  };
}
