/**
 * The scenario editor: a plain textarea with a line-number gutter, and a
 * parse error shown inline: a marker in the gutter, a caret-wide mark at the
 * line and column, and the message below with a button to jump there.
 */
import { button, h } from './dom.js';

export interface EditorError {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export class ScenarioEditor {
  private lines = 0;
  private error: EditorError | null = null;
  private charW = 0;
  private lineH = 0;
  private padT = 0;
  private stepLine: { from: number; to: number } | null = null;
  private readonly stepMark: HTMLElement | null = document.getElementById('step-mark');
  /**
   * The textarea's scroll offset and visible height, kept from its scroll
   * events and a ResizeObserver: marking the step being shown happens on every
   * scrub frame, and reading them there would force a layout of the whole page.
   */
  private scrollY = 0;
  private viewH = 0;
  private scrollQueued = false;

  constructor(
    readonly textarea: HTMLTextAreaElement,
    private readonly gutter: HTMLElement,
    private readonly mark: HTMLElement,
    private readonly message: HTMLElement,
    onInput: () => void,
    onRun: () => void,
  ) {
    textarea.addEventListener('input', () => {
      this.updateGutter();
      onInput();
    });
    textarea.addEventListener('scroll', () => {
      this.scrollY = textarea.scrollTop;
      this.sync();
    });
    textarea.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        onRun();
      }
      // Tab inserts two spaces; Escape then Tab leaves the editor (no keyboard trap).
      if (e.key === 'Tab' && !e.shiftKey && !this.escaped) {
        e.preventDefault();
        textarea.setRangeText('  ', textarea.selectionStart, textarea.selectionEnd, 'end');
        this.updateGutter();
        onInput();
      }
      this.escaped = e.key === 'Escape';
    });
    new ResizeObserver(() => {
      // Layout is fresh inside a ResizeObserver callback: reading here is free.
      this.viewH = textarea.clientHeight;
      this.scrollY = textarea.scrollTop;
      this.sync();
    }).observe(textarea);
  }

  private escaped = false;

  get value(): string {
    return this.textarea.value;
  }

  set value(text: string) {
    this.textarea.value = text;
    this.updateGutter();
  }

  private updateGutter(): void {
    const text = this.textarea.value;
    let n = 1;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
    if (n !== this.lines) {
      this.lines = n;
      this.gutterKey = '';
    }
    this.sync();
  }

  /** The range of line numbers drawn, and the error line they were drawn with. */
  private gutterKey = '';
  private gutterLines: HTMLElement | null = null;

  /**
   * The gutter holds only the numbers of the lines in view, moved with the
   * text: a 500 KiB scenario has thousands of lines, and a gutter of all of
   * them cost a quarter of a second of layout at every scroll sync.
   */
  private sync(): void {
    if (!this.lineH) this.measure();
    const view = this.viewH || this.textarea.clientHeight || 600;
    const first = Math.max(0, Math.floor(this.scrollY / this.lineH) - 1);
    const last = Math.min(this.lines, first + Math.ceil(view / this.lineH) + 3);
    const key = `${first}:${last}:${this.error?.line ?? 0}`;
    if (!this.gutterLines) {
      this.gutterLines = h('span', { class: 'gutter-lines' });
      this.gutter.replaceChildren(this.gutterLines);
    }
    if (key !== this.gutterKey) {
      this.gutterKey = key;
      const out: string[] = [];
      for (let i = first + 1; i <= last; i++) out.push(this.error?.line === i ? `⚠ ${i}` : String(i));
      this.gutterLines.textContent = out.join('\n') + '\n';
      this.gutter.dataset.lines = String(this.lines);
    }
    this.gutterLines.style.transform = `translateY(${first * this.lineH - this.scrollY}px)`;
    this.placeMark();
  }

  private measure(): void {
    const cs = getComputedStyle(this.textarea);
    this.lineH = parseFloat(cs.lineHeight) || 20;
    this.padT = parseFloat(cs.paddingTop) || 0;
    const probe = h('span', { class: 'measure' }, 'x'.repeat(100));
    probe.style.font = cs.font;
    document.body.append(probe);
    this.charW = probe.getBoundingClientRect().width / 100 || 8;
    probe.remove();
  }

  private placeMark(): void {
    this.placeStepMark();
    const e = this.error;
    if (!e) {
      this.mark.hidden = true;
      return;
    }
    if (!this.charW) this.measure();
    const cs = getComputedStyle(this.textarea);
    const padL = parseFloat(cs.paddingLeft) || 0;
    const padT = parseFloat(cs.paddingTop) || 0;
    // Columns count UTF-16 units and a tab as one: the textarea shows tabs wider, but scenarios rarely have any.
    this.mark.style.top = `${padT + (e.line - 1) * this.lineH - this.textarea.scrollTop}px`;
    this.mark.style.left = `${padL + (e.column - 1) * this.charW - this.textarea.scrollLeft}px`;
    this.mark.style.height = `${this.lineH}px`;
    this.mark.style.width = `${Math.max(this.charW, 2)}px`;
    this.mark.hidden = false;
  }

  setError(e: EditorError | null, file: string): void {
    this.error = e;
    this.updateGutter();
    this.textarea.setAttribute('aria-invalid', e ? 'true' : 'false');
    if (!e) {
      this.message.hidden = true;
      this.message.replaceChildren();
      return;
    }
    this.message.hidden = false;
    this.message.replaceChildren(
      h('span', { class: 'where' }, `${file}:${e.line}:${e.column}:`),
      ' ',
      h('span', { class: 'what' }, e.message),
      ' ',
      button('Go to error', () => this.goTo(e.line, e.column), { class: 'quiet' }),
    );
  }

  goTo(line: number, column: number): void {
    const lines = this.textarea.value.split('\n');
    let offset = 0;
    for (let i = 0; i < line - 1 && i < lines.length; i++) offset += lines[i].length + 1;
    offset += Math.max(0, column - 1);
    this.textarea.focus();
    this.textarea.setSelectionRange(offset, offset);
    if (!this.lineH) this.measure();
    this.textarea.scrollTop = Math.max(0, (line - 3) * this.lineH);
    this.scrollY = this.textarea.scrollTop;
    this.sync();
  }

  private placeStepMark(): void {
    const m = this.stepMark;
    if (!m) return;
    if (!this.stepLine) {
      m.hidden = true;
      return;
    }
    if (!this.lineH) this.measure();
    m.style.top = `${this.padT + (this.stepLine.from - 1) * this.lineH - this.scrollY}px`;
    m.style.height = `${(this.stepLine.to - this.stepLine.from + 1) * this.lineH}px`;
    m.hidden = false;
  }

  /** Marks the lines of the step being shown, and scrolls them into view unless the user is typing. */
  highlightStep(from: number | null, to: number | null): void {
    this.stepLine = from ? { from, to: to ?? from } : null;
    if (from && document.activeElement !== this.textarea) {
      if (!this.lineH) this.measure();
      const top = (from - 1) * this.lineH;
      const view = this.viewH || this.textarea.clientHeight;
      if (top < this.scrollY || top > this.scrollY + view - 3 * this.lineH) {
        this.scrollY = Math.max(0, top - view / 3);
        this.scrollSoon();
      }
    }
    this.placeMark();
  }

  /**
   * Writes the scroll offset at the start of the next frame, when layout is
   * clean: written now, in the middle of drawing a new state, it would force one.
   */
  private scrollSoon(): void {
    if (this.scrollQueued) return;
    this.scrollQueued = true;
    requestAnimationFrame(() => {
      this.scrollQueued = false;
      this.textarea.scrollTop = this.scrollY;
      this.scrollY = this.textarea.scrollTop;
      this.sync();
    });
  }
}
