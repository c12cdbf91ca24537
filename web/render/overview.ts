/**
 * The overview's drawing (model/overview.ts places it): a cell per node with
 * its hostname and its task marks, one path per service and state so that a
 * 1,000-node swarm is a few thousand elements. Cells are keyed by machine
 * and only rewritten when what they show changes.
 */
import { pointer, type Selection } from 'd3';
import { markAt, type OverviewCell, type OverviewLayout } from '../model/overview.js';
import { serviceColour } from './palette.js';
import { setAttr, setText } from './write.js';

export interface OverviewRenderOptions {
  readonly selectedMachine: string | null;
  readonly selectedTask: string | null;
  /** Machines to outline: their card or tasks changed in this step. */
  readonly changed: ReadonlySet<string>;
  /** Machines that match the search, or null when there is no search. */
  readonly matches: ReadonlySet<string> | null;
  readonly onSelectMachine: (name: string) => void;
  readonly onSelectTask: (id: string) => void;
}

type Layer = Selection<SVGGElement, unknown, null, undefined>;

const BUILTIN_PLUGIN = /^(bridge|host|ipvlan|macvlan|null|overlay|local)$/;

export function describeCell(c: OverviewCell): string {
  const n = c.card.node;
  const tasks = c.marks.length;
  const parts = [`Node ${c.card.name}`, n ? `${n.role}${n.leader ? ' (leader)' : ''}` : c.card.running ? 'not in the swarm' : 'engine stopped'];
  if (n) parts.push(`${n.availability}, ${n.status}`);
  parts.push(`${tasks} task${tasks === 1 ? '' : 's'}`);
  const byService = c.card.services.map((s) => `${s.name} ${s.tasks.filter((t) => c.marks.some((m) => m.chip.id === t.id)).length}`).filter((x) => !x.endsWith(' 0'));
  if (byService.length) parts.push(byService.join(', '));
  const plugins = c.card.plugins.filter((p) => !BUILTIN_PLUGIN.test(p.name)).map((p) => `${p.name}${p.enabled ? '' : ' (disabled)'}`);
  parts.push(plugins.length ? `plugins: ${plugins.join(', ')}` : 'no plugins');
  return parts.join(' · ');
}

/** d for squares of side `s` at each (x, y). */
function squares(marks: readonly { x: number; y: number }[], s: number, inset: number): string {
  let d = '';
  const side = s - 2 * inset;
  for (const m of marks) d += `M${m.x + inset},${m.y + inset}h${side}v${side}h${-side}z`;
  return d;
}

