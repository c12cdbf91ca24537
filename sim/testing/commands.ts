/**
 * The commands of the model-based tests: what a user or the environment does
 * to a swarm. Each command
 *   - says whether it makes sense in the model (`check`: the machine exists,
 *     the plugin is installed...); a command that makes no sense is skipped;
 *   - applies itself to a Simulation through its public API, exactly as the
 *     docker CLI line it prints would (`apply`, `toScenarioLine`); the
 *     daemon may still refuse it with a DockerError, which changes nothing;
 *   - may check what must hold across its own step (`afterStep`): removing a
 *     plugin never stops a running task, draining a node always does.
 */
import { ENFORCER_ERROR } from '../orchestrator/constraintEnforcer.js';
import type fc from 'fast-check';
import { withTag } from '../engine/registry.js';
import { serviceSpec } from '../model/defaults.js';
import type { NodeAvailability, ServiceSpec } from '../model/types.js';
import type { Simulation } from '../simulation.js';
import type { SimSnapshot, TaskView } from '../snapshot.js';
import type { Violation } from './invariants.js';
import { MANAGER, managerUp, type SwarmModel } from './model.js';

/** Whatever executes commands: one simulation (SwarmReal), or several in lock-step. */
export interface CommandRunner {
  step(cmd: SwarmCommand): void;
  /** The model of the state after the last step. */
  model(): SwarmModel;
}

export type CommandKind =
  | 'machine-add'
  | 'machine-stop'
  | 'machine-start'
  | 'swarm-init'
  | 'swarm-join'
  | 'swarm-leave'
  | 'node-availability'
  | 'node-label'
  | 'plugin-install'
  | 'plugin-enable'
  | 'plugin-disable'
  | 'plugin-rm'
  | 'volume-create'
  | 'volume-rm'
  | 'network-create'
  | 'network-rm'
  | 'service-create'
  | 'service-scale'
  | 'service-update'
  | 'service-rm'
  | 'task-fail'
  | 'sleep';

export abstract class SwarmCommand implements fc.Command<SwarmModel, CommandRunner> {
  abstract readonly kind: CommandKind;
  /** Whether the command makes sense in this state (fast-check skips it otherwise). */
  abstract check(m: Readonly<SwarmModel>): boolean;
  /** Applies the command; throws DockerError (and changes nothing) when the daemon refuses it. */
  abstract apply(sim: Simulation): void;
  /** The equivalent line of a `.swarm` scenario: `node1$ docker ...` or `sim$ ...`. */
  abstract toScenarioLine(): string;
  /** Set when afterStep needs the snapshot from before the step. */
  readonly watchesStep: boolean = false;
  /** What must hold across this step (called only when the command was accepted). */
  afterStep(_before: SimSnapshot, _after: SimSnapshot): Violation[] {
    return [];
  }
  run(m: SwarmModel, r: CommandRunner): void {
    r.step(this);
    Object.assign(m, r.model());
  }
  toString(): string {
    return this.toScenarioLine();
  }
}

/**
 * A well-formed join token. The simulator lets any well-formed token join as
 * a worker, so scenarios need not know the seeded one (the token of the
 * Docker documentation).
 */
export const JOIN_TOKEN = 'SWMTKN-1-49nj1cmql0jkz5s954yi3oex3nedyz0fb0xx14ie39trti4wxv-8vxv8rssmk743ojnwacrr2e7c';
/** The manager's address: the first machine declared gets 192.168.99.100. */
export const MANAGER_ADDR = '192.168.99.100:2377';

const machine = (m: Readonly<SwarmModel>, name: string) => m.machines.get(name);
const running = (m: Readonly<SwarmModel>, name: string): boolean => machine(m, name)?.running === true;

// --- machines and membership ------------------------------------------------

export interface MachineSpec {
  readonly name: string;
  readonly cpus: number;
  readonly memoryGiB: number;
  readonly arch: string;
  readonly engineLabels: Readonly<Record<string, string>>;
}

export class MachineAdd extends SwarmCommand {
  readonly kind = 'machine-add';
  constructor(readonly spec: MachineSpec) {
    super();
  }
  check(m: Readonly<SwarmModel>): boolean {
    return !m.machines.has(this.spec.name);
  }
  apply(sim: Simulation): void {
    const s = this.spec;
    sim.machine(s.name, { cpus: s.cpus, memoryBytes: s.memoryGiB * 2 ** 30, arch: s.arch, engineLabels: { ...s.engineLabels } });
  }
  toScenarioLine(): string {
    const s = this.spec;
    const labels = Object.entries(s.engineLabels).map(([k, v]) => ` --engine-label ${k}=${v}`).join('');
    return `sim$ machine ${s.name} --cpus ${s.cpus} --memory ${s.memoryGiB}g --arch ${s.arch}${labels}`;
  }
}

