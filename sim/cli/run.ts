/** `swarmsim run FILE [--seed N] [--json]` */
import { runScenario, type StepRun } from '../scenario/run.js';
import { TIMINGS } from '../simulation.js';
import { expectPositionals, intOption, parseCommandArgs } from './args.js';
import { loadScenario } from './files.js';
import { jsonRun, transcriptStep } from './format.js';
import { RUN_HELP } from './help.js';
import type { CliIO } from './io.js';
import { Progress } from './progress.js';

export function runCommand(args: string[], io: CliIO): number {
  const { values, positionals } = parseCommandArgs('run', args, {
    seed: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout.write(RUN_HELP);
    return 0;
  }
  expectPositionals('run', positionals, ['FILE']);
  const seed = intOption('run', 'seed', values.seed);
  const file = positionals[0];
  const scenario = loadScenario(io.cwd, file);

  const json = values.json === true;
  // A transcript on a terminal is its own progress report; JSON, or a redirected transcript, is not.
  const progress = new Progress(io.stderr, json || !io.stdout.isTTY);
  const warn = (s: StepRun): void => {
    if (s.settled) return;
    progress.clear();
    io.stderr.write(
      s.unsettled === 'crash-loop'
        ? `note: ${file}:${s.step.line}: a task fails over and over (a crash loop): the simulation stopped settling at its second failure\n`
        : `warning: ${file}:${s.step.line}: the simulation did not settle within ${TIMINGS.settleLimitMs / 60_000} minutes of virtual time\n`,
    );
  };
  let previous: StepRun | null = null;
  const run = runScenario(scenario, {
    seed,
    onStep: (s, total) => {
      warn(s);
      if (!json) {
        progress.clear();
        io.stdout.write(transcriptStep(s, previous));
      }
      previous = s;
      progress.show(`${file}: step ${s.index + 1}/${total}`);
    },
  });
  progress.clear();
  if (json) io.stdout.write(JSON.stringify(jsonRun(run), null, 2) + '\n');

  const differ = run.steps.filter((s) => s.check && !s.check.ok).length;
  if (differ > 0) {
    io.stderr.write(`note: ${differ} command${differ === 1 ? '' : 's'} printed other than expected (see "swarmsim test ${file}")\n`);
  }
  return 0;
}
