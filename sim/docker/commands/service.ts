/**
 * `docker service create|update|scale|rollback|rm|ls|inspect`.
 *
 * Upstream: docker/cli cli/command/service/{opts,create,update,scale,
 * rollback,remove,list,inspect,formatter}.go, the option parsers in
 * opts/{mount,network,opts,env}.go and opts/swarmopts/port.go, and the
 * progress display in cli/command/service/progress/progress.go rendered as
 * moby client/pkg/jsonmessage does on a (wide) terminal.
 *
 * Every flag value is parsed and every CLI-side rule checked before the core
 * is called, so a refused command changes nothing; the core then applies the
 * daemon's own validation (names, constraints, networks, ports) atomically.
 *
 * The flag value parsers, spec building, progress display and inspect output
 * live in service/{options,spec,progress,inspect}.ts; this module keeps the
 * service list and the commands, and re-exports what other modules use.
 */
import { FILTER_FLAG, formatHelp, inspectFormatHelp, type HelpFlag } from '../help.js';
import type { Command, CommandContext } from '../command.js';
import { truncateID } from '../format/text.js';
import { cliError, daemonError, DockerError } from '../../errors.js';
import type { PortConfig, Service, ServiceMode } from '../../model/types.js';
import type { Simulation } from '../../simulation.js';
import { withPinnedImage } from '../../engine/images.js';
import { familiarImage, filtersOf, joinErrors, matchLabels, naturalCompare, render } from './task.js';
import { writeInspect } from '../output.js';
import { checkValues, CREATE_FLAGS, createSpec, isJob, Opts, UPDATE_FLAGS, updateSpec, validateDaemonSide } from './service/spec.js';
import { waitOnService } from './service/progress.js';
import { readMachineFile } from '../files.js';
import { prettyService, serviceJSON } from './service/inspect.js';

export { normalizeImage, parseCpus, parseMount, parsePort, shlexSplit } from './service/options.js';
export { goDuration } from './service/inspect.js';
export { serviceJSON, waitOnService };

// ===========================================================================
// service ls (cli/command/service/list.go, formatter.go; swarmkit ListServiceStatuses)
// ===========================================================================

const SERVICE_TABLE = 'table {{.ID}}\t{{.Name}}\t{{.Mode}}\t{{.Replicas}}\t{{.Image}}\t{{.Ports}}';
const SERVICE_RAW = 'id: {{.ID}}\\nname: {{.Name}}\\nmode: {{.Mode}}\\nreplicas: {{.Replicas}}\\nimage: {{.Image}}\\nports: {{.Ports}}\\n';
const SERVICE_HEADERS = { ID: 'ID', Name: 'NAME', Mode: 'MODE', Replicas: 'REPLICAS', Image: 'IMAGE', Ports: 'PORTS' };
const MODE_NAMES: Record<ServiceMode['kind'], string> = {
  replicated: 'replicated',
  global: 'global',
  'replicated-job': 'replicated job',
  'global-job': 'global job',
};

/**
 * REPLICAS: running/desired (swarmkit controlapi ListServiceStatuses: desired
 * = replicas, a job's concurrency, or for global services the tasks desired
 * RUNNING), with the job and max-per-node suffixes of the formatter. Running
 * tasks are those observed RUNNING and still wanted (desired state not past
 * RUNNING/COMPLETE), as the CLI counted them client-side before API 1.41:
 * swarmkit itself also counts a task still RUNNING on a node that went down
 * after its replacement was started (`4/3` for a while).
 */
export function replicasText(sim: Simulation, svc: Service): string {
  const m = svc.spec.mode;
  const global = m.kind === 'global' || m.kind === 'global-job';
  let running = 0;
  let desired = m.kind === 'replicated' ? m.replicas : m.kind === 'replicated-job' ? m.maxConcurrent : 0;
  let completed = 0;
  for (const t of sim.world.tasksOfService(svc.id)) {
    if (isJob(m)) {
      if (t.jobIteration !== svc.jobIteration) continue;
      if (t.status.state === 'complete') completed++;
    }
    if (t.status.state === 'running' && (t.desiredState === 'running' || t.desiredState === 'complete')) running++;
    if (global && t.desiredState === 'running') desired++;
    if (global && t.status.state !== 'complete' && t.desiredState === 'complete') desired++;
  }
  if (m.kind === 'replicated-job') return `${running}/${desired} (${completed}/${m.totalCompletions} completed)`;
  if (m.kind === 'global-job') return `${running}/${desired} (${completed}/${desired + completed} completed)`;
  if (m.kind === 'replicated' && svc.spec.task.placement.maxReplicas > 0) return `${running}/${desired} (max ${svc.spec.task.placement.maxReplicas} per node)`;
  return `${running}/${desired}`;
}

