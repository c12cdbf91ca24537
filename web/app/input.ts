/**
 * The page's input plumbing, apart from what it drives: files dropped or
 * opened (and checked before they run), in-page links, and the keyboard.
 */
import { bundleSizeProblem, LIMITS, sizeProblem } from '../worker/limits.js';

/** A file's text, or why it cannot be a scenario. */
export async function readScenarioFile(file: File): Promise<{ text: string } | { error: string }> {
  if (file.size > LIMITS.maxTextChars * 2) return { error: sizeProblem(file.size) ?? 'This file is too large.' };
  const text = await file.text();
  const tooBig = sizeProblem(text.length);
  if (tooBig) return { error: tooBig };
  if (text.includes('\u0000')) return { error: `${file.name} is not a text file.` };
  return { text };
}

/** A bundle of a live swarm (`swarmsim import`'s JSON) rather than a scenario: by name, or by its first character. */
export function isBundleFile(name: string, head: string): boolean {
  return /\.json$/i.test(name) || head.trimStart().startsWith('{');
}

/** A bundle's text: larger than a scenario may be, since the scenario made from it is what runs. */
export async function readBundleFile(file: File): Promise<{ text: string } | { error: string }> {
  if (file.size > LIMITS.maxBundleChars * 2) return { error: bundleSizeProblem(file.size) };
  const text = await file.text();
  if (text.length > LIMITS.maxBundleChars) return { error: bundleSizeProblem(text.length) };
  return { text };
}

/** Files dragged over the page show `overlay`; a dropped one is handed to `onFile`. */
export function wireFileDrop(overlay: HTMLElement, onFile: (f: File) => void): void {
  let depth = 0;
  const hasFiles = (e: DragEvent): boolean => Array.from(e.dataTransfer?.types ?? []).includes('Files');
  document.addEventListener('dragenter', (e) => {
    if (!hasFiles(e)) return;
    depth++;
    overlay.hidden = false;
  });
  document.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (!depth) overlay.hidden = true;
  });
  document.addEventListener('dragover', (e) => {
    if (hasFiles(e)) e.preventDefault();
  });
  document.addEventListener('drop', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    depth = 0;
    overlay.hidden = true;
    const file = e.dataTransfer?.files[0];
    if (file) onFile(file);
  });
}

/**
 * In-page links (the skip link, the phone's panel bar) scroll to their
 * target: the hash is the view's link, and changing it would reopen the view.
 */
export function wireInPageLinks(smooth: () => boolean): void {
  document.addEventListener('click', (e) => {
    const a = e.target instanceof Element ? e.target.closest<HTMLAnchorElement>('a[href^="#"]') : null;
    const target = a ? document.getElementById(a.getAttribute('href')!.slice(1)) : null;
    if (!target) return;
    e.preventDefault();
    target.scrollIntoView({ block: 'start', behavior: smooth() ? 'smooth' : 'auto' });
    (target.closest('section, aside, .stage') as HTMLElement | null)?.querySelector<HTMLElement>('[tabindex], textarea, input')?.focus({ preventScroll: true });
  });
}

export interface Keys {
  readonly togglePlay: () => void;
  readonly step: (delta: 1 | -1) => void;
  readonly jump: (to: 'start' | 'end') => void;
  readonly escape: () => void;
  readonly find: () => void;
}

function isTyping(t: EventTarget | null): boolean {
  return t instanceof Element && t.matches('input, textarea, select, [contenteditable="true"]');
}

/**
 * Space plays or pauses; Left/Right and a presenter's clicker (PageUp,
 * PageDown) step; Home/End jump; Escape; `/` finds. Keys typed into a field
 * are the field's.
 */
export function wireKeys(k: Keys): void {
  document.addEventListener('keydown', (e) => {
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || isTyping(e.target)) return;
    const onButton = e.target instanceof Element && e.target.matches('button, [role="button"], a, summary');
    const take = (fn: () => void): void => {
      e.preventDefault();
      fn();
    };
    switch (e.key) {
      case ' ':
        if (!onButton) take(k.togglePlay);
        break;
      case 'ArrowLeft':
      case 'PageUp':
        take(() => k.step(-1));
        break;
      case 'ArrowRight':
      case 'PageDown':
        take(() => k.step(1));
        break;
      case 'Home':
        take(() => k.jump('start'));
        break;
      case 'End':
        take(() => k.jump('end'));
        break;
      case 'Escape':
        k.escape();
        break;
      case '/':
        take(k.find);
        break;
    }
  });
}
