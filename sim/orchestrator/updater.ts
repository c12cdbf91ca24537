import type { ScheduledEvent } from '../clock.js';
import type { Timers } from '../manager/term.js';
import type { World } from '../cluster/world.js';
import type { Service, Task, UpdateConfig } from '../model/types.js';
import { stateGt, stateLt } from '../model/taskState.js';

/** How long a replacement waits for the task it replaces to stop (orchestrator/restart DelayStart: 1 minute). */
export const TASK_TIMEOUT_MS = 60_000;
import { isTaskDirty } from './taskFactory.js';
import { rangeOrder } from '../scheduler/goMap.js';

/** A slot's runnable tasks, and how to make its replacement. */
export interface UpdateSlot {
  readonly tasks: Task[];
  readonly replace: () => Task;
}

interface Run {
  readonly serviceId: string;
  readonly specVersion: number;
  readonly rollback: boolean;
  readonly config: UpdateConfig;
  readonly dirty: number;
  queue: UpdateSlot[];
  workers: number;
  /** New task ID -> the old tasks it replaces, while its worker waits for it to run. */
  waitingToRun: Map<string, Task[]>;
  /** New task ID -> when it started running (null: not yet). */
  updated: Map<string, number | null>;
  failed: Set<string>;
  stopped: boolean;
}

/**
 * Rolling updates (swarmkit manager/orchestrator/update/updater.go Run):
 * `parallelism` workers take dirty slots from a queue; each replaces its slot
 * (stop-first or start-first), waits until the new task runs, sleeps `delay`,
 * and takes the next. A new task that fails within `monitor` of starting
 * counts as a failure; past `maxFailureRatio` the failure action pauses or
 * rolls back. When the queue is done the update is watched for one more
 * monitor period, then completed.
 */
export class Updater {
  private readonly runs = new Map<string, Run>();
  /** Stop-first replacements waiting for their old tasks to stop. */
  private readonly waitingForStop = new Map<string, { fresh: Task; old: Task[]; timeout: ScheduledEvent }>();

  constructor(
    private readonly world: World,
    private readonly timers: Timers,
    private readonly startTask: (t: Task) => void,
    private readonly rollbackService: (serviceId: string, failedTaskId: string) => void,
  ) {}

  /** The leader stepped down: every update stops; the next leader's orchestrator starts them again. */
  stopAll(): void {
    for (const r of this.runs.values()) r.stopped = true;
    this.runs.clear();
    this.waitingForStop.clear();
  }

  isUpdating(serviceId: string): boolean {
    const r = this.runs.get(serviceId);
    return !!r && !r.stopped;
  }

  cancel(serviceId: string): void {
    const r = this.runs.get(serviceId);
    if (r) r.stopped = true;
    this.runs.delete(serviceId);
  }

  /**
   * Starts updating the dirty slots among `slots`, unless an update of this spec runs or is paused.
   * `order`: 'map' where SwarmKit hands the updater its slots by ranging over a Go map (the
   * replicated orchestrator's runningSlots, the global one's nodes), 'given' where it sorts them.
   */
  update(service: Service, slots: UpdateSlot[], order: 'map' | 'given' = 'map'): void {
    const status = service.updateStatus?.state;
    if (status === 'paused' || status === 'rollback_paused') return;
    const existing = this.runs.get(service.id);
    if (existing && existing.specVersion === service.specVersion) return;
    let dirty = slots.filter((s) => s.tasks.some((t) => isTaskDirty(service, t)));
    if (dirty.length === 0) {
      if (status === 'updating') this.setStatus(service, 'completed', 'update completed');
      else if (status === 'rollback_started') this.setStatus(service, 'rollback_completed', 'rollback completed');
      return;
    }
    if (order === 'map' && dirty.length > 1) dirty = inMapOrder(this.world, slots, dirty);
    const rollback = status === 'rollback_started';
    const config = rollback ? service.spec.rollback : service.spec.update;
    const run: Run = {
      serviceId: service.id,
      specVersion: service.specVersion,
      rollback,
      config,
      dirty: dirty.length,
      queue: dirty,
      workers: 0,
      waitingToRun: new Map(),
      updated: new Map(),
      failed: new Set(),
      stopped: false,
    };
    this.runs.set(service.id, run);
    if (!service.updateStatus) this.setStatus(service, 'updating', 'update in progress');
    const parallelism = config.parallelism === 0 ? dirty.length : Math.min(config.parallelism, dirty.length);
    for (let i = 0; i < parallelism; i++) {
      run.workers++;
      this.work(run);
    }
  }

