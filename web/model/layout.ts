/**
 * Where everything of the cluster view goes, in SVG user units. Pure: the
 * renderers only draw what this places. Task chips are placed in the view's
 * coordinates (not inside their card) so a moving task slides between cards.
 */
import type { ClusterModel, MachineCard, NetworkRow, TaskChip } from './cluster.js';

export const GEOMETRY = {
  pad: 16,
  gap: 16,
  cardW: 310,
  cardPad: 10,
  headerH: 46,
  resourceRowH: 17,
  badgeH: 36,
  volumeH: 17,
  staleH: 17,
  serviceLabelH: 16,
  chipW: 94,
  chipH: 20,
  chipGap: 4,
  networkH: 20,
  laneLabelH: 18,
  errorLineH: 15,
  charW: 6.7,
  /** A line of node or engine labels, and a line of an empty node's reasons. */
  textLineH: 15,
  /** Width of a character of the cards' 12px text, for wrapping. */
  smallCharW: 6.3,
} as const;

export interface CardBox {
  readonly card: MachineCard;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  /** Node and engine label lines, from labelsY. */
  readonly labelLines: readonly string[];
  readonly labelsY: number;
  readonly pluginsY: number;
  /** Struck-through badges of plugins the step removed, after the plugins. */
  readonly ghostsY: number;
  readonly volumesY: number;
  readonly staleY: number;
  /** An empty node's reasons, wrapped, from reasonsY. */
  readonly reasonLines: readonly { readonly text: string; readonly head: boolean }[];
  readonly reasonsY: number;
  readonly services: readonly { readonly serviceId: string; readonly name: string; readonly y: number }[];
}

export interface LaneGroup {
  readonly serviceId: string;
  readonly name: string;
  readonly count: number;
  readonly y: number;
  /** The scheduler's messages, wrapped to the lane's width. */
  readonly errorLines: readonly string[];
  readonly errorsY: number;
  /** Waiting tasks not drawn as chips (past LANE_ROWS rows), told as "+N more" at (moreX, moreY). */
  readonly more: number;
  readonly moreX: number;
  readonly moreY: number;
}

/**
 * Rows of chips per service in the lane of unscheduled tasks. They all wait
 * for the same reason (the scheduler explains a service's group once), so a
 * few rows and a count say as much as 500 chips, and keep a large state quick
 * to draw.
 */
export const LANE_ROWS = 3;

export interface ChipBox {
  readonly chip: TaskChip;
  readonly x: number;
  readonly y: number;
}

export interface ClusterLayout {
  readonly width: number;
  readonly height: number;
  readonly networks: readonly NetworkBox[];
  readonly lane: { readonly x: number; readonly y: number; readonly w: number; readonly h: number; readonly groups: readonly LaneGroup[] } | null;
  readonly cards: readonly CardBox[];
  readonly chips: readonly ChipBox[];
}

export interface NetworkBox {
  readonly row: NetworkRow;
  readonly x: number;
  readonly y: number;
  /** The row's text, on as many lines as the width needs (a phone's is narrow). */
  readonly lines: readonly string[];
}

/** A network's nodes, shortened when there are many. */
export function attachText(n: NetworkRow, nodes: number): string {
  if (n.attach.length === 0) return 'no node reports this driver';
  if (n.attach.length <= 6) return n.attach.join(', ');
  return `${n.attach.length} of ${nodes} nodes (${n.attach[0]} … ${n.attach[n.attach.length - 1]})`;
}

/** A network's line: what it is, and the nodes whose engines report its driver (where its tasks can go). */
export function networkText(n: NetworkRow, nodes: number): string {
  return `⇄ ${n.name} · driver ${n.driver} · ${n.scope} · can attach: ${attachText(n, nodes)}`;
}

/** A network's text for a width of `maxChars`: split before "can attach", then wrapped, continuation lines indented. */
export function networkLines(n: NetworkRow, nodes: number, maxChars: number): string[] {
  const text = networkText(n, nodes);
  if (text.length <= maxChars) return [text];
  const cut = text.indexOf(' · can attach: ');
  const parts = cut > 0 ? [text.slice(0, cut), text.slice(cut + 3)] : [text];
  const [head, ...more] = wrap(parts[0], maxChars);
  const rest = [more.join(' '), ...parts.slice(1)].filter(Boolean);
  return [head, ...rest.flatMap((part) => wrap(part, maxChars - 2).map((l) => `  ${l}`))];
}

export function wrap(text: string, maxChars: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > maxChars) {
      out.push(line);
      line = '';
    }
    line = line ? `${line} ${word}` : word;
    while (line.length > maxChars) {
      out.push(line.slice(0, maxChars));
      line = line.slice(maxChars);
    }
  }
  if (line) out.push(line);
  return out;
}

