/**
 * The page: the app's state machine (app/machine.ts) decides what is
 * happening (loading, running, ready, playing, branching, error); this
 * module provides its effects (the worker, the animation loop) and draws
 * what it holds. The position on the timeline, the selection and the view's
 * options change with every frame or click and live here, in `view`.
 */
import { createActor } from 'xstate';
import { pageMachine } from './app/actors.js';
import { captionFor, exportCaptioned } from './app/captions.js';
import { download, pngBlob, traceJson } from './app/export.js';
import { Frames } from './app/frames.js';
import { isBundleFile, readBundleFile, readScenarioFile, wireFileDrop, wireInPageLinks, wireKeys } from './app/input.js';
import { linkFor, openLink } from './app/link.js';
import { cardReasons } from './app/reasons.js';
import type { AppContext, AppState, RunRequest } from './app/machine.js';
import { fillPicker, findScenario } from './app/scenarios.js';
import { VideoExport } from './app/video.js';
import { WhyPanel } from './app/whyPanel.js';
import { clampU } from './model/axis.js';
import { decorate, type CardReason, type ClusterModel } from './model/cluster.js';
import type { Change } from './model/diff.js';
import type { RunError } from './model/run.js';
import { search, type SearchResult } from './model/search.js';
import { ClusterView, cardsFit, fitScale, type ViewMode } from './render/cluster.js';
import { renderDiff } from './render/diff.js';
import { ScenarioEditor } from './render/editor.js';
import { setIconLabel } from './render/icons.js';
import { renderLegend, renderServiceLegend } from './render/legend.js';
import { renderNarration, renderSlide, renderStart } from './render/narration.js';
import { renderTerminal } from './render/terminal.js';
import { Timeline } from './render/timeline.js';
import { SimClient } from './worker/client.js';
import { sizeProblem } from './worker/limits.js';
import type { SimSnapshot } from '../sim/snapshot.js';

