import { Rng } from '../../sim/rng.js';
import type { Service, SwarmNode, Task } from '../../sim/model/types.js';
import { Scheduler, type Decision } from '../../sim/scheduler/scheduler.js';

/**
 * Drives the scheduler alone, the way swarmkit's scheduler_test.go does:
 * nodes and tasks go in as store events, decisions are applied at once.
 */
export class SchedulerHarness {
  readonly tasks = new Map<string, Task>();
  readonly services = new Map<string, Service>();
  now = 0;
  readonly scheduler: Scheduler;

  constructor(seed = 1) {
    this.scheduler = new Scheduler({
      now: () => this.now,
      rng: new Rng(seed),
      service: (id) => this.services.get(id) ?? ({ id, specVersion: 1 } as Service),
      commit: (d) => this.apply(d),
    });
  }

  private apply(d: Decision): void {
    const t = d.task;
    if (d.kind === 'assign') {
      t.nodeId = d.nodeId;
      t.status = { state: 'assigned', timestamp: this.now, message: d.message, err: '' };
    } else if (d.kind === 'error') t.status = { ...t.status, err: d.err };
    else t.status = { ...t.status, state: 'shutdown' };
    this.scheduler.taskChanged(t);
  }

  addNode(n: SwarmNode): void {
    this.scheduler.nodeChanged(n);
  }

  addTask(t: Task): Task {
    this.tasks.set(t.id, t);
    this.scheduler.taskChanged(t);
    return t;
  }

  /** Runs passes until nothing is left to do. */
  run(): void {
    for (let i = 0; i < 10 && this.scheduler.wantsPass; i++) this.scheduler.pass();
  }

  countByNode(filter: (t: Task) => boolean = () => true): Record<string, number> {
    const out: Record<string, number> = {};
    for (const t of this.tasks.values()) if (t.nodeId && filter(t)) out[t.nodeId] = (out[t.nodeId] ?? 0) + 1;
    return out;
  }
}
