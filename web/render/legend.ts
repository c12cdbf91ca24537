/**
 * The legend: what chip shapes mean (drawn with the chips' own shapes), the
 * colour of each service of the state shown, and how a change is outlined.
 */
import { create } from 'd3';
import { stateLook, type ServiceKey } from '../model/cluster.js';
import type { TaskState } from '../../sim/model/taskState.js';
import { serviceColour } from './palette.js';
import { shapePath } from './symbols.js';

/** The task states the legends explain (this one, and the exports' captions). */
export const LEGEND_STATES: readonly { state: TaskState; words: string }[] = [
  { state: 'pending', words: 'pending' },
  { state: 'starting', words: 'assigned … starting' },
  { state: 'running', words: 'running' },
  { state: 'complete', words: 'complete' },
  { state: 'shutdown', words: 'shut down' },
  { state: 'failed', words: 'failed / rejected' },
];

export function renderLegend(host: HTMLElement): void {
  host.replaceChildren();
  const list = create('ul').attr('class', 'legend-list legend-states');
  for (const e of LEGEND_STATES) {
    const look = stateLook(e.state);
    const li = list.append('li');
    const svg = li.append('svg').attr('width', 20).attr('height', 18).attr('aria-hidden', 'true').attr('class', `chip tone-${look.tone} shape-${look.shape}`);
    svg.append('rect').attr('class', 'chip-bg').attr('x', 1).attr('y', 1).attr('width', 18).attr('height', 16).attr('rx', 3);
    svg.append('path').attr('class', 'chip-shape').attr('transform', 'translate(10,9)').attr('d', shapePath(look.shape, 48));
    li.append('span').text(e.words);
  }
  const li = list.append('li');
  li.append('span').attr('class', 'legend-changed').text('Δ dashed');
  li.append('span').text('changed by this step');
  host.append(list.node()!);
  host.append(create('ul').attr('class', 'legend-list legend-services').attr('aria-label', 'Services by colour').node()!);
}

/** The services' colours; written only when the services change. */
export function renderServiceLegend(host: HTMLElement, services: readonly ServiceKey[]): void {
  const ul = host.querySelector<HTMLUListElement>('ul.legend-services');
  if (!ul) return;
  const key = services.map((s) => `${s.name}:${s.colour}`).join(',');
  if (ul.dataset.key === key) return;
  ul.dataset.key = key;
  ul.replaceChildren(
    ...services.map((s) => {
      const item = document.createElement('li');
      const swatch = document.createElement('span');
      swatch.className = 'swatch';
      swatch.style.background = serviceColour(s.colour);
      item.append(swatch, document.createTextNode(s.name));
      return item;
    }),
  );
}
