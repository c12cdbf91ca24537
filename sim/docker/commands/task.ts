/**
 * Task and container listings: `docker service ps`, `docker node ps` and
 * `docker ps` (`container ls|list|ps` reach it through the dispatcher's
 * aliases), plus the small pieces the service and stack commands share with
 * them (natural order, filters, flag value errors, the task table).
 *
 * Upstream: docker/cli cli/command/task/{print,formatter}.go,
 * cli/command/service/ps.go, cli/command/node/ps.go,
 * cli/command/container/list.go and cli/command/formatter/container.go;
 * the task filters are moby daemon/cluster/filters.go newListTasksFilters
 * with swarmkit controlapi ListTasks semantics.
 */
import { FILTER_FLAG, formatHelp, inspectFormatHelp, type HelpFlag } from '../help.js';
import { searchPattern } from '../../linearRegex.js';
import { imageConfig } from '../../engine/images.js';
import type { Command, CommandContext } from '../command.js';
import { FlagError, type FlagSpec, type ParsedArgs } from '../flags.js';
import { renderRows, TemplateError } from '../format/template.js';
import { ellipsis, goQuote, humanDuration, prettyPrint, quoteCommand, truncateID } from '../format/text.js';
import { cliError, daemonError, DockerError } from '../../errors.js';
import type { Service, Task } from '../../model/types.js';
import { TASK_STATES, type TaskState } from '../../model/taskState.js';
import type { Simulation } from '../../simulation.js';
import { taskName } from '../../snapshot.js';
import { Filters } from '../filters.js';
import { goTimeString } from '../format/goTime.js';
import { naturalLess } from '../naturalSort.js';

// ===========================================================================
// Shared helpers (also used by service.ts and stack.ts)
// ===========================================================================

/** A comparator from fvbommel/sortorder NaturalLess, for Array.prototype.sort (stable, like sort.Stable). */
export const naturalCompare = (a: string, b: string): number => (naturalLess(a, b) ? -1 : naturalLess(b, a) ? 1 : 0);

/**
 * A flag whose value its own parser refused (pflag's `Set` error); the
 * dispatcher adds cobra's usage lines and exit status 125. pflag names the
 * flag `-f, --filter` whenever it has a shorthand, and quotes the value with %q.
 */
export function flagValueError(flag: { name: string; short?: string }, value: string, why: string): FlagError {
  const shown = flag.short ? `-${flag.short}, --${flag.name}` : `--${flag.name}`;
  return new FlagError(`invalid argument ${goQuote(value)} for "${shown}" flag: ${why}`);
}

/** Several errors joined the way errors.Join prints them (one per line). */
export function joinErrors(errs: readonly DockerError[]): DockerError | null {
  if (errs.length === 0) return null;
  if (errs.length === 1) return errs[0];
  return cliError(errs.map((e) => e.display).join('\n'));
}

/** The `-f, --filter` values of a listing command (opts.FilterOpt). */
export const filtersOf = (a: ParsedArgs): Filters =>
  Filters.parse([{ name: 'filter', short: 'f', type: 'list' }], (a.flags['filter'] as string[] | undefined) ?? []);

/** `key` or `key=value` label filters against a label map (swarmkit filterMatchLabels). */
export function matchLabels(labels: Readonly<Record<string, string>>, wanted: readonly string[]): boolean {
  return wanted.every((w) => {
    const eq = w.indexOf('=');
    if (eq < 0) return w in labels;
    return labels[w.slice(0, eq)] === w.slice(eq + 1);
  });
}

/** formatter.Context.Write: both parse and execution errors read `template parsing error: ...`. */
export function render(format: string, rows: readonly object[], headers: Readonly<Record<string, string>>, typeName: string): string {
  try {
    return renderRows(format, rows, headers, { typeName });
  } catch (e) {
    if (e instanceof TemplateError) throw cliError(e.dockerMessage);
    throw e;
  }
}

/**
 * The familiar, tagged form of an image reference that the tables show
 * (reference.FamiliarString of the NamedTagged): a digest is dropped, the
 * tag kept; `docker.io/library/` is not shown.
 */
