/**
 * The swarm's control plane: raft leadership and the components that run
 * on the leader only (swarmkit manager/manager.go becomeLeader): the
 * dispatcher, the allocator, the orchestrators and the scheduler. This is
 * the one place that says "only the leader acts": store events reach these
 * components only while the swarm has a leader; when it loses its leader
 * their timers are cancelled with the term, and a new leader's components
 * start from the store, as SwarmKit's do (the scheduler rebuilds its view,
 * the orchestrators reconcile everything, the dispatcher waits for every
 * node to register again).
 */
import { stateLe, type TaskState } from '../model/taskState.js';
import type { World } from '../cluster/world.js';
import type { Machine, SwarmNode, Task } from '../model/types.js';
import { Scheduler, type Decision } from '../scheduler/scheduler.js';
import { Allocator } from './allocator.js';
import { Dispatcher } from './dispatcher.js';
import { Leadership } from './leadership.js';
import { Orchestrators } from './orchestration.js';
import { Term } from './term.js';
import { TIMINGS } from './timings.js';

export interface ManagerHooks {
  /** An agent's session is back with the leader (engine restart, new leader). */
  agentRegistered(m: Machine): void;
  /** failure action `rollback`. */
  rollback(serviceId: string, taskId: string): void;
}

export class Manager {
  readonly leadership: Leadership;
  readonly dispatcher: Dispatcher;
  readonly allocator: Allocator;
  readonly orchestrators: Orchestrators;
  private term: Term;
  private schedulerNow: Scheduler;
  private passPending = false;

  constructor(
    private readonly world: World,
    hooks: ManagerHooks,
  ) {
    this.leadership = new Leadership(world, (before) => this.leaderChanged(before));
    this.term = new Term(world.clock);
    // The term object is replaced on every new leader; components reach the current one through this.
    const timers = {
      schedule: (delay: number, label: string, run: () => void, background?: boolean) => this.term.schedule(delay, label, run, background),
      cancel: (ev: Parameters<Term['cancel']>[0]) => this.term.cancel(ev),
    };
    this.dispatcher = new Dispatcher(world, () => this.leading, {
      registered: (m) => hooks.agentRegistered(m),
      statusChanged: () => this.leadershipMayHaveChanged(),
    });
    this.allocator = new Allocator(world, timers);
    this.orchestrators = new Orchestrators(world, timers, (id, taskId) => hooks.rollback(id, taskId));
    this.schedulerNow = this.newScheduler();
  }

  /** True while the swarm has a leader: the only time the components below act. */
  get leading(): boolean {
    return this.leadership.leader !== undefined;
  }

  get scheduler(): Scheduler {
    return this.schedulerNow;
  }

  // --- store events, for the leader's components ---------------------------

  taskChanged(t: Task, before?: TaskState): void {
    if (!this.leading) return;
    // An agent's step on the way to RUNNING (same node, same desired state) changes
    // nothing the scheduler counts (nodeinfo.go counts a task from ASSIGNED while its
    // desired state is at most COMPLETE): five of a task's seven moves, skipped.
    if (before === undefined || !onTheWay(before) || !onTheWay(t.status.state)) this.schedulerNow.taskChanged(t);
    this.allocator.taskChanged(t);
    this.orchestrators.taskChanged(t);
    this.requestPass();
  }

  taskDeleted(t: Task): void {
    if (!this.leading) return;
    this.schedulerNow.taskDeleted(t);
    this.requestPass();
  }

  nodeChanged(n: SwarmNode): void {
    if (!this.leading) return;
    this.schedulerNow.nodeChanged(n);
    this.orchestrators.nodeChanged(n);
    this.requestPass();
  }

  nodeRemoved(n: SwarmNode): void {
    this.dispatcher.forget(n.id);
    if (!this.leading) return;
    this.schedulerNow.nodeRemoved(n.id);
    this.orchestrators.nodeChanged(n);
  }

  // --- leadership ------------------------------------------------------------

  /**
   * After anything that can change who leads (an engine stopping or
   * starting, a promotion, a demotion, a join, a leave, a removal): a new
   * term starts, or the last one ends.
   */
  leadershipMayHaveChanged(): void {
    this.leadership.reconsider();
  }

  /** Raft changed hands: the old term ends, and a new leader starts its components from the store. */
  private leaderChanged(before: string): void {
    if (before) this.stepDown();
    if (this.leading) this.becomeLeader(!this.founding);
  }

  /** The swarm was just created on its first manager: the first term, with nothing to catch up on. */
  initialized(node: SwarmNode): void {
    this.founding = true;
    this.leadership.founded(node);
    this.founding = false;
  }

  private founding = false;

  /** The swarm is gone (its last manager left): nothing of it runs. */
  dissolved(): void {
    this.leadership.cancelTimers();
    this.stepDown();
  }

  private stepDown(): void {
    this.term.end();
    this.term = new Term(this.world.clock);
    this.passPending = false;
    this.dispatcher.leaderStopped();
    this.orchestrators.leaderStopped();
  }

  /** `takingOver`: a leader after another (or after none); at swarm init there is nothing to take over. */
  private becomeLeader(takingOver: boolean): void {
    this.world.as('manager', () => {
      this.schedulerNow = this.newScheduler();
      // scheduler.go setupTasksList: the nodes and tasks of the store, in the store's (ID) order.
      for (const n of [...this.world.nodes.values()].sort((a, b) => (a.id < b.id ? -1 : 1))) this.schedulerNow.nodeChanged(n);
      for (const t of [...this.world.tasks.values()].sort((a, b) => (a.id < b.id ? -1 : 1))) this.schedulerNow.taskChanged(t);
      if (takingOver) this.dispatcher.leaderStarted();
      this.allocator.leaderStarted();
      this.orchestrators.leaderStarted();
      this.requestPass();
    });
  }

  // --- the scheduler ---------------------------------------------------------

  private newScheduler(): Scheduler {
    const w = this.world;
    return new Scheduler({
      now: () => w.now,
      rng: w.rng,
      service: (id) => w.services.get(id),
      commit: (d) => this.commit(d),
      recordDecisions: w.tracing,
    });
  }

  /** Scheduling passes are debounced (scheduler.go commitDebounceGap). */
  private requestPass(): void {
    if (this.passPending || !this.schedulerNow.wantsPass) return;
    this.passPending = true;
    this.term.schedule(TIMINGS.schedulerDebounceMs, 'scheduler pass', () => {
      this.passPending = false;
      this.world.as('scheduler', () => this.schedulerNow.pass());
    });
  }

  private commit(d: Decision): void {
    const t = d.task;
    if (!this.world.tasks.has(t.id)) return;
    if (d.kind === 'assign') {
      if (t.status.state !== 'pending') return;
      this.world.assignTask(t, d.nodeId, d.message, d.record);
    } else if (d.kind === 'error') {
      if (t.status.state === 'pending') this.world.setTaskError(t, d.err, d.record);
    } else if (t.status.state === 'pending') {
      this.world.moveTask(t, 'SHUTDOWN', t.status.message, '');
    }
  }
}

/** Between ASSIGNED and RUNNING: where the agent moves a task, step by step. */
function onTheWay(s: TaskState): boolean {
  return stateLe('assigned', s) && stateLe(s, 'running');
}
