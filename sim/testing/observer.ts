/**
 * Invariants about moments, checked as they happen: the observer listens to
 * the world's task changes (after the simulation's own components have
 * reacted) and records a violation when
 *   - a task's observed state moves down, or its desired state does;
 *   - a task becomes ASSIGNED to a node that, at that instant, was not ready
 *     and active, did not report a plugin the task needs (`name` matches
 *     `name` and `name:latest`), did not satisfy its constraints or platform,
 *     lacked the reserved CPU or memory, had one of its host ports taken, or
 *     already ran max-replicas-per-node tasks of its service;
 *   - the assignment was not made by the scheduler, or carries the wrong
 *     message (pre-assigned tasks are "confirmed");
 *   - the scheduler writes a pending task's error that does not name the
 *     right filters with the right counts for the nodes as they are then.
 *
 * "At that instant": tasks committed earlier in the same scheduling pass are
 * already ASSIGNED in the store, later ones still PENDING, so checking each
 * assignment against the store as it is then checks the pass in the order
 * it was decided. The scheduler's own bookkeeping is never consulted.
 *
 * And without a leader, nothing is orchestrated: no task is created,
 * allocated, assigned, restarted, updated or reaped, and no node is marked
 * up or down, by any of the leader's components (swarmkit manager.go runs
 * them on the leader only). Only agents act: containers still run and die.
 */
import type { Simulation } from '../simulation.js';
import type { Task } from '../model/types.js';
import { stateValue, type TaskState } from '../model/taskState.js';
import { explanationProblem, filterFailures, holdings, placementVerdict } from './oracle.js';
import type { Violation } from './invariants.js';

/** scheduler.go: the messages of an ordinary and of a pre-assigned assignment. */
export const ASSIGNED_MESSAGE = 'scheduler assigned task to node';
export const PREASSIGNED_MESSAGE = 'scheduler confirmed task can run on preassigned node';

interface Seen {
  readonly state: TaskState;
  readonly desired: TaskState;
  readonly err: string;
}

export class Observer {
  private readonly seen = new Map<string, Seen>();
  private found: Violation[] = [];
  /** Assignments checked so far (a liveness hint for tests). */
  assignments = 0;
  /** Tasks assigned in the current scheduling pass (one virtual instant), for telling batch effects apart. */
  private pass: { time: number; tasks: Task[] } = { time: -1, tasks: [] };

  constructor(private readonly sim: Simulation) {
    sim.world.listen({
      taskChanged: (t) => {
        this.leaderless('task', t.id);
        this.taskChanged(t);
      },
      taskDeleted: (t) => {
        this.leaderless('task removal', t.id);
        this.seen.delete(t.id);
      },
      nodeChanged: (n) => this.leaderless('node', n.id),
    });
  }

  /** The violations found since the last call. */
  drain(): Violation[] {
    const out = this.found;
    this.found = [];
    return out;
  }

  /** A change made by a leader-only component while the swarm has no leader. */
  private leaderless(what: string, id: string): void {
    const w = this.sim.world;
    if (!w.swarm || this.sim.manager.leading) return;
    const cause = w.cause;
    if (cause === 'command' || cause.startsWith('agent:')) return;
    this.found.push({ invariant: 'nothingOrchestratedWithoutALeader', message: `${what} ${id} changed by ${cause} while the swarm has no leader` });
  }

  private taskChanged(t: Task): void {
    const prev = this.seen.get(t.id);
    const state = t.status.state;
    if (prev) {
      if (stateValue(state) < stateValue(prev.state))
        this.found.push({ invariant: 'observedStateOnlyMovesUp', message: `task ${t.id}: observed state went from ${prev.state} to ${state}` });
      if (stateValue(t.desiredState) < stateValue(prev.desired))
        this.found.push({ invariant: 'desiredStateOnlyMovesUp', message: `task ${t.id}: desired state went from ${prev.desired} to ${t.desiredState}` });
    }
    const before = prev ? stateValue(prev.state) : -1;
    if (before < stateValue('assigned') && stateValue(state) >= stateValue('assigned') && stateValue(state) <= stateValue('running'))
      this.assigned(t);
    else if (state === 'pending' && t.status.err !== '' && t.status.err !== (prev?.err ?? '') && this.sim.world.cause === 'scheduler')
      this.explained(t);
    this.seen.set(t.id, { state, desired: t.desiredState, err: t.status.err });
  }

