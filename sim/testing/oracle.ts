/**
 * A second, deliberately naive implementation of SwarmKit's placement rules
 * (shared/reference/swarmkit-scheduler.md §1), written from the reference
 * rather than from sim/scheduler: the invariants compare the simulator's
 * decisions against it. It reads plain data (nodes and tasks, from the World
 * or from a snapshot) and recomputes everything from scratch, so it is slow
 * and obviously right rather than fast.
 */
import type { PluginDescription, PluginDescriptionType, SwarmNode, Task } from '../model/types.js';
import { stateValue } from '../model/taskState.js';

/** What the oracle needs of a node: a SwarmNode or a snapshot's NodeView. */
export type NodeLike = Pick<SwarmNode, 'id' | 'machine' | 'role' | 'availability' | 'labels' | 'status' | 'description'>;

/** What the oracle needs of a task: a Task or a snapshot's TaskView. */
export type TaskLike = Pick<
  Task,
  'id' | 'serviceId' | 'slot' | 'nodeId' | 'desiredState' | 'status' | 'spec' | 'networks' | 'hostPorts' | 'preassigned' | 'specVersion'
>;

/** The filters in pipeline order (pipeline.go defaultFilters; the CSI volumes filter is not modelled). */
export const FILTER_ORDER = ['Ready', 'Resource', 'Plugin', 'Constraint', 'Platform', 'HostPort', 'MaxReplicas'] as const;
export type OracleFilter = (typeof FILTER_ORDER)[number];

/** What the tasks already on a node hold: the scheduler's NodeInfo, recomputed. */
export interface Holdings {
  readonly nanoCPUs: number;
  readonly memoryBytes: number;
  /** `tcp/8080`: host-mode published ports in use. */
  readonly hostPorts: ReadonlySet<string>;
  /** Tasks with desired state <= COMPLETE. */
  readonly active: number;
  readonly activeByService: ReadonlyMap<string, number>;
}

const ASSIGNED = stateValue('assigned');
const RUNNING = stateValue('running');
const COMPLETE = stateValue('complete');

/** A task holds its node from ASSIGNED until its observed state passes RUNNING. */
export const holdsNode = (t: TaskLike): boolean => {
  const s = stateValue(t.status.state);
  return t.nodeId !== '' && s >= ASSIGNED && s <= RUNNING;
};

const portKey = (p: { protocol: string; publishedPort: number }): string => `${p.protocol}/${p.publishedPort}`;
const hostPortsOf = (t: TaskLike): string[] =>
  t.hostPorts.filter((p) => p.publishMode === 'host' && p.publishedPort !== 0).map(portKey);

/** What the tasks on `nodeId` hold, leaving out `excludeTaskId`. */
export function holdings(tasks: Iterable<TaskLike>, nodeId: string, excludeTaskId = ''): Holdings {
  let nanoCPUs = 0;
  let memoryBytes = 0;
  let active = 0;
  const hostPorts = new Set<string>();
  const activeByService = new Map<string, number>();
  for (const t of tasks) {
    if (t.nodeId !== nodeId || t.id === excludeTaskId || !holdsNode(t)) continue;
    nanoCPUs += t.spec.reservations.nanoCPUs;
    memoryBytes += t.spec.reservations.memoryBytes;
    for (const p of hostPortsOf(t)) hostPorts.add(p);
    if (stateValue(t.desiredState) <= COMPLETE) {
      active++;
      activeByService.set(t.serviceId, (activeByService.get(t.serviceId) ?? 0) + 1);
    }
  }
  return { nanoCPUs, memoryBytes, hostPorts, active, activeByService };
}

// --- the rules, one function each -------------------------------------------

/** pluginExistsOnNode: exact, or the node's name is the requested name + `:latest`. */
export function reportsPlugin(type: PluginDescriptionType, name: string, reported: readonly PluginDescription[]): boolean {
  return reported.some((p) => p.type === type && (p.name === name || p.name === `${name}:latest`));
}