const $ = <T extends HTMLElement | SVGElement = HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} missing from index.html`);
  return el as unknown as T;
};

// ---------------------------------------------------------------------------
// What the view shows (the machine holds what the page is doing)
// ---------------------------------------------------------------------------

type ModePref = 'auto' | ViewMode;

const view = {
  frames: null as Frames | null,
  u: 0,
  speed: 1,
  task: null as string | null,
  machine: null as string | null,
  query: '',
  /** Machines a "show" in the diff panel points at: highlighted like search results. */
  shown: null as { text: string; machines: ReadonlySet<string> } | null,
  modePref: 'auto' as ModePref,
  mode: 'cards' as ViewMode,
  /** CSS pixels per card unit: 1, or what fits the stage in presenter mode. */
  scale: 1,
  presenter: false,
  /** The library entry loaded and unedited, and the file name of the text in the editor. */
  entry: null as string | null,
  file: 'scenario.swarm',
  /** A seed the user chose (field, re-roll or link) over the scenario's own `seed:`. */
  seed: null as number | null,
  /** Where to land once a run (and a link's branch) is in: step and selection. */
  landing: null as { step: number | null; task: string | null; machine: string | null } | null,
  reasons: null as { key: string; map: ReadonlyMap<string, CardReason[]> } | null,
  runStarted: 0,
  /** The last run's time from request to result, and when (since the page's navigation) the first one was shown: what the bench reads. */
  lastRunMs: 0,
  firstShownAt: null as number | null,
  notice: null as string | null,
};

const client = new SimClient();
client.warm();
/** Said once an imported scenario has run: whether it reproduces the swarm. */
let importSummary: string | null = null;
const cluster = new ClusterView($<SVGSVGElement>('cluster'), $('cluster-region'));
/** Pointer moves come faster than frames: draw the latest position once per frame. */
let scrubTarget: { u: number; done: boolean } | null = null;
const timeline = new Timeline($<SVGSVGElement>('timeline'), (u, done) => {
  pause();
  const pending = scrubTarget !== null;
  scrubTarget = { u, done: done || (scrubTarget?.done ?? false) };
  if (pending) return;
  requestAnimationFrame(() => {
    const t = scrubTarget!;
    scrubTarget = null;
    setPosition(t.u, { animate: false, settle: t.done });
  });
});
const editor = new ScenarioEditor(
  $<HTMLTextAreaElement>('source'),
  $('gutter'),
  $('error-mark'),
  $('editor-error'),
  () => onEdit(),
  () => runEditor(),
);

// ---------------------------------------------------------------------------
// The machine and its effects
// ---------------------------------------------------------------------------

const actor = createActor(
  pageMachine(
    client,
    {
      at: () => (view.frames ? { u: view.u, end: view.frames.length } : null),
      speed: () => view.speed,
      moveTo: (u) => setPosition(u, { animate: true, settle: Number.isInteger(u) }),
    },
    () => (view.runStarted = performance.now()),
  ),
);

function stateOf(): AppState {
  return actor.getSnapshot().value as AppState;
}

function ctx(): AppContext {
  return actor.getSnapshot().context;
}

let seen: { state: AppState | null; request: RunRequest | null; run: AppContext['run']; branch: AppContext['branch']; branchBase: number } = {
  state: null,
  request: null,
  run: null,
  branch: [],
  branchBase: 0,
};

actor.subscribe((snap) => {
  const state = snap.value as AppState;
  const c = snap.context;
  const before = seen;
  seen = { state, request: c.request, run: c.run, branch: c.branch, branchBase: c.branchBase };
  document.body.dataset.state = state;
  document.body.classList.toggle('busy', state === 'running' || state === 'loading');
  if (c.request !== before.request && c.request) onRequest(c.request);
  if (c.run !== before.run || c.branch !== before.branch) onReplay(c, before);
  if (view.landing && view.frames && state !== 'running' && state !== 'branching' && state !== 'loading') land();
  if (before.state === 'playing' && state !== 'playing') setPosition(view.u, { animate: false, settle: true });
  syncPlay(state === 'playing');
  showStatus(state, c, before.state);
});

/** A new request: the editor shows its text, and the run lands where it asks. */
function onRequest(r: RunRequest): void {
  view.entry = r.entry;
  view.file = r.file;
  view.seed = r.seed;
  view.notice = r.notice;
  if (editor.value !== r.text) editor.value = r.text;
  editor.setError(null, r.file);
  syncPicker();
  view.landing = { step: r.step, task: r.task, machine: r.machine };
}

function onReplay(c: AppContext, before: typeof seen): void {
  if (!c.run) return;
  const newRun = c.run !== before.run;
  view.frames = new Frames(c.run, c.branch, c.branchBase);
  view.reasons = null;
  why.forget();
  $<HTMLButtonElement>('discard-branch').disabled = c.branch.length === 0;
  document.body.classList.toggle('branched', c.branch.length > 0);
  if (newRun) {
    $<HTMLInputElement>('seed').value = String(c.run.seed);
    chooseMode();
  }
  renderTimeline();
  if (newRun) return;
  // The branch grew or went: show its end, or where it started from.
  const target = c.branch.length ? c.branchBase + c.branch.length : Math.min(view.u, before.branchBase);
  if (c.branch.length) $<HTMLInputElement>('try-input').value = '';
  setPosition(target, { animate: true, settle: true, force: true });
}

function land(): void {
  const l = view.landing!;
  view.landing = null;
  view.task = l.task;
  view.machine = l.task ? null : l.machine;
  const n = view.frames!.length;
  setPosition(Math.min(l.step ?? Math.round(view.u), n), { animate: false, settle: true, force: true });
  if (view.task || view.machine) revealWhy();
}

function showStatus(state: AppState, c: AppContext, was: AppState | null): void {
  const notice = view.notice ? `${view.notice} ` : '';
  const err = $('try-error');
  if (state === 'loading') status('Opening…', 'busy');
  else if (state === 'running') status(`Running ${view.file}…`, 'busy');
  else if (state === 'branching') status(c.request?.branch && !c.branch.length && was === 'running' ? 'Rebuilding the branch of this link…' : 'Running your command…', 'busy');
  else if (state === 'error' && c.error) {
    importSummary = null;
    reportRunError(c.error);
  }
  else if (c.tryError && was === 'branching') {
    err.hidden = false;
    err.textContent = c.tryError.kind === 'syntax' ? `Column ${c.tryError.column}: ${c.tryError.message}` : c.tryError.message;
    status('Your command was not run.', 'error');
  } else if ((state === 'ready' || state === 'playing') && was !== state && c.run && was !== 'playing' && was !== 'ready') {
    err.hidden = true;
    if (c.branch.length) {
      status(`${notice}Branch: ${c.branch.length} command${c.branch.length === 1 ? '' : 's'} after step ${c.branchBase}. Discard it to return to the scenario.`, view.notice ? 'error' : 'info');
    } else {
      const n = c.run.steps.length;
      const failed = c.run.steps.filter((s) => s.check && !s.check.ok).length;
      view.lastRunMs = performance.now() - view.runStarted;
      view.firstShownAt ??= performance.now();
      status(
        `${notice}${c.run.title}: ${n} step${n === 1 ? '' : 's'}, seed ${c.run.seed}, simulated in ${Math.round(view.lastRunMs)} ms` +
          (failed ? ` · ${failed} step${failed === 1 ? '' : 's'} with unexpected output` : '') +
          (importSummary ? ` · ${importSummary}` : ''),
        view.notice ? 'error' : 'info',
      );
      importSummary = null;
    }
  }
}

function status(text: string, kind: 'info' | 'error' | 'busy' = 'info'): void {
  const el = $('status');
  el.textContent = text;
  el.dataset.kind = kind;
  el.setAttribute('role', kind === 'error' ? 'alert' : 'status');
}

function reportRunError(e: RunError): void {
  if (e.kind === 'syntax' && e.line) {
    editor.setError({ line: e.line, column: e.column ?? 1, message: e.message }, view.file);
    status(`${view.file} has an error: see the editor.`, 'error');
    return;
  }
  const prefix = e.kind === 'timeout' ? 'Stopped: ' : e.kind === 'limit' ? 'Too large: ' : 'The simulation failed: ';
  status(prefix + e.message, 'error');
}

function syncPlay(playing: boolean): void {
  const b = $<HTMLButtonElement>('play');
  b.setAttribute('aria-pressed', String(playing));
  setIconLabel(b, playing ? 'pause' : 'play', playing ? 'Pause' : 'Play');
  b.setAttribute('aria-label', playing ? 'Pause (Space)' : 'Play (Space)');
}

// ---------------------------------------------------------------------------
// Running: the editor's text, files, the seed
// ---------------------------------------------------------------------------

function syncPicker(): void {
  $<HTMLSelectElement>('scenario-picker').value = view.entry ?? '';
}

function request(text: string, file: string, entry: string | null, o: Partial<RunRequest> = {}): RunRequest {
  return { text, file, entry, seed: view.seed, step: 0, branch: null, task: null, machine: null, notice: null, ...o };
}

function load(text: string, file: string, entry: string | null, o: Partial<RunRequest> = {}): void {
  view.seed = o.seed ?? null;
  actor.send({ type: 'RUN', request: request(text, file, entry, { seed: null, ...o }) });
}

/** Runs the editor's text; a syntax error is shown inline by the worker's answer. */
function runEditor(o: Partial<RunRequest> = {}): void {
  clearTimeout(editTimer);
  const text = editor.value;
  const tooBig = sizeProblem(text.length);
  if (tooBig) {
    showEditorMessage(tooBig);
    status(`${view.file} is too large.`, 'error');
    return;
  }
  actor.send({ type: 'RUN', request: request(text, view.file, view.entry, { step: Math.floor(view.u), ...o }) });
}

function showEditorMessage(text: string): void {
  const box = $('editor-error');
  box.hidden = false;
  box.textContent = text;
}

let editTimer = 0;
let checkSeq = 0;
function onEdit(): void {
  if (view.entry !== null && editor.value !== findScenario(view.entry)?.text) {
    view.entry = null;
    syncPicker();
  }
  clearTimeout(editTimer);
  editTimer = window.setTimeout(() => void checkEditor(), 250);
}

/** Parses the editor's text in the worker, for inline errors while typing. */
async function checkEditor(): Promise<void> {
  const text = editor.value;
  const tooBig = sizeProblem(text.length);
  if (tooBig) {
    editor.setError(null, view.file);
    showEditorMessage(tooBig);
    return;
  }
  const seq = ++checkSeq;
  const r = await client.check(text, view.file);
  if (seq !== checkSeq || text !== editor.value) return;
  if (r.ok) editor.setError(null, view.file);
  else if (r.error.kind === 'syntax' && r.error.line) editor.setError({ line: r.error.line, column: r.error.column ?? 1, message: r.error.message }, view.file);
}

async function openFile(file: File): Promise<void> {
  if (isBundleFile(file.name, await file.slice(0, 64).text())) {
    const b = await readBundleFile(file);
    if ('error' in b) return status(b.error, 'error');
    status(`Importing ${file.name}…`, 'busy');
    const r = await client.importBundle(b.text, file.name);
    if (!r.ok) return status(r.error.message, 'error');
    load(r.value.text, r.value.file, null);
    importSummary = r.value.summary + (r.value.notes.length > 0 ? ` ${r.value.notes.length} note${r.value.notes.length === 1 ? '' : 's'} in the scenario's comments.` : '');
    return;
  }
  const r = await readScenarioFile(file);
  if ('error' in r) status(r.error, 'error');
  else load(r.text, file.name, null);
}


