/**
 * The flags `docker service create` and `update` share, and the ServiceSpec
 * built from them (cli/command/service/{opts,update}.go), with the checks the
 * daemon makes of the result before the core sees it.
 */
import type { FlagSpec } from '../../flags.js';
import { goQuote, parseBytes } from '../../format/text.js';
import { cliError, daemonError } from '../../../errors.js';
import { DEFAULT_RESTART, DEFAULT_UPDATE } from '../../../model/defaults.js';
import type { Mount, PortConfig, RestartCondition, Service, ServiceMode, ServiceSpec, UpdateConfig } from '../../../model/types.js';
import type { Simulation } from '../../../simulation.js';
import {
  durationMs,
  Opts,
  normalizeImage,
  parseCpus,
  parseFlagValue,
  parseMount,
  parseNetworkTarget,
  parsePlacementPref,
  parsePort,
  shlexSplit,
  validateEnv,
  validateLabel,
} from './options.js';

export { Opts };
import { kvMap, parseKVFile } from '../../opts.js';
import {
  checkContainerValues,
  CONTAINER_FLAGS,
  containerFromCreate,
  containerFromUpdate,
  CREATE_LIST_FLAGS,
  SYSCTL_CREATE_FLAG,
  SYSCTL_UPDATE_FLAGS,
  UPDATE_LIST_FLAGS,
} from './container.js';
import { checkRefValues, REF_CREATE_FLAGS, REF_UPDATE_FLAGS, refsFromCreate, refsFromUpdate } from './refs.js';
import { checkGenericValues, GENERIC_CREATE_FLAGS, GENERIC_UPDATE_FLAGS, genericFromCreate, genericFromUpdate } from './genericResources.js';

// ===========================================================================
// Flags
// ===========================================================================

/** Flags shared by create and update (service/opts.go addServiceFlags, the part the simulator models). */
const COMMON_FLAGS: FlagSpec[] = [
  { name: 'detach', short: 'd', type: 'bool', help: 'Exit immediately instead of waiting for the service to converge' },
  { name: 'quiet', short: 'q', type: 'bool', help: 'Suppress progress output' },
  { name: 'limit-cpu', type: 'string', help: 'Limit CPUs' },
  { name: 'limit-memory', type: 'string', help: 'Limit Memory' },
  { name: 'limit-pids', type: 'int', help: 'Limit maximum number of processes (default 0 = unlimited) (swarmsim: stored, not simulated)' },
  { name: 'reserve-cpu', type: 'string', help: 'Reserve CPUs' },
  { name: 'reserve-memory', type: 'string', help: 'Reserve Memory' },
  { name: 'replicas', type: 'uint', help: 'Number of tasks' },
  { name: 'max-concurrent', type: 'uint', help: 'Number of job tasks to run concurrently (default equal to --replicas)' },
  { name: 'replicas-max-per-node', type: 'uint', help: 'Maximum number of tasks per node (default 0 = unlimited)' },
  { name: 'restart-condition', type: 'string', help: 'Restart when condition is met ("none", "on-failure", "any") (default "any")' },
  { name: 'restart-delay', type: 'duration', help: 'Delay between restart attempts (ns|us|ms|s|m|h) (default 5s)' },
  { name: 'restart-max-attempts', type: 'uint', help: 'Maximum number of restarts before giving up' },
  { name: 'restart-window', type: 'duration', help: 'Window used to evaluate the restart policy (ns|us|ms|s|m|h)' },
  { name: 'update-parallelism', type: 'uint', default: 1, help: 'Maximum number of tasks updated simultaneously (0 to update all at once)' },
  { name: 'update-delay', type: 'duration', help: 'Delay between updates (ns|us|ms|s|m|h) (default 0s)' },
  { name: 'update-monitor', type: 'duration', help: 'Duration after each task update to monitor for failure (ns|us|ms|s|m|h) (default 5s)' },
  { name: 'update-failure-action', type: 'string', help: 'Action on update failure ("pause", "continue", "rollback") (default "pause")' },
  { name: 'update-max-failure-ratio', type: 'float', help: 'Failure rate to tolerate during an update (default 0)' },
  { name: 'update-order', type: 'string', help: 'Update order ("start-first", "stop-first") (default "stop-first")' },
  { name: 'rollback-parallelism', type: 'uint', default: 1, help: 'Maximum number of tasks rolled back simultaneously (0 to roll back all at once)' },
  { name: 'rollback-delay', type: 'duration', help: 'Delay between task rollbacks (ns|us|ms|s|m|h) (default 0s)' },
  { name: 'rollback-monitor', type: 'duration', help: 'Duration after each task rollback to monitor for failure (ns|us|ms|s|m|h) (default 5s)' },
  { name: 'rollback-failure-action', type: 'string', help: 'Action on rollback failure ("pause", "continue") (default "pause")' },
  { name: 'rollback-max-failure-ratio', type: 'float', help: 'Failure rate to tolerate during a rollback (default 0)' },
  { name: 'rollback-order', type: 'string', help: 'Rollback order ("start-first", "stop-first") (default "stop-first")' },
  { name: 'log-driver', type: 'string', help: 'Logging driver for service' },
  { name: 'log-opt', type: 'list', help: 'Logging driver options' },
  { name: 'no-resolve-image', type: 'bool', help: 'Do not query the registry to resolve image digest and supported platforms' },
  { name: 'with-registry-auth', type: 'bool', help: 'Send registry authentication details to swarm agents' },
  { name: 'endpoint-mode', type: 'string', default: 'vip', help: 'Endpoint mode (vip or dnsrr)' },
  ...CONTAINER_FLAGS,
];

