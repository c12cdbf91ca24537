/**
 * fast-check arbitraries: small clusters (2-5 machines), and short random
 * sequences of what users and the environment do to them. Names come from
 * small pools (node1..node5, s1, s2, net1...) so that commands collide often
 * enough to be interesting; a command that makes no sense when its turn
 * comes is skipped (its `check`), which keeps shrinking simple.
 */
import fc from 'fast-check';
import { withTag } from '../engine/registry.js';
import type { NodeAvailability } from '../model/types.js';
import {
  MachineAdd,
  MachineStart,
  MachineStop,
  NetworkCreate,
  NetworkRemove,
  NodeAvailabilityUpdate,
  NodeLabelUpdate,
  PluginDisable,
  PluginEnable,
  PluginInstall,
  PluginRemove,
  ServiceCreate,
  ServiceRemove,
  ServiceScale,
  ServiceUpdate,
  Sleep,
  SwarmInit,
  SwarmJoin,
  SwarmLeave,
  TaskFail,
  VolumeCreate,
  VolumeRemove,
  type CommandKind,
  type CommandRunner,
  type MachineSpec,
  type ServiceChange,
  type ServiceOptions,
  type SwarmCommand,
} from './commands.js';
import { MANAGER, type SwarmModel } from './model.js';

/** Plugins as installed: the reference, and an alias. */
export const PLUGIN_INSTALLS: readonly { ref: string; alias: string | null }[] = [
  { ref: 'vieux/sshfs', alias: null },
  { ref: 'vieux/sshfs', alias: 'sshfs' },
  { ref: 'rexray/ebs', alias: null },
  { ref: 'rexray/ebs:0.11.4', alias: null },
  { ref: 'bboreham/weave2', alias: null },
  { ref: 'grafana/loki-docker-driver', alias: 'loki' },
  { ref: 'grafana/loki-docker-driver', alias: null },
];
/** Local names as typed in enable/disable/rm (the engine adds `:latest`). */
export const PLUGIN_NAMES = ['vieux/sshfs', 'sshfs', 'rexray/ebs', 'rexray/ebs:0.11.4', 'bboreham/weave2', 'loki', 'grafana/loki-docker-driver'];
/** Volume drivers as services and volumes name them: with and without tag, aliases, a tag that `:latest` does not match. */
export const VOLUME_DRIVERS = ['local', 'vieux/sshfs', 'vieux/sshfs:latest', 'sshfs', 'rexray/ebs', 'rexray/ebs:0.11.4'];
export const LOG_DRIVERS = ['loki', 'grafana/loki-docker-driver', 'json-file', 'none'];
/** Swarm networks: name and driver. */
export const NETWORKS: readonly { name: string; driver: string }[] = [
  { name: 'net1', driver: 'overlay' },
  { name: 'wnet', driver: 'bboreham/weave2' },
  { name: 'wnet2', driver: 'bboreham/weave2:latest' },
];
export const VOLUMES = ['v1', 'v2'];
export const NODE_LABELS = ['zone=a', 'zone=b', 'tier=front'];
export const CONSTRAINTS = [
  'node.labels.zone==a',
  'node.labels.zone==b',
  'node.labels.zone!=a',
  'node.labels.tier==front',
  'node.role==worker',
  'node.role==manager',
  'node.platform.arch==x86_64',
  'engine.labels.disk==ssd',
  'node.hostname!=node2',
];

export interface SwarmArbitraryOptions {
  /** At most this many machines, named node1..nodeN (2-5; default 5). */
  readonly maxMachines?: number;
  /** Service names (default s1, s2). */
  readonly services?: readonly string[];
  /** Longest command sequence (default 25; many are skipped when their turn comes). */
  readonly maxCommands?: number;
  /**
   * Reservations, host-mode ports and max replicas per node: rules whose
   * outcome depends on where earlier tasks landed (default true).
   */
  readonly capacity?: boolean;
  /** Named volume mounts, which the agent creates on the node the task lands on (default true). */
  readonly namedVolumes?: boolean;
  /** Relative weights of the command kinds; 0 leaves a kind out. */
  readonly weights?: Partial<Record<CommandKind, number>>;
  /** The availabilities `docker node update --availability` sets (default drain, active, pause). */
  readonly availabilities?: readonly NodeAvailability[];
}

