/**
 * Workload 5 of `npm run bench`: the browser replay of a 200-machine,
 * 2,000-task scenario in Debian's headless Chromium. Loads it, then scrubs the
 * timeline across the commands where the tasks appear, move and go, one
 * pointer move per animation frame, and reports what each frame cost:
 * the main thread's work for the move (building the state's model and
 * drawing it) and the interval between frames.
 *
 *   node --import tsx test/bench/ui.ts [--view auto|cards|overview] [--profile FILE] [--trace FILE]
 *
 * (npm run bench runs it.) --profile writes a V8 CPU profile of the scrub
 * (an unminified build, so names survive); --trace a Chromium trace for
 * chrome://tracing or the DevTools performance panel (style, layout, paint).
 */
import { writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { CHROMIUM, buildSite, chromiumMissing, cleanup, launch, serve } from '../web/harness.js';
import { largeScenario } from '../web/perfScenario.js';

export interface UiFigures {
  browser: string;
  machines: number;
  tasks: number;
  steps: number;
  loadMs: number;
  /** Frames measured while scrubbing. */
  frames: number;
  /** Pointer moves that reached a new state (each one drawn). */
  renders: number;
  /** Main-thread time per drawn state: model built plus drawing, ms. */
  renderMs: { median: number; p95: number; max: number };
  /** Main-thread work per frame of the scrub (scripts, style, layout, paint), ms. */
  frameMs: { median: number; p95: number; max: number };
  /** Intervals between the frames of the scrub, ms (16.7 at 60 Hz when none is dropped). */
  intervalMs: { median: number; p95: number; max: number };
}

interface Hooks {
  __swarmsim: {
    state: () => { steps: number; busy: boolean };
    probe: (on: boolean) => { key: string; modelMs: number; renderMs: number }[];
  };
}

const pct = (xs: number[], f: number): number => {
  const v = [...xs].sort((a, b) => a - b);
  return Math.round((v[Math.min(v.length - 1, Math.floor(f * v.length))] ?? 0) * 10) / 10;
};
const summary = (xs: number[]): { median: number; p95: number; max: number } => ({ median: pct(xs, 0.5), p95: pct(xs, 0.95), max: pct(xs, 1) });

/** Drags across the last `span` commands, `moves` pointer moves, one per frame. */
async function scrub(p: Page, steps: number, span: number, moves: number): Promise<{ frames: number[]; work: number[]; renders: number[] }> {
  const box = (await p.locator('#timeline').boundingBox())!;
  const segW = (box.width - 56 - 16) / steps;
  const xOf = (u: number): number => box.x + 56 + u * segW;
  const y = box.y + 30;
  // Each frame's main-thread work: from the first animation-frame callback (this
  // loop's, registered before any of the app's) to a message posted there, which
  // is delivered once the frame's scripts, style, layout and paint are done.
  // (A string, not a function: tsx would wrap a named inner function in a
  // helper the page lacks.)
  await p.evaluate(`(() => {
    window.__frames = [];
    window.__work = [];
    window.__last = performance.now();
    window.__stop = false;
    const ch = new MessageChannel();
    ch.port1.onmessage = (e) => window.__work.push(performance.now() - e.data);
    const loop = (t) => {
      window.__frames.push(t - window.__last);
      window.__last = t;
      ch.port2.postMessage(performance.now());
      if (!window.__stop) requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
  })()`);
  await p.evaluate(() => (window as unknown as Hooks).__swarmsim.probe(true));
  await p.mouse.move(xOf(steps - span), y);
  await p.mouse.down();
  for (let i = 0; i <= moves; i++) {
    await p.mouse.move(xOf(steps - span + (span * i) / moves), y);
    await p.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
  }
  await p.mouse.up();
  const { frames, work } = await p.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __work: number[]; __stop: boolean };
    w.__stop = true;
    return { frames: w.__frames.slice(1), work: w.__work.slice(1) };
  });
  const probe = await p.evaluate(() => (window as unknown as Hooks).__swarmsim.probe(false));
  return { frames, work, renders: probe.map((r) => r.modelMs + r.renderMs) };
}

