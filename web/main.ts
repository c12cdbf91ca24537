/**
 * The page: wires the scenario picker and editor, the simulation worker, the
 * cluster view, the timeline and the side panels. State lives here; every
 * renderer gets plain data and draws it.
 */
import type { TraceEvent } from '../sim/cluster/trace.js';
import { ScenarioError, parseScenario } from '../sim/scenario/parse.js';
import type { SimSnapshot } from '../sim/snapshot.js';
import { download, pngBlob, svgMarkup, traceJson } from './app/export.js';
import { DEFAULT_SCENARIO, LIBRARY, findScenario } from './app/scenarios.js';
import { compressText, decompressText, readHash, writeHash } from './app/url.js';
import { clampU } from './model/axis.js';
import { buildCluster, type ClusterModel } from './model/cluster.js';
import { EMPTY_DIFF, diffSnapshots, type StepDiff } from './model/diff.js';
import { eventsAt, replay } from './model/replay.js';
import { frameSnapshot, type RunData, type RunError, type StepData } from './model/run.js';
import { ClusterView } from './render/cluster.js';
import { renderDiff } from './render/diff.js';
import { ScenarioEditor } from './render/editor.js';
import { renderLegend } from './render/legend.js';
import { renderNarration } from './render/narration.js';
import { renderTerminal } from './render/terminal.js';
import { Timeline } from './render/timeline.js';
import { renderWhyNode, renderWhyTask } from './render/why.js';
import { SimClient } from './worker/client.js';
import { LIMITS, sizeProblem } from './worker/limits.js';

