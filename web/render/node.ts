/**
 * Machine cards: hostname, swarm role, leader, availability, status, IP,
 * CPU and memory reserved against what the node has, then its plugins,
 * volumes and the services of the tasks it holds. Keyed by machine name.
 */
import { format, select, type Selection } from 'd3';
import type { MachineCard } from '../model/cluster.js';
import { GEOMETRY, type CardBox } from '../model/layout.js';
import { renderGhosts, renderPlugins } from './plugin.js';
import { renderVolumes } from './volume.js';
import { setAttr, setStyle, setText } from './write.js';

export interface NodeRenderOptions {
  readonly duration: number;
  readonly selected: string | null;
  readonly changedMachines: ReadonlySet<string>;
  /** Per machine: plugin and volume names that changed in this step. */
  readonly changedParts: ReadonlyMap<string, ReadonlySet<string>>;
  /** Every machine of the model: a card that leaves the DOM only because it is out of view is not faded. */
  readonly alive: ReadonlySet<string>;
  /** Machines matching the search (the others are dimmed), or null. */
  readonly matches: ReadonlySet<string> | null;
  readonly onSelect: (machine: string) => void;
}

const AVAILABILITY: Record<string, string> = { active: '▶ active', pause: '⏸ pause', drain: '⤓ drain' };
const STATUS: Record<string, string> = { ready: '✓ ready', down: '✗ down', unknown: '? unknown', disconnected: '⚠ disconnected' };
const gib = (b: number): string => `${format('.3~g')(b / 2 ** 30)} GiB`;
const cpu = (n: number): string => format('.3~g')(n);

export function roleText(c: MachineCard): string {
  if (!c.node) return c.running ? 'not in the swarm' : 'engine stopped';
  return `${c.node.role}${c.node.leader ? ' ★ leader' : ''}`;
}

export function describeMachine(c: MachineCard): string {
  const parts = [`Machine ${c.name}`, c.ip, roleText(c)];
  if (c.node) parts.push(`availability ${c.node.availability}`, `status ${c.node.status}`);
  if (c.nodeLabels.length) parts.push(`node labels ${c.nodeLabels.join(' ')}`);
  if (c.engineLabels.length) parts.push(`engine labels ${c.engineLabels.join(' ')}`);
  if (!c.running) parts.push('engine stopped');
  parts.push(`${c.plugins.length} plugin${c.plugins.length === 1 ? '' : 's'}`);
  const tasks = c.services.reduce((n, s) => n + s.tasks.length, 0);
  parts.push(`${tasks} task${tasks === 1 ? '' : 's'}`);
  for (const r of c.reasons) parts.push(`no task of ${r.service}: ${r.text}`);
  return parts.join(', ');
}

export function renderNodes(layer: Selection<SVGGElement, unknown, null, undefined>, boxes: readonly CardBox[], o: NodeRenderOptions): void {
  const G = GEOMETRY;
  const cards = layer
    .selectAll<SVGGElement, CardBox>('g.card')
    .data(boxes, (b) => b.card.name)
    .join(
      (enter) => {
        const g = enter
          .append('g')
          .attr('class', 'card')
          .attr('role', 'button')
          .attr('tabindex', 0)
          .attr('transform', (b) => `translate(${b.x},${b.y})`)
          .style('opacity', o.duration ? 0 : 1);
        g.append('rect').attr('class', 'card-bg').attr('rx', 8);
        g.append('text').attr('class', 'hostname').attr('x', G.cardPad).attr('y', 19);
        g.append('text').attr('class', 'role').attr('y', 19);
        g.append('text').attr('class', 'facts').attr('x', G.cardPad).attr('y', 37);
        g.append('g').attr('class', 'resources');
        g.append('text').attr('class', 'stale').attr('x', G.cardPad);
        g.append('g').attr('class', 'service-labels');
        g.append('text').attr('class', 'changed-mark').attr('y', 19).attr('text-anchor', 'end');
        return g;
      },
      (update) => update,
      (exit) => {
        exit.filter((b) => o.alive.has(b.card.name)).remove();
        const gone = exit.filter((b) => !o.alive.has(b.card.name));
        return o.duration ? gone.transition().duration(o.duration).style('opacity', 0).remove() : gone.remove();
      },
    );

  // Only cards whose content, place, selection or diff changed are touched: scrubbing
  // a 200-machine view rewrites a handful of cards per frame, not all of them.
  const dirty = cards.filter(function (b) {
    const el = this as SVGGElement & { __sig?: string };
    if (o.duration) {
      // Animated: a transition may be cut short, so the next instant render redraws it.
      el.__sig = '';
      return true;
    }
    const sig = cardSignature(b, o);
    if (el.__sig === sig) return false;
    el.__sig = sig;
    return true;
  });
  renderCards(dirty, o);
}

