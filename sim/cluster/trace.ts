/**
 * Every change to the simulated world is one event. The trace is the
 * simulation's ground truth for replays: a UI can rebuild any instant from
 * snapshots plus the events after them.
 */
export type TraceKind =
  | 'machine.added'
  | 'machine.changed'
  | 'machine.stopped'
  | 'machine.started'
  | 'plugin.installed'
  | 'plugin.enabled'
  | 'plugin.disabled'
  | 'plugin.removed'
  | 'plugin.changed'
  | 'volume.created'
  | 'volume.removed'
  | 'network.created'
  | 'network.removed'
  | 'secret.created'
  | 'secret.updated'
  | 'secret.removed'
  | 'config.created'
  | 'config.updated'
  | 'config.removed'
  | 'swarm.initialized'
  | 'swarm.updated'
  | 'swarm.leader'
  | 'node.joined'
  | 'node.left'
  | 'node.removed'
  | 'node.status'
  | 'node.availability'
  | 'node.role'
  | 'node.labels'
  | 'node.description'
  | 'service.created'
  | 'service.updated'
  | 'service.removed'
  | 'service.update-status'
  | 'task.created'
  | 'task.state'
  | 'task.desired'
  | 'task.assigned'
  | 'task.error'
  | 'task.removed';

export interface TraceEvent {
  readonly seq: number;
  /** Virtual milliseconds since the simulation started. */
  readonly time: number;
  readonly kind: TraceKind;
  /** The ID or name of what changed: a task ID, node ID, machine name... */
  readonly subject: string;
  readonly before: string | null;
  readonly after: string | null;
  /** Who made the change: `command`, `scheduler`, `agent:node2`, `orchestrator`, `restart`, `dispatcher`... */
  readonly cause: string;
}
