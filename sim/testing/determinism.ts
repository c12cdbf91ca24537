/**
 * Determinism, in two parts:
 *   - the same seed gives the same trace, event for event;
 *   - another seed changes only tie-breaks: which of several equally good
 *     nodes a task lands on, and every ID. So, in a world where no rule
 *     depends on where earlier tasks landed, each step is accepted or
 *     refused alike, and settles to the same picture: the same nodes,
 *     plugins, networks and volumes, and per service as many tasks running
 *     and pending, with the same errors.
 *
 * Where a task landed is a tie-break, and later events treat nodes
 * differently, so the picture can only stay the same in a world where
 * nothing depends on where tasks landed. TIE_BREAK_SAFE is that world; it
 * leaves out
 *   - reservations, host ports and max replicas per node (capacity);
 *   - named volumes, which the agent creates where a task lands (and which
 *     then hold plugin references);
 *   - whatever lets a node keep tasks it would not take anew: pausing it,
 *     changing its labels, disabling or removing a plugin, updating a
 *     service (a rolling update stalled on an unplaceable spec leaves old
 *     tasks running). With those, a drain or a stop elsewhere displaces a
 *     placement-dependent number of tasks that nothing can take back;
 *   - `sim$ fail SERVICE.SLOT`: which slots survive a scale-down depends on
 *     where they ran.
 * And while the swarm has no leader nothing is rescheduled, so how many
 * tasks still run after an engine stops or leaves depends on where they ran:
 * the view then leaves the task counts out (the next leader restores them).
 * Labels and disabled plugins still come with the starting cluster.
 *
 * LockstepRunner runs one command sequence on two simulations and compares
 * them after every step.
 */
import type { Simulation } from '../simulation.js';
import type { CommandRunner, SwarmCommand } from './commands.js';
import type { SwarmModel } from './model.js';
import type { SwarmArbitraryOptions } from './arbitraries.js';
import { SwarmReal, type RealOptions, type StepRecord } from './real.js';

/** Arbitrary options for a world in which another seed may change only tie-breaks. */
export const TIE_BREAK_SAFE: SwarmArbitraryOptions = {
  capacity: false,
  namedVolumes: false,
  availabilities: ['drain', 'active'],
  weights: { 'task-fail': 0, 'service-update': 0, 'node-label': 0, 'plugin-disable': 0, 'plugin-rm': 0 },
};

/** IDs are drawn from the seed: 25-character swarm IDs, 64-hex plugin/container IDs. */
export function normalizeIds(s: string): string {
  return s.replace(/\b[0-9a-f]{64}\b/g, '<hex>').replace(/\b[0-9a-z]{25}\b/g, '<id>');
}

/** What must not depend on tie-breaks, with IDs left out. */
export function tieBreakView(sim: Simulation, refused: string | null = null): string {
  const w = sim.world;
  const led = sim.manager.leading;
  const byName = (a: { name: string }, b: { name: string }): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const services = [...w.services.values()].map((s) => {
    const tasks = w.tasksOfService(s.id).filter((t) => t.desiredState === 'running');
    const global = s.spec.mode.kind === 'global';
    return {
      name: s.spec.name,
      running: led ? tasks.filter((t) => t.status.state === 'running').length : null,
      pending: led ? tasks.filter((t) => t.status.state === 'pending').length : null,
      errors: led ? [...new Set(tasks.filter((t) => t.status.state === 'pending').map((t) => t.status.err))].sort() : null,
      // A global service's tasks are pinned to nodes: where each runs is no tie-break.
      perNode: global ? tasks.map((t) => `${w.nodes.get(t.nodeId)?.machine ?? '?'}:${t.status.state}`).sort() : [],
    };
  });
  return JSON.stringify({
    refused: refused === null ? null : normalizeIds(refused),
    machines: [...w.machines.values()].map((m) => ({
      name: m.name,
      running: m.running,
      // Not the references: an engine holds one per attached network while a task runs there.
      plugins: m.plugins.map((p) => `${p.name}:${p.enabled}`).sort(),
      volumes: m.volumes.map((v) => `${v.name}:${v.driver}`).sort(),
    })),
    nodes: [...w.nodes.values()].map((n) => `${n.machine} ${n.role} ${n.status} ${n.availability} ${JSON.stringify(Object.entries(n.labels).sort())}`).sort(),
    networks: [...w.networks.values()].map((n) => `${n.name}:${n.driver}`).sort(),
    services: services.sort(byName),
  });
}

export class DeterminismViolation extends Error {
  constructor(
    readonly stepIndex: number,
    readonly line: string,
    readonly detail: string,
  ) {
    super(`after step ${stepIndex + 1} \`${line}\`: ${detail}`);
    this.name = 'DeterminismViolation';
  }
}

function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  const from = Math.max(0, i - 60);
  return `\n  A: …${a.slice(from, i + 80)}\n  B: …${b.slice(from, i + 80)}`;
}

/**
 * Runs each command on two simulations and compares them after every step:
 * with `same`, two runs of one seed must record the same trace; with
 * `tie-breaks`, runs of two seeds must show the same tieBreakView.
 */
export class LockstepRunner implements CommandRunner {
  readonly a: SwarmReal;
  readonly b: SwarmReal;
  private steps = 0;

  constructor(
    readonly compare: 'same-seed' | 'tie-breaks',
    readonly seedA: number,
    readonly seedB: number = seedA,
    opts: RealOptions = { invariants: [], observe: false, stepChecks: false },
  ) {
    this.a = new SwarmReal(seedA, opts);
    this.b = new SwarmReal(compare === 'same-seed' ? seedA : seedB, opts);
  }

  model(): SwarmModel {
    return this.a.model();
  }

  step(cmd: SwarmCommand): void {
    const index = this.steps++;
    const line = cmd.toScenarioLine();
    const from = this.a.sim.world.trace.length;
    const ra: StepRecord = this.a.step(cmd);
    const rb = this.b.step(cmd);
    if (this.compare === 'same-seed') {
      const ta = this.a.sim.world.trace;
      const tb = this.b.sim.world.trace;
      const sa = JSON.stringify(ta.slice(from));
      const sb = JSON.stringify(tb.slice(from));
      if (ta.length !== tb.length || sa !== sb || ra.refused !== rb.refused)
        throw new DeterminismViolation(index, line, `seed ${this.seedA} gave two different traces:${firstDifference(sa, sb)}`);
      return;
    }
    const va = tieBreakView(this.a.sim, ra.refused);
    const vb = tieBreakView(this.b.sim, rb.refused);
    if (va !== vb)
      throw new DeterminismViolation(index, line, `seeds ${this.seedA} and ${this.seedB} differ in more than tie-breaks:${firstDifference(va, vb)}`);
  }
}
