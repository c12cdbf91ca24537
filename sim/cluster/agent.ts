import { createVolume, isBuiltinDriver, usablePlugin } from '../engine/engine.js';
import { DockerError } from '../errors.js';
import { AGENT_PROGRESS } from '../lifecycle/task.js';
import type { InstalledPlugin, Machine, Task } from '../model/types.js';
import { withTag } from '../engine/registry.js';
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
  /**
   * Swarm networks attached on each engine, with the tasks using them. An
   * engine attaches a plugin-backed network for its first task on it and holds
   * a plugin reference while any task uses it (moby daemon/network.go
   * CreateManagedNetwork), so `plugin disable` there says "in use".
   */
  private readonly attached = new Map<Machine, Map<string, { plugin: InstalledPlugin; tasks: Set<string> }>>();
  private readonly attachmentsOf = new Map<string, { m: Machine; networkId: string }[]>();

  constructor(private readonly world: World) {}

  private machineOf(t: Task): Machine | undefined {
    const node = this.world.nodes.get(t.nodeId);
    return node ? this.world.machines.get(node.machine) : undefined;
  }

  /** Store hook: schedules the next step for a task on a running engine. */
  taskChanged(t: Task): void {
    if (stateGt(t.status.state, 'running')) this.detach(t);
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
        this.attach(m, t);
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

  private attach(m: Machine, t: Task): void {
    for (const net of t.networks) {
      const plugin = m.plugins.find((p) => p.name === withTag(net.driver) && p.capabilities.includes('networkdriver'));
      if (!plugin) continue;
      let byNet = this.attached.get(m);
      if (!byNet) this.attached.set(m, (byNet = new Map()));
      let a = byNet.get(net.networkId);
      if (!a) {
        byNet.set(net.networkId, (a = { plugin, tasks: new Set() }));
        plugin.refs++;
      }
      a.tasks.add(t.id);
      const mine = this.attachmentsOf.get(t.id) ?? [];
      mine.push({ m, networkId: net.networkId });
      this.attachmentsOf.set(t.id, mine);
    }
  }

  /** The last task leaving a network detaches it and releases the plugin (if it is still installed). */
  private detach(t: Task): void {
    const mine = this.attachmentsOf.get(t.id);
    if (!mine) return;
    this.attachmentsOf.delete(t.id);
    for (const { m, networkId } of mine) {
      const byNet = this.attached.get(m);
      const a = byNet?.get(networkId);
      if (!byNet || !a || !a.tasks.delete(t.id) || a.tasks.size > 0) continue;
      byNet.delete(networkId);
      if (m.plugins.includes(a.plugin) && a.plugin.refs > 0) a.plugin.refs--;
    }
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
        // The engine creates a named volume on first use, or checks the one it has
        // still answers through the driver the mount asks for (store.go checkConflict).
        const existed = m.volumes.some((v) => v.name === mount.source);
        const v = createVolume(m, this.world.now, mount.source, mount.volumeDriver, { ...mount.volumeOptions }, { ...mount.volumeLabels });
        if (!existed) this.world.record('volume.created', `${m.name}/${mount.source}`, null, v.driver);
      }
      for (const net of t.networks) {
        if (net.driver === '' || isBuiltinDriver('Network', net.driver)) continue;
        if (!usablePlugin(m, net.driver, 'networkdriver')) return `plugin "${net.driver}" not found`;
      }
      const log = t.spec.logDriver?.name ?? '';
      if (log !== '' && log !== 'none' && !isBuiltinDriver('Log', log)) {
        if (!usablePlugin(m, log, 'logdriver')) return `failed to initialize logging driver: plugin "${log}" not found`;
      }
    } catch (e) {
      if (e instanceof DockerError) return e.message;
      throw e;
    }
    return null;
  }
}

