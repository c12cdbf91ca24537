/** Volumes inside a machine card, keyed by name, with their driver. */
import type { Selection } from 'd3';
import type { VolumeRow } from '../model/cluster.js';
import { GEOMETRY, type CardBox } from '../model/layout.js';
import { truncate } from './plugin.js';
import { setAttr, setText } from './write.js';

export function renderVolumes(card: Selection<SVGGElement, CardBox, null, undefined>, box: CardBox, o: { readonly changed: ReadonlySet<string> }): void {
  const G = GEOMETRY;
  const layer = card.selectAll<SVGGElement, null>('g.volumes').data([null]).join('g').attr('class', 'volumes');
  const maxChars = Math.floor((box.w - 2 * G.cardPad) / 6.2);
  layer
    .selectAll<SVGTextElement, VolumeRow>('text.volume')
    .data(box.card.volumes, (v) => v.name)
    .join((enter) => enter.append('text').attr('class', 'volume').attr('x', G.cardPad))
    .classed('changed', (v) => o.changed.has(v.name))
    .call((t) => {
      setAttr(t, 'y', (_v, i) => box.volumesY - box.y + i * G.volumeH + 12);
      setAttr(t, 'data-volume', (v) => v.name);
      setText(t, (v) => truncate(`⛁ ${v.name} · driver ${v.driver}`, maxChars));
    });
}
