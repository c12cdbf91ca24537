/**
 * Simulating an imported scenario and comparing it with the real swarm.
 * Ties between equal nodes fall as Go's map order makes them fall, so a real
 * placement is one outcome among several: the seeds 1..N are tried, and the
 * one that reproduces the swarm best is kept (as the differential suite of
 * test/real does), with every difference that remains listed.
 */
import type { Scenario } from '../scenario/ast.js';
import { parseScenario } from '../scenario/parse.js';
import { runStep } from '../scenario/run.js';
import { Simulation } from '../simulation.js';
import { snapshot, type SimSnapshot } from '../snapshot.js';
import type { Bundle } from './bundle.js';
import { placementOf, realTasks } from './checks.js';
import { comparePlacements, placementOfSnapshot, type PlacementComparison } from './compare.js';
import { machinesOf } from './names.js';

export interface ImportCheck {
  seed: number;
  /** How many seeds were tried. */
  tried: number;
  comparison: PlacementComparison;
  /** Check steps that print other than the real swarm did. */
  differingSteps: { line: number; command: string }[];
}

/** Tasks placed differently, summed over services and nodes: the measure seeds are ranked by. */
function distance(c: PlacementComparison): number {
  let d = 0;
  for (const s of c.differences) {
    for (const n of s.nodes) d += Math.abs(n.real - n.simulated);
    d += Math.abs(s.pending.real - s.pending.simulated);
  }
  return d;
}

export interface CheckOptions {
  /** Seeds 1..seeds are tried (default 1). */
  seeds?: number;
  /**
   * How much simulation the search may spend, in changes to the simulated
   * world (every task move, node update...; 40,000 take about a second):
   * the first seed always runs, another only while the seeds so far stayed
   * under it. A bound in work, not in wall time, so that the same bundle
   * always yields the same seed.
   */
  budget?: number;
  file?: string;
}

/**
 * One run of the scenario, keeping only what the comparison needs: the steps'
 * checks and the end state (a run of a large swarm's scenario would otherwise
 * keep a snapshot per step).
 */
function simulateOnce(scenario: Scenario, seed: number): { end: SimSnapshot; differingSteps: { line: number; command: string }[]; work: number } {
  const sim = new Simulation({ seed });
  const differingSteps: { line: number; command: string }[] = [];
  scenario.steps.forEach((step, i) => {
    const r = runStep(sim, step, i);
    if (r.check && !r.check.ok) differingSteps.push({ line: step.line, command: r.command });
  });
  return { end: snapshot(sim), differingSteps, work: sim.world.changes };
}

/** Runs `text` (the scenario made from `bundle`) with seeds 1..N, stopping at the first that reproduces it. */
export function checkImport(text: string, bundle: Bundle, opts: CheckOptions = {}): ImportCheck {
  const seeds = opts.seeds ?? 1;
  const file = opts.file ?? 'imported.swarm';
  const scenario = parseScenario(text, file);
  const m = machinesOf(bundle);
  const real = placementOf(realTasks(bundle, m), bundle.services.map((s) => s.name));
  let best: ImportCheck | null = null;
  let bestDistance = Infinity;
  let tried = 0;
  let spent = 0;
  for (let seed = 1; seed <= Math.max(1, seeds); seed++) {
    if (seed > 1 && opts.budget !== undefined && spent >= opts.budget) break;
    tried++;
    const { end, differingSteps, work } = simulateOnce(scenario, seed);
    spent += work;
    const comparison = comparePlacements(real, placementOfSnapshot(end));
    const d = distance(comparison) * 1000 + differingSteps.length;
    if (d < bestDistance) {
      bestDistance = d;
      best = { seed, tried, comparison, differingSteps };
    }
    if (d === 0 || !bundle.hasTasks) break;
  }
  return { ...best!, tried };
}

/** The scenario with another seed in its front matter. */
export function withSeed(text: string, seed: number): string {
  return text.replace(/^seed: \d+$/m, `seed: ${seed}`);
}