/** PORTS: ingress ports, consecutive ones merged into ranges (formatter.go Ports, uint32 arithmetic included). */
export function portsText(ports: readonly PortConfig[]): string {
  const sorted = [...ports].sort((a, b) => (a.protocol === b.protocol ? a.publishedPort - b.publishedPort : a.protocol < b.protocol ? -1 : 1));
  const u32 = (n: number): number => n >>> 0;
  let pr = { pStart: 0, pEnd: 0, tStart: 0, tEnd: 0, protocol: '' };
  const out: string[] = [];
  const show = (r: typeof pr): string =>
    `*:${r.pEnd > r.pStart ? `${r.pStart}-${r.pEnd}` : r.pStart}->${r.tEnd > r.tStart ? `${r.tStart}-${r.tEnd}` : r.tStart}/${r.protocol}`;
  for (const p of sorted) {
    if (p.publishMode !== 'ingress') continue;
    const isRange = pr.tEnd !== pr.tStart;
    const overlaps = p.targetPort <= pr.tEnd;
    if (p.protocol !== pr.protocol || u32(p.publishedPort - pr.pEnd) > 1 || u32(p.targetPort - pr.tEnd) > 1 || (isRange && overlaps)) {
      if (pr.pStart > 0) out.push(show(pr));
      pr = { pStart: p.publishedPort, pEnd: p.publishedPort, tStart: p.targetPort, tEnd: p.targetPort, protocol: p.protocol };
      continue;
    }
    pr.pEnd = p.publishedPort;
    pr.tEnd = p.targetPort;
  }
  if (pr.pStart > 0) out.push(show(pr));
  return out.join(', ');
}

const SERVICE_MODES = ['replicated', 'global', 'replicated-job', 'global-job'];

/** The daemon's service list: IDs and names by prefix, labels, modes (moby GetServices, swarmkit ListServices). */
export function listServices(sim: Simulation, f: ReturnType<typeof filtersOf>, scope: (s: Service) => boolean = () => true): Service[] {
  f.validate(['id', 'label', 'mode', 'name', 'runtime']);
  for (const m of f.get('mode')) if (!SERVICE_MODES.includes(m)) throw daemonError(`invalid filter 'mode=${m}'`);
  const ids = f.get('id');
  const names = f.get('name');
  const modes = f.get('mode');
  const labels = f.get('label');
  return [...sim.world.services.values()]
    .filter((s) => scope(s))
    .filter((s) => ids.length === 0 || ids.some((i) => s.id.startsWith(i)))
    .filter((s) => names.length === 0 || names.some((n) => s.spec.name.startsWith(n)))
    .filter((s) => modes.length === 0 || modes.includes(s.spec.mode.kind))
    .filter((s) => matchLabels(s.spec.labels, labels))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
}

/** service.ListFormatWrite: sorted by name (natural order), in the default table, `raw` or a template. */
export function writeServiceList(ctx: CommandContext, services: readonly Service[], format: string, quiet: boolean): void {
  const f = format === '' || format === 'table' ? (quiet ? '{{.ID}}' : SERVICE_TABLE) : format === 'raw' ? (quiet ? 'id: {{.ID}}' : SERVICE_RAW) : format;
  const rows = [...services]
    .sort((a, b) => naturalCompare(a.spec.name, b.spec.name))
    .map((s) => ({
      ID: truncateID(s.id),
      Name: s.spec.name,
      Mode: MODE_NAMES[s.spec.mode.kind],
      Replicas: replicasText(ctx.sim, s),
      Image: familiarImage(s.spec.task.image),
      Ports: portsText(s.endpointPorts),
    }));
  ctx.out(render(f, rows, SERVICE_HEADERS, '*service.serviceContext'));
}

// ===========================================================================
// Names (moby namesgenerator, a subset of its words)
// ===========================================================================

