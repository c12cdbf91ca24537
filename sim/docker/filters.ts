import { DockerError } from '../errors.js';
import { searchPattern } from '../linearRegex.js';
import { invalidFlagValue, type FlagSpec } from './flags.js';

/**
 * Daemon-side filters (moby daemon/internal/filters): key -> set of values,
 * parsed from `--filter` values the way opts.FilterOpt does.
 */
export class Filters {
  readonly fields = new Map<string, Set<string>>();

  /** opts.FilterOpt.Set for each `--filter` value; a value without `=` is a flag error. */
  static parse(specs: readonly FlagSpec[], values: readonly string[], flag = 'filter'): Filters {
    const f = new Filters();
    for (const v of values) {
      if (v === '') continue;
      const eq = v.indexOf('=');
      if (eq < 0) throw invalidFlagValue(specs, flag, v, 'bad format of filter (expected name=value)');
      const name = v.slice(0, eq).trim().toLowerCase();
      const set = f.fields.get(name) ?? new Set<string>();
      set.add(v.slice(eq + 1).trim());
      f.fields.set(name, set);
    }
    return f;
  }

  /** Args.Validate: `invalid filter 'x'` (a daemon error). */
  validate(accepted: readonly string[]): void {
    for (const k of this.fields.keys()) if (!accepted.includes(k)) throw new DockerError(`invalid filter '${k}'`);
  }

  contains(key: string): boolean {
    return this.fields.has(key);
  }

  get(key: string): string[] {
    return [...(this.fields.get(key) ?? [])];
  }

  exactMatch(key: string, source: string): boolean {
    const vals = this.fields.get(key);
    return !vals || vals.size === 0 || vals.has(source);
  }

  /** Args.Match: exact, or the value as an (unanchored) regular expression. */
  match(key: string, source: string): boolean {
    if (this.exactMatch(key, source)) return true;
    for (const v of this.fields.get(key) ?? []) {
      // Go skips values that do not compile; it matches in linear time (RE2), and so must this.
      if (searchPattern(v)?.test(source)) return true;
    }
    return false;
  }

  fuzzyMatch(key: string, source: string): boolean {
    if (this.exactMatch(key, source)) return true;
    return [...(this.fields.get(key) ?? [])].some((p) => source.startsWith(p));
  }

  /** Args.GetBoolOrDefault. */
  getBool(key: string, def: boolean): boolean {
    const vals = this.fields.get(key);
    if (!vals) return def;
    const isFalse = vals.has('0') || vals.has('false');
    const isTrue = vals.has('1') || vals.has('true');
    if (vals.size === 0 || isFalse === isTrue) throw new DockerError(`invalid filter '${key}=[${this.get(key).join(' ')}]'`);
    return isTrue;
  }

  /** Args.MatchKVList: every `k` or `k=v` value must be in `sources`. */
  matchKVList(key: string, sources: Readonly<Record<string, string>>): boolean {
    const vals = this.fields.get(key);
    if (!vals || vals.size === 0) return true;
    if (Object.keys(sources).length === 0) return false;
    for (const v of vals) {
      const eq = v.indexOf('=');
      const k = eq < 0 ? v : v.slice(0, eq);
      if (!(k in sources)) return false;
      if (eq >= 0 && sources[k] !== v.slice(eq + 1)) return false;
    }
    return true;
  }
}