function seedOverride(): number | null {
  const v = $<HTMLInputElement>('seed').value.trim();
  return /^\d+$/.test(v) && Number(v) <= 0xffffffff ? Number(v) : null;
}

// ---------------------------------------------------------------------------
// Position and drawing
// ---------------------------------------------------------------------------

let shownKey = '';
let panelsFor = NaN;
/** Per-render timings, recorded only while the performance probe asks for them. */
let probe: { key: string; modelMs: number; renderMs: number }[] | null = null;

/** The cluster region's size, kept by a ResizeObserver: reading it per frame would force a layout. */
const region = { width: 0, height: 0 };
function regionSize(): { width: number; height: number } {
  if (!region.width) {
    const el = $('cluster-region');
    region.width = el.clientWidth;
    region.height = el.clientHeight;
  }
  return { width: Math.max(200, region.width - 4), height: Math.max(120, region.height - 4) };
}

/** Cards or overview, and the cards' scale: once per run, resize or choice, so the view does not jump between steps. */
function chooseMode(): void {
  const f = view.frames;
  if (!f) return;
  const { width, height } = regionSize();
  const last = f.viewAt(f.length).model();
  const fits = cardsFit(last, width, height, 1);
  view.mode = view.modePref === 'auto' ? (fits ? 'cards' : 'overview') : view.modePref;
  view.scale = 1;
  if (view.presenter && view.mode === 'cards' && last.machines.length <= 64) {
    const models = f.length <= 40 ? Array.from({ length: f.length + 1 }, (_, i) => f.viewAt(i).model()) : [last];
    view.scale = fitScale(models, width, height, 2.4, 0.8);
  }
  document.body.dataset.view = view.mode;
  $<HTMLSelectElement>('view-mode').title = view.modePref === 'auto' ? `Automatic: ${view.mode}` : '';
}