export const CREATE_FLAGS: FlagSpec[] = [
  { name: 'mode', type: 'string', default: 'replicated', help: 'Service mode ("replicated", "global", "replicated-job", "global-job")' },
  { name: 'name', type: 'string', help: 'Service name' },
  ...COMMON_FLAGS,
  { name: 'label', short: 'l', type: 'list', help: 'Service labels' },
  { name: 'env', short: 'e', type: 'list', help: 'Set environment variables' },
  { name: 'env-file', type: 'list', help: 'Read in a file of environment variables' },
  { name: 'mount', type: 'list', help: 'Attach a filesystem mount to the service' },
  { name: 'constraint', type: 'list', help: 'Placement constraints' },
  { name: 'placement-pref', type: 'list', help: 'Add a placement preference' },
  { name: 'network', type: 'list', help: 'Network attachments' },
  { name: 'publish', short: 'p', type: 'list', help: 'Publish a port as a node port' },
  { name: 'entrypoint', type: 'string', typeName: 'command', help: 'Overwrite the default ENTRYPOINT of the image' },
  ...CREATE_LIST_FLAGS,
  SYSCTL_CREATE_FLAG,
  ...REF_CREATE_FLAGS,
  ...GENERIC_CREATE_FLAGS,
];

export const UPDATE_FLAGS: FlagSpec[] = [
  { name: 'image', type: 'string', help: 'Service image tag' },
  { name: 'args', type: 'string', help: 'Service command args' },
  { name: 'rollback', type: 'bool', help: 'Rollback to previous specification' },
  { name: 'force', type: 'bool', help: 'Force update even if no changes require it' },
  ...COMMON_FLAGS,
  { name: 'env-add', type: 'list', help: 'Add or update an environment variable' },
  { name: 'env-rm', type: 'list', help: 'Remove an environment variable' },
  { name: 'label-add', type: 'list', help: 'Add or update a service label' },
  { name: 'label-rm', type: 'list', help: 'Remove a label by its key' },
  { name: 'mount-add', type: 'list', help: 'Add or update a mount on a service' },
  { name: 'mount-rm', type: 'list', help: 'Remove a mount by its target path' },
  { name: 'constraint-add', type: 'list', help: 'Add or update a placement constraint' },
  { name: 'constraint-rm', type: 'list', help: 'Remove a constraint' },
  { name: 'placement-pref-add', type: 'list', help: 'Add a placement preference' },
  { name: 'placement-pref-rm', type: 'list', help: 'Remove a placement preference' },
  { name: 'network-add', type: 'list', help: 'Add a network' },
  { name: 'network-rm', type: 'list', help: 'Remove a network' },
  { name: 'publish-add', type: 'list', help: 'Add or update a published port' },
  { name: 'publish-rm', type: 'list', help: 'Remove a published port by its target port' },
  { name: 'entrypoint', type: 'string', typeName: 'command', help: 'Overwrite the default ENTRYPOINT of the image' },
  ...UPDATE_LIST_FLAGS,
  ...SYSCTL_UPDATE_FLAGS,
  ...REF_UPDATE_FLAGS,
  ...GENERIC_UPDATE_FLAGS,
];


