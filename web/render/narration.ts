/**
 * The narration panel, the presenter's slide and the first screen.
 * Narration is the comments written above a step (`# short:` lines are the
 * slide's, model/narration.ts), or the scenario's description before the first.
 */
import { firstSentence, splitNarration, withoutReferences } from '../model/narration.js';
import type { RunData, StepData } from '../model/run.js';
import { fill, h } from './dom.js';

const paragraphs = (text: string): string[] =>
  text
    .trim()
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s*\n\s*/g, ' '))
    .filter(Boolean);

export function renderNarration(host: HTMLElement, run: RunData | null, step: StepData | null): void {
  if (!run) {
    fill(host, h('p', { class: 'hint' }, 'No run yet.'));
    return;
  }
  if (!step) {
    fill(host, h('h3', {}, run.title), ...paragraphs(run.description).map((p) => h('p', {}, p)));
    return;
  }
  const n = splitNarration(step.narration);
  const text = n.paragraphs.map((p) => h('p', {}, p));
  host.replaceChildren(...(text.length ? text : [h('p', { class: 'hint' }, step.branch ? 'A command you typed (branch).' : 'No narration for this step.')]));
}

export interface SlideParts {
  readonly step: HTMLElement;
  readonly title: HTMLElement;
  readonly command: HTMLElement;
  readonly text: HTMLElement;
  readonly detail: HTMLElement;
}

/** The slide of presenter mode: step, command, one sentence; the rest for operators. */
export function renderSlide(p: SlideParts, run: RunData, step: StepData | null, total: number): void {
  p.title.textContent = run.title;
  if (!step) {
    p.step.textContent = `${total} command${total === 1 ? '' : 's'}`;
    p.command.textContent = '';
    p.command.hidden = true;
    // The first screen (renderStart) is the title slide.
    p.text.textContent = '';
    fill(p.detail, ...paragraphs(run.description).map((x) => h('p', {}, x)));
    return;
  }
  const n = splitNarration(step.narration);
  p.step.textContent = step.branch ? `Branch step ${step.index + 1}` : `Step ${step.index + 1} of ${total}`;
  const prompt = step.host === 'sim' ? 'sim$' : `${step.host}$`;
  const command = step.host === 'sim' ? step.command.replace(/^sim /, '') : step.command;
  p.command.hidden = false;
  fill(p.command, h('span', { class: 'prompt' }, `${prompt} `), command.split('\n')[0]);
  p.text.textContent = n.short || (step.branch ? 'A command typed into “Try it”.' : '');
  fill(
    p.detail,
    ...n.paragraphs.map((x) => h('p', {}, x)),
    h('pre', { class: 'term' }, h('span', { class: 'prompt' }, `${prompt} `), h('span', { class: 'cmd' }, command), '\n', step.output),
    h('p', { class: `term-status ${step.exitCode === 0 ? 'ok' : 'bad'}` }, step.exitCode === 0 ? '✓ exit status 0' : `✗ exit status ${step.exitCode}`),
  );
}

/** The first screen of a run: what it is, and the way to the first step. */
export function renderStart(host: HTMLElement, run: RunData, total: number, onNext: () => void, onPlay: () => void): void {
  const next = h('button', { type: 'button', class: 'primary', id: 'start-next' }, 'Run the first command ▶');
  next.addEventListener('click', onNext);
  const play = h('button', { type: 'button', id: 'start-play' }, 'Play all');
  play.addEventListener('click', onPlay);
  const lead = run.short || firstSentence(withoutReferences(paragraphs(run.description)[0] ?? ''));
  fill(
    host,
    h('h2', { class: 'start-title' }, run.title),
    lead ? h('p', { class: 'start-lead' }, lead) : null,
    h('p', { class: 'start-how' }, `${total} command${total === 1 ? '' : 's'}. Press → (or Next) to run them one by one, Space to play.`),
    h('p', { class: 'start-buttons' }, next, ' ', play),
  );
}
