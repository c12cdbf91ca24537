/**
 * The terminal: the command of the current step as it was typed, its output,
 * its exit status and, for a step whose output was expected, whether it
 * matched. Branch steps typed in the "try it" box are shown the same way.
 */
import type { StepData } from '../model/run.js';
import { fill, h, vtime } from './dom.js';

export function renderTerminal(host: HTMLElement, step: StepData | null, total: number): void {
  if (!step) {
    fill(host, h('p', { class: 'hint' }, `Before the first command. ${total} command${total === 1 ? '' : 's'} to go: press → or Play.`));
    return;
  }
  const prompt = step.host === 'sim' ? 'sim$' : `${step.host}$`;
  const command = step.host === 'sim' ? step.command.replace(/^sim /, '') : step.command;
  fill(host, 
    h(
      'div',
      { class: 'term-head' },
      h('span', {}, step.branch ? `Branch step ${step.index + 1}` : `Step ${step.index + 1} of ${total}`),
      step.line ? h('span', {}, ` · line ${step.line}`) : null,
      h('span', {}, ` · t = ${vtime(step.time)}`),
    ),
    h('pre', { class: 'term' }, h('span', { class: 'prompt' }, `${prompt} `), h('span', { class: 'cmd' }, command), '\n', step.output),
    h(
      'p',
      { class: `term-status ${step.exitCode === 0 ? 'ok' : 'bad'}` },
      step.exitCode === 0 ? '✓ exit status 0' : `✗ exit status ${step.exitCode}`,
      step.settled ? null : ' · ⚠ did not settle within the bound',
    ),
    step.check
      ? step.check.ok
        ? h('p', { class: 'term-status ok' }, '✓ output matches the scenario')
        : h('details', { class: 'term-check', open: true }, h('summary', {}, '✗ output differs from the scenario'), h('pre', {}, step.check.diff))
      : null,
  );
}
