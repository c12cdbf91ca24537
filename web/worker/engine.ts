/**
 * The worker's side: parses and runs scenarios, and keeps the branch a user
 * types into. Also usable on the main thread when workers are unavailable.
 */
import { explainTask, type PlacementExplanation } from '../../sim/explain.js';
import { explainNode, type HistoryStep, type NodeExplanation } from '../../sim/explain/node.js';
import { compareRuns, type SeedComparison } from '../../sim/explain/seeds.js';
import { ScenarioError, parseScenario, type Scenario } from '../../sim/scenario/parse.js';
import { ScenarioSession, runScenario, type StepRun } from '../../sim/scenario/run.js';
import type { SimSnapshot } from '../../sim/snapshot.js';
import type { RunData, RunError, ScenarioInfo, StepData } from '../model/run.js';
import { BundleError, parseBundle } from '../../sim/import/bundle.js';
import { importScenario } from '../../sim/import/scenario.js';
import { checkImport, withSeed } from '../../sim/import/simulate.js';
import { bundleSizeProblem, LIMITS, sizeProblem } from './limits.js';
import { emptyNodeReasons, type NodeReasons } from './nodeReasons.js';

export type Request =
  | { readonly type: 'run'; readonly id: number; readonly text: string; readonly file: string; readonly seed: number | null }
  | { readonly type: 'exec'; readonly id: number; readonly base: number; readonly line: string }
  | { readonly type: 'discard'; readonly id: number }
  /** Parse only: the editor's inline errors, and what the page shows of a scenario before it runs. */
  | { readonly type: 'check'; readonly id: number; readonly text: string; readonly file: string }
  /** Placement explanations of some tasks, against the state shown (which the page sends). */
  | { readonly type: 'explain'; readonly id: number; readonly snapshot: SimSnapshot; readonly tasks: readonly string[] }
  /** Why each empty node has no task of each service: the cards' reason slots. */
  | { readonly type: 'reasons'; readonly id: number; readonly snapshot: SimSnapshot }
  /** Why each service is or is not on a node, with the steps that caused it: the Why panel of a node. */
  | { readonly type: 'explainNode'; readonly id: number; readonly snapshot: SimSnapshot; readonly machine: string; readonly history: readonly HistoryStep[] }
  /** A bundle of a live swarm (swarmsim import's JSON) made into a scenario, checked against the swarm's placement. */
  | { readonly type: 'import'; readonly id: number; readonly text: string; readonly file: string }
  /** The last scenario run again with another seed: which placements differ, step by step. */
  | { readonly type: 'compareSeeds'; readonly id: number; readonly seed: number };

export type Response =
  | { readonly type: 'run'; readonly id: number; readonly ok: true; readonly run: RunData }
  | { readonly type: 'exec'; readonly id: number; readonly ok: true; readonly step: StepData }
  | { readonly type: 'discard'; readonly id: number; readonly ok: true }
  | { readonly type: 'check'; readonly id: number; readonly ok: true; readonly info: ScenarioInfo }
  | { readonly type: 'explain'; readonly id: number; readonly ok: true; readonly explanations: readonly (PlacementExplanation | null)[] }
  | { readonly type: 'reasons'; readonly id: number; readonly ok: true; readonly reasons: readonly NodeReasons[] }
  | { readonly type: 'explainNode'; readonly id: number; readonly ok: true; readonly node: NodeExplanation | null }
  | { readonly type: 'import'; readonly id: number; readonly ok: true; readonly imported: ImportedScenario }
  | { readonly type: 'compareSeeds'; readonly id: number; readonly ok: true; readonly comparison: SeedComparison }
  | { readonly type: Request['type']; readonly id: number; readonly ok: false; readonly error: RunError };

class LimitError extends Error {}

/** What the page gets of a bundle: the scenario to open, and what to say about it. */
export interface ImportedScenario {
  readonly text: string;
  readonly file: string;
  /** One line for the status bar: the placement reproduced, or how many services differ. */
  readonly summary: string;
  readonly notes: readonly string[];
}

/** Seeds tried in the page: fewer than the CLI's 16, since each is a whole run. */
const IMPORT_SEEDS = 8;
/** Real time the worker spends trying seeds (the first always runs). */
/** The seed search's bound in the worker, in simulated changes (checkImport's budget): about 8 s. */
const IMPORT_BUDGET = 320_000;

function importForPage(text: string, file: string): ImportedScenario {
  if (text.length > LIMITS.maxBundleChars) throw new LimitError(bundleSizeProblem(text.length));
  let bundle;
  try {
    bundle = parseBundle(text);
  } catch (e) {
    if (e instanceof BundleError) throw new LimitError(`${file} is not a swarmsim bundle: ${e.problems.slice(0, 3).join('; ')}${e.problems.length > 3 ? ` (and ${e.problems.length - 3} more)` : ''}`);
    throw e;
  }
  const imported = importScenario(bundle, { source: file });
  const tooBig = sizeProblem(imported.text.length);
  if (tooBig) throw new LimitError(`The scenario made from ${file} is too large for the page: ${tooBig} Use "swarmsim import" on the command line.`);
  // More seeds only while the page can wait: the run of the scenario is still to come.
  const check = checkImport(imported.text, bundle, { seeds: IMPORT_SEEDS, budget: IMPORT_BUDGET });
  const c = check.comparison;
  const summary = !bundle.hasTasks
    ? 'Imported: the bundle has no tasks, so the placement is not checked.'
    : c.differences.length === 0
      ? `Imported: the simulation reproduces the swarm's placement (${c.services} services, seed ${check.seed}).`
      : `Imported: the placement differs for ${c.differences.map((d) => d.service).join(', ')} (seed ${check.seed} comes closest; see the last steps).`;
  return { text: withSeed(imported.text, check.seed), file: file.replace(/\.json$/i, '') + '.swarm', summary, notes: imported.notes };
}

