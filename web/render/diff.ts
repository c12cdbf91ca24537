/** The diff panel: what the current step changed, in words; the view outlines the same things. */
import type { StepDiff } from '../model/diff.js';
import { h } from './dom.js';

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

export function renderDiff(host: HTMLElement, diff: StepDiff | null): void {
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
      shown.map((c) => h('li', { class: `diff-${c.kind}`, 'data-kind': c.kind }, h('span', { class: 'diff-icon', 'aria-hidden': 'true' }, ICON[c.kind] ?? '•'), ' ', c.text)),
      diff.changes.length > shown.length ? h('li', { class: 'hint' }, `… and ${diff.changes.length - shown.length} more`) : null,
    ),
  );
}
