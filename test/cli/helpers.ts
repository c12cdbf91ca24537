/** Running the CLI in-process, as the tests of test/cli do. */
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { main } from '../../sim/cli/cli.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const FIX = 'test/fixtures';

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** The CLI in-process, from `cwd` (the project root by default), with captured output and piped stdin. */
export async function cli(args: string[], stdin = '', stderrIsTTY = false, cwd = ROOT): Promise<Result> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s), isTTY: stderrIsTTY },
    stdin: Readable.from(stdin ? [stdin] : []),
    cwd,
    env: {},
  });
  return { code, stdout, stderr };
}

export const lastLine = (s: string): string => s.trimEnd().split('\n').at(-1) ?? '';
export const STACK = /^\s+at /m;
