/**
 * What the UI keeps of a scenario run: the plain data of sim/scenario/run.ts's
 * ScenarioRun and StepRun without the Simulation and the parsed AST, so it
 * crosses from the worker by structured clone (shared task specs stay shared).
 */
import type { TraceEvent } from '../../sim/cluster/trace.js';
import type { SimSnapshot } from '../../sim/snapshot.js';

export interface StepData {
  /** 0-based; branch steps continue the numbering of the steps they follow. */
  readonly index: number;
  /** 1-based line of the prompt in the scenario text (0 for a typed branch step). */
  readonly line: number;
  readonly endLine: number;
  readonly narration: readonly string[];
  /** The command as written in the file, prompt included. */
  readonly source: string;
  readonly host: string;
  readonly command: string;
  readonly output: string;
  readonly exitCode: number;
  /** Virtual milliseconds after the step. */
  readonly time: number;
  readonly settled: boolean;
  readonly snapshot: SimSnapshot;
  readonly events: readonly TraceEvent[];
  /** null: the step has no expected output. */
  readonly check: { readonly ok: boolean; readonly diff: string } | null;
  /** Typed in the "try it" box, not part of the scenario. */
  readonly branch: boolean;
}

/** What the page shows of a scenario from its text alone. */
export interface ScenarioInfo {
  readonly title: string;
  readonly description: string;
  /** The front matter's `short:`, or ''. */
  readonly short: string;
  /** How many steps the text has. */
  readonly stepCount: number;
}

export interface RunData extends ScenarioInfo {
  readonly file: string;
  readonly title: string;
  readonly seed: number;
  readonly initial: SimSnapshot;
  readonly steps: readonly StepData[];
}

/** Where a failed parse or run points in the text. */
export interface RunError {
  readonly kind: 'syntax' | 'limit' | 'runtime' | 'timeout';
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
}

/** A frame is a point of the replay: 0 is before any step, k is after step k-1. */
export function frameSnapshot(run: RunData, steps: readonly StepData[], frame: number): SimSnapshot {
  return frame <= 0 ? run.initial : steps[Math.min(frame, steps.length) - 1].snapshot;
}

export function frameTime(run: RunData, steps: readonly StepData[], frame: number): number {
  return frameSnapshot(run, steps, frame).time;
}
