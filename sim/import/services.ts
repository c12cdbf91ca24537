/**
 * A service's Spec (as `docker service inspect` prints it) back to the
 * `docker service create` flags that make it, as far as swarmsim models
 * them. What cannot be carried, or must not be (environment values, secrets,
 * configs, log and volume driver options, which hold passwords and tokens),
 * is named in `dropped` so that the scenario says so.
 *
 * The flags are docker/cli v28.2.2's (cli/command/service/opts.go); the
 * defaults left out are its defaults (opts.go defaultRestartDelay etc.).
 */
import type { ImportedService } from './bundle.js';

export interface ServiceCommand {
  /** The words after `docker`: `service create --quiet --name web ... IMAGE ARGS`. */
  argv: string[];
  /** What of the spec is not in argv, one short phrase each. */
  dropped: string[];
  /** Plugin names the spec needs on a node: network drivers resolved later, volume and log drivers here. */
  volumeDrivers: string[];
  logDriver: string | null;
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const obj = (v: unknown): Obj => (isObj(v) ? v : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const int = (v: unknown): number | null => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : null);

/** Nano-units as an exact decimal (500000000 -> "0.5"): no float rounding in `--reserve-cpu`. */
export function nanoDecimal(n: number): string {
  const whole = Math.floor(n / 1e9);
  const frac = String(n % 1e9).padStart(9, '0').replace(/0+$/, '');
  return frac === '' ? String(whole) : `${whole}.${frac}`;
}

/** Nanoseconds as a Go duration that parses back to the same value. */
export function goDuration(ns: number): string {
  if (ns === 0) return '0s';
  if (ns % 1e9 === 0) return `${ns / 1e9}s`;
  if (ns % 1e6 === 0) return `${ns / 1e6}ms`;
  if (ns % 1e3 === 0) return `${ns / 1e3}us`;
  return `${ns}ns`;
}

/** The fields of ContainerSpec this importer carries, or knows to leave at their defaults. */
const CONTAINER_HANDLED = new Set(['Image', 'Args', 'Env', 'Mounts', 'Secrets', 'Configs', 'Command', 'Init', 'StopGracePeriod', 'DNSConfig', 'Isolation', 'Labels']);

/** `docker service create` words for the service, networks named through `networkName`. */
export function serviceCommand(svc: ImportedService, networkName: (id: string) => string | null): ServiceCommand {
  const spec = svc.spec;
  const tt = obj(spec.TaskTemplate);
  const cs = obj(tt.ContainerSpec);
  const argv = ['service', 'create', '--quiet', '--name', svc.name];
  const dropped: string[] = [];
  const volumeDrivers: string[] = [];

  mode(spec, argv);
  for (const [k, v] of Object.entries(obj(spec.Labels))) argv.push('--label', `${k}=${str(v)}`);

  const env = arr(cs.Env).map(str).filter((e) => e !== '');
  if (env.length > 0) dropped.push(`environment (${env.map((e) => e.split('=')[0]).join(', ')}: values not copied)`);
  const secrets = arr(cs.Secrets).length;
  const configs = arr(cs.Configs).length;
  if (secrets > 0) dropped.push(`${secrets} secret${secrets === 1 ? '' : 's'}`);
  if (configs > 0) dropped.push(`${configs} config${configs === 1 ? '' : 's'}`);
  if (arr(cs.Command).length > 0) dropped.push('the entrypoint override (--entrypoint)');
  if (Object.keys(obj(cs.Labels)).length > 0) dropped.push('container labels');
  const others = Object.keys(cs).filter((k) => !CONTAINER_HANDLED.has(k) && !isEmpty(cs[k]));
  if (others.length > 0) dropped.push(`ContainerSpec ${others.join(', ')}`);

  for (const m of arr(cs.Mounts)) {
    const mo = obj(m);
    const type = str(mo.Type) || 'volume';
    const parts = [`type=${type}`];
    if (str(mo.Source)) parts.push(csvField(`source=${str(mo.Source)}`));
    parts.push(csvField(`target=${str(mo.Target)}`));
    if (mo.ReadOnly === true) parts.push('readonly');
    const driver = obj(obj(mo.VolumeOptions).DriverConfig);
    const driverName = str(driver.Name);
    if (type === 'volume' && driverName !== '' && driverName !== 'local') {
      parts.push(csvField(`volume-driver=${driverName}`));
      volumeDrivers.push(driverName);
    }
    if (Object.keys(obj(driver.Options)).length > 0) dropped.push(`volume driver options of ${str(mo.Target)} (may hold credentials)`);
    argv.push('--mount', parts.join(','));
  }

  const placement = obj(tt.Placement);
  for (const c of arr(placement.Constraints)) if (str(c)) argv.push('--constraint', str(c));
  for (const p of arr(placement.Preferences)) {
    const spread = str(obj(obj(p).Spread).SpreadDescriptor);
    if (spread) argv.push('--placement-pref', `spread=${spread}`);
  }
  const maxReplicas = int(placement.MaxReplicas);
  if (maxReplicas) argv.push('--replicas-max-per-node', String(maxReplicas));
  if (arr(placement.Platforms).length > 0) dropped.push("the image's platforms (swarmsim knows the platforms of its own images only)");

  const res = obj(tt.Resources);
  resources(obj(res.Reservations), 'reserve', argv, dropped);
  resources(obj(res.Limits), 'limit', argv, dropped);

  restart(obj(tt.RestartPolicy), argv);
  updateConfig(obj(spec.UpdateConfig), 'update', argv);
  updateConfig(obj(spec.RollbackConfig), 'rollback', argv);

  const log = obj(tt.LogDriver);
  const logDriver = str(log.Name) || null;
  if (logDriver) argv.push('--log-driver', logDriver);
  if (Object.keys(obj(log.Options)).length > 0) dropped.push('log driver options (may hold tokens)');

  const networks = arr(tt.Networks).length > 0 ? arr(tt.Networks) : arr(spec.Networks);
  for (const n of networks) {
    const target = str(obj(n).Target);
    const name = networkName(target);
    if (name === null) dropped.push(`network ${target} (not in the bundle's networks)`);
    else argv.push('--network', name);
  }

  const endpoint = obj(spec.EndpointSpec);
  if (str(endpoint.Mode) === 'dnsrr') dropped.push('--endpoint-mode dnsrr');
  for (const p of arr(endpoint.Ports)) {
    const po = obj(p);
    const parts = [`mode=${str(po.PublishMode) || 'ingress'}`, `target=${int(po.TargetPort) ?? 0}`];
    const published = int(po.PublishedPort);
    if (published) parts.push(`published=${published}`);
    parts.push(`protocol=${str(po.Protocol) || 'tcp'}`);
    argv.push('--publish', parts.join(','));
  }

  // The pinned image as the swarm runs it; resolving again would ask swarmsim's registry, not theirs.
  argv.push('--no-resolve-image', str(cs.Image));
  for (const a of arr(cs.Args)) argv.push(str(a));
  return { argv, dropped, volumeDrivers, logDriver };
}

/** A field of `--mount`'s CSV (docker/cli opts/mount.go reads it with encoding/csv): quoted when it holds a comma or a quote. */
function csvField(f: string): string {
  return /[",\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f;
}

function isEmpty(v: unknown): boolean {
  if (v === undefined || v === null || v === false || v === '' || v === 0) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (isObj(v)) return Object.keys(v).length === 0;
  return false;
}

function mode(spec: Obj, argv: string[]): void {
  const m = obj(spec.Mode);
  if ('Global' in m) argv.push('--mode', 'global');
  else if ('GlobalJob' in m) argv.push('--mode', 'global-job');
  else if ('ReplicatedJob' in m) {
    const job = obj(m.ReplicatedJob);
    argv.push('--mode', 'replicated-job', '--replicas', String(int(job.TotalCompletions) ?? 1));
    const mc = int(job.MaxConcurrent);
    if (mc !== null) argv.push('--max-concurrent', String(mc));
  } else argv.push('--replicas', String(int(obj(m.Replicated).Replicas) ?? 1));
}

function resources(r: Obj, prefix: 'reserve' | 'limit', argv: string[], dropped: string[]): void {
  const cpus = int(r.NanoCPUs);
  const mem = int(r.MemoryBytes);
  if (cpus) argv.push(`--${prefix}-cpu`, nanoDecimal(cpus));
  if (mem) argv.push(`--${prefix}-memory`, String(mem));
  if (arr(r.GenericResources).length > 0) dropped.push('generic resources');
  if (int(r.Pids)) dropped.push(`--${prefix === 'limit' ? 'limit-pids' : 'reserve-pids'}`);
}

function restart(p: Obj, argv: string[]): void {
  const condition = str(p.Condition);
  if (condition && condition !== 'any') argv.push('--restart-condition', condition);
  const delay = int(p.Delay);
  if (delay !== null && delay !== 5e9) argv.push('--restart-delay', goDuration(delay));
  const attempts = int(p.MaxAttempts);
  if (attempts) argv.push('--restart-max-attempts', String(attempts));
  const window = int(p.Window);
  if (window) argv.push('--restart-window', goDuration(window));
}

function updateConfig(u: Obj, prefix: 'update' | 'rollback', argv: string[]): void {
  if (Object.keys(u).length === 0) return;
  const parallelism = int(u.Parallelism);
  if (parallelism !== null && parallelism !== 1) argv.push(`--${prefix}-parallelism`, String(parallelism));
  const delay = int(u.Delay);
  if (delay) argv.push(`--${prefix}-delay`, goDuration(delay));
  const action = str(u.FailureAction);
  if (action && action !== 'pause') argv.push(`--${prefix}-failure-action`, action);
  const monitor = int(u.Monitor);
  if (monitor !== null && monitor !== 5e9) argv.push(`--${prefix}-monitor`, goDuration(monitor));
  const ratio = u.MaxFailureRatio;
  if (typeof ratio === 'number' && Number.isFinite(ratio) && ratio > 0) argv.push(`--${prefix}-max-failure-ratio`, String(ratio));
  const order = str(u.Order);
  if (order && order !== 'stop-first') argv.push(`--${prefix}-order`, order);
}
