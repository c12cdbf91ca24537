/**
 * The cluster view: one SVG in two modes. Cards (networks, the unscheduled
 * lane, machine cards, task chips) for a swarm that fits, scrolled; the
 * overview (a cell of task marks per node, model/overview.ts) for one that
 * does not, zoomed and panned with d3-zoom.
 */
import { select, zoom, zoomIdentity, type Selection, type ZoomBehavior } from 'd3';
import type { ClusterModel } from '../model/cluster.js';
import type { StepDiff } from '../model/diff.js';
import { GEOMETRY, layoutCluster, type ChipBox, type ClusterLayout } from '../model/layout.js';
import { layoutOverview, type OverviewLayout } from '../model/overview.js';
import { renderNetworks } from './network.js';
import { renderNodes } from './node.js';
import { renderOverview } from './overview.js';
import { renderPendingLane } from './pending.js';
import { renderTasks } from './task.js';
import { setAttr } from './write.js';

export type ViewMode = 'cards' | 'overview';

export interface ClusterRenderOptions {
  readonly mode: ViewMode;
  /** Width available, in CSS pixels. */
  readonly width: number;
  /** Height available (the overview fits it), in CSS pixels. */
  readonly height: number;
  /** CSS pixels per layout unit of the cards: larger in presenter mode. */
  readonly scale: number;
  /** Centre the cards in the width (presenter mode). */
  readonly center?: boolean;
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
  /** Machines matching the search (the others are dimmed), or null. */
  readonly matches: ReadonlySet<string> | null;
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

/** Cards are chosen while they need at most this many screens of height... */
const CARD_SCREENS = 1.25;
/** ...and always for this many machines or fewer: an overview of a few nodes shows less and helps no one. */
const FEW_MACHINES = 12;

/** Whether cards fit: the automatic choice of mode. */
export function cardsFit(model: ClusterModel, width: number, height: number, scale: number): boolean {
  return model.machines.length <= FEW_MACHINES || layoutCluster(model, width / scale).height * scale <= height * CARD_SCREENS;
}

/** The largest scale (from `max` down to `min`) at which the cards of every model fit width x height, laid out for that width. */
export function fitScale(models: readonly ClusterModel[], width: number, height: number, max: number, min = 0.5): number {
  for (let s = max; s > min; s -= 0.05) if (models.every((m) => layoutCluster(m, width / s).height * s <= height)) return s;
  return min;
}

export class ClusterView {
  private readonly svg: Selection<SVGSVGElement, unknown, null, undefined>;
  private readonly root: Layer;
  private readonly layers: { networks: Layer; lane: Layer; cards: Layer; chips: Layer; overview: Layer };
  layout: ClusterLayout | null = null;
  overview: OverviewLayout | null = null;
  private last: { model: ClusterModel; o: ClusterRenderOptions } | null = null;
  private viewport = { top: 0, height: 1200 };
  private culling = true;
  /** IDs of the chips in the DOM, to tell entering chips from those already drawn. */
  private drawnChips = new Set<string>();
  private redrawQueued = false;
  /** The drawing's height as set on the SVG, in layout units. */
  private heightShown = 0;
  private readonly zoomer: ZoomBehavior<SVGSVGElement, unknown>;
  private mode: ViewMode | null = null;
  /** A machine to flash when its card is next drawn (see reveal). */
  private pendingFlash: string | null = null;

  /** `scroller` is the element the SVG scrolls in: only what is near its visible part is drawn. */
  constructor(
    svg: SVGSVGElement,
    private readonly scroller: HTMLElement,
  ) {
    this.svg = select(svg);
    this.root = this.svg.append('g').attr('class', 'viewport') as unknown as Layer;
    const layer = (cls: string): Layer => this.root.append('g').attr('class', cls) as unknown as Layer;
    this.layers = { networks: layer('networks'), lane: layer('pending'), cards: layer('cards'), chips: layer('chips'), overview: layer('overview') };
    scroller.addEventListener('scroll', () => {
      this.viewport.top = scroller.scrollTop;
      this.redrawSoon();
    });
    new ResizeObserver((entries) => {
      this.viewport.height = entries[0]?.contentRect.height || this.viewport.height;
    }).observe(scroller);
    this.zoomer = zoom<SVGSVGElement, unknown>()
      .scaleExtent([1, 40])
      .on('zoom', (e) => {
        this.root.attr('transform', e.transform.toString());
        this.svg.attr('data-zoom', e.transform.k.toFixed(2));
      });
  }

  get shownMode(): ViewMode | null {
    return this.mode;
  }

