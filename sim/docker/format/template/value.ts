/**
 * Go's view of the simulator's JS values in a template: types for error
 * texts, fmt's %v, truth, encoding/json; and the errors templates raise.
 */

/**
 * A template parse or execution error. `message` is Go's text, e.g.
 * `template: :1: unclosed action` or
 * `template: :1:2: executing "" at <.Nope>: can't evaluate field Nope in type *task.taskContext`.
 */
export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }

  /** What the docker CLI prints: formatter.Context wraps both kinds alike. */
  get dockerMessage(): string {
    return `template parsing error: ${this.message}`;
  }
}

/** Set `obj[GO_TYPE] = '*task.taskContext'` to name a struct's Go type in errors. */
export const GO_TYPE: unique symbol = Symbol('goType');

/**
 * A struct's Go field names where they differ from its JSON keys:
 * `obj[GO_FIELDS] = { ID: 'Id' }` is moby's `ID string \`json:"Id"\``. The
 * simulator builds inspect objects by their JSON keys; a template run on the
 * typed value sees `.ID` and not `.Id`, as Go does.
 */
export const GO_FIELDS: unique symbol = Symbol('goFields');

/** Names a struct's Go type and its renamed fields (both are symbols: JSON and listings do not see them). */
export function goStruct<T extends object>(obj: T, type: string, fields: Readonly<Record<string, string>> = {}): T {
  Object.assign(obj, { [GO_TYPE]: type, [GO_FIELDS]: fields });
  return obj;
}

/** The JSON key that holds Go field `name` of a struct, or null when the struct has no such field. */
export function structKey(recv: Struct, name: string): string | null {
  const renames = recv[GO_FIELDS] as Readonly<Record<string, string>> | undefined;
  if (renames && Object.hasOwn(renames, name)) return renames[name];
  if (renames && Object.values(renames).includes(name)) return null; // a JSON key, not a Go field
  return name in recv && !(name in Object.prototype) ? name : null;
}

/**
 * What docker's inspect fallback decodes from the daemon's raw JSON
 * (docker/cli v28.2.2 cli/command/inspect/inspector.go tryRawInspectFallback:
 * json.Decoder with UseNumber into an `any`): objects become maps, numbers
 * json.Number (a string type: it prints as written), null an invalid value.
 * Go's type names are lost, as they are in Go.
 */
export function rawJSON(v: unknown): unknown {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number') return JSON.stringify(v);
  if (typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(rawJSON);
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return rawJSON((v as { toJSON: () => unknown }).toJSON());
  const entries: [string, unknown][] =
    v instanceof Map ? [...v.entries()].map(([k, x]) => [String(k), x]) : Object.keys(v).map((k) => [k, (v as Struct)[k]]);
  return new Map(entries.filter(([, x]) => x !== undefined && typeof x !== 'function').map(([k, x]) => [k, rawJSON(x)]));
}

/**
 * A value with a Go String() method (a fmt.Stringer, such as time.Time):
 * `{{.CreatedAt}}` prints what it returns. Its JSON is its `toJSON()`.
 */
export const GO_STRING: unique symbol = Symbol('goString');
type Stringer = { [GO_STRING]: () => string };
export const isStringer = (v: unknown): v is Stringer => typeof v === 'object' && v !== null && GO_STRING in v;

// Values: Go's view of JS data

/** A struct-typed JS object: anything that is not null, an array or a Map. */
export type Struct = Record<string | symbol, unknown>;
export const isStruct = (v: unknown): v is Struct => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Map);

/** Go type name for error messages; `names` maps the rendered row to its docker type. */
export function goType(v: unknown, names: Map<unknown, string>): string {
  if (v === null || v === undefined) return 'interface {}';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float64';
  const elem = (vals: unknown[]): string => {
    const kinds = new Set(vals.map((x) => goType(x, names)));
    return kinds.size === 1 ? [...kinds][0] : vals.length === 0 ? 'string' : 'interface {}';
  };
  if (Array.isArray(v)) return '[]' + elem(v);
  if (v instanceof Map) return 'map[string]' + elem([...v.values()]);
  const own = names.get(v) ?? (v as Struct)[GO_TYPE];
  return typeof own === 'string' ? own : 'struct';
}

/**
 * Go %v of a number. Integers print as Go ints; other values as float64 with
 * strconv's shortest 'g' form, which switches to an exponent when
 * exp < -4 || exp >= 6 (ftoa.go formatDigits: "use precision 6").
 */
function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'NaN' : x > 0 ? '+Inf' : '-Inf';
  if (Number.isInteger(x) && Math.abs(x) < 1e21) return String(x);
  const [m, e] = x.toExponential().split('e');
  const exp = Number(e);
  if (exp < -4 || exp >= 6) return `${m}e${exp < 0 ? '-' : '+'}${Math.abs(exp) < 10 ? '0' : ''}${Math.abs(exp)}`;
  return String(x);
}

/** Go fmt.Sprint(v) (%v) for the values templates handle. */
export function sprint(v: unknown, top = true): string {
  if (v === undefined) return top ? '<no value>' : '<nil>';
  if (v === null) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return formatNumber(v);
  if (Array.isArray(v)) return `[${v.map((x) => sprint(x, false)).join(' ')}]`;
  if (v instanceof Map) return `map[${sortedKeys(v).map((k) => `${k}:${sprint(v.get(k), false)}`).join(' ')}]`;
  if (isStringer(v)) return v[GO_STRING]();
  if (typeof v === 'object') return `{${fieldNames(v as Struct).map((k) => sprint((v as Struct)[k], false)).join(' ')}}`;
  return String(v);
}

/** Go type name of a value inside a function (no row-type knowledge there). */
export const typeName = (v: unknown): string => goType(v, new Map());

export const sortedKeys = (m: Map<unknown, unknown>): string[] => [...m.keys()].map(String).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
export const fieldNames = (o: Struct): string[] => Object.keys(o).filter((k) => typeof o[k] !== 'function');

/** text/template isTrue: the zero value of a type is false; structs are true. */
export function isTrue(v: unknown): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === 'string' || Array.isArray(v)) return v.length > 0;
  if (v instanceof Map) return v.size > 0;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'boolean') return v;
  return true;
}

/** JSON string as Go's encoding/json writes it (U+2028/9 always escaped). */
function jsonString(s: string, escapeHTML: boolean): string {
  let out = JSON.stringify(s).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  if (escapeHTML) out = out.replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
  return out;
}

/**
 * Go encoding/json, compact. Maps sort their keys; structs keep field order
 * unless `sortTop` (docker's formatter.MarshalJSON turns a row into a map).
 */
export function goJSON(v: unknown, escapeHTML: boolean, sortTop = false): string {
  if (v === undefined || v === null) return 'null';
  if (typeof v === 'string') return jsonString(v, escapeHTML);
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new FuncError(`json: unsupported value: ${formatNumber(v)}`);
    return JSON.stringify(v);
  }
  if (Array.isArray(v)) return `[${v.map((x) => goJSON(x, escapeHTML)).join(',')}]`;
  // A value with its own MarshalJSON (time.Time) writes that.
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return goJSON((v as { toJSON: () => unknown }).toJSON(), escapeHTML);
  const entries: [string, unknown][] =
    v instanceof Map ? sortedKeys(v).map((k) => [k, v.get(k)]) : fieldNames(v as Struct).map((k) => [k, (v as Struct)[k]]);
  if (sortTop) entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, x]) => `${jsonString(k, escapeHTML)}:${goJSON(x, escapeHTML)}`).join(',')}}`;
}

/** An error returned by a template function: reported as "error calling NAME: ...". */
export class FuncError extends Error {}
