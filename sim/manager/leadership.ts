/**
 * Raft, as far as the control plane shows it (swarmkit manager/state/raft,
 * etcd raft with CheckQuorum): the swarm has a leader while a majority of
 * its managers are reachable (their engines run). Without one, no cluster
 * state can be read or written and no leader-only component runs
 * (manager.go becomeLeader / becomeFollower). Leadership changes take time:
 *   - a leader that loses its quorum steps down once it has not heard from a
 *     majority for a while (CheckQuorum; about 25 s on our real engines);
 *   - when the leader is gone, or a quorum is back, the managers elect a new
 *     one after an election timeout (10 ticks of 1 s, randomised up to twice
 *     that: swarmkit raft.go DefaultNodeConfig), drawn from the seed;
 *   - a leader demoted or leaving hands over at once.
 * Which reachable manager wins is raft's randomised race; here the seeded
 * RNG draws it.
 */
import type { ScheduledEvent } from '../clock.js';
import type { World } from '../cluster/world.js';
import type { SwarmNode } from '../model/types.js';

export const RAFT = {
  /** ElectionTick (10) x TickInterval (1 s). */
  electionTimeoutMs: 10_000,
  /** How long a leader without a quorum keeps leading (seen on dockerd 20.10: 23 to 27 s). */
  stepDownMs: 25_000,
} as const;

export class Leadership {
  private election: ScheduledEvent | null = null;
  private stepDownTimer: ScheduledEvent | null = null;

  constructor(
    private readonly world: World,
    /** Called when the leader changes (appears, vanishes, or is another node). */
    private readonly changed: (before: string) => void,
  ) {}

  managers(): SwarmNode[] {
    const out: SwarmNode[] = [];
    for (const n of this.world.nodes.values()) if (n.role === 'manager') out.push(n);
    return out;
  }

  private reachable(n: SwarmNode): boolean {
    return this.world.machineOf(n).running;
  }

  /** More than half of the managers are reachable. */
  hasQuorum(): boolean {
    const managers = this.managers();
    return managers.filter((n) => this.reachable(n)).length * 2 > managers.length;
  }

  /** The leader, or undefined when the swarm has none. */
  get leader(): SwarmNode | undefined {
    const id = this.world.swarm?.leaderNodeId;
    return id ? this.world.nodes.get(id) : undefined;
  }

  /** The first manager of a new swarm leads at once. */
  founded(node: SwarmNode): void {
    this.set(node.id);
  }

  /**
   * After any change to the managers (an engine stops or starts, a promotion,
   * a demotion, a join, a leave): decides what raft will do, now or after its
   * timeouts.
   */
  reconsider(): void {
    const sw = this.world.swarm;
    if (!sw) return this.cancelTimers();
    const leader = this.leader;
    const quorum = this.hasQuorum();
    if (leader && (leader.role !== 'manager' || !this.world.nodes.has(leader.id))) {
      // A leader demoted (or removed) hands over to another manager at once.
      this.cancelTimers();
      this.set(quorum ? this.pick() : '');
      return;
    }
    if (leader && !this.reachable(leader)) {
      this.cancelTimers();
      this.set('');
      if (quorum) this.scheduleElection();
      return;
    }
    if (leader) {
      if (quorum) this.cancel('stepDown');
      else if (!this.stepDownTimer)
        this.stepDownTimer = this.world.clock.schedule(RAFT.stepDownMs, 'raft: leader steps down', () => {
          this.stepDownTimer = null;
          if (!this.hasQuorum()) this.set('');
        });
      return;
    }
    if (quorum) this.scheduleElection();
    else this.cancel('election');
  }

  private scheduleElection(): void {
    if (this.election) return;
    const timeout = RAFT.electionTimeoutMs + this.world.rng.int(RAFT.electionTimeoutMs);
    this.election = this.world.clock.schedule(timeout, 'raft: election', () => {
      this.election = null;
      if (this.leader || !this.hasQuorum()) return;
      this.set(this.pick());
    });
  }

  private pick(): string {
    const up = this.managers().filter((n) => this.reachable(n));
    return up.length ? up[this.world.rng.int(up.length)].id : '';
  }

  private set(id: string): void {
    const sw = this.world.swarm;
    if (!sw || sw.leaderNodeId === id) return;
    const before = sw.leaderNodeId;
    sw.leaderNodeId = id;
    this.world.record('swarm.leader', sw.id, before || null, id || null);
    this.changed(before);
  }

  private cancel(which: 'election' | 'stepDown'): void {
    if (which === 'election') {
      this.world.clock.cancel(this.election ?? undefined);
      this.election = null;
    } else {
      this.world.clock.cancel(this.stepDownTimer ?? undefined);
      this.stepDownTimer = null;
    }
  }

  cancelTimers(): void {
    this.cancel('election');
    this.cancel('stepDown');
  }
}
