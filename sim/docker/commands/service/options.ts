/**
 * The values of `docker service create|update` flags: one parser or validator
 * per pflag Value (docker/cli opts/{mount,network,opts,env}.go,
 * opts/swarmopts/port.go), each refusing a bad value with upstream's text.
 */
import { GoParseError, parseBytes, parseDuration } from '../../format/text.js';
import { daemonError } from '../../../errors.js';
import type { Mount, MountType, PortConfig, SpreadPreference } from '../../../model/types.js';
import type { FlagSpec, ParsedArgs } from '../../flags.js';
import { flagValueError } from '../task.js';

// ===========================================================================
// Flag value parsers (each mirrors one pflag Value's Set)
// ===========================================================================

export type FlagRef = { name: string; short?: string };

/** Runs a value parser, turning its error text into pflag's `invalid argument` error. */
export function parseFlagValue<T>(flag: FlagRef, raw: string, parse: (v: string) => T): T {
  try {
    return parse(raw);
  } catch (e) {
    if (e instanceof GoParseError || e instanceof ValueError) throw flagValueError(flag, raw, e.message);
    throw e;
  }
}

/** An option parser's refusal (the error a flag Value's Set returns). */
export class ValueError extends Error {}
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
export function durationMs(v: string, nonNegative: boolean): number {
  const ms = parseDuration(v);
  if (nonNegative && ms < 0) throw bad('duration cannot be negative');
  return ms;
}

/** encoding/csv for one record: commas separate, double quotes protect, "" is a quote. */
export function csvFields(value: string): string[] {
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

/** Go strconv.ParseBool. */
function goBool(v: string): boolean | null {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false;
  return null;
}

/**
 * opts.MountOpt.Set of docker/cli v28.2.2 (opts/mount.go): CSV `key=value`
 * fields, keys case-insensitive, volume mounts by default; then the checks
 * it makes on the whole mount, in its order.
 */
export function parseMount(raw: string): Mount {
  if (raw === '') throw bad('EOF'); // encoding/csv reads no record from an empty string
  let type = 'volume';
  let source = '';
  let target = '';
  let readonly = false;
  let volumeDriver = '';
  const volumeOptions: Record<string, string> = {};
  const volumeLabels: Record<string, string> = {};
  // Which option groups the mount has (MountOpt's VolumeOptions, ImageOptions, BindOptions, TmpfsOptions).
  const groups = new Set<'volume' | 'image' | 'bind' | 'tmpfs'>();
  let bindRecursive = 'enabled';
  let propagation = '';
  const setOnMap = (target: Record<string, string>, v: string): void => {
    const e = v.indexOf('=');
    const k = e >= 0 ? v.slice(0, e) : v;
    if (k !== '') target[k] = e >= 0 ? v.slice(e + 1) : '';
  };
  for (const field of csvFields(raw)) {
    const eq = field.indexOf('=');
    const key = (eq < 0 ? field : field.slice(0, eq)).toLowerCase();
    const val = eq < 0 ? '' : field.slice(eq + 1);
    if (eq < 0) {
      if (key === 'readonly' || key === 'ro') readonly = true;
      else if (key === 'volume-nocopy') groups.add('volume');
      else if (key === 'bind-nonrecursive') groups.add('bind');
      else throw bad(`invalid field '${field}' must be a key=value pair`);
      continue;
    }
    const parseBool = (): boolean => {
      const b = goBool(val);
      if (b === null) throw bad(`invalid value for ${key}: ${val}`);
      return b;
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
        readonly = parseBool();
        break;
      case 'consistency':
        break;
      case 'bind-propagation':
        propagation = val.toLowerCase();
        groups.add('bind');
        break;
      case 'bind-nonrecursive':
        parseBool();
        groups.add('bind');
        break;
      case 'bind-recursive':
        if (!['enabled', 'disabled', 'writable', 'readonly'].includes(val))
          throw bad(`invalid value for ${key}: ${val} (must be "enabled", "disabled", "writable", or "readonly")`);
        bindRecursive = val;
        groups.add('bind');
        break;
      case 'volume-subpath':
        groups.add('volume');
        break;
      case 'volume-nocopy':
        if (goBool(val) === null) throw bad(`invalid value for volume-nocopy: ${val}`);
        groups.add('volume');
        break;
      case 'volume-label':
        setOnMap(volumeLabels, val);
        groups.add('volume');
        break;
      case 'volume-driver':
        volumeDriver = val;
        groups.add('volume');
        break;
      case 'volume-opt':
        setOnMap(volumeOptions, val);
        groups.add('volume');
        break;
      case 'image-subpath':
        groups.add('image');
        break;
      case 'tmpfs-size':
        try {
          parseBytes(val);
        } catch {
          throw bad(`invalid value for ${key}: ${val}`);
        }
        groups.add('tmpfs');
        break;
      case 'tmpfs-mode':
        // strconv.ParseUint(val, 8, 32)
        if (!/^[0-7]+$/.test(val) || parseInt(val, 8) > 0xffffffff) throw bad(`invalid value for ${key}: ${val}`);
        groups.add('tmpfs');
        break;
      default:
        throw bad(`unexpected key '${key}' in '${field}'`);
    }
  }
  if (type === '') throw bad('type is required');
  if (target === '') throw bad('target is required');
  for (const g of ['volume', 'image', 'bind', 'tmpfs'] as const)
    if (groups.has(g) && type !== g) throw bad(`cannot mix '${g}-*' options with mount type '${type}'`);
  if (bindRecursive === 'writable' && !readonly) throw bad("option 'bind-recursive=writable' requires 'readonly' to be specified in conjunction");
  if (bindRecursive === 'readonly') {
    if (!readonly) throw bad("option 'bind-recursive=readonly' requires 'readonly' to be specified in conjunction");
    if (propagation !== 'rprivate') throw bad("option 'bind-recursive=readonly' requires 'bind-propagation=rprivate' to be specified in conjunction");
  }
  return { type: type as MountType, source, target, readonly, volumeDriver, volumeOptions, volumeLabels };
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
export function parseNetworkTarget(value: string): string {
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
export function parsePlacementPref(value: string): SpreadPreference {
  const eq = value.indexOf('=');
  if (eq <= 0) throw bad('placement preference must be of the format "<strategy>=<arg>"');
  const strategy = value.slice(0, eq);
  if (strategy !== 'spread') throw bad(`unsupported placement preference ${strategy} (only spread is supported)`);
  return { spread: value.slice(eq + 1) };
}

/** opts.ValidateEnv: a key is required; `KEY` alone takes the CLI's own environment, which is empty here. */
export function validateEnv(v: string): string {
  const eq = v.indexOf('=');
  if ((eq >= 0 ? v.slice(0, eq) : v) === '') throw bad(`invalid environment variable: ${v}`);
  return v;
}

/** opts.ValidateLabel: a non-empty key without whitespace. */
export function validateLabel(v: string): string {
  const eq = v.indexOf('=');
  const key = (eq >= 0 ? v.slice(0, eq) : v).replace(/^[ \t\n\r\f\v]+/, '');
  if (key === '') throw bad(`invalid label '${v}': empty name`);
  if (/[ \t\n\r\f\v]/.test(key)) throw bad(`label '${key}' contains whitespaces`);
  return v;
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

/** Typed access to parsed flags, with pflag-style errors for values the generic parser keeps as text. */
export class Opts {
  constructor(
    readonly a: ParsedArgs,
    private readonly specs: readonly FlagSpec[],
  ) {}

  /** The command has this flag (update's --env-add, say). */
  accepts(n: string): boolean {
    return this.specs.some((f) => f.name === n);
  }
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
