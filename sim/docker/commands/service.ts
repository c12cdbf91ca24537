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
 */
import type { Command, CommandContext } from '../command.js';
import type { FlagSpec, ParsedArgs } from '../flags.js';
import { bytesSize, GoParseError, humanDuration, parseBytes, parseDuration, truncateID } from '../format/text.js';
import { cliError, daemonError, DockerError } from '../../errors.js';
import { DEFAULT_RESTART, DEFAULT_UPDATE } from '../../model/defaults.js';
import type {
  Mount,
  MountType,
  PortConfig,
  RestartCondition,
  Service,
  ServiceMode,
  ServiceSpec,
  SpreadPreference,
  Task,
  UpdateConfig,
} from '../../model/types.js';
import type { TaskState } from '../../model/taskState.js';
import { isTaskDirty } from '../../orchestrator/taskFactory.js';
import { TIMINGS, type Simulation } from '../../simulation.js';
import {
  familiarImage,
  filtersOf,
  flagValueError,
  joinErrors,
  matchLabels,
  naturalCompare,
  render,
} from './task.js';
import { GoTime, writeInspect } from '../run.js';

// ===========================================================================
// Flag value parsers (each mirrors one pflag Value's Set)
// ===========================================================================

type FlagRef = { name: string; short?: string };

/** Runs a value parser, turning its error text into pflag's `invalid argument` error. */
function parseFlagValue<T>(flag: FlagRef, raw: string, parse: (v: string) => T): T {
  try {
    return parse(raw);
  } catch (e) {
    if (e instanceof GoParseError || e instanceof ValueError) throw flagValueError(flag, raw, e.message);
    throw e;
  }
}

/** An option parser's refusal (the error a flag Value's Set returns). */
class ValueError extends Error {}
const bad = (msg: string): ValueError => new ValueError(msg);

/**
 * opts.ParseCPUs: a big.Rat (decimal, exponent or fraction) times 1e9 must
 * be an integer number of nano-CPUs.
 */
export function parseCpus(value: string): number {
  const dec = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(value);
  const frac = /^([+-]?\d+)\/(\d+)$/.exec(value);
  if (frac) {
    const num = BigInt(frac[1]) * 1_000_000_000n;
    const den = BigInt(frac[2]);
    if (den === 0n) throw bad(`failed to parse ${value} as a rational number`);
    if (num % den !== 0n) throw bad('value is too precise');
    return Number(num / den);
  }
  if (!dec || (dec[2] === '' && (dec[3] ?? '') === '')) throw bad(`failed to parse ${value} as a rational number`);
  const digits = (dec[2] + (dec[3] ?? '')).replace(/^0+(?=\d)/, '') || '0';
  const exp = Number(dec[4] ?? 0) - (dec[3] ?? '').length + 9;
  let n: bigint;
  if (exp >= 0) n = BigInt(digits) * 10n ** BigInt(exp);
  else {
    const div = 10n ** BigInt(-exp);
    if (BigInt(digits) % div !== 0n) throw bad('value is too precise');
    n = BigInt(digits) / div;
  }
  return Number(dec[1] === '-' ? -n : n);
}

/** Go time.ParseDuration in ms; opts.DurationOpt also refuses negative values. */
function durationMs(v: string, nonNegative: boolean): number {
  const ms = parseDuration(v);
  if (nonNegative && ms < 0) throw bad('duration cannot be negative');
  return ms;
}

/** encoding/csv for one record: commas separate, double quotes protect, "" is a quote. */
function csvFields(value: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  let i = 0;
  let fieldStart = true;
  while (i < value.length) {
    const c = value[i];
    if (quoted) {
      if (c === '"' && value[i + 1] === '"') {
        cur += '"';
        i += 2;
        continue;
      }
      if (c === '"') {
        quoted = false;
        i++;
        continue;
      }
      cur += c;
      i++;
      continue;
    }
    if (c === '"' && fieldStart) {
      quoted = true;
      fieldStart = false;
      i++;
      continue;
    }
    if (c === ',') {
      out.push(cur);
      cur = '';
      fieldStart = true;
      i++;
      continue;
    }
    if (c === '"') throw bad(`parse error on line 1, column ${i + 1}: bare " in non-quoted-field`);
    cur += c;
    fieldStart = false;
    i++;
  }
  if (quoted) throw bad(`parse error on line 1, column ${value.length + 1}: extraneous or missing " in quoted-field`);
  out.push(cur);
  return out;
}

