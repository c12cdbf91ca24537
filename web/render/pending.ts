/**
 * The lane of unscheduled tasks: per service, the scheduler's own message
 * (`no suitable node (...)`) and the waiting chips, drawn by task.ts.
 */
import type { Selection } from 'd3';
import { GEOMETRY, type ClusterLayout, type LaneGroup } from '../model/layout.js';
import { setAttr, setText } from './write.js';

export function renderPendingLane(layer: Selection<SVGGElement, unknown, null, undefined>, lane: ClusterLayout['lane']): void {
  const G = GEOMETRY;
  const box = layer.selectAll<SVGGElement, NonNullable<ClusterLayout['lane']>>('g.lane').data(lane ? [lane] : []).join((enter) => {
    const g = enter.append('g').attr('class', 'lane');
    g.append('rect').attr('class', 'lane-bg').attr('rx', 8);
    g.append('text').attr('class', 'lane-title');
    return g;
  });
  const bg = box.select('rect.lane-bg');
  setAttr(bg, 'x', (l) => l.x);
  setAttr(bg, 'y', (l) => l.y);
  setAttr(bg, 'width', (l) => l.w);
  setAttr(bg, 'height', (l) => l.h);
  const title = box.select('text.lane-title');
  setAttr(title, 'x', (l) => l.x + G.cardPad);
  setAttr(title, 'y', (l) => l.y + 18);
  setText(title, (l) => {
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
      g.append('text').attr('class', 'lane-more');
      return g;
    });
  const label = groups.select('text.service-label');
  setAttr(label, 'x', (g) => (g as LaneGroup & { x: number }).x + G.cardPad);
  setAttr(label, 'y', (g) => g.y + 12);
  setText(label, (g) => `${g.name} (${g.count})`);
  const more = groups.select('text.lane-more');
  setAttr(more, 'x', (g) => g.moreX + 4);
  setAttr(more, 'y', (g) => g.moreY + G.chipH / 2 + 4);
  setText(more, (g) => (g.more > 0 ? `+${g.more} more` : ''));
  const errors = groups
    .select('g.errors')
    .selectAll<SVGTextElement, { text: string; y: number; x: number }>('text')
    .data((g) => g.errorLines.map((text, i) => ({ text, y: g.errorsY + i * G.errorLineH + 11, x: (g as LaneGroup & { x: number }).x + G.cardPad })))
    .join((enter) => enter.append('text').attr('class', 'lane-error'));
  setAttr(errors, 'x', (d) => d.x);
  setAttr(errors, 'y', (d) => d.y);
  setText(errors, (d) => d.text);
}
