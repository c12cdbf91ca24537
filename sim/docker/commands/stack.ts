/**
 * `docker stack deploy|ls|ps|services|rm`: compose files turned into swarm
 * networks and services, all carrying the stack's namespace label.
 *
 * Upstream: docker/cli cli/command/stack/{deploy,deploy_composefile,loader,
 * list,ps,services,remove,common}.go, cli/compose/loader (parsing, the
 * unsupported/forbidden properties), cli/compose/schema (versions 3.0-3.13,
 * the allowed keys) and cli/compose/convert/{service,compose,volume}.go.
 *
 * Files: a Compose file is standard input (`-c -`, a here-document) or a
 * file a scenario placed on the machine (`sim$ file`, sim/docker/files.ts);
 * loading is stackLoad.ts.
 *
 * Determinism: upstream walks Go maps (networks, services), so their order
 * differs between runs; the simulator creates both in name order.
 */
import { FILTER_FLAG, formatHelp, inspectFormatHelp, type HelpFlag } from '../help.js';
import type { Command, CommandContext } from '../command.js';
import type { FlagSpec, ParsedArgs } from '../flags.js';
import { GoParseError, parseBytes, parseDuration } from '../format/text.js';
import { cliError, daemonError, DockerError, NOT_A_MANAGER, NOT_IN_SWARM } from '../../errors.js';
import { DEFAULT_RESTART, DEFAULT_UPDATE } from '../../model/defaults.js';
import type { Mount, Network, PortConfig, RestartPolicy, Service, ServiceMode, ServiceSpec, UpdateConfig } from '../../model/types.js';
import type { Simulation } from '../../simulation.js';
import { Filters } from '../filters.js';
import { listServices, normalizeImage, parseCpus, parsePort, shlexSplit, waitOnService, writeServiceList } from './service.js';
import { filtersOf, joinErrors, listTasks, naturalCompare, printTasks, render } from './task.js';
import { pinnedImage, withPinnedImage } from '../../engine/images.js';
import { inGoMapOrder } from './cliMapOrder.js';
import { composeWorkingDir, isDict, LABEL_NAMESPACE, labelMap, loadCompose, mustDict, strMap, type Dict } from './stackLoad.js';
import { deployStackObjects, loadStackObjects, removeStackObjects, stackObjectsOf, withStackRefs } from './stackObjects.js';

export { LABEL_NAMESPACE };

export const LABEL_IMAGE = 'com.docker.stack.image';

/** A compose refusal: printed as is by the CLI (exit 1). */
const fail = (msg: string): DockerError => cliError(msg);

// ===========================================================================
// Conversion (cli/compose/convert)
// ===========================================================================

interface StackNetwork {
  readonly key: string;
  readonly name: string;
  readonly external: boolean;
  readonly driver: string;
  readonly options: Record<string, string>;
  readonly labels: Record<string, string>;
  readonly attachable: boolean;
  readonly internal: boolean;
}

/** convert.Networks: the networks the services use (`default` when a service names none), external ones apart. */
function stackNetworks(stack: string, cfg: Dict): StackNetwork[] {
  const declared = mustDict(cfg.networks, 'networks');
  const used = new Set<string>();
  for (const svc of Object.values(mustDict(cfg.services, 'services'))) {
    const nets = serviceNetworkNames((svc as Dict).networks);
    if (nets.length === 0) used.add('default');
    for (const n of nets) used.add(n);
  }
  return [...used].sort().map((key) => {
    const nw = mustDict(declared[key], `networks.${key}`);
    const external = nw.external === true || isDict(nw.external);
    const name = typeof nw.name === 'string' && nw.name !== '' ? nw.name : external ? key : `${stack}_${key}`;
    return {
      key,
      name,
      external,
      driver: typeof nw.driver === 'string' && nw.driver !== '' ? nw.driver : 'overlay',
      options: strMap(nw.driver_opts),
      labels: { ...labelMap(nw.labels), [LABEL_NAMESPACE]: stack },
      attachable: nw.attachable === true,
      internal: nw.internal === true,
    };
  });
}

