import type { World } from '../cluster/world.js';
import type { Service, Task } from '../model/types.js';
import { stateGt, stateLe } from '../model/taskState.js';
import { newTask } from './taskFactory.js';
import type { UpdateSlot, Updater } from './updater.js';

type Slot = Task[];

/** Tasks of a slot that still count: desired state <= RUNNING (restart.go UpdatableTasksInSlot). */
function updatable(slot: Slot): Task[] {
  return slot.filter((t) => stateLe(t.desiredState, 'running'));
}

const isRunning = (slot: Slot): boolean => slot.some((t) => t.status.state === 'running');

/**
 * Replicated services (swarmkit manager/orchestrator/replicated/services.go
 * reconcile): scale up into the lowest free slots, scale down from the most
 * loaded nodes first, and hand the rest to the updater.
 */
export function reconcileReplicated(world: World, service: Service, updater: Updater, start: (t: Task) => void): void {
  if (service.spec.mode.kind !== 'replicated') return;
  const bySlot = new Map<number, Slot>();
  for (const t of world.tasksOfService(service.id)) {
    let s = bySlot.get(t.slot);
    if (!s) bySlot.set(t.slot, (s = []));
    s.push(t);
  }
  const running = new Map<number, Slot>();
  for (const [n, slot] of bySlot) {
    const u = updatable(slot);
    if (u.length) running.set(n, u);
  }
  const want = service.spec.mode.replicas;
  const slots = [...running.entries()].sort((a, b) => a[0] - b[0]).map(([, s]) => s);
  const asUpdate = (s: Slot): UpdateSlot => ({
    tasks: s,
    replace: () => {
      const t = newTask(world, service, s[0].slot, '', 'ready');
      world.addTask(t);
      return t;
    },
  });

  if (want > slots.length) {
    updater.update(service, slots.map(asUpdate));
    let slotNo = 0;
    for (let i = 0; i < want - slots.length; i++) {
      do slotNo++;
      while (running.has(slotNo));
      const t = newTask(world, service, slotNo, '', 'running');
      world.addTask(t);
      start(t);
    }
  } else if (want < slots.length) {
    // Running first, then by slot number; then "the n-th copy on its node", unassigned last.
    const ordered = [...slots].sort((a, b) => {
      const ra = isRunning(a);
      const rb = isRunning(b);
      if (ra !== rb) return ra ? -1 : 1;
      return a[0].slot - b[0].slot;
    });
    const perNode = new Map<string, number>();
    const indexed = ordered.map((s) => {
      if (s.length === 1 && s[0].nodeId !== '') {
        const k = (perNode.get(s[0].nodeId) ?? 0) + 1;
        perNode.set(s[0].nodeId, k);
        return { s, index: k };
      }
      return { s, index: -1 };
    });
    // Stable, where Go's sort.Sort is not: equal indexes keep the running-first order.
    indexed.sort((a, b) => {
      if (a.index < 0 && b.index >= 0) return 1;
      if (b.index < 0 && a.index >= 0) return -1;
      return a.index - b.index;
    });
    const keep = indexed.slice(0, want).map((x) => x.s);
    updater.update(service, keep.map(asUpdate), 'given');
    for (const { s } of indexed.slice(want)) for (const t of s) world.setDesired(t, 'remove');
  } else {
    updater.update(service, slots.map(asUpdate));
  }
}

/**
 * Replicated jobs (swarmkit manager/orchestrator/jobs/replicated): run until
 * `totalCompletions` tasks completed, at most `maxConcurrent` at a time.
 */
export function reconcileReplicatedJob(world: World, service: Service, start: (t: Task) => void): void {
  const mode = service.spec.mode;
  if (mode.kind !== 'replicated-job') return;
  const tasks = world.tasksOfService(service.id).filter((t) => t.jobIteration === service.jobIteration);
  const completed = tasks.filter((t) => t.status.state === 'complete').length;
  const active = tasks.filter((t) => stateLe(t.desiredState, 'running') && !stateGt(t.status.state, 'running'));
  const remaining = mode.totalCompletions - completed - active.length;
  const room = mode.maxConcurrent - active.length;
  const used = new Set(tasks.filter((t) => t.status.state === 'complete' || active.includes(t)).map((t) => t.slot));
  let slotNo = 0;
  for (let i = 0; i < Math.min(remaining, room); i++) {
    do slotNo++;
    while (used.has(slotNo));
    used.add(slotNo);
    const t = newTask(world, service, slotNo, '', 'complete');
    world.addTask(t);
    start(t);
  }
}