function matches(model: ClusterModel): { result: SearchResult | null; machines: ReadonlySet<string> | null } {
  const result = view.query ? search(model, view.query) : null;
  return { result, machines: result?.machines ?? view.shown?.machines ?? null };
}

function setPosition(u: number, o: { animate: boolean; settle: boolean; force?: boolean; reveal?: boolean }): void {
  const f = view.frames;
  if (!f) return;
  view.u = clampU(u, f.length + 1);
  const v = f.viewAt(view.u);
  const idx = f.stepIndex(view.u);
  if (v.key !== shownKey || o.force) {
    shownKey = v.key;
    const t0 = performance.now();
    let model = v.model();
    if (view.mode === 'cards') {
      model = decorate(model, {
        ghosts: idx >= 0 ? f.ghostsAt(idx, v.snap()) : undefined,
        reasons: view.reasons?.key === v.key ? view.reasons.map : undefined,
      });
    }
    const t1 = performance.now();
    const m = matches(model);
    const { width, height } = regionSize();
    cluster.render(model, {
      mode: view.mode,
      width,
      height,
      scale: view.scale,
      center: view.presenter,
      duration: o.animate && !reducedMotion() ? (stateOf() === 'playing' ? 350 : 650) : 0,
      growOnly: !o.settle,
      diff: f.diffFor(idx),
      selectedTask: view.task,
      selectedMachine: view.machine,
      matches: m.machines,
      onSelectTask: selectTask,
      onSelectMachine: selectMachine,
    });
    renderServiceLegend($('legend'), model.services);
    showSearchCount(m.result);
    probe?.push({ key: v.key, modelMs: t1 - t0, renderMs: performance.now() - t1 });
  }
  const all = f.steps;
  const step = idx >= 0 ? all[idx] : null;
  const label =
    idx < 0 ? `Before step 1 of ${all.length}` : `Step ${idx + 1} of ${all.length}${step?.branch ? ' (branch)' : ''}: ${step?.source.split('\n')[0] ?? ''}`;
  timeline.setPosition(view.u, label);
  const pos = $('position-label');
  // Written only when they change: a scrub frame should not relayout the transport bar.
  const posText = idx < 0 ? `0 / ${all.length}` : `${Number.isInteger(view.u) ? '' : '→ '}${idx + 1} / ${all.length}`;
  if (pos.textContent !== posText) pos.textContent = posText;
  const posStep = String(Math.floor(view.u));
  if (pos.dataset.step !== posStep) pos.dataset.step = posStep;
  if (idx !== panelsFor || o.force) {
    panelsFor = idx;
    renderPanels(idx);
  }
  if (o.settle) {
    cluster.settle();
    renderWhy(v.key, v.snap());
    requestReasons(v.key, v.snap());
    if (o.reveal) cluster.reveal(f.diffFor(idx).where, !reducedMotion());
    updateUrl();
  }
}