/** opts.MountOpt.Set: CSV `key=value` fields; volume mounts by default. */
export function parseMount(raw: string): Mount {
  const value = raw.trim();
  if (value === '') throw bad('value is empty');
  let type: string = 'volume';
  let source = '';
  let target = '';
  let readonly = false;
  let volumeDriver = '';
  const volumeOptions: Record<string, string> = {};
  const volumeLabels: Record<string, string> = {};
  const families = new Set<string>();
  for (const field of csvFields(value)) {
    const eq = field.indexOf('=');
    const hasValue = eq >= 0;
    const key0 = hasValue ? field.slice(0, eq) : field;
    const val = hasValue ? field.slice(eq + 1) : '';
    if (key0.trim() !== key0) throw bad(`invalid option '${key0.trim()}' in '${field}': option should not have whitespace`);
    if (hasValue) {
      if (val.trim() === '') throw bad(`invalid value for '${key0}': value is empty`);
      if (val.trim() !== val) throw bad(`invalid value for '${key0}' in '${field}': value should not have whitespace`);
    }
    const key = key0.toLowerCase();
    if (!hasValue && !['readonly', 'ro', 'volume-nocopy', 'bind-nonrecursive', 'bind-create-src'].includes(key))
      throw bad(`invalid field '${field}' must be a key=value pair`);
    const bool = (): boolean => {
      if (!hasValue || val === '1' || val === 'true') return true;
      if (val === '0' || val === 'false') return false;
      throw bad(`invalid value for '${key}': invalid boolean value (${JSON.stringify(val)}): must be one of "true", "1", "false", or "0" (default "true")`);
    };
    switch (key) {
      case 'type':
        type = val.toLowerCase();
        break;
      case 'source':
      case 'src':
        source = val;
        break;
      case 'target':
      case 'dst':
      case 'destination':
        target = val;
        break;
      case 'readonly':
      case 'ro':
        readonly = bool();
        break;
      case 'volume-driver':
        volumeDriver = val;
        families.add('volume');
        break;
      case 'volume-opt':
      case 'volume-label': {
        // opts/mount.go setValueOnMap: `k=v`, or `k` for an empty value.
        const e = val.indexOf('=');
        const k = e >= 0 ? val.slice(0, e) : val;
        if (k !== '') (key === 'volume-opt' ? volumeOptions : volumeLabels)[k] = e >= 0 ? val.slice(e + 1) : '';
        families.add('volume');
        break;
      }
      case 'volume-nocopy':
      case 'volume-subpath':
        if (key === 'volume-nocopy') bool();
        families.add('volume');
        break;
      case 'bind-propagation':
      case 'bind-recursive':
      case 'bind-create-src':
        families.add('bind');
        break;
      case 'bind-nonrecursive':
        throw bad('bind-nonrecursive is deprecated, use bind-recursive=disabled instead');
      case 'tmpfs-size':
        try {
          parseBytes(val);
        } catch {
          throw bad(`invalid value for ${key}: ${val}`);
        }
        families.add('tmpfs');
        break;
      case 'tmpfs-mode':
        if (!/^[0-7]+$/.test(val)) throw bad(`invalid value for ${key}: ${val}`);
        families.add('tmpfs');
        break;
      case 'consistency':
        break;
      default:
        throw bad(`unknown option '${key}' in '${field}'`);
    }
  }
  if (type === '') throw bad('type is required');
  for (const fam of families) if (fam !== type) throw bad(`cannot mix '${fam}-*' options with mount type '${type}'`);
  return { type: type as MountType, source, target, readonly, volumeDriver, volumeOptions, volumeLabels };
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

const PROTOCOLS = ['tcp', 'udp', 'sctp'] as const;

/**
 * swarmopts.PortOpt.Set: the long CSV syntax when the value looks like
 * `key=value`, else nat's `[published:]target[/proto]` (ranges allowed, no
 * host IP). Published ports are ingress-mode.
 */
export function parsePort(value: string): PortConfig[] {
  if (/\w+=\w+(,\w+=\w+)*/.test(value)) {
    let protocol: PortConfig['protocol'] = 'tcp';
    let publishMode: PortConfig['publishMode'] = 'ingress';
    let targetPort = 0;
    let publishedPort = 0;
    for (const field of csvFields(value)) {
      const lower = field.toLowerCase();
      const eq = lower.indexOf('=');
      if (eq <= 0) throw bad(`invalid field: ${field}`);
      const key = lower.slice(0, eq);
      const val = lower.slice(eq + 1);
      const port = (what: string): number => {
        if (!/^\d+$/.test(val)) throw bad(`invalid ${what} port (${val}): value must be an integer: invalid syntax`);
        if (Number(val) > 65535) throw bad(`invalid ${what} port (${val}): value must be an integer: value out of range`);
        return Number(val);
      };
      if (key === 'protocol') {
        if (!(PROTOCOLS as readonly string[]).includes(val)) throw bad(`invalid protocol value '${val}'`);
        protocol = val as PortConfig['protocol'];
      } else if (key === 'mode') {
        if (val !== 'ingress' && val !== 'host') throw bad(`invalid publish mode value (${val}): must be either 'ingress' or 'host'`);
        publishMode = val;
      } else if (key === 'target') targetPort = port('target');
      else if (key === 'published') publishedPort = port('published');
      else throw bad(`invalid field key: ${key}`);
    }
    if (targetPort === 0) throw bad("missing mandatory field 'target'");
    return [{ protocol, targetPort, publishedPort, publishMode }];
  }
  // nat.ParsePortSpec: [ip:]hostPort:containerPort[/proto]
  let rest = value;
  let proto = 'tcp';
  const slash = rest.lastIndexOf('/');
  if (slash >= 0) {
    proto = rest.slice(slash + 1).toLowerCase();
    rest = rest.slice(0, slash);
    if (!(PROTOCOLS as readonly string[]).includes(proto)) throw bad(`invalid proto: ${proto}`);
  }
  const parts = rest.split(':');
  if (parts.length > 3) throw bad(`invalid port specification: "${value}"`);
  if (parts.length === 3 && parts[0] !== '') throw bad('hostip is not supported');
  const containerPart = parts[parts.length - 1];
  const hostPart = parts.length >= 2 ? parts[parts.length - 2] : '';
  const range = (s: string, what: string): [number, number] => {
    const m = /^(\d+)(?:-(\d+))?$/.exec(s);
    if (!m) throw bad(`invalid ${what}: ${s}`);
    const a = Number(m[1]);
    const b = m[2] !== undefined ? Number(m[2]) : a;
    if (a > 65535 || b > 65535 || b < a) throw bad(`invalid ${what}: ${s}`);
    return [a, b];
  };
  const [c0, c1] = range(containerPart, 'containerPort');
  const [h0, h1] = hostPart === '' ? [0, 0] : range(hostPart, 'hostPort');
  if (hostPart !== '' && h1 - h0 !== c1 - c0 && h0 !== h1)
    throw bad(`invalid ranges specified for container and host Ports: ${containerPart} and ${hostPart}`);
  const out: PortConfig[] = [];
  for (let i = 0; i <= c1 - c0; i++) {
    const published = hostPart === '' ? 0 : h0 === h1 ? h0 : h0 + i;
    out.push({ protocol: proto as PortConfig['protocol'], targetPort: c0 + i, publishedPort: published, publishMode: 'ingress' });
  }
  return out;
}

/** opts.NetworkOpt.Set: a name, or `name=...,alias=...` (only the target matters to the simulator). */
function parseNetworkTarget(value: string): string {
  if (!/\w+=\w+(,\w+=\w+)*/.test(value)) return value;
  let target = '';
  for (const field of csvFields(value)) {
    const lower = field.toLowerCase();
    const eq = lower.indexOf('=');
    if (eq <= 0) throw bad(`invalid field ${field}`);
    const key = lower.slice(0, eq).trim();
    const val = lower.slice(eq + 1).trim();
    if (key === 'name') target = val;
    else if (!['alias', 'ip', 'ip6', 'mac-address', 'link-local-ip', 'driver-opt', 'gw-priority'].includes(key)) throw bad(`invalid field key ${key}`);
  }
  if (target === '') throw bad('network name/id is not specified');
  return target;
}

/** placementPrefOpts.Set: only `spread=<descriptor>`. */
function parsePlacementPref(value: string): SpreadPreference {
  const eq = value.indexOf('=');
  if (eq <= 0) throw bad('placement preference must be of the format "<strategy>=<arg>"');
  const strategy = value.slice(0, eq);
  if (strategy !== 'spread') throw bad(`unsupported placement preference ${strategy} (only spread is supported)`);
  return { spread: value.slice(eq + 1) };
}

/** opts.ValidateEnv: a key is required; `KEY` alone takes the CLI's own environment, which is empty here. */
function validateEnv(v: string): string {
  const eq = v.indexOf('=');
  if ((eq >= 0 ? v.slice(0, eq) : v) === '') throw bad(`invalid environment variable: ${v}`);
  return v;
}

/** opts.ValidateLabel: a non-empty key without whitespace. */
function validateLabel(v: string): string {
  const eq = v.indexOf('=');
  const key = (eq >= 0 ? v.slice(0, eq) : v).replace(/^[ \t\n\r\f\v]+/, '');
  if (key === '') throw bad(`invalid label '${v}': empty name`);
  if (/[ \t\n\r\f\v]/.test(key)) throw bad(`label '${key}' contains whitespaces`);
  return v;
}

/** opts.ConvertKVStringsToMap: `k=v` -> k: v, `k` -> k: "". */
function kvMap(values: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    const eq = v.indexOf('=');
    if (eq < 0) out[v] = '';
    else out[v.slice(0, eq)] = v.slice(eq + 1);
  }
  return out;
}

