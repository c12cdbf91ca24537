/**
 * SwarmKit's task states with their numeric order (api/types.proto). The
 * order matters: observed state only ever moves up, and the scheduler and
 * orchestrators compare states with < and >.
 */
export const TASK_STATES = [
  'new',
  'pending',
  'assigned',
  'accepted',
  'preparing',
  'ready',
  'starting',
  'running',
  'complete',
  'shutdown',
  'failed',
  'rejected',
  'remove',
  'orphaned',
] as const;

export type TaskState = (typeof TASK_STATES)[number];

export const TASK_STATE_VALUE: Readonly<Record<TaskState, number>> = {
  new: 0,
  pending: 64,
  assigned: 192,
  accepted: 256,
  preparing: 320,
  ready: 384,
  starting: 448,
  running: 512,
  complete: 576,
  shutdown: 640,
  failed: 704,
  rejected: 768,
  remove: 800,
  orphaned: 832,
};

export const stateValue = (s: TaskState): number => TASK_STATE_VALUE[s];
export const stateLt = (a: TaskState, b: TaskState): boolean => TASK_STATE_VALUE[a] < TASK_STATE_VALUE[b];
export const stateLe = (a: TaskState, b: TaskState): boolean => TASK_STATE_VALUE[a] <= TASK_STATE_VALUE[b];
export const stateGt = (a: TaskState, b: TaskState): boolean => TASK_STATE_VALUE[a] > TASK_STATE_VALUE[b];

/** docker/cli prints states capitalised: `running` -> `Running`. */
export const prettyState = (s: TaskState): string => s.charAt(0).toUpperCase() + s.slice(1);
