/**
 * Plugin badges inside a machine card, keyed by the plugin's local name:
 * type, enabled or disabled (in words and border style, not colour alone),
 * and the alias when the local name is not the remote reference.
 */
import type { Selection } from 'd3';
import type { PluginBadge } from '../model/cluster.js';
import { GEOMETRY, type CardBox } from '../model/layout.js';
import { setAttr, setStyle, setText } from './write.js';

export function pluginText(p: PluginBadge): string {
  const alias = p.alias ? ` (alias of ${p.reference})` : '';
  return `${p.name}${alias}`;
}

export function renderPlugins(
  card: Selection<SVGGElement, CardBox, null, undefined>,
  box: CardBox,
  o: { readonly duration: number; readonly changed: ReadonlySet<string> },
): void {
  const G = GEOMETRY;
  const w = box.w - 2 * G.cardPad;
  const layer = card.selectAll<SVGGElement, null>('g.plugins').data([null]).join('g').attr('class', 'plugins');
  layer
    .selectAll<SVGGElement, PluginBadge>('g.plugin')
    .data(box.card.plugins, (p) => p.name)
    .join(
      (enter) => {
        const g = enter
          .append('g')
          .attr('class', 'plugin')
          .attr('transform', (_p, i) => `translate(${G.cardPad},${box.pluginsY - box.y + i * G.badgeH})`)
          .style('opacity', o.duration ? 0 : 1);
        g.append('rect').attr('class', 'badge').attr('width', w).attr('height', G.badgeH - 4).attr('rx', 7);
        g.append('text').attr('class', 'badge-type').attr('x', 8).attr('y', 12);
        g.append('text').attr('class', 'badge-state').attr('x', w - 8).attr('y', 12).attr('text-anchor', 'end');
        g.append('text').attr('class', 'badge-name').attr('x', 8).attr('y', 26);
        g.append('title');
        return g;
      },
      (update) => update,
      (exit) =>
        o.duration
          ? exit.classed('leaving', true).transition('fade').duration(o.duration).style('opacity', 0).attr('transform', function () {
              return `${this.getAttribute('transform') ?? ''} translate(0,-6)`;
            }).remove()
          : exit.remove(),
    )
    .classed('disabled', (p) => !p.enabled)
    .classed('changed', (p) => o.changed.has(p.name))
    .call((g) => {
      setAttr(g, 'data-plugin', (p) => p.name);
      setAttr(g, 'data-enabled', (p) => String(p.enabled));
      setText(g.select('text.badge-type'), (p) => `${p.type.toUpperCase()} PLUGIN`);
      setText(g.select('text.badge-name'), (p) => truncate(pluginText(p), Math.floor((w - 16) / 7)));
      setText(g.select('text.badge-state'), (p) => (p.enabled ? '✓ enabled' : '✗ disabled'));
      setText(g.select('title'), (p) => `${p.type} plugin ${pluginText(p)}, ${p.enabled ? 'enabled' : 'disabled'}`);
    })
    .call((g) => {
      // One named transition for place and fade-in, so neither cancels the other.
      const at = (_p: PluginBadge, i: number): string => `translate(${G.cardPad},${box.pluginsY - box.y + i * G.badgeH})`;
      if (o.duration) g.transition('fade').duration(o.duration).attr('transform', at).style('opacity', 1);
      else {
        setAttr(g.interrupt('fade'), 'transform', at);
        setStyle(g, 'opacity', '1');
      }
    });
}

export function truncate(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, Math.max(1, n - 1))}…`;
}

/** Plugins the step removed: a struck-through badge where they were, for that step only. */
export function renderGhosts(card: Selection<SVGGElement, CardBox, null, undefined>, box: CardBox): void {
  const G = GEOMETRY;
  const w = box.w - 2 * G.cardPad;
  const layer = card.selectAll<SVGGElement, null>('g.ghosts').data([null]).join('g').attr('class', 'ghosts');
  const g = layer
    .selectAll<SVGGElement, PluginBadge>('g.ghost')
    .data(box.card.ghosts, (p) => p.name)
    .join((enter) => {
      const e = enter.append('g').attr('class', 'ghost');
      e.append('rect').attr('class', 'badge').attr('width', w).attr('height', G.badgeH - 4).attr('rx', 7);
      e.append('text').attr('class', 'badge-type').attr('x', 8).attr('y', 12);
      e.append('text').attr('class', 'badge-state').attr('x', w - 8).attr('y', 12).attr('text-anchor', 'end');
      e.append('text').attr('class', 'badge-name').attr('x', 8).attr('y', 26);
      e.append('line').attr('class', 'strike').attr('x1', 6).attr('y1', 22);
      e.append('title');
      return e;
    });
  setAttr(g, 'transform', (_p, i) => `translate(${G.cardPad},${box.ghostsY - box.y + i * G.badgeH})`);
  setAttr(g, 'data-plugin', (p) => p.name);
  setText(g.select('text.badge-type'), (p) => `${p.type.toUpperCase()} PLUGIN`);
  setText(g.select('text.badge-state'), () => '− removed');
  const name = (p: PluginBadge): string => truncate(pluginText(p), Math.floor((w - 16) / 7));
  setText(g.select('text.badge-name'), name);
  const strike = g.select('line.strike');
  setAttr(strike, 'y2', 22);
  setAttr(strike, 'x2', (p) => 10 + Math.min(w - 16, name(p).length * 7));
  setText(g.select('title'), (p) => `${p.type} plugin ${pluginText(p)}: removed by this step`);
}