/** google/shlex Split, as ShlexOpt and compose's string commands use it. */
export function shlexSplit(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inWord = false;
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === '\\') {
      if (i + 1 >= s.length) throw bad('EOF found after escape character');
      cur += s[i + 1];
      inWord = true;
      i += 2;
    } else if (c === "'") {
      const end = s.indexOf("'", i + 1);
      if (end < 0) throw bad('EOF found when expecting closing quote');
      cur += s.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      i++;
      let closed = false;
      while (i < s.length) {
        if (s[i] === '"') {
          closed = true;
          i++;
          break;
        }
        if (s[i] === '\\' && i + 1 < s.length && ['"', '\\', '$', '`', '\n'].includes(s[i + 1])) {
          cur += s[i + 1];
          i += 2;
          continue;
        }
        cur += s[i++];
      }
      if (!closed) throw bad('EOF found when expecting closing quote');
      inWord = true;
    } else if (c === '#' && !inWord) {
      break;
    } else if (/\s/.test(c)) {
      if (inWord) out.push(cur);
      cur = '';
      inWord = false;
      i++;
    } else {
      cur += c;
      inWord = true;
      i++;
    }
  }
  if (inWord) out.push(cur);
  return out;
}

/**
 * The image reference as the daemon stores it: a name without tag or digest
 * gets `:latest` (reference.TagNameOnly); swarmkit refuses what is not a
 * valid reference.
 */
