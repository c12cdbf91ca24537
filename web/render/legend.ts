/** What the chip shapes, labels and colours mean, drawn with the chips' own shapes. */
import { create } from 'd3';
import { stateLook } from '../model/cluster.js';
import type { TaskState } from '../../sim/model/taskState.js';
import { shapePath } from './symbols.js';

const ENTRIES: { state: TaskState; words: string }[] = [
  { state: 'pending', words: 'pending: waiting for a node' },
  { state: 'starting', words: 'assigned … starting' },
  { state: 'running', words: 'running' },
  { state: 'complete', words: 'complete' },
  { state: 'shutdown', words: 'shut down' },
  { state: 'failed', words: 'failed / rejected' },
];

export function renderLegend(host: HTMLElement): void {
  host.replaceChildren();
  const list = create('ul').attr('class', 'legend-list');
  for (const e of ENTRIES) {
    const look = stateLook(e.state);
    const li = list.append('li');
    const svg = li.append('svg').attr('width', 54).attr('height', 20).attr('aria-hidden', 'true').attr('class', `chip tone-${look.tone} shape-${look.shape}`);
    svg.append('rect').attr('class', 'chip-bg').attr('width', 54).attr('height', 20).attr('rx', 4);
    svg.append('path').attr('class', 'chip-shape').attr('transform', 'translate(10,10)').attr('d', shapePath(look.shape, 70));
    svg.append('text').attr('class', 'chip-label').attr('x', 19).attr('y', 14).text(look.label);
    li.append('span').text(e.words);
  }
  const li = list.append('li');
  li.append('span').attr('class', 'legend-changed').text('Δ dashed outline');
  li.append('span').text('changed by this step');
  host.append(list.node()!);
}