const $ = <T extends HTMLElement | SVGElement = HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} missing from index.html`);
  return el as unknown as T;
};

// ---------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------

interface State {
  /** The library entry whose text is loaded, unedited; null for edited or opened text. */
  entry: string | null;
  file: string;
  description: string;
  run: RunData | null;
  /** Typed steps continuing the run after frame `branchBase`. */
  branch: StepData[];
  branchBase: number;
  u: number;
  playing: boolean;
  speed: number;
  selectedTask: string | null;
  selectedMachine: string | null;
  busy: boolean;
  /** A seed the user chose (field, re-roll or link) over the scenario's own `seed:`. */
  seed: number | null;
}

const state: State = {
  entry: null,
  file: 'scenario.swarm',
  description: '',
  run: null,
  branch: [],
  branchBase: 0,
  u: 0,
  playing: false,
  speed: 1,
  selectedTask: null,
  selectedMachine: null,
  busy: false,
  seed: null,
};

/** The steps on screen: the run's, or its first `branchBase` steps and the branch. */
function steps(): readonly StepData[] {
  if (!state.run) return [];
  return state.branch.length ? [...state.run.steps.slice(0, state.branchBase), ...state.branch] : state.run.steps;
}

const client = new SimClient();
const cluster = new ClusterView($<SVGSVGElement>('cluster'), $('cluster-region'));
/** Pointer moves come faster than frames: draw the latest position once per frame. */
let scrubTarget: { u: number; done: boolean } | null = null;
const timeline = new Timeline($<SVGSVGElement>('timeline'), (u, done) => {
  stop();
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
  () => void runEditor(),
);

// ---------------------------------------------------------------------------
// Status line
// ---------------------------------------------------------------------------

function status(text: string, kind: 'info' | 'error' | 'busy' = 'info'): void {
  const el = $('status');
  el.textContent = text;
  el.dataset.kind = kind;
  el.setAttribute('role', kind === 'error' ? 'alert' : 'status');
}

// ---------------------------------------------------------------------------
// Loading and running
// ---------------------------------------------------------------------------

function fillPicker(): void {
  const picker = $<HTMLSelectElement>('scenario-picker');
  picker.replaceChildren();
  for (const e of LIBRARY) {
    const o = document.createElement('option');
    o.value = e.name;
    o.textContent = `${e.name} — ${e.title}`;
    picker.append(o);
  }
  const custom = document.createElement('option');
  custom.value = '';
  custom.textContent = '(edited or opened text)';
  custom.disabled = true;
  picker.append(custom);
}

function syncPicker(): void {
  $<HTMLSelectElement>('scenario-picker').value = state.entry ?? '';
}

/** Parses on the main thread for immediate inline errors; the worker parses again to run. */
function checkSyntax(text: string): boolean {
  const tooBig = sizeProblem(text.length);
  if (tooBig) {
    editor.setError(null, state.file);
    showEditorMessage(tooBig);
    return false;
  }
  try {
    const s = parseScenario(text, state.file);
    state.description = s.meta.description ?? '';
    editor.setError(null, state.file);
    return true;
  } catch (e) {
    if (e instanceof ScenarioError) {
      editor.setError({ line: e.line, column: e.column, message: e.message }, state.file);
      return false;
    }
    throw e;
  }
}

function showEditorMessage(text: string): void {
  const box = $('editor-error');
  box.hidden = false;
  box.textContent = text;
}

let editTimer = 0;
function onEdit(): void {
  if (state.entry !== null && editor.value !== findScenario(state.entry)?.text) {
    state.entry = null;
    syncPicker();
  }
  clearTimeout(editTimer);
  editTimer = window.setTimeout(() => checkSyntax(editor.value), 250);
}

async function loadText(text: string, file: string, entry: string | null, opts: { seed?: number | null; step?: number | null } = {}): Promise<void> {
  state.entry = entry;
  state.file = file;
  state.seed = opts.seed ?? null;
  editor.value = text;
  syncPicker();
  await runEditor(opts);
}

async function runEditor(opts: { seed?: number | null; step?: number | null } = {}): Promise<void> {
  const text = editor.value;
  clearTimeout(editTimer);
  if (!checkSyntax(text)) {
    status(`${state.file} has an error: see the editor.`, 'error');
    return;
  }
  stop();
  state.busy = true;
  document.body.classList.add('busy');
  status(`Running ${state.file}…`, 'busy');
  const started = performance.now();
  if (opts.seed !== undefined) state.seed = opts.seed;
  const seed = state.seed;
  const r = await client.run(text, state.file, seed);
  state.busy = false;
  document.body.classList.remove('busy');
  if (!r.ok) {
    reportRunError(r.error);
    return;
  }
  state.run = r.value;
  state.branch = [];
  state.branchBase = 0;
  state.selectedTask = null;
  state.selectedMachine = null;
  frameCache.clear();
  diffCache.clear();
  betweenCache.clear();
  hostNames = null;
  $<HTMLInputElement>('seed').value = String(r.value.seed);
  $<HTMLButtonElement>('discard-branch').disabled = true;
  const n = r.value.steps.length;
  const failed = r.value.steps.filter((s) => s.check && !s.check.ok).length;
  status(
    `${r.value.title}: ${n} step${n === 1 ? '' : 's'}, seed ${r.value.seed}, simulated in ${Math.round(performance.now() - started)} ms` +
      (failed ? ` · ${failed} step${failed === 1 ? '' : 's'} with unexpected output` : ''),
  );
  renderTimeline();
  const step = opts.step ?? Math.round(state.u);
  setPosition(Math.min(step, n), { animate: false, settle: true, force: true });
  void updateUrl();
}

function reportRunError(e: RunError): void {
  if (e.kind === 'syntax' && e.line) {
    editor.setError({ line: e.line, column: e.column ?? 1, message: e.message }, state.file);
    status(`${state.file} has an error: see the editor.`, 'error');
    return;
  }
  const prefix = e.kind === 'timeout' ? 'Stopped: ' : e.kind === 'limit' ? 'Too large: ' : 'The simulation failed: ';
  status(prefix + e.message, 'error');
}

function seedOverride(): number | null {
  const v = $<HTMLInputElement>('seed').value.trim();
  return /^\d+$/.test(v) && Number(v) <= 0xffffffff ? Number(v) : null;
}

// ---------------------------------------------------------------------------
// Position and drawing
// ---------------------------------------------------------------------------

const frameCache = new Map<number, ClusterModel>();
const diffCache = new Map<number, StepDiff>();
let hostNames: Map<string, string> | null = null;
/** Per-render timings, recorded only while the performance probe asks for them. */
let probe: { key: string; modelMs: number; renderMs: number }[] | null = null;
let shownKey = '';
let panelsFor = NaN;

function hostOf(nodeId: string): string {
  if (!hostNames) {
    hostNames = new Map();
    if (state.run) for (const s of [state.run.initial, ...steps().map((x) => x.snapshot)]) for (const n of s.nodes) hostNames.set(n.id, n.hostname);
  }
  return hostNames.get(nodeId) ?? (nodeId ? nodeId.slice(0, 12) : '');
}

function snapAt(frame: number): SimSnapshot {
  return frameSnapshot(state.run!, steps(), frame);
}

/**
 * The state shown at position u, and a key that changes only when it does.
 * The key is cheap; the snapshot and the model are built on demand and kept
 * for the last few intermediate states, so pointer moves that stay within one
 * state cost nothing and moving back and forth costs little.
 */
function viewAt(u: number): { key: string; snap: () => SimSnapshot; model: () => ClusterModel } {
  const all = steps();
  const k = Math.floor(u);
  const f = u - k;
  if (f === 0 || k >= all.length) {
    const frame = Math.min(k, all.length);
    return {
      key: `${frame}`,
      snap: () => snapAt(frame),
      model: () => {
        let m = frameCache.get(frame);
        if (!m) frameCache.set(frame, (m = buildCluster(snapAt(frame))));
        return m;
      },
    };
  }
  const step = all[k];
  const prev = snapAt(k);
  const n = eventsAt(step.events, prev.time, step.time, f);
  if (n === 0) return viewAt(k);
  if (n >= step.events.length) return viewAt(k + 1);
  const key = `${k}:${n}`;
  const between = (): { snap: SimSnapshot; model?: ClusterModel } => {
    let b = betweenCache.get(key);
    if (!b) {
      b = { snap: replay(prev, step.snapshot, step.events, n) };
      betweenCache.set(key, b);
      if (betweenCache.size > BETWEEN_KEPT) betweenCache.delete(betweenCache.keys().next().value!);
    }
    return b;
  };
  return {
    key,
    snap: () => between().snap,
    model: () => {
      const b = between();
      return (b.model ??= buildCluster(b.snap));
    },
  };
}

/** Intermediate states (within a step) kept, oldest dropped first. */
const BETWEEN_KEPT = 64;
const betweenCache = new Map<string, { snap: SimSnapshot; model?: ClusterModel }>();

/** The step the view is in: completed at an integer position, under way between two. */
function currentStepIndex(u: number): number {
  return Math.ceil(u) - 1;
}

function diffFor(index: number): StepDiff {
  if (index < 0) return EMPTY_DIFF;
  let d = diffCache.get(index);
  if (!d) diffCache.set(index, (d = diffSnapshots(snapAt(index), snapAt(index + 1))));
  return d;
}

/** The view's width, kept by a ResizeObserver: reading clientWidth per frame would force a layout. */
let viewWidth = 0;
function clusterWidth(): number {
  if (!viewWidth) viewWidth = $('cluster-region').clientWidth;
  return viewWidth - 4;
}

function setPosition(u: number, o: { animate: boolean; settle: boolean; force?: boolean }): void {
  if (!state.run) return;
  const all = steps();
  state.u = clampU(u, all.length + 1);
  const view = viewAt(state.u);
  const idx = currentStepIndex(state.u);
  if (view.key !== shownKey || o.force) {
    shownKey = view.key;
    const t0 = performance.now();
    const model = view.model();
    const t1 = performance.now();
    cluster.render(model, {
      width: clusterWidth(),
      scale: document.body.classList.contains('presenter') ? 1.35 : 1,
      duration: o.animate && !reducedMotion() ? (state.playing ? 350 : 650) : 0,
      growOnly: !o.settle,
      diff: diffFor(idx),
      selectedTask: state.selectedTask,
      selectedMachine: state.selectedMachine,
      onSelectTask: selectTask,
      onSelectMachine: selectMachine,
    });
    probe?.push({ key: view.key, modelMs: t1 - t0, renderMs: performance.now() - t1 });
  }
  const step = idx >= 0 ? all[idx] : null;
  const label =
    idx < 0 ? `Before step 1 of ${all.length}` : `Step ${idx + 1} of ${all.length}${step?.branch ? ' (branch)' : ''}: ${step?.source.split('\n')[0] ?? ''}`;
  timeline.setPosition(state.u, label);
  const pos = $('position-label');
  // Written only when they change: a scrub frame should not relayout the transport bar.
  const posText = idx < 0 ? `0 / ${all.length}` : `${Number.isInteger(state.u) ? '' : '→ '}${idx + 1} / ${all.length}`;
  if (pos.textContent !== posText) pos.textContent = posText;
  const posStep = String(Math.floor(state.u));
  if (pos.dataset.step !== posStep) pos.dataset.step = posStep;
  if (idx !== panelsFor || o.force) {
    panelsFor = idx;
    renderNarration($('narration'), state.run, step, state.description);
    renderTerminal($('terminal'), step, all.length);
    renderDiff($('diff'), idx >= 0 ? diffFor(idx) : null);
    editor.highlightStep(step?.line || null, step?.endLine || null);
  }
  if (o.settle) {
    cluster.settle();
    renderWhy(view.snap());
    void updateUrl();
  }
}

function reducedMotion(): boolean {
  return window.matchMedia('(prefers-reduced-motion: reduce)').matches;
}

function renderTimeline(): void {
  if (!state.run) return;
  const all = steps();
  timeline.render(
    {
      steps: all.map((s, i) => ({
        t0: snapAt(i).time,
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

// ---------------------------------------------------------------------------
// Selection and the "why" panel
// ---------------------------------------------------------------------------

function eventsUntil(u: number): TraceEvent[] {
  const all = steps();
  const k = Math.floor(u);
  const out: TraceEvent[] = [];
  for (let i = 0; i < Math.min(k, all.length); i++) out.push(...all[i].events);
  if (k < all.length && u > k) {
    const s = all[k];
    out.push(...s.events.slice(0, eventsAt(s.events, snapAt(k).time, s.time, u - k)));
  }
  return out;
}

function renderWhy(snap: SimSnapshot): void {
  const host = $('why');
  const ctx = {
    snapshot: snap,
    events: state.selectedTask ? eventsUntil(state.u) : [],
    hostOf,
    onSelectTask: selectTask,
    onTry: (cmd: string) => {
      const input = $<HTMLInputElement>('try-input');
      input.value = cmd;
      input.focus();
    },
    onClose: () => {
      const back = state.selectedTask ?? state.selectedMachine;
      state.selectedTask = null;
      state.selectedMachine = null;
      refresh();
      focusInView(back);
    },
  };
  if (state.selectedTask) renderWhyTask(host, state.selectedTask, ctx);
  else if (state.selectedMachine) renderWhyNode(host, state.selectedMachine, ctx);
  else host.replaceChildren(Object.assign(document.createElement('p'), { className: 'hint', textContent: 'Select a task or a node to see why it is where it is.' }));
}

function focusInView(id: string | null): void {
  if (!id) return;
  const el = document.querySelector<SVGGElement>(`[data-task-id="${CSS.escape(id)}"], g.card[data-machine="${CSS.escape(id)}"]`);
  el?.focus();
}

function refresh(): void {
  setPosition(state.u, { animate: false, settle: true, force: true });
}

function selectTask(id: string): void {
  state.selectedTask = state.selectedTask === id ? null : id;
  state.selectedMachine = null;
  refresh();
  if (state.selectedTask) revealWhy();
}

function selectMachine(name: string): void {
  state.selectedMachine = state.selectedMachine === name ? null : name;
  state.selectedTask = null;
  refresh();
  if (state.selectedMachine) revealWhy();
}

function revealWhy(): void {
  const panel = $('why');
  panel.closest('.panel')?.scrollIntoView({ block: 'nearest', behavior: reducedMotion() ? 'auto' : 'smooth' });
}

// ---------------------------------------------------------------------------
// Playback
// ---------------------------------------------------------------------------

let lastTick = 0;
let raf = 0;

function play(): void {
  if (!state.run) return;
  const end = steps().length;
  if (state.u >= end) state.u = 0;
  state.playing = true;
  lastTick = performance.now();
  syncPlay();
  raf = requestAnimationFrame(tick);
}

function stop(): void {
  if (!state.playing) return;
  state.playing = false;
  cancelAnimationFrame(raf);
  syncPlay();
  setPosition(state.u, { animate: false, settle: true });
}

function tick(now: number): void {
  if (!state.playing) return;
  const dt = Math.min(100, now - lastTick);
  lastTick = now;
  // One command per 1.6 s at 1×.
  const end = steps().length;
  const u = Math.min(end, state.u + (dt / 1600) * state.speed);
  setPosition(u, { animate: true, settle: Number.isInteger(u) });
  if (u >= end) {
    stop();
    return;
  }
  raf = requestAnimationFrame(tick);
}

function syncPlay(): void {
  const b = $<HTMLButtonElement>('play');
  b.setAttribute('aria-pressed', String(state.playing));
  b.textContent = state.playing ? '⏸ Pause' : '▶ Play';
  b.setAttribute('aria-label', state.playing ? 'Pause (Space)' : 'Play (Space)');
}

function stepBy(delta: number): void {
  stop();
  const target = delta > 0 ? Math.floor(state.u) + 1 : Math.ceil(state.u) - 1;
  setPosition(target, { animate: true, settle: true });
}

function jump(to: 'start' | 'end'): void {
  stop();
  setPosition(to === 'start' ? 0 : steps().length, { animate: true, settle: true });
}

// ---------------------------------------------------------------------------
// URL
// ---------------------------------------------------------------------------

let urlTimer = 0;
let compressed: { text: string; data: string } | null = null;

async function updateUrl(): Promise<void> {
  clearTimeout(urlTimer);
  urlTimer = window.setTimeout(async () => {
    if (!state.run) return;
    let text: string | null = null;
    if (state.entry === null) {
      const src = editor.value;
      if (compressed?.text !== src) compressed = { text: src, data: await compressText(src) };
      text = compressed.data;
    }
    // A branch is not in the URL: a link reopens the scenario at the step the branch started from.
    const step = state.branch.length ? Math.min(Math.floor(state.u), state.branchBase) : Math.floor(state.u);
    const hash = writeHash({ scenario: state.entry, text, seed: state.run.seed, step });
    if (location.hash !== hash) history.replaceState(null, '', hash);
  }, 120);
}

async function openFromUrl(): Promise<void> {
  const ref = readHash(location.hash);
  if (ref.text) {
    try {
      const text = await decompressText(ref.text, LIMITS.maxTextChars);
      await loadText(text, 'shared.swarm', null, { seed: ref.seed, step: ref.step });
      return;
    } catch (e) {
      status(`This link's scenario could not be read: ${e instanceof Error ? e.message : String(e)}`, 'error');
    }
  }
  const name = ref.scenario && findScenario(ref.scenario) ? ref.scenario : findScenario(DEFAULT_SCENARIO) ? DEFAULT_SCENARIO : LIBRARY[0]?.name;
  if (ref.scenario && !findScenario(ref.scenario)) status(`No scenario named “${ref.scenario}” in this build; opened ${name ?? 'nothing'} instead.`, 'error');
  if (!name) {
    status('No scenario in the library: type one or open a .swarm file.');
    return;
  }
  const e = findScenario(name)!;
  await loadText(e.text, e.file, e.name, { seed: ref.seed, step: ref.step ?? 0 });
}

