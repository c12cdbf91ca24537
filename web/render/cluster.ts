/**
 * The cluster view: one SVG, layers drawn by the small renderers (networks,
 * the unscheduled lane, machine cards, task chips) from one layout.
 */
import { select, type Selection } from 'd3';
import type { ClusterModel } from '../model/cluster.js';
import type { StepDiff } from '../model/diff.js';
import { GEOMETRY, layoutCluster, type ChipBox, type ClusterLayout } from '../model/layout.js';
import { renderNetworks } from './network.js';
import { renderNodes } from './node.js';
import { renderPendingLane } from './pending.js';
import { renderTasks } from './task.js';
import { setAttr } from './write.js';

export interface ClusterRenderOptions {
  /** Width available, in CSS pixels. */
  readonly width: number;
  /** CSS pixels per layout unit: larger in presenter mode. */
  readonly scale: number;
  readonly duration: number;
  /**
   * Scrubbing or playing between steps: the drawing may grow but does not
   * shrink until `settle()`. A new height (and viewBox) makes the browser lay
   * out every text of the drawing again, the largest cost of a scrub frame.
   */
  readonly growOnly?: boolean;
  readonly diff: StepDiff;
  readonly selectedTask: string | null;
  readonly selectedMachine: string | null;
  readonly onSelectTask: (id: string) => void;
  readonly onSelectMachine: (name: string) => void;
}

type Layer = Selection<SVGGElement, unknown, null, undefined>;

/** Cards and chips further than this from the visible part of the view are not in the DOM. */
const CULL_MARGIN = 500;

/**
 * At most this many chips enter the DOM in one frame. A state where hundreds
 * of tasks appear at once (a service of 500 replicas created, a lane of
 * waiting tasks) is drawn over a few frames, top first, so that scrubbing
 * never stalls on one frame: each entering chip costs tens of microseconds.
 */
const CHIPS_PER_FRAME = 120;

export class ClusterView {
  private readonly svg: Selection<SVGSVGElement, unknown, null, undefined>;
  private readonly layers: { networks: Layer; lane: Layer; cards: Layer; chips: Layer };
  layout: ClusterLayout | null = null;
  private last: { model: ClusterModel; o: ClusterRenderOptions } | null = null;
  private viewport = { top: 0, height: 1200 };
  private culling = true;
  /** IDs of the chips in the DOM, to tell entering chips from those already drawn. */
  private drawnChips = new Set<string>();
  private redrawQueued = false;
  /** The drawing's height as set on the SVG, in layout units. */
  private heightShown = 0;

  /** `scroller` is the element the SVG scrolls in: only what is near its visible part is drawn. */
  constructor(svg: SVGSVGElement, scroller: HTMLElement) {
    this.svg = select(svg);
    const layer = (cls: string): Layer => this.svg.append('g').attr('class', cls) as unknown as Layer;
    this.layers = { networks: layer('networks'), lane: layer('pending'), cards: layer('cards'), chips: layer('chips') };
    scroller.addEventListener('scroll', () => {
      this.viewport.top = scroller.scrollTop;
      this.redrawSoon();
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
    const near = this.culling ? layout.chips.filter((c) => c.y < hi && c.y + GEOMETRY.chipH > lo) : layout.chips;
    const chips = this.culling ? this.withinBudget(near) : near;
    const alive = new Set(layout.chips.map((c) => c.chip.id));
    const aliveCards = new Set(layout.cards.map((c) => c.card.name));
    // Unchanged values are not written: a rewritten viewBox, even an equal one, relayouts the whole drawing.
    setAttr(this.svg, 'width', Math.round(layout.width * o.scale));
    this.setHeight(o.growOnly ? Math.max(layout.height, this.heightShown) : layout.height, o.scale);
    setAttr(this.svg, 'data-machines', model.machines.length);
    setAttr(this.svg, 'data-tasks', model.taskCount);
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
    this.drawnChips = new Set(chips.map((c) => c.chip.id));
    if (chips.length < near.length) this.drawRestSoon();
    else this.svg.attr('data-drawing', null);
  }

  private setHeight(height: number, scale: number): void {
    this.heightShown = height;
    setAttr(this.svg, 'height', Math.round(height * scale));
    setAttr(this.svg, 'viewBox', `0 0 ${this.layout!.width} ${height}`);
  }

  /** The position has settled: the drawing takes its own height again. */
  settle(): void {
    if (this.layout && this.last && this.heightShown !== this.layout.height) this.setHeight(this.layout.height, this.last.o.scale);
  }

  /** The chips already drawn, and the first entering ones that fit this frame's budget. */
  private withinBudget(near: readonly ChipBox[]): readonly ChipBox[] {
    let entering = 0;
    for (const c of near) if (!this.drawnChips.has(c.chip.id)) entering++;
    if (entering <= CHIPS_PER_FRAME) return near;
    let budget = CHIPS_PER_FRAME;
    return near.filter((c) => this.drawnChips.has(c.chip.id) || budget-- > 0);
  }

  /** Draws the next slice of a large state in the next frame; `data-drawing` says a state is still being drawn. */
  private drawRestSoon(): void {
    this.svg.attr('data-drawing', 'true');
    this.redrawSoon();
  }

  /** Redraws the last state, without animation, in the next frame (once, however often asked). */
  private redrawSoon(): void {
    if (this.redrawQueued) return;
    this.redrawQueued = true;
    requestAnimationFrame(() => {
      this.redrawQueued = false;
      if (this.last) this.draw(this.last.model, { ...this.last.o, duration: 0 });
    });
  }
}