function renderPanels(idx: number): void {
  const f = view.frames!;
  const run = f.run;
  const step = idx >= 0 ? f.steps[idx] : null;
  renderNarration($('narration'), run, step);
  renderTerminal($('terminal'), step, f.length);
  renderDiff($('diff'), idx >= 0 ? f.diffFor(idx) : null, showChange);
  renderSlide({ step: $('slide-step'), title: $('slide-title'), command: $('slide-command'), text: $('slide-text'), detail: $('slide-detail') }, run, step, f.length);
  editor.highlightStep(step?.line || null, step?.endLine || null);
  const start = $('start');
  start.hidden = idx >= 0 || f.length === 0;
  if (!start.hidden) renderStart(start, run, f.length, () => stepBy(1), () => play());
}

function reducedMotion(): boolean {
  return window.matchMedia('(prefers-reduced-motion: reduce)').matches;
}

function renderTimeline(): void {
  const f = view.frames;
  if (!f) return;
  timeline.render(
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
  );
}

function refresh(): void {
  setPosition(view.u, { animate: false, settle: true, force: true });
}

// ---------------------------------------------------------------------------
// Reasons of empty nodes and the "why" panel: explanations from the worker
// ---------------------------------------------------------------------------

/** Cards of nodes without tasks say why (worker/nodeReasons.ts); asked once per state shown. */
function requestReasons(key: string, snap: SimSnapshot): void {
  if (view.mode !== 'cards' || view.reasons?.key === key || snap.nodes.length > 64 || snap.nodes.length === 0) return;
  const f = view.frames!;
  view.reasons = { key, map: new Map() };
  void client.reasons(snap).then((r) => {
    if (!r.ok || view.reasons?.key !== key || view.frames !== f) return;
    const frame = Math.floor(view.u);
    const map = cardReasons(r.value, (m) => f.lastRemoval(m, frame));
    view.reasons = { key, map };
    if (map.size && shownKey === key) setPosition(view.u, { animate: false, settle: false, force: true });
  });
}

