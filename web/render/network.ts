/** Networks: name, driver, scope, and the nodes whose engines report the driver (where its tasks can go). */
import type { Selection } from 'd3';
import type { NetworkBox } from '../model/layout.js';
import { setAttr } from './write.js';

const SVG_NS = 'http://www.w3.org/2000/svg';

export function renderNetworks(layer: Selection<SVGGElement, unknown, null, undefined>, rows: readonly NetworkBox[], changed: ReadonlySet<string>, lineH: number): void {
  layer
    .selectAll<SVGTextElement, NetworkBox>('text.network')
    .data(rows, (r) => r.row.id)
    .join((enter) => enter.append('text').attr('class', 'network'))
    .classed('changed', (r) => changed.has(r.row.id))
    .classed('unattachable', (r) => r.row.attach.length === 0)
    .call((t) => {
      setAttr(t, 'data-network', (r) => r.row.name);
      setAttr(t, 'x', (r) => r.x);
      setAttr(t, 'y', (r) => r.y + 14);
    })
    .each(function (r) {
      // One text per network (its data-network names it), a tspan per line; rewritten only when the lines change.
      const key = `${r.x}|${r.lines.join('\n')}`;
      if (this.dataset.lines === key) return;
      this.dataset.lines = key;
      this.replaceChildren(
        ...r.lines.map((line, i) => {
          const span = document.createElementNS(SVG_NS, 'tspan');
          // SVG collapses spaces: a continuation's indent is a shift of x; the one space left keeps the words apart when read.
          const indent = line.startsWith('  ');
          span.setAttribute('x', String(r.x + (indent ? 10 : 0)));
          if (i) span.setAttribute('dy', String(lineH));
          span.textContent = indent ? ` ${line.trimStart()}` : line;
          return span;
        }),
      );
    });
}
