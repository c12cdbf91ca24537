/**
 * The system under test of the model-based tests: one Simulation, stepped
 * one command at a time. A step runs the command as its scenario line would
 * run in a `.swarm` file, lets the swarm settle (virtual time is free), then
 * checks the invariants; the first step with a violation throws an
 * InvariantViolation naming the step and what broke.
 */
import { DockerError } from '../errors.js';
import { parseScenario } from '../scenario/parse.js';
import { runStep } from '../scenario/run.js';
import type { Step } from '../scenario/ast.js';
import { Simulation } from '../simulation.js';
import { snapshot, type SimSnapshot } from '../snapshot.js';
import type { CommandRunner, SwarmCommand } from './commands.js';
import { checkInvariants, DEFAULT_INVARIANTS, type Invariant, type Violation } from './invariants.js';
import { modelOf, type SwarmModel } from './model.js';
import { Observer } from './observer.js';

export interface StepRecord {
  /** 0-based position among the steps run so far. */
  readonly index: number;
  readonly line: string;
  /**
   * What the terminal showed when the command exited non-zero: a refusal
   * (daemon or CLI error), or a failure after acting (an update that paused);
   * null when it succeeded.
   */
  readonly refused: string | null;
  /** The command's exit status (0 when it succeeded). */
  readonly exitCode: number;
  readonly violations: readonly Violation[];
  /** Virtual time after the step settled (or gave up settling: a crash loop never settles). */
  readonly time: number;
  /** False when the step could not settle (a crash loop). */
  readonly settled: boolean;
}

export class InvariantViolation extends Error {
  constructor(
    readonly step: StepRecord,
    readonly steps: readonly StepRecord[],
  ) {
    super(
      `after step ${step.index + 1} \`${step.line}\` (t=${step.time} ms):\n` +
        step.violations.map((v) => `  - ${v.invariant}: ${v.message}`).join('\n'),
    );
    this.name = 'InvariantViolation';
  }
}

export interface RealOptions {
  /** State invariants checked after every step (default DEFAULT_INVARIANTS). */
  readonly invariants?: readonly Invariant[];
  /** Check assignments and state order as they happen (default true). */
  readonly observe?: boolean;
  /**
   * Violations to let pass, e.g. known simulator bugs awaiting a fix: keep
   * these narrow, and pin each bug with its own failing test. A run that
   * hits one stops checking there: what follows a bug proves nothing (the
   * remaining steps are skipped, and the case counts as passed).
   */
  readonly tolerate?: (v: Violation, sim: Simulation) => boolean;
  /** Run the commands' own checks across their step (default true). */
  readonly stepChecks?: boolean;
  /** Called with each new Simulation before the first step (add registry plugins, instrument it...). */
  readonly prepare?: (sim: Simulation) => void;
  /**
   * How commands reach the simulation: `scenario` (default) runs each
   * command's scenario line as a `.swarm` file would (sim/scenario/run.ts:
   * the docker front end, then a settle), so that a counterexample written as
   * a scenario replays exactly; `api` calls the Simulation methods directly
   * (SwarmCommand.apply, then a settle), faster and independent of the CLI.
   */
  readonly via?: 'scenario' | 'api';
}

export class SwarmReal implements CommandRunner {
  readonly sim: Simulation;
  readonly observer: Observer | null;
  readonly steps: StepRecord[] = [];
  /** The violations let pass by `tolerate`; once there is one, steps do nothing. */
  readonly tolerated: Violation[] = [];
  /**
   * Set when a step left a crash loop behind (see crashLoop): every later step
   * would spend its settle restarting the task for hours of virtual time, so
   * the case ends there, as after a tolerated violation.
   */
  crashLooping = false;
  private readonly invariants: readonly Invariant[];
  private readonly tolerate: ((v: Violation, sim: Simulation) => boolean) | null;
  /** Whether commands' afterStep checks run (off when nothing is checked at all). */
  private readonly checksSteps: boolean;
  private readonly via: 'scenario' | 'api';

  constructor(
    readonly seed: number,
    opts: RealOptions = {},
  ) {
    this.sim = new Simulation({ seed });
    this.observer = opts.observe === false ? null : new Observer(this.sim);
    this.invariants = opts.invariants ?? DEFAULT_INVARIANTS;
    this.tolerate = opts.tolerate ?? null;
    this.checksSteps = opts.stepChecks ?? true;
    this.via = opts.via ?? 'scenario';
    opts.prepare?.(this.sim);
  }

  model(): SwarmModel {
    return modelOf(this.sim);
  }

