/**
 * The scenario's text and what runs it: the editor (inline errors while
 * typing, parsed in the worker), the library picker, files opened or dropped
 * (a scenario, or a swarm bundle the worker imports), and the seed.
 */
import { ScenarioEditor } from '../render/editor.js';
import type { SimClient } from '../worker/client.js';
import { sizeProblem } from '../worker/limits.js';
import { isBundleFile, readBundleFile, readScenarioFile, wireFileDrop } from './input.js';
import type { RunRequest } from './machine.js';
import type { PageActor } from './page.js';
import { fillPicker, findScenario } from './scenarios.js';
import { $, status, type ViewState } from './view.js';

export class Editing {
  readonly editor: ScenarioEditor;
  private editTimer = 0;
  private checkSeq = 0;

  constructor(
    private readonly view: ViewState,
    private readonly client: SimClient,
    private readonly actor: PageActor,
  ) {
    this.editor = new ScenarioEditor(
      $<HTMLTextAreaElement>('source'),
      $('gutter'),
      $('error-mark'),
      $('editor-error'),
      () => this.onEdit(),
      () => this.runEditor(),
    );
  }

  wire(): void {
    const picker = $<HTMLSelectElement>('scenario-picker');
    fillPicker(picker);
    picker.addEventListener('change', (e) => {
      const entry = findScenario((e.target as HTMLSelectElement).value);
      if (entry) this.load(entry.text, entry.file, entry.name);
    });
    $('run').addEventListener('click', () => this.runEditor());
    $('open-file').addEventListener('click', () => $<HTMLInputElement>('file-input').click());
    $<HTMLInputElement>('file-input').addEventListener('change', (e) => {
      const file = (e.target as HTMLInputElement).files?.[0];
      if (file) void this.openFile(file);
      (e.target as HTMLInputElement).value = '';
    });
    wireFileDrop($('drop-overlay'), (f) => void this.openFile(f));

    $<HTMLInputElement>('seed').addEventListener('change', () => {
      const seed = this.seedField();
      if (seed === null) {
        status('A seed is a whole number from 0 to 4294967295.', 'error');
        return;
      }
      this.view.seed = seed;
      this.runEditor({ seed });
    });
    $('reroll').addEventListener('click', () => this.runWithSeed(crypto.getRandomValues(new Uint32Array(1))[0]));
  }

  /** Runs the editor's text again under `seed` (the seed field shows it). */
  runWithSeed(seed: number): void {
    $<HTMLInputElement>('seed').value = String(seed);
    this.view.seed = seed;
    this.runEditor({ seed });
  }

  /** The picker names the library entry shown, or nothing once it is edited. */
  syncPicker(): void {
    $<HTMLSelectElement>('scenario-picker').value = this.view.entry ?? '';
  }

  private request(text: string, file: string, entry: string | null, o: Partial<RunRequest> = {}): RunRequest {
    return { text, file, entry, seed: this.view.seed, step: 0, branch: null, task: null, machine: null, notice: null, ...o };
  }

  /** Runs new text from its start, with its own seed unless one is given. */
  load(text: string, file: string, entry: string | null, o: Partial<RunRequest> = {}): void {
    this.view.seed = o.seed ?? null;
    this.actor.send({ type: 'RUN', request: this.request(text, file, entry, { seed: null, ...o }) });
  }

  /** Runs the editor's text; a syntax error is shown inline by the worker's answer. */
  runEditor(o: Partial<RunRequest> = {}): void {
    clearTimeout(this.editTimer);
    const text = this.editor.value;
    const tooBig = sizeProblem(text.length);
    if (tooBig) {
      this.showEditorMessage(tooBig);
      status(`${this.view.file} is too large.`, 'error');
      return;
    }
    this.actor.send({ type: 'RUN', request: this.request(text, this.view.file, this.view.entry, { step: Math.floor(this.view.u), ...o }) });
  }

  private showEditorMessage(text: string): void {
    const box = $('editor-error');
    box.hidden = false;
    box.textContent = text;
  }

  private onEdit(): void {
    if (this.view.entry !== null && this.editor.value !== findScenario(this.view.entry)?.text) {
      this.view.entry = null;
      this.syncPicker();
    }
    clearTimeout(this.editTimer);
    this.editTimer = window.setTimeout(() => void this.checkEditor(), 250);
  }

  /** Parses the editor's text in the worker, for inline errors while typing. */
  private async checkEditor(): Promise<void> {
    const text = this.editor.value;
    const tooBig = sizeProblem(text.length);
    if (tooBig) {
      this.editor.setError(null, this.view.file);
      this.showEditorMessage(tooBig);
      return;
    }
    const seq = ++this.checkSeq;
    const r = await this.client.check(text, this.view.file);
    if (seq !== this.checkSeq || text !== this.editor.value) return;
    if (r.ok) this.editor.setError(null, this.view.file);
    else if (r.error.kind === 'syntax' && r.error.line) this.editor.setError({ line: r.error.line, column: r.error.column ?? 1, message: r.error.message }, this.view.file);
  }

  private async openFile(file: File): Promise<void> {
    if (isBundleFile(file.name, await file.slice(0, 64).text())) {
      const b = await readBundleFile(file);
      if ('error' in b) return status(b.error, 'error');
      status(`Importing ${file.name}…`, 'busy');
      const r = await this.client.importBundle(b.text, file.name);
      if (!r.ok) return status(r.error.message, 'error');
      this.load(r.value.text, r.value.file, null);
      this.view.importSummary = r.value.summary + (r.value.notes.length > 0 ? ` ${r.value.notes.length} note${r.value.notes.length === 1 ? '' : 's'} in the scenario's comments.` : '');
      return;
    }
    const r = await readScenarioFile(file);
    if ('error' in r) status(r.error, 'error');
    else this.load(r.text, file.name, null);
  }

  private seedField(): number | null {
    const v = $<HTMLInputElement>('seed').value.trim();
    return /^\d+$/.test(v) && Number(v) <= 0xffffffff ? Number(v) : null;
  }

  /** The file name without `.swarm`: what exports are named after. */
  baseName(): string {
    return this.view.file.replace(/\.swarm$/, '');
  }
}
