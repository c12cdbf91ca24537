/**
 * The cluster view: one SVG, layers drawn by the small renderers (networks,
 * the unscheduled lane, machine cards, task chips) from one layout.
 */
import { select, type Selection } from 'd3';
import type { ClusterModel } from '../model/cluster.js';
import type { StepDiff } from '../model/diff.js';
import { GEOMETRY, layoutCluster, type ClusterLayout } from '../model/layout.js';
import { renderNetworks } from './network.js';
import { renderNodes } from './node.js';
import { renderPendingLane } from './pending.js';
import { renderTasks } from './task.js';

export interface ClusterRenderOptions {
  /** Width available, in CSS pixels. */
  readonly width: number;
  /** CSS pixels per layout unit: larger in presenter mode. */
  readonly scale: number;
  readonly duration: number;
  readonly diff: StepDiff;
  readonly selectedTask: string | null;
  readonly selectedMachine: string | null;
  readonly onSelectTask: (id: string) => void;
  readonly onSelectMachine: (name: string) => void;
}

type Layer = Selection<SVGGElement, unknown, null, undefined>;

/** Cards and chips further than this from the visible part of the view are not in the DOM. */
const CULL_MARGIN = 500;

export class ClusterView {
  private readonly svg: Selection<SVGSVGElement, unknown, null, undefined>;
  private readonly layers: { networks: Layer; lane: Layer; cards: Layer; chips: Layer };
  layout: ClusterLayout | null = null;
  private last: { model: ClusterModel; o: ClusterRenderOptions } | null = null;
  private viewport = { top: 0, height: 1200 };
  private culling = true;

  /** `scroller` is the element the SVG scrolls in: only what is near its visible part is drawn. */
  constructor(svg: SVGSVGElement, scroller: HTMLElement) {
    this.svg = select(svg);
    const layer = (cls: string): Layer => this.svg.append('g').attr('class', cls) as unknown as Layer;
    this.layers = { networks: layer('networks'), lane: layer('pending'), cards: layer('cards'), chips: layer('chips') };
    let queued = false;
    scroller.addEventListener('scroll', () => {
      this.viewport.top = scroller.scrollTop;
      if (queued) return;
      queued = true;
      requestAnimationFrame(() => {
        queued = false;
        if (this.last) this.draw(this.last.model, { ...this.last.o, duration: 0 });
      });
    });
    new ResizeObserver((entries) => {
      this.viewport.height = entries[0]?.contentRect.height || this.viewport.height;
    }).observe(scroller);
  }

  render(model: ClusterModel, o: ClusterRenderOptions): void {
    this.last = { model, o };
    this.draw(model, o);
  }

  /** Draws everything, unculled, runs `fn` (an export), then goes back to drawing what is visible. */
  withEverything<T>(fn: () => T): T {
    this.culling = false;
    try {
      if (this.last) this.draw(this.last.model, { ...this.last.o, duration: 0 });
      return fn();
    } finally {
      this.culling = true;
      if (this.last) this.draw(this.last.model, { ...this.last.o, duration: 0 });
    }
  }

  private draw(model: ClusterModel, o: ClusterRenderOptions): void {
    const layout = layoutCluster(model, o.width / o.scale);
    this.layout = layout;
    const lo = this.viewport.top / o.scale - CULL_MARGIN;
    const hi = (this.viewport.top + this.viewport.height) / o.scale + CULL_MARGIN;
    const cards = this.culling ? layout.cards.filter((c) => c.y < hi && c.y + c.h > lo) : layout.cards;
    const chips = this.culling ? layout.chips.filter((c) => c.y < hi && c.y + GEOMETRY.chipH > lo) : layout.chips;
    const alive = new Set(layout.chips.map((c) => c.chip.id));
    const aliveCards = new Set(layout.cards.map((c) => c.card.name));
    this.svg
      .attr('width', Math.round(layout.width * o.scale))
      .attr('height', Math.round(layout.height * o.scale))
      .attr('viewBox', `0 0 ${layout.width} ${layout.height}`)
      .attr('data-machines', model.machines.length)
      .attr('data-tasks', model.taskCount);
    const parts = new Map<string, Set<string>>();
    for (const c of o.diff.changes) {
      if (!c.machine || !(c.kind.startsWith('plugin-') || c.kind.startsWith('volume-'))) continue;
      let s = parts.get(c.machine);
      if (!s) parts.set(c.machine, (s = new Set()));
      s.add(c.subject);
    }
    const changedNetworks = new Set(o.diff.changes.filter((c) => c.kind === 'network-added').map((c) => c.subject));
    renderNetworks(this.layers.networks, layout.networks, changedNetworks);
    renderPendingLane(this.layers.lane, layout.lane);
    renderNodes(this.layers.cards, cards, {
      duration: o.duration,
      selected: o.selectedMachine,
      changedMachines: o.diff.machines,
      changedParts: parts,
      alive: aliveCards,
      onSelect: o.onSelectMachine,
    });
    renderTasks(this.layers.chips, chips, {
      duration: o.duration,
      selected: o.selectedTask,
      changed: o.diff.tasks,
      focusable: model.taskCount <= 300,
      alive,
      onSelect: o.onSelectTask,
    });
  }
}
