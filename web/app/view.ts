/**
 * What the view shows, as opposed to what the page is doing (the page
 * machine, app/machine.ts, owns that): the position on the timeline, the
 * selection, the search and the view's options. They change with every frame
 * or click, so they are plain fields the page's modules share.
 */
import type { CardReason } from '../model/cluster.js';
import type { ViewMode } from '../render/cluster.js';
import type { Frames } from './frames.js';

export type ModePref = 'auto' | ViewMode;

export interface ViewState {
  frames: Frames | null;
  u: number;
  speed: number;
  task: string | null;
  machine: string | null;
  query: string;
  /** Machines a "show" in the diff panel points at: highlighted like search results. */
  shown: { text: string; machines: ReadonlySet<string> } | null;
  modePref: ModePref;
  mode: ViewMode;
  /** CSS pixels per card unit: 1, or what fits the stage in presenter mode. */
  scale: number;
  presenter: boolean;
  /** The library entry loaded and unedited, and the file name of the text in the editor. */
  entry: string | null;
  file: string;
  /** A seed the user chose (field, re-roll or link) over the scenario's own `seed:`. */
  seed: number | null;
  /** Where to land once a run (and a link's branch) is in: step and selection. */
  landing: { step: number | null; task: string | null; machine: string | null } | null;
  reasons: { key: string; map: ReadonlyMap<string, CardReason[]> } | null;
  runStarted: number;
  /** The last run's time from request to result, and when (since the page's navigation) the first one was shown: what the bench reads. */
  lastRunMs: number;
  firstShownAt: number | null;
  notice: string | null;
  /** Said once an imported scenario has run: whether it reproduces the swarm. */
  importSummary: string | null;
}

export function newView(): ViewState {
  return {
    frames: null,
    u: 0,
    speed: 1,
    task: null,
    machine: null,
    query: '',
    shown: null,
    modePref: 'auto',
    mode: 'cards',
    scale: 1,
    presenter: false,
    entry: null,
    file: 'scenario.swarm',
    seed: null,
    landing: null,
    reasons: null,
    runStarted: 0,
    lastRunMs: 0,
    firstShownAt: null,
    notice: null,
    importSummary: null,
  };
}

/** An element of index.html by id: its absence is a bug of the page, said at once. */
export const $ = <T extends HTMLElement | SVGElement = HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} missing from index.html`);
  return el as unknown as T;
};

export function reducedMotion(): boolean {
  return window.matchMedia('(prefers-reduced-motion: reduce)').matches;
}

export type StatusKind = 'info' | 'error' | 'busy';

/** The status line under the toolbar; an error is announced. */
export function status(text: string, kind: StatusKind = 'info'): void {
  const el = $('status');
  el.textContent = text;
  el.dataset.kind = kind;
  el.setAttribute('role', kind === 'error' ? 'alert' : 'status');
}