  /**
   * The scheduler just wrote why `t` stays pending. The store now holds what
   * the pass saw when it judged t's group: the tasks placed before it in the
   * pass are ASSIGNED, those after it still PENDING. If no task of the group
   * was placed in this pass, no node passed, every node was counted once
   * against the first filter it failed, and the text must match exactly;
   * otherwise the counts restarted at the last node that passed, and the
   * text must only be well formed.
   */
  private explained(t: Task): void {
    const w = this.sim.world;
    if (this.pass.time !== w.now) this.pass = { time: w.now, tasks: [] };
    const fail = (message: string): void => void this.found.push({ invariant: 'errorExplainsFilters', message: `task ${t.id} (slot ${t.slot}) error "${t.status.err}": ${message}` });
    const placedTogether = this.pass.tasks.some((x) => !x.preassigned && x.serviceId === t.serviceId && x.specVersion === t.specVersion);
    if (placedTogether) {
      const problem = explanationProblem(t, t.status.err);
      if (problem) fail(problem);
      return;
    }
    const v = placementVerdict(t, [...w.nodes.values()], [...w.tasks.values()]);
    if (v.fits.length > 0) {
      fail(`yet ${v.fits.map((n) => n.machine).join(', ')} would take it`);
      return;
    }
    if (t.status.err === v.expectedError) return;
    const why = v.perNode.map((p) => `${p.node}: ${p.failures.map((f) => `${f.filter} (${f.reason})`).join(', ')}`).join('; ');
    let note = '';
    if (t.preassigned) {
      const batch = this.pass.tasks.filter((x) => x.preassigned && x.nodeId === t.nodeId);
      const without = batch.length > 0 ? placementVerdict(t, [...w.nodes.values()], [...w.tasks.values()].filter((x) => !batch.includes(x))) : null;
      if (without && (without.fits.length > 0 || without.expectedError === t.status.err))
        note = ` (as if without the pre-assigned tasks confirmed in the same pass: ${batch.map((x) => x.id).join(', ')})`;
    }
    fail(`expected "${v.expectedError}" [${why}]${note}`);
  }

  private assigned(t: Task): void {
    this.assignments++;
    const w = this.sim.world;
    const fail = (message: string): void => void this.found.push({ invariant: 'assignedOnlyWhereItFits', message: `task ${t.id} (slot ${t.slot}) assigned to ${w.nodes.get(t.nodeId)?.machine ?? t.nodeId}: ${message}` });
    if (w.cause !== 'scheduler') fail(`assigned by ${w.cause}, not by the scheduler`);
    const wantMessage = t.preassigned ? PREASSIGNED_MESSAGE : ASSIGNED_MESSAGE;
    if (t.status.message !== wantMessage) fail(`message "${t.status.message}", expected "${wantMessage}"`);
    const node = w.nodes.get(t.nodeId);
    if (!node) {
      fail('no such node');
      return;
    }
    const failures = filterFailures(t, node, holdings(w.tasks.values(), node.id, t.id));
    if (this.pass.time !== w.now) this.pass = { time: w.now, tasks: [] };
    if (failures.length > 0) {
      // Would it have fitted without the pre-assigned tasks confirmed just before it, in the same pass?
      const batch = this.pass.tasks.filter((x) => x.preassigned && x.nodeId === t.nodeId);
      const alone = batch.length > 0 && filterFailures(t, node, holdings([...w.tasks.values()].filter((x) => !batch.includes(x)), node.id, t.id)).length === 0;
      const note = alone ? ` (fits without the pre-assigned tasks confirmed in the same pass: ${batch.map((x) => x.id).join(', ')})` : '';
      fail(failures.map((f) => `${f.filter}: ${f.reason}`).join('; ') + note);
    }
    this.pass.tasks.push(t);
  }
}
