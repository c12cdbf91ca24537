/**
 * The part of a swarm's state that the differential suite compares, in one
 * shape for both sides: taken from the simulator's snapshot, or from a real
 * manager's API (GET /nodes, /services, /tasks). Names, never IDs: the two
 * sides draw different IDs.
 */
import type { SimSnapshot } from '../../sim/snapshot.js';

export interface NodeState {
  readonly status: string;
  readonly availability: string;
  readonly role: string;
  /** Plugins (not built-in drivers) the manager's description of the node lists, `Type:name`, sorted. */
  readonly plugins: readonly string[];
}

export interface ServiceState {
  /** Current tasks (desired running, ready or complete) by node hostname ('' unassigned), then state: counts. */
  readonly tasks: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

export interface ClusterState {
  readonly nodes: Readonly<Record<string, NodeState>>;
  readonly services: Readonly<Record<string, ServiceState>>;
}

const CURRENT = new Set(['running', 'ready', 'complete', 'accepted']);

/**
 * Managed plugins only: their names always carry a tag (`bboreham/weave2:latest`),
 * built-in drivers never do, and the two engines' built-in lists differ by version.
 */
function pluginsOf(list: readonly { type: string; name: string }[] | undefined): string[] {
  return (list ?? [])
    .filter((p) => p.name.includes(':'))
    .map((p) => `${p.type}:${p.name}`)
    .sort();
}

function count(into: Record<string, Record<string, number>>, node: string, state: string): void {
  const byState = (into[node] ??= {});
  byState[state] = (byState[state] ?? 0) + 1;
}

export function stateOfSnapshot(s: SimSnapshot): ClusterState {
  const nodes: Record<string, NodeState> = {};
  const hostOf = new Map<string, string>();
  for (const n of s.nodes) {
    hostOf.set(n.id, n.hostname);
    nodes[n.hostname] = {
      status: n.status,
      availability: n.availability,
      role: n.role,
      plugins: pluginsOf(n.description?.engine.plugins),
    };
  }
  const services: Record<string, ServiceState> = {};
  for (const svc of s.services) {
    const tasks: Record<string, Record<string, number>> = {};
    for (const t of s.tasks) if (t.serviceId === svc.id && CURRENT.has(t.desiredState)) count(tasks, hostOf.get(t.nodeId) ?? '', t.status.state);
    services[svc.name] = { tasks };
  }
  return { nodes, services };
}

/** The engine API's objects, as far as the comparison reads them. */
export interface ApiNode {
  ID: string;
  Spec: { Role: string; Availability: string };
  Description?: { Hostname?: string; Engine?: { Plugins?: { Type: string; Name: string }[] } };
  Status: { State: string };
}
export interface ApiService {
  ID: string;
  Spec: { Name: string };
}
export interface ApiTask {
  ID: string;
  ServiceID: string;
  Slot?: number;
  NodeID?: string;
  DesiredState: string;
  Status: { State: string; Err?: string; ContainerStatus?: { ContainerID?: string } };
}

export function stateOfApi(nodesIn: readonly ApiNode[], servicesIn: readonly ApiService[], tasksIn: readonly ApiTask[]): ClusterState {
  const nodes: Record<string, NodeState> = {};
  const hostOf = new Map<string, string>();
  for (const n of nodesIn) {
    const host = n.Description?.Hostname ?? n.ID;
    hostOf.set(n.ID, host);
    nodes[host] = {
      status: n.Status.State,
      availability: n.Spec.Availability,
      role: n.Spec.Role,
      plugins: pluginsOf(n.Description?.Engine?.Plugins?.map((p) => ({ type: p.Type, name: p.Name }))),
    };
  }
  const services: Record<string, ServiceState> = {};
  for (const svc of servicesIn) {
    const tasks: Record<string, Record<string, number>> = {};
    for (const t of tasksIn) if (t.ServiceID === svc.ID && CURRENT.has(t.DesiredState)) count(tasks, hostOf.get(t.NodeID ?? '') ?? '', t.Status.State);
    services[svc.Spec.Name] = { tasks };
  }
  return { nodes, services };
}

/**
 * A canonical text of a state: equal states give equal texts (keys sorted at
 * every level). `tiesAnywhere` forgets which node holds which tasks, keeping
 * only how many tasks each node of a service holds: what a wait can expect
 * when ties between equal nodes fall at random.
 */
export function stateKey(s: ClusterState, tiesAnywhere = false): string {
  if (tiesAnywhere) {
    s = {
      nodes: s.nodes,
      services: Object.fromEntries(
        Object.entries(s.services).map(([name, svc]) => {
          const perNode = Object.entries(svc.tasks).map(([node, by]) => (node === '' ? 'unassigned ' : '') + JSON.stringify(Object.entries(by).sort()));
          return [name, { tasks: { counts: perNode.sort() } }];
        }),
      ),
    } as unknown as ClusterState;
  }
  const sortKeys = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sortKeys);
    if (v && typeof v === 'object')
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
      );
    return v;
  };
  return JSON.stringify(sortKeys(s));
}

/** Running tasks per node for each service: the placement, which must match wherever the real engine is deterministic. */
export function placement(s: ClusterState): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const [name, svc] of Object.entries(s.services)) {
    const per: Record<string, number> = {};
    for (const [node, byState] of Object.entries(svc.tasks)) if (byState.running) per[node] = byState.running;
    out[name] = per;
  }
  return out;
}

/** What differs between two states, one line per difference, for a report. */
export function stateDiff(want: ClusterState, got: ClusterState | undefined): string[] {
  if (!got) return ['no manager answered'];
  const out: string[] = [];
  const flat = (s: ClusterState): Map<string, string> => {
    const m = new Map<string, string>();
    for (const [h, n] of Object.entries(s.nodes)) m.set(`node ${h}`, `${n.status} ${n.availability} ${n.role} [${n.plugins.join(' ')}]`);
    for (const [name, svc] of Object.entries(s.services))
      m.set(
        `service ${name}`,
        Object.entries(svc.tasks)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([node, by]) => `${node || '(unassigned)'}:${Object.entries(by).sort().map(([st, c]) => `${c} ${st}`).join('+')}`)
          .join(' '),
      );
    return m;
  };
  const a = flat(want);
  const b = flat(got);
  for (const k of new Set([...a.keys(), ...b.keys()])) if (a.get(k) !== b.get(k)) out.push(`${k}: simulator ${a.get(k) ?? '(none)'}, real ${b.get(k) ?? '(none)'}`);
  return out;
}
