/**
 * The timeline: a mark per command, the events between them binned per
 * pixel column in lanes (tasks, nodes, plugins, other), a playhead, and
 * pointer scrubbing. It is also the position slider for assistive technology.
 */
import { select, type Selection } from 'd3';
import { LANES, eventFraction, laneOf, type AxisStep } from '../model/axis.js';

export interface TimelineStep extends AxisStep {
  readonly label: string;
  readonly branch: boolean;
  readonly failed: boolean;
}

export interface TimelineData {
  readonly steps: readonly TimelineStep[];
}

const NORMAL = { left: 56, right: 16, top: 18, laneH: 12, below: 22 };
/** On a slide: taller lanes, so their names can be read across a room (styles/modes.css sizes them). */
const LARGE = { left: 76, right: 16, top: 18, laneH: 18, below: 28 };

export class Timeline {
  private readonly svg: Selection<SVGSVGElement, unknown, null, undefined>;
  private data: TimelineData = { steps: [] };
  private width = 600;
  private m = NORMAL;
  private dragging = false;
  /**
   * The playhead is an HTML element over the SVG, moved by a CSS transform on
   * its own layer: a scrub frame then costs no layout and no repaint of the
   * hundreds of marks under it.
   */
  private readonly playhead: HTMLElement;
  private shown = { x: NaN, now: NaN, text: '' };

  constructor(
    el: SVGSVGElement,
    private readonly onScrub: (u: number, done: boolean) => void,
  ) {
    this.svg = select(el)
      .attr('role', 'slider')
      .attr('tabindex', 0)
      .attr('aria-label', 'Timeline: step position (Left/Right arrows step, Home/End jump, Space plays)')
      .attr('aria-valuemin', 0);
    for (const cls of ['lanes', 'bins', 'marks']) this.svg.append('g').attr('class', cls);
    this.playhead = document.getElementById('playhead') ?? el.parentElement!.appendChild(document.createElement('div'));
    this.playhead.classList.add('playhead');
    el.addEventListener('pointerdown', (e) => {
      this.dragging = true;
      el.setPointerCapture(e.pointerId);
      this.onScrub(this.uAt(e.offsetX), false);
    });
    el.addEventListener('pointermove', (e) => {
      if (this.dragging) this.onScrub(this.uAt(e.offsetX), false);
    });
    const end = (e: PointerEvent): void => {
      if (!this.dragging) return;
      this.dragging = false;
      this.onScrub(this.uAt(e.offsetX), true);
    };
    el.addEventListener('pointerup', end);
    el.addEventListener('pointercancel', end);
  }

  get frames(): number {
    return this.data.steps.length + 1;
  }

  private get segW(): number {
    return (this.width - this.m.left - this.m.right) / Math.max(1, this.data.steps.length);
  }

  x(u: number): number {
    return this.m.left + u * this.segW;
  }

  uAt(px: number): number {
    const u = (px - this.m.left) / this.segW;
    return Math.max(0, Math.min(this.data.steps.length, u));
  }

  render(data: TimelineData, width: number, large = false): void {
    const M = (this.m = large ? LARGE : NORMAL);
    this.data = data;
    this.width = Math.max(200, width);
    const height = M.top + LANES.length * M.laneH + M.below;
    this.svg.attr('width', this.width).attr('height', height).attr('viewBox', `0 0 ${this.width} ${height}`);
    this.svg.attr('aria-valuemax', data.steps.length);

    this.svg
      .select('g.lanes')
      .selectAll('text')
      .data(LANES)
      .join('text')
      .attr('class', 'lane-name')
      .attr('x', M.left - 6)
      .attr('y', (_l, i) => M.top + i * M.laneH + Math.round(M.laneH * 0.75))
      .attr('text-anchor', 'end')
      .text((l) => l);

    // Events, binned per pixel column and lane: 20,000 events draw as a few hundred rects.
    const bins = new Map<string, { x: number; lane: number; n: number }>();
    data.steps.forEach((s, i) => {
      s.events.forEach((e, j) => {
        const x = Math.round(this.x(i + eventFraction(s, e, j)));
        const lane = LANES.indexOf(laneOf(e.kind));
        const k = `${x}:${lane}`;
        const b = bins.get(k);
        if (b) b.n++;
        else bins.set(k, { x, lane, n: 1 });
      });
    });
    this.svg
      .select('g.bins')
      .selectAll('rect')
      .data([...bins.values()])
      .join('rect')
      .attr('class', (b) => `bin lane-${LANES[b.lane]}`)
      .attr('x', (b) => b.x - 1)
      .attr('y', (b) => M.top + b.lane * M.laneH + 1)
      .attr('width', 2)
      .attr('height', M.laneH - 2)
      .style('opacity', (b) => Math.min(1, 0.35 + Math.log2(b.n) / 6));

    const every = Math.max(1, Math.ceil(28 / this.segW));
    const marks = this.svg
      .select('g.marks')
      .selectAll<SVGGElement, number>('g.mark')
      .data(data.steps.map((_s, i) => i + 1))
      .join((enter) => {
        const g = enter.append('g').attr('class', 'mark');
        g.append('line');
        g.append('path');
        g.append('text');
        g.append('title');
        return g;
      })
      .attr('class', (u) => {
        const s = data.steps[u - 1];
        return `mark${s.branch ? ' branch' : ''}${s.failed ? ' failed' : ''}`;
      })
      .attr('transform', (u) => `translate(${this.x(u)},0)`);
    const bottom = M.top + LANES.length * M.laneH;
    marks.select('line').attr('y1', 4).attr('y2', bottom + 2);
    // Diamonds while they fit; a dense timeline keeps only the lines.
    const r = Math.max(0, Math.min(5, (this.segW - 2) / 2));
    marks.select('path').attr('d', r >= 2 ? `M0,${-r}L${r},0L0,${r}L${-r},0Z` : '').attr('transform', `translate(0,${M.top - 9})`);
    marks
      .select('text')
      .attr('y', bottom + M.below - 7)
      .attr('text-anchor', 'middle')
      .text((u) => (u % every === 0 || u === data.steps.length ? (data.steps[u - 1].branch ? `${u}′` : String(u)) : ''));
    marks.select('title').text((u) => data.steps[u - 1].label);

    // As the old SVG line: from y=2 to just below the lanes.
    this.playhead.style.top = '2px';
    this.playhead.style.height = `${bottom + 2}px`;
    this.shown.x = NaN;
  }

  /** Moves the playhead: cheap, for every scrub frame. */
  setPosition(u: number, valueText: string): void {
    const x = this.x(u);
    if (x !== this.shown.x) {
      this.shown.x = x;
      this.playhead.style.transform = `translateX(${x}px)`;
      this.playhead.dataset.u = String(u);
    }
    // Written only when they change: each write would invalidate the slider's style.
    const now = Math.floor(u);
    if (now !== this.shown.now) {
      this.shown.now = now;
      this.svg.attr('aria-valuenow', now);
    }
    if (valueText !== this.shown.text) {
      this.shown.text = valueText;
      this.svg.attr('aria-valuetext', valueText);
    }
  }
}
