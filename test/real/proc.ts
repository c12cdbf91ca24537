/**
 * Running host programs for the real-Swarm harness: every call has a time
 * bound, and a failure carries what the program printed.
 */
import { spawn, spawnSync, type SpawnOptions } from 'node:child_process';

export interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export class HostCommandError extends Error {
  constructor(
    readonly argv: readonly string[],
    readonly ran: Ran,
  ) {
    super(`${argv.join(' ')} exited ${ran.code}: ${(ran.stderr || ran.stdout).trim().slice(0, 2000)}`);
    this.name = 'HostCommandError';
  }
}

/** Runs argv to completion (at most `timeoutMs`); throws on a non-zero exit unless `check` is false. */
export function run(argv: readonly string[], o: { input?: string | Buffer; timeoutMs?: number; check?: boolean; env?: NodeJS.ProcessEnv } = {}): Ran {
  const r = spawnSync(argv[0], argv.slice(1), {
    input: o.input,
    timeout: o.timeoutMs ?? 60_000,
    env: o.env ?? process.env,
    maxBuffer: 256 * 1024 * 1024,
  });
  const ran: Ran = {
    code: r.status ?? (r.signal ? 128 : 1),
    stdout: r.stdout?.toString() ?? '',
    stderr: (r.stderr?.toString() ?? '') + (r.error ? String(r.error) : ''),
  };
  if (o.check !== false && ran.code !== 0) throw new HostCommandError(argv, ran);
  return ran;
}

/** The same, without blocking the event loop (the registry and PTY readers keep running). */
export function runAsync(
  argv: readonly string[],
  o: { timeoutMs?: number; check?: boolean; env?: NodeJS.ProcessEnv; input?: string } = {},
): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const opts: SpawnOptions = { env: o.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] };
    const child = spawn(argv[0], argv.slice(1), opts);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (b: Buffer) => out.push(b));
    child.stderr?.on('data', (b: Buffer) => err.push(b));
    child.stdin?.end(o.input ?? '');
    const timer = setTimeout(() => child.kill('SIGKILL'), o.timeoutMs ?? 60_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const ran: Ran = { code: code ?? (signal ? 128 : 1), stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() };
      if (o.check !== false && ran.code !== 0) reject(new HostCommandError(argv, ran));
      else resolve(ran);
    });
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((ok) => setTimeout(ok, ms));

/** Polls `probe` every `everyMs` until it returns a value other than undefined, or `timeoutMs` passes. */
export async function waitFor<T>(probe: () => Promise<T | undefined> | T | undefined, timeoutMs: number, everyMs = 250): Promise<T | undefined> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() >= until) return undefined;
    await sleep(everyMs);
  }
}
