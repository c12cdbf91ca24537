import { usablePlugin } from '../engine/engine.js';
import { createVolume } from '../engine/engine.js';
import { DockerError } from '../errors.js';
import { AGENT_PROGRESS } from '../lifecycle/task.js';
import type { Machine, Task } from '../model/types.js';
import { stateGt, stateLe, stateLt } from '../model/taskState.js';
import type { ScheduledEvent } from '../clock.js';
import type { World } from './world.js';

/**
 * Virtual delays of the agent's steps. Pulling and creating the container
 * dominates, as in real life; the figures are plausible, not measured.
 */
export const AGENT_DELAYS_MS = {
  accept: 100,
  prepare: 100,
  /** preparing -> ready: image pull and container create */
  ready: 1000,
  start: 100,
  run: 200,
  shutdown: 200,
  /** how long a job's container runs before it exits 0 */
  jobRuntime: 1000,
} as const;

const STEP_DELAY: Record<string, number> = {
  ACCEPT: AGENT_DELAYS_MS.accept,
  PREPARE: AGENT_DELAYS_MS.prepare,
  READY: AGENT_DELAYS_MS.ready,
  START: AGENT_DELAYS_MS.start,
  RUN: AGENT_DELAYS_MS.run,
};

const STEP_MESSAGE: Record<string, string> = {
  ACCEPT: 'accepted',
  PREPARE: 'preparing',
  READY: 'prepared',
  START: 'starting',
  RUN: 'started',
};

/**
 * The worker side (swarmkit agent/ and moby's executor): each engine moves
 * its assigned tasks toward their desired state, one step at a time, in
 * virtual time. A stopped engine does nothing until it starts again.
 */
export class Agents {
  private readonly pending = new Map<string, ScheduledEvent>();

  constructor(private readonly world: World) {}

  private machineOf(t: Task): Machine | undefined {
    const node = this.world.nodes.get(t.nodeId);
    return node ? this.world.machines.get(node.machine) : undefined;
  }

  /** Store hook: schedules the next step for a task on a running engine. */
  taskChanged(t: Task): void {
    if (t.nodeId === '' || this.pending.has(t.id)) return;
    const m = this.machineOf(t);
    const node = this.world.nodes.get(t.nodeId);
    if (!m || !m.running || !node || node.status === 'down') return;
    const s = t.status.state;
    if (stateLt(s, 'assigned') || stateGt(s, 'running')) return;
    // Desired COMPLETE (jobs) means run to completion; above it, stop.
    if (stateGt(t.desiredState, 'complete')) {
      this.later(t, AGENT_DELAYS_MS.shutdown, () => this.world.moveTask(t, 'SHUTDOWN', 'shutdown'));
      return;
    }
    if (s === 'running') {
      if (t.desiredState === 'complete')
        this.later(t, AGENT_DELAYS_MS.jobRuntime, () => this.world.moveTask(t, 'COMPLETE', 'finished'));
      return;
    }
    // The agent does not pass READY until the task is desired RUNNING (or COMPLETE, for jobs).
    if (s === 'ready' && stateLt(t.desiredState, 'running')) return;
    const ev = AGENT_PROGRESS[s];
    if (!ev) return;
    this.later(t, STEP_DELAY[ev], () => {
      if (ev === 'READY') {
        const err = this.prepare(m, t);
        if (err) {
          this.world.moveTask(t, 'REJECT', 'preparing', err);
          return;
        }
        t.containerId = this.world.rng.hex(64);
      }
      this.world.moveTask(t, ev, STEP_MESSAGE[ev]);
    });
  }

  /** Engine start: the agent reports what happened to its containers while it was away. */
  engineStarted(m: Machine): void {
    for (const t of this.world.tasks.values()) {
      if (this.machineOf(t) !== m) continue;
      const s = t.status.state;
      if (stateLt(s, 'assigned') || stateGt(s, 'running')) continue;
      if (stateGt(t.desiredState, 'complete')) this.world.moveTask(t, 'SHUTDOWN', 'shutdown');
      else if (stateLe('starting', s)) this.world.moveTask(t, 'FAIL', 'started', 'task: non-zero exit (255)');
      else this.taskChanged(t);
    }
  }

  /** Engine stop: pending steps are lost with it. */
  engineStopped(m: Machine): void {
    for (const [id, ev] of this.pending) {
      const t = this.world.tasks.get(id);
      if (!t || this.machineOf(t) === m) {
        this.world.clock.cancel(ev);
        this.pending.delete(id);
      }
    }
  }

  private later(t: Task, delay: number, step: () => void): void {
    const ev = this.world.clock.schedule(delay, `agent ${t.id}`, () => {
      this.pending.delete(t.id);
      if (!this.world.tasks.has(t.id)) return;
      const node = this.world.nodes.get(t.nodeId);
      this.world.as(`agent:${node?.machine ?? '?'}`, step);
    });
    this.pending.set(t.id, ev);
  }

  /**
   * What the engine checks when it creates the container: the plugins must
   * really be there now, whatever the node last reported. A stale description
   * makes the scheduler pick a node that then rejects the task.
   */
  private prepare(m: Machine, t: Task): string | null {
    try {
      for (const mount of t.spec.mounts) {
        if (mount.type !== 'volume' || mount.source === '') continue;
        const driver = mount.volumeDriver || 'local';
        const existing = m.volumes.find((v) => v.name === mount.source);
        if (existing) continue;
        createVolume(m, this.world.now, mount.source, driver, { ...mount.volumeOptions }, {});
        this.world.record('volume.created', `${m.name}/${mount.source}`, null, driver);
      }
      for (const net of t.networks) {
        if (net.driver === '' || ['overlay', 'bridge', 'host', 'null', 'macvlan', 'ipvlan'].includes(net.driver)) continue;
        if (!usablePlugin(m, net.driver, 'networkdriver')) return `plugin "${net.driver}" not found`;
      }
      const log = t.spec.logDriver?.name ?? '';
      if (log !== '' && log !== 'none' && !BUILTIN_LOG.has(log)) {
        if (!usablePlugin(m, log, 'logdriver')) return `failed to initialize logging driver: plugin "${log}" not found`;
      }
    } catch (e) {
      if (e instanceof DockerError) return e.message;
      throw e;
    }
    return null;
  }
}

const BUILTIN_LOG = new Set(['awslogs', 'fluentd', 'gcplogs', 'gelf', 'journald', 'json-file', 'local', 'splunk', 'syslog']);