// ---------------------------------------------------------------------------
// Files: open and drag and drop
// ---------------------------------------------------------------------------

async function openFile(file: File): Promise<void> {
  if (file.size > LIMITS.maxTextChars * 2) {
    status(sizeProblem(file.size) ?? 'This file is too large.', 'error');
    return;
  }
  const text = await file.text();
  const tooBig = sizeProblem(text.length);
  if (tooBig) {
    status(tooBig, 'error');
    return;
  }
  if (text.includes('\u0000')) {
    status(`${file.name} is not a text file.`, 'error');
    return;
  }
  await loadText(text, file.name, null, { seed: null, step: 0 });
}

// ---------------------------------------------------------------------------
// Try it: a branch from the current step
// ---------------------------------------------------------------------------

async function tryLine(line: string): Promise<void> {
  const err = $('try-error');
  err.hidden = true;
  if (!state.run || !line.trim()) return;
  stop();
  const frame = Math.floor(state.u);
  // Inside a branch, a new line extends it; before it, a new branch starts here.
  const extending = state.branch.length > 0 && frame >= state.branchBase;
  const base = extending ? state.branchBase : frame;
  status('Running your command…', 'busy');
  const r = await client.exec(base, line);
  if (!r.ok) {
    err.hidden = false;
    err.textContent = r.error.kind === 'syntax' ? `Column ${r.error.column}: ${r.error.message}` : r.error.message;
    status('Your command was not run.', 'error');
    return;
  }
  if (!extending) {
    state.branch = [];
    state.branchBase = base;
  }
  state.branch = [...state.branch, r.value];
  hostNames = null;
  frameCache.clear();
  diffCache.clear();
  betweenCache.clear();
  $<HTMLButtonElement>('discard-branch').disabled = false;
  document.body.classList.add('branched');
  status(`Branch: ${state.branch.length} command${state.branch.length === 1 ? '' : 's'} after step ${state.branchBase}. Discard it to return to the scenario.`);
  renderTimeline();
  setPosition(state.branchBase + state.branch.length, { animate: true, settle: true, force: true });
  $<HTMLInputElement>('try-input').value = '';
}

