/**
 * The Why panel says what `swarmsim explain` says: for a placed task the
 * recorded decision (its sentence, matrix and ranking), for a node why each
 * service is or is not there, with the step that caused it and a fix that
 * fills the Try box with a runnable line.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, chromiumMissing } from './harness.js';
import { atStep, key, openSite, ready, type Site } from './helpers.js';

describe.skipIf(chromiumMissing)(`the Why panel's decisions (needs ${CHROMIUM})`, () => {
  let site: Site;
  let page: Page;

  beforeAll(async () => {
    site = await openSite();
    page = await site.newPage();
    await page.goto(site.url);
    await ready(page);
    await key(page, 'End');
    const last = await page.evaluate(() => window.__swarmsim!.state().steps);
    await atStep(page, last);
  }, 120_000);

  afterAll(async () => {
    await site?.close();
  });

  const why = (): Promise<string> => page.locator('#why').textContent().then((t) => t ?? '');

  it('the empty node2: the missing plugin, the step that removed it, and a runnable fix', async () => {
    await page.locator('#cluster g.card[data-machine="node2"]').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#why h3').textContent()).toBe('Node node2');
    await expect
      .poll(() => page.locator('#why .why-services li[data-service="myservice"]').first().textContent())
      .toContain(
        'myservice cannot run here: Network plugin bboreham/weave2:latest not installed (has: none) (removed at step 11: node2$ docker plugin rm -f bboreham/weave2).',
      );
    await page.locator('#why .why-services button.try-fix').first().click();
    expect(await page.locator('#try-input').inputValue()).toBe('node2$ docker plugin install --grant-all-permissions bboreham/weave2:latest');
  });

  it('a task on node1: the recorded decision, its ranking, and no "none" message', async () => {
    await page.locator('#cluster g.chip[data-machine="node1"]').first().focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#why h3').textContent()).toMatch(/^Task myservice\.\d$/);
    await expect
      .poll(() => page.locator('#why .why-because').textContent())
      .toBe('Why node1: node1 was the only node that passed every filter (node2: Network plugin bboreham/weave2:latest not installed (has: none)).');
    expect(await why()).not.toContain('none: at least one node passes every filter');
    expect(await why()).toContain('Recorded when it was placed');
    expect(await page.locator('#why table.ranking tbody tr').count()).toBe(1);
    expect(await page.locator('#why table.ranking tr.chosen th').textContent()).toBe('node1');
    expect(await page.locator('#why table.matrix:not(.ranking) tr[data-node="node2"] td.fail[data-filter="Plugin"]').count()).toBe(1);
    expect(site.errors).toEqual([]);
  });
});