export function normalizeImage(image: string): string {
  const at = image.indexOf('@');
  const named = at >= 0 ? image.slice(0, at) : image;
  const lastSlash = named.lastIndexOf('/');
  const colon = named.indexOf(':', lastSlash + 1);
  const repo = colon >= 0 ? named.slice(0, colon) : named;
  const path = repo.includes('/') && /[.:]|^localhost$/.test(repo.split('/')[0]) ? repo.slice(repo.indexOf('/') + 1) : repo;
  if (image === '' || !/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(path))
    throw daemonError(`rpc error: code = InvalidArgument desc = ContainerSpec: "${image}" is not a valid repository/tag`);
  if (at >= 0 || colon >= 0) return image;
  return `${image}:latest`;
}

// ===========================================================================
// Flags
// ===========================================================================

/** Flags shared by create and update (service/opts.go addServiceFlags, the part the simulator models). */
const COMMON_FLAGS: FlagSpec[] = [
  { name: 'detach', short: 'd', type: 'bool', help: 'Exit immediately instead of waiting for the service to converge' },
  { name: 'quiet', short: 'q', type: 'bool', help: 'Suppress progress output' },
  { name: 'limit-cpu', type: 'string', help: 'Limit CPUs' },
  { name: 'limit-memory', type: 'string', help: 'Limit Memory' },
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
];

const CREATE_FLAGS: FlagSpec[] = [
  { name: 'mode', type: 'string', default: 'replicated', help: 'Service mode ("replicated", "global", "replicated-job", "global-job")' },
  { name: 'name', type: 'string', help: 'Service name' },
  ...COMMON_FLAGS,
  { name: 'label', short: 'l', type: 'list', help: 'Service labels' },
  { name: 'env', short: 'e', type: 'list', help: 'Set environment variables' },
  { name: 'mount', type: 'list', help: 'Attach a filesystem mount to the service' },
  { name: 'constraint', type: 'list', help: 'Placement constraints' },
  { name: 'placement-pref', type: 'list', help: 'Add a placement preference' },
  { name: 'network', type: 'list', help: 'Network attachments' },
  { name: 'publish', short: 'p', type: 'list', help: 'Publish a port as a node port' },
];

const UPDATE_FLAGS: FlagSpec[] = [
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
];

/** Typed access to parsed flags, with pflag-style errors for values the generic parser keeps as text. */
class Opts {
  constructor(
    readonly a: ParsedArgs,
    private readonly specs: readonly FlagSpec[],
  ) {}

  changed(...names: string[]): boolean {
    return names.some((n) => this.a.changed.has(n));
  }
  str(n: string): string {
    return this.a.flags[n] as string;
  }
  num(n: string): number {
    return this.a.flags[n] as number;
  }
  bool(n: string): boolean {
    return this.a.flags[n] as boolean;
  }
  list(n: string): string[] {
    return (this.a.flags[n] as string[] | undefined) ?? [];
  }
  private ref(n: string): FlagRef {
    const s = this.specs.find((f) => f.name === n);
    return { name: n, short: s?.short };
  }
  /** Each value of a repeatable flag through its parser. */
  each<T>(n: string, parse: (v: string) => T): T[] {
    return this.list(n).map((v) => parseFlagValue(this.ref(n), v, parse));
  }
  one<T>(n: string, parse: (v: string) => T): T {
    return parseFlagValue(this.ref(n), this.str(n), parse);
  }
  /** pflag DurationVar (negative allowed) or opts.DurationOpt (not), in ms. */
  duration(n: string, nonNegative = false): number {
    return this.one(n, (v) => durationMs(v, nonNegative));
  }
}

/** Parses every value flag given, so that a bad value is reported before anything else happens. */
function checkValues(o: Opts): void {
  const durations: [string, boolean][] = [
    ['restart-delay', true],
    ['restart-window', true],
    ['update-delay', false],
    ['update-monitor', false],
    ['rollback-delay', false],
    ['rollback-monitor', false],
  ];
  for (const [n, nonNeg] of durations) if (o.changed(n)) o.duration(n, nonNeg);
  for (const n of ['limit-cpu', 'reserve-cpu']) if (o.changed(n)) o.one(n, parseCpus);
  for (const n of ['limit-memory', 'reserve-memory']) if (o.changed(n)) o.one(n, parseBytes);
  o.each('log-opt', validateEnv);
}

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
      throw cliError(`unknown mode: ${mode}, only replicated and global supported`);
  }
}

const isJob = (m: ServiceMode): boolean => m.kind === 'replicated-job' || m.kind === 'global-job';

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
function validateDaemonSide(spec: ServiceSpec): void {
  for (const m of spec.task.mounts) {
    if (m.target === '') throw daemonError(`invalid mount config for type "${m.type}": field Target must not be empty`);
    if (m.type === 'bind' && m.source === '') throw daemonError(`invalid mount config for type "bind": field Source must not be empty`);
    if (m.type === 'tmpfs' && m.source !== '') throw daemonError(`invalid mount config for type "tmpfs": field Source must not be specified`);
  }
  const cond = spec.task.restart.condition;
  if (!['none', 'on-failure', 'any'].includes(cond)) throw daemonError(`invalid RestartCondition: "${cond}"`);
  if (!isJob(spec.mode)) {
    validateUpdateConfig(spec.update, 'update');
    validateUpdateConfig(spec.rollback, 'rollback');
  }
}

