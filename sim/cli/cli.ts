/**
 * The `swarmsim` tool: dispatch to the commands, and the one place where
 * errors become exit statuses. A user's mistake is one line on stderr, never
 * a stack trace; only a bug in the simulator says "internal error".
 */
import { readFileSync } from 'node:fs';
import { reportError } from './errors.js';
import { EXPLAIN_HELP, IMPORT_HELP, LINT_HELP, RUN_HELP, SHELL_HELP, TEST_HELP, TOOL_HELP } from './help.js';
import { UsageError, type CliIO } from './io.js';

export type { CliIO } from './io.js';

type Command = (args: string[], io: CliIO) => number | Promise<number>;

// Loaded on use: `--help` and `--version` need none of the simulator.
const COMMANDS: Readonly<Record<string, { load: () => Promise<Command>; help: string }>> = {
  run: { load: async () => (await import('./run.js')).runCommand, help: RUN_HELP },
  test: { load: async () => (await import('./test.js')).testCommand, help: TEST_HELP },
  lint: { load: async () => (await import('./lint.js')).lintCommand, help: LINT_HELP },
  explain: { load: async () => (await import('./explain.js')).explainCommand, help: EXPLAIN_HELP },
  shell: { load: async () => (await import('./shell.js')).shellCommand, help: SHELL_HELP },
  import: { load: async () => (await import('./import.js')).importCommand, help: IMPORT_HELP },
};

export { EXIT_INTERNAL } from './errors.js';

/** Commands whose `--json` output covers their errors too. */
const JSON_ERRORS = new Set(['run', 'explain', 'import']);

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
  const beforeDashes = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
  const json = first !== undefined && JSON_ERRORS.has(first) && beforeDashes.includes('--json');
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
    if (beforeDashes.includes('--help') || beforeDashes.includes('-h')) {
      io.stdout.write(COMMANDS[first].help);
      return 0;
    }
    const command = await COMMANDS[first].load();
    return await command(rest, io);
  } catch (e) {
    return reportError(e, io, first, json);
  }
}