  render(model: ClusterModel, o: ClusterRenderOptions): void {
    // Another state: a flash still waiting for its card is the old state's.
    if (this.last?.model !== model) this.pendingFlash = null;
    this.last = { model, o };
    this.draw(model, o);
  }

  /** Draws everything, unculled and unzoomed, runs `fn` (an export), then goes back to drawing what is visible. */
  withEverything<T>(fn: () => T): T {
    this.finishTransitions();
    this.culling = false;
    const transform = this.root.attr('transform');
    this.root.attr('transform', null);
    try {
      if (this.last) this.draw(this.last.model, { ...this.last.o, duration: 0 });
      return fn();
    } finally {
      this.culling = true;
      this.root.attr('transform', transform);
      if (this.last) this.draw(this.last.model, { ...this.last.o, duration: 0 });
    }
  }

  /**
   * Stops every transition and marks every card and chip for rewriting, so
   * the next drawing shows the final state (an export must not catch a card
   * half faded in).
   */
  private finishTransitions(): void {
    this.svg.selectAll<Element, unknown>('*').each(function () {
      const el = this as Element & { __transition?: Record<string, { name: string }>; __sig?: string; __pos?: string };
      if (el.__transition) for (const name of new Set(Object.values(el.__transition).map((t) => t.name))) select(el).interrupt(name);
      if (el.__sig !== undefined) el.__sig = '';
      el.__pos = undefined;
    });
  }

  /** Zooms the overview by `k` about its centre, or back to everything (`fit`). */
  zoomBy(k: number | 'fit'): void {
    if (this.mode !== 'overview') return;
    if (k === 'fit') this.svg.call(this.zoomer.transform, zoomIdentity);
    else this.svg.call(this.zoomer.scaleBy, k);
  }

  /**
   * Brings the first of `machines` into view if none is visible: scrolls the
   * cards, or pans the zoomed overview; the machine's card or cell flashes.
   */
  reveal(machines: readonly string[], smooth: boolean): void {
    if (!machines.length || !this.last) return;
    const s = this.last.o.scale;
    if (this.mode === 'cards' && this.layout) {
      const boxes = machines.map((m) => this.layout!.cards.find((c) => c.card.name === m)).filter((b) => !!b);
      if (!boxes.length) return;
      const top = this.scroller.scrollTop;
      const bottom = top + this.scroller.clientHeight;
      const visible = boxes.some((b) => b.y * s < bottom - 40 && (b.y + b.h) * s > top + 40);
      if (!visible) this.scroller.scrollTo({ top: Math.max(0, boxes[0].y * s - 24), behavior: smooth ? 'smooth' : 'auto' });
      this.flash(boxes[0].card.name);
    } else if (this.mode === 'overview' && this.overview) {
      const cells = machines.map((m) => this.overview!.cells.find((c) => c.card.name === m)).filter((c) => !!c);
      if (!cells.length) return;
      const node = this.svg.node()!;
      const t = (node as SVGSVGElement & { __zoom?: { k: number; x: number; y: number } }).__zoom ?? { k: 1, x: 0, y: 0 };
      if (t.k > 1) {
        const w = this.overview.width;
        const h = this.overview.height;
        const inView = (c: (typeof cells)[number]): boolean => {
          const x = c.x * t.k + t.x;
          const y = c.y * t.k + t.y;
          return x + c.w * t.k > 0 && x < w && y + c.h * t.k > 0 && y < h;
        };
        if (!cells.some(inView)) {
          const c = cells[0];
          const sel = smooth ? this.svg.transition().duration(400) : this.svg;
          (sel as unknown as Selection<SVGSVGElement, unknown, null, undefined>).call(this.zoomer.translateTo, c.x + c.w / 2, c.y + c.h / 2);
        }
      }
      this.flash(cells[0].card.name);
    }
  }

  private flash(machine: string): void {
    const el = this.svg.node()!.querySelector(`[data-machine="${CSS.escape(machine)}"]:is(g.card, g.ocell)`);
    // A card scrolled to is drawn once the scroll brings it near: it flashes then.
    this.pendingFlash = el ? null : machine;
    if (!el) return;
    el.classList.remove('flash');
    // A reflow between removing and adding restarts the animation.
    void (el as SVGGElement).getBBox;
    requestAnimationFrame(() => el.classList.add('flash'));
  }

  private setMode(mode: ViewMode): void {
    if (this.mode === mode) return;
    this.mode = mode;
    this.svg.attr('data-mode', mode);
    if (mode === 'overview') {
      for (const l of [this.layers.networks, this.layers.lane, this.layers.cards, this.layers.chips]) l.selectAll('*').remove();
      this.drawnChips.clear();
      this.svg.call(this.zoomer).on('dblclick.zoom', null);
      this.svg.call(this.zoomer.transform, zoomIdentity);
    } else {
      this.layers.overview.selectAll('*').remove();
      this.svg.on('.zoom', null);
      this.root.attr('transform', null);
      this.svg.attr('data-zoom', null);
      (this.svg.node() as SVGSVGElement & { __zoom?: unknown }).__zoom = zoomIdentity;
    }
  }

