/** `swarmsim explain FILE TASK [--step N] [--seed N] [--json]`, `swarmsim explain FILE --node NAME ...` */
import { explainTask, type PlacementExplanation } from '../explain.js';
import { explainNode, type HistoryStep } from '../explain/node.js';
import type { Scenario } from '../scenario/ast.js';
import { runScenario, type ScenarioRun } from '../scenario/run.js';
import { expectPositionals, intOption, parseCommandArgs } from './args.js';
import { loadScenario } from './files.js';
import { formatExplanation, formatNodeExplanation } from './format.js';
import { EXPLAIN_HELP } from './help.js';
import { UsageError, type CliIO } from './io.js';

/** Other seeds tried to show how a tie could have gone: a few runs at most. */
export const OTHER_SEEDS = 4;

export function explainCommand(args: string[], io: CliIO): number {
  const { values, positionals } = parseCommandArgs('explain', args, {
    step: { type: 'string' },
    seed: { type: 'string' },
    node: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout.write(EXPLAIN_HELP);
    return 0;
  }
  const nodeName = typeof values.node === 'string' ? values.node : undefined;
  if (nodeName !== undefined) expectPositionals('explain', positionals, ['FILE']);
  else expectPositionals('explain', positionals, ['FILE', 'TASK']);
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
  if (nodeName !== undefined) {
    const ex = explainNode(snap, nodeName, history(run));
    if (!ex) {
      const known = snap.nodes.map((n) => n.hostname);
      throw new UsageError(`explain: no node ${JSON.stringify(nodeName)} ${where}${known.length ? ` (nodes: ${known.join(', ')})` : ' (there is no swarm)'}`);
    }
    if (values.json) io.stdout.write(JSON.stringify(ex, null, 2) + '\n');
    else io.stdout.write(`Explaining node ${ex.node} ${where}.\n\n` + formatNodeExplanation(ex));
    return 0;
  }
  const task = run.sim.resolveTask(ref);
  if (!task) {
    const names = [...new Set(snap.tasks.map((t) => t.name))];
    const known = names.length ? ` (tasks: ${names.slice(0, 10).join(', ')}${names.length > 10 ? ', ...' : ''})` : ' (there are no tasks)';
    throw new UsageError(`explain: no task ${JSON.stringify(ref)} ${where}${known}`);
  }
  const explanation = explainTask(snap, task.id);
  if (!explanation) throw new UsageError(`explain: task ${task.id} is not in the snapshot ${where}`);
  const placedStep = explanation.decision ? placedDuring(run, task.id) : null;
  const passStep = explanation.lastPass ? stepAt(run, explanation.lastPass.time) : null;
  const seeds = explanation.decision && explanation.decision.tie.length > 1 ? otherSeeds(scenario, run.seed, step, explanation) : null;
  if (values.json) {
    io.stdout.write(JSON.stringify({ ...explanation, placedDuring: placedStep, lastPassDuring: passStep, otherSeeds: seeds }, null, 2) + '\n');
  } else {
    const ctx = {
      placedDuring: placedStep ? `during step ${placedStep.step} (line ${placedStep.line})` : undefined,
      otherSeeds: seeds ? seedSentence(seeds, explanation) : undefined,
      lastPassDuring: passStep ? `during step ${passStep.step} (line ${passStep.line}, at ${explanation.lastPass!.time} ms)` : undefined,
    };
    io.stdout.write(`Explaining ${explanation.task.name} ${where}.\n\n` + formatExplanation(explanation, ctx));
  }
  return 0;
}

function history(run: ScenarioRun): HistoryStep[] {
  return run.steps.map((s, i) => ({ step: i + 1, line: s.step.line, source: s.step.source.split('\n')[0], events: s.events }));
}

function placedDuring(run: ScenarioRun, taskId: string): { step: number; line: number } | null {
  for (let i = run.steps.length - 1; i >= 0; i--) {
    if (run.steps[i].events.some((e) => e.kind === 'task.assigned' && e.subject === taskId)) return { step: i + 1, line: run.steps[i].step.line };
  }
  return null;
}

/** The step during which virtual time `time` passed: the first whose snapshot is at or after it. */
function stepAt(run: ScenarioRun, time: number): { step: number; line: number } | null {
  const i = run.steps.findIndex((s) => s.snapshot.time >= time);
  return i < 0 ? null : { step: i + 1, line: run.steps[i].step.line };
}

/** Where the same task (by name) is at the same step under a few other seeds. */
function otherSeeds(scenario: Scenario, seed: number, step: number | undefined, e: PlacementExplanation): { seed: number; node: string | null }[] {
  const out: { seed: number; node: string | null }[] = [];
  for (let k = 1; k <= OTHER_SEEDS; k++) {
    const s = seed + k;
    const other = runScenario(scenario, { seed: s, untilStep: step });
    const snap = other.steps.length ? other.steps[other.steps.length - 1].snapshot : other.initial;
    const t = snap.tasks.find((x) => x.name === e.task.name && x.desiredState === e.task.desiredState);
    const node = t ? (snap.nodes.find((n) => n.id === t.nodeId)?.hostname ?? null) : null;
    out.push({ seed: s, node });
    if (node !== null && node !== e.task.node && e.decision!.tie.includes(node)) break;
  }
  return out;
}

function seedSentence(seeds: { seed: number; node: string | null }[], e: PlacementExplanation): string {
  const moved = seeds.find((s) => s.node !== null && s.node !== e.task.node);
  if (moved) return `with seed ${moved.seed} it lands on ${moved.node}`;
  const tried = seeds.map((s) => s.seed);
  return `seeds ${tried[0]} to ${tried[tried.length - 1]} put it on ${e.task.node} too`;
}