export class MachineStop extends SwarmCommand {
  readonly kind = 'machine-stop';
  constructor(readonly host: string) {
    super();
  }
  check(m: Readonly<SwarmModel>): boolean {
    return running(m, this.host);
  }
  apply(sim: Simulation): void {
    sim.stopMachine(this.host);
  }
  toScenarioLine(): string {
    return `sim$ stop ${this.host}`;
  }
}

export class MachineStart extends SwarmCommand {
  readonly kind = 'machine-start';
  constructor(readonly host: string) {
    super();
  }
  check(m: Readonly<SwarmModel>): boolean {
    return machine(m, this.host)?.running === false;
  }
  apply(sim: Simulation): void {
    sim.startMachine(this.host);
  }
  toScenarioLine(): string {
    return `sim$ start ${this.host}`;
  }
}

export class SwarmInit extends SwarmCommand {
  readonly kind = 'swarm-init';
  constructor(readonly host: string = MANAGER) {
    super();
  }
  check(m: Readonly<SwarmModel>): boolean {
    return running(m, this.host) && !m.swarm;
  }
  apply(sim: Simulation): void {
    sim.swarmInit(this.host);
  }
  toScenarioLine(): string {
    return `${this.host}$ docker swarm init`;
  }
}

export class SwarmJoin extends SwarmCommand {
  readonly kind = 'swarm-join';
  constructor(readonly host: string) {
    super();
  }
  check(m: Readonly<SwarmModel>): boolean {
    return m.swarm && running(m, this.host) && machine(m, this.host)?.joined === false;
  }
  apply(sim: Simulation): void {
    sim.swarmJoin(this.host, JOIN_TOKEN, MANAGER_ADDR);
  }
  toScenarioLine(): string {
    return `${this.host}$ docker swarm join --token ${JOIN_TOKEN} ${MANAGER_ADDR}`;
  }
}

export class SwarmLeave extends SwarmCommand {
  readonly kind = 'swarm-leave';
  constructor(readonly host: string) {
    super();
  }
  check(m: Readonly<SwarmModel>): boolean {
    const mm = machine(m, this.host);
    return !!mm && mm.running && mm.joined && mm.role === 'worker';
  }
  apply(sim: Simulation): void {
    sim.swarmLeave(this.host);
  }
  toScenarioLine(): string {
    return `${this.host}$ docker swarm leave`;
  }
}

// --- nodes --------------------------------------------------------------------

const runningIds = (snap: SimSnapshot, where: (t: TaskView) => boolean): TaskView[] =>
  snap.tasks.filter((t) => t.status.state === 'running' && where(t));

/** Running tasks of `before` that no longer run in `after`. */
function stopped(before: SimSnapshot, after: SimSnapshot, where: (t: TaskView) => boolean = () => true): TaskView[] {
  const now = new Map(after.tasks.map((t) => [t.id, t]));
  return runningIds(before, where).filter((t) => now.get(t.id)?.status.state !== 'running');
}