async function discardBranch(): Promise<void> {
  if (!state.branch.length) return;
  const back = state.branchBase;
  state.branch = [];
  frameCache.clear();
  diffCache.clear();
  betweenCache.clear();
  hostNames = null;
  await client.discard();
  $<HTMLButtonElement>('discard-branch').disabled = true;
  document.body.classList.remove('branched');
  status('Branch discarded.');
  renderTimeline();
  setPosition(back, { animate: true, settle: true, force: true });
}

// ---------------------------------------------------------------------------
// Controls
// ---------------------------------------------------------------------------

function isTyping(t: EventTarget | null): boolean {
  if (!(t instanceof Element)) return false;
  return t.matches('input, textarea, select, [contenteditable="true"]');
}

function wire(): void {
  $<HTMLSelectElement>('scenario-picker').addEventListener('change', (e) => {
    const e2 = findScenario((e.target as HTMLSelectElement).value);
    if (e2) void loadText(e2.text, e2.file, e2.name, { seed: null, step: 0 });
  });
  $('run').addEventListener('click', () => void runEditor());
  $('open-file').addEventListener('click', () => $<HTMLInputElement>('file-input').click());
  $<HTMLInputElement>('file-input').addEventListener('change', (e) => {
    const f = (e.target as HTMLInputElement).files?.[0];
    if (f) void openFile(f);
    (e.target as HTMLInputElement).value = '';
  });

  const overlay = $('drop-overlay');
  let depth = 0;
  const hasFiles = (e: DragEvent): boolean => Array.from(e.dataTransfer?.types ?? []).includes('Files');
  document.addEventListener('dragenter', (e) => {
    if (!hasFiles(e)) return;
    depth++;
    overlay.hidden = false;
  });
  document.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (!depth) overlay.hidden = true;
  });
  document.addEventListener('dragover', (e) => {
    if (hasFiles(e)) e.preventDefault();
  });
  document.addEventListener('drop', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    depth = 0;
    overlay.hidden = true;
    const f = e.dataTransfer?.files[0];
    if (f) void openFile(f);
  });

  $<HTMLInputElement>('seed').addEventListener('change', () => {
    const seed = seedOverride();
    if (seed === null) {
      status('A seed is a whole number from 0 to 4294967295.', 'error');
      return;
    }
    void runEditor({ seed, step: Math.floor(state.u) });
  });
  $('reroll').addEventListener('click', () => {
    const seed = crypto.getRandomValues(new Uint32Array(1))[0];
    $<HTMLInputElement>('seed').value = String(seed);
    void runEditor({ seed, step: Math.floor(state.u) });
  });
  $('presenter').addEventListener('click', () => {
    const on = document.body.classList.toggle('presenter');
    $('presenter').setAttribute('aria-pressed', String(on));
    viewWidth = 0;
    renderTimeline();
    refresh();
  });

  $('play').addEventListener('click', () => (state.playing ? stop() : play()));
  $('step-back').addEventListener('click', () => stepBy(-1));
  $('step-forward').addEventListener('click', () => stepBy(1));
  $('to-start').addEventListener('click', () => jump('start'));
  $('to-end').addEventListener('click', () => jump('end'));
  $<HTMLSelectElement>('speed').addEventListener('change', (e) => (state.speed = Number((e.target as HTMLSelectElement).value) || 1));

  document.addEventListener('keydown', (e) => {
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || isTyping(e.target)) return;
    const onButton = e.target instanceof Element && e.target.matches('button, [role="button"], a, summary');
    switch (e.key) {
      case ' ':
        if (onButton) return;
        e.preventDefault();
        if (state.playing) stop();
        else play();
        break;
      case 'ArrowLeft':
        e.preventDefault();
        stepBy(-1);
        break;
      case 'ArrowRight':
        e.preventDefault();
        stepBy(1);
        break;
      case 'Home':
        e.preventDefault();
        jump('start');
        break;
      case 'End':
        e.preventDefault();
        jump('end');
        break;
      case 'Escape':
        if (state.selectedTask || state.selectedMachine) {
          state.selectedTask = null;
          state.selectedMachine = null;
          refresh();
        }
        break;
    }
  });

  $<HTMLFormElement>('try-form').addEventListener('submit', (e) => {
    e.preventDefault();
    void tryLine($<HTMLInputElement>('try-input').value);
  });
  $('discard-branch').addEventListener('click', () => void discardBranch());

  $('export-trace').addEventListener('click', () => {
    if (!state.run) return;
    const name = state.file.replace(/\.swarm$/, '');
    download(`${name}-seed${state.run.seed}-trace.json`, new Blob([traceJson(state.run, steps())], { type: 'application/json' }));
  });
  $('export-svg').addEventListener('click', () => {
    const name = state.file.replace(/\.swarm$/, '');
    const markup = cluster.withEverything(() => svgMarkup($<SVGSVGElement>('cluster')));
    download(`${name}-step${Math.floor(state.u)}.svg`, new Blob([markup], { type: 'image/svg+xml' }));
  });
  $('export-png').addEventListener('click', async () => {
    const name = state.file.replace(/\.swarm$/, '');
    try {
      const markup = cluster.withEverything(() => svgMarkup($<SVGSVGElement>('cluster')));
      download(`${name}-step${Math.floor(state.u)}.png`, await pngBlob(markup));
    } catch (err) {
      status(`PNG export failed: ${err instanceof Error ? err.message : String(err)}`, 'error');
    }
  });

  let resizeTimer = 0;
  new ResizeObserver((entries) => {
    viewWidth = Math.round(entries[0]?.contentRect.width ?? 0);
    clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(() => {
      if (!state.run) return;
      renderTimeline();
      refresh();
    }, 100);
  }).observe($('cluster-region'));

  window.addEventListener('hashchange', () => {
    const ref = readHash(location.hash);
    const current = writeHash({ scenario: state.entry, text: compressed?.data ?? null, seed: state.run?.seed ?? null, step: Math.floor(state.u) });
    if (location.hash !== current) void openFromUrl().catch((e) => status(String(e), 'error'));
    void ref;
  });
}

fillPicker();
renderLegend($('legend'));
wire();
void openFromUrl();

/** Hooks for the browser tests and the performance probe: read-only views of the state. */
declare global {
  interface Window {
    __swarmsim?: {
      state: () => { u: number; steps: number; busy: boolean; seed: number | null; branch: number };
      probe: (on: boolean) => { key: string; modelMs: number; renderMs: number }[];
    };
  }
}
window.__swarmsim = {
  state: () => ({ u: state.u, steps: steps().length, busy: state.busy, seed: state.run?.seed ?? null, branch: state.branch.length }),
  probe: (on) => {
    const out = probe ?? [];
    probe = on ? [] : null;
    return out;
  },
};