const why = new WhyPanel($('why'), client, {
  onSelectTask: (id) => selectTask(id),
  onTry: (cmd) => {
    const input = $<HTMLInputElement>('try-input');
    input.value = cmd;
    input.focus();
  },
  onClose: () => {
    const back = view.task ?? view.machine;
    view.task = null;
    view.machine = null;
    refresh();
    focusInView(back);
  },
});

function renderWhy(key: string, snap: SimSnapshot): void {
  why.show(key, snap, view.frames!, view.u, { task: view.task, machine: view.machine }, () => `${shownKey}|${view.task}|${view.machine}`);
}

function focusInView(id: string | null): void {
  if (!id) return;
  const el = document.querySelector<SVGGElement>(`[data-task-id="${CSS.escape(id)}"], g.card[data-machine="${CSS.escape(id)}"]`);
  el?.focus();
}

function selectTask(id: string): void {
  view.task = view.task === id ? null : id;
  view.machine = null;
  refresh();
  if (view.task) revealWhy();
}

function selectMachine(name: string): void {
  view.machine = view.machine === name ? null : name;
  view.task = null;
  refresh();
  if (view.machine) revealWhy();
}

function revealWhy(): void {
  if (view.presenter) return;
  $('why').closest('.panel')?.scrollIntoView({ block: 'nearest', behavior: reducedMotion() ? 'auto' : 'smooth' });
}

// ---------------------------------------------------------------------------
// Search, and "show" in the diff panel
// ---------------------------------------------------------------------------

function showSearchCount(r: SearchResult | null): void {
  const el = $('search-count');
  const text = !view.query
    ? view.shown
      ? `Showing: ${view.shown.text}`
      : ''
    : !r || r.machines.size === 0
      ? 'no match'
      : `${r.machines.size} node${r.machines.size === 1 ? '' : 's'}${r.tasks.length ? `, ${r.tasks.length} task${r.tasks.length === 1 ? '' : 's'}` : ''}`;
  if (el.textContent !== text) el.textContent = text;
}

function onSearch(q: string): void {
  view.query = q.trim();
  view.shown = null;
  setPosition(view.u, { animate: false, settle: false, force: true });
}

/** Enter in the search box: a task named exactly is selected; else the first match is brought into view. */
function searchGo(): void {
  const f = view.frames;
  if (!f || !view.query) return;
  const r = search(f.viewAt(view.u).model(), view.query);
  if (!r || !r.machines.size) return;
  if (r.exact) selectTask(r.exact.id);
  cluster.reveal([...r.machines], !reducedMotion());
}

function showChange(c: Change): void {
  view.query = '';
  $<HTMLInputElement>('search').value = '';
  view.shown = { text: c.text, machines: new Set(c.machines) };
  setPosition(view.u, { animate: false, settle: false, force: true });
  cluster.reveal(c.machines, !reducedMotion());
}

// ---------------------------------------------------------------------------
// Playback
// ---------------------------------------------------------------------------

function play(): void {
  const f = view.frames;
  if (!f) return;
  if (view.u >= f.length) view.u = 0;
  actor.send({ type: 'PLAY' });
}

function pause(): void {
  if (stateOf() === 'playing') actor.send({ type: 'PAUSE' });
}

function stepBy(delta: number): void {
  pause();
  view.shown = null;
  const target = delta > 0 ? Math.floor(view.u) + 1 : Math.ceil(view.u) - 1;
  setPosition(target, { animate: true, settle: true, reveal: true });
}

function jump(to: 'start' | 'end'): void {
  pause();
  view.shown = null;
  setPosition(to === 'start' ? 0 : (view.frames?.length ?? 0), { animate: true, settle: true, reveal: true });
}

// ---------------------------------------------------------------------------
// URL
// ---------------------------------------------------------------------------

let urlTimer = 0;
let lastHash = '';

