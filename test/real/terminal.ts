/**
 * Runs one docker command as a user at a terminal would see it: the real
 * 28.2.2 client under a pseudo-terminal (util-linux `script`), its output
 * rendered by a headless terminal emulator (@xterm/headless), and the final
 * screen read back. Progress displays that redraw in place (service create,
 * plugin install) so end as their last frame, exactly what a scenario's
 * expected output shows. Here-documents are the command's standard input,
 * as a shell gives them; a permission prompt is answered `y` once it shows.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import xterm from '@xterm/headless';

export const COLUMNS = 200;
const ROWS = 50;
/** No command of a scenario runs longer than this; a progress display that never converges is interrupted (^C). */
export const COMMAND_TIMEOUT_MS = 90_000;

export interface TerminalRun {
  readonly output: string;
  readonly exitCode: number;
  readonly timedOut: boolean;
  readonly ms: number;
}

const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

export interface DockerInvocation {
  readonly client: string;
  readonly socket: string;
  readonly configDir: string;
  readonly argv: readonly string[];
  readonly stdin: string | null;
  readonly workDir: string;
  readonly timeoutMs?: number;
}

export async function runInTerminal(inv: DockerInvocation): Promise<TerminalRun> {
  let redirect = '';
  if (inv.stdin !== null) {
    const f = join(inv.workDir, 'stdin');
    writeFileSync(f, inv.stdin);
    redirect = ` < ${shellQuote(f)}`;
  }
  const cmd = `stty cols ${COLUMNS} rows ${ROWS} 2>/dev/null; exec ${shellQuote(inv.client)} ${inv.argv.map(shellQuote).join(' ')}${redirect}`;
  const started = Date.now();
  const child = spawn('script', ['-q', '-e', '-c', cmd, '/dev/null'], {
    env: { ...process.env, DOCKER_HOST: `unix://${inv.socket}`, DOCKER_CONFIG: inv.configDir, TERM: 'xterm', LANG: 'C.UTF-8' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const chunks: Buffer[] = [];
  let answered = false;
  let tail = '';
  child.stdout.on('data', (b: Buffer) => {
    chunks.push(b);
    tail = (tail + b.toString('latin1')).slice(-200);
    // docker/cli command/plugin/install.go acceptPrivileges: typed at a terminal, the answer is echoed.
    if (!answered && /\[y\/N\] $/.test(tail)) {
      answered = true;
      child.stdin.write('y\r');
    }
  });
  child.stderr.on('data', (b: Buffer) => chunks.push(b));
  let timedOut = false;
  const limit = inv.timeoutMs ?? COMMAND_TIMEOUT_MS;
  const timer = setTimeout(() => {
    timedOut = true;
    child.stdin.write('\x03'); // ^C, as a user would: the CLI says "Operation continuing in background."
    setTimeout(() => child.kill('SIGKILL'), 5_000);
  }, limit);
  const code: number = await new Promise((ok) => child.on('close', (c, sig) => ok(c ?? (sig ? 130 : 1))));
  clearTimeout(timer);
  return { output: await render(Buffer.concat(chunks)), exitCode: code, timedOut, ms: Date.now() - started };
}

/** The screen a terminal shows after `bytes`: scrollback and screen, wrapped lines joined, trailing blanks dropped. */
export async function render(bytes: Buffer): Promise<string> {
  const term = new xterm.Terminal({ cols: COLUMNS, rows: ROWS, scrollback: 1_000_000, allowProposedApi: true });
  await new Promise<void>((ok) => term.write(bytes, ok));
  const buf = term.buffer.active;
  const lines: string[] = [];
  for (let i = 0; i < buf.length; i++) {
    const line = buf.getLine(i);
    if (!line) continue;
    const text = line.translateToString(true);
    if (line.isWrapped && lines.length > 0) lines[lines.length - 1] += text;
    else lines.push(text);
  }
  term.dispose();
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  return lines.map((l) => l.trimEnd()).join('\n');
}