/** Parses every value flag given, so that a bad value is reported before anything else happens. */
export function checkValues(o: Opts): void {
  checkContainerValues(o, o.accepts('env-add'));
  checkRefValues(o, o.accepts('env-add'));
  checkGenericValues(o, o.accepts('env-add'));
  const durations: [string, boolean][] = [
    // opts.DurationOpt (docker/cli v28.2.2 cli/command/service/opts.go restartPolicyOptions): negative passes to the daemon.
    ['restart-delay', false],
    ['restart-window', false],
    ['update-delay', false],
    ['update-monitor', false],
    ['rollback-delay', false],
    ['rollback-monitor', false],
  ];
  for (const [n, nonNeg] of durations) if (o.changed(n)) o.duration(n, nonNeg);
  for (const n of ['limit-cpu', 'reserve-cpu']) if (o.changed(n)) o.one(n, parseCpus);
  for (const n of ['limit-memory', 'reserve-memory']) if (o.changed(n)) o.one(n, parseBytes);
  o.each('log-opt', validateEnv);
  for (const [n, parse] of LIST_VALUES) if (o.accepts(n)) o.each(n, parse);
}

/** The list flags whose option type parses each value (ListOpts validators, MountOpt, PortOpt, ...). */
const LIST_VALUES: readonly [string, (v: string) => unknown][] = [
  ['env', validateEnv],
  ['env-add', validateEnv],
  ['label', validateLabel],
  ['label-add', validateLabel],
  ['mount', parseMount],
  ['mount-add', parseMount],
  ['placement-pref', parsePlacementPref],
  ['placement-pref-add', parsePlacementPref],
  ['placement-pref-rm', parsePlacementPref],
  ['publish', parsePort],
  ['publish-add', parsePort],
  ['publish-rm', parsePort],
  ['network', parseNetworkTarget],
  ['network-add', parseNetworkTarget],
];

// ===========================================================================
// Spec building (create) and editing (update)
// ===========================================================================

/** opts.go ToServiceMode: which counts go with which mode. */
function serviceMode(o: Opts): ServiceMode {
  const mode = o.str('mode');
  const replicas = o.changed('replicas') ? o.num('replicas') : null;
  const maxConcurrent = o.changed('max-concurrent') ? o.num('max-concurrent') : null;
  const maxPerNode = o.num('replicas-max-per-node');
  switch (mode) {
    case 'global':
      if (replicas !== null) throw cliError('replicas can only be used with replicated or replicated-job mode');
      if (maxPerNode > 0) throw cliError('replicas-max-per-node can only be used with replicated or replicated-job mode');
      if (maxConcurrent !== null) throw cliError('max-concurrent can only be used with replicated-job mode');
      return { kind: 'global' };
    case 'replicated':
      if (maxConcurrent !== null) throw cliError('max-concurrent can only be used with replicated-job mode');
      return { kind: 'replicated', replicas: replicas ?? 1 };
    case 'replicated-job': {
      // The daemon defaults an unset count to 1 and the total to the concurrency.
      const concurrent = maxConcurrent ?? replicas ?? 1;
      return { kind: 'replicated-job', maxConcurrent: concurrent, totalCompletions: replicas ?? concurrent };
    }
    case 'global-job':
      if (maxPerNode > 0) throw cliError('replicas-max-per-node can only be used with replicated or replicated-job mode');
      if (maxConcurrent !== null) throw cliError('max-concurrent can only be used with replicated-job mode');
      if (replicas !== null) throw cliError('replicas can only be used with replicated or replicated-job mode');
      return { kind: 'global-job' };
    default:
      throw cliError(`Unknown mode: ${mode}, only replicated and global supported`); // v28.2.2 opts.go ToServiceMode
  }
}

