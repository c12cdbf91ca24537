/**
 * Screenshots of the UI's views at a laptop, a small laptop or projector,
 * and a phone (and the slides on a full-HD projector), for looking at
 * before calling a UI change done:
 *
 *   node --import tsx test/web/screens.ts [OUTDIR]     (default test-artifacts/screens)
 *
 * Views: the weave2 lesson at its first screen, mid-way and at its end; the
 * 200-node and 1,000-node scenarios; presenter mode; and a captioned PNG
 * export of a step at each size.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS, buildSite, launch, serve } from './harness.js';

const SIZES: [string, number, number][] = [
  ['1440', 1440, 900],
  ['1024', 1024, 768],
  ['phone', 390, 844],
  ['1920', 1920, 1080],
];
/** A projector's full-HD size is for slides only. */
const only: Record<string, (view: string) => boolean> = { '1920': (v) => v.startsWith('presenter') };
const VIEWS: [string, string][] = [
  ['weave2-start', '#scenario=weave2-network-plugin&step=0'],
  ['weave2-step7', '#scenario=weave2-network-plugin&step=7'],
  ['weave2-step11', '#scenario=weave2-network-plugin&step=11'],
  ['weave2-end', '#scenario=weave2-network-plugin&step=15'],
  ['swarm200', '#scenario=plugin-network-200-machines&step=10'],
  ['fleet1000', '#scenario=node-fleet-1000-machines&step=7'],
  ['presenter-start', '#scenario=weave2-network-plugin&step=0&present=1'],
  ['presenter-step12', '#scenario=weave2-network-plugin&step=12&present=1'],
  ['presenter-swarm200', '#scenario=plugin-network-200-machines&step=8&present=1'],
];

const out = process.argv[2] ?? join(ARTIFACTS, 'screens');
mkdirSync(out, { recursive: true });
const site = await serve(await buildSite());
const browser = await launch();
try {
  for (const [size, width, height] of SIZES) {
    for (const [name, hash] of VIEWS) {
      if (only[size] && !only[size](name)) continue;
      const p = await browser.newPage({ viewport: { width, height }, acceptDownloads: true });
      await p.goto(`${site.url}${hash}`);
      await p.waitForFunction(() => {
        const s = window.__swarmsim?.state();
        return !!s && s.steps > 0 && !s.busy && !document.getElementById('cluster')!.hasAttribute('data-drawing');
      }, null, { timeout: 60_000 });
      // Transitions and the reasons of empty nodes (a worker request) have landed.
      await p.waitForFunction(() => ![...document.querySelectorAll('#cluster *')].some((e) => (e as unknown as { __transition?: object }).__transition));
      await p.waitForTimeout(300);
      await p.screenshot({ path: join(out, `${name}-${size}.png`) });
      if (name === 'weave2-step11') {
        const [png] = await Promise.all([p.waitForEvent('download'), p.locator('#export-png').click()]);
        await png.saveAs(join(out, `export-${name}-${size}.png`));
      }
      await p.close();
    }
  }
} finally {
  await browser.close();
  await site.close();
}
writeFileSync(join(out, 'README.txt'), `Screenshots of ${VIEWS.length} views at ${SIZES.map((s) => s[0]).join(', ')}.\n`);
console.log(`screenshots in ${out}`);
