/**
 * The page's implementations of the machine's actors (app/machine.ts): the
 * link, the worker's runs and typed commands, and the animation loop.
 */
import { fromCallback, fromPromise } from 'xstate';
import type { SimClient } from '../worker/client.js';
import { openLink } from './link.js';
import { appMachine, type AppEvent, type ExecInput, type ExecOutput, type RunRequest } from './machine.js';

export interface Playhead {
  /** The position now, and the last position (the number of steps). */
  readonly at: () => { u: number; end: number } | null;
  /** Speed factor: 1 is one command per 1.6 s. */
  readonly speed: () => number;
  readonly moveTo: (u: number) => void;
}

export function pageMachine(client: SimClient, playhead: Playhead, onRunStart: () => void) {
  const ticker = fromCallback<AppEvent>(({ sendBack }) => {
    let last = performance.now();
    let raf = 0;
    const tick = (now: number): void => {
      const p = playhead.at();
      if (!p) return;
      const dt = Math.min(100, now - last);
      last = now;
      const u = Math.min(p.end, p.u + (dt / 1600) * playhead.speed());
      playhead.moveTo(u);
      if (u >= p.end) sendBack({ type: 'END' });
      else raf = requestAnimationFrame(tick);
    };
    raf = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(raf);
  });
  return appMachine.provide({
    actors: {
      openLink: fromPromise(() => openLink(location.hash)),
      simulate: fromPromise(async ({ input }: { input: RunRequest }) => {
        onRunStart();
        const r = await client.run(input.text, input.file, input.seed);
        if (!r.ok) throw r.error;
        return r.value;
      }),
      exec: fromPromise(async ({ input }: { input: ExecInput }): Promise<ExecOutput> => {
        const steps = [];
        for (const line of input.lines) {
          const r = await client.exec(input.base, line);
          if (!r.ok) throw r.error;
          steps.push(r.value);
        }
        return { base: input.base, steps, extending: input.extending };
      }),
      ticker,
    },
    actions: { discardInWorker: () => void client.discard() },
  });
}
