/**
 * The diff panel: what the current step changed, in words; the view outlines
 * the same things. A change summed over many machines keeps its per-machine
 * lines in a detail; "show" highlights a change's machines in the view.
 */
import type { Change, StepDiff } from '../model/diff.js';
import { button, h } from './dom.js';

const ICON: Record<string, string> = {
  'task-placed': '+',
  'task-moved': '⇢',
  'task-pending': '▲',
  'task-stopped': '■',
  'task-removed': '−',
  'plugin-added': '+',
  'plugin-removed': '−',
  'plugin-enabled': '✓',
  'plugin-disabled': '✗',
  'node-availability': '⇄',
  'node-status': '⇄',
  'node-role': '⇄',
  'node-joined': '+',
  'node-left': '−',
  'machine-added': '+',
  'volume-added': '+',
  'volume-removed': '−',
  'network-added': '+',
  'network-removed': '−',
  'service-added': '+',
  'service-removed': '−',
  'service-scaled': '⇅',
};

export function renderDiff(host: HTMLElement, diff: StepDiff | null, onShow?: (c: Change) => void): void {
  if (!diff) {
    host.replaceChildren(h('p', { class: 'hint' }, 'Nothing yet.'));
    return;
  }
  if (!diff.changes.length) {
    host.replaceChildren(h('p', { class: 'hint' }, 'No change to the cluster.'));
    return;
  }
  const shown = diff.changes.slice(0, 60);
  host.replaceChildren(
    h(
      'ul',
      { class: 'diff-list' },
      shown.map((c) =>
        h(
          'li',
          { class: `diff-${c.kind}`, 'data-kind': c.kind, 'data-machines': c.machines.length },
          h('span', { class: 'diff-icon', 'aria-hidden': 'true' }, ICON[c.kind] ?? '•'),
          ' ',
          c.text,
          onShow && c.machines.length ? [' ', button('show', () => onShow(c), { class: 'link diff-show', 'aria-label': `Show in the view: ${c.text}` })] : null,
          c.details.length
            ? h(
                'details',
                { class: 'diff-details' },
                h('summary', {}, `per machine (${c.details.length})`),
                h('ul', {}, c.details.slice(0, 200).map((d) => h('li', {}, d)), c.details.length > 200 ? h('li', { class: 'hint' }, `… and ${c.details.length - 200} more`) : null),
              )
            : null,
        ),
      ),
      diff.changes.length > shown.length ? h('li', { class: 'hint' }, `… and ${diff.changes.length - shown.length} more`) : null,
    ),
  );
}
