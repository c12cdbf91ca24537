/**
 * The dispatcher (swarmkit manager/dispatcher/dispatcher.go), on the leader:
 * it keeps each node's session. An agent registers (READY), sends a
 * heartbeat every period, and re-describes its engine when it changed;
 * a node whose heartbeats stop is DOWN after the grace period. A new leader's
 * dispatcher starts with every node UNKNOWN: the running agents register with
 * it at once, the others go DOWN after twice the usual grace.
 */
import type { ScheduledEvent } from '../clock.js';
import type { World } from '../cluster/world.js';
import { describeMachine, isBuiltinDriver } from '../engine/engine.js';
import { nextNodeLifecycle, type NodeEvent } from '../lifecycle/node.js';
import type { Machine, NodeDescription, SwarmNode } from '../model/types.js';
import { TIMINGS } from './timings.js';

export const UNKNOWN_MESSAGE = 'Node moved to "unknown" state due to leadership change in cluster';

export interface DispatcherHooks {
  /** The agent's session is back: its tasks' states reach the store again. */
  registered(m: Machine): void;
  /** A node's status changed (the leader may change with it). */
  statusChanged(n: SwarmNode): void;
}

export class Dispatcher {
  private readonly refreshEvents = new Map<string, ScheduledEvent>();
  private readonly downEvents = new Map<string, ScheduledEvent>();
  private readonly registerEvents = new Map<string, ScheduledEvent>();
  /** When each node's session started: heartbeats and description updates keep its phase. */
  private readonly joinedAt = new Map<string, number>();

  constructor(
    private readonly world: World,
    private readonly leading: () => boolean,
    private readonly hooks: DispatcherHooks,
  ) {}

  /** True when every node's description matches its engine. */
  get descriptionsFresh(): boolean {
    return this.refreshEvents.size === 0;
  }

  /** A node joined: its session starts now. */
  joined(node: SwarmNode): void {
    this.joinedAt.set(node.id, this.world.now);
  }

  forget(nodeId: string): void {
    this.joinedAt.delete(nodeId);
    for (const events of [this.refreshEvents, this.downEvents, this.registerEvents]) {
      this.world.clock.cancel(events.get(nodeId));
      events.delete(nodeId);
    }
  }

  setStatus(node: SwarmNode, event: NodeEvent['type'], message: string): void {
    const next = nextNodeLifecycle({ status: node.status, availability: node.availability }, { type: event } as NodeEvent);
    node.statusMessage = message;
    if (next.status === node.status) return;
    this.world.record('node.status', node.id, node.status, next.status);
    node.status = next.status;
    this.hooks.statusChanged(node);
    this.world.emitNode(node);
  }

  /**
   * The cluster's heartbeat period (swarm init/update --dispatcher-heartbeat),
   * which the dispatcher hands to agents; a zero period keeps the default.
   */
  private period(): number {
    const p = this.world.swarm?.settings.heartbeatPeriodMs ?? 0;
    return p > 0 ? p : TIMINGS.heartbeatPeriodMs;
  }

  /** The engine stopped: its heartbeats stop, and the node is DOWN once the grace period since the last one has passed. */
  engineStopped(m: Machine): void {
    const node = this.world.nodeOf(m);
    if (!node) return;
    this.world.clock.cancel(this.registerEvents.get(node.id));
    this.registerEvents.delete(node.id);
    if (!this.leading()) return;
    const grace = this.period() * TIMINGS.heartbeatGraceMultiplier;
    this.expireAfter(node, grace - this.sinceBeat(node), 'heartbeat failure');
  }

  /** The engine is back: its agent registers a moment later, with a fresh description. */
  engineStarted(m: Machine): void {
    const node = this.world.nodeOf(m);
    if (!node) return;
    this.world.clock.cancel(this.downEvents.get(node.id));
    this.downEvents.delete(node.id);
    this.registerLater(node, TIMINGS.reconnectMs);
  }

  /** A new leader's dispatcher starts (dispatcher.go Run, markNodesUnknown). */
  leaderStarted(): void {
    const grace = this.period() * TIMINGS.heartbeatGraceMultiplier * 2;
    for (const node of this.world.nodes.values()) {
      const m = this.world.machineOf(node);
      // Down nodes are not resurrected by the new leader; a running agent registers by itself.
      if (node.status !== 'down') this.world.as('dispatcher', () => this.setStatus(node, 'NEW_LEADER', UNKNOWN_MESSAGE));
      if (m.running) this.registerLater(node, TIMINGS.reconnectMs);
      else if (node.status !== 'down') this.expireAfter(node, grace, 'heartbeat failure for node in "unknown" state');
    }
  }

