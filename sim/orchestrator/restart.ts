import type { World } from '../cluster/world.js';
import type { Service, Task } from '../model/types.js';
import { stateGt, stateLe } from '../model/taskState.js';
import { newTask } from './taskFactory.js';

/** Default restart delay when the spec has none (api defaults: 5 s). */
export const DEFAULT_RESTART_DELAY_MS = 5000;

/**
 * The restart supervisor (swarmkit manager/orchestrator/restart/restart.go):
 * shuts a dead or stranded task down and, if the policy allows, starts a
 * replacement in the same slot (or on the same node, for global services)
 * after the restart delay.
 */
export class RestartSupervisor {
  /** Restart times per slot key, for max attempts within a window. */
  private readonly history = new Map<string, { specVersion: number; times: number[] }>();

  constructor(
    private readonly world: World,
    private readonly delayedStart: (task: Task, delayMs: number) => void,
  ) {}

  private slotKey(service: Service, t: Task): string {
    return service.spec.mode.kind === 'global' || service.spec.mode.kind === 'global-job'
      ? `${t.serviceId}/node/${t.nodeId}`
      : `${t.serviceId}/slot/${t.slot}`;
  }

  restart(service: Service, t: Task): void {
    if (stateGt(t.desiredState, 'complete')) return;
    this.world.setDesired(t, 'shutdown');
    if (!this.shouldRestart(service, t)) return;
    const global = service.spec.mode.kind === 'global' || service.spec.mode.kind === 'global-job';
    const replacement = newTask(this.world, service, global ? 0 : t.slot, global ? t.nodeId : '', 'ready');
    const node = this.world.nodes.get(t.nodeId);
    // A drained node restarts at once: the task did not fail (restart.go).
    const delay = node && node.availability === 'drain' ? 0 : t.spec.restart.delay;
    const key = this.slotKey(service, t);
    const h = this.history.get(key);
    if (!h || h.specVersion !== t.specVersion) this.history.set(key, { specVersion: t.specVersion, times: [this.world.now] });
    else h.times.push(this.world.now);
    this.world.addTask(replacement);
    this.delayedStart(replacement, delay);
  }

  private shouldRestart(service: Service, t: Task): boolean {
    const isJob = service.spec.mode.kind === 'replicated-job' || service.spec.mode.kind === 'global-job';
    const policy = t.spec.restart;
    switch (policy.condition) {
      case 'none':
        return false;
      case 'on-failure':
        if (t.status.state === 'complete') return false;
        break;
      case 'any':
        if (isJob && t.status.state === 'complete') return false;
        break;
    }
    if (policy.maxAttempts === 0) return true;
    const h = this.history.get(this.slotKey(service, t));
    if (!h || h.specVersion !== t.specVersion) return true;
    const recent = policy.window > 0 ? h.times.filter((x) => this.world.now - x <= policy.window) : h.times;
    return recent.length < policy.maxAttempts;
  }

  /** Whether a task with desired <= RUNNING should be restarted now: it died, or its node is gone (replicated/tasks.go). */
  static needsRestart(world: World, t: Task): boolean {
    if (!stateLe(t.desiredState, 'running')) return false;
    if (stateGt(t.status.state, 'running')) return true;
    if (t.nodeId === '') return false;
    const n = world.nodes.get(t.nodeId);
    return !n || n.status === 'down' || n.availability === 'drain';
  }
}
