/**
 * `docker service inspect` output: the Engine API Service object as JSON
 * (moby api/types/swarm, defaults inserted) and the `--pretty` text
 * (cli/command/service/formatter.go).
 */
import { goStruct } from '../../format/template.js';
import { bytesSize, humanDuration } from '../../format/text.js';
import type { Mount, PortConfig, Service, ServiceMode, ServiceSpec, UpdateConfig } from '../../../model/types.js';
import type { Simulation } from '../../../simulation.js';
import { GoTime } from '../../format/goTime.js';
import { isJob } from './spec.js';
import { prettyRefs } from './refs.js';
import { genericJSON } from './genericResources.js';

// ===========================================================================
// service inspect (the Engine API Service object, with defaults inserted)
// ===========================================================================

const NS = 1e6; // ms -> ns

/** Only the non-zero entries, as `omitempty` drops the rest. */
function nonZero(o: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== 0));
}

function updateConfigJSON(c: UpdateConfig): Record<string, unknown> {
  return {
    Parallelism: c.parallelism,
    ...(c.delay ? { Delay: c.delay * NS } : {}),
    FailureAction: c.failureAction,
    ...(c.monitor ? { Monitor: c.monitor * NS } : {}),
    MaxFailureRatio: c.maxFailureRatio,
    Order: c.order,
  };
}

function modeJSON(m: ServiceMode): Record<string, unknown> {
  switch (m.kind) {
    case 'replicated':
      return { Replicated: { Replicas: m.replicas } };
    case 'global':
      return { Global: {} };
    case 'replicated-job':
      return { ReplicatedJob: { MaxConcurrent: m.maxConcurrent, TotalCompletions: m.totalCompletions } };
    case 'global-job':
      return { GlobalJob: {} };
  }
}

function portJSON(p: PortConfig): Record<string, unknown> {
  return { Protocol: p.protocol, TargetPort: p.targetPort, PublishedPort: p.publishedPort, PublishMode: p.publishMode };
}

/** A mount's VolumeOptions as the API writes it (api/types/mount: Labels, then DriverConfig, each omitted when empty). */
function volumeOptionsJson(m: Mount): { VolumeOptions?: Record<string, unknown> } {
  const labels = Object.keys(m.volumeLabels).length > 0;
  const driver = m.volumeDriver !== '' || Object.keys(m.volumeOptions).length > 0;
  if (!labels && !driver) return {};
  return {
    VolumeOptions: {
      ...(labels ? { Labels: { ...m.volumeLabels } } : {}),
      ...(driver
        ? { DriverConfig: { ...(m.volumeDriver ? { Name: m.volumeDriver } : {}), ...(Object.keys(m.volumeOptions).length ? { Options: { ...m.volumeOptions } } : {}) } }
        : {}),
    },
  };
}

/** moby v28.2.2 api/types/swarm/container.go ContainerSpec: the JSON's field order. */
const CONTAINER_SPEC_ORDER = [
  'Image', 'Labels', 'Command', 'Args', 'Hostname', 'Env', 'Dir', 'User', 'Groups', 'Privileges', 'Init', 'StopSignal', 'TTY',
  'OpenStdin', 'ReadOnly', 'Mounts', 'StopGracePeriod', 'Healthcheck', 'Hosts', 'DNSConfig', 'Secrets', 'Configs', 'Isolation',
  'Sysctls', 'CapabilityAdd', 'CapabilityDrop', 'Ulimits', 'OomScoreAdj',
];

