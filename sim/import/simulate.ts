/**
 * Simulating an imported scenario and comparing it with the real swarm.
 * Ties between equal nodes fall as Go's map order makes them fall, so a real
 * placement is one outcome among several: the seeds 1..N are tried, and the
 * one that reproduces the swarm best is kept (as the differential suite of
 * test/real does), with every difference that remains listed.
 */
import { parseScenario } from '../scenario/parse.js';
import { runScenario } from '../scenario/run.js';
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

/** Runs `text` (the scenario made from `bundle`) with seeds 1..seeds, stopping at the first that reproduces it. */
export function checkImport(text: string, bundle: Bundle, seeds = 1, file = 'imported.swarm'): ImportCheck {
  const scenario = parseScenario(text, file);
  const m = machinesOf(bundle);
  const real = placementOf(realTasks(bundle, m), bundle.services.map((s) => s.name));
  let best: ImportCheck | null = null;
  let bestDistance = Infinity;
  let tried = 0;
  for (let seed = 1; seed <= Math.max(1, seeds); seed++) {
    tried++;
    const run = runScenario(scenario, { seed });
    const end = run.steps.at(-1)?.snapshot ?? run.initial;
    const comparison = comparePlacements(real, placementOfSnapshot(end));
    const differingSteps = run.steps.filter((s) => s.check && !s.check.ok).map((s) => ({ line: s.step.line, command: s.command }));
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
