/**
 * The stage: the cluster view, the timeline and the panels that follow the
 * position (narration, terminal, diff, slide, the first screen), drawn for
 * the position in the view state. Choosing cards or overview and the cards'
 * scale happens here too, once per run or resize, so the view does not jump
 * between steps. What a settled position sets off (the why panel, the
 * reasons of empty cards, the link) is the hooks' business.
 */
import { clampU } from '../model/axis.js';
import { decorate, type ClusterModel } from '../model/cluster.js';
import { search, type SearchResult } from '../model/search.js';
import { ClusterView, cardsFit, fitScale } from '../render/cluster.js';
import { renderDiff } from '../render/diff.js';
import type { ScenarioEditor } from '../render/editor.js';
import { renderServiceLegend } from '../render/legend.js';
import { renderNarration, renderSlide, renderStart } from '../render/narration.js';
import { renderTerminal } from '../render/terminal.js';
import { Timeline } from '../render/timeline.js';
import type { Change } from '../model/diff.js';
import type { SimSnapshot } from '../../sim/snapshot.js';
import { $, reducedMotion, type ViewState } from './view.js';

export interface StageHooks {
  /** The user took the position (scrubbing): playback stops. */
  readonly pause: () => void;
  readonly playing: () => boolean;
  /** The first screen's buttons. */
  readonly stepForward: () => void;
  readonly play: () => void;
  readonly selectTask: (id: string) => void;
  readonly selectMachine: (name: string) => void;
  readonly showChange: (c: Change) => void;
  /** A position the view rests on: the state key and its snapshot. */
  readonly settled: (key: string, snap: SimSnapshot) => void;
}

export interface Position {
  readonly animate: boolean;
  readonly settle: boolean;
  readonly force?: boolean;
  /** Scroll what the step changed into view. */
  readonly reveal?: boolean;
}

export type ProbeEntry = { key: string; modelMs: number; renderMs: number };

export class Stage {
  readonly cluster: ClusterView;
  readonly timeline: Timeline;
  /** The key of the state drawn: the same state is not drawn twice. */
  shownKey = '';
  private panelsFor = NaN;
  /** Per-render timings, recorded only while the performance probe asks for them. */
  probe: ProbeEntry[] | null = null;
  /** The cluster region's size, kept by a ResizeObserver: reading it per frame would force a layout. */
  private readonly region = { width: 0, height: 0 };
  /** Pointer moves come faster than frames: draw the latest position once per frame. */
  private scrubTarget: { u: number; done: boolean } | null = null;

  constructor(
    private readonly view: ViewState,
    private readonly editor: ScenarioEditor,
    private readonly hooks: StageHooks,
  ) {
    this.cluster = new ClusterView($<SVGSVGElement>('cluster'), $('cluster-region'));
    this.timeline = new Timeline($<SVGSVGElement>('timeline'), (u, done) => {
      hooks.pause();
      const pending = this.scrubTarget !== null;
      this.scrubTarget = { u, done: done || (this.scrubTarget?.done ?? false) };
      if (pending) return;
      requestAnimationFrame(() => {
        const t = this.scrubTarget!;
        this.scrubTarget = null;
        this.setPosition(t.u, { animate: false, settle: t.done });
      });
    });
  }

  /** Redraws at a new size, a while after the region stops changing. */
  observeResize(): void {
    let timer = 0;
    new ResizeObserver((entries) => {
      this.region.width = Math.round(entries[0]?.contentRect.width ?? 0);
      this.region.height = Math.round(entries[0]?.contentRect.height ?? 0);
      clearTimeout(timer);
      timer = window.setTimeout(() => this.relayout(), 100);
    }).observe($('cluster-region'));
  }

  /** The region changes under the observer (presenter mode): measure again when it has. */
  remeasure(): void {
    this.region.width = 0;
    requestAnimationFrame(() => {
      this.region.width = 0;
      this.relayout();
    });
  }

  private relayout(): void {
    if (!this.view.frames) return;
    this.chooseMode();
    this.renderTimeline();
    this.refresh();
  }

  regionSize(): { width: number; height: number } {
    if (!this.region.width) {
      const el = $('cluster-region');
      this.region.width = el.clientWidth;
      this.region.height = el.clientHeight;
    }
    return { width: Math.max(200, this.region.width - 4), height: Math.max(120, this.region.height - 4) };
  }

  /** Cards or overview, and the cards' scale: once per run, resize or choice. */
  chooseMode(): void {
    const v = this.view;
    const f = v.frames;
    if (!f) return;
    const { width, height } = this.regionSize();
    const last = f.viewAt(f.length).model();
    const fits = cardsFit(last, width, height, 1);
    v.mode = v.modePref === 'auto' ? (fits ? 'cards' : 'overview') : v.modePref;
    v.scale = 1;
    if (v.presenter && v.mode === 'cards' && last.machines.length <= 64) {
      const models = f.length <= 40 ? Array.from({ length: f.length + 1 }, (_, i) => f.viewAt(i).model()) : [last];
      v.scale = fitScale(models, width, height, 2.4, 0.8);
    }
    document.body.dataset.view = v.mode;
    $<HTMLSelectElement>('view-mode').title = v.modePref === 'auto' ? `Automatic: ${v.mode}` : '';
  }