export const isJob = (m: ServiceMode): boolean => m.kind === 'replicated-job' || m.kind === 'global-job';

/** An update or rollback config from its flags over SwarmKit's defaults (updateConfigFromDefaults). */
function updateConfigFrom(o: Opts, prefix: 'update' | 'rollback', base: UpdateConfig): UpdateConfig {
  const c = { ...base } as { -readonly [K in keyof UpdateConfig]: UpdateConfig[K] };
  if (o.changed(`${prefix}-parallelism`)) c.parallelism = o.num(`${prefix}-parallelism`);
  if (o.changed(`${prefix}-delay`)) c.delay = o.duration(`${prefix}-delay`);
  if (o.changed(`${prefix}-monitor`)) c.monitor = o.duration(`${prefix}-monitor`);
  if (o.changed(`${prefix}-failure-action`)) c.failureAction = o.str(`${prefix}-failure-action`) as UpdateConfig['failureAction'];
  if (o.changed(`${prefix}-max-failure-ratio`)) c.maxFailureRatio = o.num(`${prefix}-max-failure-ratio`);
  if (o.changed(`${prefix}-order`)) c.order = o.str(`${prefix}-order`) as UpdateConfig['order'];
  return c;
}

/** The daemon's check of an update config (swarmkit controlapi validateUpdate). */
function validateUpdateConfig(c: UpdateConfig, what: 'update' | 'rollback'): void {
  const actions = what === 'update' ? ['pause', 'continue', 'rollback'] : ['pause', 'continue'];
  if (!actions.includes(c.failureAction))
    throw daemonError(`rpc error: code = InvalidArgument desc = unrecognized ${what} failure action ${c.failureAction}`);
  if (c.order !== 'stop-first' && c.order !== 'start-first')
    throw daemonError(`rpc error: code = InvalidArgument desc = unrecognized ${what} order ${c.order}`);
  if (c.delay < 0) throw daemonError(`rpc error: code = InvalidArgument desc = TaskSpec: ${what}-delay cannot be negative`);
  if (c.monitor < 0) throw daemonError(`rpc error: code = InvalidArgument desc = TaskSpec: ${what}-monitor cannot be negative`);
  if (c.maxFailureRatio < 0 || c.maxFailureRatio > 1)
    throw daemonError(`rpc error: code = InvalidArgument desc = TaskSpec: ${what}-maxfailureratio cannot be less than 0 or bigger than 1`);
}

/** Checks the daemon makes before the core sees a spec (controlapi validateServiceSpec, the parts the core leaves out). */
export function validateDaemonSide(spec: ServiceSpec): void {
  for (const m of spec.task.mounts) {
    if (m.target === '') throw daemonError(`invalid mount config for type "${m.type}": field Target must not be empty`);
    if (m.type === 'bind' && m.source === '') throw daemonError(`invalid mount config for type "bind": field Source must not be empty`);
    if (m.type === 'tmpfs' && m.source !== '') throw daemonError(`invalid mount config for type "tmpfs": field Source must not be specified`);
  }
  const cond = spec.task.restart.condition;
  if (!['none', 'on-failure', 'any'].includes(cond)) throw daemonError(`invalid RestartCondition: "${cond}"`);
  // swarmkit controlapi/service.go validateRestartPolicy (as vendored by moby v28.2.2).
  for (const [k, v] of [['delay', spec.task.restart.delay], ['window', spec.task.restart.window]] as const)
    if (v < 0) throw daemonError(`rpc error: code = InvalidArgument desc = TaskSpec: restart-${k} cannot be negative`);
  // moby v28.2.2 daemon/cluster/convert/service.go ServiceSpecToGRPC, then swarmkit controlapi validateEndpointSpec.
  const mode = spec.endpointMode ?? 'vip';
  if (mode !== '' && mode !== 'vip' && mode !== 'dnsrr') throw daemonError(`invalid resolution mode: ${goQuote(mode)}`);
  if (mode === 'dnsrr' && spec.ports.some((p) => p.publishMode === 'ingress'))
    throw daemonError("rpc error: code = InvalidArgument desc = EndpointSpec: port published with ingress mode can't be used with dnsrr mode");
  if (!isJob(spec.mode)) {
    validateUpdateConfig(spec.update, 'update');
    validateUpdateConfig(spec.rollback, 'rollback');
  }
}