  /** Runs one command and checks everything; throws InvariantViolation on the first broken invariant. */
  step(cmd: SwarmCommand): StepRecord {
    const sim = this.sim;
    const line = cmd.toScenarioLine();
    if (this.tolerated.length > 0 || this.crashLooping)
      return { index: this.steps.length, line, refused: null, exitCode: 0, violations: [], time: sim.now, settled: true };
    const idleBefore = sim.world.clock.idle;
    const before = cmd.watchesStep && this.checksSteps ? snapshot(sim) : null;
    const traceLength = sim.world.trace.length;
    const violations: Violation[] = [];
    let refused: string | null = null;
    let exitCode = 0;
    const crash = (e: unknown): void =>
      void violations.push({ invariant: 'noCrash', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    let settled = true;
    let elapsed = 0;
    let crashed = false;
    let after: SimSnapshot | null = null;
    const start = sim.now;
    try {
      if (this.via === 'scenario') {
        // Exactly what a `.swarm` file does with this line (sim/scenario/run.ts): the docker front
        // end, then a settle (but not after `sim$ sleep`).
        const run = runStep(sim, parsedLine(line), this.steps.length);
        exitCode = run.exitCode;
        if (run.exitCode !== 0) refused = run.output.replace(/\n+$/, '') || `exit status ${run.exitCode}`;
        settled = run.settled;
        after = run.snapshot;
      } else {
        try {
          cmd.apply(sim);
        } catch (e) {
          if (!(e instanceof DockerError)) throw e;
          refused = e.display;
          exitCode = e.exitCode;
        }
        settled = sim.settle().settled;
      }
      elapsed = sim.now - start;
    } catch (e) {
      crashed = true;
      crash(e);
    }
    // A refusal changes nothing (the Simulation's contract). A command that acted, then failed while
    // waiting for convergence (`service update paused: ...`), shows progress first: that is no refusal.
    // (Only judged from a settled start: otherwise the settle after the command carries on earlier work.)
    if (refused !== null && idleBefore && !refused.includes('overall progress:') && sim.world.trace.length !== traceLength) {
      const kinds = sim.world.trace.slice(traceLength).map((t) => t.kind);
      violations.push({
        invariant: 'refusedCommandsChangeNothing',
        message: `refused with "${refused}" but recorded ${kinds.slice(0, 8).join(', ')}${kinds.length > 8 ? `, ... (${kinds.length} events)` : ''}`,
      });
    }
    if (!settled) {
      if (crashLoop(sim, traceLength)) this.crashLooping = true;
      else violations.push({ invariant: 'settles', message: `still busy after ${elapsed} ms of virtual time, with no task failing` });
    }
    if (!crashed) {
      try {
        if (this.observer) violations.push(...this.observer.drain());
        const wantsAfter = before !== null && refused === null;
        if (this.invariants.length > 0 || wantsAfter) {
          const snap = after ?? snapshot(sim);
          violations.push(...checkInvariants(sim, this.invariants, snap));
          if (wantsAfter) violations.push(...cmd.afterStep(before, snap));
        }
      } catch (e) {
        crash(e);
      }
    }
    const kept = this.tolerate ? violations.filter((v) => !this.tolerate!(v, sim)) : violations;
    if (kept.length < violations.length) this.tolerated.push(...violations.filter((v) => !kept.includes(v)));
    const rec: StepRecord = { index: this.steps.length, line, refused, exitCode, violations: kept, time: sim.now, settled };
    this.steps.push(rec);
    if (kept.length > 0) throw new InvariantViolation(rec, this.steps);
    return rec;
  }
}

/**
 * Parsed scenario lines, shared by every case: the same few hundred lines
 * recur across a run, and a parsed step is never changed once made. Bounded,
 * so that a long run of distinct lines cannot grow it without end.
 */
const PARSED = new Map<string, Step>();
const PARSED_MAX = 10_000;

function parsedLine(line: string): Step {
  let step = PARSED.get(line);
  if (!step) {
    if (PARSED.size >= PARSED_MAX) PARSED.clear();
    step = parseScenario(`${line}\n`, '<property>').steps[0];
    PARSED.set(line, step);
  }
  return step;
}

/**
 * Whether the step left the swarm in a crash loop: a task failing or being
 * rejected over and over (a volume name taken by another driver, say). The
 * restart policy (any, unlimited) restarts it forever upstream too, so the
 * step cannot settle; that is no violation. Judged on the last ten minutes
 * of virtual time of the step.
 */
function crashLoop(sim: Simulation, from: number): boolean {
  const trace = sim.world.trace;
  const since = sim.now - 10 * 60_000;
  let failures = 0;
  for (let i = trace.length - 1; i >= from && trace[i].time >= since; i--) {
    const e = trace[i];
    if (e.kind === 'task.state' && (e.after === 'rejected' || e.after === 'failed')) failures++;
  }
  return failures >= 2;
}
