/**
 * Why an empty node holds no task of a service: the text of a card's reason
 * slot. The one place the UI turns scheduling explanations into that text.
 *
 * Today it asks sim/explain.ts, which evaluates the filters against the
 * snapshot shown. When scheduling decisions are recorded in the trace (the
 * explanations issue), this adapter is what switches to reading them; the
 * card and the worker protocol stay as they are.
 */
import { explainTask } from '../../sim/explain.js';
import type { SimSnapshot, TaskView } from '../../sim/snapshot.js';

export interface ServiceReason {
  readonly service: string;
  /** One line: `Network plugin bboreham/weave2:latest not installed (has: none)`. */
  readonly text: string;
  /** The filter that rules the node out; null when the node could take the service's tasks. */
  readonly filter: string | null;
}

export interface NodeReasons {
  readonly machine: string;
  readonly reasons: readonly ServiceReason[];
}

const HELD = new Set(['assigned', 'accepted', 'preparing', 'ready', 'starting', 'running']);

/**
 * For each node that holds no task, why each replicated service that wants
 * tasks is not there. `limit` bounds the work on a large swarm (the cards
 * that show reasons are few; the overview does not show them).
 */
export function emptyNodeReasons(snap: SimSnapshot, limit = 64): NodeReasons[] {
  const busy = new Set<string>();
  for (const t of snap.tasks) if (t.nodeId && HELD.has(t.status.state)) busy.add(t.nodeId);
  const empty = snap.nodes.filter((n) => !busy.has(n.id)).slice(0, limit);
  if (!empty.length) return [];

  // One explanation per service: its tasks share a spec, so they share the answer.
  // A pending task if there is one (it is what waits), else any task that should run.
  const reps = new Map<string, TaskView>();
  for (const t of snap.tasks) {
    if (t.desiredState !== 'running' || t.preassigned) continue;
    const r = reps.get(t.serviceId);
    if (!r || (r.nodeId !== '' && t.nodeId === '')) reps.set(t.serviceId, t);
  }
  const serviceName = new Map(snap.services.map((s) => [s.id, s.name]));
  const placedCount = new Map<string, number>();
  for (const t of snap.tasks) if (t.nodeId && HELD.has(t.status.state)) placedCount.set(t.serviceId, (placedCount.get(t.serviceId) ?? 0) + 1);

  const rows = [...reps.values()].map((rep) => ({ rep, ex: explainTask(snap, rep.id, { now: true }) }));
  return empty.map((n) => ({
    machine: n.hostname,
    reasons: rows.flatMap(({ rep, ex }): ServiceReason[] => {
      const row = ex?.matrix.find((r) => r.nodeId === n.id);
      if (!row) return [];
      const service = serviceName.get(rep.serviceId) ?? rep.serviceId;
      if (row.pass) {
        const placed = placedCount.get(rep.serviceId) ?? 0;
        const text = rep.nodeId === '' ? 'could run here: placed on the scheduler’s next pass' : `could run here; its ${placed} task${placed === 1 ? ' is' : 's are'} on other nodes`;
        return [{ service, text, filter: null }];
      }
      const failed = row.verdicts.filter((v) => !v.pass);
      return [{ service, text: failed.map((v) => v.reason).join('; '), filter: failed[0]?.filter ?? null }];
    }),
  }));
}
