import type { FailedPass, PlacementDecision } from '../scheduler/decision.js';
import type { TaskState } from './taskState.js';

/** Plugin interface capabilities, as in the plugin's config (`docker.<cap>/1.0`). */
export type PluginCapability = 'volumedriver' | 'networkdriver' | 'ipamdriver' | 'logdriver' | 'authz' | 'metricscollector';
export const PLUGIN_CAPABILITIES: readonly PluginCapability[] = [
  'volumedriver',
  'networkdriver',
  'ipamdriver',
  'logdriver',
  'authz',
  'metricscollector',
];

/** What an engine reports to the swarm per plugin (moby executor.go Describe). */
export type PluginDescriptionType = 'Volume' | 'Network' | 'Log' | 'Authorization';
export interface PluginDescription {
  readonly type: PluginDescriptionType;
  readonly name: string;
}

export interface Privilege {
  readonly name: string;
  readonly value: readonly string[];
}

/** A plugin image as the simulated registry knows it. */
export interface RegistryPlugin {
  /** Repository without tag, e.g. `bboreham/weave2`. */
  readonly repository: string;
  readonly tags: readonly string[];
  readonly capabilities: readonly PluginCapability[];
  /** Network plugins: `global` ones can back swarm-scoped networks. */
  readonly scope: 'local' | 'global';
  readonly privileges: readonly Privilege[];
  readonly description: string;
  /** Settings the plugin declares (`docker plugin set` may change them). */
  readonly settings: Readonly<Record<string, string>>;
  /** The unix socket its config names (config.json interface.socket); `plugin.sock` when not known. */
  readonly socket?: string;
}

/** A managed (v2) plugin installed on one engine. */
export interface InstalledPlugin {
  readonly id: string;
  /** Local name with tag: `bboreham/weave2:latest`, or the alias `rclone:latest`. */
  name: string;
  /** The remote reference it was pulled from, with tag. */
  reference: string;
  readonly capabilities: readonly PluginCapability[];
  readonly scope: 'local' | 'global';
  readonly description: string;
  readonly privileges: readonly Privilege[];
  enabled: boolean;
  settings: Record<string, string>;
  /** References held by volumes and networks created through it. */
  refs: number;
  readonly installedAt: number;
  /** The socket the engine reaches it on: /run/docker/plugins/ID/SOCKET. */
  readonly socket?: string;
}

export interface Volume {
  readonly name: string;
  /** `local`, or the plugin's full local name with tag, bound at creation. */
  readonly driver: string;
  readonly options: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
  readonly createdAt: number;
}

export interface Platform {
  readonly os: string;
  readonly arch: string;
}

export interface MachineConfig {
  cpus: number;
  memoryBytes: number;
  os: string;
  arch: string;
  engineLabels: Record<string, string>;
  ip: string;
}

/** A host with a Docker engine. A machine exists before, and without, a swarm. */
export interface Machine extends MachineConfig {
  readonly name: string;
  readonly engineVersion: string;
  /** The engine runs (heartbeats flow) or is stopped. */
  running: boolean;
  plugins: InstalledPlugin[];
  volumes: Volume[];
  /** Local-scope networks created on this engine. */
  localNetworks: Network[];
  /**
   * Swarm networks the engine's libnetwork has created for its tasks: a
   * network is attached for the first task on it and removed when the last
   * one shuts down (moby executor controller.go Shutdown -> removeNetworks).
   */
  swarmNetworks: { readonly id: string; readonly driver: string }[];
  /** The node ID while the engine is part of the swarm. */
  nodeId: string | null;
  /**
   * Files a scenario placed on the machine (`sim$ file`), by absolute path:
   * what `docker stack deploy -c FILE` and `--env-file` read. Created on the
   * first file (sim/docker/files.ts).
   */
  files?: Map<string, string>;
  /** Containers that are not swarm tasks are not modelled. */
}

export type NodeRole = 'manager' | 'worker';
export type NodeAvailability = 'active' | 'pause' | 'drain';
export type NodeStatus = 'unknown' | 'ready' | 'down' | 'disconnected';

