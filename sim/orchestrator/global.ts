import type { World } from '../cluster/world.js';
import { parseConstraints, nodeMatches } from '../scheduler/constraint.js';
import type { Service, SwarmNode, Task } from '../model/types.js';
import { stateGt, stateLe } from '../model/taskState.js';
import { newTask } from './taskFactory.js';
import type { UpdateSlot, Updater } from './updater.js';

/** Nodes a global service may use: not down, not drained (global/global.go isValidNode). */
const validNode = (n: SwarmNode): boolean => n.status !== 'down' && n.availability !== 'drain';

function meetsConstraints(service: Service, n: SwarmNode): boolean {
  try {
    return nodeMatches(parseConstraints(service.spec.task.placement.constraints), n);
  } catch {
    return true;
  }
}

/**
 * Global services and global jobs (swarmkit manager/orchestrator/global/global.go):
 * one task per eligible node, pre-assigned by the orchestrator. Only
 * constraints are checked here; the scheduler then confirms the node, which
 * is where a missing plugin shows up (`missing plugin on 1 node`).
 */
export function reconcileGlobal(world: World, service: Service, updater: Updater, start: (t: Task) => void, only?: SwarmNode): void {
  const isJob = service.spec.mode.kind === 'global-job';
  if (service.spec.mode.kind !== 'global' && !isJob) return;
  const byNode = new Map<string, Task[]>();
  for (const t of world.tasksOfService(service.id)) {
    if (isJob && t.jobIteration !== service.jobIteration) continue;
    let l = byNode.get(t.nodeId);
    if (!l) byNode.set(t.nodeId, (l = []));
    l.push(t);
  }
  const slots: UpdateSlot[] = [];
  for (const node of only ? [only] : [...world.nodes.values()]) {
    const tasks = byNode.get(node.id) ?? [];
    const runnable = tasks.filter((t) => stateLe(t.desiredState, isJob ? 'complete' : 'running'));
    const eligible = validNode(node) && meetsConstraints(service, node);
    if (!eligible) {
      for (const t of runnable) world.setDesired(t, 'shutdown');
      continue;
    }
    if (node.availability === 'pause') continue; // a paused node gets no new or updated tasks
    if (isJob) {
      if (tasks.length === 0) {
        const t = newTask(world, service, 0, node.id, 'complete');
        world.addTask(t);
        start(t);
      }
      continue;
    }
    if (runnable.length === 0) {
      const dead = tasks.some((t) => stateGt(t.status.state, 'running') && t.status.state !== 'shutdown' && stateLe(t.desiredState, 'running'));
      if (!dead) {
        const t = newTask(world, service, 0, node.id, 'running');
        world.addTask(t);
        start(t);
      }
    } else {
      slots.push({
        tasks: runnable,
        replace: () => {
          const t = newTask(world, service, 0, node.id, 'ready');
          world.addTask(t);
          return t;
        },
      });
    }
  }
  if (!isJob && !only) updater.update(service, slots);
}
