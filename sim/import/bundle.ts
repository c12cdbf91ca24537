/**
 * The import bundle: a snapshot of a live swarm as its manager's docker CLI
 * prints it, in one JSON document, and the validator that turns it into the
 * few facts the scenario needs. The bundle is untrusted input: every value is
 * checked for its type and size, and a malformed bundle is refused with the
 * JSON path of every problem (never a crash).
 *
 *   {"version": 1,
 *    "nodes":    [docker node inspect objects],
 *    "services": [docker service inspect objects],
 *    "networks": [docker network inspect objects],           (optional)
 *    "tasks":    [docker service ps --format '{{json .}}' rows, or API task objects],  (optional)
 *    "plugins":  {NODE_ID_OR_HOSTNAME: [docker plugin inspect objects]},           (optional)
 *    "volumes":  {NODE_ID_OR_HOSTNAME: [docker volume inspect objects]}}           (optional)
 */

export const BUNDLE_VERSION = 1;

/** Limits on a bundle: beyond them the bundle is refused, not truncated. */
export const BUNDLE_LIMITS = {
  chars: 50_000_000,
  depth: 64,
  nodes: 10_000,
  services: 10_000,
  networks: 10_000,
  tasks: 1_000_000,
  pluginsPerNode: 1_000,
  volumesPerNode: 100_000,
  stringChars: 100_000,
  listItems: 10_000,
  errors: 50,
} as const;

export interface ImportedPluginRef {
  /** The engine's `Description.Engine.Plugins` type: Volume, Network, Log, ... */
  type: string;
  name: string;
}

export interface ImportedNode {
  id: string;
  hostname: string;
  role: 'manager' | 'worker';
  availability: 'active' | 'pause' | 'drain';
  /** ready, down, unknown, disconnected */
  state: string;
  addr: string;
  leader: boolean;
  labels: Record<string, string>;
  engineLabels: Record<string, string>;
  nanoCpus: number;
  memoryBytes: number;
  os: string;
  arch: string;
  engineVersion: string;
  plugins: ImportedPluginRef[];
  createdAt: string;
}

export interface ImportedNetwork {
  id: string;
  name: string;
  driver: string;
  scope: string;
  attachable: boolean;
  internal: boolean;
  ingress: boolean;
  labels: Record<string, string>;
  options: Record<string, string>;
  ipamDriver: string;
  subnets: { subnet: string; gateway: string; ipRange: string }[];
}

export interface ImportedService {
  id: string;
  name: string;
  createdAt: string;
  /** The service's Spec, checked as an object; services.ts reads it field by field. */
  spec: Record<string, unknown>;
}

export interface ImportedTask {
  /** The service's name (a CLI row) or ID (an API task), resolved by resolveTasks. */
  service: string;
  /** A hostname (CLI row) or node ID (API task); '' when unassigned. */
  node: string;
  /** Lower case: running, pending, failed, ... */
  state: string;
  desired: string;
}

export interface ImportedPlugin {
  name: string;
  enabled: boolean;
  /** Interface types such as `docker.volumedriver/1.0`. */
  types: string[];
}

export interface ImportedVolume {
  name: string;
  driver: string;
  labels: Record<string, string>;
}

export interface Bundle {
  nodes: ImportedNode[];
  services: ImportedService[];
  networks: ImportedNetwork[];
  tasks: ImportedTask[];
  /** Keyed by node ID or hostname, as the bundle gave it. */
  plugins: Record<string, ImportedPlugin[]>;
  volumes: Record<string, ImportedVolume[]>;
  /** True when the bundle held a task list (a scenario then checks the placement). */
  hasTasks: boolean;
}