function volumeDrivers(t: TaskLike): string[] {
  return t.spec.mounts
    .filter((m) => m.type === 'volume' && m.volumeDriver !== '' && m.volumeDriver !== 'local')
    .map((m) => m.volumeDriver);
}

/** The plugins `t` needs that `node` does not report, as `Volume vieux/sshfs`. */
export function missingPlugins(t: TaskLike, node: NodeLike): string[] {
  const d = node.description;
  if (!d) return []; // a node without an engine description passes
  const reported = d.engine.plugins;
  const out: string[] = [];
  for (const v of volumeDrivers(t)) if (!reportsPlugin('Volume', v, reported)) out.push(`Volume ${v}`);
  for (const n of t.networks) if (n.driver !== '' && !reportsPlugin('Network', n.driver, reported)) out.push(`Network ${n.driver}`);
  const log = t.spec.logDriver?.name ?? '';
  if (log !== '' && log !== 'none') {
    // Old daemons report no Log entries at all: they pass.
    const anyLog = reported.some((p) => p.type === 'Log');
    if (anyLog && !reportsPlugin('Log', log, reported)) out.push(`Log ${log}`);
  }
  return out;
}

interface SimpleConstraint {
  readonly key: string;
  readonly op: '==' | '!=';
  readonly value: string;
}

/** constraint.Parse, loosely: the simulator refused invalid expressions at service creation already. */
export function parseConstraint(expr: string): SimpleConstraint | null {
  const op = expr.includes('==') ? '==' : expr.includes('!=') ? '!=' : null;
  if (!op) return null;
  const at = expr.indexOf(op);
  return { key: expr.slice(0, at).trim(), op, value: expr.slice(at + op.length).trim() };
}

const fold = (s: string): string => s.toLowerCase();

function ipv4(s: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return null;
  const p = m.slice(1).map(Number);
  return p.some((x) => x > 255) ? null : ((p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3]) >>> 0;
}

function ipMatches(value: string, addr: string): boolean {
  const node = ipv4(addr);
  if (node === null) return false;
  const [ip, bits] = value.split('/');
  const base = ipv4(ip ?? '');
  if (base === null) return false;
  if (bits === undefined) return node === base;
  const n = Number(bits);
  if (!/^\d+$/.test(bits) || n > 32) return false;
  const mask = n === 0 ? 0 : (0xffffffff << (32 - n)) >>> 0;
  return ((node & mask) >>> 0) === ((base & mask) >>> 0);
}

/** Whether `node` satisfies one constraint (constraint.go NodeMatches). */
export function constraintHolds(c: SimpleConstraint, node: NodeLike): boolean {
  const key = fold(c.key);
  const d = node.description;
  let actual: string | undefined;
  if (key === 'node.ip') {
    const hit = ipMatches(c.value, d?.addr ?? '');
    return c.op === '==' ? hit : !hit;
  }
  if (key === 'node.id') actual = node.id;
  else if (key === 'node.hostname') actual = d?.hostname ?? '';
  else if (key === 'node.role') actual = node.role;
  else if (key === 'node.platform.os') actual = d?.platform.os ?? '';
  else if (key === 'node.platform.arch') actual = d?.platform.arch ?? '';
  else if (key.startsWith('node.labels.') && key.length > 'node.labels.'.length)
    actual = node.labels[c.key.slice('node.labels.'.length)] ?? '';
  else if (key.startsWith('engine.labels.') && key.length > 'engine.labels.'.length)
    actual = d?.engine.labels[c.key.slice('engine.labels.'.length)] ?? '';
  if (actual === undefined) return false; // unknown keys never match
  const eq = fold(actual) === fold(c.value);
  return c.op === '==' ? eq : !eq;
}

/** The constraints of `exprs` that `node` does not satisfy; null when they do not parse (the filter is off). */
export function unmetConstraints(exprs: readonly string[], node: NodeLike): string[] | null {
  const parsed = exprs.map(parseConstraint);
  if (parsed.some((c) => c === null)) return null;
  return exprs.filter((_, i) => !constraintHolds(parsed[i]!, node));
}

const normArch = (a: string): string => (a === 'x86_64' ? 'amd64' : a === 'aarch64' ? 'arm64' : a);

