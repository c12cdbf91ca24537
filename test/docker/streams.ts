import type { CommandResult } from '../../sim/docker/command.js';

/** The two streams and the status, for exact comparisons; `output` (their interleaving) is tested on its own. */
export function streams(r: CommandResult): { stdout: string; stderr: string; exitCode: number } {
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
}
