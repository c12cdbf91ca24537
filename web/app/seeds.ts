/**
 * The "Compare seeds" panel: the scenario shown, run again with another
 * seed (in the worker), and the placements that differ after the step shown.
 * The seed breaks ties between equally good nodes (and draws IDs and names),
 * so this is what re-rolling it would change. A new run makes the answer
 * stale, and it is dropped.
 */
import type { PlacementDifference, SeedComparison } from '../../sim/explain/seeds.js';
import type { SimClient } from '../worker/client.js';
import { button, h } from '../render/dom.js';
import { $, status, type ViewState } from './view.js';

const HINT = 'Run this scenario again with another seed and see which placements change: the seed breaks ties between equally good nodes.';

export class SeedCompare {
  private comparison: SeedComparison | null = null;
  /** The run the comparison was made against (a new run drops it). */
  private against: unknown = null;

  constructor(
    private readonly view: ViewState,
    private readonly client: SimClient,
    private readonly runWithSeed: (seed: number) => void,
  ) {}

  wire(): void {
    $('seeds-form').addEventListener('submit', (e) => {
      e.preventDefault();
      void this.compare();
    });
  }

  /** A new replay: the comparison was of the old one. */
  forget(): void {
    this.comparison = null;
    this.against = null;
    this.show();
  }

  private async compare(): Promise<void> {
    const run = this.view.frames?.run;
    if (!run) return;
    const field = $<HTMLInputElement>('seeds-other');
    const seed = field.value.trim() === '' ? (run.seed + 1) % 2 ** 32 : Number(field.value);
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      status('A seed is a whole number from 0 to 4294967295.', 'error');
      return;
    }
    field.value = String(seed);
    status(`Running the scenario again with seed ${seed}…`, 'busy');
    const r = await this.client.compareSeeds(seed);
    if (this.view.frames?.run !== run) return;
    if (!r.ok) {
      status(r.error.message, 'error');
      return;
    }
    this.comparison = r.value;
    this.against = run;
    const c = r.value;
    const n = c.steps.filter((d) => d.length > 0).length;
    status(n === 0 ? `Seed ${seed} places every task where seed ${c.seedA} does.` : `Seed ${seed}: placements differ after ${n} of ${c.steps.length} steps.`);
    this.show();
    // The panel is the side column's last: the answer is brought into view.
    $('seeds-title').closest('section')?.scrollIntoView({ block: 'nearest' });
  }

  /** The panel for the step shown. */
  show(): void {
    const box = $('seeds');
    box.replaceChildren();
    const c = this.comparison;
    const frames = this.view.frames;
    if (!c || !frames || frames.run !== this.against) {
      box.append(h('p', { class: 'hint' }, HINT));
      return;
    }
    const frame = Math.floor(this.view.u);
    const differing = c.steps.filter((d) => d.length > 0).length;
    const first = c.firstDifference;
    box.append(
      h(
        'p',
        { class: 'seeds-summary' },
        first === null
          ? `Seed ${c.seedB} places every task where seed ${c.seedA} does, at every step.`
          : `Over the run, seed ${c.seedB} places tasks elsewhere after ${differing} of ${c.steps.length} steps, first after step ${first + 1} (line ${frames.steps[first]?.line ?? '?'}).`,
      ),
    );
    const diffs: readonly PlacementDifference[] = frame >= 1 && frame <= c.steps.length && frame <= frames.steps.length ? c.steps[frame - 1] : [];
    if (frame < 1) box.append(h('p', {}, 'Before the first step nothing is placed.'));
    else if (diffs.length === 0) box.append(h('p', { class: 'seeds-same' }, `After step ${frame}: the same placements under both seeds.`));
    else {
      const table = h('table', { class: 'seeds-table' });
      table.append(h('caption', {}, `After step ${frame}: ${diffs.length} placement${diffs.length === 1 ? '' : 's'} differ`));
      const head = h('tr', {});
      for (const title of ['task', `seed ${c.seedA}`, `seed ${c.seedB}`]) head.append(h('th', { scope: 'col' }, title));
      table.append(head);
      for (const d of diffs.slice(0, 50)) {
        const row = h('tr', {});
        row.append(h('th', { scope: 'row' }, d.task), h('td', {}, d.a ?? 'pending'), h('td', {}, d.b ?? 'pending'));
        table.append(row);
      }
      box.append(h('div', { class: 'matrix-wrap' }, table));
      if (diffs.length > 50) box.append(h('p', { class: 'hint' }, `and ${diffs.length - 50} more`));
    }
    box.append(button(`Run with seed ${c.seedB}`, () => this.runWithSeed(c.seedB), { id: 'seeds-use' }));
  }
}
