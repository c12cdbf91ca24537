/** docker/cli's opts package: key=value lists, labels and env files as flags give them. */
import { DockerError } from '../errors.js';
import { invalidFlagValue, type FlagSpec } from './flags.js';
import { utf8Length } from './format/text.js';

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

/**
 * docker/cli v28.2.2 pkg/kvfile Parse, on a file's text: `KEY=VALUE` lines,
 * blank lines and `#` comments skipped, leading white space trimmed, a UTF-8
 * BOM dropped from the first line. A bare `KEY` takes the CLI's environment,
 * which is empty in the simulator, so it is dropped. Errors are Go's,
 * wrapped as Parse wraps them: `invalid env file (FILE): ...`.
 */
export function parseKVFile(filename: string, text: string): string[] {
  const out: string[] = [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop(); // bufio.ScanLines: no empty token after the last newline
  const wrap = (why: string): Error => new DockerError(`invalid env file (${filename}): ${why}`, false);
  lines.forEach((raw, i) => {
    // bufio.Scanner's default buffer: a line of 64 KiB or more stops the scan.
    if (utf8Length(raw) >= 64 * 1024) throw wrap('bufio.Scanner: token too long');
    let line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (i === 0 && line.startsWith('\uFEFF')) line = line.slice(1);
    line = line.replace(/^[\s\u0085\u00a0]+/u, '');
    if (line === '' || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    const key = eq < 0 ? line : line.slice(0, eq);
    if (key === '') throw wrap(`no variable name on line '${line}'`);
    if (/[ \t]/.test(key)) throw wrap(`variable '${key}' contains whitespaces`);
    if (eq >= 0) out.push(line);
  });
  return out;
}