function serviceNetworkNames(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(String);
  if (isDict(v)) return Object.keys(v);
  return [];
}

/** A Go duration in a compose file; refusals keep Go's text. */
function composeDuration(v: unknown, field: string): number {
  try {
    return parseDuration(String(v));
  } catch (e) {
    if (e instanceof GoParseError) throw fail(`${field}: ${e.message}`);
    throw e;
  }
}

function composeBytes(v: unknown): number {
  if (typeof v === 'number') return v;
  try {
    return parseBytes(String(v));
  } catch (e) {
    if (e instanceof GoParseError) throw fail(e.message);
    throw e;
  }
}

function composeCpus(v: unknown): number {
  try {
    return parseCpus(String(v));
  } catch (e) {
    throw fail((e as Error).message);
  }
}

/** The command and entrypoint of a service: a string goes through shell-word splitting. */
function words(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v.map(String);
  try {
    return shlexSplit(String(v));
  } catch (e) {
    throw fail((e as Error).message);
  }
}

/** convertEnvironment: `K=V` (or `K` for a null value), sorted. */
function environment(v: unknown): string[] {
  const out: string[] = [];
  if (Array.isArray(v)) {
    const map = new Map<string, string | null>();
    for (const s of v.map(String)) {
      const eq = s.indexOf('=');
      map.set(eq < 0 ? s : s.slice(0, eq), eq < 0 ? null : s.slice(eq + 1));
    }
    for (const [k, x] of map) out.push(x === null ? k : `${k}=${x}`);
  } else if (isDict(v)) {
    for (const [k, x] of Object.entries(v)) out.push(x === null || x === undefined ? k : `${k}=${String(x)}`);
  }
  return out.sort();
}

/** convertDeployMode. */
function deployMode(mode: unknown, replicas: unknown): ServiceMode {
  const n = typeof replicas === 'number' ? replicas : null;
  switch (mode ?? '') {
    case 'global-job':
      if (n !== null) throw fail('replicas can only be used with replicated or replicated-job mode');
      return { kind: 'global-job' };
    case 'global':
      if (n !== null) throw fail('replicas can only be used with replicated or replicated-job mode');
      return { kind: 'global' };
    case 'replicated-job':
      return { kind: 'replicated-job', maxConcurrent: n ?? 1, totalCompletions: n ?? 1 };
    case 'replicated':
    case '':
      return { kind: 'replicated', replicas: n ?? 1 };
    default:
      throw fail(`Unknown mode: ${String(mode)}`); // v28.2.2 compose/convert/service.go convertDeployMode
  }
}

/** convertRestartPolicy (deploy.restart_policy only: `restart` is ignored in swarm mode). */
function restartPolicy(v: unknown, job: boolean, field: string): RestartPolicy {
  const base = job ? { ...DEFAULT_RESTART, condition: 'on-failure' as const } : DEFAULT_RESTART;
  if (!isDict(v)) return base;
  const condition = (typeof v.condition === 'string' && v.condition !== '' ? v.condition : base.condition) as RestartPolicy['condition'];
  if (!['none', 'on-failure', 'any'].includes(condition)) throw daemonError(`invalid RestartCondition: "${condition}"`);
  return {
    condition,
    delay: v.delay !== undefined ? composeDuration(v.delay, `${field}.delay`) : base.delay,
    maxAttempts: typeof v.max_attempts === 'number' ? v.max_attempts : 0,
    window: v.window !== undefined ? composeDuration(v.window, `${field}.window`) : 0,
  };
}