function cardSignature(b: CardBox, o: NodeRenderOptions): string {
  const { card, ...box } = b;
  const { services, ...rest } = card;
  return JSON.stringify([
    box,
    rest,
    services.map((s) => [s.serviceId, s.name, s.tasks.length]),
    card.name === o.selected,
    o.changedMachines.has(card.name),
    [...(o.changedParts.get(card.name) ?? [])],
    o.matches ? o.matches.has(card.name) : null,
  ]);
}

function renderCards(cards: Selection<SVGGElement, CardBox, SVGGElement, unknown>, o: NodeRenderOptions): void {
  const G = GEOMETRY;
  setAttr(cards, 'data-machine', (b) => b.card.name);
  setAttr(cards, 'aria-label', (b) => describeMachine(b.card));
  setAttr(cards, 'aria-pressed', (b) => (b.card.name === o.selected ? 'true' : 'false'));
  setAttr(cards, 'class', (b) =>
    [
      'card',
      b.card.node ? `role-${b.card.node.role}` : 'no-node',
      b.card.node ? `avail-${b.card.node.availability} status-${b.card.node.status}` : '',
      b.card.running ? '' : 'stopped',
      b.card.name === o.selected ? 'selected' : '',
      o.changedMachines.has(b.card.name) ? 'changed' : '',
      o.matches ? (o.matches.has(b.card.name) ? 'match' : 'dim') : '',
    ]
      .filter(Boolean)
      .join(' '),
  );
  cards
    .on('click', (_e, b) => o.onSelect(b.card.name))
    .on('keydown', (e: KeyboardEvent, b) => {
      if (e.target !== e.currentTarget) return;
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        e.stopPropagation();
        o.onSelect(b.card.name);
      }
    });

  if (o.duration)
    cards
      .transition('move')
      .duration(o.duration)
      .attr('transform', (b) => `translate(${b.x},${b.y})`)
      .style('opacity', 1);
  else {
    cards.interrupt('move');
    setAttr(cards, 'transform', (b) => `translate(${b.x},${b.y})`);
    setStyle(cards, 'opacity', '1');
  }

  const bg = cards.select<SVGRectElement>('rect.card-bg');
  setAttr(bg, 'width', (b) => b.w);
  if (o.duration) bg.transition('size').duration(o.duration).attr('height', (b) => b.h);
  else setAttr(bg.interrupt('size'), 'height', (b) => b.h);
  setText(cards.select('text.hostname'), (b) => b.card.name);
  const role = cards.select('text.role');
  setAttr(role, 'x', (b) => b.w - G.cardPad - (o.changedMachines.has(b.card.name) ? 18 : 0));
  setAttr(role, 'text-anchor', 'end');
  setText(role, (b) => roleText(b.card));
  const mark = cards.select('text.changed-mark');
  setAttr(mark, 'x', (b) => b.w - G.cardPad);
  setText(mark, (b) => (o.changedMachines.has(b.card.name) ? 'Δ' : ''));
  setText(cards.select('text.facts'), (b) => {
    const n = b.card.node;
    const bits = n ? [AVAILABILITY[n.availability] ?? n.availability, STATUS[n.status] ?? n.status] : [];
    if (!b.card.running) bits.push('■ engine stopped');
    bits.push(b.card.ip);
    return bits.join(' · ');
  });
  const stale = cards.select('text.stale');
  setAttr(stale, 'y', (b) => b.staleY - b.y + 12);
  setText(stale, (b) => (b.card.node?.staleReport ? '⟳ manager has an old report of its plugins' : ''));

  cards.each(function (b) {
    const card = select(this) as unknown as Selection<SVGGElement, CardBox, null, undefined>;
    renderResources(card, b);
    renderPlugins(card, b, { duration: o.duration, changed: o.changedParts.get(b.card.name) ?? new Set() });
    renderGhosts(card, b);
    renderVolumes(card, b, { changed: o.changedParts.get(b.card.name) ?? new Set() });
    renderLines(card, 'labels', b.labelLines.map((text, i) => ({ text, y: b.labelsY - b.y + i * G.textLineH + 11, cls: 'card-labels' })));
    renderLines(
      card,
      'reasons',
      b.reasonLines.map((l, i) => ({ text: l.text, y: b.reasonsY - b.y + i * G.textLineH + 11, cls: l.head ? 'reason reason-head' : 'reason' })),
    );
    const labels = card
      .select('g.service-labels')
      .selectAll<SVGTextElement, CardBox['services'][number]>('text')
      .data(b.services, (s) => s.serviceId)
      .join((enter) => enter.append('text').attr('class', 'service-label').attr('x', G.cardPad));
    setAttr(labels, 'y', (s) => s.y - b.y + 11);
    setText(labels, (s) => {
      const n = b.card.services.find((x) => x.serviceId === s.serviceId)?.tasks.length ?? 0;
      return `${s.name} (${n})`;
    });
  });
}

