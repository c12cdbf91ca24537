/**
 * The `swarmsim` tool: dispatch to the commands, and the one place where
 * errors become exit statuses. A user's mistake is one line on stderr, never
 * a stack trace; only a bug in the simulator says "internal error".
 */
import { readFileSync } from 'node:fs';
import { ScenarioError } from '../scenario/errors.js';
import { EXPLAIN_HELP, RUN_HELP, SHELL_HELP, TEST_HELP, TOOL_HELP } from './help.js';
import { UsageError, type CliIO } from './io.js';

export type { CliIO } from './io.js';

type Command = (args: string[], io: CliIO) => number | Promise<number>;

// Loaded on use: `--help` and `--version` need none of the simulator.
const COMMANDS: Readonly<Record<string, { load: () => Promise<Command>; help: string }>> = {
  run: { load: async () => (await import('./run.js')).runCommand, help: RUN_HELP },
  test: { load: async () => (await import('./test.js')).testCommand, help: TEST_HELP },
  explain: { load: async () => (await import('./explain.js')).explainCommand, help: EXPLAIN_HELP },
  shell: { load: async () => (await import('./shell.js')).shellCommand, help: SHELL_HELP },
};

/** Exit status of a failure that is the simulator's fault (sysexits EX_SOFTWARE). */
export const EXIT_INTERNAL = 70;

export function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Runs `swarmsim ARGS`; resolves to the exit status. Never throws. */
export async function main(argv: string[], io: CliIO): Promise<number> {
  const [first, ...rest] = argv;
  try {
    if (first === undefined) {
      io.stderr.write(TOOL_HELP);
      return 2;
    }
    if (first === '-h' || first === '--help') {
      io.stdout.write(TOOL_HELP);
      return 0;
    }
    if (first === '-v' || first === '--version' || first === 'version') {
      io.stdout.write(`swarmsim ${version()}\n`);
      return 0;
    }
    if (first === 'help') {
      const topic = rest[0];
      if (topic === undefined) io.stdout.write(TOOL_HELP);
      else if (Object.hasOwn(COMMANDS, topic)) io.stdout.write(COMMANDS[topic].help);
      else throw new UsageError(`help: unknown command ${JSON.stringify(topic)} (commands: ${Object.keys(COMMANDS).join(', ')})`);
      return 0;
    }
    if (!Object.hasOwn(COMMANDS, first)) {
      const what = first.startsWith('-') ? `unknown option ${first}` : `unknown command ${JSON.stringify(first)}`;
      throw new UsageError(`${what} (commands: ${Object.keys(COMMANDS).join(', ')}; see "swarmsim --help")`);
    }
    // Help needs none of the simulator, so it works even when a module does not load.
    const beforeDashes = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
    if (beforeDashes.includes('--help') || beforeDashes.includes('-h')) {
      io.stdout.write(COMMANDS[first].help);
      return 0;
    }
    const command = await COMMANDS[first].load();
    return await command(rest, io);
  } catch (e) {
    return report(e, io, first);
  }
}

function report(e: unknown, io: CliIO, command: string | undefined): number {
  if (e instanceof UsageError) {
    io.stderr.write(`swarmsim: ${e.message}\n`);
    return e.exitCode;
  }
  if (e instanceof ScenarioError) {
    // FILE:LINE:COL: message, as compilers print it, so editors can jump there.
    io.stderr.write(`${e.toString()}\n`);
    return 2;
  }
  const why = e instanceof Error ? e.message : String(e);
  io.stderr.write(`swarmsim: internal error${command ? ` in "${command}"` : ''}: ${why}\n`);
  if (io.env.SWARMSIM_DEBUG && e instanceof Error && e.stack) io.stderr.write(`${e.stack}\n`);
  else io.stderr.write('(a bug in swarmsim: SWARMSIM_DEBUG=1 shows the stack trace)\n');
  return EXIT_INTERNAL;
}
