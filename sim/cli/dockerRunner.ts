/**
 * The user's own `docker` CLI, for `swarmsim import --docker`: spawned with
 * an argument array (no shell, so nothing in a name is ever interpreted),
 * against the current context (DOCKER_HOST, DOCKER_CONTEXT are the user's),
 * each command bounded in time and in output.
 */
import { spawn } from 'node:child_process';
import type { DockerRunner, Ran } from '../import/collect.js';
import { isReadOnly } from '../import/collect.js';

/** More than any swarm's inspect output; beyond it the command is stopped. */
const MAX_OUTPUT_BYTES = 256 * 1024 * 1024;

export function dockerRunner(binary: string, timeoutMs: number, env: Readonly<Record<string, string | undefined>>): DockerRunner {
  return (argv) =>
    new Promise<Ran>((resolve, reject) => {
      // Checked here too: this is the one place that starts a process.
      if (!isReadOnly(argv)) {
        reject(new Error(`refusing to run "docker ${argv.join(' ')}": not a read-only command`));
        return;
      }
      const child = spawn(binary, [...argv], { shell: false, stdio: ['ignore', 'pipe', 'pipe'], env: { ...env } as NodeJS.ProcessEnv });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      let size = 0;
      let why: string | null = null;
      const stop = (reason: string): void => {
        why ??= reason;
        child.kill('SIGKILL');
      };
      const timer = setTimeout(() => stop(`no answer within ${timeoutMs / 1000} s (--timeout)`), timeoutMs);
      const take = (into: Buffer[]) => (b: Buffer) => {
        size += b.length;
        if (size > MAX_OUTPUT_BYTES) stop(`printed more than ${MAX_OUTPUT_BYTES} bytes`);
        else into.push(b);
      };
      child.stdout.on('data', take(out));
      child.stderr.on('data', take(err));
      child.on('error', (e: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(new Error(e.code === 'ENOENT' ? `cannot run ${binary}: not found (install the docker CLI, or give --docker-bin PATH)` : `cannot run ${binary}: ${e.message}`));
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        if (why !== null) reject(new Error(`"docker ${argv.join(' ')}" ${why}`));
        else resolve({ code: code ?? 1, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
      });
    });
}
