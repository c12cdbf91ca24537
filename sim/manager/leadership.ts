/**
 * Raft, as far as the control plane shows it (swarmkit manager/state/raft):
 * the swarm has a leader while a majority of its managers are reachable,
 * that is, their engines run. Without one, no cluster state can be read or
 * written and no leader-only component runs (manager.go becomeLeader /
 * becomeFollower). Which reachable manager leads is raft's randomised
 * election; here the seeded RNG draws it.
 */
import type { World } from '../cluster/world.js';
import type { SwarmNode } from '../model/types.js';

export class Leadership {
  constructor(private readonly world: World) {}

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

  /**
   * After any change to the managers (an engine stops or starts, a promotion,
   * a demotion, a join, a leave): a reachable leader of a quorate swarm stays;
   * otherwise a reachable manager is elected if a majority is up, else there
   * is no leader. Returns true when leadership changed hands or appeared or
   * vanished.
   */
  elect(): boolean {
    const sw = this.world.swarm;
    if (!sw) return false;
    const before = sw.leaderNodeId;
    const current = this.leader;
    if (!this.hasQuorum()) sw.leaderNodeId = '';
    else if (!current || current.role !== 'manager' || !this.reachable(current)) {
      const up = this.managers().filter((n) => this.reachable(n));
      sw.leaderNodeId = up[this.world.rng.int(up.length)].id;
    }
    if (sw.leaderNodeId === before) return false;
    this.world.record('swarm.leader', sw.id, before || null, sw.leaderNodeId || null);
    return true;
  }
}
