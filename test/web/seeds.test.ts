/**
 * The "Compare seeds" panel in Chromium: the scenario run again with another
 * seed, and the placements that differ after the step shown, read from the
 * page; "Run with seed N" makes it the run shown.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, chromiumMissing } from './harness.js';
import { atStep, key, openSite, ready, shot, type Site } from './helpers.js';

describe.skipIf(chromiumMissing)(`compare seeds (needs ${CHROMIUM})`, () => {
  let site: Site;
  beforeAll(async () => {
    site = await openSite();
  });
  afterAll(async () => {
    await site?.close();
  });

  it('lists the replicas another seed places elsewhere, step by step, and runs that seed on request', async () => {
    const p = await site.newPage(1440, 900);
    await p.goto(`${site.url}#scenario=weave2-network-plugin&step=7`);
    await ready(p);
    await atStep(p, 7);
    await p.locator('#seeds-other').fill('2');
    await p.locator('#seeds-compare').click();
    await p.waitForSelector('#seeds .seeds-table');
    expect(await p.locator('#seeds .seeds-summary').textContent()).toBe('Over the run, seed 2 places tasks elsewhere after 3 of 15 steps, first after step 7 (line 83).');
    expect(await p.locator('#seeds caption').textContent()).toBe('After step 7: 8 placements differ');
    const rows = await p.locator('#seeds .seeds-table tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
    expect(rows[0]).toEqual(['task', 'seed 1', 'seed 2']);
    expect(rows[1]).toEqual(['myservice.1', 'node1', 'node2']);
    expect(rows).toHaveLength(9);
    await shot(p, 'seeds-compare-1440.png');
    for (const [w, hgt, name] of [[1024, 768, '1024'], [390, 844, 'phone']] as const) {
      await p.setViewportSize({ width: w, height: hgt });
      await p.locator('#seeds-compare').click();
      // The answer is on screen once it comes: the panel scrolled into view.
      await p.waitForFunction(() => {
        const t = document.querySelector('#seeds .seeds-table');
        const r = t?.getBoundingClientRect();
        return !!r && r.top >= 0 && r.top < innerHeight && !window.__swarmsim!.state().busy;
      });
      await shot(p, `seeds-compare-${name}.png`);
    }
    await p.setViewportSize({ width: 1440, height: 900 });
    // Scrubbing on: after the plugin is removed every task is on node1 under either seed.
    await key(p, 'End');
    await atStep(p, 15);
    await p.waitForSelector('#seeds .seeds-same');
    expect(await p.locator('#seeds .seeds-same').textContent()).toBe('After step 15: the same placements under both seeds.');
    await p.locator('#seeds-use').click();
    await p.waitForFunction(() => window.__swarmsim!.state().seed === 2 && !window.__swarmsim!.state().busy);
    expect(await p.locator('#seed').inputValue()).toBe('2');
    // The comparison was of the old run: it is gone.
    await p.waitForFunction(() => document.querySelector('#seeds .hint') !== null);
    await p.close();
  }, 120_000);
});
