/**
 * The search box: which machines a query points at. A query matches a
 * machine by its name, its plugins and labels, or by any task it holds
 * (slot name such as `web.12`, task ID) or the service of one; every word of
 * the query must match. Case-insensitive. Pure.
 */
import type { ClusterModel, TaskChip } from './cluster.js';

export interface SearchResult {
  readonly machines: ReadonlySet<string>;
  /** Tasks matched by name or ID (not merely by service), in machine order. */
  readonly tasks: readonly TaskChip[];
  /** A task named exactly (its slot name or ID): Enter selects it. */
  readonly exact: TaskChip | null;
}

export function search(model: ClusterModel, query: string): SearchResult | null {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return null;
  const machines = new Set<string>();
  const tasks: TaskChip[] = [];
  let exact: TaskChip | null = null;
  const q = query.trim().toLowerCase();
  // A slot's task that should run is the one meant, over the one it replaced.
  const consider = (t: TaskChip): void => {
    if (t.label.toLowerCase() !== q && t.id.toLowerCase() !== q) return;
    if (!exact || (exact.desired !== 'running' && t.desired === 'running')) exact = t;
  };
  model.unscheduled.forEach((g) => g.tasks.forEach(consider));
  for (const m of model.machines) {
    const facts = [m.name, m.ip, ...m.nodeLabels, ...m.engineLabels, ...m.plugins.map((p) => p.name), m.node?.role ?? ''].join(' ').toLowerCase();
    const chips = m.services.flatMap((s) => s.tasks);
    const services = m.services.map((s) => s.name.toLowerCase()).join(' ');
    const byTask = chips.filter((t) => words.every((w) => t.label.toLowerCase().includes(w) || t.id.toLowerCase().startsWith(w)));
    const all = words.every((w) => facts.includes(w) || services.includes(w) || chips.some((t) => t.label.toLowerCase().includes(w) || t.id.toLowerCase().startsWith(w)));
    if (!all) continue;
    machines.add(m.name);
    // A word that is a service name alone matches machines, not each of its tasks.
    if (byTask.length && !words.every((w) => services.split(' ').includes(w))) tasks.push(...byTask);
    chips.forEach(consider);
  }
  return { machines, tasks, exact };
}
