/**
 * The UI for a class and for a big swarm, in Debian's Chromium: the first
 * screen, cards that teach, the overview of 200 and 1,000 nodes, presenter
 * slides, captioned and animated exports, links that carry a branch and a
 * selection, a phone, the page without the simulator, and the page's states.
 * Each test clicks or types, then reads what is drawn.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseScenario } from '../../sim/scenario/parse.js';
import { runScenario } from '../../sim/scenario/run.js';
import { CHROMIUM, ROOT, chromiumMissing } from './harness.js';
import { atStep, chips, key, openSite, ready, shot, streamBytes, streamText, type Site } from './helpers.js';

const TOKEN = 'SWMTKN-1-49nj1cmql0jkz5s954yi3oex3nedyz0fb0xx14ie39trti4wxv-8vxv8rssmk743ojnwacrr2e7c';

describe.skipIf(chromiumMissing)(`the UI for a class and a big swarm (needs ${CHROMIUM})`, () => {
  let site: Site;

  beforeAll(async () => {
    site = await openSite();
  });

  afterAll(async () => {
    await site?.close();
  });

  const open = async (hash: string, width = 1440, height = 900): Promise<Page> => {
    const p = await site.newPage(width, height);
    await p.goto(`${site.url}${hash}`);
    await ready(p);
    return p;
  };

  /** Everything of an element inside the window. */
  const inWindow = async (p: Page, selector: string): Promise<boolean> => {
    const vp = p.viewportSize()!;
    const boxes = await p.locator(selector).evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect));
    return boxes.length > 0 && boxes.every((b) => b.left >= 0 && b.top >= 0 && b.right <= vp.width + 0.5 && b.bottom <= vp.height + 0.5);
  };

  it('invites the first step on the first screen, and says so when a link names an unknown scenario', async () => {
    const p = await open('#scenario=weave2-network-plugin');
    const start = p.locator('#start');
    expect(await start.isVisible()).toBe(true);
    expect(await start.locator('.start-title').textContent()).toBe('Network plugins in swarm services (weave2)');
    expect(await start.textContent()).toContain('15 commands. Press → (or Next)');
    // The scenario's `short:` leads, a sentence to read aloud.
    expect(await start.locator('.start-lead').textContent()).toBe('A network plugin on both nodes, then on one: where do the 8 tasks of a service go?');
    await start.locator('#start-next').click();
    await atStep(p, 1);
    expect(await start.isHidden()).toBe(true);
    expect(await p.locator('#cluster g.card[data-machine="node1"]').count()).toBe(1);
    await p.close();

    const q = await open('#scenario=no-such-lesson&step=4');
    expect(await q.locator('#status').textContent()).toContain('No scenario named “no-such-lesson” in this build: opened weave2-network-plugin instead.');
    expect(await q.locator('#status').getAttribute('data-kind')).toBe('error');
    // The rest of that link is not applied to another scenario.
    await atStep(q, 0);
    await q.close();
  });

  it('the Find and Try it boxes show their whole example text at 1440x900 and 1024x768', async () => {
    for (const [w, h] of [
      [1440, 900],
      [1024, 768],
    ]) {
      const p = await open('#scenario=weave2-network-plugin&step=3', w, h);
      const room = await p.evaluate(() =>
        ['search', 'try-input'].map((id) => {
          const input = document.getElementById(id) as HTMLInputElement;
          const cs = getComputedStyle(input);
          const ctx = document.createElement('canvas').getContext('2d')!;
          ctx.font = `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
          const inner = input.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
          return { id, text: ctx.measureText(input.placeholder).width, inner };
        }),
      );
      for (const r of room) expect(r.text, `${r.id} at ${w}`).toBeLessThanOrEqual(r.inner);
      await p.close();
    }
  });

  it('cards teach: node and engine labels, role, availability, resources, slot names, and why an empty node is empty', async () => {
    const text = [
      '---',
      'title: Labels',
      '---',
      'sim$ machine fast --engine-label storage=ssd --cpus 4 --memory 8GiB',
      'fast$ docker swarm init',
      `slow$ docker swarm join --token ${TOKEN} 192.168.99.100:2377`,
      'fast$ docker node update --label-add rack=r2 --label-add zone=west slow',
      'fast$ docker service create --name db --replicas 2 --reserve-cpu 1 --constraint engine.labels.storage==ssd postgres',
      '',
    ].join('\n');
    const p = await open('');
    await p.locator('#file-input').setInputFiles({ name: 'labels.swarm', mimeType: 'text/plain', buffer: Buffer.from(text) });
    await p.waitForFunction(() => window.__swarmsim!.state().steps === 5 && !window.__swarmsim!.state().busy);
    await key(p, 'End');
    await atStep(p, 5);
    const card = (m: string) => p.locator(`#cluster g.card[data-machine="${m}"]`);
    expect(await card('fast').locator('text.card-labels').allTextContents()).toEqual(['engine labels: storage=ssd']);
    expect(await card('slow').locator('text.card-labels').allTextContents()).toEqual(['node labels: rack=r2, zone=west']);
    expect(await card('fast').locator('text.role').textContent()).toBe('manager ★ leader');
    expect(await card('slow').locator('text.facts').textContent()).toBe('▶ active · ✓ ready · 192.168.99.101');
    expect(await card('fast').locator('g.resource text').allTextContents()).toEqual(['CPU 2 / 4 reserved', 'Mem 0 GiB / 8 GiB reserved']);
    expect((await card('fast').locator('g.chip, text.service-label').allTextContents()).join()).toContain('db (2)');
    expect(await chips(p, '[data-machine="fast"]')).toBe(2);
    expect((await p.locator('#cluster g.chip[data-machine="fast"] text.chip-label').allTextContents()).sort()).toEqual(['db.1', 'db.2']);
    // A chip carries its service's colour: the legend's swatch for db.
    const chipFill = await p.locator('#cluster g.chip[data-service="db"]').first().evaluate((g) => getComputedStyle(g.children[1]).fill);
    const swatch = await p.locator('#legend .legend-services li', { hasText: 'db' }).locator('.swatch').evaluate((e) => getComputedStyle(e).backgroundColor);
    expect(chipFill).toMatch(/^rgb/);
    expect(chipFill).toBe(swatch);
    // The empty worker says which rule keeps db away.
    await expect
      .poll(async () => (await card('slow').locator('g.reasons text').allTextContents()).join(' '))
      .toMatch(/^No task here: db: .*storage==ssd/);
    expect(await card('slow').getAttribute('aria-label')).toMatch(/no task of db: .*storage==ssd/);
    await shot(p, 'cards-labels.png');
    await p.close();
  });

  it('a removed plugin leaves a struck-through ghost for the step that removed it, and only that step', async () => {
    const p = await open('#scenario=weave2-network-plugin&step=10');
    const node2 = p.locator('#cluster g.card[data-machine="node2"]');
    expect(await node2.locator('g.plugin[data-plugin="bboreham/weave2:latest"]').count()).toBe(1);
    expect(await node2.locator('g.ghost').count()).toBe(0);
    await key(p, 'ArrowRight');
    await atStep(p, 11);
    const ghost = node2.locator('g.ghost[data-plugin="bboreham/weave2:latest"]');
    await expect.poll(() => ghost.count()).toBe(1);
    expect(await ghost.locator('text.badge-state').textContent()).toBe('− removed');
    expect(await ghost.locator('text.badge-name').textContent()).toBe('bboreham/weave2:latest');
    const strike = (await ghost.locator('line.strike').boundingBox())!;
    const name = (await ghost.locator('text.badge-name').boundingBox())!;
    expect(strike.width).toBeGreaterThan(name.width * 0.8);
    await expect.poll(() => node2.locator('g.plugin:not(.leaving)').count()).toBe(0);
    expect(await p.locator('#diff').textContent()).toContain('plugin bboreham/weave2:latest removed from node2');
    await shot(p, 'weave2-ghost.png');
    await key(p, 'ArrowRight');
    await atStep(p, 12);
    await expect.poll(() => node2.locator('g.ghost').count()).toBe(0);
    await p.close();
  });

  it('the 200-node scenario: every machine on one screen at 1440x900, search, summed-up changes, show, zoom, select', async () => {
    const p = await open('#scenario=plugin-network-200-machines&step=10');
    expect(await p.evaluate(() => window.__swarmsim!.state().mode)).toBe('overview');
    const cells = p.locator('#cluster g.ocell');
    expect(await cells.count()).toBe(200);
    expect(await inWindow(p, '#cluster g.ocell rect.ocell-bg')).toBe(true);
    expect(await p.locator('#cluster-region').evaluate((e) => e.scrollHeight <= e.clientHeight + 1)).toBe(true);
    // Task marks by service colour: the plugin network's tasks only where the plugin is.
    expect(Number(await p.locator('#cluster g.ocell[data-machine="m150"]').getAttribute('data-tasks'))).toBeGreaterThan(0);
    expect(await p.locator('#cluster g.ocell[data-machine="m150"] path.omark').count()).toBe(1);
    expect(await p.locator('#cluster g.ocell[data-machine="m020"] path.omark').count()).toBe(2);
    expect(await p.locator('#legend .legend-services').textContent()).toBe('webnet');
    // One line for a change on 100 nodes, with its per-machine detail.
    const removed = p.locator('#diff li[data-kind="task-removed"]');
    expect(await removed.count()).toBe(1);
    expect(await removed.textContent()).toMatch(/^−\s100 tasks of net removed from \d+ nodes/);
    await removed.locator('summary').click();
    expect(await removed.locator('details li').count()).toBe(Number(await removed.getAttribute('data-machines')));
    await removed.locator('button.diff-show').click();
    expect(await p.locator('#search-count').textContent()).toMatch(/^Showing: 100 tasks of net removed/);
    expect(await p.locator('#cluster g.ocell.match').count()).toBe(Number(await removed.getAttribute('data-machines')));
    expect(await p.locator('#cluster g.ocell.dim').count()).toBeGreaterThan(90);
    await shot(p, 'overview-200-show.png');
    // Search: a node by name, then the nodes of a plugin.
    await p.locator('#search').fill('m050');
    await expect.poll(() => p.locator('#search-count').textContent()).toBe('1 node');
    expect(await p.locator('#cluster g.ocell.match').evaluateAll((e) => e.map((x) => x.getAttribute('data-machine')))).toEqual(['m050']);
    await p.locator('#search').fill('weave2');
    await expect.poll(() => p.locator('#search-count').textContent()).toBe('99 nodes');
    // A service: the nodes that hold its tasks (a mark of its colour), not each task.
    await p.locator('#search').fill('net');
    await expect.poll(() => p.locator('#search-count').textContent()).toMatch(/^\d+ nodes$/);
    const withNet = await p.locator('#cluster g.ocell').evaluateAll((els) => els.filter((e) => e.querySelectorAll('path.omark').length === 2).map((e) => e.getAttribute('data-machine')!));
    const matched = await p.locator('#cluster g.ocell.match').evaluateAll((els) => els.map((e) => e.getAttribute('data-machine')!));
    expect(withNet.length).toBeGreaterThan(90);
    expect(matched).toEqual(expect.arrayContaining(withNet));
    expect(matched.every((m) => Number(m.slice(1)) <= 100)).toBe(true);
    await p.locator('#search').fill('');
    await expect.poll(() => p.locator('#cluster g.ocell.dim').count()).toBe(0);
    // The step's changes are outlined.
    await key(p, 'ArrowLeft');
    await key(p, 'ArrowLeft');
    await atStep(p, 8);
    expect(await p.locator('#cluster g.ocell.changed[data-machine="m050"]').count()).toBe(1);
    expect(await p.locator('#diff').textContent()).toContain('m050: availability active → drain');
    // Zoom in, and back to everything.
    await p.locator('#zoom-in').click();
    await p.locator('#zoom-in').click();
    await expect.poll(async () => Number(await p.locator('#cluster').getAttribute('data-zoom'))).toBeGreaterThan(2.5);
    const region = (await p.locator('#cluster-region').boundingBox())!;
    const outside = await p.locator('#cluster g.ocell rect.ocell-bg').evaluateAll(
      (els, r) => els.filter((e) => { const b = e.getBoundingClientRect(); return b.right < r.x || b.left > r.x + r.width || b.bottom < r.y || b.top > r.y + r.height; }).length,
      region,
    );
    expect(outside).toBeGreaterThan(100);
    await p.locator('#zoom-fit').click();
    await expect.poll(async () => Number(await p.locator('#cluster').getAttribute('data-zoom'))).toBe(1);
    // A cell selects its node; a mark in it, the task.
    await p.locator('#cluster g.ocell[data-machine="m123"] rect.ocell-bg').click({ position: { x: 2, y: 2 } });
    await expect.poll(() => p.locator('#why h3').textContent()).toBe('Node m123');
    const mark = await p.evaluate(() => {
      const cell = document.querySelector('#cluster g.ocell[data-machine="m124"] path.omark')!;
      const d = cell.getAttribute('d')!;
      const [x, y] = d.slice(1).split(/[h,]/).map(Number);
      const m = (cell as SVGGraphicsElement).getScreenCTM()!;
      return { x: m.a * (x + 1) + m.e, y: m.d * (y + 1) + m.f };
    });
    await p.mouse.click(mark.x, mark.y);
    await expect.poll(() => p.locator('#why h3').textContent()).toMatch(/^Task (web|net)\.\d+$/);
    expect(await p.locator('#why').textContent()).toContain('on m124');
    expect(await p.locator('#cluster rect.oring').count()).toBe(1);
    await shot(p, 'overview-200.png');
    expect(site.errors).toEqual([]);
    await p.close();
  });

  /** Whether any element matching `selector` shows inside the cluster region. */
  const inRegion = (p: Page, selector: string): Promise<boolean> =>
    p.evaluate((sel) => {
      const r = document.getElementById('cluster-region')!.getBoundingClientRect();
      return [...document.querySelectorAll(sel)].some((e) => {
        const b = e.getBoundingClientRect();
        return b.width > 0 && b.right > r.left && b.left < r.right && b.bottom > r.top && b.top < r.bottom;
      });
    }, selector);

  it('a step brings what it changed into view: the cards scroll to it, the zoomed overview pans to it', async () => {
    const p = await open('#scenario=plugin-network-200-machines&step=7');
    await p.locator('#view-mode').selectOption('cards');
    await expect.poll(() => p.evaluate(() => window.__swarmsim!.state().mode)).toBe('cards');
    // Scrolled to the last cards, far from m050 (drained by step 8).
    await p.locator('#cluster-region').evaluate((e) => (e.scrollTop = e.scrollHeight));
    await expect.poll(() => inRegion(p, '#cluster g.card[data-machine="m195"] rect.card-bg')).toBe(true);
    expect(await inRegion(p, '#cluster g.card[data-machine="m050"] rect.card-bg')).toBe(false);
    await key(p, 'ArrowRight');
    await atStep(p, 8);
    // A smooth scroll over some 17,000 px: it may take more than the poll's default second.
    await expect.poll(() => inRegion(p, '#cluster g.card.flash rect.card-bg'), { timeout: 8_000 }).toBe(true);
    await expect.poll(() => inRegion(p, '#cluster g.card.changed rect.card-bg'), { timeout: 8_000 }).toBe(true);

    await p.locator('#view-mode').selectOption('auto');
    await expect.poll(() => p.evaluate(() => window.__swarmsim!.state().mode)).toBe('overview');
    for (let i = 0; i < 4; i++) await p.locator('#zoom-in').click();
    await expect.poll(async () => Number(await p.locator('#cluster').getAttribute('data-zoom'))).toBeGreaterThan(6);
    // Pan to the bottom-left corner (m181, the last row): none of step 8's nodes is in view there.
    const r = (await p.locator('#cluster').boundingBox())!;
    for (let i = 0; i < 2; i++) {
      await p.mouse.move(r.x + 20, r.y + r.height - 20);
      await p.mouse.down();
      await p.mouse.move(r.x + r.width - 20, r.y + 20, { steps: 8 });
      await p.mouse.up();
    }
    await expect.poll(() => inRegion(p, '#cluster g.ocell[data-machine="m181"] rect.ocell-bg')).toBe(true);
    expect(await inRegion(p, '#cluster g.ocell.changed rect.ocell-bg')).toBe(false);
    await key(p, 'ArrowLeft');
    await atStep(p, 7);
    await key(p, 'ArrowRight');
    await atStep(p, 8);
    await expect.poll(() => inRegion(p, '#cluster g.ocell.changed rect.ocell-bg'), { timeout: 5_000 }).toBe(true);
    await expect.poll(() => inRegion(p, '#cluster g.ocell.flash rect.ocell-bg'), { timeout: 5_000 }).toBe(true);
    await shot(p, 'overview-200-reveal.png');
    await p.close();
  });

  /** The name of an api slot whose task was on HOST at step 7 of the 1,000-machine scenario. */
  const slotOn = (host: string): string => {
    const file = 'scenarios/node-fleet-1000-machines.swarm';
    const run = runScenario(parseScenario(readFileSync(file, 'utf8'), file), { untilStep: 7 });
    const snap = run.steps.at(-1)!.snapshot;
    const node = snap.nodes.find((n) => n.hostname === host)!;
    const api = snap.services.find((sv) => sv.spec.name === 'api')!;
    const t = snap.tasks.find((x) => x.serviceId === api.id && x.nodeId === node.id)!;
    return `api.${t.slot}`;
  };

  it('1,000 nodes: the overview holds them all; Enter in the search selects a task by name', async () => {
    const p = await open('#scenario=node-fleet-1000-machines&step=7');
    expect(await p.locator('#cluster g.ocell').count()).toBe(1000);
    expect(await p.locator('#cluster g.ocell.status-down[data-machine="m0007"]').count()).toBe(1);
    expect(await p.locator('#diff li').allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/^\+\s5 tasks of api placed on 5 nodes/)]));
    const name = await p.evaluate(() => document.querySelector('#cluster g.ocell[data-machine="m0300"]')!.getAttribute('aria-label'));
    expect(name).toMatch(/^Node m0300 · worker · active, ready · 6 tasks · agent 1, api 5 · plugins: loki:latest$/);
    // A slot that had its task on m0007, the node stopped at this step.
    const slot = slotOn('m0007');
    await p.locator('#search').fill(slot);
    await p.locator('#search').press('Enter');
    await expect.poll(() => p.locator('#why h3').textContent()).toBe(`Task ${slot}`);
    // Two tasks have that slot name (m0007's, shut down, and its replacement): the one that should run is chosen.
    expect(await p.locator('#search-count').textContent()).toBe('2 nodes, 2 tasks');
    expect(await p.locator('#why .why-facts').textContent()).toMatch(/^running \(desired running\), on m\d{4}/);
    expect(await p.locator('#why .why-facts').textContent()).not.toContain('m0007');
    await shot(p, 'overview-1000.png');
    await p.close();
  });

  it('presenter mode is a slide deck: one screen at 1024x768 and 1920x1080, paged with the arrow keys', async () => {
    for (const [w, h] of [
      [1024, 768],
      [1920, 1080],
    ]) {
      const p = await open('#scenario=weave2-network-plugin&present=1', w, h);
      expect(await p.evaluate(() => document.body.classList.contains('presenter'))).toBe(true);
      // The first slide: the title and the way in.
      expect(await p.locator('#start').isVisible()).toBe(true);
      expect(await p.locator('#slide-title').textContent()).toBe('Network plugins in swarm services (weave2)');
      expect(await inWindow(p, '#start')).toBe(true);
      await shot(p, `presenter-start-${w}.png`);
      for (let i = 0; i < 7; i++) await p.keyboard.press(i % 2 ? 'ArrowRight' : 'PageDown');
      await atStep(p, 7);
      expect(await p.locator('#slide-step').textContent()).toBe('Step 7 of 15');
      expect(await p.locator('#slide-command').textContent()).toBe('node1$ docker service create --network globalnet --name myservice --replicas=8 mrjana/simpleweb simpleweb');
      expect(await p.locator('#slide-text').textContent()).toBe('8 replicas on that network: 4 on each node, both have the plugin.');
      // Both nodes, the point of the lesson, are on the screen, larger than in the normal view.
      await shot(p, `presenter-${w}.png`);
      expect(await inWindow(p, '#cluster g.card rect.card-bg')).toBe(true);
      expect(await inWindow(p, '#slide, .timeline-bar')).toBe(true);
      expect(await p.evaluate(() => document.documentElement.scrollHeight <= innerHeight)).toBe(true);
      const cardW = (await p.locator('#cluster g.card[data-machine="node2"] rect.card-bg').boundingBox())!.width;
      expect(cardW).toBeGreaterThan(310 * 1.2);
      // Upstream sources are there for operators, folded.
      const detail = p.locator('#operators');
      expect(await detail.getAttribute('open')).toBeNull();
      expect(await detail.locator('#slide-detail').textContent()).toContain('swarmkit manager/scheduler/filter.go');
      expect(await p.locator('#slide-text').textContent()).not.toContain('.go');
      for (let i = 0; i < 5; i++) await p.keyboard.press('ArrowRight');
      await atStep(p, 12);
      expect(await p.locator('#slide-text').textContent()).toBe('Scale back to 8: all 8 go to node1, the only node with the plugin.');
      await p.keyboard.press('PageUp');
      await atStep(p, 11);
      await p.keyboard.press('Escape');
      expect(await p.evaluate(() => document.body.classList.contains('presenter'))).toBe(false);
      await p.close();
    }
  });

  it('presents the whole weave2 lesson with the arrow keys alone: every slide fits the screen, in readable type', async () => {
    const file = 'scenarios/weave2-network-plugin.swarm';
    const commands = parseScenario(readFileSync(file, 'utf8'), file).steps.map((st) => st.source.split('\n')[0]);
    const titleSize: number[] = [];
    for (const [w, h] of [
      [1024, 768],
      [1920, 1080],
    ]) {
      const p = await open('#scenario=weave2-network-plugin&present=1', w, h);
      expect(await p.locator('#start-next').isVisible()).toBe(true);
      expect(await inWindow(p, '#start')).toBe(true);
      // The first slide's type grows with the screen: readable from the back of a room at full HD.
      // (Read in one go: a relayout may draw the first slide anew between finding the title and reading it.)
      titleSize.push(await p.evaluate(() => parseFloat(getComputedStyle(document.querySelector('#start .start-title')!).fontSize)));
      for (let step = 1; step <= commands.length; step++) {
        await p.keyboard.press('ArrowRight');
        await atStep(p, step);
        expect(await p.locator('#slide-step').textContent()).toBe(`Step ${step} of ${commands.length}`);
        expect(await p.locator('#slide-command').textContent()).toBe(commands[step - 1]);
        expect((await p.locator('#slide-text').textContent())!.length).toBeGreaterThan(10);
        if (step >= 2) expect(await inWindow(p, '#cluster g.card rect.card-bg')).toBe(true);
        expect(await inWindow(p, '#slide, .timeline-bar, .transport')).toBe(true);
        expect(await p.evaluate(() => document.documentElement.scrollHeight <= innerHeight && document.documentElement.scrollWidth <= innerWidth)).toBe(true);
      }
      await p.keyboard.press('ArrowRight');
      await atStep(p, commands.length);
      // The timeline's lane names do not run into each other, and the play icon grows with its words.
      const lanes = await p.locator('#timeline text.lane-name').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect));
      expect(lanes).toHaveLength(4);
      for (let i = 1; i < lanes.length; i++) expect(lanes[i].top).toBeGreaterThanOrEqual(lanes[i - 1].bottom - 1);
      // Taller lanes with larger names where the screen has the height for them.
      expect(await p.locator('#timeline text.lane-name').first().evaluate((e) => parseFloat(getComputedStyle(e).fontSize))).toBeGreaterThanOrEqual(h >= 1000 ? 14 : 11);
      const play = await p.locator('#play').evaluate((b) => ({ icon: b.querySelector('svg')!.getBoundingClientRect().height, font: parseFloat(getComputedStyle(b).fontSize) }));
      expect(play.icon).toBeGreaterThanOrEqual(play.font * 0.9);
      await shot(p, `presenter-end-${w}.png`);
      // The slide shown, exported with its caption.
      const [svg] = await Promise.all([p.waitForEvent('download'), p.locator('#export-svg').click()]);
      const svgText = await streamText(await svg.createReadStream());
      expect(svgText).toMatch(/<text class="cap-step"[^>]*>Step 15 of 15<\/text>/);
      expect(svgText).toContain('>node1$ docker service ps myservice</text>');
      await p.close();
    }
    expect(titleSize[0]).toBeGreaterThanOrEqual(30);
    expect(titleSize[1]).toBeGreaterThan(titleSize[0] * 1.25);
  });

  it('records a range of steps as a captioned WebM video', async () => {
    const p = await open('#scenario=weave2-network-plugin&step=10');
    await p.locator('#export-video').click();
    const dialog = p.locator('#video-dialog');
    expect(await dialog.isVisible()).toBe(true);
    expect(await p.locator('#video-from').inputValue()).toBe('10');
    await p.locator('#video-from').fill('11');
    await p.locator('#video-to').fill('12');
    const [video] = await Promise.all([p.waitForEvent('download', { timeout: 60_000 }), p.locator('#video-record').click()]);
    expect(video.suggestedFilename()).toBe('weave2-network-plugin-steps11-12.webm');
    const bytes = await streamBytes(await video.createReadStream());
    // EBML: a WebM file, of some frames.
    expect([...bytes.subarray(0, 4)]).toEqual([0x1a, 0x45, 0xdf, 0xa3]);
    expect(bytes.length).toBeGreaterThan(5_000);
    await expect.poll(() => p.locator('#video-status').textContent()).toMatch(/^Saved weave2-network-plugin-steps11-12\.webm \(\d+ KiB\)\.$/);
    await p.locator('#video-close').click();
    expect(await dialog.isVisible()).toBe(false);
    await p.close();
  });

  it('shares a branch and the selected task in the link', async () => {
    const p = await open('#scenario=weave2-network-plugin&step=7');
    await p.locator('#try-input').fill('node2$ docker plugin rm -f bboreham/weave2');
    await p.locator('#try-input').press('Enter');
    await p.waitForFunction(() => window.__swarmsim!.state().branch === 1 && !window.__swarmsim!.state().busy);
    await p.locator('#try-input').fill('node1$ docker service scale myservice=10');
    await p.locator('#try-input').press('Enter');
    await p.waitForFunction(() => window.__swarmsim!.state().branch === 2 && !window.__swarmsim!.state().busy);
    await atStep(p, 9);
    await p.locator('#cluster g.chip[data-label="myservice.10"]').click();
    await expect.poll(() => p.locator('#why h3').textContent()).toBe('Task myservice.10');
    await p.waitForFunction(() => /branch=7\.[\w-]+/.test(location.hash) && location.hash.includes('task=') && location.hash.includes('step=9'));
    const url = p.url();
    const q = await site.newPage();
    await q.goto(url);
    await ready(q);
    await q.waitForFunction(() => window.__swarmsim!.state().branch === 2);
    await atStep(q, 9);
    expect(await q.locator('#timeline .mark.branch').count()).toBe(2);
    await expect.poll(() => q.locator('#why h3').textContent()).toBe('Task myservice.10');
    expect(await q.locator('#cluster g.chip.selected').getAttribute('data-label')).toBe('myservice.10');
    // node2 lost the plugin in the branch: both new tasks are on node1.
    expect(await chips(q, '[data-machine="node1"][data-state="running"]')).toBe(6);
    await p.close();
    await q.close();
  });

  it('on a phone, the cluster takes most of the screen and every panel is reachable', async () => {
    const p = await open('#scenario=weave2-network-plugin&step=15', 390, 844);
    const region = (await p.locator('#cluster-region').boundingBox())!;
    expect(region.height).toBeGreaterThan(844 * 0.5);
    expect(region.width).toBeGreaterThan(380);
    expect(await inWindow(p, '#cluster g.card[data-machine="node1"] rect.card-bg')).toBe(true);
    expect(await inWindow(p, '.transport')).toBe(true);
    const nav = p.locator('.panel-nav');
    expect(await nav.isVisible()).toBe(true);
    // A network's line wraps on a phone instead of running off the screen.
    const nets = await p.locator('#cluster text.network').evaluateAll((els) => els.map((e) => ({ right: e.getBoundingClientRect().right, text: e.textContent! })));
    expect(nets).toHaveLength(2);
    for (const n of nets) expect(n.right).toBeLessThanOrEqual(390);
    expect(nets.find((n) => n.text.includes('globalnet'))!.text).toMatch(/swarm can attach: node1$/);
    // The whole transport and timeline show above the panel bar, not under it.
    const navTop = (await nav.boundingBox())!.y;
    const timeline = (await p.locator('#timeline').boundingBox())!;
    expect(timeline.y + timeline.height).toBeLessThanOrEqual(navTop + 0.5);
    await shot(p, 'phone-weave2.png');
    for (const [link, target] of [
      ['Why?', '#why-title'],
      ['Terminal', '#terminal-title'],
      ['Scenario', '#editor-title'],
    ]) {
      await nav.getByText(link, { exact: true }).click();
      await expect.poll(() => inWindow(p, target)).toBe(true);
    }
    await p.locator('#cluster-region').scrollIntoViewIfNeeded();
    await p.locator('#cluster g.card[data-machine="node2"]').click();
    await nav.getByText('Why?', { exact: true }).click();
    await expect.poll(() => p.locator('#why h3').textContent()).toBe('Node node2');
    await shot(p, 'phone-why.png');
    await p.close();

    // The overview of 200 nodes: its network lines wrap too.
    const q = await open('#scenario=plugin-network-200-machines&step=10', 390, 844);
    expect(await q.evaluate(() => window.__swarmsim!.state().mode)).toBe('overview');
    const lines = await q.locator('#cluster text.network').evaluateAll((els) => els.map((e) => ({ right: e.getBoundingClientRect().right, text: e.textContent! })));
    expect(lines.length).toBeGreaterThan(2);
    for (const l of lines) expect(l.right).toBeLessThanOrEqual(390);
    expect(lines.map((l) => l.text)).toContain('can attach: 100 of 200 nodes (m001 … m100)');
    await q.close();
  });

  it('one copy of the simulator: the page bundle has none, and without Worker the page loads the worker’s script', async () => {
    const assets = join(site.dir, 'assets');
    const files = readdirSync(assets);
    const page = files.find((f) => /^index-.*\.js$/.test(f))!;
    const worker = files.find((f) => /^sim\.worker-.*\.js$/.test(f))!;
    const pageJs = readFileSync(join(assets, page), 'utf8');
    const workerJs = readFileSync(join(assets, worker), 'utf8');
    // A parser message and a scheduler message: in the worker, never in the page.
    for (const engineText of ['a directive "sim$ ..." or a comment', 'not available for new tasks']) {
      expect(workerJs).toContain(engineText);
      expect(pageJs).not.toContain(engineText);
    }
    expect(statSync(join(assets, page)).size).toBeLessThan(450_000);
    // The README gives both sizes; they stay within 10% of this build's.
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const [row, file] of [
      ['page script', page],
      ['worker script', worker],
    ]) {
      const said = readme.match(new RegExp(`^\\| ${row} .*\\| (\\d+) kB \\(\\d+ kB\\) \\|$`, 'm'));
      expect(said, `README's size of the ${row}`).not.toBeNull();
      expect(Math.abs(Number(said![1]) * 1000 - statSync(join(assets, file)).size) / statSync(join(assets, file)).size).toBeLessThan(0.1);
    }

    const p = await site.newPage();
    await p.addInitScript(() => Object.defineProperty(window, 'Worker', { value: undefined }));
    await p.goto(`${site.url}#scenario=weave2-network-plugin&step=15`);
    await ready(p);
    await atStep(p, 15);
    expect(await chips(p, '[data-machine="node1"][data-state="running"]')).toBe(8);
    expect(await p.evaluate(() => [...document.scripts].some((s) => /sim\.worker-.*\.js$/.test(s.src)))).toBe(true);
    await p.close();
  });

  it('shows the page’s states: running, then error for a broken edit (the last good run stays), then ready', async () => {
    const p = await open('#scenario=weave2-network-plugin&step=7');
    const text = await p.locator('#source').inputValue();
    await p.locator('#source').fill(text.replace('node1$ docker swarm init', 'node1$ dokcer swarm init'));
    await p.locator('#run').click();
    await p.waitForFunction(() => document.body.dataset.state === 'error');
    expect(await p.locator('#status').textContent()).toBe('weave2-network-plugin.swarm has an error: see the editor.');
    const line = text.split('\n').indexOf('node1$ docker swarm init') + 1;
    expect(await p.locator('#editor-error').textContent()).toContain(`weave2-network-plugin.swarm:${line}:8: expected "docker"`);
    expect(await chips(p, '[data-state="running"]')).toBe(8);
    await key(p, 'ArrowRight');
    await atStep(p, 8);
    await p.locator('#source').fill(text);
    await p.locator('#run').click();
    await p.waitForFunction(() => document.body.dataset.state === 'ready' && document.getElementById('editor-error')!.hidden);
    await p.close();
  });

  it('goes through every state of the page machine, each shown as body[data-state]: loading, running, ready, playing, branching, error', async () => {
    const p = await site.newPage(1440, 900);
    // Every state the body takes, in order, from the first script on.
    await p.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { __states: string[] }).__states = seen;
      new MutationObserver(() => {
        const s = document.body?.dataset.state;
        if (s && seen.at(-1) !== s) seen.push(s);
      }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-state'] });
    });
    await p.goto(`${site.url}#scenario=weave2-network-plugin&step=7`);
    await ready(p);
    const states = (): Promise<string[]> => p.evaluate(() => (window as unknown as { __states: string[] }).__states);
    expect(await states()).toEqual(['loading', 'running', 'ready']);
    await p.locator('#play').click();
    await p.locator('#play').click();
    await p.locator('#try-input').fill('sim$ stop node2');
    await p.locator('#try-input').press('Enter');
    await p.waitForFunction(() => window.__swarmsim!.state().branch === 1 && !window.__swarmsim!.state().busy);
    await p.locator('#source').fill('node1$ dokcer swarm init\n');
    await p.locator('#run').click();
    await p.waitForFunction(() => document.body.dataset.state === 'error');
    expect(await states()).toEqual(['loading', 'running', 'ready', 'playing', 'ready', 'branching', 'ready', 'running', 'error']);
    await p.close();
  });

  it('opens a 510 KiB scenario of comments: parsed in the worker, with an error located on its last line', async () => {
    const filler = '# ' + 'a comment line that only narrates, to fill the file up to its limit.'.padEnd(70, '.') + '\n';
    const n = Math.floor((510 * 1024) / filler.length);
    const text = filler.repeat(n) + 'node1$ docker swarm init\nnode1$ dokcer ps\n';
    const p = await open('#scenario=weave2-network-plugin');
    await p.locator('#file-input').setInputFiles({ name: 'comments.swarm', mimeType: 'text/plain', buffer: Buffer.from(text) });
    await expect.poll(() => p.locator('#editor-error').textContent()).toContain(`comments.swarm:${n + 2}:8: expected "docker"`);
    expect(await p.locator('#source').inputValue()).toHaveLength(text.length);
    await p.locator('#editor-error button').click();
    expect(await p.evaluate(() => (document.getElementById('source') as HTMLTextAreaElement).selectionStart)).toBe(text.length - 'dokcer ps\n'.length);
    await p.close();
  });

  it('had no page errors and no Content Security Policy violations', () => {
    expect(site.errors).toEqual([]);
  });
});
