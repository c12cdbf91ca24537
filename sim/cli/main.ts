/**
 * Entry point of `swarmsim` (npm run swarmsim, bin/swarmsim.js): runs the
 * CLI on this process. The logic is in cli.ts, which tests call directly.
 */
import { main } from './cli.js';

// `swarmsim run x | head` closes the pipe early: that is not an error worth a trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  cwd: process.cwd(),
  env: process.env,
});
