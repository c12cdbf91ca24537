import type { World } from '../cluster/world.js';
import type { Service, Task, UpdateConfig } from '../model/types.js';
import { stateGt } from '../model/taskState.js';
import { isTaskDirty } from './taskFactory.js';

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
  queue: UpdateSlot[];
  /** New task ID -> the old tasks it replaces, and when it started running. */
  inFlight: Map<string, { old: Task[]; runningSince: number | null; passed: boolean }>;
  failures: number;
  done: number;
  paused: boolean;
}

/**
 * Rolling updates (swarmkit manager/orchestrator/update/updater.go):
 * dirty slots are replaced `parallelism` at a time, stop-first or
 * start-first; each new task must run for `monitor` without failing; batches
 * are `delay` apart; a failure pauses, continues or rolls back.
 */
export class Updater {
  private readonly runs = new Map<string, Run>();

  constructor(
    private readonly world: World,
    private readonly startTask: (t: Task) => void,
    private readonly rollbackService: (serviceId: string, failedTaskId: string) => void,
  ) {}

  isUpdating(serviceId: string): boolean {
    const r = this.runs.get(serviceId);
    return !!r && !r.paused;
  }

  cancel(serviceId: string): void {
    this.runs.delete(serviceId);
  }

  /** Starts (or continues) updating the dirty slots among `slots`. */
  update(service: Service, slots: UpdateSlot[]): void {
    const dirty = slots.filter((s) => s.tasks.some((t) => isTaskDirty(service, t)));
    const existing = this.runs.get(service.id);
    if (existing && existing.specVersion === service.specVersion) return;
    if (existing?.paused && dirty.length > 0) return; // a paused update stays paused until the spec changes
    if (dirty.length === 0) {
      this.runs.delete(service.id);
      return;
    }
    const rollback = service.updateStatus?.state === 'rollback_started';
    const config = rollback ? service.spec.rollback : service.spec.update;
    const run: Run = {
      serviceId: service.id,
      specVersion: service.specVersion,
      rollback,
      config,
      queue: dirty,
      inFlight: new Map(),
      failures: 0,
      done: 0,
      paused: false,
    };
    this.runs.set(service.id, run);
    if (!rollback) this.setStatus(service, 'updating', 'update in progress');
    this.nextBatch(run);
  }

  private setStatus(service: Service, state: NonNullable<Service['updateStatus']>['state'], message: string): void {
    const completed = state === 'completed' || state === 'rollback_completed' ? this.world.now : null;
    const startedAt = state === 'updating' || state === 'rollback_started' ? this.world.now : service.updateStatus?.startedAt ?? this.world.now;
    const before = service.updateStatus?.state ?? null;
    service.updateStatus = { state, message, startedAt, completedAt: completed };
    this.world.record('service.update-status', service.id, before, state);
  }

  private nextBatch(run: Run): void {
    const service = this.world.services.get(run.serviceId);
    if (!service || this.runs.get(run.serviceId) !== run || run.paused) return;
    if (run.queue.length === 0 && run.inFlight.size === 0) {
      this.runs.delete(run.serviceId);
      if (run.rollback) this.setStatus(service, 'rollback_completed', 'rollback completed');
      else this.setStatus(service, 'completed', 'update completed');
      return;
    }
    const n = run.config.parallelism === 0 ? run.queue.length : run.config.parallelism;
    const batch = run.queue.splice(0, n);
    for (const slot of batch) {
      const fresh = slot.replace();
      run.inFlight.set(fresh.id, { old: slot.tasks, runningSince: null, passed: false });
      if (run.config.order === 'start-first') {
        this.startTask(fresh);
      } else {
        for (const old of slot.tasks) this.world.setDesired(old, 'shutdown');
        this.startWhenStopped(fresh, slot.tasks);
      }
    }
  }

  private startWhenStopped(fresh: Task, old: Task[]): void {
    if (old.every((t) => stateGt(t.status.state, 'running') || this.nodeGone(t))) this.startTask(fresh);
    else this.waiting.set(fresh.id, { fresh, old });
  }

  private nodeGone(t: Task): boolean {
    const n = this.world.nodes.get(t.nodeId);
    return t.nodeId === '' || !n || n.status === 'down';
  }

  private readonly waiting = new Map<string, { fresh: Task; old: Task[] }>();

  /** Store hook: follows the tasks of running updates. */
  taskChanged(t: Task): void {
    for (const [id, w] of this.waiting) {
      if (w.old.includes(t) && w.old.every((o) => stateGt(o.status.state, 'running') || this.nodeGone(o))) {
        this.waiting.delete(id);
        this.startTask(w.fresh);
      }
    }
    const run = this.runs.get(t.serviceId);
    if (!run) return;
    const f = run.inFlight.get(t.id);
    if (!f) return;
    if (t.status.state === 'running' && f.runningSince === null) {
      f.runningSince = this.world.now;
      if (run.config.order === 'start-first') for (const old of f.old) this.world.setDesired(old, 'shutdown');
      this.world.clock.schedule(run.config.monitor, `update monitor ${t.id}`, () => this.monitorPassed(run, t));
    } else if (stateGt(t.status.state, 'running') && !f.passed) {
      this.failed(run, t);
    }
  }

  private monitorPassed(run: Run, t: Task): void {
    const f = run.inFlight.get(t.id);
    if (!f || this.runs.get(run.serviceId) !== run) return;
    if (stateGt(t.status.state, 'running')) return;
    f.passed = true;
    run.inFlight.delete(t.id);
    run.done++;
    if (run.inFlight.size === 0) {
      const delay = run.queue.length > 0 ? run.config.delay : 0;
      this.world.clock.schedule(delay, `update next batch ${run.serviceId}`, () => this.world.as('updater', () => this.nextBatch(run)));
    }
  }

  private failed(run: Run, t: Task): void {
    run.inFlight.delete(t.id);
    run.failures++;
    const service = this.world.services.get(run.serviceId);
    if (!service) return;
    const total = run.done + run.failures + run.queue.length + run.inFlight.size;
    if (run.failures / Math.max(1, total) <= run.config.maxFailureRatio) {
      if (run.inFlight.size === 0) this.nextBatch(run);
      return;
    }
    const action = run.config.failureAction;
    if (action === 'continue') {
      if (run.inFlight.size === 0) this.nextBatch(run);
    } else if (action === 'rollback' && !run.rollback) {
      this.runs.delete(run.serviceId);
      this.world.as('updater', () => this.rollbackService(run.serviceId, t.id));
    } else {
      run.paused = true;
      if (run.rollback) this.setStatus(service, 'rollback_paused', `rollback paused due to failure or early termination of task ${t.id}`);
      else this.setStatus(service, 'paused', `update paused due to failure or early termination of task ${t.id}`);
    }
  }
}