/** Stops a run whose replay would keep too many task states in memory. */
function taskFrameLimit(): (s: StepRun) => void {
  let taskFrames = 0;
  return (s) => {
    taskFrames += s.snapshot.tasks.length;
    if (taskFrames > LIMITS.maxTaskFrames) {
      throw new LimitError(
        `Stopped at step ${s.index + 1} (line ${s.step.line}): the replay would keep more than ` +
          `${LIMITS.maxTaskFrames.toLocaleString('en')} task states in memory. Use fewer replicas or fewer steps.`,
      );
    }
  };
}

export class Engine {
  private scenario: Scenario | null = null;
  private seed = 1;
  private session: { base: number; session: ScenarioSession } | null = null;

  handle(req: Request): Response {
    try {
      switch (req.type) {
        case 'run':
          return { type: 'run', id: req.id, ok: true, run: this.run(req.text, req.file, req.seed) };
        case 'exec':
          return { type: 'exec', id: req.id, ok: true, step: this.exec(req.base, req.line) };
        case 'discard':
          this.session = null;
          return { type: 'discard', id: req.id, ok: true };
        case 'check':
          return { type: 'check', id: req.id, ok: true, info: this.check(req.text, req.file) };
        case 'explain':
          return { type: 'explain', id: req.id, ok: true, explanations: req.tasks.map((t) => explainTask(req.snapshot, t)) };
        case 'reasons':
          return { type: 'reasons', id: req.id, ok: true, reasons: emptyNodeReasons(req.snapshot) };
        case 'explainNode':
          return { type: 'explainNode', id: req.id, ok: true, node: explainNode(req.snapshot, req.machine, req.history) };
        case 'import':
          return { type: 'import', id: req.id, ok: true, imported: importForPage(req.text, req.file) };
        case 'compareSeeds':
          return { type: 'compareSeeds', id: req.id, ok: true, comparison: this.compareSeeds(req.seed) };
      }
    } catch (e) {
      return { type: req.type, id: req.id, ok: false, error: toRunError(e) };
    }
  }

  private check(text: string, file: string): ScenarioInfo {
    const tooBig = sizeProblem(text.length);
    if (tooBig) throw new LimitError(tooBig);
    return info(parseScenario(text, file));
  }

  /** The last scenario under its seed and under `seedB`: the placements that differ after each step. */
  private compareSeeds(seedB: number): SeedComparison {
    if (!this.scenario) throw new LimitError('Run a scenario first: seeds are compared on the scenario shown.');
    if (!Number.isInteger(seedB) || seedB < 0 || seedB > 0xffffffff) throw new LimitError('A seed is a whole number from 0 to 4294967295.');
    // The run shown is run again rather than kept: holding every run's snapshots in the worker
    // would double its memory for the cost of a comparison few runs get.
    const a = runScenario(this.scenario, { seed: this.seed, onStep: taskFrameLimit() });
    const b = runScenario(this.scenario, { seed: seedB, onStep: taskFrameLimit() });
    return compareRuns(this.seed, a.steps, seedB, b.steps);
  }

  private run(text: string, file: string, seed: number | null): RunData {
    const tooBig = sizeProblem(text.length);
    if (tooBig) throw new LimitError(tooBig);
    const scenario = parseScenario(text, file);
    if (scenario.steps.length > LIMITS.maxSteps) {
      throw new LimitError(
        `This scenario has ${scenario.steps.length.toLocaleString('en')} steps: the limit is ${LIMITS.maxSteps.toLocaleString('en')}.`,
      );
    }
    this.scenario = scenario;
    this.session = null;
    const run = runScenario(scenario, { seed: seed ?? undefined, onStep: taskFrameLimit() });
    this.seed = run.seed;
    return {
      file,
      ...info(scenario),
      title: scenario.meta.title ?? file,
      seed: run.seed,
      initial: run.initial,
      steps: run.steps.map((s) => stepData(s, false)),
    };
  }

  /** Runs a typed line after step `base` (a frame number: that many scenario steps run first). */
  private exec(base: number, line: string): StepData {
    if (!this.scenario) throw new LimitError('Run a scenario first.');
    if (line.length > LIMITS.maxLineChars) throw new LimitError(`The line is too long (limit ${LIMITS.maxLineChars} characters).`);
    if (!this.session || this.session.base !== base) {
      const run = runScenario(this.scenario, { seed: this.seed, untilStep: base });
      this.session = { base, session: new ScenarioSession(run, '<try it>') };
    }
    return stepData(this.session.session.exec(line), true);
  }
}

function info(s: Scenario): ScenarioInfo {
  return { title: s.meta.title ?? s.file, description: s.meta.description ?? '', short: s.meta.short ?? '', stepCount: s.steps.length };
}

function stepData(s: StepRun, branch: boolean): StepData {
  return {
    index: s.index,
    line: branch ? 0 : s.step.line,
    endLine: branch ? 0 : s.step.endLine,
    narration: s.step.narration,
    source: s.step.source,
    host: s.host,
    command: s.command,
    output: s.output,
    exitCode: s.exitCode,
    time: s.time,
    settled: s.settled,
    snapshot: s.snapshot,
    events: s.events,
    check: s.check ? { ok: s.check.ok, diff: s.check.diff } : null,
    branch,
  };
}

function toRunError(e: unknown): RunError {
  if (e instanceof ScenarioError) return { kind: 'syntax', message: e.message, line: e.line, column: e.column };
  if (e instanceof LimitError) return { kind: 'limit', message: e.message };
  if (e instanceof RangeError) return { kind: 'limit', message: `The simulation ran out of room: ${e.message}` };
  return { kind: 'runtime', message: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
}