export const DEFAULT_WEIGHTS: Readonly<Record<CommandKind, number>> = {
  'machine-add': 1,
  'machine-stop': 2,
  'machine-start': 3,
  'swarm-init': 0,
  'swarm-join': 2,
  'swarm-leave': 1,
  'node-availability': 3,
  'node-label': 2,
  'plugin-install': 3,
  'plugin-enable': 2,
  'plugin-disable': 3,
  'plugin-rm': 2,
  'volume-create': 1,
  'volume-rm': 1,
  'network-create': 1,
  'network-rm': 1,
  'service-create': 6,
  'service-scale': 4,
  'service-update': 3,
  'service-rm': 1,
  'task-fail': 3,
  sleep: 2,
};

const machineNames = (o: SwarmArbitraryOptions): string[] =>
  Array.from({ length: Math.max(2, Math.min(5, o.maxMachines ?? 5)) }, (_, i) => `node${i + 1}`);

/** A machine: 1, 2 or 4 CPUs, 1-4 GiB, mostly x86_64, sometimes an SSD engine label. */
export function machineSpec(name: string): fc.Arbitrary<MachineSpec> {
  return fc.record({
    name: fc.constant(name),
    cpus: fc.constantFrom(2, 1, 4),
    memoryGiB: fc.constantFrom(2, 1, 4),
    arch: fc.oneof({ arbitrary: fc.constant('x86_64'), weight: 4 }, { arbitrary: fc.constant('aarch64'), weight: 1 }),
    engineLabels: fc.oneof({ arbitrary: fc.constant({}), weight: 2 }, { arbitrary: fc.constant({ disk: 'ssd' }), weight: 1 }),
  });
}

/** A service to create: a mode, and a few of the features that involve plugins and placement. */
export function serviceOptions(name: string, o: SwarmArbitraryOptions = {}): fc.Arbitrary<ServiceOptions> {
  const capacity = o.capacity ?? true;
  const sources = o.namedVolumes === false ? [''] : ['', ...VOLUMES];
  /** `none` twice as often as an arbitrary value (features are the exception, not the rule). */
  const maybe = <T>(arb: fc.Arbitrary<T>, none: T, weight = 2): fc.Arbitrary<T> =>
    fc.oneof({ arbitrary: fc.constant(none), weight }, { arbitrary: arb, weight: 1 });
  /** The plain choice (overlay, local, a built-in log driver) as likely as all plugin-backed ones together. */
  const plainOr = (plain: readonly string[], plugins: readonly string[]): fc.Arbitrary<string> =>
    fc.oneof({ arbitrary: fc.constantFrom(...plain), weight: 1 }, { arbitrary: fc.constantFrom(...plugins), weight: 1 });
  const network = plainOr(['net1'], NETWORKS.filter((n) => n.name !== 'net1').map((n) => n.name));
  const driver = plainOr(['local'], VOLUME_DRIVERS.filter((d) => d !== 'local'));
  const logDriver = plainOr(['json-file', 'none'], LOG_DRIVERS.filter((d) => d !== 'json-file' && d !== 'none'));
  return fc
    .record({
      name: fc.constant(name),
      global: fc.oneof({ arbitrary: fc.constant(false), weight: 3 }, { arbitrary: fc.constant(true), weight: 1 }),
      replicas: fc.oneof({ arbitrary: fc.integer({ min: 1, max: 6 }), weight: 9 }, { arbitrary: fc.constant(0), weight: 1 }),
      network: maybe(network, null, 1),
      mount: maybe(fc.record({ source: fc.constantFrom(...sources), driver }), null),
      logDriver: maybe(logDriver, null),
      constraints: maybe(fc.subarray(CONSTRAINTS, { minLength: 1, maxLength: 2 }), [] as string[]),
      reserveCpu: capacity ? maybe(fc.constantFrom(0.5, 1, 1.5, 2), 0) : fc.constant(0),
      reserveMemoryMiB: capacity ? maybe(fc.constantFrom(256, 512, 1024, 1536), 0, 3) : fc.constant(0),
      hostPort: capacity ? maybe(fc.constantFrom(8080, 8081), 0, 3) : fc.constant(0),
      maxPerNode: capacity ? maybe(fc.constantFrom(1, 2), 0, 3) : fc.constant(0),
      spread: maybe(fc.constant('node.labels.zone'), null, 3),
    })
    .map((s) => (s.global ? { ...s, replicas: 0, maxPerNode: 0, spread: null } : s));
}