const LEFT = [
  'admiring', 'adoring', 'affectionate', 'agitated', 'amazing', 'angry', 'awesome', 'blissful', 'bold', 'brave',
  'charming', 'clever', 'compassionate', 'competent', 'confident', 'cool', 'cranky', 'dazzling', 'determined', 'distracted',
  'dreamy', 'eager', 'ecstatic', 'elastic', 'elated', 'elegant', 'eloquent', 'epic', 'festive', 'focused',
  'friendly', 'frosty', 'funny', 'gallant', 'gifted', 'goofy', 'gracious', 'happy', 'hopeful', 'hungry',
  'infallible', 'inspiring', 'jolly', 'jovial', 'keen', 'kind', 'laughing', 'loving', 'lucid', 'magical',
  'modest', 'musing', 'mystifying', 'naughty', 'nervous', 'nice', 'nifty', 'nostalgic', 'objective', 'optimistic',
  'peaceful', 'pedantic', 'pensive', 'practical', 'priceless', 'quirky', 'quizzical', 'relaxed', 'reverent', 'romantic',
  'sad', 'serene', 'sharp', 'silly', 'sleepy', 'stoic', 'strange', 'stupefied', 'suspicious', 'sweet',
  'tender', 'thirsty', 'trusting', 'upbeat', 'vibrant', 'vigilant', 'vigorous', 'wizardly', 'wonderful', 'youthful',
  'zealous', 'zen',
];
const RIGHT = [
  'albattani', 'allen', 'archimedes', 'ardinghelli', 'aryabhata', 'babbage', 'banach', 'bardeen', 'bartik', 'bassi',
  'bell', 'benz', 'bhabha', 'black', 'blackwell', 'bohr', 'booth', 'borg', 'bose', 'brahmagupta',
  'brattain', 'brown', 'carson', 'cerf', 'chandrasekhar', 'chatelet', 'chebyshev', 'clarke', 'colden', 'cori',
  'curie', 'darwin', 'davinci', 'dijkstra', 'dubinsky', 'easley', 'edison', 'einstein', 'elion', 'engelbart',
  'euclid', 'euler', 'fermat', 'fermi', 'feynman', 'franklin', 'galileo', 'gates', 'goldberg', 'goldstine',
  'goodall', 'hamilton', 'hawking', 'heisenberg', 'hermann', 'hodgkin', 'hoover', 'hopper', 'hugle', 'hypatia',
  'jackson', 'jang', 'jennings', 'jepsen', 'johnson', 'joliot', 'jones', 'kalam', 'kapitsa', 'keller',
  'kepler', 'khorana', 'kilby', 'knuth', 'lalande', 'lamarr', 'lamport', 'leakey', 'leavitt', 'lewin',
  'lichterman', 'liskov', 'lovelace', 'lumiere', 'mahavira', 'margulis', 'matsumoto', 'mayer', 'mccarthy', 'mcclintock',
  'mclean', 'meitner', 'mendel', 'merkle', 'minsky', 'mirzakhani', 'morse', 'murdock', 'napier', 'newton',
  'nightingale', 'nobel', 'noether', 'northcutt', 'noyce', 'panini', 'pare', 'pasteur', 'payne', 'perlman',
  'pike', 'poincare', 'poitras', 'ptolemy', 'raman', 'ramanujan', 'ride', 'ritchie', 'robinson', 'roentgen',
  'rosalind', 'saha', 'sammet', 'shannon', 'shaw', 'shirley', 'shockley', 'sinoussi', 'snyder', 'spence',
  'stonebraker', 'swanson', 'swartz', 'swirles', 'tesla', 'thompson', 'torvalds', 'turing', 'varahamihira', 'visvesvaraya',
  'volhard', 'wescoff', 'wiles', 'williams', 'wilson', 'wing', 'wright', 'yalow', 'yonath',
];

/** namesgenerator.GetRandomName(0): `adjective_surname`, drawn from the simulation's RNG. */
function randomName(sim: Simulation): string {
  const rng = sim.world.rng;
  return `${LEFT[rng.int(LEFT.length)]}_${RIGHT[rng.int(RIGHT.length)]}`;
}

// ===========================================================================
// Commands
// ===========================================================================

/**
 * `interspersed: false` is cobra's flags.SetInterspersed(false): after IMAGE
 * every word belongs to the container's command (`busybox ping -c 3 host`).
 * The dispatcher honours it when it knows the property.
 */