  /** What the search box (or a "show" of the diff panel) highlights. */
  matches(model: ClusterModel): { result: SearchResult | null; machines: ReadonlySet<string> | null } {
    const result = this.view.query ? search(model, this.view.query) : null;
    return { result, machines: result?.machines ?? this.view.shown?.machines ?? null };
  }

  setPosition(u: number, o: Position): void {
    const v = this.view;
    const f = v.frames;
    if (!f) return;
    v.u = clampU(u, f.length + 1);
    const at = f.viewAt(v.u);
    const idx = f.stepIndex(v.u);
    if (at.key !== this.shownKey || o.force) {
      this.shownKey = at.key;
      const t0 = performance.now();
      let model = at.model();
      if (v.mode === 'cards') {
        model = decorate(model, {
          ghosts: idx >= 0 ? f.ghostsAt(idx, at.snap()) : undefined,
          reasons: v.reasons?.key === at.key ? v.reasons.map : undefined,
        });
      }
      const t1 = performance.now();
      const m = this.matches(model);
      const { width, height } = this.regionSize();
      this.cluster.render(model, {
        mode: v.mode,
        width,
        height,
        scale: v.scale,
        center: v.presenter,
        duration: o.animate && !reducedMotion() ? (this.hooks.playing() ? 350 : 650) : 0,
        growOnly: !o.settle,
        diff: f.diffFor(idx),
        selectedTask: v.task,
        selectedMachine: v.machine,
        matches: m.machines,
        onSelectTask: this.hooks.selectTask,
        onSelectMachine: this.hooks.selectMachine,
      });
      renderServiceLegend($('legend'), model.services);
      this.showSearchCount(m.result);
      this.probe?.push({ key: at.key, modelMs: t1 - t0, renderMs: performance.now() - t1 });
    }
    const all = f.steps;
    const step = idx >= 0 ? all[idx] : null;
    const label =
      idx < 0 ? `Before step 1 of ${all.length}` : `Step ${idx + 1} of ${all.length}${step?.branch ? ' (branch)' : ''}: ${step?.source.split('\n')[0] ?? ''}`;
    this.timeline.setPosition(v.u, label);
    const pos = $('position-label');
    // Written only when they change: a scrub frame should not relayout the transport bar.
    const posText = idx < 0 ? `0 / ${all.length}` : `${Number.isInteger(v.u) ? '' : '→ '}${idx + 1} / ${all.length}`;
    if (pos.textContent !== posText) pos.textContent = posText;
    const posStep = String(Math.floor(v.u));
    if (pos.dataset.step !== posStep) pos.dataset.step = posStep;
    if (idx !== this.panelsFor || o.force) {
      this.panelsFor = idx;
      this.renderPanels(idx);
    }
    if (o.settle) {
      this.cluster.settle();
      this.hooks.settled(at.key, at.snap());
      if (o.reveal) this.cluster.reveal(f.diffFor(idx).where, !reducedMotion());
    }
  }

  /** Draws the current position again, at rest (a selection or option changed). */
  refresh(): void {
    this.setPosition(this.view.u, { animate: false, settle: true, force: true });
  }

  /** Draws the current position again while it stays where it is (a search, a "show"). */
  redraw(): void {
    this.setPosition(this.view.u, { animate: false, settle: false, force: true });
  }

  renderTimeline(): void {
    const f = this.view.frames;
    if (!f) return;
    this.timeline.render(
      {
        steps: f.steps.map((s, i) => ({
          t0: f.snapAt(i).time,
          t1: s.time,
          events: s.events,
          label: `${s.branch ? 'Branch: ' : ''}${i + 1}. ${s.source.split('\n')[0]}${s.exitCode ? ` (exit ${s.exitCode})` : ''}`,
          branch: s.branch,
          failed: s.exitCode !== 0 || (s.check !== null && !s.check.ok),
        })),
      },
      $('timeline').parentElement!.clientWidth - 8,
      // A slide on a tall screen has the room for taller lanes; at 768 px the cluster needs it more.
      this.view.presenter && window.innerHeight >= 1000,
    );
  }

  private renderPanels(idx: number): void {
    const f = this.view.frames!;
    const run = f.run;
    const step = idx >= 0 ? f.steps[idx] : null;
    renderNarration($('narration'), run, step);
    renderTerminal($('terminal'), step, f.length);
    renderDiff($('diff'), idx >= 0 ? f.diffFor(idx) : null, this.hooks.showChange);
    renderSlide({ step: $('slide-step'), title: $('slide-title'), command: $('slide-command'), text: $('slide-text'), detail: $('slide-detail') }, run, step, f.length);
    this.editor.highlightStep(step?.line || null, step?.endLine || null);
    const start = $('start');
    start.hidden = idx >= 0 || f.length === 0;
    if (!start.hidden) renderStart(start, run, f.length, this.hooks.stepForward, this.hooks.play);
  }

  private showSearchCount(r: SearchResult | null): void {
    const v = this.view;
    const el = $('search-count');
    const text = !v.query
      ? v.shown
        ? `Showing: ${v.shown.text}`
        : ''
      : !r || r.machines.size === 0
        ? 'no match'
        : `${r.machines.size} node${r.machines.size === 1 ? '' : 's'}${r.tasks.length ? `, ${r.tasks.length} task${r.tasks.length === 1 ? '' : 's'}` : ''}`;
    if (el.textContent !== text) el.textContent = text;
  }
}
