/** Networks: name, driver, scope, and the nodes whose engines report the driver (where its tasks can go). */
import type { Selection } from 'd3';
import type { NetworkRow } from '../model/cluster.js';
import type { ClusterLayout } from '../model/layout.js';
import { attachText } from '../model/overview.js';
import { setAttr, setText } from './write.js';

export function networkText(n: NetworkRow, nodes: number): string {
  return `⇄ ${n.name} · driver ${n.driver} · ${n.scope} · can attach: ${attachText(n, nodes)}`;
}

export function renderNetworks(
  layer: Selection<SVGGElement, unknown, null, undefined>,
  rows: ClusterLayout['networks'],
  changed: ReadonlySet<string>,
  nodes: number,
): void {
  layer
    .selectAll<SVGTextElement, ClusterLayout['networks'][number]>('text.network')
    .data(rows, (r) => r.row.id)
    .join((enter) => enter.append('text').attr('class', 'network'))
    .classed('changed', (r) => changed.has(r.row.id))
    .classed('unattachable', (r) => r.row.attach.length === 0)
    .call((t) => {
      setAttr(t, 'data-network', (r) => r.row.name);
      setAttr(t, 'x', (r) => r.x);
      setAttr(t, 'y', (r) => r.y + 14);
      setText(t, (r) => networkText(r.row, nodes));
    });
}