export function serviceChange(o: SwarmArbitraryOptions = {}): fc.Arbitrary<ServiceChange> {
  const capacity = o.capacity ?? true;
  const changes: fc.Arbitrary<ServiceChange>[] = [
    fc.constantFrom('V=1', 'V=2', 'V=3').map((value) => ({ flag: '--env-add' as const, value })),
    fc.constantFrom(...CONSTRAINTS).map((value) => ({ flag: '--constraint-add' as const, value })),
    fc.constantFrom(...CONSTRAINTS).map((value) => ({ flag: '--constraint-rm' as const, value })),
    fc.constantFrom(...LOG_DRIVERS).map((value) => ({ flag: '--log-driver' as const, value })),
  ];
  if (capacity)
    changes.push(
      fc.constantFrom('0', '0.5', '1', '2').map((value) => ({ flag: '--reserve-cpu' as const, value })),
      fc.constantFrom('0', '1', '2').map((value) => ({ flag: '--replicas-max-per-node' as const, value })),
    );
  return fc.oneof(...changes);
}

/** One command of any kind, by weight. */
export function swarmCommand(o: SwarmArbitraryOptions = {}): fc.Arbitrary<SwarmCommand> {
  const hosts = machineNames(o);
  const services = o.services ?? ['s1', 's2'];
  const host = fc.constantFrom(...hosts);
  const svc = fc.constantFrom(...services);
  const weights = { ...DEFAULT_WEIGHTS, ...(o.weights ?? {}) };
  const byKind: Record<CommandKind, () => fc.Arbitrary<SwarmCommand>> = {
    'machine-add': () => fc.constantFrom(...hosts.slice(1)).chain((n) => machineSpec(n)).map((s) => new MachineAdd(s)),
    'machine-stop': () => host.map((h) => new MachineStop(h)),
    'machine-start': () => host.map((h) => new MachineStart(h)),
    'swarm-init': () => fc.constant(new SwarmInit(MANAGER)),
    'swarm-join': () => host.map((h) => new SwarmJoin(h)),
    'swarm-leave': () => host.map((h) => new SwarmLeave(h)),
    'node-availability': () =>
      fc
        .tuple(host, fc.constantFrom<NodeAvailability>(...(o.availabilities ?? ['drain', 'active', 'pause'])))
        .map(([h, a]) => new NodeAvailabilityUpdate(h, a)),
    'node-label': () =>
      fc.oneof(
        fc.tuple(host, fc.constantFrom(...NODE_LABELS)).map(([h, l]) => new NodeLabelUpdate(h, 'add', l)),
        fc.tuple(host, fc.constantFrom('zone', 'tier')).map(([h, k]) => new NodeLabelUpdate(h, 'rm', k)),
      ),
    'plugin-install': () =>
      fc
        .tuple(host, fc.constantFrom(...PLUGIN_INSTALLS), fc.oneof({ arbitrary: fc.constant(false), weight: 4 }, { arbitrary: fc.constant(true), weight: 1 }))
        .map(([h, p, off]) => new PluginInstall(h, p.ref, p.alias, off)),
    'plugin-enable': () => fc.tuple(host, fc.constantFrom(...PLUGIN_NAMES)).map(([h, p]) => new PluginEnable(h, p)),
    'plugin-disable': () => fc.tuple(host, fc.constantFrom(...PLUGIN_NAMES), fc.boolean()).map(([h, p, f]) => new PluginDisable(h, p, f)),
    'plugin-rm': () => fc.tuple(host, fc.constantFrom(...PLUGIN_NAMES), fc.boolean()).map(([h, p, f]) => new PluginRemove(h, p, f)),
    'volume-create': () =>
      fc.tuple(host, fc.constantFrom(...VOLUMES), fc.constantFrom(...VOLUME_DRIVERS)).map(([h, v, d]) => new VolumeCreate(h, v, d)),
    'volume-rm': () => fc.tuple(host, fc.constantFrom(...VOLUMES)).map(([h, v]) => new VolumeRemove(h, v)),
    'network-create': () => fc.constantFrom(...NETWORKS).map((n) => new NetworkCreate(n.name, n.driver)),
    'network-rm': () => fc.constantFrom(...NETWORKS).map((n) => new NetworkRemove(n.name)),
    'service-create': () => svc.chain((name) => serviceOptions(name, o)).map((s) => new ServiceCreate(s)),
    'service-scale': () => fc.tuple(svc, fc.integer({ min: 0, max: 8 })).map(([s, n]) => new ServiceScale(s, n)),
    'service-update': () => fc.tuple(svc, serviceChange(o)).map(([s, c]) => new ServiceUpdate(s, c)),
    'service-rm': () => svc.map((s) => new ServiceRemove(s)),
    'task-fail': () =>
      fc.tuple(svc, fc.oneof(fc.constantFrom('1', '2', '3'), host)).map(([s, target]) => new TaskFail(s, target)),
    sleep: () => fc.constantFrom(1_000, 10_000, 30_000, 120_000, 360_000).map((ms) => new Sleep(ms)),
  };
  const weighted = (Object.keys(byKind) as CommandKind[])
    .filter((k) => weights[k] > 0)
    .map((k) => ({ arbitrary: byKind[k](), weight: weights[k] }));
  return fc.oneof(...weighted);
}