function restartFrom(o: Opts, base: ServiceSpec['task']['restart']): ServiceSpec['task']['restart'] {
  const r = { ...base } as { -readonly [K in keyof typeof base]: (typeof base)[K] };
  if (o.changed('restart-condition')) r.condition = o.str('restart-condition') as RestartCondition;
  if (o.changed('restart-delay')) r.delay = o.duration('restart-delay', true);
  if (o.changed('restart-max-attempts')) r.maxAttempts = o.num('restart-max-attempts');
  if (o.changed('restart-window')) r.window = o.duration('restart-window', true);
  return r;
}

/** opts.go makeEnv: later values of a key replace earlier ones, which then move to the end. */
function makeEnv(values: readonly string[]): string[] {
  let env: string[] = [];
  for (const v of values) {
    if (env.includes(v)) continue;
    const k = v.split('=')[0];
    env = env.filter((e) => !e.startsWith(k + '='));
    env.push(v);
  }
  return env;
}

/** `docker service create` options to a spec (opts.go ToService). */
function createSpec(sim: Simulation, o: Opts, image: string, args: string[]): ServiceSpec {
  checkValues(o);
  const env = makeEnv(o.each('env', validateEnv));
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
      command: [],
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
    },
    update: updateConfigFrom(o, 'update', DEFAULT_UPDATE),
    rollback: updateConfigFrom(o, 'rollback', DEFAULT_UPDATE),
    ports,
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
function updateSpec(sim: Simulation, o: Opts, svc: Service): ServiceSpec {
  checkValues(o);
  const old = svc.spec;
  const labels: Record<string, string> = { ...old.labels };
  for (const k of o.list('label-rm')) delete labels[k];
  Object.assign(labels, kvMap(o.each('label-add', validateLabel)));
  const task = { ...old.task } as { -readonly [K in keyof ServiceSpec['task']]: ServiceSpec['task'][K] };
  if (o.changed('image')) task.image = normalizeImage(o.str('image'));
  if (o.changed('args')) task.args = o.one('args', shlexSplit);
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
  return {
    ...old,
    labels,
    mode,
    task,
    update: updateConfigFrom(o, 'update', old.update),
    rollback: updateConfigFrom(o, 'rollback', old.rollback),
    ports,
  };
}

// ===========================================================================
// Progress (cli/command/service/progress/progress.go)
// ===========================================================================

/** progress.go numberedStates; states missing from it (remove, orphaned) count as 0 and are skipped. */
const NUMBERED: Partial<Record<TaskState, number>> = {
  new: 1,
  pending: 3,
  assigned: 4,
  accepted: 5,
  preparing: 6,
  ready: 7,
  starting: 8,
  running: 9,
  complete: 10,
  shutdown: 11,
  failed: 12,
  rejected: 13,
};
const num = (s: TaskState): number => NUMBERED[s] ?? 0;
const terminal = (s: TaskState): boolean => num(s) > num('running');
/** The longest non-terminal state name, plus `complete` (`allocated`, `preparing`). */
const LONGEST_STATE = 9;
const MAX_PROGRESS = 9;
const MAX_JOB_PROGRESS = 10;
const MAX_PROGRESS_BARS = 20;

/** jsonmessage RenderTUIProgress on a terminal wider than 110 columns, counts hidden. */
function progressBar(current: number, total: number): string {
  if (current <= 0 && total <= 0) return '';
  const pct = Math.min(Math.trunc(Math.trunc((current / total) * 100) / 2), 50);
  return `[${'='.repeat(pct)}>${' '.repeat(Math.max(50 - pct, 0))}] `;
}

/** progress.go truncError: one line, at most 75 bytes (74 and an ellipsis). */
function truncError(err: string): string {
  const oneLine = err.replace(/\n/g, ' ');
  const bytes = new TextEncoder().encode(oneLine);
  if (bytes.length <= 75) return oneLine;
  return new TextDecoder().decode(bytes.slice(0, 74)).replace(/\uFFFD$/, '') + '…';
}

/**
 * The terminal as jsonmessage.DisplayJSONMessagesStream leaves it: each
 * progress ID owns a line that later writes redraw in place; a plain message
 * is printed below and starts a fresh set of lines.
 */
class TtyFrame {
  readonly lines: string[] = [];
  private ids = new Map<string, number>();

  progress(id: string, action: string, current = 0, total = 0): void {
    let at = this.ids.get(id);
    if (at === undefined) {
      at = this.lines.length;
      this.ids.set(id, at);
      this.lines.push('');
    }
    this.lines[at] = `${id}: ${action} ${progressBar(current, total)}`;
  }

  message(id: string, text: string): void {
    this.ids.clear();
    this.lines.push(id ? `${id}: ${text}` : text);
  }
}

const padState = (s: string): string => s.padEnd(LONGEST_STATE, ' ');