export interface NodeResources {
  readonly nanoCPUs: number;
  readonly memoryBytes: number;
}

/** What the agent last reported about its engine (api.NodeDescription). */
export interface NodeDescription {
  readonly hostname: string;
  readonly platform: Platform;
  readonly resources: NodeResources;
  readonly engine: {
    readonly version: string;
    readonly labels: Readonly<Record<string, string>>;
    readonly plugins: readonly PluginDescription[];
  };
  readonly addr: string;
}

export interface SwarmNode {
  readonly id: string;
  readonly machine: string;
  role: NodeRole;
  availability: NodeAvailability;
  labels: Record<string, string>;
  status: NodeStatus;
  statusMessage: string;
  description: NodeDescription | null;
  readonly createdAt: number;
  updatedAt: number;
  /** Set while the engine is gone but the heartbeat grace has not run out. */
  lastHeartbeat: number;
}

export type MountType = 'volume' | 'bind' | 'tmpfs';
export interface Mount {
  readonly type: MountType;
  readonly source: string;
  readonly target: string;
  readonly readonly: boolean;
  /** Volume driver for `type=volume` mounts; '' means the default (local). */
  readonly volumeDriver: string;
  readonly volumeOptions: Readonly<Record<string, string>>;
  /** Labels of the volume the engine creates for this mount (`--mount volume-label=`, a stack's namespace). */
  readonly volumeLabels: Readonly<Record<string, string>>;
}

export interface PortConfig {
  readonly protocol: 'tcp' | 'udp' | 'sctp';
  readonly targetPort: number;
  readonly publishedPort: number;
  readonly publishMode: 'ingress' | 'host';
}

export interface SpreadPreference {
  readonly spread: string;
}

export interface Placement {
  readonly constraints: readonly string[];
  readonly preferences: readonly SpreadPreference[];
  readonly maxReplicas: number;
  readonly platforms: readonly Platform[];
}

export type RestartCondition = 'none' | 'on-failure' | 'any';
export interface RestartPolicy {
  readonly condition: RestartCondition;
  readonly delay: number;
  readonly maxAttempts: number;
  readonly window: number;
}

export interface UpdateConfig {
  readonly parallelism: number;
  readonly delay: number;
  readonly failureAction: 'pause' | 'continue' | 'rollback';
  readonly monitor: number;
  readonly maxFailureRatio: number;
  readonly order: 'stop-first' | 'start-first';
}

export interface TaskSpec {
  readonly image: string;
  readonly command: readonly string[];
  readonly args: readonly string[];
  readonly env: readonly string[];
  readonly mounts: readonly Mount[];
  readonly placement: Placement;
  readonly reservations: NodeResources;
  readonly limits: NodeResources;
  readonly restart: RestartPolicy;
  /** null: the engine's default log driver (the plugin filter is not enabled). */
  readonly logDriver: { readonly name: string; readonly options: Readonly<Record<string, string>> } | null;
  /** Network names or IDs as given; resolved to IDs at creation. */
  readonly networks: readonly string[];
  readonly forceUpdate: number;
  /**
   * ContainerSpec fields the simulator stores and shows but does not act on
   * (`--workdir`, `--user`, `--health-cmd`, ...), by their Go JSON names.
   * Changing one still makes the tasks dirty, as in SwarmKit.
   */
  readonly container?: Readonly<Record<string, unknown>>;
  /** Resources.Limits.Pids (`--limit-pids`), when set: stored and shown, not enforced. */
  readonly limitPids?: number;
  /**
   * Resources.Reservations.GenericResources (`--generic-resource GPU=2`),
   * discrete ones, when set: stored and shown. Nodes advertise none in the
   * simulator and the scheduler does not ask for them.
   */
  readonly genericResources?: readonly { readonly kind: string; readonly value: number }[];
}

