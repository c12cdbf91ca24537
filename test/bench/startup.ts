/**
 * `npm run bench:startup`: how long `swarmsim` takes to start, against a bare
 * `node -e 0`, each a fresh process as a user's shell starts it. Runs the
 * compiled CLI (lib/, which the script builds first). Figures only: no test
 * asserts a timing.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = `${ROOT}bin/swarmsim.js`;
const RUNS = Number(process.env.RUNS ?? 30);
const WARM_UP = 5;

const workloads: [name: string, args: string[]][] = [
  ['node -e 0', ['-e', '0']],
  ['swarmsim --help', [BIN, '--help']],
  ['swarmsim --version', [BIN, '--version']],
  ['swarmsim lint (1 scenario)', [BIN, 'lint', 'scenarios/weave2-network-plugin.swarm']],
  ['swarmsim run (weave2, 15 steps)', [BIN, 'run', 'scenarios/weave2-network-plugin.swarm']],
];

function time(args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'ignore' });
  const ms = performance.now() - t0;
  if (r.status !== 0 && args[0] !== '-e') throw new Error(`${args.join(' ')} exited ${r.status}`);
  return ms;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

console.log(`start-up, ${RUNS} runs each after ${WARM_UP} warm-up runs (node ${process.version})`);
console.log(`${'command'.padEnd(34)} ${'median ms'.padStart(10)} ${'min-max ms'.padStart(14)} ${'over node'.padStart(10)}`);
let base = 0;
for (const [name, args] of workloads) {
  for (let i = 0; i < WARM_UP; i++) time(args);
  const times = Array.from({ length: RUNS }, () => time(args));
  const m = median(times);
  if (name === 'node -e 0') base = m;
  const range = `${Math.min(...times).toFixed(0)}-${Math.max(...times).toFixed(0)}`;
  const over = name === 'node -e 0' ? '' : `+${(m - base).toFixed(0)} ms`;
  console.log(`${name.padEnd(34)} ${m.toFixed(1).padStart(10)} ${range.padStart(14)} ${over.padStart(10)}`);
}
