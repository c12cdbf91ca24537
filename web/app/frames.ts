/**
 * The replay on screen: a run's steps (or its first steps and a branch), and
 * what the view needs at any position u: the snapshot, the cluster model,
 * the step's diff, the ghosts of removed plugins. Built on demand and kept:
 * moving within one state costs nothing, back and forth little. No DOM.
 */
import type { TraceEvent } from '../../sim/cluster/trace.js';
import type { SimSnapshot } from '../../sim/snapshot.js';
import { buildCluster, pluginBadge, type ClusterModel, type PluginBadge } from '../model/cluster.js';
import { EMPTY_DIFF, diffSnapshots, type StepDiff } from '../model/diff.js';
import { eventsAt, replay } from '../model/replay.js';
import { frameSnapshot, type RunData, type StepData } from '../model/run.js';

/** Intermediate states (within a step) kept, oldest dropped first. */
const BETWEEN_KEPT = 64;

export interface View {
  /** Changes only when the state shown does. */
  readonly key: string;
  readonly snap: () => SimSnapshot;
  readonly model: () => ClusterModel;
}

export class Frames {
  readonly steps: readonly StepData[];
  private readonly models = new Map<number, ClusterModel>();
  private readonly diffs = new Map<number, StepDiff>();
  private readonly between = new Map<string, { snap: SimSnapshot; model?: ClusterModel }>();
  private hosts: Map<string, string> | null = null;
  private colourMap: Map<string, number> | null = null;

  constructor(
    readonly run: RunData,
    readonly branch: readonly StepData[] = [],
    readonly branchBase = 0,
  ) {
    this.steps = branch.length ? [...run.steps.slice(0, branchBase), ...branch] : run.steps;
  }

  get length(): number {
    return this.steps.length;
  }

  snapAt(frame: number): SimSnapshot {
    return frameSnapshot(this.run, this.steps, frame);
  }

  /** A colour per service, in order of first appearance over the whole replay. */
  get colours(): ReadonlyMap<string, number> {
    if (!this.colourMap) {
      const m = new Map<string, number>();
      for (const s of [this.run.initial, ...this.steps.map((x) => x.snapshot)]) for (const svc of s.services) if (!m.has(svc.id)) m.set(svc.id, m.size);
      this.colourMap = m;
    }
    return this.colourMap;
  }

  hostOf(nodeId: string): string {
    if (!this.hosts) {
      this.hosts = new Map();
      for (const s of [this.run.initial, ...this.steps.map((x) => x.snapshot)]) for (const n of s.nodes) this.hosts.set(n.id, n.hostname);
    }
    return this.hosts.get(nodeId) ?? (nodeId ? nodeId.slice(0, 12) : '');
  }

  /** The step the view is in: completed at an integer position, under way between two. -1 before any. */
  stepIndex(u: number): number {
    return Math.ceil(u) - 1;
  }

  /**
   * The state shown at position u, and a key that changes only when it does.
   * The key is cheap; the snapshot and the model are built on demand.
   */
  viewAt(u: number): View {
    const k = Math.floor(u);
    const f = u - k;
    if (f === 0 || k >= this.steps.length) {
      const frame = Math.min(k, this.steps.length);
      return {
        key: `${frame}`,
        snap: () => this.snapAt(frame),
        model: () => {
          let m = this.models.get(frame);
          if (!m) this.models.set(frame, (m = buildCluster(this.snapAt(frame), this.colours)));
          return m;
        },
      };
    }
    const step = this.steps[k];
    const prev = this.snapAt(k);
    const n = eventsAt(step.events, prev.time, step.time, f);
    if (n === 0) return this.viewAt(k);
    if (n >= step.events.length) return this.viewAt(k + 1);
    const key = `${k}:${n}`;
    const between = (): { snap: SimSnapshot; model?: ClusterModel } => {
      let b = this.between.get(key);
      if (!b) {
        b = { snap: replay(prev, step.snapshot, step.events, n) };
        this.between.set(key, b);
        if (this.between.size > BETWEEN_KEPT) this.between.delete(this.between.keys().next().value!);
      }
      return b;
    };
    return {
      key,
      snap: () => between().snap,
      model: () => {
        const b = between();
        return (b.model ??= buildCluster(b.snap, this.colours));
      },
    };
  }

  diffFor(index: number): StepDiff {
    if (index < 0 || index >= this.steps.length) return EMPTY_DIFF;
    let d = this.diffs.get(index);
    if (!d) this.diffs.set(index, (d = diffSnapshots(this.snapAt(index), this.snapAt(index + 1))));
    return d;
  }

  /** Plugins step `index` removed that the state shown no longer has, per machine: the cards' ghosts. */
  ghostsAt(index: number, shown: SimSnapshot): Map<string, PluginBadge[]> {
    const out = new Map<string, PluginBadge[]>();
    const d = this.diffFor(index);
    if (!d.changes.some((c) => c.kind === 'plugin-removed')) return out;
    const before = new Map(this.snapAt(index).machines.map((m) => [m.name, m]));
    const now = new Map(shown.machines.map((m) => [m.name, m]));
    for (const c of d.changes) {
      if (c.kind !== 'plugin-removed') continue;
      for (const machine of c.machines) {
        const p = before.get(machine)?.plugins.find((x) => x.name === c.subject);
        if (!p || now.get(machine)?.plugins.some((x) => x.name === p.name)) continue;
        const list = out.get(machine) ?? [];
        list.push(pluginBadge(p));
        out.set(machine, list);
      }
    }
    return out;
  }

  /** The step (1-based) that last removed a plugin from `machine`, up to frame `frame`, with its name. */
  lastRemoval(machine: string, frame: number): { step: number; plugin: string } | null {
    const prefix = `${machine}/`;
    for (let i = Math.min(frame, this.steps.length) - 1; i >= 0; i--) {
      const events = this.steps[i].events;
      for (let j = events.length - 1; j >= 0; j--) {
        const e = events[j];
        if (e.kind === 'plugin.removed' && e.subject.startsWith(prefix)) return { step: i + 1, plugin: e.subject.slice(prefix.length) };
      }
    }
    return null;
  }

  /** Every event up to position u, oldest first. */
  eventsUntil(u: number): TraceEvent[] {
    const k = Math.floor(u);
    const out: TraceEvent[] = [];
    for (let i = 0; i < Math.min(k, this.steps.length); i++) out.push(...this.steps[i].events);
    if (k < this.steps.length && u > k) {
      const s = this.steps[k];
      out.push(...s.events.slice(0, eventsAt(s.events, this.snapAt(k).time, s.time, u - k)));
    }
    return out;
  }
}
