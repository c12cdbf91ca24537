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
/**
 * How long a container start spends retrying a plugin whose socket is gone
 * before it fails: moby pkg/plugins/client.go callWithRetry backs off 1, 2, 4
 * and 8 s, and gives up when the next wait would pass 30 s.
 */
export const PLUGIN_RETRY_MS = 15_000;
/**
 * Taking a container off a network whose plugin is gone costs two such
 * calls (the endpoint's Leave, then its DeleteEndpoint: libnetwork
 * sandbox.go), so its task is reported stopped that much later.
 */
export const PLUGIN_CLEANUP_MS = 2 * PLUGIN_RETRY_MS;

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
  /** Tasks whose container start will fail: a network's plugin is gone, its network still there. */
  private readonly doomed = new Map<string, string>();
  /**
   * Swarm networks attached on each engine, with the tasks using them. An
   * engine attaches a plugin-backed network for its first task on it and holds
   * a plugin reference while any task uses it (moby daemon/network.go
   * CreateManagedNetwork), so `plugin disable` there says "in use".
   */
  private readonly attached = new Map<Machine, Map<string, { plugin: InstalledPlugin | null; tasks: Set<string> }>>();
  private readonly attachmentsOf = new Map<string, { m: Machine; networkId: string }[]>();

  constructor(
    private readonly world: World,
    /** What the engine reports changed (a network of a plugin driver came or went): its agent will re-describe it. */
    private readonly onEngineChange: (m: Machine) => void = () => {},
  ) {}

  private machineOf(t: Task): Machine | undefined {
    const node = this.world.nodes.get(t.nodeId);
    return node ? this.world.machines.get(node.machine) : undefined;
  }

  /** Store hook: schedules the next step for a task on a running engine. */
  taskChanged(t: Task): void {
    if (stateGt(t.status.state, 'running')) this.detach(t, false);
    if (t.nodeId === '' || this.pending.has(t.id)) return;
    const m = this.machineOf(t);
    const node = this.world.nodes.get(t.nodeId);
    if (!m || !m.running || !node || node.status === 'down') return;
    const s = t.status.state;
    if (stateLt(s, 'assigned') || stateGt(s, 'running')) return;
    // Desired COMPLETE (jobs) means run to completion; above it, stop.
    if (stateGt(t.desiredState, 'complete')) {
      this.later(t, AGENT_DELAYS_MS.shutdown + this.cleanupDelay(m, t), () => this.world.moveTask(t, 'SHUTDOWN', 'shutdown'));
      return;
    }
    if (s === 'running') {
      if (t.desiredState === 'complete')
        this.later(t, AGENT_DELAYS_MS.jobRuntime, () => this.world.moveTask(t, 'COMPLETE', 'finished'));
      return;
    }
    // The agent does not pass READY until the task is desired RUNNING (or COMPLETE, for jobs).
    if (s === 'ready' && stateLt(t.desiredState, 'running')) return;
    const doomed = this.doomed.get(t.id);
    if (s === 'starting' && doomed !== undefined) {
      this.later(t, PLUGIN_RETRY_MS, () => {
        this.doomed.delete(t.id);
        this.world.moveTask(t, 'FAIL', 'starting', doomed);
      });
      return;
    }
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
        const endpointError = this.endpointError(m, t);
        if (endpointError) this.doomed.set(t.id, endpointError);
      }
      this.world.moveTask(t, ev, STEP_MESSAGE[ev]);
    });
  }

  /**
   * A task's container exited by itself with `err` (`sim$ fail`): the agent
   * reports it once the container is off its networks.
   */
  containerExited(t: Task, err: string): void {
    const node = this.world.nodes.get(t.nodeId);
    const m = node ? this.world.machines.get(node.machine) : undefined;
    const report = (): void => {
      if (stateGt(t.status.state, 'running')) return;
      if (stateLt(t.status.state, 'starting')) this.world.moveTask(t, 'REJECT', t.status.message, err);
      else this.world.moveTask(t, 'FAIL', 'started', err);
    };
    const delay = m ? this.cleanupDelay(m, t) : 0;
    if (delay === 0) return this.world.as(`agent:${node?.machine ?? '?'}`, report);
    const ev = this.pending.get(t.id);
    if (ev) this.world.clock.cancel(ev);
    this.later(t, delay, report);
  }

  /** How long taking `t` off its networks takes: long when a network's plugin is gone. */
  private cleanupDelay(m: Machine, t: Task): number {
    for (const net of t.networks) {
      const p = this.attached.get(m)?.get(net.networkId)?.plugin;
      if (p && (!m.plugins.includes(p) || !p.enabled) && this.attachmentsOf.get(t.id)?.some((a) => a.networkId === net.networkId)) return PLUGIN_CLEANUP_MS;
    }
    return 0;
  }

  /** Engine start: the agent reports what happened to its containers while it was away. */
  engineStarted(m: Machine): void {
    for (const t of this.world.tasks.values()) {
      if (this.machineOf(t) !== m) continue;
      const s = t.status.state;
      if (stateLt(s, 'assigned') || stateGt(s, 'running')) continue;
      // A container that was started died with the engine: the agent reports it failed (exit
      // 255), even when its task was already meant to shut down.
      if (stateLe('starting', s)) this.world.moveTask(t, 'FAIL', 'started', 'task: non-zero exit (255)');
      else if (stateGt(t.desiredState, 'complete')) this.world.moveTask(t, 'SHUTDOWN', 'shutdown');
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
    const ev = this.world.clock.schedule(delay, 'agent step', () => {
      this.pending.delete(t.id);
      if (!this.world.tasks.has(t.id)) return;
      this.world.as(this.causeOf(t.nodeId), step);
    });
    this.pending.set(t.id, ev);
  }

  /** Each engine's name as the author of its changes, made once: every task step of a large run asks. */
  private readonly causes = new Map<string, string>();
  private causeOf(nodeId: string): string {
    let cause = this.causes.get(nodeId);
    if (cause === undefined) {
      const node = this.world.nodes.get(nodeId);
      cause = `agent:${node?.machine ?? '?'}`;
      // A node ID names one machine for good; an unknown one may be known later.
      if (node) this.causes.set(nodeId, cause);
    }
    return cause;
  }

  private attach(m: Machine, t: Task): void {
    let changed = false;
    for (const net of t.networks) {
      let byNet = this.attached.get(m);
      if (!byNet) this.attached.set(m, (byNet = new Map()));
      let a = byNet.get(net.networkId);
      if (!a) {
        // The engine's first task on this network: libnetwork creates it, through its plugin if it has one.
        const plugin = m.plugins.find((p) => p.name === withTag(net.driver) && p.capabilities.includes('networkdriver')) ?? null;
        byNet.set(net.networkId, (a = { plugin, tasks: new Set() }));
        if (plugin) plugin.refs++;
        m.swarmNetworks.push({ id: net.networkId, driver: net.driver });
        if (!isBuiltinDriver('Network', net.driver)) changed = true;
      }
      a.tasks.add(t.id);
      const mine = this.attachmentsOf.get(t.id) ?? [];
      mine.push({ m, networkId: net.networkId });
      this.attachmentsOf.set(t.id, mine);
    }
    if (changed) this.onEngineChange(m);
  }

  /** The store deleted a task: the engine removes what is left of its container, and its networks with it. */
  taskDeleted(t: Task): void {
    this.detach(t, true);
  }

  /**
   * The last task leaving a network removes it from the engine and releases
   * the plugin (if it is still installed). A network whose plugin is gone
   * cannot be deleted through it when the task stops (controller.go Shutdown
   * removeNetworks fails), so it stays until the task itself is removed.
   */
  private detach(t: Task, removed: boolean): void {
    this.doomed.delete(t.id);
    const mine = this.attachmentsOf.get(t.id);
    if (!mine) return;
    const stuck = (m: Machine, networkId: string): boolean => {
      const p = this.attached.get(m)?.get(networkId)?.plugin;
      return !!p && (!m.plugins.includes(p) || !p.enabled);
    };
    if (!removed && mine.some(({ m, networkId }) => stuck(m, networkId))) return;
    this.attachmentsOf.delete(t.id);
    const changed = new Set<Machine>();
    for (const { m, networkId } of mine) {
      const byNet = this.attached.get(m);
      const a = byNet?.get(networkId);
      if (!byNet || !a || !a.tasks.delete(t.id)) continue;
      // Removing a task retries the network's deletion (executor controller.go Remove ->
      // removeNetworks), and libnetwork deletes a network with no endpoints even when its
      // driver cannot be reached (network.go deleteNetwork only logs the driver's error): the
      // stopped tasks it kept for its plugin no longer hold it, only running ones do.
      if (removed && stuck(m, networkId)) for (const id of [...a.tasks]) if (this.world.tasks.get(id)?.status.state !== 'running') this.release(id, m, networkId);
      if (a.tasks.size > 0) continue;
      byNet.delete(networkId);
      const i = m.swarmNetworks.findIndex((n) => n.id === networkId);
      if (i >= 0) {
        if (!isBuiltinDriver('Network', m.swarmNetworks[i].driver)) changed.add(m);
        m.swarmNetworks.splice(i, 1);
      }
      if (a.plugin && m.plugins.includes(a.plugin) && a.plugin.refs > 0) a.plugin.refs--;
    }
    for (const m of changed) this.onEngineChange(m);
  }

  /** `id` no longer holds `networkId` on `m` (its container is gone from the network). */
  private release(id: string, m: Machine, networkId: string): void {
    this.attached.get(m)?.get(networkId)?.tasks.delete(id);
    const left = (this.attachmentsOf.get(id) ?? []).filter((x) => !(x.m === m && x.networkId === networkId));
    if (left.length) this.attachmentsOf.set(id, left);
    else this.attachmentsOf.delete(id);
  }

  /**
   * Starting a container joins it to its networks: an endpoint through a
   * plugin whose socket is gone (removed with -f while its network stayed)
   * fails, with the HTTP client's words (moby daemon/container_operations.go
   * connectToNetwork, pkg/plugins/client.go).
   */
  private endpointError(m: Machine, t: Task): string | null {
    for (const net of t.networks) {
      if (isBuiltinDriver('Network', net.driver)) continue;
      const a = this.attached.get(m)?.get(net.networkId);
      const p = a?.plugin;
      if (!p || (m.plugins.includes(p) && p.enabled)) continue;
      const svc = this.world.services.get(t.serviceId);
      const name = `${svc?.spec.name ?? t.serviceId}.${t.slot !== 0 ? t.slot : t.nodeId}.${t.id}`;
      const netName = this.world.networks.get(net.networkId)?.name ?? net.networkId;
      const sock = `/run/docker/plugins/${p.id}/${p.socket ?? 'plugin.sock'}`;
      return (
        `starting container failed: failed to create endpoint ${name} on network ${netName}: ` +
        `Post "http://${encodeURIComponent(sock)}/NetworkDriver.CreateEndpoint": dial unix ${sock}: connect: no such file or directory`
      );
    }
    return null;
  }

  /** Whether the engine has network `networkId` (some task of it attached it). */
  hasNetwork(m: Machine, networkId: string): boolean {
    return this.attached.get(m)?.has(networkId) ?? false;
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
        // A network the engine already has needs no plugin to be prepared: its start will fail instead (endpointError).
        if (!usablePlugin(m, net.driver, 'networkdriver') && !this.hasNetwork(m, net.networkId)) return `plugin "${net.driver}" not found`;
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