/** Lines of small text in a card, in a group of their own. */
function renderLines(card: Selection<SVGGElement, CardBox, null, undefined>, group: string, lines: { text: string; y: number; cls: string }[]): void {
  const layer = card.selectAll<SVGGElement, null>(`g.${group}`).data([null]).join('g').attr('class', group);
  const t = layer
    .selectAll<SVGTextElement, (typeof lines)[number]>('text')
    .data(lines)
    .join((enter) => enter.append('text').attr('x', GEOMETRY.cardPad));
  setAttr(t, 'class', (l) => l.cls);
  setAttr(t, 'y', (l) => l.y);
  setText(t, (l) => l.text);
}

function renderResources(card: Selection<SVGGElement, CardBox, null, undefined>, b: CardBox): void {
  const G = GEOMETRY;
  const n = b.card.node;
  const rows = n
    ? [
        { key: 'cpu', label: `CPU ${cpu(n.cpuReserved)} / ${cpu(n.cpuTotal)} reserved`, frac: n.cpuTotal ? n.cpuReserved / n.cpuTotal : 0 },
        { key: 'mem', label: `Mem ${gib(n.memReserved)} / ${gib(n.memTotal)} reserved`, frac: n.memTotal ? n.memReserved / n.memTotal : 0 },
      ]
    : [];
  const barX = b.w - G.cardPad - 56;
  const g = card
    .select('g.resources')
    .selectAll<SVGGElement, (typeof rows)[number]>('g.resource')
    .data(rows, (r) => r.key)
    .join((enter) => {
      const e = enter.append('g').attr('class', 'resource');
      e.append('text').attr('x', G.cardPad).attr('y', 10);
      e.append('rect').attr('class', 'bar-track').attr('height', 7).attr('rx', 3).attr('y', 3).attr('width', 56);
      e.append('rect').attr('class', 'bar-fill').attr('height', 7).attr('rx', 3).attr('y', 3);
      return e;
    });
  setAttr(g, 'transform', (_r, i) => `translate(0,${G.headerH + i * G.resourceRowH})`);
  setText(g.select('text'), (r) => r.label);
  setAttr(g.select('rect.bar-track'), 'x', barX);
  const fill = g.select('rect.bar-fill');
  setAttr(fill, 'x', barX);
  setAttr(fill, 'width', (r) => 56 * Math.min(1, r.frac));
}
