/**
 * The lane of unscheduled tasks: per service, the scheduler's own message
 * (`no suitable node (...)`) and the waiting chips, drawn by task.ts.
 */
import type { Selection } from 'd3';
import { GEOMETRY, type ClusterLayout, type LaneGroup } from '../model/layout.js';

export function renderPendingLane(layer: Selection<SVGGElement, unknown, null, undefined>, lane: ClusterLayout['lane']): void {
  const G = GEOMETRY;
  const box = layer.selectAll<SVGGElement, NonNullable<ClusterLayout['lane']>>('g.lane').data(lane ? [lane] : []).join((enter) => {
    const g = enter.append('g').attr('class', 'lane');
    g.append('rect').attr('class', 'lane-bg').attr('rx', 8);
    g.append('text').attr('class', 'lane-title');
    return g;
  });
  box
    .select('rect.lane-bg')
    .attr('x', (l) => l.x)
    .attr('y', (l) => l.y)
    .attr('width', (l) => l.w)
    .attr('height', (l) => l.h);
  box
    .select('text.lane-title')
    .attr('x', (l) => l.x + G.cardPad)
    .attr('y', (l) => l.y + 18)
    .text((l) => {
      const n = l.groups.reduce((s, g) => s + g.count, 0);
      return `▲ Unscheduled: ${n} task${n === 1 ? '' : 's'} waiting for a node`;
    });
  const groups = box
    .selectAll<SVGGElement, LaneGroup>('g.lane-group')
    .data((l) => l.groups.map((g) => ({ ...g, x: l.x })), (g) => g.serviceId)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'lane-group');
      g.append('text').attr('class', 'service-label');
      g.append('g').attr('class', 'errors');
      return g;
    });
  groups
    .select('text.service-label')
    .attr('x', (g) => (g as LaneGroup & { x: number }).x + G.cardPad)
    .attr('y', (g) => g.y + 12)
    .text((g) => `${g.name} (${g.count})`);
  groups
    .select('g.errors')
    .selectAll<SVGTextElement, { text: string; y: number; x: number }>('text')
    .data((g) => g.errorLines.map((text, i) => ({ text, y: g.errorsY + i * G.errorLineH + 11, x: (g as LaneGroup & { x: number }).x + G.cardPad })))
    .join('text')
    .attr('class', 'lane-error')
    .attr('x', (d) => d.x)
    .attr('y', (d) => d.y)
    .text((d) => d.text);
}
