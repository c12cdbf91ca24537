/**
 * Running properties: fast-check's check with the number of runs, seed and
 * path taken from the environment, a timing line, and on failure a report
 * with the seed, the shrunk case, and the path of a `.swarm` scenario that
 * reproduces it.
 *
 *   SWARMSIM_PROP_RUNS   cases per property (default 1000)
 *   SWARMSIM_PROP_SEED   replay a reported failure: its seed...
 *   SWARMSIM_PROP_PATH   ...and its path
 *   SWARMSIM_ARTIFACTS   where counterexamples go (default test-artifacts)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { swarmCase, type SwarmArbitraryOptions, type SwarmCase } from './arbitraries.js';
import type { CommandRunner } from './commands.js';
import { SwarmReal, type RealOptions } from './real.js';
import { toScenario } from './scenario.js';

/** Runs a case under fast-check's model-based runner; throws InvariantViolation at the first broken invariant. */
export function runCase(c: SwarmCase, opts: RealOptions = {}): SwarmReal {
  let real: SwarmReal | null = null;
  fc.modelRun(() => {
    const r = new SwarmReal(c.seed, opts);
    real = r;
    for (const cmd of c.setup) r.step(cmd);
    return { model: r.model(), real: r as CommandRunner };
  }, c.commands);
  return real!;
}

const envInt = (name: string): number | undefined => {
  const v = process.env[name];
  return v === undefined || v === '' ? undefined : Number(v);
};

/** Cases per property: SWARMSIM_PROP_RUNS, default 1000. */
export function propertyRuns(fallback = 1000): number {
  return envInt('SWARMSIM_PROP_RUNS') ?? fallback;
}

export interface PropertyRun {
  readonly name: string;
  readonly numRuns: number;
  readonly seconds: number;
  readonly casesPerSecond: number;
  readonly seed: number;
}

export interface PropertyOptions<T> {
  readonly numRuns?: number;
  readonly seed?: number;
  readonly path?: string;
  /** Where counterexamples are written; null: nowhere. Default SWARMSIM_ARTIFACTS or `test-artifacts`. */
  readonly counterexampleDir?: string | null;
  /** The failing value as a `.swarm` scenario (null: none). */
  readonly scenario?: (value: T, where: { seed: number; path: string }) => string | null;
  /** Prints the timing line (default console.log). */
  readonly log?: ((line: string) => void) | null;
  /** Shrink a failure to a smaller case (default true; false reports the first failure found). */
  readonly shrink?: boolean;
  /**
   * A clock in milliseconds for the timing line (the caller passes the performance clock).
   * sim/ reads no wall-clock time of its own, so without one the line gives
   * the cases and the seed but no speed.
   */
  readonly stopwatch?: () => number;
}

/**
 * fast-check's assert, plus what a CI log needs: the number of cases and the
 * time they took, and on failure the seed, the path and the file the
 * counterexample was written to, all in the error message.
 */
export function assertProperty<T>(name: string, arbitrary: fc.Arbitrary<T>, predicate: (value: T) => void, opts: PropertyOptions<T> = {}): PropertyRun {
  const numRuns = opts.numRuns ?? propertyRuns();
  const seed = opts.seed ?? envInt('SWARMSIM_PROP_SEED');
  const path = opts.path ?? process.env.SWARMSIM_PROP_PATH ?? undefined;
  const start = opts.stopwatch?.() ?? 0;
  const details = fc.check(fc.property(arbitrary, predicate), { numRuns, seed, path, endOnFailure: path !== undefined || opts.shrink === false });
  const seconds = opts.stopwatch ? (opts.stopwatch() - start) / 1000 : NaN;
  const run: PropertyRun = { name, numRuns: details.numRuns, seconds, casesPerSecond: details.numRuns / seconds, seed: details.seed };
  if (!details.failed) {
    const log = opts.log === undefined ? console.log : opts.log;
    const speed = opts.stopwatch ? ` in ${seconds.toFixed(1)} s (${Math.round(run.casesPerSecond)} cases/s, seed ${details.seed})` : ` (seed ${details.seed})`;
    log?.(`property ${name}: ${details.numRuns} cases${speed}`);
    return run;
  }
  let where = '';
  const dir = opts.counterexampleDir === undefined ? (process.env.SWARMSIM_ARTIFACTS ?? 'test-artifacts') : opts.counterexampleDir;
  if (dir !== null && details.counterexample && opts.scenario) {
    try {
      const text = opts.scenario(details.counterexample[0], { seed: details.seed, path: details.counterexamplePath ?? '' });
      if (text !== null) {
        mkdirSync(dir, { recursive: true });
        const file = join(dir, `counterexample-${details.seed}.swarm`);
        writeFileSync(file, text);
        where = `\nCounterexample scenario: ${file}`;
      }
    } catch (e) {
      where = `\n(could not write the counterexample scenario: ${e instanceof Error ? e.message : String(e)})`;
    }
  }
  const replay = `\nReplay with SWARMSIM_PROP_SEED=${details.seed} SWARMSIM_PROP_PATH="${details.counterexamplePath ?? ''}"`;
  const report = fc.defaultReportMessage(details) ?? '';
  const err = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  const got = report.includes(err) ? '' : `\nGot error: ${err}`;
  throw new Error(`property ${name} failed\n${report}${got}${where}${replay}`);
}

export interface SwarmPropertyOptions extends PropertyOptions<SwarmCase>, RealOptions {
  /** The cases (default swarmCase(arbitraryOptions)). */
  readonly arbitrary?: fc.Arbitrary<SwarmCase>;
  readonly arbitraryOptions?: SwarmArbitraryOptions;
  /** Called with each case's simulation after it passed (for statistics). */
  readonly afterCase?: (real: SwarmReal) => void;
}

/**
 * The model-based property: for every generated case, every step keeps the
 * invariants. Failures are written as `.swarm` scenarios.
 */
export function assertSwarmProperty(name: string, opts: SwarmPropertyOptions = {}): PropertyRun {
  const real: RealOptions = {
    invariants: opts.invariants,
    observe: opts.observe,
    tolerate: opts.tolerate,
    stepChecks: opts.stepChecks,
    prepare: opts.prepare,
    via: opts.via,
  };
  const predicate = (c: SwarmCase): void => {
    const r = runCase(c, real);
    opts.afterCase?.(r);
  };
  const scenario = (c: SwarmCase, where: { seed: number; path: string }): string =>
    toScenario(c, { ...real, description: `property "${name}", fast-check seed ${where.seed}, path "${where.path}"` });
  return assertProperty(name, opts.arbitrary ?? swarmCase(opts.arbitraryOptions), predicate, { ...opts, scenario: opts.scenario ?? scenario });
}