/** `center`: the grid of cards is centred in the width (presenter mode); else it starts at the left. */
export function layoutCluster(model: ClusterModel, viewWidth: number, center = false): ClusterLayout {
  const G = GEOMETRY;
  const width = Math.max(viewWidth, G.cardW + 2 * G.pad);
  const chips: ChipBox[] = [];
  let y = G.pad;

  const nodes = model.machines.filter((m) => m.node).length;
  const maxChars = Math.max(20, Math.floor((width - 2 * G.pad) / G.charW));
  const networks: NetworkBox[] = [];
  for (const row of model.networks) {
    const lines = networkLines(row, nodes, maxChars);
    networks.push({ row, x: G.pad, y, lines });
    y += lines.length * G.networkH;
  }
  y += model.networks.length ? G.gap / 2 : 0;

  // Chips flow in rows of `perRow` starting at (x0, y0); returns the height used.
  const flow = (tasks: readonly TaskChip[], x0: number, y0: number, innerW: number): number => {
    const perRow = Math.max(1, Math.floor((innerW + G.chipGap) / (G.chipW + G.chipGap)));
    tasks.forEach((chip, i) => {
      chips.push({ chip, x: x0 + (i % perRow) * (G.chipW + G.chipGap), y: y0 + Math.floor(i / perRow) * (G.chipH + G.chipGap) });
    });
    const rows = Math.ceil(tasks.length / perRow);
    return rows * (G.chipH + G.chipGap);
  };

  let lane: ClusterLayout['lane'] = null;
  if (model.unscheduled.length > 0) {
    const laneX = G.pad;
    const laneW = width - 2 * G.pad;
    const innerW = laneW - 2 * G.cardPad;
    const maxChars = Math.max(20, Math.floor(innerW / G.charW));
    const top = y;
    let ly = y + 26;
    const groups: LaneGroup[] = [];
    for (const g of model.unscheduled) {
      const groupY = ly;
      ly += G.laneLabelH;
      const errorLines = g.errors.flatMap((e) => wrap(e, maxChars));
      const errorsY = ly;
      ly += errorLines.length * G.errorLineH + 4;
      const perRow = Math.max(1, Math.floor((innerW + G.chipGap) / (G.chipW + G.chipGap)));
      const cap = LANE_ROWS * perRow;
      // Past the cap, the last slot holds the "+N more" label.
      const shown = g.tasks.length > cap ? g.tasks.slice(0, cap - 1) : g.tasks;
      const more = g.tasks.length - shown.length;
      const moreX = laneX + G.cardPad + (shown.length % perRow) * (G.chipW + G.chipGap);
      const moreY = ly + Math.floor(shown.length / perRow) * (G.chipH + G.chipGap);
      ly += flow(shown, laneX + G.cardPad, ly, innerW) + (more > 0 && shown.length % perRow === 0 ? G.chipH + G.chipGap : 0) + 4;
      groups.push({ serviceId: g.serviceId, name: g.name, count: g.tasks.length, y: groupY, errorLines, errorsY, more, moreX, moreY });
    }
    lane = { x: laneX, y: top, w: laneW, h: ly - top + 4, groups };
    y = ly + 4 + G.gap;
  }

  const cols = Math.max(1, Math.floor((width - 2 * G.pad + G.gap) / (G.cardW + G.gap)));
  const used = Math.min(cols, model.machines.length);
  const x0 = G.pad + (center ? Math.max(0, (width - 2 * G.pad - (used * G.cardW + (used - 1) * G.gap)) / 2) : 0);
  const cards: CardBox[] = [];
  for (let r = 0; r * cols < model.machines.length; r++) {
    const row = model.machines.slice(r * cols, r * cols + cols);
    let rowH = 0;
    const boxes = row.map((card, c) => {
      const x = x0 + c * (G.cardW + G.gap);
      const chars = Math.floor((G.cardW - 2 * G.cardPad) / G.smallCharW);
      let cy = y + G.headerH + (card.node ? 2 * G.resourceRowH : 0);
      const labelLines = [
        ...(card.nodeLabels.length ? wrap(`node labels: ${card.nodeLabels.join(', ')}`, chars) : []),
        ...(card.engineLabels.length ? wrap(`engine labels: ${card.engineLabels.join(', ')}`, chars) : []),
      ];
      const labelsY = cy;
      cy += labelLines.length * G.textLineH + (labelLines.length ? 3 : 0);
      const pluginsY = cy;
      cy += card.plugins.length * G.badgeH;
      const ghostsY = cy;
      cy += card.ghosts.length * G.badgeH;
      const volumesY = cy;
      cy += card.volumes.length * G.volumeH;
      const staleY = cy;
      if (card.node?.staleReport) cy += G.staleH;
      const services: { serviceId: string; name: string; y: number }[] = [];
      if (card.services.length) cy += 4;
      for (const s of card.services) {
        services.push({ serviceId: s.serviceId, name: s.name, y: cy });
        cy += G.serviceLabelH;
        cy += flow(s.tasks, x + G.cardPad, cy, G.cardW - 2 * G.cardPad);
      }
      const reasonLines = card.reasons.length
        ? [{ text: 'No task here:', head: true }, ...card.reasons.flatMap((r) => wrap(`${r.service}: ${r.text}`, chars).map((text) => ({ text, head: false })))]
        : [];
      const reasonsY = cy + (reasonLines.length ? 4 : 0);
      cy = reasonsY + reasonLines.length * G.textLineH;
      const h = Math.max(cy - y + G.cardPad, 96);
      rowH = Math.max(rowH, h);
      return { card, x, y, w: G.cardW, h, labelLines, labelsY, pluginsY, ghostsY, volumesY, staleY, services, reasonLines, reasonsY };
    });
    // Cards of a row share its height, so the grid reads as a grid.
    for (const b of boxes) cards.push({ ...b, h: rowH });
    y += rowH + G.gap;
  }

  return { width, height: y + G.pad, networks, lane, cards, chips };
}
