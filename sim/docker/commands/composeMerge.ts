/**
 * Several Compose files merged into one, as docker/cli v28.2.2
 * cli/compose/loader/merge.go merges them (`stack deploy -c a.yml -c b.yml`):
 * each later file overrides the one before. Go merges typed structs with
 * mergo (WithOverride, WithAppendSlice and a few transformers); here the same
 * rules apply to the files' decoded YAML:
 * - a scalar is replaced unless the override's value is Go's zero value
 *   ("", 0, false), except the `*uint64` fields (mergeUint64), which any
 *   value replaces;
 * - maps merge key by key (labels, environment, deploy, resources...); a
 *   null in the override (`environment: [KEY]`) replaces nothing;
 * - lists are appended (dns, constraints, cap_add...), except ports (one per
 *   published port), volumes (one per target), secrets and configs (one per
 *   source), which merge by that key and come out sorted by it;
 * - command and entrypoint are replaced by a non-empty override, ulimits by
 *   any; logging merges its options when the drivers agree (or one is
 *   unset) and is replaced otherwise; a service's networks merge by name
 *   (aliases replaced, addresses when given);
 * - top-level volumes, networks, secrets and configs are replaced by name.
 * Services come out sorted by name.
 */
import { parsePort } from './service/options.js';

/** Decoded YAML mappings (stackLoad.ts re-exports these: it imports this module, not the other way). */
export type Dict = Record<string, unknown>;
export const isDict = (v: unknown): v is Dict => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The `*uint64` fields of types.ServiceConfig and its deploy section. */
const POINTER_UINT = new Set(['replicas', 'max_attempts', 'parallelism']);

/** Fields that are Go maps but may be written as `K=V` lists. */
const MAP_FIELDS = new Set(['environment', 'labels', 'sysctls', 'driver_opts', 'options']);

const isZero = (v: unknown): boolean => v === '' || v === 0 || v === false || v === null || v === undefined;

/** Environment and labels as maps: `K=V` and `K` (null) list items become entries. */
function asMap(v: unknown): Dict | unknown {
  if (!Array.isArray(v)) return v;
  const out: Dict = {};
  for (const s of v.map(String)) {
    const eq = s.indexOf('=');
    out[eq < 0 ? s : s.slice(0, eq)] = eq < 0 ? null : s.slice(eq + 1);
  }
  return out;
}

/** A service's networks as a map from name to its options (null: none). */
function networksMap(v: unknown): Dict | unknown {
  if (!Array.isArray(v)) return v;
  return Object.fromEntries(v.map((n) => [String(n), null]));
}

/** The ports of the long syntax, short strings expanded as the loader expands them (ranges included). */
function longPorts(v: unknown): unknown[] {
  if (!Array.isArray(v)) return [];
  return v.flatMap((p) =>
    isDict(p)
      ? [p]
      : parsePort(String(p)).map((c) => ({ mode: c.publishMode, target: c.targetPort, published: c.publishedPort, protocol: c.protocol })),
  );
}

/** The target of a volume entry: `SRC:DST[:MODE]`, `DST`, or the long form's `target`. */
function volumeTarget(v: unknown): string {
  if (isDict(v)) return String(v.target ?? '');
  const parts = String(v).split(':');
  return parts.length === 1 ? parts[0] : parts[1];
}

const sourceOf = (v: unknown): string => (isDict(v) ? String(v.source ?? '') : String(v));