/** A random command sequence for fast-check's model-based runner. */
export function swarmCommands(o: SwarmArbitraryOptions = {}): fc.Arbitrary<SwarmCommands> {
  return fc.commands([swarmCommand(o)], { maxCommands: o.maxCommands ?? 25, size: 'max' });
}

/**
 * The commands that build the starting cluster: 2-4 machines (at most
 * maxMachines), `docker swarm init` on node1, most others joined, a few
 * plugins installed (some disabled), node labels, some networks, and often
 * a first service.
 */
export function clusterSetup(o: SwarmArbitraryOptions = {}): fc.Arbitrary<SwarmCommand[]> {
  const names = machineNames(o);
  const most = Math.min(4, names.length);
  const perMachine = (name: string) =>
    fc.record({
      spec: machineSpec(name),
      joined: fc.oneof({ arbitrary: fc.constant(true), weight: 4 }, { arbitrary: fc.constant(false), weight: 1 }),
      plugins: fc.uniqueArray(fc.constantFrom(...PLUGIN_INSTALLS), { maxLength: 3, selector: (p) => p.alias ?? p.ref }),
      disabled: fc.oneof({ arbitrary: fc.constant(false), weight: 4 }, { arbitrary: fc.constant(true), weight: 1 }),
      labels: fc.subarray(NODE_LABELS.slice(0, 1).concat(NODE_LABELS.slice(2)), { maxLength: 2 }),
      zoneB: fc.boolean(),
    });
  return fc
    .tuple(
      fc.integer({ min: 2, max: most }),
      fc.tuple(...names.map(perMachine)),
      fc.tuple(fc.oneof({ arbitrary: fc.constant(true), weight: 4 }, { arbitrary: fc.constant(false), weight: 1 }), fc.boolean(), fc.boolean()),
      fc.option(serviceOptions((o.services ?? ['s1'])[0], o), { freq: 5, nil: null }),
    )
    .map(([count, machines, makeNetworks, service]) => {
      const used = machines.slice(0, count);
      const cmds: SwarmCommand[] = used.map((m) => new MachineAdd(m.spec));
      cmds.push(new SwarmInit(MANAGER));
      used.forEach((m, i) => {
        if (i > 0 && m.joined) cmds.push(new SwarmJoin(m.spec.name));
      });
      used.forEach((m) => {
        m.plugins.forEach((p, k) => cmds.push(new PluginInstall(m.spec.name, p.ref, p.alias, m.disabled && k === 0)));
      });
      used.forEach((m, i) => {
        if (i > 0 && !m.joined) return;
        for (const l of m.labels) cmds.push(new NodeLabelUpdate(m.spec.name, 'add', l === 'zone=a' && m.zoneB ? 'zone=b' : l));
      });
      NETWORKS.forEach((n, i) => {
        if (!makeNetworks[i]) return;
        // A plugin network is created through the plugin on the manager: install it there first.
        const onManager = used[0].plugins.some((p) => p.alias === null && withTag(p.ref) === withTag(n.driver));
        if (n.driver !== 'overlay' && !onManager && !cmds.some((c) => c instanceof PluginInstall && c.host === MANAGER && c.localName === withTag(n.driver)))
          cmds.push(new PluginInstall(MANAGER, n.driver.replace(/:latest$/, '')));
        cmds.push(new NetworkCreate(n.name, n.driver));
      });
      if (service) cmds.push(new ServiceCreate(service));
      return cmds;
    });
}

/** One test case: a simulation seed, the commands that build the cluster, and what happens to it. */
export interface SwarmCase {
  readonly seed: number;
  readonly setup: readonly SwarmCommand[];
  readonly commands: SwarmCommands;
}

/** What fc.commands generates: fast-check wraps each SwarmCommand (see unwrapCommand). */
export type SwarmCommands = Iterable<fc.Command<SwarmModel, CommandRunner>>;

export function swarmCase(o: SwarmArbitraryOptions = {}): fc.Arbitrary<SwarmCase> {
  return fc.record({ seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }), setup: clusterSetup(o), commands: swarmCommands(o) });
}
