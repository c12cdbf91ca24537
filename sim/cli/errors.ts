/**
 * How the tool reports a failure: text on stderr, or with `--json` a JSON
 * document on stdout. The JSON fields are a public contract (only ever
 * added to): `{"errors": [{"kind", "file", "line", "column", "message"}]}`,
 * one object per error, every parse error of a scenario included.
 */
import { ScenarioError } from '../scenario/errors.js';
import { FileError, UsageError, type CliIO } from './io.js';

/** Exit status of a failure that is the simulator's fault (sysexits EX_SOFTWARE). */
export const EXIT_INTERNAL = 70;

export interface JsonError {
  /** `scenario`: the file is malformed; `file`: it cannot be read; `usage`: how the tool was called; `internal`: a bug. */
  kind: 'scenario' | 'file' | 'usage' | 'internal';
  /** The file as the user named it, or null when the error is about no file. */
  file: string | null;
  /** 1-based line and column in the file, or null. */
  line: number | null;
  column: number | null;
  /** The description, without the location. */
  message: string;
}

export function jsonErrors(e: unknown, command: string | undefined): { errors: JsonError[] } {
  if (e instanceof ScenarioError) {
    return { errors: e.errors.map((x) => ({ kind: 'scenario', file: x.file, line: x.line, column: x.column, message: x.message })) };
  }
  if (e instanceof FileError) return { errors: [{ kind: 'file', file: e.file, line: null, column: null, message: e.reason }] };
  if (e instanceof UsageError) return { errors: [{ kind: 'usage', file: null, line: null, column: null, message: e.message }] };
  return { errors: [{ kind: 'internal', file: null, line: null, column: null, message: internalMessage(e, command) }] };
}

function internalMessage(e: unknown, command: string | undefined): string {
  const why = e instanceof Error ? e.message : String(e);
  return `internal error${command ? ` in "${command}"` : ''}: ${why}`;
}

/** Writes the failure `e` and returns the exit status. */
export function reportError(e: unknown, io: CliIO, command: string | undefined, json: boolean): number {
  const status = e instanceof UsageError ? e.exitCode : e instanceof ScenarioError ? 2 : EXIT_INTERNAL;
  if (json) {
    io.stdout.write(JSON.stringify(jsonErrors(e, command), null, 2) + '\n');
    if (status === EXIT_INTERNAL) debugTrace(e, io);
    return status;
  }
  if (e instanceof UsageError) io.stderr.write(`swarmsim: ${e.message}\n`);
  // FILE:LINE:COL: message, as compilers print it, so editors can jump there; one line per error.
  else if (e instanceof ScenarioError) io.stderr.write(`${e.report()}\n`);
  else {
    io.stderr.write(`swarmsim: ${internalMessage(e, command)}\n`);
    if (!debugTrace(e, io)) io.stderr.write('(a bug in swarmsim: SWARMSIM_DEBUG=1 shows the stack trace)\n');
  }
  return status;
}

function debugTrace(e: unknown, io: CliIO): boolean {
  if (!io.env.SWARMSIM_DEBUG || !(e instanceof Error) || !e.stack) return false;
  io.stderr.write(`${e.stack}\n`);
  return true;
}
