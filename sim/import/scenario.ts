/**
 * A bundle (a live swarm's state) as a scenario that rebuilds it: machines
 * with their resources, platform and engine labels; the swarm with the same
 * managers, workers, labels and availability; each node's plugins; the swarm
 * networks, the volumes the bundle lists, and every service from its spec.
 * The swarm's current state closes the scenario as expected output, so that
 * `swarmsim test` says at once whether the simulation reproduces it.
 */
import { PluginRegistry } from '../engine/registry.js';
import type { PluginCapability } from '../scenario/ast.js';
import type { Bundle, ImportedNode, ImportedPlugin } from './bundle.js';
import { commandLine, isManagedPlugin, machinesOf, oneLine, quote, rangeLine, type Machines } from './names.js';

export { isManagedPlugin } from './names.js';
import { expectedChecks, realTasks } from './checks.js';
import { nanoDecimal, serviceCommand } from './services.js';

export interface ImportResult {
  /** The scenario's text. */
  text: string;
  /** The node ID -> machine name mapping the scenario uses. */
  machines: Map<string, string>;
  /** Things the scenario could not carry, or changed, one sentence each (also in its comments). */
  notes: string[];
}

/** Any well-formed token joins (README, "Scenarios"): the documents' own worker token. */
const JOIN_TOKEN = 'SWMTKN-1-49nj1cmql0jkz5s954yi3oex3nedyz0fb0xx14ie39trti4wxv-8vxv8rssmk743ojnwacrr2e7c';

/** moby's Engine.Plugins types (daemon/cluster/executor/container/executor.go) as plugin capabilities. */
const TYPE_CAPABILITY: Readonly<Record<string, PluginCapability>> = {
  Volume: 'volumedriver',
  Network: 'networkdriver',
  Log: 'logdriver',
  Authorization: 'authz',
  // Other capabilities are reported as they are named (executor.go: plgnTyp = typ.Capability).
  ipamdriver: 'ipamdriver',
  authz: 'authz',
  metricscollector: 'metricscollector',
};

/** Options SwarmKit's allocator writes itself: copying them would pin what it chose. */
const ALLOCATED_OPTIONS = new Set(['com.docker.network.driver.overlay.vxlanid_list']);

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** SwarmKit's service name rule (manager/controlapi/service.go validateAnnotations: a DNS label). */
const SERVICE_NAME = /^[a-zA-Z0-9](?:[-_]*[A-Za-z0-9]+)*$/;

interface NodePlugin {
  name: string;
  enabled: boolean;
  capabilities: PluginCapability[];
}

export interface ImportOptions {
  /** For the front matter: where the bundle came from. */
  source?: string;
  title?: string;
}