export function platformSupported(t: TaskLike, node: NodeLike): boolean {
  const p = node.description?.platform;
  if (!p) return false;
  return t.spec.placement.platforms.some(
    (img) => (img.arch === '' || normArch(img.arch) === normArch(p.arch)) && (img.os === '' || img.os === p.os),
  );
}

/** The filters that apply to `t` (each filter's SetTask). */
export function enabledFilters(t: TaskLike): OracleFilter[] {
  const out: OracleFilter[] = ['Ready'];
  if (t.spec.reservations.nanoCPUs !== 0 || t.spec.reservations.memoryBytes !== 0) out.push('Resource');
  if (t.networks.length > 0 || t.spec.logDriver !== null || volumeDrivers(t).length > 0) out.push('Plugin');
  if (t.spec.placement.constraints.length > 0 && unmetConstraints(t.spec.placement.constraints, { id: '', machine: '', role: 'worker', availability: 'active', labels: {}, status: 'ready', description: null }) !== null)
    out.push('Constraint');
  if (t.spec.placement.platforms.length > 0) out.push('Platform');
  if (hostPortsOf(t).length > 0) out.push('HostPort');
  if (t.spec.placement.maxReplicas > 0) out.push('MaxReplicas');
  return out;
}

/**
 * Every filter `t` fails on `node`, given what the node's other tasks hold,
 * in pipeline order, each with a reason. Empty: the node fits.
 */
export function filterFailures(t: TaskLike, node: NodeLike, held: Holdings): { filter: OracleFilter; reason: string }[] {
  const out: { filter: OracleFilter; reason: string }[] = [];
  if (node.status !== 'ready' || node.availability !== 'active')
    out.push({ filter: 'Ready', reason: `node is ${node.status}/${node.availability}` });
  const { nanoCPUs, memoryBytes } = t.spec.reservations;
  if (nanoCPUs !== 0 || memoryBytes !== 0) {
    const cap = node.description?.resources ?? { nanoCPUs: 0, memoryBytes: 0 };
    const freeCpu = cap.nanoCPUs - held.nanoCPUs;
    const freeMem = cap.memoryBytes - held.memoryBytes;
    if (nanoCPUs > freeCpu || memoryBytes > freeMem)
      out.push({ filter: 'Resource', reason: `needs ${nanoCPUs} nanoCPU/${memoryBytes} B, free ${freeCpu}/${freeMem}` });
  }
  if (t.networks.length > 0 || t.spec.logDriver !== null || volumeDrivers(t).length > 0) {
    const missing = missingPlugins(t, node);
    if (missing.length > 0) out.push({ filter: 'Plugin', reason: `does not report ${missing.join(', ')}` });
  }
  if (t.spec.placement.constraints.length > 0) {
    const unmet = unmetConstraints(t.spec.placement.constraints, node);
    if (unmet && unmet.length > 0) out.push({ filter: 'Constraint', reason: `unmet ${unmet.join(', ')}` });
  }
  if (t.spec.placement.platforms.length > 0 && !platformSupported(t, node))
    out.push({ filter: 'Platform', reason: 'unsupported platform' });
  const ports = hostPortsOf(t);
  if (ports.length > 0) {
    const taken = ports.filter((p) => held.hostPorts.has(p));
    if (taken.length > 0) out.push({ filter: 'HostPort', reason: `host ports ${taken.join(', ')} in use` });
  }
  const max = t.spec.placement.maxReplicas;
  if (max > 0) {
    const mine = held.activeByService.get(t.serviceId) ?? 0;
    if (mine >= max) out.push({ filter: 'MaxReplicas', reason: `${mine} of max ${max} replicas already there` });
  }
  return out;
}

const nodesText = (n: number): string => (n === 1 ? '1 node' : `${n} nodes`);

