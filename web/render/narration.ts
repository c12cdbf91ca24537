/** The narration: the comments written above the current step, or the scenario's description before the first. */
import type { RunData, StepData } from '../model/run.js';
import { h } from './dom.js';

export function renderNarration(host: HTMLElement, run: RunData | null, step: StepData | null, description: string): void {
  if (!run) {
    host.replaceChildren(h('p', { class: 'hint' }, 'No run yet.'));
    return;
  }
  if (!step) {
    host.replaceChildren(
      h('h3', {}, run.title),
      ...description
        .trim()
        .split(/\n\s*\n/)
        .filter(Boolean)
        .map((p) => h('p', {}, p)),
    );
    return;
  }
  const paras: string[][] = [[]];
  for (const line of step.narration) {
    if (line.trim() === '') paras.push([]);
    else paras[paras.length - 1].push(line);
  }
  const text = paras.filter((p) => p.length).map((p) => h('p', {}, p.join(' ')));
  host.replaceChildren(
    ...(text.length ? text : [h('p', { class: 'hint' }, step.branch ? 'A command you typed (branch).' : 'No narration for this step.')]),
  );
}