export function importScenario(bundle: Bundle, opts: ImportOptions = {}): ImportResult {
  const b: Bundle = { ...bundle, services: bundle.services.filter((s) => SERVICE_NAME.test(s.name)) };
  const m = machinesOf(b);
  const notes = [...m.notes];
  for (const s of bundle.services) if (!SERVICE_NAME.test(s.name)) notes.push(`service ${JSON.stringify(s.name)} left out: not a name SwarmKit accepts`);
  const L: string[] = [];
  const leader = m.byId.get(m.leader.id)!;
  const host = (n: ImportedNode): string => m.byId.get(n.id)!;

  frontMatter(L, b, m, opts);

  // Machines, with what the scheduler reads of them.
  section(L, 'The machines: resources, platform and engine labels as each node reports them.');
  const ips = uniqueIps(m.nodes);
  for (const n of m.nodes) {
    const words = ['machine', host(n)];
    if (n.nanoCpus > 0) words.push('--cpus', nanoDecimal(n.nanoCpus));
    if (n.memoryBytes > 0) words.push('--memory', String(n.memoryBytes));
    if (n.os) words.push('--os', n.os);
    if (n.arch) words.push('--arch', n.arch);
    for (const [k, v] of Object.entries(n.engineLabels)) if (k !== '') words.push('--engine-label', `${k}=${v}`);
    const ip = ips.get(n.id);
    if (ip) words.push('--ip', ip);
    L.push(`sim$ ${words.map(quote).join(' ')}`);
  }

  section(L, `${leader} is the leader: it starts the swarm; every other node joins and managers are promoted.`);
  L.push(commandLine(leader, ['swarm', 'init', ...(ips.get(m.leader.id) ? ['--advertise-addr', ips.get(m.leader.id)!] : [])]));
  const joinAddr = `${ips.get(m.leader.id) ?? '192.168.99.100'}:2377`;
  L.push(...rangeLine(m.nodes.slice(1).map(host), ['swarm', 'join', '--token', JOIN_TOKEN, joinAddr]));
  const managers = m.nodes.slice(1).filter((n) => n.role === 'manager').map(host);
  if (managers.length > 0) L.push(commandLine(leader, ['node', 'promote', ...managers]));

  // Plugins, per node.
  const plugins = pluginsByNode(b, m);
  const needGlobal = new Set(b.networks.filter((n) => n.scope === 'swarm').map((n) => n.driver));
  const registry = new PluginRegistry();
  const registered = new Set<string>();
  const anyPlugin = [...plugins.values()].some((l) => l.length > 0);
  if (anyPlugin) section(L, 'Plugins: each engine has its own copy, enabled or disabled as it reports.');
  // Plugin by plugin, each on the nodes that have it (one step for a range of them).
  const installs = new Map<string, { plugin: NodePlugin; hosts: string[] }>();
  for (const n of m.nodes) {
    for (const p of plugins.get(n.id) ?? []) {
      const key = `${p.name}\u0000${p.enabled}`;
      const entry = installs.get(key) ?? { plugin: p, hosts: [] };
      entry.hosts.push(host(n));
      installs.set(key, entry);
    }
  }
  for (const { plugin: p, hosts } of installs.values()) {
    if (registry.lookup(p.name) === null && !registered.has(p.name)) {
      registered.add(p.name);
      const caps = p.capabilities.length > 0 ? p.capabilities : (['volumedriver'] as PluginCapability[]);
      const scope = needGlobal.has(p.name) ? ['--scope', 'global'] : [];
      L.push(`sim$ ${['registry', p.name, '--type', caps.join(','), ...scope].map(quote).join(' ')}`);
    }
    L.push(...rangeLine(hosts, ['plugin', 'install', '--grant-all-permissions', ...(p.enabled ? [] : ['--disable']), p.name]));
  }

  const labelled = m.nodes.filter((n) => Object.keys(n.labels).length > 0);
  if (labelled.length > 0) section(L, 'Node labels, for placement constraints and preferences.');
  for (const n of labelled) {
    L.push(commandLine(leader, ['node', 'update', ...Object.entries(n.labels).flatMap(([k, v]) => ['--label-add', v === '' ? k : `${k}=${v}`]), host(n)]));
  }
  const drained = m.nodes.filter((n) => n.availability === 'drain');
  if (drained.length > 0) section(L, 'Drained nodes take no tasks.');
  for (const n of drained) L.push(commandLine(leader, ['node', 'update', '--availability', 'drain', host(n)]));
  // A paused node keeps the tasks it has: one with none pauses now, one with tasks once they are placed.
  const tasksOn = new Set(realTasks(b, m).filter((t) => t.desired === 'running' && t.host !== '').map((t) => t.host));
  const paused = m.nodes.filter((n) => n.availability === 'pause');
  const pausedEarly = paused.filter((n) => !tasksOn.has(host(n)));
  if (pausedEarly.length > 0) section(L, 'Paused nodes without tasks take none.');
  for (const n of pausedEarly) L.push(commandLine(leader, ['node', 'update', '--availability', 'pause', host(n)]));

  // Volumes the bundle lists (a manager sees only its own engine's).
  const volumeLines: string[] = [];
  for (const n of m.nodes) {
    for (const v of b.volumes[n.id] ?? b.volumes[n.hostname] ?? []) {
      if (/^[0-9a-f]{64}$/.test(v.name)) continue; // anonymous: made by the container that uses it
      volumeLines.push(commandLine(host(n), ['volume', 'create', ...(v.driver !== 'local' ? ['--driver', v.driver] : []), ...Object.entries(v.labels).flatMap(([k, x]) => ['--label', `${k}=${x}`]), v.name]));
    }
  }
  if (volumeLines.length > 0) section(L, 'Volumes, with their drivers.');
  L.push(...volumeLines);

  // Swarm networks (ingress is the swarm's own).
  const netName = new Map<string, string>();
  const swarmNets = b.networks.filter((n) => n.scope === 'swarm' && !n.ingress && n.name !== 'ingress');
  for (const n of b.networks) netName.set(n.id, n.name);
  if (swarmNets.length > 0) section(L, 'Swarm networks, with their drivers.');
  const leaderPlugins = new Set((plugins.get(m.leader.id) ?? []).filter((p) => p.enabled).map((p) => p.name));
  for (const n of swarmNets) {
    const words = ['network', 'create', '--driver', n.driver];
    if (n.attachable) words.push('--attachable');
    if (n.internal) words.push('--internal');
    for (const [k, v] of Object.entries(n.labels)) words.push('--label', `${k}=${v}`);
    for (const [k, v] of Object.entries(n.options)) if (!ALLOCATED_OPTIONS.has(k)) words.push('--opt', `${k}=${v}`);
    if (n.ipamDriver && n.ipamDriver !== 'default') words.push('--ipam-driver', n.ipamDriver);
    for (const s of n.subnets) {
      if (s.subnet) words.push('--subnet', s.subnet);
      if (s.gateway) words.push('--gateway', s.gateway);
      if (s.ipRange) words.push('--ip-range', s.ipRange);
    }
    words.push(n.name);
    // A plugin driver must be on the manager that creates the network; the real one may have lost it since.
    const borrow = isManagedPlugin(n.driver) && !leaderPlugins.has(n.driver);
    if (borrow) {
      L.push(`# ${oneLine(`${leader} no longer has ${n.driver}: install it to create ${n.name}, then remove it again.`)}`);
      L.push(commandLine(leader, ['plugin', 'install', '--grant-all-permissions', n.driver]));
    }
    L.push(commandLine(leader, words));
    if (borrow) L.push(commandLine(leader, ['plugin', 'rm', '-f', n.driver]));
  }

  // Down nodes stop before the services exist, so that no task is placed there.
  const down = m.nodes.filter((n) => n.state === 'down' && n !== m.leader);
  if (down.length > 0) section(L, 'Nodes that are down now: their engines stop.');
  for (const n of down) L.push(`sim$ stop ${host(n)}`);

  const services = [...b.services].sort((x, y) => (x.createdAt < y.createdAt ? -1 : x.createdAt > y.createdAt ? 1 : 0));
  if (services.length > 0) section(L, 'The services, from their specs, oldest first.');
  for (const s of services) {
    const cmd = serviceCommand(s, (id) => netName.get(id) ?? null);
    if (cmd.dropped.length > 0) {
      L.push(`# ${s.name}: not copied: ${oneLine(cmd.dropped.join('; '))}.`);
      notes.push(`service ${s.name}: not copied: ${cmd.dropped.join('; ')}`);
    }
    L.push(commandLine(leader, cmd.argv));
  }

  // Paused nodes keep what runs there; they pause after the services are placed.
  const pausedLate = paused.filter((n) => tasksOn.has(host(n)));
  if (pausedLate.length > 0) section(L, 'Paused nodes keep their tasks but take no new ones.');
  for (const n of pausedLate) L.push(commandLine(leader, ['node', 'update', '--availability', 'pause', host(n)]));

  L.push(...expectedChecks(b, m, plugins));
  L.push('');
  L.push('# What if? Append steps here, for instance:');
  const drainable = [...m.nodes].reverse().find((n) => n.availability === 'active' && n.state === 'ready') ?? m.leader;
  L.push(`#   ${commandLine(leader, ['node', 'update', '--availability', 'drain', host(drainable)])}`);
  L.push(`#   ${commandLine(leader, ['service', 'ps', services[0]?.name ?? 'SERVICE'])}`);
  return { text: L.join('\n') + '\n', machines: m.byId, notes };
}

