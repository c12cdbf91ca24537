/**
 * The page machine (app/machine.ts) at work: the actor with the page's
 * effects (app/actors.ts), and what the page does when its state or context
 * changes: a new request fills the editor, a new run or branch becomes the
 * replay shown, a finished run lands where the request asked, and the status
 * line says what is happening. The machine is the one place the page's
 * state lives; this module only reacts to it.
 */
import { createActor } from 'xstate';
import type { RunError } from '../model/run.js';
import type { ScenarioEditor } from '../render/editor.js';
import type { SimClient } from '../worker/client.js';
import { pageMachine, type Playhead } from './actors.js';
import { Frames } from './frames.js';
import type { AppContext, AppState, RunRequest } from './machine.js';
import { $, status, type ViewState } from './view.js';

export type PageActor = ReturnType<typeof createPageActor>;

export function createPageActor(client: SimClient, playhead: Playhead, onRunStart: () => void) {
  return createActor(pageMachine(client, playhead, onRunStart));
}

export function stateOf(actor: PageActor): AppState {
  return actor.getSnapshot().value as AppState;
}

/** What the page does on a change of the machine, beyond drawing the position. */
export interface Reactions {
  /** A new replay: the view picks its layout (new run) and draws its timeline. */
  readonly replay: (newRun: boolean) => void;
  /** Draws position u, settled, whatever was drawn before. */
  readonly showAt: (u: number, animate: boolean) => void;
  /** The playing state ended: draw where it stopped, at rest. */
  readonly stopped: () => void;
  readonly playing: (on: boolean) => void;
  /** The landing selected a task or node: show its explanation. */
  readonly revealWhy: () => void;
  /** Forget the explanations of the replay before. */
  readonly forget: () => void;
  readonly syncPicker: () => void;
}

type Seen = { state: AppState | null; request: RunRequest | null; run: AppContext['run']; branch: AppContext['branch']; branchBase: number };

export function followMachine(actor: PageActor, view: ViewState, editor: ScenarioEditor, r: Reactions): void {
  let seen: Seen = { state: null, request: null, run: null, branch: [], branchBase: 0 };

  /** A new request: the editor shows its text, and the run lands where it asks. */
  const onRequest = (q: RunRequest): void => {
    view.entry = q.entry;
    view.file = q.file;
    view.seed = q.seed;
    view.notice = q.notice;
    if (editor.value !== q.text) editor.value = q.text;
    editor.setError(null, q.file);
    r.syncPicker();
    view.landing = { step: q.step, task: q.task, machine: q.machine };
  };

  const onReplay = (c: AppContext, before: Seen): void => {
    if (!c.run) return;
    const newRun = c.run !== before.run;
    view.frames = new Frames(c.run, c.branch, c.branchBase);
    r.forget();
    $<HTMLButtonElement>('discard-branch').disabled = c.branch.length === 0;
    document.body.classList.toggle('branched', c.branch.length > 0);
    if (newRun) $<HTMLInputElement>('seed').value = String(c.run.seed);
    r.replay(newRun);
    if (newRun) return;
    // The branch grew or went: show its end, or where it started from.
    const target = c.branch.length ? c.branchBase + c.branch.length : Math.min(view.u, before.branchBase);
    if (c.branch.length) $<HTMLInputElement>('try-input').value = '';
    r.showAt(target, true);
  };

  const land = (): void => {
    const l = view.landing!;
    view.landing = null;
    view.task = l.task;
    view.machine = l.task ? null : l.machine;
    const n = view.frames!.length;
    r.showAt(Math.min(l.step ?? Math.round(view.u), n), false);
    if (view.task || view.machine) r.revealWhy();
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
    if (before.state === 'playing' && state !== 'playing') r.stopped();
    r.playing(state === 'playing');
    showStatus(view, editor, state, c, before.state);
  });
}

function showStatus(view: ViewState, editor: ScenarioEditor, state: AppState, c: AppContext, was: AppState | null): void {
  const notice = view.notice ? `${view.notice} ` : '';
  const err = $('try-error');
  if (state === 'loading') status('Opening…', 'busy');
  else if (state === 'running') status(`Running ${view.file}…`, 'busy');
  else if (state === 'branching') status(c.request?.branch && !c.branch.length && was === 'running' ? 'Rebuilding the branch of this link…' : 'Running your command…', 'busy');
  else if (state === 'error' && c.error) {
    view.importSummary = null;
    reportRunError(view, editor, c.error);
  } else if (c.tryError && was === 'branching') {
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
          (view.importSummary ? ` · ${view.importSummary}` : ''),
        view.notice ? 'error' : 'info',
      );
      view.importSummary = null;
    }
  }
}

function reportRunError(view: ViewState, editor: ScenarioEditor, e: RunError): void {
  if (e.kind === 'syntax' && e.line) {
    editor.setError({ line: e.line, column: e.column ?? 1, message: e.message }, view.file);
    status(`${view.file} has an error: see the editor.`, 'error');
    return;
  }
  const prefix = e.kind === 'timeout' ? 'Stopped: ' : e.kind === 'limit' ? 'Too large: ' : 'The simulation failed: ';
  status(prefix + e.message, 'error');
}