  private draw(model: ClusterModel, o: ClusterRenderOptions): void {
    this.setMode(o.mode);
    setAttr(this.svg, 'data-machines', model.machines.length);
    setAttr(this.svg, 'data-tasks', model.taskCount);
    if (o.mode === 'overview') this.drawOverview(model, o);
    else this.drawCards(model, o);
  }

  private drawOverview(model: ClusterModel, o: ClusterRenderOptions): void {
    const layout = layoutOverview(model, o.width, o.height);
    this.overview = layout;
    this.layout = null;
    setAttr(this.svg, 'width', Math.round(layout.width));
    this.setHeight(layout.height, 1, layout.width);
    this.zoomer.extent([
      [0, 0],
      [layout.width, layout.height],
    ]);
    this.zoomer.translateExtent([
      [0, 0],
      [layout.width, layout.height],
    ]);
    const changed = new Set<string>(o.diff.machines);
    for (const c of o.diff.changes) if (c.kind.startsWith('task-')) for (const m of c.machines) changed.add(m);
    renderOverview(this.layers.overview, layout, {
      selectedMachine: o.selectedMachine,
      selectedTask: o.selectedTask,
      changed,
      matches: o.matches,
      onSelectMachine: o.onSelectMachine,
      onSelectTask: o.onSelectTask,
    });
    this.svg.attr('data-drawing', null);
  }

  private drawCards(model: ClusterModel, o: ClusterRenderOptions): void {
    const layout = layoutCluster(model, o.width / o.scale, o.center);
    this.layout = layout;
    this.overview = null;
    const lo = this.viewport.top / o.scale - CULL_MARGIN;
    const hi = (this.viewport.top + this.viewport.height) / o.scale + CULL_MARGIN;
    const cards = this.culling ? layout.cards.filter((c) => c.y < hi && c.y + c.h > lo) : layout.cards;
    const near = this.culling ? layout.chips.filter((c) => c.y < hi && c.y + GEOMETRY.chipH > lo) : layout.chips;
    const chips = this.culling ? this.withinBudget(near) : near;
    const alive = new Set(layout.chips.map((c) => c.chip.id));
    const aliveCards = new Set(layout.cards.map((c) => c.card.name));
    // Unchanged values are not written: a rewritten viewBox, even an equal one, relayouts the whole drawing.
    setAttr(this.svg, 'width', Math.round(layout.width * o.scale));
    this.setHeight(o.growOnly ? Math.max(layout.height, this.heightShown) : layout.height, o.scale, layout.width);
    const parts = new Map<string, Set<string>>();
    for (const c of o.diff.changes) {
      if (!(c.kind.startsWith('plugin-') || c.kind.startsWith('volume-'))) continue;
      for (const m of c.machines) {
        let s = parts.get(m);
        if (!s) parts.set(m, (s = new Set()));
        s.add(c.subject);
      }
    }
    const changedNetworks = new Set(o.diff.changes.filter((c) => c.kind === 'network-added').map((c) => c.subject));
    renderNetworks(this.layers.networks, layout.networks, changedNetworks, GEOMETRY.networkH);
    renderPendingLane(this.layers.lane, layout.lane);
    renderNodes(this.layers.cards, cards, {
      duration: o.duration,
      selected: o.selectedMachine,
      changedMachines: o.diff.machines,
      changedParts: parts,
      alive: aliveCards,
      matches: o.matches,
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
    if (this.pendingFlash && aliveCards.has(this.pendingFlash) && cards.some((c) => c.card.name === this.pendingFlash)) this.flash(this.pendingFlash);
    if (chips.length < near.length) this.drawRestSoon();
    else this.svg.attr('data-drawing', null);
  }

  private setHeight(height: number, scale: number, width: number): void {
    this.heightShown = height;
    setAttr(this.svg, 'height', Math.round(height * scale));
    setAttr(this.svg, 'viewBox', `0 0 ${width} ${height}`);
  }

  /** The position has settled: the drawing takes its own height again. */
  settle(): void {
    if (this.layout && this.last && this.heightShown !== this.layout.height) this.setHeight(this.layout.height, this.last.o.scale, this.layout.width);
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
      if (this.last && this.mode === 'cards') this.draw(this.last.model, { ...this.last.o, duration: 0 });
    });
  }
}
