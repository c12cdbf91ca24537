/** `swarmsim import (--docker | BUNDLE) [-o FILE]`: a live swarm as a scenario. */
import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseBundle, type Bundle } from '../import/bundle.js';
import { collectBundle, CollectError } from '../import/collect.js';
import { formatComparison } from '../import/compare.js';
import { checkImport, withSeed } from '../import/simulate.js';
import { importScenario } from '../import/scenario.js';
import { BundleError } from '../import/bundle.js';
import { expectPositionals, intOption, parseCommandArgs, seeHelp } from './args.js';
import { dockerRunner } from './dockerRunner.js';
import { readText } from './files.js';
import { IMPORT_HELP } from './help.js';
import { FileError, UsageError, type CliIO } from './io.js';

async function readStdin(io: CliIO): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of io.stdin) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** Wall time the seed search may take: a large swarm's scenario takes seconds a run. */
/** The seed search's bound, in simulated changes (checkImport's budget): about 30 s of simulation. */
const SEED_BUDGET = 1_200_000;

export async function importCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs('import', args, {
    docker: { type: 'boolean' },
    output: { type: 'string', short: 'o' },
    force: { type: 'boolean', short: 'f' },
    'bundle-out': { type: 'string' },
    'docker-bin': { type: 'string' },
    timeout: { type: 'string' },
    'no-check': { type: 'boolean' },
    seeds: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout.write(IMPORT_HELP);
    return 0;
  }
  const fromDocker = values.docker === true;
  if (fromDocker && positionals.length > 0) throw new UsageError(`import: give --docker or a BUNDLE file, not both (${seeHelp('import')})`);
  if (!fromDocker) expectPositionals('import', positionals, ['BUNDLE']);
  if (!fromDocker && values['bundle-out'] !== undefined) throw new UsageError(`import: --bundle-out needs --docker (${seeHelp('import')})`);
  const seeds = intOption('import', 'seeds', values.seeds, 1) ?? 16;
  const timeoutS = intOption('import', 'timeout', values.timeout, 1) ?? 60;
  const output = values.output as string | undefined;
  const force = values.force === true;
  for (const f of [output, values['bundle-out'] as string | undefined]) {
    if (f !== undefined && f !== '-' && !force && existsSync(resolve(io.cwd, f))) throw new FileError(f, 'exists (give -f to overwrite it)');
  }

  let text: string;
  let source: string;
  if (fromDocker) {
    const bin = (values['docker-bin'] as string | undefined) ?? 'docker';
    let raw: Record<string, unknown>;
    try {
      raw = await collectBundle(dockerRunner(bin, timeoutS * 1000, io.env));
    } catch (e) {
      if (e instanceof CollectError || (e instanceof Error && !(e instanceof TypeError) && !(e instanceof RangeError))) throw new UsageError(`import: ${e.message}`, 1);
      throw e;
    }
    text = JSON.stringify(raw, null, 1);
    source = 'docker (the current context)';
    const bundleOut = values['bundle-out'] as string | undefined;
    if (bundleOut !== undefined) writeOut(io, bundleOut, text + '\n');
  } else {
    const file = positionals[0];
    text = file === '-' ? await readStdin(io) : readText(io.cwd, file);
    source = file === '-' ? 'standard input' : file;
  }

  let bundle: Bundle;
  try {
    bundle = parseBundle(text);
  } catch (e) {
    if (e instanceof BundleError) throw new UsageError(`import: ${source}: malformed bundle: ${e.message}`);
    throw e;
  }
  const result = importScenario(bundle, { source });
  // The first seed always runs; more while the search has spent less than SEED_BUDGET.
  const check = values['no-check'] === true ? null : checkImport(result.text, bundle, { seeds, budget: SEED_BUDGET });
  // The seed under which the simulation reproduces the swarm best is the scenario's.
  if (check && check.seed !== 1) result.text = withSeed(result.text, check.seed);

  if (values.json === true) {
    const comparison = check && bundle.hasTasks ? check.comparison : null;
    const out = { scenario: result.text, notes: result.notes, seed: check?.seed ?? 1, comparison, differingSteps: check?.differingSteps ?? null };
    io.stdout.write(JSON.stringify(out, null, 2) + '\n');
    if (output !== undefined && output !== '-') writeOut(io, output, result.text);
    return 0;
  }
  const toFile = output !== undefined && output !== '-';
  if (toFile) writeOut(io, output, result.text);
  else io.stdout.write(result.text);
  // The report goes where it does not mix with the scenario.
  const report = toFile ? io.stdout : io.stderr;
  if (toFile) report.write(`wrote ${output}: ${result.machines.size} machines, ${bundle.services.length} services\n`);
  for (const n of result.notes) report.write(`note: ${n}\n`);
  if (check) {
    const how = check.comparison.differences.length === 0 ? 'reproduces the swarm' : 'comes closest';
    if (check.seed !== 1) report.write(`seed ${check.seed} (of ${check.tried} tried) ${how}: the scenario has "seed: ${check.seed}"\n`);
    else if (check.tried > 1) report.write(`${check.tried} seeds tried, none reproduces the swarm better than seed 1\n`);
    if (check.tried < seeds && check.comparison.differences.length > 0) {
      report.write(`(the search stopped after ${check.tried} of ${seeds} seeds: its budget of ${SEED_BUDGET.toLocaleString('en-US')} simulated changes was spent)\n`);
    }
    // Without tasks the real placement is unknown: nothing to compare it with.
    if (bundle.hasTasks) report.write(formatComparison(check.comparison));
    else report.write('The bundle has no tasks: the real placement is unknown, and not checked.\n');
    for (const d of check.differingSteps) report.write(`differs: line ${d.line}: ${d.command} (see "swarmsim test --no-lint ${toFile ? output : 'FILE'}")\n`);
  }
  return 0;
}

function writeOut(io: CliIO, file: string, text: string): void {
  try {
    writeFileSync(resolve(io.cwd, file), text);
  } catch (e) {
    throw new FileError(file, (e as Error).message);
  }
}