/** mergeSlice: both lists as maps by key (the override's entry wins), written back sorted by key. */
function mergeKeyed(base: unknown[], over: unknown[], key: (v: unknown) => string | number): unknown[] {
  const m = new Map<string | number, unknown>();
  for (const v of [...base, ...over]) m.set(key(v), v);
  return [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
}

function mergeLogging(base: unknown, over: unknown): unknown {
  if (!isDict(over)) return base;
  if (!isDict(base)) return over;
  const bd = typeof base.driver === 'string' ? base.driver : '';
  const od = typeof over.driver === 'string' ? over.driver : '';
  if (bd !== od && bd !== '' && od !== '') return over;
  return { ...base, driver: bd || od, options: mergeValue(base.options, over.options, '') };
}

function mergeServiceNetworks(base: unknown, over: unknown): unknown {
  const b = networksMap(base);
  const o = networksMap(over);
  if (!isDict(o)) return b;
  if (!isDict(b)) return o;
  const out: Dict = { ...b };
  for (const [name, cfg] of Object.entries(o)) {
    const had = out[name];
    if (!isDict(cfg) || !isDict(had)) {
      if (!(name in out) || isDict(cfg)) out[name] = cfg;
      continue;
    }
    const merged: Dict = { ...had, aliases: cfg.aliases };
    for (const k of ['ipv4_address', 'ipv6_address']) if (typeof cfg[k] === 'string' && cfg[k] !== '') merged[k] = cfg[k];
    out[name] = merged;
  }
  return out;
}

/** mergo's deep merge of one field of a service (or of a section inside it). */
function mergeValue(base: unknown, over: unknown, key: string): unknown {
  if (over === undefined) return base;
  if (POINTER_UINT.has(key)) return over === null ? base : over;
  if (MAP_FIELDS.has(key)) return mergeMap(base, over);
  if (Array.isArray(base) && Array.isArray(over)) return [...base, ...over];
  if (isDict(base) && isDict(over)) {
    const out: Dict = { ...base };
    for (const [k, v] of Object.entries(over)) out[k] = k in out ? mergeValue(out[k], v, k) : v;
    return out;
  }
  if (base === undefined) return over;
  return isZero(over) ? base : over;
}

/** One service of the override merged into the base's service of that name. */
function mergeService(base: Dict, over: Dict): Dict {
  const out: Dict = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const had = out[k];
    switch (k) {
      case 'ports':
        // The transformer runs on a non-empty base: ports without a published port share key 0.
        out[k] = Array.isArray(had) && had.length > 0 ? mergeKeyed(longPorts(had), longPorts(v), (p) => Number((p as Dict).published ?? 0)) : v;
        break;
      case 'volumes':
        out[k] = Array.isArray(had) && had.length > 0 && Array.isArray(v) ? mergeKeyed(had, v, volumeTarget) : v;
        break;
      case 'secrets':
      case 'configs':
        out[k] = Array.isArray(had) && had.length > 0 && Array.isArray(v) ? mergeKeyed(had, v, sourceOf) : v;
        break;
      case 'command':
      case 'entrypoint':
        if (!(Array.isArray(v) ? v.length === 0 : isZero(v))) out[k] = v;
        break;
      case 'ulimits':
        if (!isZero(v)) out[k] = v;
        break;
      case 'logging':
        out[k] = mergeLogging(had, v);
        break;
      case 'networks':
        out[k] = mergeServiceNetworks(had, v);
        break;
      default:
        out[k] = k in out ? mergeValue(had, v, k) : v;
    }
  }
  return out;
}

/** A map field (given as a map or a `K=V` list): key by key, a null replacing nothing. */
function mergeMap(base: unknown, over: unknown): unknown {
  const b = asMap(base);
  const o = asMap(over);
  if (!isDict(o)) return b;
  if (!isDict(b)) return o;
  const out: Dict = { ...b };
  for (const [k, v] of Object.entries(o)) if (v !== null || !(k in out)) out[k] = v;
  return out;
}

/** merge.go merge: the files in order, each overriding the ones before. */
export function mergeComposeConfigs(configs: readonly Dict[]): Dict {
  const [first, ...rest] = configs;
  const out: Dict = { ...first };
  for (const over of rest) {
    const services: Dict = { ...(isDict(out.services) ? out.services : {}) };
    for (const [name, svc] of Object.entries(isDict(over.services) ? over.services : {})) {
      const had = services[name];
      services[name] = isDict(had) && isDict(svc) ? mergeService(had, svc) : (svc ?? had);
    }
    out.services = Object.fromEntries(Object.entries(services).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    for (const section of ['volumes', 'networks', 'secrets', 'configs']) {
      if (!isDict(over[section])) continue;
      out[section] = { ...(isDict(out[section]) ? out[section] : {}), ...over[section] };
    }
  }
  return out;
}
