import type { World } from '../cluster/world.js';
import type { SwarmNode, Task } from '../model/types.js';
import { stateLt, stateGt, stateLe } from '../model/taskState.js';
import { nodeMatches, parseConstraints } from '../scheduler/constraint.js';

export const ENFORCER_MESSAGE = 'task rejected by constraint enforcer';
export const ENFORCER_ERROR = 'assigned node no longer meets constraints';

/**
 * The constraint enforcer (swarmkit manager/orchestrator/constraintenforcer/
 * constraint_enforcer.go): when an active node changes, its tasks that no
 * longer meet their constraints, or no longer fit its resources, are
 * rejected where they stand; the orchestrator then replaces them elsewhere.
 * Plugins are not re-checked: a removed plugin only affects future placement.
 */
export function enforceConstraints(world: World, node: SwarmNode): Task[] {
  if (node.availability !== 'active') return [];
  let cpu = node.description?.resources.nanoCPUs ?? 0;
  let mem = node.description?.resources.memoryBytes ?? 0;
  const rejected: Task[] = [];
  // store.FindTasks(ByNodeID) walks memdb's index: by task ID. Which task a full node
  // rejects depends on that order (the upstream TODO says as much).
  for (const t of world.tasksOnNode(node.id).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    if (stateLt(t.desiredState, 'assigned') || stateGt(t.desiredState, 'complete')) continue;
    if (stateLe('complete', t.status.state)) continue;
    const svc = world.services.get(t.serviceId);
    const constraints = (svc?.spec.task ?? t.spec).placement.constraints;
    let fits = true;
    if (constraints.length > 0) {
      try {
        fits = nodeMatches(parseConstraints(constraints), node);
      } catch {
        fits = true;
      }
    }
    const r = t.spec.reservations;
    if (fits && (r.nanoCPUs > 0 || r.memoryBytes > 0)) {
      if (r.memoryBytes > mem || r.nanoCPUs > cpu) fits = false;
      else {
        mem -= r.memoryBytes;
        cpu -= r.nanoCPUs;
      }
    }
    if (!fits) rejected.push(t);
  }
  for (const t of rejected) world.moveTask(t, 'EVICT', ENFORCER_MESSAGE, ENFORCER_ERROR);
  return rejected;
}