function restartFrom(o: Opts, base: ServiceSpec['task']['restart']): ServiceSpec['task']['restart'] {
  const r = { ...base } as { -readonly [K in keyof typeof base]: (typeof base)[K] };
  if (o.changed('restart-condition')) r.condition = o.str('restart-condition') as RestartCondition;
  if (o.changed('restart-delay')) r.delay = o.duration('restart-delay');
  if (o.changed('restart-max-attempts')) r.maxAttempts = o.num('restart-max-attempts');
  if (o.changed('restart-window')) r.window = o.duration('restart-window');
  return r;
}

const endpointMode = (m: string): { endpointMode?: string } => (m === '' || m === 'vip' ? { endpointMode: undefined } : { endpointMode: m });

/** opts.go makeEnv: later values of a key replace earlier ones, which then move to the end. */
function makeEnv(values: readonly string[]): string[] {
  // Keyed by variable name in insertion order, so n values cost O(n). A value
  // without "=" replaces the NAME=... entry but is itself never replaced (only
  // repeated), so it gets a key of its own.
  const env = new Map<string, string>();
  for (const v of values) {
    const eq = v.indexOf('=');
    const name = eq < 0 ? v : v.slice(0, eq);
    const own = eq < 0 ? `\0${v}` : name;
    if (env.get(own) === v) continue;
    env.delete(name);
    env.set(own, v);
  }
  return [...env.values()];
}

/** `docker service create` options to a spec (opts.go ToService). */
export function createSpec(sim: Simulation, o: Opts, image: string, args: string[], readFile: (path: string) => string): ServiceSpec {
  // The values were checked while the flags were parsed (the command's checkValues hook).
  // opts.ReadKVEnvStrings: the files' variables first, in order, then --env; makeEnv keeps the last of each name.
  const fromFiles = o.list('env-file').flatMap((f) => parseKVFile(f, readFile(f)));
  const env = makeEnv([...fromFiles, ...o.each('env', validateEnv)]);
  const labels = kvMap(o.each('label', validateLabel));
  const mounts = o.each('mount', parseMount);
  const prefs = o.each('placement-pref', parsePlacementPref);
  const ports = o.each('publish', parsePort).flat();
  const networks = o.each('network', parseNetworkTarget);
  const mode = serviceMode(o);
  const updateChanged = o.changed('update-parallelism', 'update-delay', 'update-monitor', 'update-failure-action', 'update-max-failure-ratio', 'update-order');
  const rollbackChanged = o.changed('rollback-parallelism', 'rollback-delay', 'rollback-monitor', 'rollback-failure-action', 'rollback-max-failure-ratio', 'rollback-order');
  if (isJob(mode) && (updateChanged || rollbackChanged)) throw cliError('update and rollback configuration is not supported for jobs');
  const logDriver = o.str('log-driver') === '' ? null : { name: o.str('log-driver'), options: kvMap(o.list('log-opt')) };
  const restartBase = isJob(mode) ? { ...DEFAULT_RESTART, condition: 'on-failure' as const } : DEFAULT_RESTART;
  return {
    name: o.str('name'),
    labels,
    mode,
    task: {
      image: normalizeImage(image),
      command: o.changed('entrypoint') ? o.one('entrypoint', shlexSplit) : [],
      args,
      env,
      mounts,
      placement: { constraints: o.list('constraint'), preferences: prefs, maxReplicas: o.num('replicas-max-per-node'), platforms: [] },
      reservations: {
        nanoCPUs: o.changed('reserve-cpu') ? o.one('reserve-cpu', parseCpus) : 0,
        memoryBytes: o.changed('reserve-memory') ? o.one('reserve-memory', parseBytes) : 0,
      },
      limits: {
        nanoCPUs: o.changed('limit-cpu') ? o.one('limit-cpu', parseCpus) : 0,
        memoryBytes: o.changed('limit-memory') ? o.one('limit-memory', parseBytes) : 0,
      },
      restart: restartFrom(o, restartBase),
      logDriver,
      networks: sortNetworkRefs(sim, networks),
      forceUpdate: 0,
      container: { ...containerFromCreate(o), ...refsFromCreate(sim, o) },
      ...(o.num('limit-pids') ? { limitPids: o.num('limit-pids') } : {}),
      ...genericFromCreate(sim, o),
    },
    update: updateConfigFrom(o, 'update', DEFAULT_UPDATE),
    rollback: updateConfigFrom(o, 'rollback', DEFAULT_UPDATE),
    ports,
    // ToEndpointSpec lower-cases the mode; "" and "vip" are the default, which is not stored.
    ...endpointMode(o.str('endpoint-mode').toLowerCase()),
  };
}

