/**
 * "Try it": a command typed at the current step starts a branch (or extends
 * the one shown) in the page machine's branching state; Discard returns to
 * the scenario.
 */
import type { PageActor } from './page.js';
import { $, status, type ViewState } from './view.js';

export function wireTryIt(view: ViewState, actor: PageActor, pause: () => void): void {
  $<HTMLFormElement>('try-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const line = $<HTMLInputElement>('try-input').value;
    $('try-error').hidden = true;
    if (!actor.getSnapshot().context.run || !line.trim()) return;
    pause();
    actor.send({ type: 'TRY', base: Math.floor(view.u), line });
  });
  $('discard-branch').addEventListener('click', () => {
    if (!actor.getSnapshot().context.branch.length) return;
    actor.send({ type: 'DISCARD' });
    status('Branch discarded.');
  });
}
