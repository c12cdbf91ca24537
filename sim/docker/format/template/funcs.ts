/**
 * Template functions: Go's builtins (golang/go src/text/template/funcs.go)
 * and docker's (docker/cli v28.2.2 templates/templates.go basicFunctions,
 * HeaderFunctions).
 */
import { type GoValueModel, sprintf } from '../fmt.js';
import { runeCount, utf8Bytes, utf8Length, utf8Prefix } from '../text.js';
import { fieldNames, FuncError, GO_STRING, goJSON, isStringer, isStruct, isTrue, sprint, type Struct, typeName } from './value.js';

/** Go parameter types that matter for argument checking. */
export type ParamType = 'string' | 'int' | '[]string' | 'any';

export interface ExecCtx {
  row: unknown;
  rowJson: 'docker' | 'ordered';
  /** The row's properties stand for docker's zero-argument context methods. */
  rowMethods: boolean;
  /** Go's missingkey option: 'error' makes a missing map key (or a field of nil data) an error. */
  missingKey: 'invalid' | 'error';
  /** The template's name, which Go's error texts quote. */
  name: string;
}

export interface GoFunc {
  params: ParamType[];
  variadic?: ParamType;
  call(args: unknown[], ctx: ExecCtx): unknown;
}

const fn = (params: ParamType[], call: GoFunc['call'], variadic?: ParamType): GoFunc => ({ params, call, variadic });

/** Per-rune case mapping like Go's unicode.ToUpper (never changes the rune count). */
const mapRunes = (s: string, f: (c: string) => string): string =>
  Array.from(s, (c) => {
    const m = f(c);
    return runeCount(m) === 1 ? m : c;
  }).join('');

/** Go strings.Title: upper-case the first letter of each word. */
function title(s: string): string {
  const isSeparator = (c: string): boolean => {
    if (c <= '\x7f') return !/[0-9A-Za-z_]/.test(c);
    if (/[\p{L}\p{Nd}]/u.test(c)) return false;
    return /\s/u.test(c);
  };
  let prev = ' ';
  return Array.from(s, (c) => {
    const out = isSeparator(prev) ? mapRunes(c, (x) => x.toUpperCase()) : c;
    prev = c;
    return out;
  }).join('');
}

/** Go strings.Split: "" separator splits into runes. */
const split = (s: string, sep: string): string[] => (sep === '' ? Array.from(s) : s.split(sep));

/** Go reflect kinds for the comparison builtins. */
function basicKind(v: unknown): 'bool' | 'int' | 'float' | 'string' | 'invalid' | 'other' {
  if (v === undefined || v === null) return 'invalid';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'string') return 'string';
  return 'other';
}

function eq(a: unknown, ...bs: unknown[]): boolean {
  if (bs.length === 0) throw new FuncError('missing argument for comparison');
  const k1 = basicKind(a);
  for (const b of bs) {
    const k2 = basicKind(b);
    if (k1 !== k2) {
      if (k1 !== 'invalid' && k2 !== 'invalid') throw new FuncError('incompatible types for comparison');
      continue; // Go: comparing with an invalid value is simply false
    }
    if (k1 === 'other') throw new FuncError('invalid type for comparison');
    if (a === b) return true;
  }
  return false;
}

function lt(a: unknown, b: unknown): boolean {
  const k1 = basicKind(a);
  const k2 = basicKind(b);
  if (k1 === 'bool' || k1 === 'other' || k1 === 'invalid') throw new FuncError('invalid type for comparison');
  if (k1 !== k2) throw new FuncError('incompatible types for comparison');
  return (a as number | string) < (b as number | string);
}

function index(item: unknown, ...keys: unknown[]): unknown {
  let v = item;
  for (const k of keys) {
    if (v === undefined || v === null) throw new FuncError('index of untyped nil');
    if (Array.isArray(v) || typeof v === 'string') {
      if (typeof k !== 'number' || !Number.isInteger(k)) throw new FuncError(`cannot index slice/array with type ${typeName(k)}`);
      const len = typeof v === 'string' ? utf8Length(v) : v.length;
      if (k < 0 || k >= len) throw new FuncError(`index out of range: ${k}`);
      v = typeof v === 'string' ? utf8Bytes(v)[k] : v[k]; // Go: a byte (uint8) for strings
    } else if (v instanceof Map) {
      if (typeof k !== 'string') throw new FuncError(`value has type ${typeName(k)}; should be string`);
      if (v.has(k)) v = v.get(k);
      else {
        // Go returns the element type's zero value for a missing key.
        const first = v.values().next().value;
        v = typeof first === 'number' ? 0 : typeof first === 'boolean' ? false : first === undefined || typeof first === 'string' ? '' : null;
      }
    } else throw new FuncError(`can't index item of type ${typeName(v)}`);
  }
  return v;
}

/** Go's indexArg for slice: an int within [0, cap]. */
function sliceIndex(k: unknown, cap: number): number {
  if (k === undefined || k === null) throw new FuncError('cannot index slice/array with nil');
  if (typeof k !== 'number' || !Number.isInteger(k)) throw new FuncError(`cannot index slice/array with type ${typeName(k)}`);
  if (k < 0 || k > cap) throw new FuncError(`index out of range: ${k}`);
  return k;
}

