/**
 * The transport bar: play and pause (states of the page machine, so they
 * are sent to it), stepping and jumping, the speed. Stepping scrolls what
 * the step changed into view.
 */
import { setIconLabel } from '../render/icons.js';
import type { PageActor } from './page.js';
import type { Stage } from './stage.js';
import { $, type ViewState } from './view.js';

export class Playback {
  constructor(
    private readonly view: ViewState,
    private readonly actor: PageActor,
    private readonly stage: Stage,
  ) {}

  get playing(): boolean {
    return this.actor.getSnapshot().value === 'playing';
  }

  wire(): void {
    $('play').addEventListener('click', () => this.toggle());
    $('step-back').addEventListener('click', () => this.stepBy(-1));
    $('step-forward').addEventListener('click', () => this.stepBy(1));
    $('to-start').addEventListener('click', () => this.jump('start'));
    $('to-end').addEventListener('click', () => this.jump('end'));
    $<HTMLSelectElement>('speed').addEventListener('change', (e) => (this.view.speed = Number((e.target as HTMLSelectElement).value) || 1));
  }

  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  play(): void {
    const f = this.view.frames;
    if (!f) return;
    if (this.view.u >= f.length) this.view.u = 0;
    this.actor.send({ type: 'PLAY' });
  }

  pause(): void {
    if (this.playing) this.actor.send({ type: 'PAUSE' });
  }

  stepBy(delta: number): void {
    this.pause();
    this.view.shown = null;
    const target = delta > 0 ? Math.floor(this.view.u) + 1 : Math.ceil(this.view.u) - 1;
    this.stage.setPosition(target, { animate: true, settle: true, reveal: true });
  }

  jump(to: 'start' | 'end'): void {
    this.pause();
    this.view.shown = null;
    this.stage.setPosition(to === 'start' ? 0 : (this.view.frames?.length ?? 0), { animate: true, settle: true, reveal: true });
  }

  /** The play button shows what pressing it does. */
  sync(playing: boolean): void {
    const b = $<HTMLButtonElement>('play');
    b.setAttribute('aria-pressed', String(playing));
    setIconLabel(b, playing ? 'pause' : 'play', playing ? 'Pause' : 'Play');
    b.setAttribute('aria-label', playing ? 'Pause (Space)' : 'Play (Space)');
  }
}
