/**
 * The UI in a real browser: Debian's Chromium driven by playwright-core
 * against the built site, served from 127.0.0.1 under a sub-path. Waits are
 * on conditions, never on durations; screenshots go to test-artifacts/.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, CHROMIUM, chromiumMissing } from './harness.js';
import { atStep, chips, key, openSite, pngSize, ready, shot, streamBytes, streamText, type Site } from './helpers.js';
import { largeScenario } from './perfScenario.js';

if (chromiumMissing) {
  console.warn(`browser tests skipped: ${CHROMIUM} is absent (CI installs it with apt-get install chromium)`);
}

describe.skipIf(chromiumMissing)(`browser UI (needs ${CHROMIUM})`, () => {
  let site: Site;
  let page: Page;
  let dir = '';

  beforeAll(async () => {
    site = await openSite();
    dir = site.dir;
  });

  afterAll(async () => {
    await site?.close();
  });

  const newPage = (width?: number, height?: number): Promise<Page> => site.newPage(width, height);
  /** Forces the cards (the automatic choice takes the overview for large swarms). */
  const cardsView = (p: Page): Promise<string[]> => p.locator('#view-mode').selectOption('cards');

  it('opens the weave2 example; at the end node1 runs all 8 tasks and node2 none', async () => {
    page = await newPage();
    await page.goto(site.url);
    await ready(page);
    // The machine's state is on the page: loaded and idle.
    expect(await page.evaluate(() => document.body.dataset.state)).toBe('ready');
    await expect.poll(() => page.locator('#scenario-picker').inputValue()).toBe('weave2-network-plugin');
    await key(page, 'End');
    const last = await page.evaluate(() => window.__swarmsim!.state().steps);
    await atStep(page, last);
    expect(await chips(page, '[data-machine="node1"][data-state="running"]')).toBe(8);
    expect(await chips(page, '[data-machine="node2"]')).toBe(0);
    // Chips name their slot and carry the service colour; the state is their shape (and words for assistive technology).
    const labels = await page.locator('#cluster g.chip[data-machine="node1"] text.chip-label').allTextContents();
    expect(labels.sort()).toEqual(['myservice.1', 'myservice.2', 'myservice.3', 'myservice.4', 'myservice.5', 'myservice.6', 'myservice.7', 'myservice.8']);
    const colours = await page.locator('#cluster g.chip rect.chip-service').evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute('fill')))]);
    expect(colours).toHaveLength(1);
    expect(colours[0]).toMatch(/^#[0-9a-f]{6}$/);
    expect(await page.locator('#cluster g.chip[data-machine="node1"]').first().getAttribute('aria-label')).toMatch(/^Task myservice\.\d: running \(desired running\), on node1$/);
    // The empty node says why, and since when.
    await expect
      .poll(async () => (await page.locator('#cluster g.card[data-machine="node2"] g.reasons text').allTextContents()).join(' '))
      .toBe('No task here: myservice: Network plugin bboreham/weave2:latest not installed (has: none) (removed at step 11)');
    await expect.poll(() => page.locator('#cluster g.card[data-machine="node2"] g.plugin').count()).toBe(0);
    const badge = page.locator('#cluster g.card[data-machine="node1"] g.plugin[data-plugin="bboreham/weave2:latest"]');
    expect(await badge.count()).toBe(1);
    await shot(page, 'weave2-end.png');
    // Once the transitions are over, what is there is fully visible.
    expect(await badge.evaluate((e) => getComputedStyle(e).opacity)).toBe('1');
    expect(await page.locator('#cluster g.chip[data-machine="node1"]').first().evaluate((e) => getComputedStyle(e).opacity)).toBe('1');
    expect(await badge.locator('text.badge-state').textContent()).toBe('✓ enabled');
  });

  it('steps with the keyboard, and shows narration, output and what changed', async () => {
    await key(page, 'Home');
    await atStep(page, 0);
    for (let i = 0; i < 7; i++) await key(page, 'ArrowRight');
    await atStep(page, 7);
    expect(await page.locator('#start').isHidden()).toBe(true);
    // Step 7 created the service: 4 tasks on each node, both report the plugin.
    expect(await chips(page, '[data-machine="node1"][data-state="running"]')).toBe(4);
    expect(await chips(page, '[data-machine="node2"][data-state="running"]')).toBe(4);
    await expect.poll(() => page.locator('#narration').textContent()).toContain('8 replicas');
    expect(await page.locator('#terminal').textContent()).toContain('docker service create --network globalnet');
    expect(await page.locator('#diff').textContent()).toContain('placed on node1');
    expect(await page.locator('#cluster g.chip.changed').count()).toBeGreaterThan(0);
    await key(page, 'ArrowLeft');
    await atStep(page, 6);
    await shot(page, 'weave2-step6.png');
  });

  it('reopens a shared URL on the same step', async () => {
    await key(page, 'ArrowRight');
    await atStep(page, 7);
    await page.waitForFunction(() => location.hash.includes('step=7'));
    const url = page.url();
    expect(url).toContain('scenario=weave2-network-plugin');
    const other = await newPage();
    await other.goto(url);
    await ready(other);
    await atStep(other, 7);
    expect(await other.locator('#terminal').textContent()).toBe(await page.locator('#terminal').textContent());
    expect(await chips(other, '[data-state="running"]')).toBe(8);
    await shot(other, 'shared-url-step7.png');
    await other.close();
  });

  it('reopens edited text from the URL (deflated in the hash) on the same step', async () => {
    const text = (await page.locator('#source').inputValue()).replace('# node1 is the manager', '# Edited: node1 is the manager');
    await page.locator('#source').fill(text);
    await page.locator('#run').click();
    // The edited run has landed when the URL carries its text (the old run may still look ready before).
    await page.waitForFunction(() => location.hash.includes('text='));
    await ready(page);
    await key(page, 'Home');
    for (let i = 0; i < 4; i++) await key(page, 'ArrowRight');
    await atStep(page, 4);
    await page.waitForFunction(() => location.hash.includes('text=') && location.hash.includes('step=4'));
    const other = await newPage();
    await other.goto(page.url());
    await ready(other);
    await atStep(other, 4);
    expect(await other.locator('#source').inputValue()).toBe(text);
    await other.close();
  });

  it('explains a pending task in the volume plugin example: missing plugin', async () => {
    await page.locator('#scenario-picker').selectOption('volume-plugin-on-worker');
    await ready(page);
    await expect.poll(() => page.evaluate(() => location.hash)).toContain('volume-plugin-on-worker');
    await key(page, 'Home');
    // Step 3 creates the service; the plugin is installed at step 5.
    for (let i = 0; i < 3; i++) await key(page, 'ArrowRight');
    await atStep(page, 3);
    const pending = page.locator('#cluster g.chip[data-state="pending"]');
    expect(await pending.count()).toBe(1);
    await pending.click();
    await expect.poll(() => page.locator('#why').textContent()).toContain('missing plugin');
    // The explanation is computed off the main thread: the task's facts come first, then it.
    await expect.poll(() => page.locator('#why').textContent(), { timeout: 20_000 }).toContain('Volume plugin tiborvass/sample-volume-plugin');
    const why = (await page.locator('#why').textContent()) ?? '';
    expect(why).toContain('Smallest changes that would place it');
    expect(await page.locator('#why table.matrix tr[data-node="node2"] td.fail').count()).toBeGreaterThan(0);
    // The lane of unscheduled tasks shows SwarmKit's message too.
    expect(await page.locator('#cluster .lane-error').first().textContent()).toContain('no suitable node');
    await shot(page, 'volume-pending-why.png');

    // A node: what it reports, and why the pending task cannot go there.
    await page.locator('#cluster g.card[data-machine="node2"]').click();
    await expect.poll(() => page.locator('#why').textContent()).toContain('Plugins it reports to the manager');
    expect(await page.locator('#why').textContent()).toContain('Plugin: Volume plugin tiborvass/sample-volume-plugin');

    // After the plugin is installed and reported, the task runs on node2.
    await key(page, 'End');
    const last = await page.evaluate(() => window.__swarmsim!.state().steps);
    await atStep(page, last);
    expect(await chips(page, '[data-machine="node2"][data-state="running"]')).toBe(1);
  });

  it('shows a syntax error inline, at its line and column', async () => {
    const text = (await page.locator('#source').inputValue()).replace('node1$ docker swarm init', 'node1$ dokcer swarm init');
    const line = text.split('\n').findIndex((l) => l.startsWith('node1$ dokcer')) + 1;
    await page.locator('#source').fill(text);
    await expect.poll(() => page.locator('#editor-error').isVisible()).toBe(true);
    const msg = (await page.locator('#editor-error').textContent()) ?? '';
    expect(msg).toContain(`:${line}:8:`);
    expect(msg).toContain('expected "docker"');
    expect(await page.locator('#error-mark').isVisible()).toBe(true);
    expect(await page.locator('#source').getAttribute('aria-invalid')).toBe('true');
    // Going to the error brings its line, marked in the gutter, into view.
    await page.locator('#editor-error button').click();
    await expect.poll(() => page.locator('#gutter').textContent()).toContain(`⚠ ${line}`);
    await shot(page, 'syntax-error-inline.png');
    // Run refuses and says why.
    await page.locator('#run').click();
    await expect.poll(() => page.locator('#status').textContent()).toContain('has an error');
  });

  it('continues from the current step as a branch, and discards it', async () => {
    await page.locator('#scenario-picker').selectOption('weave2-network-plugin');
    await ready(page);
    for (let i = 0; i < 7; i++) await key(page, 'ArrowRight');
    await atStep(page, 7);
    await page.locator('#try-input').fill('node2$ docker plugin rm -f bboreham/weave2');
    await page.locator('#try-input').press('Enter');
    await page.waitForFunction(() => window.__swarmsim!.state().branch === 1);
    await atStep(page, 8);
    expect(await page.locator('#terminal').textContent()).toContain('Branch step');
    expect(await page.locator('#timeline .mark.branch').count()).toBe(1);
    await page.locator('#try-input').fill('sim$ stop node2');
    await page.locator('#try-input').press('Enter');
    await page.waitForFunction(() => window.__swarmsim!.state().branch === 2);
    await page.locator('#try-input').fill('node2$ docker frobnicate');
    await page.locator('#try-input').press('Enter');
    await page.waitForFunction(() => window.__swarmsim!.state().branch === 3);
    expect(await page.locator('#terminal').textContent()).toContain('exit status');
    await page.locator('#try-input').fill('node2$ "unterminated');
    await page.locator('#try-input').press('Enter');
    await expect.poll(() => page.locator('#try-error').isVisible()).toBe(true);
    await shot(page, 'branch.png');
    await page.locator('#discard-branch').click();
    await page.waitForFunction(() => window.__swarmsim!.state().branch === 0);
    await atStep(page, 7);
    expect(await page.locator('#timeline .mark.branch').count()).toBe(0);
  });

  it('selects nodes and tasks with the keyboard, with a visible focus', async () => {
    await page.locator('#cluster g.card[data-machine="node1"]').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#why h3').textContent()).toBe('Node node1');
    await page.locator('#cluster g.chip').first().focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#why h3').textContent()).toMatch(/^Task myservice\.\d$/);
    await shot(page, 'keyboard-focus.png');
    // Every control has a name.
    const unnamed = await page.evaluate(() =>
      [...document.querySelectorAll('button, input, select, textarea, [role="slider"]')]
        .filter((el) => !(el as HTMLElement).hidden && (el as HTMLInputElement).type !== 'file')
        .filter((el) => {
          const id = el.id;
          const label = id ? document.querySelector(`label[for="${id}"]`) : null;
          return !(el.getAttribute('aria-label') || el.textContent?.trim() || label || el.closest('label'));
        })
        .map((el) => el.outerHTML.slice(0, 80)),
    );
    expect(unnamed).toEqual([]);
  });

  it('re-rolls the seed and keeps the invariants', async () => {
    await page.locator('#reroll').click();
    await ready(page);
    const seed = await page.evaluate(() => window.__swarmsim!.state().seed);
    expect(seed).not.toBe(1);
    expect(await page.locator('#seed').inputValue()).toBe(String(seed));
    await key(page, 'End');
    const last = await page.evaluate(() => window.__swarmsim!.state().steps);
    await atStep(page, last);
    expect(await chips(page, '[data-machine="node1"][data-state="running"]')).toBe(8);
    await page.waitForFunction((s) => location.hash.includes(`seed=${s}`), seed);
  });

  it('exports the trace as JSON, and captioned slides as SVG and PNG: title, step, command, narration, legend', async () => {
    await key(page, 'Home');
    for (let i = 0; i < 7; i++) await key(page, 'ArrowRight');
    await atStep(page, 7);
    const [trace] = await Promise.all([page.waitForEvent('download'), page.locator('#export-trace').click()]);
    const json = JSON.parse(await streamText(await trace.createReadStream()));
    expect(json.format).toBe('swarmsim-trace/1');
    expect(json.steps.length).toBeGreaterThan(10);
    expect(json.steps.some((s: { events: unknown[] }) => s.events.length > 0)).toBe(true);
    const [svg] = await Promise.all([page.waitForEvent('download'), page.locator('#export-svg').click()]);
    expect(svg.suggestedFilename()).toBe('weave2-network-plugin-step7.svg');
    const svgText = await streamText(await svg.createReadStream());
    expect(svgText.startsWith('<svg')).toBe(true);
    // Read as text: parsing it in the page would put its styles under the page's CSP.
    const texts = (cls: string): string =>
      [...svgText.matchAll(new RegExp(`<text class="${cls}"[^>]*>([^<]*)</text>`, 'g'))]
        .map((m) => m[1].replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&'))
        .join(' ');
    const doc = {
      title: texts('cap-title'),
      step: texts('cap-step'),
      command: texts('cap-command'),
      narration: texts('cap-narration'),
      legend: texts('cap-legend'),
      hosts: texts('hostname'),
      chips: [...svgText.matchAll(/<g class="chip[^"]*"[^>]*data-task-id=/g)].length,
    };
    expect(doc.title).toBe('Network plugins in swarm services (weave2)');
    expect(doc.step).toBe('Step 7 of 15');
    expect(doc.command).toContain('node1$ docker service create --network globalnet --name myservice');
    // Narration without the upstream file names (they are for operators).
    expect(doc.narration.startsWith('A service of 8 replicas on globalnet.')).toBe(true);
    expect(doc.narration).not.toContain('filter.go');
    expect(doc.legend).toContain('running');
    expect(doc.legend).toContain('changed by this step');
    expect(doc.legend).toContain('myservice');
    expect(doc.hosts).toBe('node1 node2');
    expect(doc.chips).toBe(8);
    // Caught mid-step, the view would have cards half faded in: the export shows the end of it.
    // (Read from the text: this page's CSP keeps style attributes of parsed markup out.)
    const opacities = [...svgText.matchAll(/<g class="(?:card|chip)\b[^>]*?style="opacity: ([\d.]+);"/g)].map((m) => m[1]);
    expect(opacities).toHaveLength(10);
    expect(new Set(opacities)).toEqual(new Set(['1']));
    const [png] = await Promise.all([page.waitForEvent('download'), page.locator('#export-png').click()]);
    const pngBytes = await streamBytes(await png.createReadStream());
    expect([...pngBytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    // Twice the slide's size: the caption makes it taller than the view alone.
    const size = pngSize(pngBytes);
    const viewH = Number(await page.locator('#cluster').getAttribute('height'));
    expect(size.width).toBeGreaterThanOrEqual(2 * 760);
    expect(size.height).toBeGreaterThan(2 * (viewH + 100));
    writeFileSync(join(ARTIFACTS, 'export-step7.png'), pngBytes);
  });

  it('refuses a large or hostile file with a clear message', async () => {
    await page.locator('#file-input').setInputFiles({ name: 'huge.swarm', mimeType: 'text/plain', buffer: Buffer.alloc(700 * 1024, 'a') });
    await expect.poll(() => page.locator('#status').textContent()).toContain('the limit is 512 KiB');
    const many = '# many steps\n' + 'sim$ sleep 1s\n'.repeat(2_001);
    await page.locator('#file-input').setInputFiles({ name: 'many.swarm', mimeType: 'text/plain', buffer: Buffer.from(many) });
    await expect.poll(() => page.locator('#status').textContent()).toContain('the limit is 2,000');
    // Markup in a scenario is text, never HTML.
    const hostile = '---\ntitle: <img src=x onerror=alert(1)>\n---\n# <b>bold</b> <script>alert(2)</script>\nnode1$ docker swarm init\n';
    await page.locator('#file-input').setInputFiles({ name: '<i>x</i>.swarm', mimeType: 'text/plain', buffer: Buffer.from(hostile) });
    await ready(page);
    await key(page, 'ArrowRight');
    await expect.poll(() => page.locator('#narration').textContent()).toContain('<b>bold</b>');
    expect(await page.locator('#narration b, #narration script, img').count()).toBe(0);
    // Still responsive.
    await key(page, 'Home');
    await atStep(page, 0);
  });

  it('a 200-machine, 2,000-task run: draws what is in view, sums up a long lane, and keeps the drawing still while scrubbing', async () => {
    const p = await newPage(1600, 1000);
    await p.goto(site.url);
    await ready(p);
    await cardsView(p);
    await p.locator('#file-input').setInputFiles({ name: 'large.swarm', mimeType: 'text/plain', buffer: Buffer.from(largeScenario()) });
    await p.waitForFunction(() => window.__swarmsim!.state().steps > 300 && !window.__swarmsim!.state().busy, null, { timeout: 60_000 });
    const steps = await p.evaluate(() => window.__swarmsim!.state().steps);
    // A file's own `seed:` holds unless the user picks another.
    expect(await p.evaluate(() => window.__swarmsim!.state().seed)).toBe(7);
    await key(p, 'End');
    await atStep(p, steps);
    // Only what is near the visible part of the view is in the DOM; the model has it all.
    expect(Number(await p.locator('#cluster').getAttribute('data-machines'))).toBe(200);
    expect(await p.locator('#cluster g.card').count()).toBeLessThan(200);
    await shot(p, 'large-end.png');

    // Just after the 500-task service on the plugin network is created, all its tasks wait for a node.
    const box = (await p.locator('#timeline').boundingBox())!;
    const xOf = (u: number): number => box.x + 56 + u * ((box.width - 56 - 16) / steps);
    const y = box.y + 30;
    const height = async (): Promise<number> => Number(await p.locator('#cluster').getAttribute('height'));
    const drawn = (): Promise<void> => p.waitForFunction(() => !document.getElementById('cluster')!.hasAttribute('data-drawing')).then(() => undefined);
    const netStep = await p.evaluate(() => [...document.querySelectorAll('#timeline g.mark title')].findIndex((t) => t.textContent!.includes('--name net')) + 1);
    expect(netStep).toBeGreaterThan(0);
    // The tasks wait 50 ms of the step's 18 s (until the scheduler's first pass): scrub into that.
    await p.mouse.move(xOf(netStep - 1 + 0.0008), y);
    await p.mouse.down();
    await p.waitForFunction(() => document.querySelector('#cluster g.lane-group text.lane-more')?.textContent?.startsWith('+'));
    await drawn();
    // The lane shows three rows of the waiting tasks and counts the rest.
    const lane = await p.evaluate(() => {
      const label = document.querySelector('#cluster g.lane-group text.service-label')!.textContent!;
      const more = Number(document.querySelector('#cluster g.lane-group text.lane-more')!.textContent!.match(/\+(\d+) more/)![1]);
      const chips = [...document.querySelectorAll('#cluster g.chip[data-machine=""]:not(.leaving)')];
      const rows = new Set(chips.map((c) => c.getAttribute('transform')!.split(',')[1])).size;
      return { label, more, chips: chips.length, rows };
    });
    expect(lane.label).toBe('net (500)');
    expect(lane.rows).toBe(3);
    expect(lane.chips + lane.more).toBe(Number(lane.label.match(/\((\d+)\)/)![1]));
    await shot(p, 'large-lane.png');
    const tall = await height();

    // Still holding the pointer, back to before any service: the drawing keeps its
    // height (a new height relays out every text); letting go gives it its own.
    await p.mouse.move(xOf(netStep - 8), y);
    await p.waitForFunction(() => document.querySelectorAll('#cluster g.chip:not(.leaving)').length === 0);
    expect(await height()).toBe(tall);
    await p.mouse.up();
    await p.waitForFunction((h) => Number(document.getElementById('cluster')!.getAttribute('height')) < h, tall);
    expect(site.errors).toEqual([]);
    await p.close();
  });

  it('draws a state where hundreds of chips appear over a few frames, at most 120 entering per frame', async () => {
    const token = 'SWMTKN-1-49nj1cmql0jkz5s954yi3oex3nedyz0fb0xx14ie39trti4wxv-8vxv8rssmk743ojnwacrr2e7c';
    const text = [
      '---',
      'title: Three hundred at once',
      'seed: 3',
      '---',
      'sim$ machine m1 --cpus 64 --memory 256GiB',
      'm1$ docker swarm init --advertise-addr 192.168.99.100',
      `m2$ docker swarm join --token ${token} 192.168.99.100:2377`,
      `m3$ docker swarm join --token ${token} 192.168.99.100:2377`,
      'm1$ docker service create --name many --replicas 300 busybox top',
      '',
    ].join('\n');
    const p = await newPage(1600, 1000);
    await p.goto(site.url);
    await ready(p);
    await cardsView(p);
    await p.locator('#file-input').setInputFiles({ name: 'many.swarm', mimeType: 'text/plain', buffer: Buffer.from(text) });
    await p.waitForFunction(() => window.__swarmsim!.state().steps === 5 && !window.__swarmsim!.state().busy);
    await p.evaluate(() => {
      const w = window as unknown as { __counts: [number, boolean][] };
      w.__counts = [];
      const loop = (): void => {
        w.__counts.push([document.querySelectorAll('#cluster g.chip:not(.leaving)').length, document.getElementById('cluster')!.hasAttribute('data-drawing')]);
        if (w.__counts.length < 2000) requestAnimationFrame(loop);
      };
      requestAnimationFrame(loop);
    });
    await key(p, 'End');
    await atStep(p, 5);
    await p.waitForFunction(() => document.querySelectorAll('#cluster g.chip').length > 120 && !document.getElementById('cluster')!.hasAttribute('data-drawing'));
    const counts = await p.evaluate(() => (window as unknown as { __counts: [number, boolean][] }).__counts);
    expect(counts.some(([, drawing]) => drawing)).toBe(true);
    for (let i = 1; i < counts.length; i++) expect(counts[i][0] - counts[i - 1][0]).toBeLessThanOrEqual(120);
    const drawn = await p.locator('#cluster g.chip').count();
    expect(drawn).toBeGreaterThan(120);
    // Everything near the view is drawn in the end: the first card holds a hundred chips.
    expect(await p.locator('#cluster g.chip[data-machine="m1"]').count()).toBe(100);
    expect(site.errors).toEqual([]);
    await p.close();
  });

  it('opens a file dropped on the page', async () => {
    const text = '---\ntitle: Dropped\n---\n# One machine.\ndropped1$ docker swarm init\n';
    await page.evaluate((t) => {
      const dt = new DataTransfer();
      dt.items.add(new File([t], 'dropped.swarm', { type: 'text/plain' }));
      document.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dt, bubbles: true }));
      document.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, text);
    await page.waitForFunction(() => window.__swarmsim!.state().steps === 1 && !window.__swarmsim!.state().busy);
    expect(await page.locator('#source').inputValue()).toBe(text);
    expect(await page.locator('#drop-overlay').isHidden()).toBe(true);
  });

  it('imports a swarm bundle dropped on the page: the worker makes the scenario, which runs and says whether it reproduces the swarm', async () => {
    const bundle = readFileSync(join(import.meta.dirname, '../import/fixtures/shop.json'), 'utf8');
    await page.evaluate((t) => {
      const dt = new DataTransfer();
      dt.items.add(new File([t], 'shop.json', { type: 'application/json' }));
      document.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, bundle);
    await page.waitForFunction(() => (document.getElementById('status')?.textContent ?? '').includes('Imported'));
    const source = await page.locator('#source').inputValue();
    expect(source).toMatch(/^---\ntitle: "Imported swarm: 4 nodes, 4 services"\n/);
    expect(source).not.toContain('hunter2');
    expect(await page.locator('#status').textContent()).toMatch(/Imported: the simulation reproduces the swarm's placement \(4 services, seed \d+\)\. \d+ notes in the scenario's comments\.$/);
    await key(page, 'End');
    await expect.poll(() => chips(page, '[data-machine="wrk1"][data-state="running"]')).toBe(4);
    // Not a bundle: said so, and the scenario shown stays.
    await page.evaluate(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(['{"version": 2}'], 'other.json', { type: 'application/json' }));
      document.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    await page.waitForFunction(() => (document.getElementById('status')?.textContent ?? '').includes('not a swarmsim bundle'));
    expect(await page.locator('#status').textContent()).toBe('other.json is not a swarmsim bundle: version: expected 1, got 2');
    expect(await page.locator('#source').inputValue()).toBe(source);
    expect(site.errors).toEqual([]);
  });

  it('plays and pauses', async () => {
    await page.locator('#scenario-picker').selectOption('weave2-network-plugin');
    await ready(page);
    await page.locator('#play').click();
    expect(await page.locator('#play').getAttribute('aria-pressed')).toBe('true');
    expect(await page.evaluate(() => document.body.dataset.state)).toBe('playing');
    // The Pause sign is drawn (an SVG icon: the text glyph is an empty box in Debian's fonts).
    expect(await page.locator('#play').textContent()).toBe(' Pause');
    const bars = await page.locator('#play svg.icon-pause path').boundingBox();
    expect(bars!.width).toBeGreaterThan(6);
    await page.waitForFunction(() => window.__swarmsim!.state().u >= 1.5);
    await page.locator('#play').click();
    expect(await page.locator('#play').getAttribute('aria-pressed')).toBe('false');
    expect(await page.locator('#play svg.icon-play').count()).toBe(1);
    expect(await page.evaluate(() => document.body.dataset.state)).toBe('ready');
    const u = await page.evaluate(() => window.__swarmsim!.state().u);
    expect(await page.evaluate(() => window.__swarmsim!.state().u)).toBe(u);
    // Space toggles it too, from the timeline.
    await key(page, ' ');
    expect(await page.locator('#play').getAttribute('aria-pressed')).toBe('true');
    await key(page, ' ');
    expect(await page.locator('#play').getAttribute('aria-pressed')).toBe('false');
  });

  it('works from a file share (file:// URL): the build emits classic scripts', async () => {
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    // Chromium refuses module scripts from file:// URLs (vite.config.ts classicScripts).
    expect(html).not.toContain('type="module"');
    const p = await newPage();
    await p.goto(`file://${join(dir, 'index.html')}`);
    await ready(p);
    await p.close();
  });

  it('keeps to the Content Security Policy, with no page errors', async () => {
    const violations = await page.evaluate(() => window.__csp);
    expect(violations).toEqual([]);
    expect(site.errors).toEqual([]);
  });
});