/** The lowest-desired (then lowest-observed) task per key, as tasksBySlot / tasksByNode pick them. */
function pickPerKey(tasks: readonly Task[], key: (t: Task) => string | number, active?: Set<string>): Map<string | number, Task> {
  const out = new Map<string | number, Task>();
  for (const t of tasks) {
    if (num(t.desiredState) === 0 || num(t.status.state) === 0) continue;
    const existing = out.get(key(t));
    if (existing) {
      if (num(existing.desiredState) < num(t.desiredState)) continue;
      if (num(existing.desiredState) === num(t.desiredState) && num(existing.status.state) <= num(t.status.state)) continue;
    }
    if (active && t.nodeId !== '' && !active.has(t.nodeId)) continue;
    out.set(key(t), t);
  }
  return out;
}

interface ProgressView {
  readonly sim: Simulation;
  readonly svc: Service;
  /** Up-to-date tasks (the `_up-to-date` filter), in the store's order. */
  readonly tasks: Task[];
  readonly active: Set<string>;
  readonly rollback: boolean;
  readonly frame: TtyFrame;
}

const overall = (v: ProgressView, n: number, d: number): void =>
  v.frame.progress('overall progress', v.rollback ? `rolling back update: ${n} out of ${d} tasks` : `${n} out of ${d} tasks`);

function taskLine(v: ProgressView, id: string, t: Task, total: number): void {
  if (t.status.err !== '') v.frame.progress(id, truncError(t.status.err));
  else if (!terminal(t.desiredState) && !terminal(t.status.state)) v.frame.progress(id, padState(t.status.state), num(t.status.state), total);
}

/** replicatedProgressUpdater: one line per slot, mapped to 1..N in slot order. */
function replicatedProgress(v: ProgressView, replicas: number): boolean {
  overall(v, 0, replicas);
  if (replicas <= MAX_PROGRESS_BARS) for (let i = 1; i <= replicas; i++) v.frame.progress(`${i}/${replicas}`, ' ');
  const bySlot = pickPerKey(v.tasks, (t) => t.slot, v.active);
  let running = 0;
  let mapped = 0;
  // Slots get their line numbers in Go map order, which is random: live slots first, then by number, is one such order.
  const live = (k: string | number): number => (terminal(bySlot.get(k)!.desiredState) ? 1 : 0);
  for (const slot of [...bySlot.keys()].sort((a, b) => live(a) - live(b) || (a as number) - (b as number))) {
    const t = bySlot.get(slot)!;
    mapped++;
    if (!terminal(t.desiredState) && t.status.state === 'running') running++;
    if (replicas <= MAX_PROGRESS_BARS && mapped <= replicas) taskLine(v, `${mapped}/${replicas}`, t, MAX_PROGRESS);
  }
  overall(v, running, replicas);
  return running === replicas;
}

/** globalProgressUpdater: one line per node (short node ID), counted over the nodes that have a task. */
function globalProgress(v: ProgressView): boolean {
  const byNode = pickPerKey(v.tasks, (t) => t.nodeId);
  const nodeCount = byNode.size;
  if (nodeCount === 0) {
    v.frame.progress('overall progress', 'waiting for new tasks');
    return false;
  }
  overall(v, 0, nodeCount);
  let running = 0;
  for (const t of byHostname(v.sim, [...byNode.values()])) {
    if (!v.active.has(t.nodeId)) continue;
    if (!terminal(t.desiredState) && t.status.state === 'running') running++;
    if (nodeCount <= MAX_PROGRESS_BARS) taskLine(v, truncateID(t.nodeId), t, MAX_PROGRESS);
  }
  overall(v, running, nodeCount);
  return running === nodeCount;
}

/** Tasks in the order of their nodes' hostnames (Go iterates a map here; any order is one real outcome). */
function byHostname(sim: Simulation, tasks: Task[]): Task[] {
  const host = (t: Task): string => sim.world.nodes.get(t.nodeId)?.machine ?? t.nodeId;
  return tasks.sort((a, b) => naturalCompare(host(a), host(b)));
}

/** replicatedJobProgressUpdater: completed of total, active of the allowed concurrency, one line per slot. */
function replicatedJobProgress(v: ProgressView, concurrent: number, total: number): boolean {
  const pDigits = String(total).length;
  const aDigits = String(concurrent).length;
  const write = (active: number, completed: number): void => {
    v.frame.progress('job progress', `${String(completed).padStart(pDigits)} out of ${total} complete`, completed, total);
    const desired = Math.min(total - completed, concurrent);
    v.frame.progress('active tasks', `${String(active).padStart(aDigits)} out of ${String(desired).padStart(aDigits)} tasks`);
  };
  write(0, 0);
  if (total <= MAX_PROGRESS_BARS) for (let i = 1; i <= total; i++) v.frame.progress(`${i}/${total}`, ' ');
  const bySlot = new Map<number, Task>();
  for (const t of v.tasks) {
    if (t.jobIteration !== v.svc.jobIteration || num(t.desiredState) === 0 || num(t.status.state) === 0) continue;
    const e = bySlot.get(t.slot);
    if (!e || num(e.status.state) > num(t.status.state)) bySlot.set(t.slot, t);
  }
  let active = 0;
  let complete = 0;
  for (const slot of [...bySlot.keys()].sort((a, b) => a - b)) {
    const t = bySlot.get(slot)!;
    if (total <= MAX_PROGRESS_BARS) {
      // The simulator numbers job slots from 1, upstream from 0 (and prints slot+1).
      const id = `${slot}/${total}`;
      if (t.status.err !== '') v.frame.progress(id, truncError(t.status.err));
      else v.frame.progress(id, padState(t.status.state), num(t.status.state), MAX_JOB_PROGRESS);
    }
    if (num(t.status.state) < num('complete')) active++;
    if (t.status.state === 'complete') complete++;
  }
  write(active, complete);
  return complete === total;
}