/** convertUpdateConfig: given keys over zero values (parallelism 1), unset config is the default. */
function updateConfig(v: unknown, field: string): UpdateConfig {
  if (!isDict(v)) return DEFAULT_UPDATE;
  const action = typeof v.failure_action === 'string' && v.failure_action !== '' ? v.failure_action : 'pause';
  const order = typeof v.order === 'string' && v.order !== '' ? v.order : 'stop-first';
  return {
    parallelism: typeof v.parallelism === 'number' ? v.parallelism : 1,
    delay: v.delay !== undefined ? composeDuration(v.delay, `${field}.delay`) : 0,
    failureAction: action as UpdateConfig['failureAction'],
    monitor: v.monitor !== undefined ? composeDuration(v.monitor, `${field}.monitor`) : 0,
    maxFailureRatio: typeof v.max_failure_ratio === 'number' ? v.max_failure_ratio : 0,
    order: order as UpdateConfig['order'],
  };
}

/**
 * convert.Volumes: `source:target[:mode]` or the long form. A named volume
 * must be declared at the top level; it becomes `<stack>_<name>` with the
 * declared driver and options.
 */
function mounts(stack: string, svcName: string, v: unknown, declared: Dict): Mount[] {
  if (!Array.isArray(v)) return [];
  return v.map((item): Mount => {
    let type: Mount['type'];
    let source = '';
    let target = '';
    let readonly = false;
    if (typeof item === 'string') {
      const parts = item.split(':');
      if (parts.length === 1) target = parts[0];
      else {
        source = parts[0];
        target = parts[1];
        readonly = (parts[2] ?? '').split(',').includes('ro');
      }
      type = source === '' || !/^[./~]/.test(source) ? 'volume' : 'bind';
    } else if (isDict(item)) {
      type = String(item.type ?? 'volume') as Mount['type'];
      source = typeof item.source === 'string' ? item.source : '';
      target = typeof item.target === 'string' ? item.target : '';
      readonly = item.read_only === true;
    } else throw fail(`service ${svcName}: invalid volume ${String(item)}`);
    if (type !== 'volume' || source === '') return { type, source, target, readonly, volumeDriver: '', volumeOptions: {}, volumeLabels: {} };
    if (!(source in declared)) throw fail(`service ${svcName}: undefined volume "${source}"`);
    const vol = mustDict(declared[source], `volumes.${source}`);
    const external = vol.external === true || isDict(vol.external);
    const name = typeof vol.name === 'string' && vol.name !== '' ? vol.name : external ? source : `${stack}_${source}`;
    return {
      type,
      source: name,
      target,
      readonly,
      volumeDriver: !external && typeof vol.driver === 'string' ? vol.driver : '',
      volumeOptions: external ? {} : strMap(vol.driver_opts),
      // convert/volume.go handleVolumeToMount: the stack's label on every volume it creates.
      volumeLabels: external ? {} : { ...labelMap(vol.labels), [LABEL_NAMESPACE]: stack },
    };
  });
}

/** Service ports: short strings (as `-p`) or `{target, published, protocol, mode}`. */
function ports(svcName: string, v: unknown): PortConfig[] {
  if (!Array.isArray(v)) return [];
  const out: PortConfig[] = [];
  for (const p of v) {
    if (isDict(p)) {
      out.push({
        protocol: (typeof p.protocol === 'string' ? p.protocol : 'tcp') as PortConfig['protocol'],
        targetPort: Number(p.target ?? 0),
        publishedPort: Number(p.published ?? 0),
        publishMode: p.mode === 'host' ? 'host' : 'ingress',
      });
      continue;
    }
    try {
      out.push(...parsePort(String(p)));
    } catch (e) {
      throw fail(`service ${svcName}: ${(e as Error).message}`);
    }
  }
  // swarm.PortConfig.Compare order.
  return out.sort((a, b) => a.protocol.localeCompare(b.protocol) || a.targetPort - b.targetPort || a.publishedPort - b.publishedPort || a.publishMode.localeCompare(b.publishMode));
}

