/**
 * `npm run fuzz -- [--seed N] [--inputs N] [--cli-inputs N] [--area parser,docker,compose,template,cli] [--only K] [--out DIR] [--jobs J] [--hang-ms MS]`:
 * runs the fuzzer (test/fuzz/fuzz.ts), prints each finding with a one-command
 * reproducer, writes its input as a scenario file, and exits 1 if there was any.
 * --jobs J shares the inputs among J processes (one per core).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AREAS, fuzzAll, type Area } from './fuzz.js';

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const k = args.indexOf(`--${name}`);
  return k >= 0 ? args[k + 1] : undefined;
};
const seed = Number(opt('seed') ?? Date.now() % 1_000_000);
const inputs = Number(opt('inputs') ?? 2500);
// The CLI area runs whole commands (and some processes): by default a tenth as many inputs.
const cliInputs = Number(opt('cli-inputs') ?? Math.ceil(inputs / 10));
const areas = (opt('area')?.split(',') ?? AREAS) as Area[];
const only = opt('only') === undefined ? undefined : Number(opt('only'));
// An input may take this long before it counts as a hang: a 10,000-replica service is a second of real work.
const hangMs = Number(opt('hang-ms') ?? 10_000);
const out = opt('out') ?? 'fuzz-findings';
for (const a of areas) if (!AREAS.includes(a)) throw new Error(`unknown area ${a}: expected ${AREAS.join(', ')}`);

const jobs = Number(opt('jobs') ?? 1);
const worker = opt('worker');
if (jobs > 1 && worker === undefined && only === undefined) {
  // The parent only splits the work: each child prints its own findings and total.
  const start = performance.now();
  const self = fileURLToPath(import.meta.url);
  const codes = await Promise.all(
    Array.from({ length: jobs }, (_, k) =>
      new Promise<number>((done) => {
        const child = spawn(process.execPath, ['--import', 'tsx', self, ...args, '--worker', `${k}/${jobs}`], { stdio: 'inherit' });
        child.on('exit', (code) => done(code ?? 1));
      }),
    ),
  );
  const secs = (performance.now() - start) / 1000;
  const total = inputs * areas.filter((a) => a !== 'cli').length + (areas.includes('cli') ? cliInputs : 0);
  console.log(`\nall ${jobs} jobs: ${total} inputs in ${secs.toFixed(1)} s (${Math.round(total / secs)}/s): ${codes.some((c) => c !== 0) ? 'findings above' : 'no finding'}`);
  process.exit(codes.some((c) => c !== 0) ? 1 : 0);
}
const shard = worker === undefined ? undefined : { index: Number(worker.split('/')[0]), of: Number(worker.split('/')[1]) };

let last: { area: Area; k: number; at: number } | null = null;
const start = performance.now();
console.log(`fuzz: seed ${seed}, ${only !== undefined ? `input ${only}` : `${inputs} inputs`} per area (${areas.join(', ')})${shard ? `, share ${shard.index + 1} of ${shard.of}` : ''}`);
const findings = await fuzzAll({
  seed,
  inputs,
  cliInputs,
  hangMs,
  areas,
  only,
  shard,
  onInput(area, k) {
    // A line now and then, and one for any input that took over 10 s (its reproducer).
    const now = performance.now();
    if (last && now - last.at > 10_000) console.log(`slow: ${last.area} input ${last.k} took ${Math.round((now - last.at) / 1000)} s (npm run fuzz -- --area ${last.area} --seed ${seed} --only ${last.k})`);
    if (k % 20_000 < (shard?.of ?? 1)) console.log(`at ${area} ${k}`);
    last = { area, k, at: now };
  },
  onFinding(f) {
    mkdirSync(out, { recursive: true });
    const path = join(out, `${f.area}-${f.seed}-${f.index}.swarm`);
    writeFileSync(path, f.scenario);
    console.log(`\n${f.kind} in ${f.area}, input ${f.index}: ${f.detail.split('\n').slice(0, 6).join('\n  ')}`);
    console.log(`  reproduce: npm run fuzz -- --area ${f.area} --seed ${f.seed} --only ${f.index}   (input: ${path})`);
  },
});
const secs = (performance.now() - start) / 1000;
const share = (n: number): number => (only !== undefined ? 1 : shard ? Math.ceil((n - shard.index) / shard.of) : n);
const total = share(inputs) * areas.filter((a) => a !== 'cli').length + (areas.includes('cli') ? share(cliInputs) : 0);
console.log(`\n${total} inputs in ${secs.toFixed(1)} s (${Math.round(total / secs)}/s): ${findings.length} finding(s)`);
process.exit(findings.length > 0 ? 1 : 0);