export function familiarImage(image: string): string {
  let out = image.replace(/^docker\.io\/library\//, '').replace(/^docker\.io\//, '');
  const at = out.indexOf('@');
  if (at >= 0) {
    const named = out.slice(0, at);
    const lastSlash = named.lastIndexOf('/');
    // Only an image with a tag loses its digest (the formatter needs a NamedTagged).
    if (named.indexOf(':', lastSlash + 1) >= 0) out = named;
  }
  return out;
}

/** Each task's place in the order the store created them (its map keeps insertion order). */
function creationOrder(sim: Simulation, tasks: readonly Task[]): Map<string, number> {
  const wanted = new Set(tasks.map((t) => t.id));
  const order = new Map<string, number>();
  let i = 0;
  for (const id of sim.world.tasks.keys()) if (wanted.has(id)) order.set(id, i++);
  return order;
}

/** The service a task belongs to, if it still exists (the CLI's ID resolver falls back to the ID). */
const serviceOf = (sim: Simulation, t: Task): Service | undefined => sim.world.services.get(t.serviceId);

// ===========================================================================
// Task listing (service ps, node ps, stack ps)
// ===========================================================================

const TASK_FILTERS = ['name', 'id', 'label', 'service', 'node', 'desired-state', 'runtime'] as const;

/**
 * The daemon's task list with filters (moby GetTasks + swarmkit ListTasks):
 * names and IDs by prefix (a task's name is `svc.slot.taskID`), labels of
 * the service, services and nodes resolved to IDs, desired states exact.
 * Returned in the store's order (by task ID), as the API does.
 */
export function listTasks(sim: Simulation, host: string, f: Filters, scope: (t: Task) => boolean = () => true, extraNodes: readonly string[] = []): Task[] {
  f.validate(TASK_FILTERS);
  const desired = new Set<TaskState>();
  for (const s of f.get('desired-state')) {
    const st = s.toLowerCase() as TaskState;
    if (TASK_STATES.includes(st)) desired.add(st);
    else if (s !== '') throw daemonError(`Invalid desired-state filter: '${s}'`);
  }
  const nodes = new Set<string>();
  for (const n of f.get('node')) nodes.add(n === 'self' ? selfNodeId(sim, host) : sim.resolveNode(n).id);
  for (const n of extraNodes) nodes.add(n);
  const services = new Set<string>();
  for (const s of f.get('service')) services.add(sim.requireService(s).id);
  const names = f.get('name');
  const ids = f.get('id');
  const labels = f.get('label');
  const out: Task[] = [];
  for (const t of sim.world.tasks.values()) {
    if (!scope(t)) continue;
    const svc = serviceOf(sim, t);
    const fullName = `${taskName(svc?.spec.name ?? t.serviceId, t)}.${t.id}`;
    if (names.length && !names.some((n) => fullName.startsWith(n))) continue;
    if (ids.length && !ids.some((i) => t.id.startsWith(i))) continue;
    if (labels.length && !matchLabels(svc?.spec.labels ?? {}, labels)) continue;
    if (services.size && !services.has(t.serviceId)) continue;
    if (nodes.size && !nodes.has(t.nodeId)) continue;
    if (desired.size && !desired.has(t.desiredState)) continue;
    out.push(t);
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** node.Reference("self"): the node ID of the engine the command runs on. */
function selfNodeId(sim: Simulation, host: string): string {
  const m = sim.world.machines.get(host);
  const node = m ? sim.world.nodeOf(m) : undefined;
  if (!node) throw cliError('node ID not found in /info');
  return node.id;
}

export interface TaskPrintOptions {
  readonly trunc: boolean;
  readonly quiet: boolean;
  readonly noResolve: boolean;
  /** The --format value, '' for the default. */
  readonly format: string;
}

const TASK_TABLE = 'table {{.ID}}\t{{.Name}}\t{{.Image}}\t{{.Node}}\t{{.DesiredState}}\t{{.CurrentState}}\t{{.Error}}\t{{.Ports}}';
const TASK_RAW =
  'id: {{.ID}}\\nname: {{.Name}}\\nimage: {{.Image}}\\nnode: {{.Node}}\\ndesired_state: {{.DesiredState}}\\ncurrent_state: {{.CurrentState}}\\nerror: {{.Error}}\\nports: {{.Ports}}\\n';
const TASK_HEADERS = {
  ID: 'ID',
  Name: 'NAME',
  Image: 'IMAGE',
  Node: 'NODE',
  DesiredState: 'DESIRED STATE',
  CurrentState: 'CURRENT STATE',
  Error: 'ERROR',
  Ports: 'PORTS',
};

/** task.newTaskFormat: `table` and `raw` are keywords; quiet turns them into the ID alone. */
function taskFormat(source: string, quiet: boolean): string {
  if (source === '' || source === 'table') return quiet ? '{{.ID}}' : TASK_TABLE;
  if (source === 'raw') return quiet ? 'id: {{.ID}}' : TASK_RAW;
  return source;
}

/** `Running 8 seconds ago`: go-units HumanDuration of virtual time, lower-cased (task formatter CurrentState). */
export function ago(sim: Simulation, at: number): string {
  return `${humanDuration(Math.max(0, sim.now - at)).toLowerCase()} ago`;
}

/**
 * task.Print: names `svc.slot` (global: `svc.nodeID`), a stable sort by
 * name (natural order) then newest first, and in table formats the older
 * tasks of a slot indented ` \_ `.
 */
export function printTasks(ctx: CommandContext, tasks: readonly Task[], o: TaskPrintOptions): void {
  const sim = ctx.sim;
  const named = tasks.map((t) => {
    const svc = serviceOf(sim, t);
    const svcName = o.noResolve || !svc ? t.serviceId : svc.spec.name;
    return { t, name: taskName(svcName, t) };
  });
  // Newest first. A real CreatedAt has nanoseconds, so two tasks never tie; the simulator's
  // milliseconds do (a restart's replacement and the rollback's task, say): the one created
  // later is still the newer.
  const order = creationOrder(sim, tasks);
  named.sort((a, b) => {
    if (a.name !== b.name) return naturalCompare(a.name, b.name);
    return b.t.createdAt - a.t.createdAt || order.get(b.t.id)! - order.get(a.t.id)!;
  });
  const format = taskFormat(o.format, o.quiet);
  const isTable = format.startsWith('table');
  let prev = '';
  const rows = named.map(({ t, name }) => {
    const shown = isTable && name === prev ? ` \\_ ${name}` : name;
    prev = name;
    const node = sim.world.nodes.get(t.nodeId);
    const err = o.trunc ? ellipsis(t.status.err, 30) : t.status.err;
    return {
      ID: o.trunc ? truncateID(t.id) : t.id,
      Name: shown,
      Image: o.trunc ? familiarImage(t.spec.image) : t.spec.image,
      Node: t.nodeId === '' ? '' : o.noResolve || !node ? t.nodeId : (node.description?.hostname ?? node.machine),
      DesiredState: prettyPrint(t.desiredState),
      CurrentState: `${prettyPrint(t.status.state)} ${ago(sim, t.status.timestamp)}`,
      Error: err.length > 0 ? `"${err}"` : '',
      Ports: taskPorts(t),
    };
  });
  ctx.out(render(format, rows, TASK_HEADERS, '*task.taskContext').replace(/\n$/, ''));
}

/**
 * Ports a task reports (Status.PortStatus): its host-mode published ports,
 * once the executor has started the container. The executor reads them off
 * the container's bindings, one per address family the engine bound (0.0.0.0
 * and ::), so each port is listed twice, as a real Swarm shows.
 */
function taskPorts(t: Task): string {
  if (t.containerId === '' || t.hostPorts.length === 0) return '';
  return t.hostPorts.flatMap((p) => Array(2).fill(`*:${p.publishedPort}->${p.targetPort}/${p.protocol}`)).join(',');
}

const PS_FLAGS: FlagSpec[] = [
  { name: 'quiet', short: 'q', type: 'bool', help: 'Only display task IDs' },
  { name: 'no-trunc', type: 'bool', help: 'Do not truncate output' },
  { name: 'no-resolve', type: 'bool', help: 'Do not map IDs to Names' },
  { name: 'format', type: 'string', help: 'Pretty-print tasks using a Go template' },
  FILTER_FLAG,
];

/**
 * `docker service ps`: services matched by full ID, then full name, then ID
 * prefix; unknown ones are reported after the table (cli/command/service/ps.go).
 */
const servicePs: Command = {
  path: ['service', 'ps'],
  usage: 'service ps [OPTIONS] SERVICE [SERVICE...]',
  summary: 'List the tasks of one or more services',
  flags: PS_FLAGS,
  args: { min: 1 },
  needsManager: true,
  run(ctx, a) {
    const sim = ctx.sim;
    const f = filtersOf(a);
    const all = [...sim.world.services.values()];
    const notFound: string[] = [];
    const ids = new Set<string>();
    for (const ref of a.args) {
      const hit = all.find((s) => s.id === ref) ?? all.find((s) => s.spec.name === ref);
      if (hit) {
        ids.add(hit.id);
        continue;
      }
      const byPrefix = all.filter((s) => s.id.startsWith(ref));
      if (byPrefix.length > 1) throw cliError(`multiple services found with provided prefix: ${ref}`);
      if (byPrefix.length === 1) ids.add(byPrefix[0].id);
      else notFound.push(`no such service: ${ref}`);
    }
    if (ids.size === 0) throw cliError(notFound.join('\n'));
    const tasks = listTasks(sim, ctx.host, f, (t) => ids.has(t.serviceId));
    const quiet = a.flags['quiet'] as boolean;
    printTasks(ctx, tasks, {
      trunc: !(a.flags['no-trunc'] as boolean) && !quiet,
      quiet,
      noResolve: a.flags['no-resolve'] as boolean,
      format: a.flags['format'] as string,
    });
    if (notFound.length > 0) throw cliError(notFound.join('\n'));
  },
};

/** `docker node ps [NODE...]`: the current node by default; errors are joined after the table. */
const nodePs: Command = {
  path: ['node', 'ps'],
  usage: 'node ps [OPTIONS] [NODE...]',
  summary: 'List tasks running on one or more nodes, defaults to current node',
  flags: PS_FLAGS,
  needsManager: true,
  run(ctx, a) {
    const sim = ctx.sim;
    const refs = a.args.length > 0 ? a.args : ['self'];
    const errs: DockerError[] = [];
    const tasks: Task[] = [];
    const f = filtersOf(a);
    for (const ref of refs) {
      try {
        const id = ref === 'self' ? selfNodeId(sim, ctx.host) : sim.resolveNode(ref).id;
        // The CLI adds this node to the user's filter (node values OR together).
        tasks.push(...listTasks(sim, ctx.host, f, undefined, [id]));
      } catch (e) {
        if (!(e instanceof DockerError)) throw e;
        errs.push(e);
      }
    }
    if (errs.length === 0 || tasks.length > 0) {
      printTasks(ctx, tasks, {
        trunc: !(a.flags['no-trunc'] as boolean),
        quiet: a.flags['quiet'] as boolean,
        noResolve: a.flags['no-resolve'] as boolean,
        format: a.flags['format'] as string,
      });
    }
    const err = joinErrors(errs);
    if (err) throw err;
  },
};

// ===========================================================================
// docker ps: the task containers on the typed machine
// ===========================================================================

function containerCommand(t: Task): string {
  const repo = familiarImage(t.spec.image).replace(/[:@].*$/, '');
  const cfg = imageConfig(repo);
  const entry = t.spec.command.length > 0 ? [...t.spec.command] : cfg.entrypoint;
  const args = t.spec.args.length > 0 ? [...t.spec.args] : t.spec.command.length > 0 ? [] : cfg.cmd;
  return [...entry, ...args].join(' ');
}

interface ContainerTimes {
  created: number;
  started: number | null;
  finished: number | null;
}

/**
 * When each task's container was created (the agent's READY step), started
 * (RUNNING) and stopped, from the trace; the task's own timestamps when the
 * trace is off.
 */
function containerTimes(sim: Simulation, tasks: readonly Task[]): Map<string, ContainerTimes> {
  const out = new Map<string, ContainerTimes>();
  for (const t of tasks) {
    const running = t.status.state === 'running';
    out.set(t.id, {
      created: t.createdAt,
      started: running ? t.status.timestamp : null,
      finished: running ? null : t.status.timestamp,
    });
  }
  if (!sim.world.tracing) return out;
  for (const ev of sim.world.trace) {
    if (ev.kind !== 'task.state') continue;
    const c = out.get(ev.subject);
    if (!c) continue;
    if (ev.after === 'ready') c.created = ev.time;
    else if (ev.after === 'running') c.started = ev.time;
    else if (ev.after === 'complete' || ev.after === 'failed' || ev.after === 'shutdown' || ev.after === 'orphaned') c.finished = ev.time;
  }
  return out;
}

type ContainerState = 'created' | 'running' | 'exited';

function containerState(t: Task): ContainerState {
  const s = t.status.state;
  if (s === 'running') return 'running';
  if (s === 'ready' || s === 'starting') return 'created';
  return 'exited';
}

/** An exited container's code: the task's `non-zero exit (N)`, else 0. */
function exitCode(t: Task): number {
  const m = /non-zero exit \((\d+)\)/.exec(t.status.err);
  if (m) return Number(m[1]);
  return t.status.state === 'failed' ? 1 : 0;
}

const CONTAINER_TABLE = 'table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}';
const CONTAINER_HEADERS = {
  ID: 'CONTAINER ID',
  Image: 'IMAGE',
  Command: 'COMMAND',
  CreatedAt: 'CREATED AT',
  RunningFor: 'CREATED',
  Ports: 'PORTS',
  State: 'STATE',
  Status: 'STATUS',
  Size: 'SIZE',
  Names: 'NAMES',
  Labels: 'LABELS',
  Mounts: 'MOUNTS',
  Networks: 'NETWORKS',
};
const CONTAINER_FILTERS = ['name', 'id', 'status', 'label'] as const;
const CONTAINER_STATUSES = ['created', 'restarting', 'running', 'removing', 'paused', 'exited', 'dead'];

function swarmLabels(sim: Simulation, t: Task): Record<string, string> {
  const svc = serviceOf(sim, t);
  const name = `${taskName(svc?.spec.name ?? t.serviceId, t)}.${t.id}`;
  const labels: Record<string, string> = {
    'com.docker.swarm.node.id': t.nodeId,
    'com.docker.swarm.service.id': t.serviceId,
    'com.docker.swarm.service.name': svc?.spec.name ?? '',
    'com.docker.swarm.task': '',
    'com.docker.swarm.task.id': t.id,
    'com.docker.swarm.task.name': name,
  };
  const ns = svc?.spec.labels['com.docker.stack.namespace'];
  if (ns !== undefined) labels['com.docker.stack.namespace'] = ns;
  return labels;
}

/** Container status text (moby container/state.go String): `Up 2 seconds`, `Exited (0) 3 seconds ago`, `Created`. */
function containerStatus(sim: Simulation, t: Task, times: ContainerTimes): string {
  const st = containerState(t);
  if (st === 'running') return `Up ${humanDuration(Math.max(0, sim.now - (times.started ?? t.status.timestamp)))}`;
  if (st === 'created') return 'Created';
  return `Exited (${exitCode(t)}) ${humanDuration(Math.max(0, sim.now - (times.finished ?? t.status.timestamp)))} ago`;
}

/**
 * `docker ps`: the engine's containers, which for the simulator are the
 * swarm task containers on this machine. Newest first, as the daemon lists
 * them; only running ones unless -a.
 */
function runPs(ctx: CommandContext, a: ParsedArgs): void {
  const sim = ctx.sim;
  const f = filtersOf(a);
  f.validate(CONTAINER_FILTERS);
  for (const s of f.get('status')) if (!CONTAINER_STATUSES.includes(s)) throw daemonError(`invalid filter 'status=${s}'`);
  const all = a.flags['all'] as boolean;
  const last = a.flags['last'] as number;
  const limit = (a.flags['latest'] as boolean) && last === -1 ? 1 : last;
  let tasks = [...sim.world.tasks.values()].filter((t) => t.containerId !== '' && sim.world.nodes.get(t.nodeId)?.machine === ctx.host);
  const times = containerTimes(sim, tasks);
  // -a, -n and -l show containers in every state.
  if (!all && limit <= 0) tasks = tasks.filter((t) => containerState(t) === 'running');
  tasks.sort((x, y) => {
    const cx = times.get(x.id)!.created;
    const cy = times.get(y.id)!.created;
    if (cx !== cy) return cy - cx;
    if (x.createdAt !== y.createdAt) return y.createdAt - x.createdAt;
    return x.containerId < y.containerId ? -1 : 1;
  });
  const rows = tasks.map((t) => {
    const svc = serviceOf(sim, t);
    const name = `${taskName(svc?.spec.name ?? t.serviceId, t)}.${t.id}`;
    return { t, name, labels: swarmLabels(sim, t) };
  });
  let shown = rows.filter(({ t, name, labels }) => {
    if (f.contains('name') && !f.get('name').some((n) => nameMatches(n, name))) return false;
    if (f.contains('id') && !f.get('id').some((i) => t.containerId.startsWith(i))) return false;
    if (f.contains('status') && !f.get('status').includes(containerState(t))) return false;
    if (f.contains('label') && !matchLabels(labels, f.get('label'))) return false;
    return true;
  });
  if (limit > 0) shown = shown.slice(0, limit);
  const trunc = !(a.flags['no-trunc'] as boolean);
  const quiet = a.flags['quiet'] as boolean;
  const source = a.flags['format'] as string;
  const format = source === '' || source === 'table' ? (quiet ? '{{.ID}}' : CONTAINER_TABLE) : quiet ? '{{.ID}}' : source;
  const out = shown.map(({ t, name, labels }) => {
    const tm = times.get(t.id)!;
    const cmd = containerCommand(t);
    return {
      ID: trunc ? truncateID(t.containerId) : t.containerId,
      Image: trunc ? familiarImage(t.spec.image) : t.spec.image,
      Command: quoteCommand(cmd, trunc ? 20 : null),
      // Docker keeps a container's creation in whole seconds (formatter/container.go: time.Unix(created, 0)).
      CreatedAt: goTimeString(Math.floor(tm.created / 1000) * 1000),
      RunningFor: `${humanDuration(Math.max(0, sim.now - tm.created))} ago`,
      // Only a running container has its ports bound.
      Ports:
        containerState(t) !== 'running'
          ? ''
          : // formatter/container.go DisplayablePorts: net.JoinHostPort brackets the IPv6 address.
            t.hostPorts.map((p) => `0.0.0.0:${p.publishedPort}->${p.targetPort}/${p.protocol}, [::]:${p.publishedPort}->${p.targetPort}/${p.protocol}`).join(', '),
      State: containerState(t),
      Status: containerStatus(sim, t, tm),
      Size: '0B',
      Names: name,
      Labels: Object.keys(labels)
        .sort()
        .map((k) => `${k}=${labels[k]}`)
        .join(','),
      Mounts: t.spec.mounts.map((mt) => (trunc ? ellipsis(mt.source, 15) : mt.source)).join(','),
      Networks: t.networks.map((n) => sim.world.networks.get(n.networkId)?.name ?? n.networkId).join(','),
    };
  });
  const text = render(format, out, CONTAINER_HEADERS, '*formatter.ContainerContext');
  if (text !== '') ctx.out(text.replace(/\n$/, ''));
}

/** The daemon's name filter is a regular expression (filters.Match); an invalid one matches as a substring. */
function nameMatches(pattern: string, name: string): boolean {
  const re = searchPattern(pattern);
  return re ? re.test(name) : name.includes(pattern);
}

const CONTAINER_LS_FLAGS: FlagSpec[] = [
  { name: 'all', short: 'a', type: 'bool', help: 'Show all containers (default shows just running)' },
  FILTER_FLAG,
  { name: 'format', type: 'string', help: formatHelp() },
  { name: 'last', short: 'n', type: 'int', default: -1, help: 'Show n last created containers (includes all states)' },
  { name: 'latest', short: 'l', type: 'bool', help: 'Show the latest created container (includes all states)' },
  { name: 'no-trunc', type: 'bool', help: "Don't truncate output" },
  { name: 'quiet', short: 'q', type: 'bool', help: 'Only display container IDs' },
  { name: 'size', short: 's', type: 'bool', help: 'Display total file sizes' },
];

function containerList(path: string[]): Command {
  const p = path.join(' ');
  return {
    path,
    usage: `${p} [OPTIONS]`,
    summary: 'List containers',
    flags: CONTAINER_LS_FLAGS,
    args: { max: 0 },
    run: runPs,
  };
}

/** `docker container ls|list|ps` reach the same command through the dispatcher's aliases. */
export const taskCommands: Command[] = [servicePs, nodePs, containerList(['ps'])];