/** convert.Service: one compose service to a swarm spec named `<stack>_<name>`. */
function serviceSpecOf(stack: string, name: string, svc: Dict, cfg: Dict, nets: readonly StackNetwork[]): ServiceSpec {
  const field = `services.${name}`;
  const deploy = mustDict(svc.deploy, `${field}.deploy`);
  const mode = deployMode(deploy.mode, deploy.replicas);
  const job = mode.kind === 'replicated-job' || mode.kind === 'global-job';
  const res = mustDict(deploy.resources, 'resources');
  const resv = mustDict(res.reservations, 'reservations');
  const lim = mustDict(res.limits, 'limits');
  const placement = mustDict(deploy.placement, 'placement');
  const logging = isDict(svc.logging) ? svc.logging : null;
  const netNames = serviceNetworkNames(svc.networks);
  const declared = mustDict(cfg.networks, 'networks');
  const targets = (netNames.length ? netNames : ['default']).map((n) => {
    const nw = nets.find((x) => x.key === n);
    if (!nw || (n !== 'default' && !(n in declared))) throw fail(`service ${name}: undefined network "${n}"`);
    return nw.name;
  });
  const image = String(svc.image);
  return {
    name: `${stack}_${name}`,
    labels: { ...labelMap(deploy.labels), [LABEL_NAMESPACE]: stack, [LABEL_IMAGE]: image },
    mode,
    task: {
      image: normalizeImage(image),
      command: words(svc.entrypoint),
      args: words(svc.command),
      env: environment(svc.environment),
      mounts: mounts(stack, name, svc.volumes, mustDict(cfg.volumes, 'volumes')),
      placement: {
        constraints: Array.isArray(placement.constraints) ? placement.constraints.map(String) : [],
        preferences: Array.isArray(placement.preferences) ? placement.preferences.filter(isDict).map((p) => ({ spread: String(p.spread ?? '') })) : [],
        maxReplicas: typeof placement.max_replicas_per_node === 'number' ? placement.max_replicas_per_node : 0,
        platforms: [],
      },
      reservations: {
        nanoCPUs: resv.cpus !== undefined ? composeCpus(resv.cpus) : 0,
        memoryBytes: resv.memory !== undefined ? composeBytes(resv.memory) : 0,
      },
      limits: {
        nanoCPUs: lim.cpus !== undefined ? composeCpus(lim.cpus) : 0,
        memoryBytes: lim.memory !== undefined ? composeBytes(lim.memory) : 0,
      },
      restart: restartPolicy(deploy.restart_policy, job, `${field}.deploy.restart_policy`),
      logDriver: logging && typeof logging.driver === 'string' ? { name: logging.driver, options: strMap(logging.options) } : null,
      // Targets are names; the core resolves them to IDs when the service is created.
      networks: [...targets].sort(),
      forceUpdate: 0,
    },
    update: updateConfig(deploy.update_config, `${field}.deploy.update_config`),
    rollback: updateConfig(deploy.rollback_config, `${field}.deploy.rollback_config`),
    ports: ports(name, svc.ports),
  };
}

// ===========================================================================
// Stack membership
// ===========================================================================

const inStack = (ns: string) => (s: Service): boolean => s.spec.labels[LABEL_NAMESPACE] === ns || s.stack === ns;
const netInStack = (ns: string) => (n: Network): boolean => n.labels[LABEL_NAMESPACE] === ns || n.stack === ns;

function stackServices(sim: Simulation, ns: string): Service[] {
  return [...sim.world.services.values()].filter(inStack(ns)).sort((a, b) => (a.spec.name < b.spec.name ? -1 : a.spec.name > b.spec.name ? 1 : 0));
}