export class NodeAvailabilityUpdate extends SwarmCommand {
  readonly kind = 'node-availability';
  override readonly watchesStep = true;
  constructor(
    readonly node: string,
    readonly availability: NodeAvailability,
  ) {
    super();
  }
  check(m: Readonly<SwarmModel>): boolean {
    return managerUp(m) && machine(m, this.node)?.joined === true;
  }
  apply(sim: Simulation): void {
    sim.requireManager(MANAGER);
    sim.nodeUpdate(this.node, { availability: this.availability });
  }
  toScenarioLine(): string {
    return `${MANAGER}$ docker node update --availability ${this.availability} ${this.node}`;
  }
  /** Draining a node stops every task running there; pausing or activating stops none that is up to date. */
  override afterStep(before: SimSnapshot, after: SimSnapshot): Violation[] {
    const nodes = before.nodes.filter((n) => n.hostname === this.node);
    if (nodes.length !== 1) return [];
    const node = nodes[0];
    if (this.availability === 'drain') {
      if (node.status !== 'ready') return []; // a down node cannot stop anything
      const now = new Map(after.tasks.map((t) => [t.id, t]));
      return runningIds(before, (t) => t.nodeId === node.id)
        .filter((t) => now.get(t.id)?.status.state === 'running')
        .map((t) => ({ invariant: 'drainStopsTasks', message: `task ${t.name} (${t.id}) still runs on drained ${this.node}` }));
    }
    // A task its service is replacing may go: activating a node can let a stalled rolling update go on.
    const upToDate = (t: TaskView): boolean => before.services.find((s) => s.id === t.serviceId)?.specVersion === t.specVersion;
    // Any node update wakes the constraint enforcer, which counts pending pre-assigned tasks'
    // reservations too (constraint_enforcer.go): it may reject a task the node can no longer hold.
    const byEnforcer = (t: TaskView): boolean => after.tasks.find((x) => x.id === t.id)?.status.err === ENFORCER_ERROR;
    return stopped(before, after, upToDate).filter((t) => !byEnforcer(t)).map((t) => ({
      invariant: 'availabilityKeepsTasks',
      message: `setting ${this.node} to ${this.availability} stopped task ${t.name} (${t.id})`,
    }));
  }
}

export class NodeLabelUpdate extends SwarmCommand {
  readonly kind = 'node-label';
  /** `add` is `key=value`; otherwise the key is removed. */
  constructor(
    readonly node: string,
    readonly op: 'add' | 'rm',
    readonly label: string,
  ) {
    super();
  }
  check(m: Readonly<SwarmModel>): boolean {
    return managerUp(m) && machine(m, this.node)?.joined === true;
  }
  apply(sim: Simulation): void {
    sim.requireManager(MANAGER);
    if (this.op === 'add') {
      const [k, v] = splitKv(this.label);
      sim.nodeUpdate(this.node, { labelAdd: { [k]: v } });
    } else sim.nodeUpdate(this.node, { labelRm: [this.label] });
  }
  toScenarioLine(): string {
    return `${MANAGER}$ docker node update --label-${this.op} ${this.label} ${this.node}`;
  }
}

function splitKv(s: string): [string, string] {
  const eq = s.indexOf('=');
  return eq < 0 ? [s, ''] : [s.slice(0, eq), s.slice(eq + 1)];
}

// --- plugins and volumes (engine-local) ---------------------------------------

/**
 * Removing or disabling a plugin leaves every running task running (moby: "can
 * affect running containers", swarm does not evict). What else happens while
 * the step settles is not the plugin's doing: an orchestrator or updater that
 * wants the task stopped (desired state past RUNNING), or the constraint
 * enforcer, which runs on every node update and re-checks constraints and
 * reservations against the service's current spec, never plugins.
 */
function pluginKeepsTasks(cmd: string, before: SimSnapshot, after: SimSnapshot): Violation[] {
  const now = new Map(after.tasks.map((t) => [t.id, t]));
  return stopped(before, after)
    .filter((t) => {
      const a = now.get(t.id);
      return !a || (a.desiredState === 'running' && a.status.err !== ENFORCER_ERROR);
    })
    .map((t) => ({ invariant: 'pluginChangesKeepTasks', message: `${cmd} stopped task ${t.name} (${t.id})` }));
}

export class PluginInstall extends SwarmCommand {
  readonly kind = 'plugin-install';
  constructor(
    readonly host: string,
    readonly ref: string,
    readonly alias: string | null = null,
    readonly disabled = false,
  ) {
    super();
  }
  get localName(): string {
    return withTag(this.alias ?? this.ref);
  }
  check(m: Readonly<SwarmModel>): boolean {
    return running(m, this.host) && !machine(m, this.host)!.plugins.has(this.localName);
  }
  apply(sim: Simulation): void {
    sim.pluginInstall(this.host, this.ref, { alias: this.alias ?? undefined, disable: this.disabled });
  }
  toScenarioLine(): string {
    const alias = this.alias ? ` --alias ${this.alias}` : '';
    return `${this.host}$ docker plugin install --grant-all-permissions${alias}${this.disabled ? ' --disable' : ''} ${this.ref}`;
  }
}

export class PluginEnable extends SwarmCommand {
  readonly kind = 'plugin-enable';
  constructor(
    readonly host: string,
    readonly ref: string,
  ) {
    super();
  }
  check(m: Readonly<SwarmModel>): boolean {
    return running(m, this.host) && machine(m, this.host)!.plugins.get(withTag(this.ref)) === false;
  }
  apply(sim: Simulation): void {
    sim.pluginEnable(this.host, this.ref);
  }
  toScenarioLine(): string {
    return `${this.host}$ docker plugin enable ${this.ref}`;
  }
}

