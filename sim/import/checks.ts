/**
 * The real swarm's state as the imported scenario's last steps, with their
 * expected output: nodes, plugins, services and, per node, the services
 * whose tasks run there. Placement is compared as counts per node (the
 * order of `docker node ps` is by task name, and which slot lands where is a
 * tie that Go's map order breaks): each node's line lists its services,
 * once per task, in the order the simulator prints them.
 */
import { naturalCompare } from '../docker/commands/task.js';
import type { Bundle, ImportedNode } from './bundle.js';
import { commandLine, isManagedPlugin, type Machines } from './names.js';

export interface RealTask {
  service: string;
  /** Machine name, '' when unassigned. */
  host: string;
  state: string;
  desired: string;
}

/** The bundle's tasks with service and node names (API tasks carry IDs). */
export function realTasks(b: Bundle, m: Machines): RealTask[] {
  const serviceById = new Map(b.services.map((s) => [s.id, s.name]));
  const names = new Set(b.services.map((s) => s.name));
  const hostByHostname = new Map<string, string>();
  for (const n of m.nodes) if (!hostByHostname.has(n.hostname)) hostByHostname.set(n.hostname, m.byId.get(n.id)!);
  const out: RealTask[] = [];
  for (const t of b.tasks) {
    const service = serviceById.get(t.service) ?? (names.has(t.service) ? t.service : null);
    if (service === null) continue;
    const host = t.node === '' ? '' : (m.byId.get(t.node) ?? hostByHostname.get(t.node) ?? null);
    if (host === null) continue;
    out.push({ service, host, state: t.state, desired: t.desired });
  }
  return out;
}

/** Per service: tasks placed on each node, and tasks waiting for a node. */
export type Placement = Record<string, { nodes: Record<string, number>; pending: number }>;

/**
 * Tasks the orchestrator wants running, by service and node: a task counts
 * where the scheduler put it, whatever its state there (assigned, starting,
 * running, or failed and about to restart); pending ones wait for a node.
 */
export function placementOf(tasks: readonly RealTask[], services: readonly string[]): Placement {
  const out: Placement = Object.create(null) as Placement;
  for (const s of services) out[s] = { nodes: Object.create(null) as Record<string, number>, pending: 0 };
  for (const t of tasks) {
    const p = out[t.service];
    if (!p || t.desired !== 'running') continue;
    if (t.host === '' || t.state === 'pending') p.pending++;
    else p.nodes[t.host] = (p.nodes[t.host] ?? 0) + 1;
  }
  return out;
}

const NODE_LS_FORMAT = '{{.Hostname}} {{.Status}} {{.Availability}} {{.ManagerStatus}}';
const PLUGINS_FORMAT = '{{.Description.Hostname}}:{{range .Description.Engine.Plugins}}{{if gt (len (split .Name ":")) 1}} {{.Type}}:{{.Name}}{{end}}{{end}}';
const SERVICE_LS_FORMAT = '{{.Name}} {{.Mode}} {{.Replicas}}';
export const NODE_PS_FORMAT = '{{index (split .Name ".") 0}}';

const asObj = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const title = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** docker/cli node formatter: ManagerStatus "Leader", "Reachable", "Unreachable", or empty for a worker. */
function managerStatus(n: ImportedNode): string {
  if (n.role !== 'manager') return '';
  if (n.leader) return 'Leader';
  return n.state === 'down' ? 'Unreachable' : 'Reachable';
}

interface NodePluginView {
  name: string;
  enabled: boolean;
  capabilities: string[];
}