function stackNetworksOf(sim: Simulation, ns: string): Network[] {
  return [...sim.world.networks.values()].filter(netInStack(ns)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** common.go validateStackName: not empty once quotes and spaces are trimmed. */
function validateStackName(ns: string): void {
  if (ns.replace(/^[\s"']+|[\s"']+$/g, '') === '') throw fail(`invalid stack name: ${JSON.stringify(ns)}`);
}

/** checkDaemonIsSwarmManager, with the stack command's own words. */
function requireStackManager(sim: Simulation, host: string): void {
  try {
    sim.requireManager(host);
  } catch (e) {
    if (e instanceof DockerError && (e.message === NOT_IN_SWARM || e.message === NOT_A_MANAGER))
      throw fail('this node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again');
    throw e;
  }
}

/** removeServices: by name, `Removing service X` before each. */
function removeServices(ctx: CommandContext, services: readonly Service[]): boolean {
  let failed = false;
  for (const s of services) {
    ctx.out(`Removing service ${s.spec.name}`);
    try {
      ctx.sim.serviceRemove(s.id);
    } catch (e) {
      if (!(e instanceof DockerError)) throw e;
      ctx.err(`Failed to remove service ${s.id}: ${e.display}`);
      failed = true;
    }
  }
  return failed;
}

// ===========================================================================
// Commands
// ===========================================================================

const DEPLOY_FLAGS: HelpFlag[] = [
  { name: 'compose-file', short: 'c', type: 'list', typeName: 'strings', help: 'Path to a Compose file, or "-" to read from stdin' },
  { name: 'with-registry-auth', type: 'bool', help: 'Send registry authentication details to Swarm agents' },
  { name: 'prune', type: 'bool', help: 'Prune services that are no longer referenced' },
  { name: 'resolve-image', type: 'string', default: 'always', help: 'Query the registry to resolve image digest and supported platforms ("always", "changed", "never")' },
  { name: 'detach', short: 'd', type: 'bool', default: true, help: 'Exit immediately instead of waiting for the stack services to converge' },
  { name: 'quiet', short: 'q', type: 'bool', help: 'Suppress progress output' },
];

/**
 * `docker stack deploy`: networks first (`Creating network ...`), then each
 * service created or updated (`Creating service ...`, `Updating service ...
 * (id: ...)`). Everything is converted and checked before the first change.
 */
function runDeploy(ctx: CommandContext, a: ParsedArgs): void {
  const sim = ctx.sim;
  const ns = a.args[0];
  validateStackName(ns);
  // --compose-file is a StringSlice: each value may hold several comma-separated files.
  const files = (a.flags['compose-file'] as string[]).flatMap((f) => f.split(','));
  const cfg = loadCompose(ctx, files);
  const objects = loadStackObjects(cfg, composeWorkingDir(files));
  const resolve = a.flags['resolve-image'] as string;
  if (!['always', 'changed', 'never'].includes(resolve)) throw fail(`invalid option ${resolve} for flag --resolve-image`);
  const detach = a.flags['detach'] as boolean;
  if (detach && !a.changed.has('detach'))
    ctx.err('Since --detach=false was not specified, tasks will be created in the background.\nIn a future release, --detach=false will become the default.');
  requireStackManager(sim, ctx.host);

  const nets = stackNetworks(ns, cfg);
  const specs: [string, ServiceSpec][] = Object.entries(mustDict(cfg.services, 'services'))
    .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
    .map(([name, svc]) => {
      try {
        return [name, serviceSpecOf(ns, name, svc as Dict, cfg, nets)];
      } catch (e) {
        if (e instanceof DockerError && !e.daemon && !e.message.startsWith('service ')) throw fail(`service ${name}: ${e.message}`);
        throw e;
      }
    });
  for (const nw of nets.filter((n) => n.external)) {
    const found = sim.resolveNetwork(nw.name);
    if (!found) {
      const local = sim.world.machines.get(ctx.host)?.localNetworks.find((n) => n.name === nw.name);
      if (local) throw fail(`network "${nw.name}" is declared as external, but it is not in the right scope: "local" instead of "swarm"`);
      throw fail(`network "${nw.name}" is declared as external, but could not be found. You need to create a swarm-scoped network before the stack is deployed`);
    }
  }

  if (a.flags['prune'] as boolean) {
    const keep = new Set(specs.map(([name]) => `${ns}_${name}`));
    removeServices(ctx, stackServices(sim, ns).filter((s) => !keep.has(s.spec.name)));
  }
  const existingNets = new Set(stackNetworksOf(sim, ns).map((n) => n.name));
  for (const nw of inGoMapOrder(sim, nets.map((n) => [n.name, n] as const)).map(([, n]) => n)) {
    if (nw.external || existingNets.has(nw.name)) continue;
    ctx.out(`Creating network ${nw.name}`);
    try {
      sim.networkCreate(ctx.host, {
        name: nw.name,
        driver: nw.driver,
        labels: nw.labels,
        options: nw.options,
        attachable: nw.attachable,
        internal: nw.internal,
        stack: ns,
      });
    } catch (e) {
      if (e instanceof DockerError) throw fail(`failed to create network ${nw.name}: ${e.display}`);
      throw e;
    }
  }
  deployStackObjects(ctx, ns, objects);
  const withRefs = withStackRefs(ctx, ns, cfg, objects, specs);
  const existing = new Map(stackServices(sim, ns).map((s) => [s.spec.name, s]));
  const ids: [string, Service['updateStatus']][] = [];
  for (const [, spec] of inGoMapOrder(sim, withRefs)) {
    const old = existing.get(spec.name);
    try {
      if (old) {
        ctx.out(`Updating service ${spec.name} (id: ${old.id})`);
        // deploy_composefile.go deployServices: "always" asks the registry again; otherwise an
        // image the file did not change stays as deployed (pinned), a changed one is asked for
        // ("changed") or sent as written ("never"). A forced update is kept.
        const same = old.spec.labels[LABEL_IMAGE] === spec.labels[LABEL_IMAGE];
        const image = resolve === 'always' || (resolve === 'changed' && !same) ? pinnedImage(spec.task.image) : same ? old.spec.task.image : spec.task.image;
        const before = old.updateStatus;
        sim.serviceUpdate(old.id, () => ({ ...spec, task: { ...spec.task, image, forceUpdate: old.spec.task.forceUpdate } }));
        ids.push([old.id, before]);
      } else {
        ctx.out(`Creating service ${spec.name}`);
        const pinned = resolve === 'never' ? spec : withPinnedImage(spec);
        ids.push([sim.serviceCreate(pinned, ns).id, null]);
      }
    } catch (e) {
      if (e instanceof DockerError) throw fail(`failed to ${old ? 'update' : 'create'} service ${spec.name}: ${e.display}`);
      throw e;
    }
  }
  if (detach) return;
  const errs: DockerError[] = [];
  for (const [id, before] of ids) {
    try {
      waitOnService(ctx, id, id, a.flags['quiet'] as boolean, before);
    } catch (e) {
      if (!(e instanceof DockerError)) throw e;
      errs.push(fail(`${id}: ${e.display}`));
    }
  }
  const err = joinErrors(errs);
  if (err) throw err;
}

const stackDeploy: Command = {
  path: ['stack', 'deploy'],
  usage: 'stack deploy [OPTIONS] STACK',
  summary: 'Deploy a new stack or update an existing stack',
  flags: DEPLOY_FLAGS,
  args: { min: 1, max: 1 },
  settles: true,
  run: runDeploy,
};

const STACK_TABLE = 'table {{.Name}}\t{{.Services}}';

const stackLs: Command = {
  path: ['stack', 'ls'],
  usage: 'stack ls [OPTIONS]',
  summary: 'List stacks',
  flags: [{ name: 'format', type: 'string', help: formatHelp() }],
  args: { max: 0 },
  needsManager: true,
  run(ctx, a) {
    const counts = new Map<string, number>();
    for (const s of ctx.sim.world.services.values()) {
      const ns = s.spec.labels[LABEL_NAMESPACE] ?? s.stack;
      if (ns !== undefined && ns !== null) counts.set(ns, (counts.get(ns) ?? 0) + 1);
    }
    const rows = [...counts]
      .sort(([x], [y]) => naturalCompare(x, y))
      .map(([Name, n]) => ({ Name, Services: String(n) }));
    const format = a.flags['format'] as string;
    ctx.out(render(format === '' || format === 'table' ? STACK_TABLE : format, rows, { Name: 'NAME', Services: 'SERVICES' }, '*stack.stackContext'));
  },
};

const stackServicesCmd: Command = {
  path: ['stack', 'services'],
  usage: 'stack services [OPTIONS] STACK',
  summary: 'List the services in the stack',
  flags: [
    { name: 'quiet', short: 'q', type: 'bool', help: 'Only display IDs' },
    { name: 'format', type: 'string', help: formatHelp() },
    FILTER_FLAG,
  ],
  args: { min: 1, max: 1 },
  needsManager: true,
  run(ctx, a) {
    const ns = a.args[0];
    validateStackName(ns);
    const services = listServices(ctx.sim, filtersOf(a), inStack(ns));
    if (services.length === 0) {
      ctx.err(`Nothing found in stack: ${ns}`);
      return;
    }
    writeServiceList(ctx, services, a.flags['format'] as string, a.flags['quiet'] as boolean);
  },
};

const stackPs: Command = {
  path: ['stack', 'ps'],
  usage: 'stack ps [OPTIONS] STACK',
  summary: 'List the tasks in the stack',
  flags: [
    { name: 'no-trunc', type: 'bool', help: 'Do not truncate output' },
    { name: 'no-resolve', type: 'bool', help: 'Do not map IDs to Names' },
    FILTER_FLAG,
    { name: 'quiet', short: 'q', type: 'bool', help: 'Only display task IDs' },
    { name: 'format', type: 'string', help: formatHelp() },
  ],
  args: { min: 1, max: 1 },
  needsManager: true,
  run(ctx, a) {
    const ns = a.args[0];
    validateStackName(ns);
    const f: Filters = filtersOf(a);
    f.validate(['name', 'id', 'label', 'service', 'node', 'desired-state', 'runtime']);
    const tasks = listTasks(ctx.sim, ctx.host, f, (t) => {
      const s = ctx.sim.world.services.get(t.serviceId);
      return !!s && inStack(ns)(s);
    });
    if (tasks.length === 0) throw fail(`nothing found in stack: ${ns}`);
    printTasks(ctx, tasks, {
      trunc: !(a.flags['no-trunc'] as boolean),
      quiet: a.flags['quiet'] as boolean,
      noResolve: a.flags['no-resolve'] as boolean,
      format: a.flags['format'] as string,
    });
  },
};

/**
 * `docker stack rm`: services, secrets, configs, then networks of each stack; a stack with
 * nothing in it is reported on stderr and is not an error.
 */
const stackRm: Command = {
  path: ['stack', 'rm'],
  usage: 'stack rm [OPTIONS] STACK [STACK...]',
  summary: 'Remove one or more stacks',
  flags: [{ name: 'detach', short: 'd', type: 'bool', default: true, help: 'Do not wait for stack removal' }],
  args: { min: 1 },
  needsManager: true,
  run(ctx, a) {
    for (const ns of a.args) validateStackName(ns);
    const errs: DockerError[] = [];
    for (const ns of a.args) {
      const services = stackServices(ctx.sim, ns);
      const networks = stackNetworksOf(ctx.sim, ns);
      const objects = stackObjectsOf(ctx, ns);
      if (services.length + networks.length + objects.secret.length + objects.config.length === 0) {
        ctx.err(`Nothing found in stack: ${ns}`);
        continue;
      }
      let failed = removeServices(ctx, services);
      failed = removeStackObjects(ctx, objects) || failed;
      for (const n of networks) {
        ctx.out(`Removing network ${n.name}`);
        try {
          ctx.sim.networkRemove(ctx.host, n.id);
        } catch (e) {
          if (!(e instanceof DockerError)) throw e;
          ctx.err(`Failed to remove network ${n.id}: ${e.display}`);
          failed = true;
        }
      }
      if (failed) errs.push(fail(`failed to remove some resources from stack: ${ns}`));
      else if (!(a.flags['detach'] as boolean)) ctx.sim.settle();
    }
    const err = joinErrors(errs);
    if (err) throw err;
  },
};

export const stackCommands: Command[] = [stackDeploy, stackLs, stackServicesCmd, stackPs, stackRm];