export class PluginDisable extends SwarmCommand {
  readonly kind = 'plugin-disable';
  override readonly watchesStep = true;
  constructor(
    readonly host: string,
    readonly ref: string,
    readonly force = false,
  ) {
    super();
  }
  check(m: Readonly<SwarmModel>): boolean {
    return running(m, this.host) && machine(m, this.host)!.plugins.get(withTag(this.ref)) === true;
  }
  apply(sim: Simulation): void {
    sim.pluginDisable(this.host, this.ref, this.force);
  }
  toScenarioLine(): string {
    return `${this.host}$ docker plugin disable${this.force ? ' --force' : ''} ${this.ref}`;
  }
  override afterStep(before: SimSnapshot, after: SimSnapshot): Violation[] {
    return pluginKeepsTasks(this.toScenarioLine(), before, after);
  }
}

export class PluginRemove extends SwarmCommand {
  readonly kind = 'plugin-rm';
  override readonly watchesStep = true;
  constructor(
    readonly host: string,
    readonly ref: string,
    readonly force = false,
  ) {
    super();
  }
  check(m: Readonly<SwarmModel>): boolean {
    const enabled = machine(m, this.host)?.plugins.get(withTag(this.ref));
    return running(m, this.host) && enabled !== undefined && (this.force || !enabled);
  }
  apply(sim: Simulation): void {
    sim.pluginRemove(this.host, this.ref, this.force);
  }
  toScenarioLine(): string {
    return `${this.host}$ docker plugin rm${this.force ? ' --force' : ''} ${this.ref}`;
  }
  override afterStep(before: SimSnapshot, after: SimSnapshot): Violation[] {
    return pluginKeepsTasks(this.toScenarioLine(), before, after);
  }
}

export class VolumeCreate extends SwarmCommand {
  readonly kind = 'volume-create';
  constructor(
    readonly host: string,
    readonly name: string,
    readonly driver = 'local',
  ) {
    super();
  }
  check(m: Readonly<SwarmModel>): boolean {
    return running(m, this.host) && !machine(m, this.host)!.volumes.has(this.name);
  }
  apply(sim: Simulation): void {
    sim.volumeCreate(this.host, this.name, this.driver);
  }
  toScenarioLine(): string {
    return `${this.host}$ docker volume create${this.driver !== 'local' ? ` --driver ${this.driver}` : ''} ${this.name}`;
  }
}

export class VolumeRemove extends SwarmCommand {
  readonly kind = 'volume-rm';
  constructor(
    readonly host: string,
    readonly name: string,
  ) {
    super();
  }
  check(m: Readonly<SwarmModel>): boolean {
    return running(m, this.host) && machine(m, this.host)!.volumes.has(this.name);
  }
  apply(sim: Simulation): void {
    sim.volumeRemove(this.host, this.name);
  }
  toScenarioLine(): string {
    return `${this.host}$ docker volume rm ${this.name}`;
  }
}

// --- networks -------------------------------------------------------------------

export class NetworkCreate extends SwarmCommand {
  readonly kind = 'network-create';
  constructor(
    readonly name: string,
    readonly driver: string,
  ) {
    super();
  }
  check(m: Readonly<SwarmModel>): boolean {
    return managerUp(m) && !m.networks.has(this.name);
  }
  apply(sim: Simulation): void {
    sim.networkCreate(MANAGER, { name: this.name, driver: this.driver });
  }
  toScenarioLine(): string {
    return `${MANAGER}$ docker network create --driver ${this.driver} ${this.name}`;
  }
}

export class NetworkRemove extends SwarmCommand {
  readonly kind = 'network-rm';
  constructor(readonly name: string) {
    super();
  }
  check(m: Readonly<SwarmModel>): boolean {
    return managerUp(m) && m.networks.has(this.name);
  }
  apply(sim: Simulation): void {
    sim.networkRemove(MANAGER, this.name);
  }
  toScenarioLine(): string {
    return `${MANAGER}$ docker network rm ${this.name}`;
  }
}

// --- services -------------------------------------------------------------------

