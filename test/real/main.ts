/**
 * `npm run real -- FILE.swarm`: replays a scenario on a real multi-node
 * Swarm made on this machine and prints the real transcript in the scenario
 * format. `npm run real -- --record [FILE...]` records the whole library (or
 * the files given) into test/real/recorded/, a transcript and a state file
 * per scenario, for the differential test. Needs root, Debian's docker.io,
 * iproute2, a C compiler and the docker 28.2.2 client (see README).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseScenario } from '../../sim/scenario/parse.js';
import { prerequisites } from './lab.js';
import { LAB_MAX_MACHINES, machinesOf, recordingDir, replay, type RecordedStep } from './replay.js';
import { transcript } from './transcript.js';

const ROOT = resolve(import.meta.dirname, '../..');

function usage(): never {
  process.stderr.write('usage: npm run real -- FILE.swarm [--keep]\n       npm run real -- --record [FILE.swarm...]\n');
  process.exit(2);
}

function progress(file: string) {
  return (s: RecordedStep, i: number, total: number): void => {
    const mark = s.reachedPrediction ? '' : `\n    did not reach the simulator's state:\n      ${s.differences.join('\n      ')}`;
    process.stderr.write(`${basename(file)} ${i + 1}/${total} ${s.source.split('\n')[0]}  [${s.exitCode}] ${s.commandMs}+${s.settleMs} ms${mark}\n`);
  };
}

async function main(argv: string[]): Promise<void> {
  const record = argv.includes('--record');
  const keep = argv.includes('--keep');
  const files = argv.filter((a) => !a.startsWith('--'));
  if (!record && files.length !== 1) usage();
  const missing = prerequisites();
  if (missing.length) {
    process.stderr.write(`npm run real: this machine lacks ${missing.join(', ')}\n`);
    process.exit(1);
  }
  const targets = record && files.length === 0 ? readdirSync(join(ROOT, 'scenarios')).filter((f) => f.endsWith('.swarm')).sort().map((f) => join('scenarios', f)) : files;
  for (const file of targets) {
    const scenario = parseScenario(readFileSync(file, 'utf8'), file);
    if (record && machinesOf(scenario).length > LAB_MAX_MACHINES) {
      process.stderr.write(`skipped ${file}: ${machinesOf(scenario).length} machines, more than the lab's ${LAB_MAX_MACHINES}\n`);
      continue;
    }
    const started = Date.now();
    const rec = await replay({ file, scenario, keep, onStep: progress(file) });
    const text = transcript(rec, scenario);
    if (!record) {
      process.stdout.write(text);
    } else {
      const dir = recordingDir(ROOT);
      const name = basename(file, '.swarm');
      writeFileSync(join(dir, `${name}.swarm`), text);
      const { logs: _logs, ...state } = rec;
      writeFileSync(join(dir, `${name}.json`), JSON.stringify(state, null, 1) + '\n');
      process.stderr.write(`recorded ${name} in ${Math.round((Date.now() - started) / 1000)} s\n`);
    }
    if (rec.logs && rec.steps.some((s) => !s.reachedPrediction)) process.stderr.write(`engine logs:\n${rec.logs}\n`);
  }
}

main(process.argv.slice(2)).catch((e: unknown) => {
  process.stderr.write(`npm run real: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exit(1);
});