function updateUrl(): void {
  clearTimeout(urlTimer);
  urlTimer = window.setTimeout(async () => {
    const c = ctx();
    if (!c.run || stateOf() === 'running' || stateOf() === 'branching') return;
    const hash = await linkFor({
      entry: view.entry,
      text: editor.value,
      seed: c.run.seed,
      step: Math.floor(view.u),
      branch: c.branch.length ? { base: c.branchBase, lines: c.branch.map((s) => s.source) } : null,
      task: view.task,
      machine: view.machine,
      present: view.presenter,
    });
    lastHash = hash;
    if (location.hash !== hash) history.replaceState(null, '', hash);
  }, 120);
}

// ---------------------------------------------------------------------------
// Presenter mode
// ---------------------------------------------------------------------------

function setPresenter(on: boolean): void {
  view.presenter = on;
  document.body.classList.toggle('presenter', on);
  $('presenter').setAttribute('aria-pressed', String(on));
  region.width = 0;
  // The layout changes under the observer; measure after it has.
  requestAnimationFrame(() => {
    region.width = 0;
    chooseMode();
    renderTimeline();
    refresh();
  });
}

// ---------------------------------------------------------------------------
// Controls
// ---------------------------------------------------------------------------

function wire(): void {
  $<HTMLSelectElement>('scenario-picker').addEventListener('change', (e) => {
    const entry = findScenario((e.target as HTMLSelectElement).value);
    if (entry) load(entry.text, entry.file, entry.name);
  });
  $('run').addEventListener('click', () => runEditor());
  $('open-file').addEventListener('click', () => $<HTMLInputElement>('file-input').click());
  $<HTMLInputElement>('file-input').addEventListener('change', (e) => {
    const file = (e.target as HTMLInputElement).files?.[0];
    if (file) void openFile(file);
    (e.target as HTMLInputElement).value = '';
  });

  wireFileDrop($('drop-overlay'), (f) => void openFile(f));

  $<HTMLInputElement>('seed').addEventListener('change', () => {
    const seed = seedOverride();
    if (seed === null) {
      status('A seed is a whole number from 0 to 4294967295.', 'error');
      return;
    }
    view.seed = seed;
    runEditor({ seed });
  });
  $('reroll').addEventListener('click', () => {
    const seed = crypto.getRandomValues(new Uint32Array(1))[0];
    $<HTMLInputElement>('seed').value = String(seed);
    view.seed = seed;
    runEditor({ seed });
  });
  $('presenter').addEventListener('click', () => setPresenter(!view.presenter));

  $('play').addEventListener('click', () => (stateOf() === 'playing' ? pause() : play()));
  $('step-back').addEventListener('click', () => stepBy(-1));
  $('step-forward').addEventListener('click', () => stepBy(1));
  $('to-start').addEventListener('click', () => jump('start'));
  $('to-end').addEventListener('click', () => jump('end'));
  $<HTMLSelectElement>('speed').addEventListener('change', (e) => (view.speed = Number((e.target as HTMLSelectElement).value) || 1));

  wireInPageLinks(() => !reducedMotion());

  const searchBox = $<HTMLInputElement>('search');
  searchBox.addEventListener('input', () => onSearch(searchBox.value));
  searchBox.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      searchGo();
    } else if (e.key === 'Escape' && searchBox.value) {
      e.preventDefault();
      searchBox.value = '';
      onSearch('');
    }
  });
  $<HTMLSelectElement>('view-mode').addEventListener('change', (e) => {
    view.modePref = (e.target as HTMLSelectElement).value as ModePref;
    chooseMode();
    refresh();
  });
  $('zoom-in').addEventListener('click', () => cluster.zoomBy(1.6));
  $('zoom-out').addEventListener('click', () => cluster.zoomBy(1 / 1.6));
  $('zoom-fit').addEventListener('click', () => cluster.zoomBy('fit'));

  wireKeys({
    togglePlay: () => (stateOf() === 'playing' ? pause() : play()),
    step: stepBy,
    jump,
    escape: () => {
      if (view.task || view.machine) {
        view.task = null;
        view.machine = null;
        refresh();
      } else if (view.presenter && !$<HTMLDialogElement>('video-dialog').open) setPresenter(false);
    },
    find: () => searchBox.focus(),
  });

  $<HTMLFormElement>('try-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const line = $<HTMLInputElement>('try-input').value;
    $('try-error').hidden = true;
    if (!ctx().run || !line.trim()) return;
    pause();
    actor.send({ type: 'TRY', base: Math.floor(view.u), line });
  });
  $('discard-branch').addEventListener('click', () => {
    if (!ctx().branch.length) return;
    actor.send({ type: 'DISCARD' });
    status('Branch discarded.');
  });

  $('export-trace').addEventListener('click', () => {
    const f = view.frames;
    if (!f) return;
    download(`${baseName()}-seed${f.run.seed}-trace.json`, new Blob([traceJson(f.run, f.steps)], { type: 'application/json' }));
  });
  $('export-svg').addEventListener('click', () => void exportStill('svg'));
  $('export-png').addEventListener('click', () => void exportStill('png'));
  const video = new VideoExport({
    dialog: $<HTMLDialogElement>('video-dialog'),
    offscreen: $<SVGSVGElement>('offscreen-cluster'),
    frames: () => view.frames,
    position: () => Math.floor(view.u),
    width: () => regionSize().width,
    scale: () => view.scale,
    mode: () => view.mode,
    name: baseName,
    status,
  });
  $('export-video').addEventListener('click', () => {
    pause();
    video.open();
  });

  let resizeTimer = 0;
  new ResizeObserver((entries) => {
    region.width = Math.round(entries[0]?.contentRect.width ?? 0);
    region.height = Math.round(entries[0]?.contentRect.height ?? 0);
    clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(() => {
      if (!view.frames) return;
      chooseMode();
      renderTimeline();
      refresh();
    }, 100);
  }).observe($('cluster-region'));

  window.addEventListener('hashchange', () => {
    if (location.hash === lastHash) return;
    void openLink(location.hash).then(
      (r) => {
        if (r.present !== undefined) setPresenter(r.present);
        actor.send({ type: 'RUN', request: r });
      },
      (e) => status(String(e instanceof Error ? e.message : e), 'error'),
    );
  });
}