export function expectedChecks(b: Bundle, m: Machines, plugins: Map<string, NodePluginView[]>): string[] {
  const leader = m.byId.get(m.leader.id)!;
  const hostOf = (n: ImportedNode): string => m.byId.get(n.id)!;
  const sorted = [...m.nodes].sort((x, y) => naturalCompare(hostOf(x), hostOf(y)));
  const L: string[] = [];

  L.push('', '# The swarm as it was imported: the steps below are checked against it.');
  L.push('# Nodes: status, availability and manager status.');
  L.push(commandLine(leader, ['node', 'ls', '--format', NODE_LS_FORMAT]));
  for (const n of sorted) {
    // A stopped machine reads "Down"; unknown and disconnected are states the simulation does not reach.
    const status = n.state === 'ready' ? 'Ready' : 'Down';
    L.push(`${hostOf(n)} ${status} ${title(n.availability)} ${managerStatus(n)}`.trimEnd());
  }

  L.push('', '# The plugins each engine reports to the managers (built-in drivers left out).');
  // At most 200 nodes a line: a scenario line has a length limit.
  for (let i = 0; i < sorted.length; i += 200) {
    const part = sorted.slice(i, i + 200);
    L.push(commandLine(leader, ['node', 'inspect', '--format', PLUGINS_FORMAT, ...part.map(hostOf)]));
    pluginLines(L, part, hostOf);
  }

  for (const n of m.nodes) {
    const inspected = b.plugins[n.id] ?? b.plugins[n.hostname];
    if (!inspected || n.state !== 'ready') continue;
    L.push('', `# The plugins installed on ${hostOf(n)}, enabled or not.`);
    L.push(commandLine(hostOf(n), ['plugin', 'ls', '--format', '{{.Name}} {{.Enabled}}']));
    const list = (plugins.get(n.id) ?? []).map((p) => `${p.name} ${p.enabled}`);
    L.push(...(list.length > 0 ? list : ['[0]']));
  }

  const tasks = realTasks(b, m);
  if (b.services.length > 0) {
    L.push('', '# Services: mode, and running tasks of desired.');
    L.push(commandLine(leader, ['service', 'ls', '--format', SERVICE_LS_FORMAT]));
    for (const s of [...b.services].sort((x, y) => naturalCompare(x.name, y.name))) L.push(serviceLine(s.name, s.spec, tasks, b.hasTasks));
  }

  if (!b.hasTasks) {
    L.push('', '# The bundle has no tasks: the placement is not checked.');
    return L;
  }
  L.push('', '# Where the tasks run: per node, one line per task, its service.');
  const byHost = new Map<string, string[]>();
  for (const t of tasks) {
    if (t.desired !== 'running' || t.state === 'pending' || t.host === '') continue;
    const list = byHost.get(t.host) ?? [];
    list.push(t.service);
    byHost.set(t.host, list);
  }
  for (const n of sorted) {
    const names = (byHost.get(hostOf(n)) ?? []).sort((x, y) => naturalCompare(`${x}.`, `${y}.`));
    L.push(commandLine(leader, ['node', 'ps', hostOf(n), '--filter', 'desired-state=running', '--format', NODE_PS_FORMAT]));
    L.push(...(names.length > 0 ? names : ['[0]']));
  }
  return L;
}

/**
 * The expected line of each node: the managed plugins its engine reported to
 * the manager, `Type:name`, sorted by type then name as moby sorts them.
 */
function pluginLines(L: string[], nodes: readonly ImportedNode[], hostOf: (n: ImportedNode) => string): void {
  for (const n of nodes) {
    const shown = n.plugins
      .filter((p) => isManagedPlugin(p.name))
      .sort((x, y) => (x.type !== y.type ? (x.type < y.type ? -1 : 1) : x.name < y.name ? -1 : x.name > y.name ? 1 : 0))
      .map((p) => ` ${p.type}:${p.name}`);
    L.push(`${hostOf(n)}:${shown.join('')}`);
  }
}

/** docker/cli service ls REPLICAS: running/desired, with jobs' completions (left to a pattern). */
function serviceLine(name: string, spec: Record<string, unknown>, tasks: readonly RealTask[], hasTasks: boolean): string {
  const mode = asObj(spec.Mode);
  const mine = tasks.filter((t) => t.service === name && t.desired === 'running');
  const running = mine.filter((t) => t.state === 'running').length;
  const esc = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  if ('ReplicatedJob' in mode) return `${esc} replicated-job \\d+/\\d+ \\(\\d+/\\d+ completed\\) (re)`;
  if ('GlobalJob' in mode) return `${esc} global-job \\d+/\\d+ \\(\\d+/\\d+ completed\\) (re)`;
  // docker/cli v28.2.2 cli/command/service/formatter.go Replicas: "(max N per node)" for all but jobs.
  const placement = asObj(asObj(spec.TaskTemplate).Placement);
  const max = typeof placement.MaxReplicas === 'number' && placement.MaxReplicas > 0 ? ` (max ${placement.MaxReplicas} per node)` : '';
  const escMax = max.replace(/[()]/g, '\\$&');
  if ('Global' in mode) return hasTasks ? `${name} global ${running}/${mine.length}${max}` : `${esc} global \\d+/\\d+${escMax} (re)`;
  const replicated = asObj(mode.Replicated);
  const replicas = typeof replicated.Replicas === 'number' ? replicated.Replicas : 1;
  return hasTasks ? `${name} replicated ${running}/${replicas}${max}` : `${esc} replicated \\d+/${replicas}${escMax} (re)`;
}
