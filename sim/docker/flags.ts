import { GoParseError, parseDuration } from './format/text.js';

/**
 * Command-line flags with the semantics and error texts of spf13/pflag, which
 * the Docker CLI uses: `--name value`, `--name=value`, `-n value`, `-nvalue`,
 * grouped short booleans (`-qa`), `--` ends flags, flags may follow
 * positionals. Errors are reported as the CLI does, with exit status 125.
 */
export type FlagType = 'bool' | 'string' | 'int' | 'uint' | 'float' | 'list' | 'duration';

export interface FlagSpec {
  readonly name: string;
  readonly short?: string;
  readonly type: FlagType;
  readonly default?: string | number | boolean | string[];
  readonly help?: string;
  /** Hidden or deprecated flags still parse. */
  readonly hidden?: boolean;
  /**
   * The check a pflag Value's Set makes on each occurrence, at parse time
   * (before arguments are counted): the reason a value is refused, or null.
   */
  readonly check?: (raw: string) => string | null;
}

export type FlagValue = string | number | boolean | string[];

export interface ParsedArgs {
  /** Values by long name; absent flags hold their default (lists: []). */
  readonly flags: Record<string, FlagValue>;
  /** Long names of the flags the user actually gave. */
  readonly changed: ReadonlySet<string>;
  readonly args: string[];
}

export class FlagError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FlagError';
  }
}

function defaultOf(f: FlagSpec): FlagValue {
  if (f.default !== undefined) return Array.isArray(f.default) ? [...f.default] : f.default;
  switch (f.type) {
    case 'bool':
      return false;
    case 'int':
    case 'uint':
    case 'float':
      return 0;
    case 'list':
      return [];
    default:
      return '';
  }
}

function convert(f: FlagSpec, raw: string, shown: string): FlagValue {
  const bad = (why: string): FlagError => new FlagError(`invalid argument "${raw}" for "${shown}" flag: ${why}`);
  switch (f.type) {
    case 'bool': {
      const v = raw.toLowerCase();
      if (['1', 't', 'true'].includes(v)) return true;
      if (['0', 'f', 'false'].includes(v)) return false;
      throw bad(`strconv.ParseBool: parsing "${raw}": invalid syntax`);
    }
    case 'int':
      if (!/^[+-]?\d+$/.test(raw)) throw bad(`strconv.ParseInt: parsing "${raw}": invalid syntax`);
      return Number(raw);
    case 'uint':
      if (!/^\d+$/.test(raw)) throw bad(`strconv.ParseUint: parsing "${raw}": invalid syntax`);
      return Number(raw);
    case 'float':
      if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(raw)) throw bad(`strconv.ParseFloat: parsing "${raw}": invalid syntax`);
      return Number(raw);
    case 'duration':
      // pflag DurationVar: time.ParseDuration on Set (the value stays the text the commands read).
      try {
        parseDuration(raw);
      } catch (e) {
        if (e instanceof GoParseError) throw bad(e.message);
        throw e;
      }
      return raw;
    default:
      return raw;
  }
}

export interface ParseOptions {
  /**
   * false: flags end at the first positional argument (cobra's
   * SetInterspersed(false)), so `service create busybox ping -c 3 host`
   * passes `-c 3` to the container, not to docker.
   */
  readonly interspersed?: boolean;
}

/** Parses argv (after the command path) against the command's flags. */
export function parseFlags(argv: readonly string[], specs: readonly FlagSpec[], opts: ParseOptions = {}): ParsedArgs {
  const interspersed = opts.interspersed ?? true;
  const byLong = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short!, s]));
  const flags: Record<string, FlagValue> = {};
  for (const s of specs) flags[s.name] = defaultOf(s);
  const changed = new Set<string>();
  const args: string[] = [];
  const set = (f: FlagSpec, raw: string, shown: string): void => {
    const v = convert(f, raw, shown);
    const why = f.check?.(raw);
    if (why) throw new FlagError(`invalid argument "${raw}" for "${shown}" flag: ${why}`);
    if (f.type === 'list') {
      // The first occurrence replaces the default; later ones append in place
      // (copying the list per occurrence made n repetitions cost n²).
      if (changed.has(f.name)) (flags[f.name] as string[]).push(raw);
      else flags[f.name] = [raw];
    } else flags[f.name] = v;
    changed.add(f.name);
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      args.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      const f = byLong.get(name);
      if (!f) throw new FlagError(`unknown flag: --${name}`);
      // pflag names a flag with its shorthand in value errors, however it was typed.
      const shown = f.short ? `-${f.short}, --${name}` : `--${name}`;
      if (eq >= 0) set(f, a.slice(eq + 1), shown);
      else if (f.type === 'bool') set(f, 'true', shown);
      else {
        if (i + 1 >= argv.length) throw new FlagError(`flag needs an argument: --${name}`);
        set(f, argv[++i], shown);
      }
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j];
        const f = byShort.get(c);
        if (!f) throw new FlagError(`unknown shorthand flag: '${c}' in ${a}`);
        const shown = `-${c}, --${f.name}`;
        if (f.type === 'bool') {
          if (a[j + 1] === '=') {
            set(f, a.slice(j + 2), shown);
            break;
          }
          set(f, 'true', shown);
          continue;
        }
        const rest = a.slice(j + 1);
        if (rest !== '') set(f, rest.startsWith('=') ? rest.slice(1) : rest, shown);
        else {
          if (i + 1 >= argv.length) throw new FlagError(`flag needs an argument: '${c}' in -${c}`);
          set(f, argv[++i], shown);
        }
        break;
      }
      continue;
    }
    if (!interspersed) {
      args.push(...argv.slice(i));
      break;
    }
    args.push(a);
  }
  return { flags, changed, args };
}

/** A pflag "invalid argument" error for a value a command validates itself (exit 125). */
export function invalidFlagValue(specs: readonly FlagSpec[], name: string, raw: string, why: string): FlagError {
  const f = specs.find((s) => s.name === name);
  const shown = f?.short ? `-${f.short}, --${name}` : `--${name}`;
  return new FlagError(`invalid argument "${raw}" for "${shown}" flag: ${why}`);
}

/** Flag value helpers: ParsedArgs holds a union; these narrow it. */
export const flagStr = (a: ParsedArgs, name: string): string => String(a.flags[name] ?? '');
export const flagBool = (a: ParsedArgs, name: string): boolean => a.flags[name] === true;
export const flagList = (a: ParsedArgs, name: string): string[] => (Array.isArray(a.flags[name]) ? (a.flags[name] as string[]) : []);
export const flagNum = (a: ParsedArgs, name: string): number => Number(a.flags[name] as FlagValue);