export interface ServiceOptions {
  readonly name: string;
  readonly global: boolean;
  readonly replicas: number;
  /** A swarm network by name. */
  readonly network: string | null;
  /** A volume mount at /data: named (`source`) or anonymous (''), through `driver` (`local`: none). */
  readonly mount: { readonly source: string; readonly driver: string } | null;
  readonly logDriver: string | null;
  readonly constraints: readonly string[];
  /** CPUs; 0: none. */
  readonly reserveCpu: number;
  /** MiB; 0: none. */
  readonly reserveMemoryMiB: number;
  /** A host-mode published port (target 80); 0: none. */
  readonly hostPort: number;
  /** --replicas-max-per-node; 0: unlimited. */
  readonly maxPerNode: number;
  /** A spread placement preference descriptor, e.g. `node.labels.zone`. */
  readonly spread: string | null;
}

export const plainService = (name: string, replicas = 1): ServiceOptions => ({
  name,
  global: false,
  replicas,
  network: null,
  mount: null,
  logDriver: null,
  constraints: [],
  reserveCpu: 0,
  reserveMemoryMiB: 0,
  hostPort: 0,
  maxPerNode: 0,
  spread: null,
});

/** The spec `docker service create` sends for these options (docker/cli service/opts.go). */
export function serviceSpecOf(o: ServiceOptions): ServiceSpec {
  return serviceSpec({
    name: o.name,
    image: 'busybox',
    args: ['top'],
    mode: o.global ? { kind: 'global' } : { kind: 'replicated', replicas: o.replicas },
    networks: o.network ? [o.network] : [],
    mounts: o.mount
      ? [{ type: 'volume', source: o.mount.source, target: '/data', volumeDriver: o.mount.driver === 'local' ? '' : o.mount.driver }]
      : [],
    logDriver: o.logDriver,
    placement: { constraints: [...o.constraints], preferences: o.spread ? [{ spread: o.spread }] : [], maxReplicas: o.maxPerNode },
    reserveCpus: o.reserveCpu,
    reserveMemory: o.reserveMemoryMiB * 2 ** 20,
    ports: o.hostPort ? [{ protocol: 'tcp', targetPort: 80, publishedPort: o.hostPort, publishMode: 'host' }] : [],
  });
}

export function serviceCreateArgs(o: ServiceOptions): string[] {
  const a = ['--name', o.name];
  if (o.global) a.push('--mode', 'global');
  else a.push('--replicas', String(o.replicas));
  if (o.network) a.push('--network', o.network);
  if (o.mount) {
    const src = o.mount.source ? `source=${o.mount.source},` : '';
    const drv = o.mount.driver !== 'local' ? `,volume-driver=${o.mount.driver}` : '';
    a.push('--mount', `type=volume,${src}destination=/data${drv}`);
  }
  if (o.logDriver) a.push('--log-driver', o.logDriver);
  for (const c of o.constraints) a.push('--constraint', c);
  if (o.reserveCpu) a.push('--reserve-cpu', String(o.reserveCpu));
  if (o.reserveMemoryMiB) a.push('--reserve-memory', `${o.reserveMemoryMiB}M`);
  if (o.hostPort) a.push('--publish', `published=${o.hostPort},target=80,mode=host`);
  if (o.maxPerNode) a.push('--replicas-max-per-node', String(o.maxPerNode));
  if (o.spread) a.push('--placement-pref', `spread=${o.spread}`);
  return [...a, 'busybox', 'top'];
}

export class ServiceCreate extends SwarmCommand {
  readonly kind = 'service-create';
  constructor(readonly opts: ServiceOptions) {
    super();
  }
  check(m: Readonly<SwarmModel>): boolean {
    return managerUp(m) && !m.services.has(this.opts.name);
  }
  apply(sim: Simulation): void {
    sim.requireManager(MANAGER);
    sim.serviceCreate(serviceSpecOf(this.opts));
  }
  toScenarioLine(): string {
    return `${MANAGER}$ docker service create ${serviceCreateArgs(this.opts).join(' ')}`;
  }
}

export class ServiceScale extends SwarmCommand {
  readonly kind = 'service-scale';
  constructor(
    readonly name: string,
    readonly replicas: number,
  ) {
    super();
  }
  check(m: Readonly<SwarmModel>): boolean {
    const s = m.services.get(this.name);
    return managerUp(m) && !!s && !s.global;
  }
  apply(sim: Simulation): void {
    sim.requireManager(MANAGER);
    sim.serviceScale(this.name, this.replicas);
  }
  toScenarioLine(): string {
    return `${MANAGER}$ docker service scale ${this.name}=${this.replicas}`;
  }
}

