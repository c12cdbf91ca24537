/**
 * Presenter mode: the page as a slide deck (styles/modes.css lays it out).
 * Turning it on or off changes the stage's size, so the view measures again
 * and picks its scale for the new stage.
 */
import type { Stage } from './stage.js';
import { $, type ViewState } from './view.js';

export class Presenter {
  constructor(
    private readonly view: ViewState,
    private readonly stage: Stage,
  ) {}

  wire(): void {
    $('presenter').addEventListener('click', () => this.set(!this.view.presenter));
  }

  get on(): boolean {
    return this.view.presenter;
  }

  set(on: boolean): void {
    this.view.presenter = on;
    document.body.classList.toggle('presenter', on);
    $('presenter').setAttribute('aria-pressed', String(on));
    this.stage.remeasure();
  }
}
