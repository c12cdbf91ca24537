/**
 * Argument parsing for the swarmsim commands: node:util parseArgs, strict,
 * with its errors turned into one-line usage errors.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './io.js';

export type Options = NonNullable<ParseArgsConfig['options']>;

export interface Parsed {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** `see "swarmsim run --help"`: every usage error says where the usage is. */
export function seeHelp(command: string): string {
  return `see "swarmsim ${command} --help"`;
}

export function parseCommandArgs(command: string, args: string[], options: Options): Parsed {
  try {
    const { values, positionals } = parseArgs({ args, options, allowPositionals: true, strict: true });
    return { values: values as Parsed['values'], positionals };
  } catch (e) {
    throw new UsageError(`${command}: ${describeParseError(e)} (${seeHelp(command)})`);
  }
}

/** parseArgs' messages, shortened to what the user needs. */
function describeParseError(e: unknown): string {
  const err = e as { code?: string; message?: string };
  const msg = err.message ?? String(e);
  const quoted = /'([^']+)'/.exec(msg)?.[1];
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${quoted ?? msg}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/argument missing/.test(msg)) return `option ${quoted?.replace(/ <value>$/, '') ?? ''} needs a value`;
      if (/ambiguous/.test(msg) && quoted) return `option ${quoted} needs a value (write ${quoted}=VALUE for a value starting with "-")`;
      if (/does not take an argument/.test(msg) && quoted) return `option ${quoted} takes no value`;
      return msg;
    default:
      return msg;
  }
}

/** An integer option such as `--seed` (negative allowed: front matter allows it too). */
export function intOption(command: string, name: string, raw: string | boolean | undefined, min?: number): number | undefined {
  if (raw === undefined || typeof raw === 'boolean') return undefined;
  if (!/^[+-]?\d+$/.test(raw.trim()) || !Number.isSafeInteger(Number(raw))) {
    throw new UsageError(`${command}: --${name} must be an integer, got ${JSON.stringify(raw)}`);
  }
  const n = Number(raw);
  if (min !== undefined && n < min) throw new UsageError(`${command}: --${name} must be at least ${min}, got ${n}`);
  return n;
}

export function expectPositionals(command: string, got: string[], names: string[], optional = 0): void {
  const min = names.length - optional;
  if (got.length < min) throw new UsageError(`${command}: missing ${names[got.length]} (${seeHelp(command)})`);
  if (got.length > names.length) {
    throw new UsageError(`${command}: unexpected argument ${JSON.stringify(got[names.length])} (${seeHelp(command)})`);
  }
}