/** A ServiceSpec in the field order and `omitempty` rules of moby api/types/swarm. */
function specJSON(spec: ServiceSpec, stack: string | null): Record<string, unknown> {
  const t = spec.task;
  const alias = stack && spec.name.startsWith(`${stack}_`) ? spec.name.slice(stack.length + 1) : null;
  const container: Record<string, unknown> = { Image: t.image };
  if (stack) container.Labels = { 'com.docker.stack.namespace': stack };
  if (t.command.length) container.Command = [...t.command];
  if (t.args.length) container.Args = [...t.args];
  if (t.env.length) container.Env = [...t.env];
  container.Init = false;
  if (t.mounts.length)
    container.Mounts = t.mounts.map((m) => ({
      Type: m.type,
      ...(m.source ? { Source: m.source } : {}),
      Target: m.target,
      ...(m.readonly ? { ReadOnly: true } : {}),
      ...volumeOptionsJson(m),
    }));
  container.StopGracePeriod = 10_000_000_000;
  container.DNSConfig = {};
  container.Isolation = 'default';
  Object.assign(container, t.container ?? {});
  // The stack's namespace label is the CLI's, added to the container labels given (stack/convert).
  if (stack) container.Labels = { ...((t.container?.Labels as Record<string, string> | undefined) ?? {}), 'com.docker.stack.namespace': stack };
  const ordered = Object.fromEntries(
    CONTAINER_SPEC_ORDER.filter((k) => k in container).map((k) => [k, container[k]]),
  );
  const placement: Record<string, unknown> = {};
  if (t.placement.constraints.length) placement.Constraints = [...t.placement.constraints];
  if (t.placement.preferences.length) placement.Preferences = t.placement.preferences.map((p) => ({ Spread: { SpreadDescriptor: p.spread } }));
  if (t.placement.maxReplicas) placement.MaxReplicas = t.placement.maxReplicas;
  const task: Record<string, unknown> = {
    ContainerSpec: ordered,
    Resources: {
      Limits: nonZero({ NanoCPUs: t.limits.nanoCPUs, MemoryBytes: t.limits.memoryBytes, Pids: t.limitPids ?? 0 }),
      Reservations: {
        ...nonZero({ NanoCPUs: t.reservations.nanoCPUs, MemoryBytes: t.reservations.memoryBytes }),
        ...(t.genericResources?.length ? { GenericResources: genericJSON(t.genericResources) } : {}),
      },
    },
    RestartPolicy: {
      Condition: t.restart.condition,
      Delay: t.restart.delay * NS,
      MaxAttempts: t.restart.maxAttempts,
      ...(t.restart.window ? { Window: t.restart.window * NS } : {}),
    },
    Placement: placement,
  };
  if (t.networks.length) task.Networks = t.networks.map((id) => ({ Target: id, ...(alias ? { Aliases: [alias] } : {}) }));
  if (t.logDriver) task.LogDriver = { Name: t.logDriver.name, ...(Object.keys(t.logDriver.options).length ? { Options: { ...t.logDriver.options } } : {}) };
  task.ForceUpdate = t.forceUpdate;
  task.Runtime = 'container';
  const out: Record<string, unknown> = { Name: spec.name, Labels: { ...spec.labels }, TaskTemplate: task, Mode: modeJSON(spec.mode) };
  if (!isJob(spec.mode)) {
    out.UpdateConfig = updateConfigJSON(spec.update);
    out.RollbackConfig = updateConfigJSON(spec.rollback);
  }
  out.EndpointSpec = { Mode: spec.endpointMode ?? 'vip', ...(spec.ports.length ? { Ports: spec.ports.map(portJSON) } : {}) };
  return goStruct(out, 'swarm.ServiceSpec');
}

/**
 * `docker service inspect`: the service as the Engine API returns it with
 * InsertDefaults. Not modelled: the image digest, VirtualIPs, Platforms;
 * Version.Index is derived from the spec version, not a raft index.
 */
export function serviceJSON(svc: Service): Record<string, unknown> {
  const spec = svc.spec;
  const endpoint: Record<string, unknown> = {
    Spec: spec.ports.length || spec.task.networks.length || spec.endpointMode ? { Mode: spec.endpointMode ?? 'vip', ...(spec.ports.length ? { Ports: spec.ports.map(portJSON) } : {}) } : {},
  };
  if (svc.endpointPorts.length) endpoint.Ports = svc.endpointPorts.map(portJSON);
  const out: Record<string, unknown> = {
    ID: svc.id,
    Version: { Index: 10 + svc.specVersion },
    CreatedAt: new GoTime(svc.createdAt),
    UpdatedAt: new GoTime(svc.updatedAt),
    Spec: specJSON(spec, svc.stack),
  };
  if (svc.previousSpec) out.PreviousSpec = specJSON(svc.previousSpec, svc.stack);
  out.Endpoint = endpoint;
  const st = svc.updateStatus;
  if (st)
    out.UpdateStatus = {
      State: st.state,
      StartedAt: new GoTime(st.startedAt),
      ...(st.completedAt !== null ? { CompletedAt: new GoTime(st.completedAt) } : {}),
      Message: st.message,
    };
  if (isJob(spec.mode)) out.JobStatus = { JobIteration: { Index: svc.jobIteration }, LastExecution: new GoTime(svc.updatedAt) };
  return goStruct(out, 'swarm.Service');
}

/** Go's time.Duration.String(): `5s`, `1m30s`, `1h0m0s`, `1.5ms`, `0s`. */
export function goDuration(ms: number): string {
  let ns = BigInt(Math.round(ms * NS));
  if (ns === 0n) return '0s';
  const neg = ns < 0n;
  if (neg) ns = -ns;
  const frac = (v: bigint, digits: number): string => {
    const unit = 10n ** BigInt(digits);
    const f = (v % unit).toString().padStart(digits, '0').replace(/0+$/, '');
    return `${v / unit}${f ? '.' + f : ''}`;
  };
  let s: string;
  if (ns < 1000n) s = `${ns}ns`;
  else if (ns < 1_000_000n) s = `${frac(ns, 3)}µs`;
  else if (ns < 1_000_000_000n) s = `${frac(ns, 6)}ms`;
  else {
    const totalSec = ns / 1_000_000_000n;
    const secPart = frac(ns % 60_000_000_000n, 9);
    const min = totalSec / 60n;
    if (min === 0n) s = `${secPart}s`;
    else if (min < 60n) s = `${min}m${secPart}s`;
    else s = `${min / 60n}h${min % 60n}m${secPart}s`;
  }
  return neg ? '-' + s : s;
}