  /** The leader stepped down: its sessions and timers go with it. */
  leaderStopped(): void {
    for (const events of [this.downEvents, this.registerEvents, this.refreshEvents]) {
      for (const ev of events.values()) this.world.clock.cancel(ev);
      events.clear();
    }
  }

  /** An engine change reaches the manager on the agent's next description refresh. */
  engineChanged(m: Machine): void {
    const node = this.world.nodeOf(m);
    if (!node || this.refreshEvents.has(node.id) || !this.leading()) return;
    const period = TIMINGS.nodeUpdatePeriodMs;
    const delay = period - ((this.world.now - (this.joinedAt.get(node.id) ?? 0)) % period);
    this.refreshEvents.set(
      node.id,
      this.world.clock.schedule(delay, `describe ${node.id}`, () => {
        this.refreshEvents.delete(node.id);
        this.refreshDescription(node);
      }),
    );
  }

  private sinceBeat(node: SwarmNode): number {
    return (this.world.now - (this.joinedAt.get(node.id) ?? 0)) % this.period();
  }

  private expireAfter(node: SwarmNode, delay: number, message: string): void {
    this.world.clock.cancel(this.downEvents.get(node.id));
    this.downEvents.set(
      node.id,
      this.world.clock.schedule(delay, `heartbeat expiry ${node.id}`, () => {
        this.downEvents.delete(node.id);
        this.world.as('dispatcher', () => this.setStatus(node, 'HEARTBEAT_EXPIRED', message));
      }),
    );
  }

  private registerLater(node: SwarmNode, delay: number): void {
    if (this.registerEvents.has(node.id)) return;
    this.registerEvents.set(
      node.id,
      this.world.clock.schedule(delay, `register ${node.id}`, () => {
        this.registerEvents.delete(node.id);
        const m = this.world.machineOf(node);
        if (!this.world.nodes.has(node.id) || !m.running || !this.leading()) return;
        this.world.clock.cancel(this.downEvents.get(node.id));
        this.downEvents.delete(node.id);
        this.world.as('dispatcher', () => {
          this.setDescription(node, describeMachine(m));
          this.joinedAt.set(node.id, this.world.now);
          this.setStatus(node, 'REGISTER', '');
          this.world.emitNode(node);
        });
        this.world.as(`agent:${m.name}`, () => this.hooks.registered(m));
      }),
    );
  }

  private refreshDescription(node: SwarmNode): void {
    const m = this.world.machineOf(node);
    if (!m.running || !this.world.nodes.has(node.id)) return;
    this.world.as(`agent:${m.name}`, () => {
      if (this.setDescription(node, describeMachine(m))) this.world.emitNode(node);
    });
  }

  /** Writes a description that differs from the stored one; false when nothing changed. */
  private setDescription(node: SwarmNode, next: NodeDescription): boolean {
    if (node.description && sameDescription(next, node.description)) return false;
    const summary = (d: NodeDescription | null): string =>
      d ? d.engine.plugins.filter((p) => !isBuiltinDriver(p.type, p.name)).map((p) => `${p.type}:${p.name}`).join(',') : '';
    this.world.record('node.description', node.id, summary(node.description), summary(next));
    node.description = next;
    return true;
  }
}

/**
 * Whether two descriptions are the same, field by field and labels in order
 * (what comparing their JSON said, at a fraction of the cost: every
 * periodic re-description of every node asks).
 */
function sameDescription(a: NodeDescription, b: NodeDescription): boolean {
  if (a.hostname !== b.hostname || a.addr !== b.addr) return false;
  if (a.platform.os !== b.platform.os || a.platform.arch !== b.platform.arch) return false;
  if (a.resources.nanoCPUs !== b.resources.nanoCPUs || a.resources.memoryBytes !== b.resources.memoryBytes) return false;
  if (a.engine.version !== b.engine.version) return false;
  const pa = a.engine.plugins;
  const pb = b.engine.plugins;
  if (pa.length !== pb.length) return false;
  for (let i = 0; i < pa.length; i++) if (pa[i].type !== pb[i].type || pa[i].name !== pb[i].name) return false;
  const la = Object.keys(a.engine.labels);
  const lb = Object.keys(b.engine.labels);
  if (la.length !== lb.length) return false;
  for (let i = 0; i < la.length; i++) if (la[i] !== lb[i] || a.engine.labels[la[i]] !== b.engine.labels[lb[i]]) return false;
  return true;
}
