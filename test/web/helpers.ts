/**
 * What the browser test files share: one site and browser per file, pages
 * that record errors and CSP violations, and waits on conditions (never on
 * durations). Screenshots go to test-artifacts/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, buildSite, launch, serve } from './harness.js';

// window.__swarmsim is declared by web/main.ts, which sets it.
declare global {
  interface Window {
    __csp: string[];
  }
}

export interface Site {
  readonly url: string;
  readonly dir: string;
  readonly browser: Browser;
  /** Page errors of every page opened. */
  readonly errors: string[];
  newPage(width?: number, height?: number): Promise<Page>;
  close(): Promise<void>;
}

export async function openSite(): Promise<Site> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const dir = await buildSite();
  const server = await serve(dir);
  const browser = await launch();
  const errors: string[] = [];
  return {
    url: server.url,
    dir,
    browser,
    errors,
    async newPage(width = 1500, height = 950) {
      const p = await browser.newPage({ viewport: { width, height }, acceptDownloads: true });
      await p.addInitScript(() => {
        window.__csp = [];
        document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
      });
      p.on('pageerror', (e) => errors.push(e.message));
      // Chromium reports each CSP violation on the console too: none may pass unseen.
      p.on('console', (m) => {
        if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) errors.push(`CSP: ${m.text()}`);
      });
      return p;
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/** Waits until a run is loaded and nothing is under way. */
export async function ready(p: Page, timeout = 30_000): Promise<void> {
  await p.waitForFunction(
    () => {
      const s = window.__swarmsim?.state();
      return !!s && s.steps > 0 && !s.busy;
    },
    null,
    { timeout },
  );
}

export async function atStep(p: Page, step: number): Promise<void> {
  await p.waitForFunction((n) => document.getElementById('position-label')?.dataset.step === String(n), step);
}

/** Keys go to the timeline (a slider), as a keyboard user would have it focused. */
export const key = (p: Page, k: string): Promise<void> => p.locator('#timeline').press(k);

/** Screenshots wait for d3's transitions to end (a condition, not a delay). */
export async function shot(p: Page, name: string): Promise<Buffer> {
  await p.waitForFunction(() => ![...document.querySelectorAll('#cluster *')].some((e) => (e as unknown as { __transition?: object }).__transition));
  return p.screenshot({ path: join(ARTIFACTS, name), fullPage: false });
}

/** Chips still on screen (exiting ones fade out and are left out). */
export const chips = (p: Page, selector: string): Promise<number> => p.locator(`#cluster g.chip:not(.leaving)${selector}`).count();

export async function streamBytes(s: NodeJS.ReadableStream): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of s) parts.push(Buffer.isBuffer(c) ? c : Buffer.from(c as string));
  return Buffer.concat(parts);
}

export async function streamText(s: NodeJS.ReadableStream): Promise<string> {
  return (await streamBytes(s)).toString('utf8');
}

/** Width and height of a PNG, from its IHDR chunk. */
export function pngSize(b: Buffer): { width: number; height: number } {
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}
