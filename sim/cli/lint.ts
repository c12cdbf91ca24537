/** `swarmsim lint FILE|DIR...`: the library's rules, without running anything. */
import type { Scenario } from '../scenario/ast.js';
import { ScenarioError } from '../scenario/errors.js';
import { formatProblem, lintRecording, lintScenario, type LintProblem } from '../scenario/lint.js';
import { parseScenario } from '../scenario/parse.js';
import { parseCommandArgs, seeHelp } from './args.js';
import { findScenarios, localFileReader, readText, recordingOf } from './files.js';
import { LINT_HELP } from './help.js';
import { UsageError, type CliIO } from './io.js';

export function lintCommand(args: string[], io: CliIO): number {
  const { values, positionals } = parseCommandArgs('lint', args, { help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    io.stdout.write(LINT_HELP);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError(`lint: missing FILE or DIR (${seeHelp('lint')})`);
  let passed = 0;
  let failed = 0;
  for (const file of findScenarios(io.cwd, positionals)) {
    const text = readText(io.cwd, file);
    let report: string;
    try {
      report = libraryProblems(io, parseScenario(text, file, { readLocalFile: localFileReader(io.cwd, file) }), text).map((p) => formatProblem(p) + '\n').join('');
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw e;
      report = `${e.report()}\n`;
    }
    io.stdout.write(`${report === '' ? 'PASS' : 'FAIL'} ${file}\n${report}`);
    if (report === '') passed++;
    else failed++;
  }
  io.stdout.write(`${passed} passed, ${failed} failed\n`);
  return failed > 0 ? 1 : 0;
}

/** The rules read from the file, and in a swarmsim checkout its library scenarios' recordings on a real Swarm. */
export function libraryProblems(io: CliIO, scenario: Scenario, text: string): LintProblem[] {
  const recording = recordingOf(io.cwd, scenario.file);
  return [...lintScenario(scenario, text), ...(recording ? lintRecording(scenario, recording) : [])];
}