function baseName(): string {
  return view.file.replace(/\.swarm$/, '');
}

async function exportStill(kind: 'svg' | 'png'): Promise<void> {
  const f = view.frames;
  if (!f) return;
  try {
    const markup = exportCaptioned(cluster, $<SVGSVGElement>('cluster'), captionFor(f, view.u, f.viewAt(view.u).model()));
    const blob = kind === 'svg' ? new Blob([markup], { type: 'image/svg+xml' }) : await pngBlob(markup);
    download(`${baseName()}-step${Math.floor(view.u)}.${kind}`, blob);
  } catch (err) {
    status(`${kind.toUpperCase()} export failed: ${err instanceof Error ? err.message : String(err)}`, 'error');
  }
}

fillPicker($<HTMLSelectElement>('scenario-picker'));
renderLegend($('legend'));
syncPlay(false);
wire();
if (new URLSearchParams(location.hash.slice(1)).get('present') === '1') setPresenter(true);
actor.start();

/** Hooks for the browser tests and the performance probe: read-only views of the state. */
declare global {
  interface Window {
    __swarmsim?: {
      state: () => { u: number; steps: number; busy: boolean; seed: number | null; branch: number; machine: AppState; mode: ViewMode; lastRunMs: number; firstShownAt: number | null };
      probe: (on: boolean) => { key: string; modelMs: number; renderMs: number }[];
    };
  }
}
window.__swarmsim = {
  state: () => {
    const s = stateOf();
    return {
      u: view.u,
      steps: view.frames?.length ?? 0,
      busy: s === 'running' || s === 'loading' || s === 'branching',
      seed: ctx().run?.seed ?? null,
      branch: ctx().branch.length,
      machine: s,
      mode: view.mode,
      lastRunMs: view.lastRunMs,
      firstShownAt: view.firstShownAt,
    };
  },
  probe: (on) => {
    const out = probe ?? [];
    probe = on ? [] : null;
    return out;
  },
};
