/** docker/cli's opts package: key=value lists and labels as flags give them. */
import { invalidFlagValue, type FlagSpec } from './flags.js';

/** opts.ConvertKVStringsToMap: `k=v` pairs; a bare `k` maps to "". */
export function kvMap(list: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of list) {
    const eq = s.indexOf('=');
    if (eq < 0) out[s] = '';
    else out[s.slice(0, eq)] = s.slice(eq + 1);
  }
  return out;
}

/** opts.ValidateLabel, as a flag validator (throws the pflag error). */
export function validateLabels(specs: readonly FlagSpec[], name: string, values: readonly string[]): void {
  for (const v of values) {
    const key = v.split('=')[0].replace(/^[ \t]+/, '');
    if (key === '') throw invalidFlagValue(specs, name, v, `invalid label '${v}': empty name`);
    if (/[ \t]/.test(key)) throw invalidFlagValue(specs, name, v, `label '${key}' contains whitespaces`);
  }
}