  private live(run: Run): Service | undefined {
    return this.runs.get(run.serviceId) === run && !run.stopped ? this.world.services.get(run.serviceId) : undefined;
  }

  private setStatus(service: Service, state: NonNullable<Service['updateStatus']>['state'], message: string): void {
    const done = state === 'completed' || state === 'rollback_completed';
    const startedAt = state === 'updating' || state === 'rollback_started' ? this.world.now : (service.updateStatus?.startedAt ?? this.world.now);
    const before = service.updateStatus?.state ?? null;
    service.updateStatus = { state, message, startedAt, completedAt: done ? this.world.now : null };
    this.world.record('service.update-status', service.id, before, state);
  }

  /** A worker takes the next dirty slot, or retires; the last one to retire starts the final watch. */
  private work(run: Run): void {
    if (!this.live(run)) return;
    const slot = run.queue.shift();
    if (!slot) {
      run.workers--;
      if (run.workers === 0) this.watchLast(run);
      return;
    }
    // Someone else (the restart supervisor) already replaced this slot: updater.go
    // removeOldTasks fails with "already shut down when reached by updater".
    if (slot.tasks.some((t) => stateGt(t.desiredState, 'running'))) {
      this.work(run);
      return;
    }
    const fresh = slot.replace();
    run.updated.set(fresh.id, null);
    run.waitingToRun.set(fresh.id, slot.tasks);
    if (run.config.order === 'start-first') this.startTask(fresh);
    else {
      for (const old of slot.tasks) this.world.setDesired(old, 'shutdown');
      this.startWhenStopped(fresh, slot.tasks);
    }
  }

  /**
   * updater.go Run: once every worker is done, one more monitoring period
   * (longer than the delay, if the delay is longer) watching for failures,
   * then the update is complete. The CLI has returned by then (it waits for
   * its own monitor after the tasks converge), so a scenario moves on while
   * this runs: `service inspect` right after says "updating", as on a real
   * swarm. The watch does not hold a settle up.
   */
  private watchLast(run: Run): void {
    const c = run.config;
    const period = c.delay >= c.monitor ? c.delay + 1000 : c.monitor;
    this.timers.schedule(period, `update monitor ${run.serviceId}`, () =>
      this.world.as('updater', () => {
        const service = this.live(run);
        if (!service) return;
        this.runs.delete(run.serviceId);
        if (run.rollback) this.setStatus(service, 'rollback_completed', 'rollback completed');
        else this.setStatus(service, 'completed', 'update completed');
      }),
      true,
    );
  }

  /** Stopped, never started (it holds nothing), or on a node that is gone. */
  private stoppedOrGone(t: Task): boolean {
    const n = this.world.nodes.get(t.nodeId);
    return stateGt(t.status.state, 'running') || stateLt(t.status.state, 'assigned') || t.nodeId === '' || !n || n.status === 'down';
  }

  /** restart.go DelayStart: wait for the old tasks to stop, but no longer than the task timeout. */
  private startWhenStopped(fresh: Task, old: Task[]): void {
    if (old.every((t) => this.stoppedOrGone(t))) {
      this.startTask(fresh);
      return;
    }
    const timeout = this.timers.schedule(TASK_TIMEOUT_MS, `stop timeout ${fresh.id}`, () => {
      if (!this.waitingForStop.delete(fresh.id)) return;
      this.world.as('updater', () => this.startTask(fresh));
    });
    this.waitingForStop.set(fresh.id, { fresh, old, timeout });
  }

