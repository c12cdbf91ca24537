/** `swarmsim explain FILE TASK [--step N] [--seed N] [--json]` */
import { explainTask } from '../explain.js';
import { runScenario } from '../scenario/run.js';
import { expectPositionals, intOption, parseCommandArgs } from './args.js';
import { loadScenario } from './files.js';
import { formatExplanation } from './format.js';
import { EXPLAIN_HELP } from './help.js';
import { UsageError, type CliIO } from './io.js';

export function explainCommand(args: string[], io: CliIO): number {
  const { values, positionals } = parseCommandArgs('explain', args, {
    step: { type: 'string' },
    seed: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout.write(EXPLAIN_HELP);
    return 0;
  }
  expectPositionals('explain', positionals, ['FILE', 'TASK']);
  const [file, ref] = positionals;
  const seed = intOption('explain', 'seed', values.seed);
  const step = intOption('explain', 'step', values.step, 1);
  const scenario = loadScenario(io.cwd, file);
  if (step !== undefined && step > scenario.steps.length) {
    throw new UsageError(`explain: --step ${step} is past the end: ${file} has ${scenario.steps.length} step${scenario.steps.length === 1 ? '' : 's'}`);
  }

  const run = runScenario(scenario, { seed, untilStep: step });
  const where = step === undefined ? 'at the end of the scenario' : `after step ${step} (line ${scenario.steps[step - 1].line})`;
  const snap = run.steps.length ? run.steps[run.steps.length - 1].snapshot : run.initial;
  const task = run.sim.resolveTask(ref);
  if (!task) {
    const names = [...new Set(snap.tasks.map((t) => t.name))];
    const known = names.length ? ` (tasks: ${names.slice(0, 10).join(', ')}${names.length > 10 ? ', ...' : ''})` : ' (there are no tasks)';
    throw new UsageError(`explain: no task ${JSON.stringify(ref)} ${where}${known}`);
  }
  const explanation = explainTask(snap, task.id);
  if (!explanation) throw new UsageError(`explain: task ${task.id} is not in the snapshot ${where}`);
  if (values.json) io.stdout.write(JSON.stringify(explanation, null, 2) + '\n');
  else io.stdout.write(`Explaining ${explanation.task.name} ${where}.\n\n` + formatExplanation(explanation));
  return 0;
}

