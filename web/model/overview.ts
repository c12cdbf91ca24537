/**
 * The overview: every node as a small column of task marks, coloured by
 * service, all drawn to one scale, so a swarm of hundreds of nodes fits one
 * screen and a node with more tasks is a taller stack. Chosen when cards
 * would not fit (render/cluster.ts). Pure: sizes in SVG user units.
 *
 * Only live tasks (assigned to running) are marks: filled when running,
 * outlined while starting. Waiting tasks are summed up above the grid.
 */
import { networkLines, wrap } from './layout.js';
import type { ClusterModel, MachineCard, NetworkRow, TaskChip } from './cluster.js';

export interface OverviewMark {
  readonly chip: TaskChip;
  readonly x: number;
  readonly y: number;
  readonly filled: boolean;
}

export interface OverviewCell {
  readonly card: MachineCard;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  readonly marks: readonly OverviewMark[];
}

export interface OverviewLayout {
  readonly width: number;
  readonly height: number;
  /** Side of a task mark, and the space between marks. */
  readonly mark: number;
  readonly markGap: number;
  /** Marks per row inside a cell. */
  readonly perCellRow: number;
  readonly fontSize: number;
  readonly headerH: number;
  readonly cells: readonly OverviewCell[];
  /** Lines above the grid: networks, then what waits for a node. */
  readonly lines: readonly { readonly text: string; readonly y: number; readonly kind: 'network' | 'pending' | 'pending-error'; readonly network?: NetworkRow; readonly indent?: boolean }[];
}

const LIVE = new Set(['assigned', 'accepted', 'preparing', 'ready', 'starting', 'running']);
const PAD = 12;
const LINE_H = 16;
/** Space between cells and inside them, smaller with smaller marks (a 1,000-node grid has no room to spare). */
const cellGap = (mark: number): number => Math.max(2, Math.min(6, mark));
const cellPad = (mark: number): number => (mark >= 6 ? 3 : 1.5);
const MARKS = [12, 10, 8, 7, 6, 5, 4, 3, 2];

/** The largest marks that fit every node in width x height; when none fits, the smallest, to zoom into. */
export function layoutOverview(model: ClusterModel, width: number, height: number): OverviewLayout {
  const w = Math.max(200, width);
  const maxChars = Math.max(20, Math.floor((w - 2 * PAD) / 6.6));
  const lines: { text: string; y: number; kind: 'network' | 'pending' | 'pending-error'; network?: NetworkRow; indent?: boolean }[] = [];
  let y = PAD;
  const nodes = model.machines.filter((m) => m.node).length;
  for (const n of model.networks) {
    // Too long for the width (a phone's): on more lines, continuations indented.
    for (const text of networkLines(n, nodes, maxChars)) {
      const indent = text.startsWith('  ');
      lines.push({ text: indent ? text.trimStart() : text, y, kind: 'network', network: n, indent });
      y += LINE_H;
    }
  }
  for (const g of model.unscheduled) {
    lines.push({ text: `▲ ${g.tasks.length.toLocaleString('en')} task${g.tasks.length === 1 ? '' : 's'} of ${g.name} waiting for a node`, y, kind: 'pending' });
    y += LINE_H;
    for (const e of g.errors.slice(0, 2))
      for (const l of wrap(e, maxChars).slice(0, 2)) {
        lines.push({ text: l, y, kind: 'pending-error' });
        y += LINE_H;
      }
  }
  const top = y + (lines.length ? 4 : 0);

  const live = model.machines.map((m) => m.services.flatMap((s) => s.tasks.filter((t) => LIVE.has(t.state))));
  const most = Math.max(1, ...live.map((l) => l.length));
  const longest = Math.max(3, ...model.machines.map((m) => m.name.length));
  const n = model.machines.length;

  const shape = (mark: number, k: number) => {
    const gap = mark >= 6 ? 2 : 1;
    const pad = cellPad(mark);
    const between = cellGap(mark);
    const cw = 2 * pad + k * (mark + gap) - gap;
    const fontSize = Math.max(2, Math.min(11, (cw - 2) / (0.62 * longest)));
    const headerH = fontSize + (fontSize >= 6 ? 4 : 2);
    const ch = headerH + Math.ceil(most / k) * (mark + gap) - gap + 2 * pad;
    const perRow = Math.max(1, Math.floor((w - 2 * PAD + between) / (cw + between)));
    const rows = Math.ceil(n / perRow);
    const total = top + rows * (ch + between) - between + PAD;
    return { mark, gap, pad, between, k, cw, ch, fontSize, headerH, perRow, total };
  };
  let best: ReturnType<typeof shape> | null = null;
  for (const mark of MARKS) {
    let pick: ReturnType<typeof shape> | null = null;
    for (let k = 1; k <= 12; k++) {
      const s = shape(mark, k);
      if (s.perRow === 1 && k > 1 && s.cw > w) break;
      if (!pick || s.total < pick.total) pick = s;
    }
    best = pick;
    if (pick && pick.total <= height) break;
  }
  const s = best!;

  const cells: OverviewCell[] = model.machines.map((card, i) => {
    const cx = PAD + (i % s.perRow) * (s.cw + s.between);
    const cy = top + Math.floor(i / s.perRow) * (s.ch + s.between);
    const marks = live[i].map((chip, j) => ({
      chip,
      x: cx + s.pad + (j % s.k) * (s.mark + s.gap),
      y: cy + s.headerH + s.pad + Math.floor(j / s.k) * (s.mark + s.gap),
      filled: chip.state === 'running',
    }));
    return { card, x: cx, y: cy, w: s.cw, h: s.ch, marks };
  });
  return {
    width: w,
    height: Math.max(s.total, top + PAD),
    mark: s.mark,
    markGap: s.gap,
    perCellRow: s.k,
    fontSize: s.fontSize,
    headerH: s.headerH,
    cells,
    lines,
  };
}

/** The task mark under a point of a cell, if any. */
export function markAt(cell: OverviewCell, x: number, y: number, mark: number): OverviewMark | null {
  for (const m of cell.marks) if (x >= m.x - 1 && x <= m.x + mark + 1 && y >= m.y - 1 && y <= m.y + mark + 1) return m;
  return null;
}