/** globalJobProgressUpdater: one line per node (full node ID), completed of the nodes first seen. */
function globalJobProgress(v: ProgressView): boolean {
  const current = v.tasks.filter((t) => t.jobIteration === v.svc.jobIteration);
  if (current.length === 0 && v.active.size !== 0) {
    v.frame.progress('job progress', 'waiting for tasks');
    return false;
  }
  const byNode = new Map<string, Task>();
  for (const t of current) {
    const e = byNode.get(t.nodeId);
    if (!e || num(e.status.state) > num(t.status.state)) byNode.set(t.nodeId, t);
  }
  const total = byNode.size;
  const digits = String(total).length;
  const write = (complete: number): void =>
    v.frame.progress('job progress', `${String(complete).padStart(digits)} out of ${total} complete`, complete, total);
  write(0);
  let complete = 0;
  for (const t of byHostname(v.sim, [...byNode.values()])) {
    if (total <= MAX_PROGRESS_BARS) {
      if (t.status.err !== '') v.frame.progress(t.nodeId, truncError(t.status.err));
      else v.frame.progress(t.nodeId, padState(t.status.state), num(t.status.state), MAX_JOB_PROGRESS);
    }
    if (t.status.state === 'complete') complete++;
  }
  write(complete);
  return complete === total;
}

/** Draws the progress of a service as it stands into `frame`; true when converged. */
function drawProgress(sim: Simulation, svc: Service, frame: TtyFrame, rollback: boolean): boolean {
  const active = new Set([...sim.world.nodes.values()].filter((n) => n.status !== 'down').map((n) => n.id));
  const tasks = sim.world
    .tasksOfService(svc.id)
    .filter((t) => !isTaskDirty(svc, t))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const v: ProgressView = { sim, svc, tasks, active, rollback, frame };
  const m = svc.spec.mode;
  switch (m.kind) {
    case 'replicated':
      return replicatedProgress(v, m.replicas);
    case 'global':
      return globalProgress(v);
    case 'replicated-job':
      return replicatedJobProgress(v, m.maxConcurrent, m.totalCompletions);
    case 'global-job':
      return globalJobProgress(v);
  }
}

/** Simulation.settle, but calling `observe` after every event, as the CLI's polling would see the states go by. */
function settleObserving(sim: Simulation, observe: () => void): void {
  const clock = sim.world.clock;
  const start = sim.now;
  for (let steps = 0; !clock.idle && steps < 5_000_000; steps++) {
    const t = clock.peekTime();
    if (t === undefined || t - start > TIMINGS.settleLimitMs) return;
    clock.step();
    observe();
  }
}

/**
 * service.WaitOnService: let the swarm converge, then print the last frame a
 * (wide) terminal shows. Real docker polls every 200 ms and waits until the
 * tasks have been running for the update monitor period (5 s by default)
 * before `verify: Service <ref> converged`; the simulator settles, advances
 * virtual time by that period and checks again. A service that cannot
 * converge would make docker wait forever: the simulator prints the frame
 * and what an interrupted docker prints (`Operation continuing in
 * background.`), exit status 0. A paused update or rollback is an error, as
 * upstream. `ref` is the service as the command names it (create: the ID).
 */
