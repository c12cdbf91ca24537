/** Hooks for the browser tests and the performance probe: read-only views of the state. */
import type { ViewMode } from '../render/cluster.js';
import type { AppState } from './machine.js';
import { stateOf, type PageActor } from './page.js';
import type { ProbeEntry, Stage } from './stage.js';
import type { ViewState } from './view.js';

declare global {
  interface Window {
    __swarmsim?: {
      state: () => { u: number; steps: number; busy: boolean; seed: number | null; branch: number; machine: AppState; mode: ViewMode; lastRunMs: number; firstShownAt: number | null };
      probe: (on: boolean) => ProbeEntry[];
    };
  }
}

export function exposeForTests(view: ViewState, actor: PageActor, stage: Stage): void {
  window.__swarmsim = {
    state: () => {
      const s = stateOf(actor);
      const c = actor.getSnapshot().context;
      return {
        u: view.u,
        steps: view.frames?.length ?? 0,
        busy: s === 'running' || s === 'loading' || s === 'branching',
        seed: c.run?.seed ?? null,
        branch: c.branch.length,
        machine: s,
        mode: view.mode,
        lastRunMs: view.lastRunMs,
        firstShownAt: view.firstShownAt,
      };
    },
    probe: (on) => {
      const out = stage.probe ?? [];
      stage.probe = on ? [] : null;
      return out;
    },
  };
}
