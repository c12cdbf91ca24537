/**
 * The orchestrators as the leader runs them (swarmkit manager/orchestrator):
 * what makes each one look at a service again, and the restart supervisor,
 * updater and task reaper beside them. Each reacts to store events, on the
 * leader only; a new leader's orchestrators start with a full pass over the
 * store (replicated.go / global.go Run, taskinit/init.go CheckTasks), which is
 * how a swarm catches up after a time without one.
 */
import type { ScheduledEvent } from '../clock.js';
import type { World } from '../cluster/world.js';
import { stateGt, stateLe, stateLt } from '../model/taskState.js';
import type { Service, SwarmNode, Task } from '../model/types.js';
import { enforceConstraints } from '../orchestrator/constraintEnforcer.js';
import { reconcileGlobal } from '../orchestrator/global.js';
import { reconcileReplicated, reconcileReplicatedJob } from '../orchestrator/replicated.js';
import { RestartSupervisor } from '../orchestrator/restart.js';
import { Updater } from '../orchestrator/updater.js';
import type { Timers } from './term.js';

const isGlobal = (s: Service): boolean => s.spec.mode.kind === 'global' || s.spec.mode.kind === 'global-job';
const isJob = (s: Service): boolean => s.spec.mode.kind === 'replicated-job' || s.spec.mode.kind === 'global-job';

export class Orchestrators {
  readonly updater: Updater;
  readonly restarts: RestartSupervisor;
  private readonly reconcileEvents = new Map<string, ScheduledEvent>();
  private readonly restartEvents = new Map<string, ScheduledEvent>();
  /** When each delayed task's restart delay ends: a task that fails before then is restarted no sooner (restart.go waitRestart). */
  private readonly delayEnds = new Map<string, number>();

  constructor(
    private readonly world: World,
    private readonly timers: Timers,
    /** failure action `rollback`: the control API applies the previous spec. */
    rollback: (serviceId: string, taskId: string) => void,
  ) {
    this.restarts = new RestartSupervisor(world, (t, delay) => this.delayedStart(t, delay));
    this.updater = new Updater(world, timers, (t) => this.startTask(t), rollback);
  }

  taskChanged(t: Task): void {
    // The restart supervisor's replacement comes before any rollback the updater asks for.
    this.watchRestart(t);
    this.updater.taskChanged(t);
    this.reap(t);
  }

  /** A service was created, updated or removed: its orchestrator reconciles it in the next instant. */
  queueReconcile(serviceId: string): void {
    if (this.reconcileEvents.has(serviceId)) return;
    this.reconcileEvents.set(
      serviceId,
      this.timers.schedule(0, `reconcile ${serviceId}`, () => {
        this.reconcileEvents.delete(serviceId);
        const svc = this.world.services.get(serviceId);
        if (svc) this.world.as('orchestrator', () => this.reconcile(svc));
      }),
    );
  }

  /** Node changes reach the orchestrators: the constraint enforcer, global services, stranded tasks. */
  nodeChanged(n: SwarmNode): void {
    this.timers.schedule(0, `node effects ${n.id}`, () =>
      this.world.as('orchestrator', () => {
        const live = this.world.nodes.get(n.id);
        if (live) this.world.as('constraint-enforcer', () => enforceConstraints(this.world, live));
        for (const svc of this.world.services.values()) {
          if (!isGlobal(svc)) continue;
          if (live) this.reconcile(svc, live);
          else for (const t of this.world.tasksOfService(svc.id)) if (t.nodeId === n.id) this.world.setDesired(t, 'shutdown');
        }
        for (const t of this.world.tasks.values()) if (t.nodeId === n.id) this.watchRestart(t);
      }),
    );
  }

  /** A service was removed: every task of it is to be removed. */
  serviceRemoved(svc: Service): void {
    this.updater.cancel(svc.id);
    this.world.as('orchestrator', () => {
      for (const t of this.world.tasksOfService(svc.id)) this.world.setDesired(t, 'remove');
    });
  }