const serviceCreate: Command = {
  path: ['service', 'create'],
  usage: 'service create [OPTIONS] IMAGE [COMMAND] [ARG...]',
  summary: 'Create a new service',
  flags: CREATE_FLAGS,
  interspersed: false,
  args: { min: 1 },
  needsManager: true,
  settles: true,
  checkValues: (a) => checkValues(new Opts(a, CREATE_FLAGS)),
  run(ctx, a) {
    const o = new Opts(a, CREATE_FLAGS);
    const [image, ...args] = a.args;
    const made = createSpec(ctx.sim, o, image, args, (f) => readMachineFile(ctx.sim.ensureMachine(ctx.host), f));
    // QueryRegistry (create.go): the image is pinned to the digest the registry gives.
    const spec = o.bool('no-resolve-image') ? made : withPinnedImage(made);
    validateDaemonSide(spec);
    // The daemon names an unnamed service (moby daemon/cluster/convert/service.go).
    const svc = ctx.sim.serviceCreate(spec.name === '' ? { ...spec, name: randomName(ctx.sim) } : spec);
    ctx.out(svc.id);
    if (!o.bool('detach')) waitOnService(ctx, svc.id, svc.id, o.bool('quiet'));
  },
};

const serviceUpdate: Command = {
  path: ['service', 'update'],
  usage: 'service update [OPTIONS] SERVICE',
  summary: 'Update a service',
  flags: UPDATE_FLAGS,
  args: { min: 1, max: 1 },
  needsManager: true,
  settles: true,
  checkValues: (a) => checkValues(new Opts(a, UPDATE_FLAGS)),
  run(ctx, a) {
    const o = new Opts(a, UPDATE_FLAGS);
    const ref = a.args[0];
    const svc = ctx.sim.requireService(ref);
    const before = svc.updateStatus;
    if (o.bool('rollback')) {
      if ([...a.changed].some((n) => !['rollback', 'detach', 'quiet'].includes(n))) throw cliError('other flags may not be combined with --rollback');
      ctx.sim.serviceRollback(svc.id);
    } else {
      const made = updateSpec(ctx.sim, o, svc);
      // update.go queries the registry only for a new --image.
      const spec = o.changed('image') && !o.bool('no-resolve-image') ? withPinnedImage(made) : made;
      validateDaemonSide(spec);
      ctx.sim.serviceUpdate(svc.id, () => spec);
    }
    ctx.out(ref);
    if (!o.bool('detach')) waitOnService(ctx, svc.id, ref, o.bool('quiet'), before);
  },
};

const SCALE_USAGE = 'service scale SERVICE=REPLICAS [SERVICE=REPLICAS...]';

/**
 * `docker service scale`: each SERVICE=N on its own (errors collected and
 * joined, the others applied), then progress for each scaled service.
 */
const serviceScale: Command = {
  path: ['service', 'scale'],
  usage: SCALE_USAGE,
  summary: 'Scale one or multiple replicated services',
  flags: [{ name: 'detach', short: 'd', type: 'bool', help: 'Exit immediately instead of waiting for the service to converge' }],
  args: { min: 1 },
  needsManager: true,
  settles: true,
  run(ctx, a) {
    for (const arg of a.args) {
      const eq = arg.indexOf('=');
      if (eq <= 0 || eq === arg.length - 1)
        throw cliError(
          `invalid scale specifier '${arg}'.\nSee 'docker service scale --help'.\n\nUsage:  docker ${SCALE_USAGE}\n\nScale one or multiple replicated services`,
        );
    }
    const errs: DockerError[] = [];
    const scaled: [string, string, Service['updateStatus']][] = [];
    for (const arg of a.args) {
      const eq = arg.indexOf('=');
      const name = arg.slice(0, eq);
      const value = arg.slice(eq + 1);
      if (!/^\d+$/.test(value) || BigInt(value) > 18446744073709551615n) {
        const why = /^\d+$/.test(value) ? 'value out of range' : 'invalid syntax';
        errs.push(cliError(`${name}: invalid replicas value ${value}: strconv.ParseUint: parsing ${JSON.stringify(value)}: ${why}`));
        continue;
      }
      try {
        const svc = ctx.sim.requireService(name);
        if (svc.spec.mode.kind !== 'replicated' && svc.spec.mode.kind !== 'replicated-job')
          throw cliError('scale can only be used with replicated or replicated-job mode');
        const before = svc.updateStatus;
        ctx.sim.serviceScale(svc.id, Number(value));
        ctx.out(`${name} scaled to ${value}`);
        scaled.push([svc.id, name, before]);
      } catch (e) {
        if (!(e instanceof DockerError)) throw e;
        errs.push(cliError(`${name}: ${e.display}`));
      }
    }
    if (!(a.flags['detach'] as boolean)) {
      for (const [id, name, before] of scaled) {
        try {
          waitOnService(ctx, id, name, false, before);
        } catch (e) {
          if (!(e instanceof DockerError)) throw e;
          errs.push(cliError(`${name}: ${e.display}`));
        }
      }
    }
    const err = joinErrors(errs);
    if (err) throw err;
  },
};