/** A bundle that cannot be imported: every problem found, each with its JSON path. */
export class BundleError extends Error {
  override readonly name = 'BundleError';
  constructor(readonly problems: readonly string[]) {
    super(problems.length === 1 ? problems[0] : `${problems.length} problems:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

/** Collects problems; each reader returns a usable default so one pass finds them all. */
class Reader {
  readonly problems: string[] = [];

  fail(path: string, message: string): void {
    if (this.problems.length < BUNDLE_LIMITS.errors) this.problems.push(`${path}: ${message}`);
  }

  obj(v: unknown, path: string, required = true): Record<string, unknown> {
    if (v === undefined || v === null) {
      if (required) this.fail(path, 'missing (expected an object)');
      return {};
    }
    if (typeof v !== 'object' || Array.isArray(v)) {
      this.fail(path, `expected an object, got ${kind(v)}`);
      return {};
    }
    return v as Record<string, unknown>;
  }

  arr(v: unknown, path: string, limit: number, required = false): unknown[] {
    if (v === undefined || v === null) {
      if (required) this.fail(path, 'missing (expected an array)');
      return [];
    }
    if (!Array.isArray(v)) {
      this.fail(path, `expected an array, got ${kind(v)}`);
      return [];
    }
    if (v.length > limit) {
      this.fail(path, `has ${v.length} items, more than the limit of ${limit}`);
      return [];
    }
    // Array.from fills the holes of a sparse array (not JSON, but a caller's object may have them).
    return Array.from(v as unknown[]);
  }

  str(v: unknown, path: string, fallback: string | null = ''): string {
    if (v === undefined || v === null) {
      if (fallback === null) this.fail(path, 'missing (expected a string)');
      return fallback ?? '';
    }
    if (typeof v !== 'string') {
      this.fail(path, `expected a string, got ${kind(v)}`);
      return fallback ?? '';
    }
    if (v.length > BUNDLE_LIMITS.stringChars) {
      this.fail(path, `string of ${v.length} characters, more than the limit of ${BUNDLE_LIMITS.stringChars}`);
      return fallback ?? '';
    }
    return v;
  }

  num(v: unknown, path: string): number {
    if (v === undefined || v === null) return 0;
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
      this.fail(path, `expected a non-negative integer, got ${kind(v)}`);
      return 0;
    }
    return v;
  }

  bool(v: unknown, path: string): boolean {
    if (v === undefined || v === null) return false;
    if (typeof v !== 'boolean') {
      this.fail(path, `expected true or false, got ${kind(v)}`);
      return false;
    }
    return v;
  }

  /** A string map (labels, options). */
  map(v: unknown, path: string): Record<string, string> {
    const o = this.obj(v, path, false);
    // No prototype: a key "__proto__" from JSON.parse stays a key.
    const out = Object.create(null) as Record<string, string>;
    const keys = Object.keys(o);
    if (keys.length > BUNDLE_LIMITS.listItems) {
      this.fail(path, `has ${keys.length} keys, more than the limit of ${BUNDLE_LIMITS.listItems}`);
      return out;
    }
    for (const k of keys) out[k] = this.str(o[k], `${path}.${k}`);
    return out;
  }

  oneOf<T extends string>(v: unknown, path: string, allowed: readonly T[], fallback: T): T {
    const s = this.str(v, path, fallback).toLowerCase();
    if ((allowed as readonly string[]).includes(s)) return s as T;
    this.fail(path, `expected one of ${allowed.join(', ')}, got ${JSON.stringify(s)}`);
    return fallback;
  }
}

function kind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v)}`;
  if (typeof v === 'number') return `the number ${v}`;
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/**
 * The deepest nesting of arrays and objects in JSON text, without parsing it
 * (so that a hostile bundle of a million brackets is refused before parse).
 */
function nestingDepth(text: string, limit: number): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max) max = depth;
      if (max > limit) return max;
    } else if (c === 125 || c === 93) depth--;
  }
  return max;
}

