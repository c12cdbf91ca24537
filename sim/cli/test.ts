/** `swarmsim test [--update] [--no-lint] FILE|DIR...` */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Scenario } from '../scenario/ast.js';
import { ScenarioError } from '../scenario/errors.js';
import { formatProblem, lintRun } from '../scenario/lint.js';
import { parseScenario } from '../scenario/parse.js';
import { runScenario, type ScenarioRun } from '../scenario/run.js';
import { updateExpectations } from '../scenario/update.js';
import { parseCommandArgs, seeHelp } from './args.js';
import { findScenarios, localFileReader, readText } from './files.js';
import { TEST_HELP } from './help.js';
import { libraryProblems } from './lint.js';
import { FileError, UsageError, type CliIO } from './io.js';
import { Progress } from './progress.js';

/** What one scenario file gave: '' report when it passed. */
export interface Outcome {
  ok: boolean;
  /** Notes, diffs, errors and lint problems, each line ending in "\n". */
  report: string;
}

export interface TestOptions {
  /** Rewrite the expected output from the actual one (--update). */
  update: boolean;
  /** Check the library's rules too (default; --no-lint turns it off). */
  lint: boolean;
}

export function testCommand(args: string[], io: CliIO): number {
  const { values, positionals } = parseCommandArgs('test', args, {
    update: { type: 'boolean', short: 'u' },
    'no-lint': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout.write(TEST_HELP);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError(`test: missing FILE or DIR (${seeHelp('test')})`);
  const files = findScenarios(io.cwd, positionals);
  const opts: TestOptions = { update: values.update === true, lint: values['no-lint'] !== true };

  const progress = new Progress(io.stderr, files.length > 1);
  let passed = 0;
  let failed = 0;
  files.forEach((file, k) => {
    progress.show(`[${k + 1}/${files.length}] ${file}`);
    const r = testFile(io, file, opts);
    progress.clear();
    io.stdout.write(`${r.ok ? 'PASS' : 'FAIL'} ${file}\n${r.report}`);
    if (r.ok) passed++;
    else failed++;
  });
  io.stdout.write(`${passed} passed, ${failed} failed\n`);
  return failed > 0 ? 1 : 0;
}

export function testFile(io: CliIO, file: string, opts: TestOptions = { update: false, lint: true }): Outcome {
  let text = readText(io.cwd, file);
  let report = '';
  let tried = attempt(io, file, text);
  if (!tried.ok) return { ok: false, report: tried.report };

  if (opts.update) {
    const { text: next, updated } = updateExpectations(text, tried.run);
    if (updated.length > 0) {
      try {
        writeFileSync(resolve(io.cwd, file), next);
      } catch (e) {
        throw new FileError(file, `cannot write the updated scenario: ${(e as Error).message}`);
      }
      const n = updated.length;
      report += `${file}: updated the expected output of ${n} step${n === 1 ? '' : 's'} (line${n === 1 ? '' : 's'} ${updated.join(', ')})\n`;
      // Run what was written: it must pass as it stands.
      text = next;
      tried = attempt(io, file, text);
      if (!tried.ok) return { ok: false, report: report + tried.report };
    }
  }

  const { scenario, run } = tried;
  let ok = true;
  for (const s of run.steps) {
    if (!s.check || s.check.ok) continue;
    ok = false;
    report += `${file}:${s.step.line}\n${s.check.diff}`;
  }
  if (opts.lint) {
    for (const p of [...libraryProblems(io, scenario, text), ...lintRun(scenario, run)].sort((a, b) => a.line - b.line)) {
      ok = false;
      report += formatProblem(p) + '\n';
    }
  }
  return { ok, report };
}

type Attempt = { ok: true; scenario: Scenario; run: ScenarioRun } | { ok: false; report: string };

/** Parses and runs: a malformed scenario or a simulator bug fails this file without stopping the others. */
function attempt(io: CliIO, file: string, text: string): Attempt {
  let scenario: Scenario;
  try {
    scenario = parseScenario(text, file, { readLocalFile: localFileReader(io.cwd, file) });
  } catch (e) {
    if (e instanceof ScenarioError) return { ok: false, report: `${e.report()}\n` };
    throw e;
  }
  try {
    return { ok: true, scenario, run: runScenario(scenario) };
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    if (io.env.SWARMSIM_DEBUG && e instanceof Error && e.stack) io.stderr.write(e.stack + '\n');
    return { ok: false, report: `${file}: internal error while running the scenario: ${why}\n` };
  }
}