  /** A new leader's orchestrators: every service reconciled, every task checked, delayed starts resumed. */
  leaderStarted(): void {
    for (const svc of this.world.services.values()) this.queueReconcile(svc.id);
    for (const t of this.world.tasks.values()) {
      if (t.desiredState === 'ready' && !stateGt(t.status.state, 'running')) {
        // taskinit CheckTasks: what is left of the restart delay, counted from the task's last status.
        const svc = this.world.services.get(t.serviceId);
        if (svc) this.delayedStart(t, Math.max(0, t.status.timestamp + t.spec.restart.delay - this.world.now));
      } else this.taskChanged(t);
    }
  }

  /** The leader stepped down: updates stop, delayed work is forgotten (the term's timers are cancelled). */
  leaderStopped(): void {
    this.updater.stopAll();
    this.reconcileEvents.clear();
    this.restartEvents.clear();
    this.delayEnds.clear();
  }

  private reconcile(svc: Service, only?: SwarmNode): void {
    const start = (t: Task): void => this.startTask(t);
    switch (svc.spec.mode.kind) {
      case 'replicated':
        reconcileReplicated(this.world, svc, this.updater, start);
        break;
      case 'replicated-job':
        reconcileReplicatedJob(this.world, svc, start);
        break;
      case 'global':
      case 'global-job':
        reconcileGlobal(this.world, svc, this.updater, start, only);
        break;
    }
  }

  private startTask(t: Task): void {
    if (t.desiredState === 'ready') this.world.setDesired(t, 'running');
  }

  private delayedStart(t: Task, delay: number): void {
    this.delayEnds.set(t.id, this.world.now + delay);
    this.timers.schedule(delay, `restart delay ${t.id}`, () =>
      this.world.as('restart', () => {
        if (this.world.tasks.get(t.id) !== t || t.desiredState !== 'ready') return;
        const svc = this.world.services.get(t.serviceId);
        this.world.setDesired(t, svc && isJob(svc) ? 'complete' : 'running');
      }),
    );
  }

  /** Replicated and job tasks that died, or whose node went away, are restarted (restart supervisor). */
  private watchRestart(t: Task): void {
    if (this.restartEvents.has(t.id)) return;
    const svc = this.world.services.get(t.serviceId);
    if (!svc) return;
    const job = isJob(svc);
    const eligible = job
      ? stateLe(t.desiredState, 'complete') && stateGt(t.status.state, 'running') && t.status.state !== 'complete'
      : RestartSupervisor.needsRestart(this.world, t);
    if (!eligible) {
      if (job && t.status.state === 'complete') this.queueReconcile(svc.id);
      return;
    }
    if (isGlobal(svc) && !stateGt(t.status.state, 'running')) return; // stranded global tasks are shut down by reconcile
    const wait = Math.max(0, (this.delayEnds.get(t.id) ?? 0) - this.world.now);
    this.restartEvents.set(
      t.id,
      this.timers.schedule(wait, `restart ${t.id}`, () => {
        this.restartEvents.delete(t.id);
        this.delayEnds.delete(t.id);
        const live = this.world.services.get(t.serviceId);
        if (!live || !this.world.tasks.has(t.id)) return;
        this.world.as('restart', () => this.restarts.restart(live, t));
        if (job) this.queueReconcile(live.id);
      }),
    );
  }

  /** The task reaper (manager/orchestrator/taskreaper): removed tasks go, and history is capped per slot. */
  private reap(t: Task): void {
    const w = this.world;
    const gone =
      t.desiredState === 'remove' &&
      (stateGt(t.status.state, 'running') || (t.nodeId === '' && stateLt(t.status.state, 'assigned')) || (t.nodeId !== '' && stateLt(t.status.state, 'assigned')));
    if (gone) {
      this.timers.schedule(0, `reap ${t.id}`, () => w.as('taskreaper', () => w.deleteTask(t)));
      return;
    }
    if (t.status.state !== 'new') return;
    const limit = w.swarm?.taskHistoryLimit ?? 5;
    // Indexed by slot: scanning the service's tasks for each new one is quadratic in its replicas.
    if (w.slotSize(t) <= limit) return;
    const sameSlot = w.tasksOfSlot(t);
    const dead = sameSlot.filter((x) => stateGt(x.status.state, 'running') && stateGt(x.desiredState, 'running')).sort((a, b) => a.createdAt - b.createdAt);
    const excess = sameSlot.length - limit;
    for (const x of dead.slice(0, excess)) w.as('taskreaper', () => w.deleteTask(x));
  }
}
