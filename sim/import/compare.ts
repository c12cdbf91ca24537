/**
 * The real placement against the simulated one, service by service, as
 * counts of tasks placed per node (which slot is where is a tie the real
 * scheduler breaks at random) and counts of pending tasks. Every difference
 * is listed; nothing is hidden by a tolerance.
 */
import type { SimSnapshot } from '../snapshot.js';
import { naturalCompare } from '../docker/commands/task.js';
import type { Placement, RealTask } from './checks.js';
import { placementOf } from './checks.js';

export interface ServiceDifference {
  service: string;
  /** Tasks placed per node, real and simulated (only nodes where they differ). */
  nodes: { node: string; real: number; simulated: number }[];
  pending: { real: number; simulated: number };
}

export interface PlacementComparison {
  services: number;
  same: number;
  differences: ServiceDifference[];
}

/** The simulated placement, in the shape of the real one. */
export function placementOfSnapshot(s: SimSnapshot): Placement {
  const host = new Map(s.nodes.map((n) => [n.id, n.hostname]));
  const name = new Map(s.services.map((v) => [v.id, v.spec.name]));
  const tasks: RealTask[] = s.tasks.map((t) => ({
    service: name.get(t.serviceId) ?? '',
    host: t.nodeId ? (host.get(t.nodeId) ?? '') : '',
    state: t.status.state,
    desired: t.desiredState,
  }));
  return placementOf(tasks, s.services.map((v) => v.spec.name));
}

export function comparePlacements(real: Placement, simulated: Placement): PlacementComparison {
  const names = [...new Set([...Object.keys(real), ...Object.keys(simulated)])].sort(naturalCompare);
  const differences: ServiceDifference[] = [];
  for (const service of names) {
    const r = real[service] ?? { nodes: {}, pending: 0 };
    const s = simulated[service] ?? { nodes: {}, pending: 0 };
    const nodes = [...new Set([...Object.keys(r.nodes), ...Object.keys(s.nodes)])]
      .sort(naturalCompare)
      .map((node) => ({ node: node === '' ? '(no node)' : node, real: r.nodes[node] ?? 0, simulated: s.nodes[node] ?? 0 }))
      .filter((d) => d.real !== d.simulated);
    if (nodes.length > 0 || r.pending !== s.pending) differences.push({ service, nodes, pending: { real: r.pending, simulated: s.pending } });
  }
  return { services: names.length, same: names.length - differences.length, differences };
}

/** The comparison as text for the terminal. */
export function formatComparison(c: PlacementComparison): string {
  if (c.services === 0) return 'No services to place.\n';
  if (c.differences.length === 0) {
    return `Placement reproduced: every service's tasks per node and pending tasks match the real swarm (${c.services} service${c.services === 1 ? '' : 's'}).\n`;
  }
  const lines = [`Placement differs for ${c.differences.length} of ${c.services} services (tasks per node, real -> simulated):`];
  for (const d of c.differences) {
    const parts = d.nodes.map((n) => `${n.node} ${n.real} -> ${n.simulated}`);
    if (d.pending.real !== d.pending.simulated) parts.push(`pending ${d.pending.real} -> ${d.pending.simulated}`);
    lines.push(`  ${d.service}: ${parts.join(', ')}`);
  }
  lines.push('A tie between equal nodes can fall either way: try "swarmsim run FILE --seed N"; "swarmsim explain FILE TASK" says why a task is where it is.');
  return lines.join('\n') + '\n';
}