function section(L: string[], comment: string): void {
  L.push('', `# ${oneLine(comment)}`);
}

function frontMatter(L: string[], b: Bundle, m: Machines, opts: ImportOptions): void {
  const managers = m.nodes.filter((n) => n.role === 'manager').length;
  L.push('---');
  L.push(`title: ${JSON.stringify(opts.title ?? `Imported swarm: ${m.nodes.length} nodes, ${b.services.length} services`)}`);
  L.push('description: |');
  L.push(`  A swarm of ${managers} manager${managers === 1 ? '' : 's'} and ${m.nodes.length - managers} worker${m.nodes.length - managers === 1 ? '' : 's'} rebuilt by "swarmsim import"${opts.source ? ` from ${oneLine(opts.source)}` : ''}.`);
  L.push('  The last steps check that the simulation places every task where the real swarm has it.');
  L.push('seed: 1');
  L.push('tags: [imported]');
  L.push('---');
  L.push('# Made by "swarmsim import". Not copied from the swarm: secrets, configs, environment');
  L.push('# values, registry credentials, plugin settings, and log and volume driver options');
  L.push('# (they hold passwords and tokens); IDs, join tokens and times are the simulation\'s own.');
}

/** Each node's IPv4 address when it is one and unique; else the simulator picks one. */
function uniqueIps(nodes: readonly ImportedNode[]): Map<string, string> {
  const count = new Map<string, number>();
  for (const n of nodes) if (IPV4.test(n.addr)) count.set(n.addr, (count.get(n.addr) ?? 0) + 1);
  const out = new Map<string, string>();
  for (const n of nodes) if (count.get(n.addr) === 1) out.set(n.id, n.addr);
  return out;
}

