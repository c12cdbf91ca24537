/** `swarmsim test FILE|DIR...` */
import { ScenarioError } from '../scenario/errors.js';
import { runScenario } from '../scenario/run.js';
import { parseCommandArgs, seeHelp } from './args.js';
import { findScenarios, loadScenario } from './files.js';
import { TEST_HELP } from './help.js';
import { UsageError, type CliIO } from './io.js';
import { Progress } from './progress.js';

/** What one scenario file gave: '' report when it passed. */
interface Outcome {
  ok: boolean;
  /** Diffs or the error, each line ending in "\n". */
  report: string;
}

export function testCommand(args: string[], io: CliIO): number {
  const { values, positionals } = parseCommandArgs('test', args, { help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    io.stdout.write(TEST_HELP);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError(`test: missing FILE or DIR (${seeHelp('test')})`);
  const files = findScenarios(io.cwd, positionals);

  const progress = new Progress(io.stderr, files.length > 1);
  let passed = 0;
  let failed = 0;
  files.forEach((file, k) => {
    progress.show(`[${k + 1}/${files.length}] ${file}`);
    const r = testFile(io, file);
    progress.clear();
    io.stdout.write(`${r.ok ? 'PASS' : 'FAIL'} ${file}\n${r.report}`);
    if (r.ok) passed++;
    else failed++;
  });
  io.stdout.write(`${passed} passed, ${failed} failed\n`);
  return failed > 0 ? 1 : 0;
}

export function testFile(io: CliIO, file: string): Outcome {
  let scenario;
  try {
    scenario = loadScenario(io.cwd, file);
  } catch (e) {
    // A malformed scenario fails like a mismatch (nothing of it runs); a missing file stays a usage error.
    if (e instanceof ScenarioError) return { ok: false, report: `${e.toString()}\n` };
    throw e;
  }
  let run;
  try {
    run = runScenario(scenario);
  } catch (e) {
    // A simulator bug must not hide the other scenarios' results.
    const why = e instanceof Error ? e.message : String(e);
    if (io.env.SWARMSIM_DEBUG && e instanceof Error && e.stack) io.stderr.write(e.stack + '\n');
    return { ok: false, report: `${file}: internal error while running the scenario: ${why}\n` };
  }
  let report = '';
  for (const s of run.steps) {
    if (!s.check || s.check.ok) continue;
    report += `${file}:${s.step.line}\n${s.check.diff}`;
  }
  return { ok: report === '', report };
}
