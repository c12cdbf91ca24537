import { rangeOrder } from '../../scheduler/goMap.js';
import type { Simulation } from '../../simulation.js';

/**
 * deploy_composefile.go ranges over Go maps (convert.Services' and
 * convert.Networks' results) to create networks and services, and waits on
 * the services in the order it created them: a Go map's order (goMap.ts),
 * from the CLI's own random source.
 */
export function inGoMapOrder<T>(sim: Simulation, entries: readonly (readonly [string, T])[]): (readonly [string, T])[] {
  if (entries.length < 2) return [...entries];
  const byKey = new Map(entries.map((e) => [e[0], e]));
  return rangeOrder(sim.world.cliRng, byKey.keys()).map((k) => byKey.get(k)!);
}
