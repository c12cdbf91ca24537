/**
 * The page's composition root. The page machine (app/machine.ts, run by
 * app/page.ts) owns what the page is doing: loading, running, ready,
 * playing, branching, error. The view state (app/view.ts) holds what is
 * shown: position, selection, options. The modules here each own one part
 * of the page and are wired together below.
 */
import { wireExports } from './app/exportButtons.js';
import { Editing } from './app/editing.js';
import { wireInPageLinks, wireKeys } from './app/input.js';
import { createPageActor, followMachine } from './app/page.js';
import { Playback } from './app/playback.js';
import { Presenter } from './app/presenter.js';
import { SeedCompare } from './app/seeds.js';
import { Selection } from './app/selection.js';
import { Share } from './app/share.js';
import { Stage } from './app/stage.js';
import { exposeForTests } from './app/testHooks.js';
import { wireTryIt } from './app/tryIt.js';
import { $, newView, reducedMotion } from './app/view.js';
import { renderLegend } from './render/legend.js';
import { SimClient } from './worker/client.js';

const view = newView();
const client = new SimClient();
client.warm();

const actor = createPageActor(
  client,
  {
    at: () => (view.frames ? { u: view.u, end: view.frames.length } : null),
    speed: () => view.speed,
    moveTo: (u) => stage.setPosition(u, { animate: true, settle: Number.isInteger(u) }),
  },
  () => (view.runStarted = performance.now()),
);

const editing = new Editing(view, client, actor);
const stage: Stage = new Stage(view, editing.editor, {
  pause: () => playback.pause(),
  playing: () => playback.playing,
  stepForward: () => playback.stepBy(1),
  play: () => playback.play(),
  selectTask: (id) => selection.selectTask(id),
  selectMachine: (name) => selection.selectMachine(name),
  showChange: (c) => selection.showChange(c),
  settled: (key, snap) => {
    selection.settled(key, snap);
    seeds.show();
    share.update();
  },
});
const selection = new Selection(view, stage, client);
const playback = new Playback(view, actor, stage);
const presenter = new Presenter(view, stage);
const share = new Share(view, actor, () => editing.editor.value);
const seeds = new SeedCompare(view, client, (seed) => editing.runWithSeed(seed));

followMachine(actor, view, editing.editor, {
  replay: (newRun) => {
    if (newRun) stage.chooseMode();
    stage.renderTimeline();
  },
  showAt: (u, animate) => stage.setPosition(u, { animate, settle: true, force: true }),
  stopped: () => stage.setPosition(view.u, { animate: false, settle: true }),
  playing: (on) => playback.sync(on),
  revealWhy: () => selection.revealWhy(),
  forget: () => {
    selection.forget();
    seeds.forget();
  },
  syncPicker: () => editing.syncPicker(),
});

editing.wire();
seeds.wire();
renderLegend($('legend'));
playback.sync(false);
playback.wire();
presenter.wire();
wireInPageLinks(() => !reducedMotion());
$<HTMLSelectElement>('view-mode').addEventListener('change', (e) => {
  view.modePref = (e.target as HTMLSelectElement).value as typeof view.modePref;
  stage.chooseMode();
  stage.refresh();
});
$('zoom-in').addEventListener('click', () => stage.cluster.zoomBy(1.6));
$('zoom-out').addEventListener('click', () => stage.cluster.zoomBy(1 / 1.6));
$('zoom-fit').addEventListener('click', () => stage.cluster.zoomBy('fit'));
wireKeys({
  togglePlay: () => playback.toggle(),
  step: (d) => playback.stepBy(d),
  jump: (to) => playback.jump(to),
  escape: () => {
    if (selection.any) selection.clear();
    else if (presenter.on && !$<HTMLDialogElement>('video-dialog').open) presenter.set(false);
  },
  find: () => selection.focusSearch(),
});
wireTryIt(view, actor, () => playback.pause());
wireExports(view, stage, { name: () => editing.baseName(), pause: () => playback.pause() });
stage.observeResize();
share.wire((on) => presenter.set(on));
if (new URLSearchParams(location.hash.slice(1)).get('present') === '1') presenter.set(true);
exposeForTests(view, actor, stage);
actor.start();
