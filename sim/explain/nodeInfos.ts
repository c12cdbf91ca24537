import type { Task } from '../model/types.js';
import { stateLe, stateLt } from '../model/taskState.js';
import { NodeInfo } from '../scheduler/nodeInfo.js';
import type { SimSnapshot, TaskView } from '../snapshot.js';

/** The scheduler's bookkeeping rebuilt from a snapshot, leaving out the task being explained. */
export function buildNodeInfos(snap: SimSnapshot, exclude: string): NodeInfo[] {
  const infos = new Map<string, NodeInfo>();
  for (const n of snap.nodes) infos.set(n.id, new NodeInfo(n));
  for (const t of snap.tasks as TaskView[]) {
    if (t.id === exclude || t.nodeId === '') continue;
    if (stateLt(t.status.state, 'assigned') || !stateLe(t.status.state, 'running')) continue;
    infos.get(t.nodeId)?.addTask(t as unknown as Task);
  }
  return [...infos.values()];
}