/** One `docker service update` flag. */
export type ServiceChange =
  | { readonly flag: '--env-add'; readonly value: string }
  | { readonly flag: '--constraint-add'; readonly value: string }
  | { readonly flag: '--constraint-rm'; readonly value: string }
  | { readonly flag: '--reserve-cpu'; readonly value: string }
  | { readonly flag: '--replicas-max-per-node'; readonly value: string }
  | { readonly flag: '--log-driver'; readonly value: string };

/** What docker/cli service update does to the spec for one flag (update.go). */
export function applyChange(s: ServiceSpec, c: ServiceChange): ServiceSpec {
  const task = s.task;
  const placement = task.placement;
  switch (c.flag) {
    case '--env-add': {
      const key = splitKv(c.value)[0];
      const env = [...task.env.filter((e) => splitKv(e)[0] !== key), c.value].sort();
      return { ...s, task: { ...task, env } };
    }
    case '--constraint-add':
      // updatePlacementConstraints: append, drop the removed ones, sort.
      return { ...s, task: { ...task, placement: { ...placement, constraints: [...placement.constraints, c.value].sort() } } };
    case '--constraint-rm':
      return { ...s, task: { ...task, placement: { ...placement, constraints: placement.constraints.filter((x) => x !== c.value).sort() } } };
    case '--reserve-cpu':
      return { ...s, task: { ...task, reservations: { ...task.reservations, nanoCPUs: Math.round(Number(c.value) * 1e9) } } };
    case '--replicas-max-per-node':
      return { ...s, task: { ...task, placement: { ...placement, maxReplicas: Number(c.value) } } };
    case '--log-driver':
      return { ...s, task: { ...task, logDriver: { name: c.value, options: {} } } };
  }
}

export class ServiceUpdate extends SwarmCommand {
  readonly kind = 'service-update';
  constructor(
    readonly name: string,
    readonly change: ServiceChange,
  ) {
    super();
  }
  check(m: Readonly<SwarmModel>): boolean {
    const s = m.services.get(this.name);
    return managerUp(m) && !!s && (this.change.flag !== '--replicas-max-per-node' || !s.global);
  }
  apply(sim: Simulation): void {
    sim.requireManager(MANAGER);
    sim.serviceUpdate(this.name, (s) => applyChange(s, this.change));
  }
  toScenarioLine(): string {
    return `${MANAGER}$ docker service update ${this.change.flag} ${this.change.value} ${this.name}`;
  }
}

export class ServiceRemove extends SwarmCommand {
  readonly kind = 'service-rm';
  constructor(readonly name: string) {
    super();
  }
  check(m: Readonly<SwarmModel>): boolean {
    return managerUp(m) && m.services.has(this.name);
  }
  apply(sim: Simulation): void {
    sim.requireManager(MANAGER);
    sim.serviceRemove(this.name);
  }
  toScenarioLine(): string {
    return `${MANAGER}$ docker service rm ${this.name}`;
  }
}

// --- the environment -------------------------------------------------------------

/** `sim$ fail SERVICE.SLOT` (replicated) or `sim$ fail SERVICE.HOST` (global): the container exits 1. */
export class TaskFail extends SwarmCommand {
  readonly kind = 'task-fail';
  constructor(
    readonly service: string,
    readonly target: string,
  ) {
    super();
  }
  check(m: Readonly<SwarmModel>): boolean {
    const s = m.services.get(this.service);
    return !!s && s.global === !/^\d+$/.test(this.target);
  }
  apply(sim: Simulation): void {
    sim.failTask(`${this.service}.${this.target}`);
  }
  toScenarioLine(): string {
    return `sim$ fail ${this.service}.${this.target}`;
  }
}

/** Go's duration text for whole milliseconds: 1m30s, 500ms. */
export function goDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms % 1000 !== 0) return `${ms}ms`;
  let s = ms / 1000;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  return `${h ? `${h}h` : ''}${h || m ? `${m}m` : ''}${s || (!h && !m) ? `${s}s` : h || m ? '0s' : ''}`;
}

export class Sleep extends SwarmCommand {
  readonly kind = 'sleep';
  constructor(readonly ms: number) {
    super();
  }
  check(): boolean {
    return true;
  }
  apply(sim: Simulation): void {
    sim.advance(this.ms);
  }
  toScenarioLine(): string {
    return `sim$ sleep ${goDuration(this.ms)}`;
  }
}