/** Network references as the CLI sends them: resolved to IDs where known, sorted by ID (opts.go ToService). */
function sortNetworkRefs(sim: Simulation, refs: readonly string[]): string[] {
  return refs.map((r) => sim.resolveNetwork(r)?.id ?? r).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

const envKey = (v: string): string => v.split('=')[0];

/** update.go updateMounts: adds win by target, the rest stays; sorted by source then target. */
function updateMounts(o: Opts, current: readonly Mount[]): Mount[] {
  const byTarget = new Map<string, Mount>();
  for (const m of o.each('mount-add', parseMount)) {
    if (byTarget.has(m.target)) throw cliError('duplicate mount target');
    byTarget.set(m.target, m);
  }
  for (const m of current) if (!byTarget.has(m.target)) byTarget.set(m.target, m);
  const rm = new Set(o.list('mount-rm'));
  return [...byTarget.values()]
    .filter((m) => !rm.has(m.target))
    .sort((a, b) => (a.source === b.source ? (a.target < b.target ? -1 : a.target > b.target ? 1 : 0) : a.source < b.source ? -1 : 1));
}

const portKey = (p: PortConfig): string => `${p.publishedPort}:${p.targetPort}/${p.protocol}/${p.publishMode}`;

/** update.go updatePorts: removal by target port, protocol and mode; additions unless already there; sorted. */
function updatePorts(o: Opts, current: readonly PortConfig[]): PortConfig[] {
  const set = new Map<string, PortConfig>();
  for (const p of current) if (!set.has(portKey(p))) set.set(portKey(p), p);
  const rm = o.each('publish-rm', parsePort).flat();
  const out = [...set.values()].filter((p) => !rm.some((r) => r.protocol === p.protocol && r.targetPort === p.targetPort && r.publishMode === p.publishMode));
  for (const p of o.each('publish-add', parsePort).flat()) if (!set.has(portKey(p))) out.push(p);
  return out.sort((a, b) => (portKey(a) < portKey(b) ? -1 : portKey(a) > portKey(b) ? 1 : 0));
}

/** update.go updateNetworks: removals and additions resolved to IDs; a network is attached once. */
function updateNetworks(sim: Simulation, o: Opts, current: readonly string[]): string[] {
  const rm = new Set(o.list('network-rm').map((ref) => requireNetwork(sim, ref)));
  const out = current.filter((id) => !rm.has(id));
  for (const target of o.each('network-add', parseNetworkTarget)) {
    const id = requireNetwork(sim, target);
    if (out.includes(id)) throw cliError(`service is already attached to network ${target}`);
    out.push(id);
  }
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function requireNetwork(sim: Simulation, ref: string): string {
  const n = sim.resolveNetwork(ref);
  if (!n) throw daemonError(`network ${ref} not found`);
  return n.id;
}

/** `docker service update` flags applied to the current spec (update.go updateService). */
export function updateSpec(sim: Simulation, o: Opts, svc: Service): ServiceSpec {
  // The values were checked while the flags were parsed (the command's checkValues hook).
  const old = svc.spec;
  const labels: Record<string, string> = { ...old.labels };
  for (const k of o.list('label-rm')) delete labels[k];
  Object.assign(labels, kvMap(o.each('label-add', validateLabel)));
  const task = { ...old.task } as { -readonly [K in keyof ServiceSpec['task']]: ServiceSpec['task'][K] };
  if (o.changed('image')) task.image = normalizeImage(o.str('image'));
  if (o.changed('args')) task.args = o.one('args', shlexSplit);
  if (o.changed('entrypoint')) task.command = o.one('entrypoint', shlexSplit); // updateStringToSlice
  // updateEnvironment: removal by key, then additions keyed (kept in first-seen order, where Go's map order is random).
  const rmEnv = new Set(o.list('env-rm'));
  let env = task.env.filter((e) => !rmEnv.has(envKey(e)));
  if (o.changed('env-add')) {
    const set = new Map<string, string>();
    for (const e of env) set.set(envKey(e), e);
    for (const e of o.each('env-add', validateEnv)) set.set(envKey(e), e);
    env = [...set.values()];
  }
  task.env = env;
  if (o.changed('mount-add', 'mount-rm')) task.mounts = updateMounts(o, task.mounts);
  if (o.changed('limit-pids')) task.limitPids = o.num('limit-pids') || undefined; // updateInt64
  if (o.changed('generic-resource-add', 'generic-resource-rm')) task.genericResources = genericFromUpdate(sim, o, task.genericResources);
  if (o.changed('limit-cpu', 'limit-memory'))
    task.limits = {
      nanoCPUs: o.changed('limit-cpu') ? o.one('limit-cpu', parseCpus) : task.limits.nanoCPUs,
      memoryBytes: o.changed('limit-memory') ? o.one('limit-memory', parseBytes) : task.limits.memoryBytes,
    };
  if (o.changed('reserve-cpu', 'reserve-memory'))
    task.reservations = {
      nanoCPUs: o.changed('reserve-cpu') ? o.one('reserve-cpu', parseCpus) : task.reservations.nanoCPUs,
      memoryBytes: o.changed('reserve-memory') ? o.one('reserve-memory', parseBytes) : task.reservations.memoryBytes,
    };
  task.restart = restartFrom(o, task.restart);
  let placement = task.placement;
  if (o.changed('constraint-add', 'constraint-rm')) {
    const rm = new Set(o.list('constraint-rm'));
    const constraints = [...placement.constraints, ...o.list('constraint-add')].filter((c) => !rm.has(c)).sort();
    placement = { ...placement, constraints };
  }
  if (o.changed('placement-pref-add', 'placement-pref-rm')) {
    const rm = o.each('placement-pref-rm', parsePlacementPref);
    const kept = placement.preferences.filter((p) => !rm.some((r) => r.spread === p.spread));
    placement = { ...placement, preferences: [...kept, ...o.each('placement-pref-add', parsePlacementPref)] };
  }
  if (o.changed('network-add', 'network-rm')) task.networks = updateNetworks(sim, o, task.networks);
  let mode = old.mode;
  if (o.changed('replicas')) {
    if (mode.kind !== 'replicated') throw cliError('replicas can only be used with replicated mode');
    mode = { kind: 'replicated', replicas: o.num('replicas') };
  }
  if (o.changed('replicas-max-per-node')) placement = { ...placement, maxReplicas: o.num('replicas-max-per-node') };
  task.placement = placement;
  const ports = o.changed('publish-add', 'publish-rm') ? updatePorts(o, old.ports) : old.ports;
  if (o.changed('log-driver') && o.str('log-driver') !== '') task.logDriver = { name: o.str('log-driver'), options: kvMap(o.list('log-opt')) };
  if (o.bool('force')) task.forceUpdate = task.forceUpdate + 1;
  task.container = refsFromUpdate(sim, o, containerFromUpdate(o, task.container));
  return {
    ...old,
    labels,
    mode,
    task,
    update: updateConfigFrom(o, 'update', old.update),
    rollback: updateConfigFrom(o, 'rollback', old.rollback),
    ports,
    // updateService takes the value as given: `--endpoint-mode DNSRR` is refused by the daemon.
    ...(o.changed('endpoint-mode') ? endpointMode(o.str('endpoint-mode')) : { endpointMode: old.endpointMode }),
  };
}
