import { createActor, setup, transition } from 'xstate';
import { TASK_STATES, type TaskState } from '../model/taskState.js';

/**
 * The observed-state lifecycle of a SwarmKit task (api/types.proto; who moves
 * what: orchestrator creates NEW, the allocator moves to PENDING, the scheduler
 * to ASSIGNED, the agent onward, the dispatcher to ORPHANED).
 *
 * Observed state only moves up. This machine is the single source of truth
 * for which moves are legal; the hot path consults a table derived from it
 * once at load time instead of running an actor per task.
 */
export type TaskEvent =
  | { type: 'ALLOCATE' } // allocator: NEW -> PENDING
  | { type: 'ASSIGN' } // scheduler: PENDING -> ASSIGNED
  | { type: 'ACCEPT' } // agent
  | { type: 'PREPARE' }
  | { type: 'READY' }
  | { type: 'START' }
  | { type: 'RUN' }
  | { type: 'COMPLETE' } // the container exited 0
  | { type: 'FAIL' } // a fatal error at or after STARTING
  | { type: 'REJECT' } // a fatal error before STARTING
  | { type: 'SHUTDOWN' } // desired state >= SHUTDOWN reached the agent (or the scheduler, for a pending task)
  | { type: 'ORPHAN' } // dispatcher: node down too long
  | { type: 'EVICT' }; // constraint enforcer: the node no longer meets the task's constraints or reservations

export type TaskEventType = TaskEvent['type'];
export const TASK_EVENT_TYPES: readonly TaskEventType[] = [
  'ALLOCATE', 'ASSIGN', 'ACCEPT', 'PREPARE', 'READY', 'START', 'RUN', 'COMPLETE', 'FAIL', 'REJECT', 'SHUTDOWN', 'ORPHAN', 'EVICT',
];

// The constraint enforcer rejects a task on its node at any state below COMPLETE
// (orchestrator/constraintenforcer/constraint_enforcer.go), even a running one.
const beforeStarting = { REJECT: 'rejected', SHUTDOWN: 'shutdown', ORPHAN: 'orphaned', EVICT: 'rejected' } as const;
const afterStarting = { FAIL: 'failed', SHUTDOWN: 'shutdown', ORPHAN: 'orphaned', EVICT: 'rejected' } as const;

/** @internal The xstate machine itself stays out of the published declarations (its types do not check under a consumer's exactOptionalPropertyTypes). */
export const taskMachine = setup({
  types: { events: {} as TaskEvent },
}).createMachine({
  id: 'task',
  initial: 'new',
  states: {
    new: { on: { ALLOCATE: 'pending', SHUTDOWN: 'shutdown', REJECT: 'rejected', EVICT: 'rejected' } },
    pending: { on: { ASSIGN: 'assigned', SHUTDOWN: 'shutdown', REJECT: 'rejected', EVICT: 'rejected' } },
    assigned: { on: { ACCEPT: 'accepted', ...beforeStarting } },
    accepted: { on: { PREPARE: 'preparing', ...beforeStarting } },
    preparing: { on: { READY: 'ready', ...beforeStarting } },
    ready: { on: { START: 'starting', ...beforeStarting } },
    starting: { on: { RUN: 'running', COMPLETE: 'complete', ...afterStarting } },
    running: { on: { COMPLETE: 'complete', ...afterStarting } },
    complete: { on: { ORPHAN: 'orphaned' } },
    shutdown: { on: { ORPHAN: 'orphaned' } },
    failed: { on: { ORPHAN: 'orphaned' } },
    rejected: { on: { ORPHAN: 'orphaned' } },
    // REMOVE is a desired state; an observed task never reaches it.
    remove: {},
    orphaned: { type: 'final' },
  },
});

/** next[state][event] = target, or undefined when the machine refuses it. */
const NEXT: Record<TaskState, Partial<Record<TaskEventType, TaskState>>> = (() => {
  const table = {} as Record<TaskState, Partial<Record<TaskEventType, TaskState>>>;
  const root = createActor(taskMachine).getSnapshot();
  for (const s of TASK_STATES) {
    table[s] = {};
    const snap = taskMachine.resolveState({ value: s, context: root.context });
    for (const e of TASK_EVENT_TYPES) {
      const [next] = transition(taskMachine, snap, { type: e } as TaskEvent);
      if (next.value !== s) table[s][e] = next.value as TaskState;
    }
  }
  return table;
})();

/** The observed state after `event`, or null if the lifecycle forbids it. */
export function nextTaskState(state: TaskState, event: TaskEventType): TaskState | null {
  return NEXT[state][event] ?? null;
}

/** The event the agent sends to move one step toward RUNNING from `state`. */
export const AGENT_PROGRESS: Partial<Record<TaskState, TaskEventType>> = {
  assigned: 'ACCEPT',
  accepted: 'PREPARE',
  preparing: 'READY',
  ready: 'START',
  starting: 'RUN',
};