export function renderOverview(layer: Layer, layout: OverviewLayout, o: OverviewRenderOptions): void {
  const lines = layer
    .selectAll<SVGTextElement, OverviewLayout['lines'][number]>('text.oline')
    .data(layout.lines, (l) => `${l.kind}:${l.text}`)
    .join((enter) => enter.append('text'));
  setAttr(lines, 'class', (l) => `oline ${l.kind === 'network' ? `network${l.network && !l.network.attach.length ? ' unattachable' : ''}` : l.kind === 'pending' ? 'lane-title' : 'lane-error'}`);
  setAttr(lines, 'x', (l) => (l.indent ? 22 : 12));
  setAttr(lines, 'y', (l) => l.y + 12);
  setAttr(lines, 'data-network', (l) => l.network?.name ?? '');
  setText(lines, (l) => l.text);

  const cells = layer
    .selectAll<SVGGElement, OverviewCell>('g.ocell')
    .data(layout.cells, (c) => c.card.name)
    .join((enter) => {
      const g = enter.append('g').attr('role', 'button');
      g.append('rect').attr('class', 'ocell-bg').attr('rx', 2);
      g.append('rect').attr('class', 'oplug');
      g.append('text').attr('class', 'ohost');
      g.append('g').attr('class', 'omarks');
      g.append('title');
      return g;
    });
  cells.on('click', function (e: MouseEvent, c) {
    const [x, y] = pointer(e, this.parentNode as SVGGElement);
    const m = markAt(c, x, y, layout.mark);
    if (m) o.onSelectTask(m.chip.id);
    else o.onSelectMachine(c.card.name);
  });

  const sel = o.selectedTask;
  cells.each(function (c) {
    const el = this as SVGGElement & { __sig?: string };
    const n = c.card.node;
    const cls = [
      'ocell',
      n ? `role-${n.role} avail-${n.availability} status-${n.status}` : 'no-node',
      c.card.running ? '' : 'stopped',
      c.card.name === o.selectedMachine ? 'selected' : '',
      o.changed.has(c.card.name) ? 'changed' : '',
      o.matches ? (o.matches.has(c.card.name) ? 'match' : 'dim') : '',
    ]
      .filter(Boolean)
      .join(' ');
    const marksSig = c.marks.map((m) => `${m.chip.id}:${m.filled ? 1 : 0}:${m.chip.colour}`).join(',');
    const sig = `${c.x},${c.y},${c.w},${c.h},${layout.mark},${layout.fontSize}|${cls}|${marksSig}|${c.card.plugins.map((p) => p.name + p.enabled).join(',')}`;
    if (el.__sig === sig) return;
    el.__sig = sig;
    el.setAttribute('class', cls);
    el.setAttribute('data-machine', c.card.name);
    el.setAttribute('data-tasks', String(c.marks.length));
    const label = describeCell(c);
    el.setAttribute('aria-label', label);
    const [bg, plug, host, marks, title] = el.children as unknown as [SVGRectElement, SVGRectElement, SVGTextElement, SVGGElement, SVGTitleElement];
    bg.setAttribute('x', String(c.x));
    bg.setAttribute('y', String(c.y));
    bg.setAttribute('width', String(c.w));
    bg.setAttribute('height', String(c.h));
    const plugins = c.card.plugins.filter((p) => p.enabled && !BUILTIN_PLUGIN.test(p.name));
    plug.setAttribute('x', String(c.x + 1));
    plug.setAttribute('y', String(c.y + layout.headerH - 1.5));
    plug.setAttribute('width', plugins.length ? String(c.w - 2) : '0');
    plug.setAttribute('height', '1.5');
    plug.setAttribute('class', `oplug${plugins.length ? ` type-${plugins[0].type.split('+')[0]}` : ''}`);
    host.setAttribute('x', String(c.x + 2));
    host.setAttribute('y', String(c.y + layout.fontSize + 1));
    host.style.fontSize = `${layout.fontSize}px`;
    host.textContent = c.card.name;
    title.textContent = label;
    // One path per service colour and state: filled when running, outlined while starting.
    const groups = new Map<string, { colour: number; filled: boolean; marks: { x: number; y: number }[] }>();
    for (const m of c.marks) {
      const k = `${m.chip.colour}:${m.filled}`;
      let g = groups.get(k);
      if (!g) groups.set(k, (g = { colour: m.chip.colour, filled: m.filled, marks: [] }));
      g.marks.push(m);
    }
    const paths = [...groups.values()];
    while (marks.children.length > paths.length) marks.lastElementChild!.remove();
    while (marks.children.length < paths.length) marks.append(document.createElementNS('http://www.w3.org/2000/svg', 'path'));
    paths.forEach((p, i) => {
      const path = marks.children[i] as SVGPathElement;
      const colour = serviceColour(p.colour);
      const inset = p.filled ? 0 : Math.min(0.75, layout.mark / 6);
      path.setAttribute('d', squares(p.marks, layout.mark, inset));
      path.setAttribute('class', p.filled ? 'omark' : 'omark starting');
      path.setAttribute('fill', p.filled ? colour : 'none');
      path.setAttribute('stroke', p.filled ? 'none' : colour);
      path.setAttribute('stroke-width', p.filled ? '0' : String(Math.max(0.6, layout.mark / 4)));
    });
  });

  // The selected task: a ring around its mark.
  const hit = sel ? layout.cells.flatMap((c) => c.marks.filter((m) => m.chip.id === sel)) : [];
  const ring = layer
    .selectAll<SVGRectElement, (typeof hit)[number]>('rect.oring')
    .data(hit, (m) => m.chip.id)
    .join((enter) => enter.append('rect').attr('class', 'oring'));
  const pad = Math.max(1.5, layout.mark / 3);
  setAttr(ring, 'x', (m) => m.x - pad);
  setAttr(ring, 'y', (m) => m.y - pad);
  setAttr(ring, 'width', layout.mark + 2 * pad);
  setAttr(ring, 'height', layout.mark + 2 * pad);
  setAttr(ring, 'data-task-id', (m) => m.chip.id);
  ring.raise();
}