export type ServiceMode =
  | { readonly kind: 'replicated'; readonly replicas: number }
  | { readonly kind: 'global' }
  | { readonly kind: 'replicated-job'; readonly maxConcurrent: number; readonly totalCompletions: number }
  | { readonly kind: 'global-job' };

export interface ServiceSpec {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly mode: ServiceMode;
  readonly task: TaskSpec;
  readonly update: UpdateConfig;
  readonly rollback: UpdateConfig;
  readonly ports: readonly PortConfig[];
  /**
   * EndpointSpec.Mode as given, when not "vip" (`--endpoint-mode dnsrr`).
   * Stored and shown; name resolution is not modelled.
   */
  readonly endpointMode?: string;
}

export interface UpdateStatus {
  state: 'updating' | 'paused' | 'completed' | 'rollback_started' | 'rollback_paused' | 'rollback_completed';
  message: string;
  startedAt: number;
  completedAt: number | null;
}

export interface Service {
  readonly id: string;
  spec: ServiceSpec;
  previousSpec: ServiceSpec | null;
  specVersion: number;
  readonly createdAt: number;
  updatedAt: number;
  updateStatus: UpdateStatus | null;
  /** Jobs: bumped each time the job is re-run. */
  jobIteration: number;
  /** Stack namespace label, if deployed with `docker stack deploy`. */
  readonly stack: string | null;
  /** The ports as allocated (Endpoint.Ports): an ingress port published as 0 gets one from 30000 up. */
  endpointPorts: readonly PortConfig[];
}

export interface TaskStatus {
  state: TaskState;
  timestamp: number;
  message: string;
  err: string;
}

/** A network attachment of a task, as the allocator resolved it. */
export interface TaskNetwork {
  readonly networkId: string;
  /** The network's driver name (DriverState.Name) that the plugin filter checks. */
  readonly driver: string;
}

export interface Task {
  readonly id: string;
  readonly serviceId: string;
  /** Replicated: 1..N. Global: 0 (identified by node). */
  readonly slot: number;
  nodeId: string;
  desiredState: TaskState;
  status: TaskStatus;
  readonly specVersion: number;
  readonly spec: TaskSpec;
  readonly networks: readonly TaskNetwork[];
  readonly hostPorts: readonly PortConfig[];
  readonly createdAt: number;
  /** Container ID once the agent created one. */
  containerId: string;
  readonly jobIteration: number;
  /** The scheduler never chose this node: the orchestrator did (global services). */
  readonly preassigned: boolean;
  /** How the scheduler placed it, recorded when it did (while tracing): what explanations of a placed task read. */
  decision?: PlacementDecision;
  /** The scheduler's last pass that could not place it, recorded then (while tracing): what explanations of a pending task read. */
  lastPass?: FailedPass;
}

export interface Network {
  readonly id: string;
  readonly name: string;
  readonly driver: string;
  readonly scope: 'swarm' | 'local';
  readonly attachable: boolean;
  readonly ingress: boolean;
  readonly internal: boolean;
  readonly labels: Readonly<Record<string, string>>;
  readonly options: Readonly<Record<string, string>>;
  readonly createdAt: number;
  /** Predefined networks (bridge, host, none, ingress) cannot be removed. */
  readonly predefined: boolean;
  readonly stack: string | null;
  /** A swarm network's addressing, as the allocator left it (networkAllocator.ts); absent on local ones. */
  readonly ipam?: NetworkIpam;
  /** --ipv6 (network.CreateOptions EnableIPv6). */
  readonly enableIPv6?: boolean;
  /** The overlay driver's VXLAN ID (its DriverState option vxlanid_list). */
  readonly vxlanId?: number;
}

/** network.IPAMConfig: a subnet and what is reserved in it. */
export interface NetworkIpamConfig {
  readonly subnet: string;
  readonly ipRange: string;
  readonly gateway: string;
  readonly auxAddresses: Readonly<Record<string, string>>;
}

export interface NetworkIpam {
  readonly driver: string;
  readonly options: Readonly<Record<string, string>>;
  readonly configs: readonly NetworkIpamConfig[];
}
