/**
 * What another seed changes: the placements of two runs of one scenario,
 * compared step by step. The seed decides ties between equally good nodes
 * (and names and IDs); everything else is the scenario's. A replica is named
 * `service.slot`, a global task `service@machine`, since node IDs are the
 * seed's too; where a task is, is its machine's name (or pending).
 */
import type { SimSnapshot } from '../snapshot.js';

export interface PlacementDifference {
  /** `web.3`, or `agent@node2` for a global service's task. */
  readonly task: string;
  /** The machine under each seed; null: no task there, or still pending. */
  readonly a: string | null;
  readonly b: string | null;
}

const LIVE = new Set(['running', 'complete']);

/** Each replica's current task (the latest one meant to run) and the machine it is on. */
export function placementsOf(s: SimSnapshot): Map<string, string | null> {
  const host = new Map(s.nodes.map((n) => [n.id, n.hostname]));
  const service = new Map(s.services.map((x) => [x.id, x.name]));
  const latest = new Map<string, { createdAt: number; machine: string | null }>();
  for (const t of s.tasks) {
    if (!LIVE.has(t.desiredState)) continue;
    const name = service.get(t.serviceId) ?? t.serviceId;
    const machine = t.nodeId === '' ? null : (host.get(t.nodeId) ?? null);
    const key = t.slot !== 0 ? `${name}.${t.slot}` : `${name}@${machine ?? '?'}`;
    const had = latest.get(key);
    if (!had || t.createdAt >= had.createdAt) latest.set(key, { createdAt: t.createdAt, machine: t.status.state === 'pending' || t.status.state === 'new' ? null : machine });
  }
  return new Map([...latest].map(([k, v]) => [k, v.machine]));
}

/** The replicas whose machine differs between two snapshots, by name. */
export function comparePlacements(a: SimSnapshot, b: SimSnapshot): PlacementDifference[] {
  const pa = placementsOf(a);
  const pb = placementsOf(b);
  const names = [...new Set([...pa.keys(), ...pb.keys()])].sort((x, y) => x.localeCompare(y, 'en', { numeric: true }));
  return names.filter((k) => (pa.get(k) ?? null) !== (pb.get(k) ?? null)).map((task) => ({ task, a: pa.get(task) ?? null, b: pb.get(task) ?? null }));
}

export interface SeedComparison {
  readonly seedA: number;
  readonly seedB: number;
  /** Per step (as runScenario numbers them), the placements that differ after it. */
  readonly steps: readonly (readonly PlacementDifference[])[];
  /** The first step after which placements differ, or null when they never do. */
  readonly firstDifference: number | null;
}

/** Two runs' step snapshots compared; a run cut short compares only the steps both have. */
export function compareRuns(seedA: number, a: readonly { snapshot: SimSnapshot }[], seedB: number, b: readonly { snapshot: SimSnapshot }[]): SeedComparison {
  const steps = a.slice(0, b.length).map((s, k) => comparePlacements(s.snapshot, b[k].snapshot));
  const first = steps.findIndex((d) => d.length > 0);
  return { seedA, seedB, steps, firstDifference: first < 0 ? null : first };
}