/** `docker service inspect --pretty` (formatter.go serviceInspectPrettyTemplate), written out directly. */
export function prettyService(sim: Simulation, svc: Service): string {
  const spec = svc.spec;
  const t = spec.task;
  let s = `\nID:\t\t${svc.id}\nName:\t\t${spec.name}`;
  const labelKeys = Object.keys(spec.labels).sort();
  if (labelKeys.length) s += '\nLabels:' + labelKeys.map((k) => `\n ${k}${spec.labels[k] ? `=${spec.labels[k]}` : ''}`).join('');
  s += '\nService Mode:';
  if (spec.mode.kind === 'global') s += '\tGlobal';
  else if (spec.mode.kind === 'replicated') s += `\tReplicated\n Replicas:\t${spec.mode.replicas}`;
  const st = svc.updateStatus;
  if (st) {
    s += `\nUpdateStatus:\n State:\t\t${st.state}\n Started:\t${humanDuration(sim.now - st.startedAt)} ago`;
    if (st.state === 'completed' && st.completedAt !== null) s += `\n Completed:\t${humanDuration(sim.now - st.completedAt)} ago`;
    s += `\n Message:\t${st.message}`;
  }
  s += '\nPlacement:';
  if (t.placement.constraints.length) s += `\n Constraints:\t[${t.placement.constraints.join(' ')}]`;
  if (t.placement.preferences.length) s += `\n Preferences:   [${t.placement.preferences.map((p) => `spread=${p.spread}`).join(' ')}]`;
  if (t.placement.maxReplicas) s += `\n Max Replicas Per Node:   ${t.placement.maxReplicas}`;
  const cfg = (title: string, c: UpdateConfig, orderLabel: string): string =>
    `\n${title}:\n Parallelism:\t${c.parallelism}` +
    (c.delay > 0 ? `\n Delay:\t\t${goDuration(c.delay)}` : '') +
    `\n On failure:\t${c.failureAction}` +
    (c.monitor > 0 ? `\n Monitoring Period: ${goDuration(c.monitor)}` : '') +
    `\n Max failure ratio: ${c.maxFailureRatio}\n ${orderLabel}${c.order}`;
  if (!isJob(spec.mode)) {
    s += cfg('UpdateConfig', spec.update, 'Update order:      ');
    s += cfg('RollbackConfig', spec.rollback, 'Rollback order:    ');
  }
  s += `\nContainerSpec:\n Image:\t\t${t.image}`;
  if (t.args.length) s += `\n Args:\t\t${t.args.map((x) => x + ' ').join('')}`;
  if (t.env.length) s += `\n Env:\t\t${t.env.map((x) => x + ' ').join('')}`;
  s += '\n Init:\t\tfalse';
  if (t.mounts.length) s += '\nMounts:';
  for (const m of t.mounts) s += `\n Target:\t${m.target}\n  Source:\t${m.source}\n  ReadOnly:\t${m.readonly}\n  Type:\t\t${m.type}`;
  s += prettyRefs(t.container);
  if (t.logDriver) {
    s += '\nLog Driver:';
    if (t.logDriver.name) s += `\n Name:\t\t${t.logDriver.name}`;
    const opts = Object.keys(t.logDriver.options).sort();
    if (opts.length) s += '\n LogOpts:' + opts.map((k) => `\n  ${k}${t.logDriver!.options[k] ? `:       ${t.logDriver!.options[k]}` : ''}`).join('');
    s += '\n';
  }
  s += '\nResources:';
  if (t.reservations.nanoCPUs > 0 || t.reservations.memoryBytes > 0) {
    s += '\n Reservations:';
    if (t.reservations.nanoCPUs > 0) s += `\n  CPU:\t\t${t.reservations.nanoCPUs / 1e9}`;
    if (t.reservations.memoryBytes > 0) s += `\n  Memory:\t${bytesSize(t.reservations.memoryBytes)}`;
  }
  if (t.limits.nanoCPUs > 0 || t.limits.memoryBytes > 0 || (t.limitPids ?? 0) > 0) {
    s += '\n Limits:';
    if (t.limits.nanoCPUs > 0) s += `\n  CPU:\t\t${t.limits.nanoCPUs / 1e9}`;
    if (t.limits.memoryBytes > 0) s += `\n  Memory:\t${bytesSize(t.limits.memoryBytes)}`;
    if ((t.limitPids ?? 0) > 0) s += `\n  PIDs:\t\t${t.limitPids}`;
  }
  if (t.networks.length) s += '\nNetworks:' + t.networks.map((id) => ' ' + (sim.world.networks.get(id)?.name ?? id)).join('') + ' ';
  s += `\nEndpoint Mode:\t${svc.spec.endpointMode ?? 'vip'}`;
  // --pretty lists the endpoint's ports, as allocated.
  if (svc.endpointPorts.length) {
    s += '\nPorts:';
    for (const p of svc.endpointPorts) s += `\n PublishedPort = ${p.publishedPort}\n  Protocol = ${p.protocol}\n  TargetPort = ${p.targetPort}\n  PublishMode = ${p.publishMode}`;
    s += ' ';
  }
  return s + '\n';
}