const EXPLAIN: Record<OracleFilter, (n: number) => string> = {
  Ready: (n) => `${nodesText(n)} not available for new tasks`,
  Resource: (n) => `insufficient resources on ${nodesText(n)}`,
  Plugin: (n) => `missing plugin on ${nodesText(n)}`,
  Constraint: (n) => `scheduling constraints not satisfied on ${nodesText(n)}`,
  Platform: (n) => `unsupported platform on ${nodesText(n)}`,
  HostPort: (n) => `host-mode port already in use on ${nodesText(n)}`,
  MaxReplicas: () => 'max replicas per node limit exceed',
};

/** Pipeline.Explain: filters by count of nodes that failed them first, descending, ties in pipeline order. */
export function explainCounts(counts: ReadonlyMap<OracleFilter, number>): string {
  return FILTER_ORDER.filter((f) => (counts.get(f) ?? 0) > 0)
    .map((f, i) => ({ f, n: counts.get(f)!, i }))
    .sort((a, b) => b.n - a.n || a.i - b.i)
    .map(({ f, n }) => EXPLAIN[f](n))
    .join('; ');
}

export interface PlacementVerdict {
  /** Nodes that would take the task now. */
  readonly fits: NodeLike[];
  /** The task's error SwarmKit would show if no node fits (`no suitable node (...)`, or the bare explanation for a pre-assigned task). */
  readonly expectedError: string;
  /** Per node: the filters it fails, in words. */
  readonly perNode: { node: string; failures: { filter: OracleFilter; reason: string }[] }[];
}

/**
 * Where a pending task could go now: every node (only its own node for a
 * pre-assigned task) against every filter, and the error the pipeline would
 * explain when none fits.
 */
export function placementVerdict(t: TaskLike, nodes: readonly NodeLike[], tasks: readonly TaskLike[]): PlacementVerdict {
  const candidates = t.preassigned ? nodes.filter((n) => n.id === t.nodeId) : nodes;
  const counts = new Map<OracleFilter, number>();
  const fits: NodeLike[] = [];
  const perNode: PlacementVerdict['perNode'] = [];
  for (const n of candidates) {
    const failures = filterFailures(t, n, holdings(tasks, n.id, t.id));
    perNode.push({ node: n.machine, failures });
    if (failures.length === 0) fits.push(n);
    else counts.set(failures[0].filter, (counts.get(failures[0].filter) ?? 0) + 1);
  }
  const explanation = explainCounts(counts);
  const expectedError = t.preassigned ? explanation : explanation ? `no suitable node (${explanation})` : 'no suitable node';
  return { fits, expectedError, perNode };
}

const PHRASES: readonly [OracleFilter, RegExp][] = [
  ['Ready', /^\d+ nodes? not available for new tasks$/],
  ['Resource', /^insufficient resources on \d+ nodes?$/],
  ['Plugin', /^missing plugin on \d+ nodes?$/],
  ['Constraint', /^scheduling constraints not satisfied on \d+ nodes?$/],
  ['Platform', /^unsupported platform on \d+ nodes?$/],
  ['HostPort', /^host-mode port already in use on \d+ nodes?$/],
  ['MaxReplicas', /^max replicas per node limit exceed$/],
];

/**
 * Why `err` is not a well-formed scheduling error for `t`, or null if it is:
 * `no suitable node (...)` (bare for a pre-assigned task) joining filter
 * explanations with "; ", each filter at most once and applying to `t`.
 */
export function explanationProblem(t: TaskLike, err: string): string | null {
  let body = err;
  if (!t.preassigned) {
    if (err === 'no suitable node') return null; // no nodes at all
    const m = /^no suitable node \((.*)\)$/.exec(err);
    if (!m) return 'expected "no suitable node (...)"';
    body = m[1];
  }
  const named: OracleFilter[] = [];
  for (const part of body.split('; ')) {
    const hit = PHRASES.find(([, re]) => re.test(part));
    if (!hit) return `"${part}" is no filter's explanation`;
    if (named.includes(hit[0])) return `${hit[0]} is named twice`;
    named.push(hit[0]);
  }
  const applying = enabledFilters(t);
  const off = named.filter((f) => !applying.includes(f));
  return off.length > 0 ? `it names ${off.join(', ')}, which do not apply to this task` : null;
}