/** Parses and validates bundle text; throws BundleError listing every problem. */
export function parseBundle(text: string): Bundle {
  if (text.length > BUNDLE_LIMITS.chars) {
    throw new BundleError([`bundle is larger than ${BUNDLE_LIMITS.chars} characters (${text.length})`]);
  }
  if (nestingDepth(text, BUNDLE_LIMITS.depth) > BUNDLE_LIMITS.depth) {
    throw new BundleError([`bundle nests arrays and objects more than ${BUNDLE_LIMITS.depth} deep`]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new BundleError([`not JSON: ${(e as Error).message}`]);
  }
  return validateBundle(raw);
}

/** Validates a parsed bundle; throws BundleError listing every problem. */
export function validateBundle(raw: unknown): Bundle {
  const r = new Reader();
  const top = r.obj(raw, 'bundle');
  if (r.problems.length > 0) throw new BundleError(r.problems);
  if (top.version !== BUNDLE_VERSION) {
    throw new BundleError([`version: expected ${BUNDLE_VERSION}, got ${top.version === undefined ? 'none' : JSON.stringify(top.version)}`]);
  }
  for (const k of Object.keys(top)) {
    if (!['version', 'nodes', 'services', 'networks', 'tasks', 'plugins', 'volumes', 'comment', 'taken'].includes(k)) {
      r.fail(k, 'unknown key (expected version, nodes, services, networks, tasks, plugins, volumes)');
    }
  }
  const nodes = r.arr(top.nodes, 'nodes', BUNDLE_LIMITS.nodes, true).map((n, i) => readNode(r, n, `nodes[${i}]`));
  if (Array.isArray(top.nodes) && top.nodes.length === 0) r.fail('nodes', 'is empty: a swarm has at least one node');
  const services = r.arr(top.services, 'services', BUNDLE_LIMITS.services, true).map((s, i) => readService(r, s, `services[${i}]`));
  const networks = r.arr(top.networks, 'networks', BUNDLE_LIMITS.networks).map((n, i) => readNetwork(r, n, `networks[${i}]`));
  const tasks = r.arr(top.tasks, 'tasks', BUNDLE_LIMITS.tasks).map((t, i) => readTask(r, t, `tasks[${i}]`));
  const plugins = perNode(r, top.plugins, 'plugins', BUNDLE_LIMITS.pluginsPerNode, readPlugin);
  const volumes = perNode(r, top.volumes, 'volumes', BUNDLE_LIMITS.volumesPerNode, readVolume);

  const seenIds = new Set<string>();
  nodes.forEach((n, i) => {
    if (seenIds.has(n.id)) r.fail(`nodes[${i}].ID`, `node ${n.id} is listed twice`);
    seenIds.add(n.id);
  });
  const seenNames = new Set<string>();
  services.forEach((s, i) => {
    if (seenNames.has(s.name)) r.fail(`services[${i}].Spec.Name`, `service ${JSON.stringify(s.name)} is listed twice`);
    seenNames.add(s.name);
  });
  if (r.problems.length > 0) throw new BundleError(r.problems);
  return { nodes, services, networks, tasks, plugins, volumes, hasTasks: Array.isArray(top.tasks) };
}

function readNode(r: Reader, v: unknown, path: string): ImportedNode {
  const o = r.obj(v, path);
  const spec = r.obj(o.Spec, `${path}.Spec`);
  const desc = r.obj(o.Description, `${path}.Description`);
  const platform = r.obj(desc.Platform, `${path}.Description.Platform`, false);
  const resources = r.obj(desc.Resources, `${path}.Description.Resources`, false);
  const engine = r.obj(desc.Engine, `${path}.Description.Engine`, false);
  const status = r.obj(o.Status, `${path}.Status`);
  const manager = r.obj(o.ManagerStatus, `${path}.ManagerStatus`, false);
  const plugins = r.arr(engine.Plugins, `${path}.Description.Engine.Plugins`, BUNDLE_LIMITS.listItems).map((p, i) => {
    const po = r.obj(p, `${path}.Description.Engine.Plugins[${i}]`);
    return { type: r.str(po.Type, `${path}.Description.Engine.Plugins[${i}].Type`, null), name: r.str(po.Name, `${path}.Description.Engine.Plugins[${i}].Name`, null) };
  });
  let addr = r.str(status.Addr, `${path}.Status.Addr`);
  // A leader advertising on all interfaces reports 0.0.0.0; its manager address says where it listens.
  if (addr === '' || addr === '0.0.0.0') addr = r.str(manager.Addr, `${path}.ManagerStatus.Addr`).replace(/:\d+$/, '');
  return {
    id: r.str(o.ID, `${path}.ID`, null),
    hostname: r.str(desc.Hostname, `${path}.Description.Hostname`, null),
    role: r.oneOf(spec.Role, `${path}.Spec.Role`, ['manager', 'worker'], 'worker'),
    availability: r.oneOf(spec.Availability, `${path}.Spec.Availability`, ['active', 'pause', 'drain'], 'active'),
    state: r.str(status.State, `${path}.Status.State`, 'unknown').toLowerCase(),
    addr,
    leader: r.bool(manager.Leader, `${path}.ManagerStatus.Leader`),
    labels: r.map(spec.Labels, `${path}.Spec.Labels`),
    engineLabels: r.map(engine.Labels, `${path}.Description.Engine.Labels`),
    nanoCpus: r.num(resources.NanoCPUs, `${path}.Description.Resources.NanoCPUs`),
    memoryBytes: r.num(resources.MemoryBytes, `${path}.Description.Resources.MemoryBytes`),
    os: r.str(platform.OS, `${path}.Description.Platform.OS`),
    arch: r.str(platform.Architecture, `${path}.Description.Platform.Architecture`),
    engineVersion: r.str(engine.EngineVersion, `${path}.Description.Engine.EngineVersion`),
    plugins,
    createdAt: r.str(o.CreatedAt, `${path}.CreatedAt`),
  };
}

function readService(r: Reader, v: unknown, path: string): ImportedService {
  const o = r.obj(v, path);
  const spec = r.obj(o.Spec, `${path}.Spec`);
  const name = r.str(spec.Name, `${path}.Spec.Name`, null);
  const template = r.obj(spec.TaskTemplate, `${path}.Spec.TaskTemplate`);
  const container = r.obj(template.ContainerSpec, `${path}.Spec.TaskTemplate.ContainerSpec`, false);
  r.str(container.Image, `${path}.Spec.TaskTemplate.ContainerSpec.Image`, null);
  return { id: r.str(o.ID, `${path}.ID`, null), name, createdAt: r.str(o.CreatedAt, `${path}.CreatedAt`), spec };
}

function readNetwork(r: Reader, v: unknown, path: string): ImportedNetwork {
  const o = r.obj(v, path);
  const ipam = r.obj(o.IPAM, `${path}.IPAM`, false);
  const subnets = r.arr(ipam.Config, `${path}.IPAM.Config`, BUNDLE_LIMITS.listItems).map((c, i) => {
    const co = r.obj(c, `${path}.IPAM.Config[${i}]`);
    return {
      subnet: r.str(co.Subnet, `${path}.IPAM.Config[${i}].Subnet`),
      gateway: r.str(co.Gateway, `${path}.IPAM.Config[${i}].Gateway`),
      ipRange: r.str(co.IPRange, `${path}.IPAM.Config[${i}].IPRange`),
    };
  });
  return {
    id: r.str(o.Id ?? o.ID, `${path}.Id`, null),
    name: r.str(o.Name, `${path}.Name`, null),
    driver: r.str(o.Driver, `${path}.Driver`, 'overlay'),
    scope: r.str(o.Scope, `${path}.Scope`, 'swarm'),
    attachable: r.bool(o.Attachable, `${path}.Attachable`),
    internal: r.bool(o.Internal, `${path}.Internal`),
    ingress: r.bool(o.Ingress, `${path}.Ingress`),
    labels: r.map(o.Labels, `${path}.Labels`),
    options: r.map(o.Options, `${path}.Options`),
    ipamDriver: r.str(ipam.Driver, `${path}.IPAM.Driver`, 'default'),
    subnets,
  };
}

/**
 * A task: a row of `docker service ps --format '{{json .}}'` (Name `web.3`,
 * Node a hostname, CurrentState `Running 5 minutes ago`), or an Engine API
 * task (ServiceID, NodeID, Status.State, DesiredState).
 */
function readTask(r: Reader, v: unknown, path: string): ImportedTask {
  const o = r.obj(v, path);
  if ('ServiceID' in o) {
    const status = r.obj(o.Status, `${path}.Status`);
    return {
      service: r.str(o.ServiceID, `${path}.ServiceID`, null),
      node: r.str(o.NodeID, `${path}.NodeID`),
      state: r.str(status.State, `${path}.Status.State`, null).toLowerCase(),
      desired: r.str(o.DesiredState, `${path}.DesiredState`, null).toLowerCase(),
    };
  }
  const name = r.str(o.Name, `${path}.Name`, null).replace(/^ *\\_ /, '');
  const current = r.str(o.CurrentState, `${path}.CurrentState`, null);
  return {
    service: name.includes('.') ? name.slice(0, name.indexOf('.')) : name,
    node: r.str(o.Node, `${path}.Node`),
    state: (/^\S+/.exec(current)?.[0] ?? '').toLowerCase(),
    desired: r.str(o.DesiredState, `${path}.DesiredState`, null).toLowerCase(),
  };
}

function readPlugin(r: Reader, v: unknown, path: string): ImportedPlugin {
  const o = r.obj(v, path);
  const config = r.obj(o.Config, `${path}.Config`, false);
  const iface = r.obj(config.Interface, `${path}.Config.Interface`, false);
  const types = r.arr(iface.Types, `${path}.Config.Interface.Types`, 100).map((t, i) => r.str(t, `${path}.Config.Interface.Types[${i}]`));
  return { name: r.str(o.Name, `${path}.Name`, null), enabled: r.bool(o.Enabled, `${path}.Enabled`), types };
}

function readVolume(r: Reader, v: unknown, path: string): ImportedVolume {
  const o = r.obj(v, path);
  // `docker volume inspect` gives a map of labels, `docker volume ls --format '{{json .}}'` a string "k=v,k2=v2".
  const labels =
    typeof o.Labels === 'string'
      ? Object.fromEntries(
          r.str(o.Labels, `${path}.Labels`).split(',').filter((kv) => kv !== '').map((kv) => [kv.split('=')[0], kv.slice(kv.indexOf('=') + 1)] as const),
        )
      : r.map(o.Labels, `${path}.Labels`);
  return { name: r.str(o.Name, `${path}.Name`, null), driver: r.str(o.Driver, `${path}.Driver`, 'local'), labels };
}

function perNode<T>(r: Reader, v: unknown, path: string, limit: number, read: (r: Reader, v: unknown, path: string) => T): Record<string, T[]> {
  const o = r.obj(v, path, false);
  const out = Object.create(null) as Record<string, T[]>;
  const keys = Object.keys(o);
  if (keys.length > BUNDLE_LIMITS.nodes) {
    r.fail(path, `has ${keys.length} keys, more than the limit of ${BUNDLE_LIMITS.nodes}`);
    return out;
  }
  for (const k of keys) out[k] = r.arr(o[k], `${path}.${k}`, limit).map((x, i) => read(r, x, `${path}.${k}[${i}]`));
  return out;
}