/**
 * Each node's plugins: what its engine reports to the manager (enabled,
 * managed plugins only), completed by `docker plugin inspect` where the
 * bundle has it for the node (disabled ones, interface types).
 */
export function pluginsByNode(b: Bundle, m: Machines): Map<string, NodePlugin[]> {
  const out = new Map<string, NodePlugin[]>();
  for (const n of m.nodes) {
    const byName = new Map<string, NodePlugin>();
    for (const p of n.plugins) {
      if (!isManagedPlugin(p.name)) continue;
      const entry = byName.get(p.name) ?? { name: p.name, enabled: true, capabilities: [] };
      const cap = TYPE_CAPABILITY[p.type];
      if (cap && !entry.capabilities.includes(cap)) entry.capabilities.push(cap);
      byName.set(p.name, entry);
    }
    const inspected: ImportedPlugin[] = b.plugins[n.id] ?? b.plugins[n.hostname] ?? [];
    for (const p of inspected) {
      if (!isManagedPlugin(p.name)) continue;
      const entry = byName.get(p.name) ?? { name: p.name, enabled: p.enabled, capabilities: [] };
      entry.enabled = p.enabled;
      for (const t of p.types) {
        const cap = /^docker\.([a-z]+)\//.exec(t)?.[1] as PluginCapability | undefined;
        if (cap && !entry.capabilities.includes(cap) && ['volumedriver', 'networkdriver', 'ipamdriver', 'logdriver', 'authz', 'metricscollector'].includes(cap)) {
          entry.capabilities.push(cap);
        }
      }
      byName.set(p.name, entry);
    }
    out.set(n.id, [...byName.values()].sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0)));
  }
  return out;
}