const serviceRollback: Command = {
  path: ['service', 'rollback'],
  usage: 'service rollback [OPTIONS] SERVICE',
  summary: "Revert changes to a service's configuration",
  flags: [
    { name: 'quiet', short: 'q', type: 'bool', help: 'Suppress progress output' },
    { name: 'detach', short: 'd', type: 'bool', help: 'Exit immediately instead of waiting for the service to converge' },
  ],
  args: { min: 1, max: 1 },
  needsManager: true,
  settles: true,
  run(ctx, a) {
    const ref = a.args[0];
    const current = ctx.sim.requireService(ref);
    const before = current.updateStatus;
    const svc = ctx.sim.serviceRollback(current.id);
    ctx.out(ref);
    if (!(a.flags['detach'] as boolean)) waitOnService(ctx, svc.id, ref, a.flags['quiet'] as boolean, before);
  },
};

/** `docker service rm`: each service removed on its own; each removed one is printed as given. */
const serviceRm: Command = {
  path: ['service', 'rm'],
  usage: 'service rm SERVICE [SERVICE...]',
  summary: 'Remove one or more services',
  flags: [],
  args: { min: 1 },
  needsManager: true,
  run(ctx, a) {
    const errs: DockerError[] = [];
    for (const ref of a.args) {
      try {
        ctx.sim.serviceRemove(ref);
        ctx.out(ref);
      } catch (e) {
        if (!(e instanceof DockerError)) throw e;
        errs.push(e);
      }
    }
    const err = joinErrors(errs);
    if (err) throw err;
  },
};

const serviceLs: Command = {
  path: ['service', 'ls'],
  usage: 'service ls [OPTIONS]',
  summary: 'List services',
  flags: [
    { name: 'quiet', short: 'q', type: 'bool', help: 'Only display IDs' },
    { name: 'format', type: 'string', help: formatHelp() },
    FILTER_FLAG,
  ],
  args: { max: 0 },
  needsManager: true,
  run(ctx, a) {
    const services = listServices(ctx.sim, filtersOf(a));
    writeServiceList(ctx, services, a.flags['format'] as string, a.flags['quiet'] as boolean);
  },
};

const serviceInspect: Command = {
  path: ['service', 'inspect'],
  usage: 'service inspect [OPTIONS] SERVICE [SERVICE...]',
  summary: 'Display detailed information on one or more services',
  flags: [
    { name: 'format', short: 'f', type: 'string', help: inspectFormatHelp() },
    { name: 'pretty', type: 'bool', help: 'Print the information in a human friendly format' },
  ],
  args: { min: 1 },
  needsManager: true,
  run(ctx, a) {
    let format = (a.flags['pretty'] as boolean) ? 'pretty' : (a.flags['format'] as string);
    if (format.startsWith('pretty') && format !== 'pretty') throw cliError('cannot supply extra formatting options to the pretty template');
    // "raw" (the default) is the indented JSON.
    if (format.startsWith('raw')) format = format.slice(3);
    const get = (ref: string): Service => {
      const s = ctx.sim.resolveService(ref);
      if (!s) throw cliError(`no such service: ${ref}`);
      return s;
    };
    if (format === 'pretty') {
      // formatter.Context.Write prints nothing when one service is missing.
      const text = a.args.map((ref) => prettyService(ctx.sim, get(ref))).join('');
      ctx.out(text);
      return;
    }
    writeInspect(ctx, a.args, format, (ref) => serviceJSON(get(ref)));
  },
};

export const serviceCommands: Command[] = [serviceCreate, serviceUpdate, serviceScale, serviceRollback, serviceRm, serviceLs, serviceInspect];
