/**
 * What the user points at: a selected task or node (and the "why" panel that
 * explains it), the search box, a "show" of the diff panel, and the reasons
 * empty cards give (asked of the worker once per state shown).
 */
import type { Change } from '../model/diff.js';
import { search } from '../model/search.js';
import type { SimClient } from '../worker/client.js';
import type { SimSnapshot } from '../../sim/snapshot.js';
import { cardReasons } from './reasons.js';
import type { Stage } from './stage.js';
import { $, reducedMotion, type ViewState } from './view.js';
import { WhyPanel } from './whyPanel.js';

export class Selection {
  readonly why: WhyPanel;
  private readonly searchBox = $<HTMLInputElement>('search');

  constructor(
    private readonly view: ViewState,
    private readonly stage: Stage,
    private readonly client: SimClient,
  ) {
    this.why = new WhyPanel($('why'), client, {
      onSelectTask: (id) => this.selectTask(id),
      onTry: (cmd) => {
        const input = $<HTMLInputElement>('try-input');
        input.value = cmd;
        input.focus();
      },
      onClose: () => {
        const back = view.task ?? view.machine;
        this.clear();
        this.focusInView(back);
      },
    });
    const box = this.searchBox;
    box.addEventListener('input', () => this.onSearch(box.value));
    box.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        this.searchGo();
      } else if (e.key === 'Escape' && box.value) {
        e.preventDefault();
        box.value = '';
        this.onSearch('');
      }
    });
  }

  /** What a settled position shows beside the cluster. */
  settled(key: string, snap: SimSnapshot): void {
    this.why.show(key, snap, this.view.frames!, this.view.u, { task: this.view.task, machine: this.view.machine }, () => `${this.stage.shownKey}|${this.view.task}|${this.view.machine}`);
    this.requestReasons(key, snap);
  }

  /** A new replay: explanations of the old one are stale. */
  forget(): void {
    this.view.reasons = null;
    this.why.forget();
  }

  /** Cards of nodes without tasks say why (worker/nodeReasons.ts); asked once per state shown. */
  private requestReasons(key: string, snap: SimSnapshot): void {
    const v = this.view;
    if (v.mode !== 'cards' || v.reasons?.key === key || snap.nodes.length > 64 || snap.nodes.length === 0) return;
    const f = v.frames!;
    v.reasons = { key, map: new Map() };
    void this.client.reasons(snap).then((r) => {
      if (!r.ok || v.reasons?.key !== key || v.frames !== f) return;
      const frame = Math.floor(v.u);
      const map = cardReasons(r.value, (m) => f.lastRemoval(m, frame));
      v.reasons = { key, map };
      if (map.size && this.stage.shownKey === key) this.stage.redraw();
    });
  }

  get any(): boolean {
    return this.view.task !== null || this.view.machine !== null;
  }

  clear(): void {
    this.view.task = null;
    this.view.machine = null;
    this.stage.refresh();
  }

  selectTask(id: string): void {
    this.view.task = this.view.task === id ? null : id;
    this.view.machine = null;
    this.stage.refresh();
    if (this.view.task) this.revealWhy();
  }

  selectMachine(name: string): void {
    this.view.machine = this.view.machine === name ? null : name;
    this.view.task = null;
    this.stage.refresh();
    if (this.view.machine) this.revealWhy();
  }

  /** Brings the why panel into view, except on a slide (it is not shown there). */
  revealWhy(): void {
    if (this.view.presenter) return;
    $('why').closest('.panel')?.scrollIntoView({ block: 'nearest', behavior: reducedMotion() ? 'auto' : 'smooth' });
  }

  private focusInView(id: string | null): void {
    if (!id) return;
    const el = document.querySelector<SVGGElement>(`[data-task-id="${CSS.escape(id)}"], g.card[data-machine="${CSS.escape(id)}"]`);
    el?.focus();
  }

  focusSearch(): void {
    this.searchBox.focus();
  }

  private onSearch(q: string): void {
    this.view.query = q.trim();
    this.view.shown = null;
    this.stage.redraw();
  }

  /** Enter in the search box: a task named exactly is selected; else the first match is brought into view. */
  private searchGo(): void {
    const f = this.view.frames;
    if (!f || !this.view.query) return;
    const r = search(f.viewAt(this.view.u).model(), this.view.query);
    if (!r || !r.machines.size) return;
    if (r.exact) this.selectTask(r.exact.id);
    this.stage.cluster.reveal([...r.machines], !reducedMotion());
  }

  /** "Show" in the diff panel: the machines a change touched, highlighted and scrolled to. */
  showChange(c: Change): void {
    this.view.query = '';
    this.searchBox.value = '';
    this.view.shown = { text: c.text, machines: new Set(c.machines) };
    this.stage.redraw();
    this.stage.cluster.reveal(c.machines, !reducedMotion());
  }
}