/** `view`: the cluster view's mode, as the View picker sets it (auto takes the overview for this swarm). */
export async function measureUi(opts: { profile?: string; trace?: string; rounds?: number; view?: 'auto' | 'cards' | 'overview' } = {}): Promise<UiFigures | null> {
  if (chromiumMissing) {
    console.log(`ui: skipped, ${CHROMIUM} is absent`);
    return null;
  }
  const dir = await buildSite({ minify: !opts.profile });
  const site = await serve(dir);
  const browser = await launch();
  try {
    const p = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await p.goto(site.url);
    await p.waitForFunction(() => {
      const s = (window as unknown as Partial<Hooks>).__swarmsim?.state();
      return !!s && s.steps > 0 && !s.busy;
    });
    await p.locator('#view-mode').selectOption(opts.view ?? 'auto');
    const text = largeScenario();
    const t0 = Date.now();
    await p.locator('#file-input').setInputFiles({ name: 'large.swarm', mimeType: 'text/plain', buffer: Buffer.from(text) });
    await p.waitForFunction(() => (window as unknown as Hooks).__swarmsim.state().steps > 300 && !(window as unknown as Hooks).__swarmsim.state().busy, null, {
      timeout: 120_000,
    });
    const loadMs = Date.now() - t0;
    const steps = await p.evaluate(() => (window as unknown as Hooks).__swarmsim.state().steps);
    await p.locator('#timeline').press('End');
    const cdp = opts.profile ? await p.context().newCDPSession(p) : null;
    // A first scrub warms the JIT and the caches a user's first pass would fill.
    await scrub(p, steps, 10, 60);
    if (opts.trace) await browser.startTracing(p, { path: opts.trace, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    }
    const frames: number[] = [];
    const work: number[] = [];
    const renders: number[] = [];
    for (let r = 0; r < (opts.rounds ?? 3); r++) {
      const s = await scrub(p, steps, 10, 120);
      frames.push(...s.frames);
      work.push(...s.work);
      renders.push(...s.renders);
    }
    if (opts.trace) await browser.stopTracing();
    if (cdp) {
      const { profile } = await cdp.send('Profiler.stop');
      writeFileSync(opts.profile!, JSON.stringify(profile));
    }
    return {
      browser: `Chromium ${browser.version()} headless`,
      machines: Number(await p.locator('#cluster').getAttribute('data-machines')),
      tasks: Number(await p.locator('#cluster').getAttribute('data-tasks')),
      steps,
      loadMs,
      frames: work.length,
      renders: renders.length,
      renderMs: summary(renders),
      frameMs: summary(work),
      intervalMs: summary(frames),
    };
  } finally {
    await browser.close();
    await site.close();
    cleanup(dir);
  }
}

export interface FirstRun {
  scenario: string;
  /** The run's own figure (the status bar's "simulated in"): from the run request to its result, ms. */
  runMs: number;
  /** From the page's navigation to the first run shown: page and worker start included, ms. */
  shownMs: number;
}

/**
 * Each bundled scenario opened by its link (#scenario=NAME) in a page of its
 * own, as a visitor's first look: a fresh browser context, so no code or
 * cache of an earlier page helps. The fastest of `tries` per scenario.
 */
export async function measureFirstRuns(scenarios: readonly string[], tries = 3): Promise<FirstRun[] | null> {
  if (chromiumMissing) {
    console.log(`ui: skipped, ${CHROMIUM} is absent`);
    return null;
  }
  const dir = await buildSite({ minify: true });
  const site = await serve(dir);
  const browser = await launch();
  const out: FirstRun[] = [];
  try {
    for (const name of scenarios) {
      let best: FirstRun | null = null;
      for (let i = 0; i < tries; i++) {
        const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
        const p = await context.newPage();
        await p.goto(`${site.url}#scenario=${encodeURIComponent(name)}`);
        await p.waitForFunction(() => (window as unknown as { __swarmsim?: { state: () => { firstShownAt: number | null } } }).__swarmsim?.state().firstShownAt != null, null, {
          timeout: 120_000,
        });
        const s = await p.evaluate(() => (window as unknown as { __swarmsim: { state: () => { firstShownAt: number; lastRunMs: number } } }).__swarmsim.state());
        const run = { scenario: name, runMs: Math.round(s.lastRunMs), shownMs: Math.round(s.firstShownAt) };
        if (!best || run.shownMs < best.shownMs) best = run;
        await context.close();
      }
      out.push(best!);
    }
    return out;
  } finally {
    await browser.close();
    await site.close();
    cleanup(dir);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string): string | undefined => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const figures = await measureUi({ profile: arg('--profile'), trace: arg('--trace'), view: arg('--view') as 'auto' | 'cards' | 'overview' | undefined });
  console.log(JSON.stringify(figures, null, 2));
}