  /** Store hook: follows old tasks stopping and new tasks starting or failing. */
  taskChanged(t: Task): void {
    for (const [id, w] of this.waitingForStop) {
      if (w.old.includes(t) && w.old.every((o) => this.stoppedOrGone(o))) {
        this.waitingForStop.delete(id);
        this.timers.cancel(w.timeout);
        this.startTask(w.fresh);
      }
    }
    const run = this.runs.get(t.serviceId);
    if (!run || !run.updated.has(t.id)) return;
    const old = run.waitingToRun.get(t.id);
    if (old && t.status.state === 'running') {
      run.waitingToRun.delete(t.id);
      run.updated.set(t.id, this.world.now);
      if (run.config.order === 'start-first') for (const o of old) this.world.setDesired(o, 'shutdown');
      this.timers.schedule(run.config.delay, `update next ${run.serviceId}`, () => this.world.as('updater', () => this.work(run)));
    } else if (stateGt(t.status.state, 'running')) {
      const startedAt = run.updated.get(t.id);
      if (old) {
        // It never ran: its worker moves on, and it counts as a failure.
        run.waitingToRun.delete(t.id);
        this.timers.schedule(run.config.delay, `update next ${run.serviceId}`, () => this.world.as('updater', () => this.work(run)));
      }
      if (startedAt === null || startedAt === undefined || this.world.now - startedAt <= run.config.monitor) this.failure(run, t);
    }
  }

  private failure(run: Run, t: Task): void {
    if (run.failed.has(t.id)) return;
    run.failed.add(t.id);
    const service = this.live(run);
    if (!service) return;
    if (run.failed.size / run.dirty <= run.config.maxFailureRatio) return;
    const action = run.config.failureAction;
    if (action === 'continue') return;
    if (action === 'rollback' && !run.rollback) {
      this.cancel(run.serviceId);
      // The updater asks the control API in its own goroutine (updater.go rollbackUpdate), after
      // the restart supervisor has already replaced the failed task in the orchestrator's event
      // loop: the rollback then finds that replacement, of the new spec, in the slot.
      this.timers.schedule(0, `rollback ${run.serviceId}`, () => this.world.as('updater', () => this.rollbackService(run.serviceId, t.id)));
      return;
    }
    run.stopped = true;
    this.runs.delete(run.serviceId);
    if (run.rollback) this.setStatus(service, 'rollback_paused', `rollback paused due to failure or early termination of task ${t.id}`);
    else this.setStatus(service, 'paused', `update paused due to failure or early termination of task ${t.id}`);
  }
}

/**
 * The order in which the updater takes its slots. SwarmKit builds the slice it
 * passes to updater.Update by ranging over a Go map (replicated/services.go
 * reconcile over updatableAndDeadSlots, global.go over its nodes), so which
 * slot is updated first is the map's iteration order: keys inserted as the
 * store lists the tasks (by ID), visited from a random start (goMap.ts). A
 * scenario that fails "the task being updated" must not assume slot 1.
 */
function inMapOrder(world: World, slots: UpdateSlot[], dirty: UpdateSlot[]): UpdateSlot[] {
  const key = (s: UpdateSlot): string => (s.tasks[0].slot !== 0 ? String(s.tasks[0].slot) : s.tasks[0].nodeId);
  const firstId = (s: UpdateSlot): string => s.tasks.reduce((m, t) => (t.id < m ? t.id : m), s.tasks[0].id);
  const inserted = [...slots].sort((a, b) => (firstId(a) < firstId(b) ? -1 : 1)).map(key);
  const byKey = new Map(dirty.map((s) => [key(s), s]));
  return rangeOrder(world.rng, inserted).flatMap((k) => byKey.get(k) ?? []);
}