/** text/template funcs.go slice: x[i:j] (strings by byte, like Go); x[i:j:k] for slices only. */
function slice(item: unknown, ...indexes: unknown[]): unknown {
  if (item === undefined || item === null) throw new FuncError('slice of untyped nil');
  if (indexes.length > 3) throw new FuncError(`too many slice indexes: ${indexes.length}`);
  let bytes: number[] | null = null;
  if (typeof item === 'string') {
    if (indexes.length === 3) throw new FuncError('cannot 3-index slice a string');
    bytes = utf8Bytes(item);
  } else if (!Array.isArray(item)) throw new FuncError(`can't slice item of type ${typeName(item)}`);
  const length = bytes ? bytes.length : (item as unknown[]).length;
  const idx = [0, length, length]; // the simulator's slices have cap == len
  indexes.forEach((k, i) => (idx[i] = sliceIndex(k, length)));
  if (idx[0] > idx[1]) throw new FuncError(`invalid slice index: ${idx[0]} > ${idx[1]}`);
  if (indexes.length === 3 && idx[1] > idx[2]) throw new FuncError(`invalid slice index: ${idx[1]} > ${idx[2]}`);
  // A rune cut in half becomes U+FFFD, as a terminal shows it.
  if (bytes) return new TextDecoder().decode(Uint8Array.from(bytes.slice(idx[0], idx[1])));
  return (item as unknown[]).slice(idx[0], idx[1]);
}

/** The template's value model, as fmt sees it. */
const FMT_MODEL: GoValueModel = {
  typeName: (v) => typeName(v),
  stringer: (v) => (isStringer(v) ? () => v[GO_STRING]() : undefined),
  fields: (o) => fieldNames(o as Struct),
};

function len(v: unknown): number {
  if (v === undefined || v === null) throw new FuncError('len of nil pointer');
  if (typeof v === 'string') return utf8Length(v);
  if (Array.isArray(v)) return v.length;
  if (v instanceof Map) return v.size;
  throw new FuncError(`len of type ${typeName(v)}`);
}

/** Go fmt.Sprint: a space between operands when neither is a string. */
function goSprint(args: unknown[]): string {
  let out = '';
  args.forEach((a, i) => {
    if (i > 0 && typeof a !== 'string' && typeof args[i - 1] !== 'string') out += ' ';
    out += sprint(a, false);
  });
  return out;
}

export const BUILTINS: Record<string, GoFunc> = {
  and: fn(['any'], () => undefined, 'any'), // short-circuit: evaluated in evalCall
  or: fn(['any'], () => undefined, 'any'),
  not: fn(['any'], ([a]) => !isTrue(a)),
  len: fn(['any'], ([a]) => len(a)),
  index: fn(['any'], ([item, ...keys]) => index(item, ...keys), 'any'),
  slice: fn(['any'], ([item, ...indexes]) => slice(item, ...indexes), 'any'),
  printf: fn(['string'], ([format, ...args]) => sprintf(format as string, args, FMT_MODEL), 'any'),
  print: fn([], (args) => goSprint(args), 'any'),
  println: fn([], (args) => args.map((a) => sprint(a, false)).join(' ') + '\n', 'any'),
  eq: fn(['any'], ([a, ...bs]) => eq(a, ...bs), 'any'),
  ne: fn(['any', 'any'], ([a, b]) => !eq(a, b)),
  lt: fn(['any', 'any'], ([a, b]) => lt(a, b)),
  le: fn(['any', 'any'], ([a, b]) => lt(a, b) || eq(a, b)),
  gt: fn(['any', 'any'], ([a, b]) => !lt(a, b) && !eq(a, b)),
  ge: fn(['any', 'any'], ([a, b]) => !lt(a, b)),
};

/** docker/cli templates/templates.go basicFunctions. */
export const DOCKER_FUNCS: Record<string, GoFunc> = {
  // formatJSON: json.Encoder with SetEscapeHTML(false). A docker row has its own
  // MarshalJSON (formatter.MarshalJSON: a map, hence sorted keys, marshalled by
  // json.Marshal, hence <>& escaped) which the encoder keeps verbatim.
  json: fn(['any'], ([v], ctx) =>
    v === ctx.row && ctx.rowJson === 'docker' && isStruct(v) ? goJSON(v, true, true) : goJSON(v, false),
  ),
  split: fn(['string', 'string'], ([s, sep]) => split(s as string, sep as string)),
  // strings.Join: a nil slice joins to "".
  join: fn(['[]string', 'string'], ([elems, sep]) => (elems === null ? '' : (elems as string[]).join(sep as string))),
  title: fn(['string'], ([s]) => title(s as string)),
  lower: fn(['string'], ([s]) => mapRunes(s as string, (c) => c.toLowerCase())),
  upper: fn(['string'], ([s]) => mapRunes(s as string, (c) => c.toUpperCase())),
  pad: fn(['string', 'int', 'int'], ([s, prefix, suffix]) => {
    if (s === '') return s;
    if ((prefix as number) < 0 || (suffix as number) < 0) throw new FuncError('strings: negative Repeat count');
    return ' '.repeat(prefix as number) + s + ' '.repeat(suffix as number);
  }),
  // truncateWithLength: byte length, byte slicing (source[:length]).
  truncate: fn(['string', 'int'], ([s, n]) => {
    if (utf8Length(s as string) < (n as number)) return s;
    if ((n as number) < 0) throw new FuncError(`runtime error: slice bounds out of range [:${n}]`);
    return utf8Prefix(s as string, n as number);
  }),
};

/**
 * docker/cli templates.HeaderFunctions: for the table header, these return
 * their (string) argument untouched so `{{upper .Name}}` still prints NAME.
 * `pad` is deliberately not overridden (keeps header and rows aligned).
 */
export const HEADER_FUNCS: Record<string, GoFunc> = {
  ...DOCKER_FUNCS,
  json: fn(['string'], ([v]) => v),
  split: fn(['string', 'string'], ([v]) => v),
  join: fn(['string', 'string'], ([v]) => v),
  title: fn(['string'], ([v]) => v),
  lower: fn(['string'], ([v]) => v),
  upper: fn(['string'], ([v]) => v),
  truncate: fn(['string', 'int'], ([v]) => v),
};