export function waitOnService(ctx: CommandContext, serviceId: string, ref: string, quiet: boolean, statusBefore: Service['updateStatus'] = null): void {
  const sim = ctx.sim;
  // SwarmKit resets the update status when a spec changes; the core keeps the
  // old one, so a status still from before the command is disregarded.
  const status = (): Service['updateStatus'] => {
    const st = sim.world.services.get(serviceId)?.updateStatus ?? null;
    return st === statusBefore ? null : st;
  };
  let rollbackMsg: string | null = null;
  let rollbackFirst = false;
  const observe = (): void => {
    const st = status();
    if (rollbackMsg === null && st?.state === 'rollback_started' && st.message !== '') rollbackMsg = st.message;
  };
  observe();
  rollbackFirst = rollbackMsg !== null;
  settleObserving(sim, observe);
  const converged = (): boolean => {
    const s = sim.world.services.get(serviceId);
    return !!s && drawProgress(sim, s, new TtyFrame(), false);
  };
  const job = (s: Service | undefined): boolean => !!s && isJob(s.spec.mode);
  let verified = false;
  for (let i = 0; i < 5 && !job(sim.world.services.get(serviceId)) && converged(); i++) {
    const s = sim.world.services.get(serviceId)!;
    sim.advance(s.spec.update.monitor !== 0 ? s.spec.update.monitor : 5000);
    if (converged()) {
      verified = true;
      break;
    }
    settleObserving(sim, observe);
  }
  const svc = sim.world.services.get(serviceId);
  if (!svc) throw daemonError(`service ${ref} not found`);
  const st = status();
  const rollback = st !== null && st.state.startsWith('rollback');
  const frame = new TtyFrame();
  if (rollbackMsg !== null && rollbackFirst) frame.progress('rollback', rollbackMsg);
  // A rollback that started later shows up below the lines already drawn.
  const late = new TtyFrame();
  const done = drawProgress(sim, svc, rollbackMsg !== null && !rollbackFirst ? late : frame, rollback);
  if (rollbackMsg !== null && !rollbackFirst) {
    frame.lines.push(...late.lines, `rollback: ${rollbackMsg} `);
  }
  let error: DockerError | null = null;
  if (st?.state === 'paused') error = cliError(`service update paused: ${st.message}`);
  else if (st?.state === 'rollback_paused') error = cliError(`service rollback paused: ${st.message}`);
  else if (done && isJob(svc.spec.mode)) frame.message('', 'job complete');
  else if (done && verified) {
    frame.progress('verify', `Service ${ref} converged`);
    if (st?.state === 'rollback_completed') frame.message('rollback', st.message);
  } else {
    frame.message('', 'Operation continuing in background.');
    frame.message('', `Use \`docker service ps ${ref}\` to check progress.`);
  }
  if (!quiet && frame.lines.length > 0) ctx.out(frame.lines.join('\n'));
  if (error) throw error;
}

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
  const placement: Record<string, unknown> = {};
  if (t.placement.constraints.length) placement.Constraints = [...t.placement.constraints];
  if (t.placement.preferences.length) placement.Preferences = t.placement.preferences.map((p) => ({ Spread: { SpreadDescriptor: p.spread } }));
  if (t.placement.maxReplicas) placement.MaxReplicas = t.placement.maxReplicas;
  const task: Record<string, unknown> = {
    ContainerSpec: container,
    Resources: {
      Limits: nonZero({ NanoCPUs: t.limits.nanoCPUs, MemoryBytes: t.limits.memoryBytes }),
      Reservations: nonZero({ NanoCPUs: t.reservations.nanoCPUs, MemoryBytes: t.reservations.memoryBytes }),
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
  out.EndpointSpec = { Mode: 'vip', ...(spec.ports.length ? { Ports: spec.ports.map(portJSON) } : {}) };
  return out;
}

/**
 * `docker service inspect`: the service as the Engine API returns it with
 * InsertDefaults. Not modelled: the image digest, VirtualIPs, Platforms;
 * Version.Index is derived from the spec version, not a raft index.
 */
export function serviceJSON(svc: Service): Record<string, unknown> {
  const spec = svc.spec;
  const endpoint: Record<string, unknown> = {
    Spec: spec.ports.length || spec.task.networks.length ? { Mode: 'vip', ...(spec.ports.length ? { Ports: spec.ports.map(portJSON) } : {}) } : {},
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
  return out;
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
function prettyService(sim: Simulation, svc: Service): string {
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
  if (t.limits.nanoCPUs > 0 || t.limits.memoryBytes > 0) {
    s += '\n Limits:';
    if (t.limits.nanoCPUs > 0) s += `\n  CPU:\t\t${t.limits.nanoCPUs / 1e9}`;
    if (t.limits.memoryBytes > 0) s += `\n  Memory:\t${bytesSize(t.limits.memoryBytes)}`;
  }
  if (t.networks.length) s += '\nNetworks:' + t.networks.map((id) => ' ' + (sim.world.networks.get(id)?.name ?? id)).join('') + ' ';
  s += '\nEndpoint Mode:\tvip';
  // --pretty lists the endpoint's ports, as allocated.
  if (svc.endpointPorts.length) {
    s += '\nPorts:';
    for (const p of svc.endpointPorts) s += `\n PublishedPort = ${p.publishedPort}\n  Protocol = ${p.protocol}\n  TargetPort = ${p.targetPort}\n  PublishMode = ${p.publishMode}`;
    s += ' ';
  }
  return s + '\n';
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
  run(ctx, a) {
    const o = new Opts(a, CREATE_FLAGS);
    const [image, ...args] = a.args;
    const spec = createSpec(ctx.sim, o, image, args);
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
  run(ctx, a) {
    const o = new Opts(a, UPDATE_FLAGS);
    const ref = a.args[0];
    const svc = ctx.sim.requireService(ref);
    const before = svc.updateStatus;
    if (o.bool('rollback')) {
      if ([...a.changed].some((n) => !['rollback', 'detach', 'quiet'].includes(n))) throw cliError('other flags may not be combined with --rollback');
      ctx.sim.serviceRollback(svc.id);
    } else {
      const spec = updateSpec(ctx.sim, o, svc);
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
    { name: 'format', type: 'string', help: 'Format output using a custom template' },
    { name: 'filter', short: 'f', type: 'list', help: 'Filter output based on conditions provided' },
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
    { name: 'format', short: 'f', type: 'string', help: 'Format output using a custom template' },
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
