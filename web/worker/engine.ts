/**
 * The worker's side: parses and runs scenarios, and keeps the branch a user
 * types into. Also usable on the main thread when workers are unavailable.
 */
import { explainTask, type PlacementExplanation } from '../../sim/explain.js';
import { explainNode, type HistoryStep, type NodeExplanation } from '../../sim/explain/node.js';
import { ScenarioError, parseScenario, type Scenario } from '../../sim/scenario/parse.js';
import { ScenarioSession, runScenario, type StepRun } from '../../sim/scenario/run.js';
import type { SimSnapshot } from '../../sim/snapshot.js';
import type { RunData, RunError, ScenarioInfo, StepData } from '../model/run.js';
import { LIMITS, sizeProblem } from './limits.js';
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
  | { readonly type: 'explainNode'; readonly id: number; readonly snapshot: SimSnapshot; readonly machine: string; readonly history: readonly HistoryStep[] };

export type Response =
  | { readonly type: 'run'; readonly id: number; readonly ok: true; readonly run: RunData }
  | { readonly type: 'exec'; readonly id: number; readonly ok: true; readonly step: StepData }
  | { readonly type: 'discard'; readonly id: number; readonly ok: true }
  | { readonly type: 'check'; readonly id: number; readonly ok: true; readonly info: ScenarioInfo }
  | { readonly type: 'explain'; readonly id: number; readonly ok: true; readonly explanations: readonly (PlacementExplanation | null)[] }
  | { readonly type: 'reasons'; readonly id: number; readonly ok: true; readonly reasons: readonly NodeReasons[] }
  | { readonly type: 'explainNode'; readonly id: number; readonly ok: true; readonly node: NodeExplanation | null }
  | { readonly type: Request['type']; readonly id: number; readonly ok: false; readonly error: RunError };

class LimitError extends Error {}

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
    let taskFrames = 0;
    const run = runScenario(scenario, {
      seed: seed ?? undefined,
      onStep: (s) => {
        taskFrames += s.snapshot.tasks.length;
        if (taskFrames > LIMITS.maxTaskFrames) {
          throw new LimitError(
            `Stopped at step ${s.index + 1} (line ${s.step.line}): the replay would keep more than ` +
              `${LIMITS.maxTaskFrames.toLocaleString('en')} task states in memory. Use fewer replicas or fewer steps.`,
          );
        }
      },
    });
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
