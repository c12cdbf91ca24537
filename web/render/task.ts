/**
 * Task chips: one per task, keyed by task ID, so a task that changes node
 * slides from one card to the other. A state is told three ways: the chip's
 * shape, its label and its colour.
 */
import { transition, type Selection } from 'd3';
import type { TaskChip } from '../model/cluster.js';
import { stateLook } from '../model/cluster.js';
import { GEOMETRY, type ChipBox } from '../model/layout.js';
import { serviceColour } from './palette.js';
import { shapePath } from './symbols.js';

export interface TaskRenderOptions {
  readonly duration: number;
  readonly selected: string | null;
  readonly changed: ReadonlySet<string>;
  /** Chips are tab stops only in small clusters; in large ones, the node panel lists its tasks. */
  readonly focusable: boolean;
  /** Every task of the model: one that leaves the DOM but is here only scrolled out of view, not gone. */
  readonly alive: ReadonlySet<string>;
  readonly onSelect: (taskId: string) => void;
}

/** Characters of a chip's name that fit beside its shape. */
export const CHIP_CHARS = 11;

/** The chip's name within `max` characters, shortening the service and keeping the slot: `verylongs….12`. */
export function chipText(label: string, max = CHIP_CHARS): string {
  if (label.length <= max) return label;
  const dot = label.lastIndexOf('.');
  const slot = dot > 0 && /^\d+$/.test(label.slice(dot + 1)) ? label.slice(dot) : '';
  const keep = Math.max(1, max - slot.length - 1);
  return `${label.slice(0, keep)}…${slot}`;
}

export function describeTask(c: TaskChip): string {
  const where = c.machine ? `on ${c.machine}` : 'not scheduled';
  const err = c.error ? `; ${c.error}` : '';
  return `Task ${c.name}: ${c.state} (desired ${c.desired}), ${where}${err}`;
}

export function renderTasks(layer: Selection<SVGGElement, unknown, null, undefined>, chips: readonly ChipBox[], o: TaskRenderOptions): void {
  const G = GEOMETRY;
  // d3.transition() (not selection.transition()) keeps d3-transition in the bundle: d3's
  // package is marked side-effect free, and the selection methods are its side effect.
  const t = transition('tasks').duration(o.duration);
  const join = layer
    .selectAll<SVGGElement, ChipBox>('g.chip')
    .data(chips, (d) => d.chip.id)
    .join(
      (enter) => {
        const g = enter
          .append('g')
          .attr('class', 'chip')
          .attr('role', 'button')
          .attr('data-task-id', (d) => d.chip.id)
          .attr('transform', (d) => `translate(${d.x},${d.y})`)
          .style('opacity', o.duration ? 0 : 1)
          .on('click', (_e, d) => o.onSelect(d.chip.id))
          .on('keydown', (e: KeyboardEvent, d) => {
            if (e.key === 'Enter' || e.key === ' ') {
              e.preventDefault();
              e.stopPropagation();
              o.onSelect(d.chip.id);
            }
          });
        g.append('rect').attr('class', 'chip-bg').attr('width', G.chipW).attr('height', G.chipH).attr('rx', 4);
        g.append('rect').attr('class', 'chip-service').attr('width', 5).attr('height', G.chipH).attr('rx', 2);
        g.append('path').attr('class', 'chip-shape').attr('transform', `translate(13,${G.chipH / 2})`);
        g.append('text').attr('class', 'chip-label').attr('x', 21).attr('y', G.chipH / 2 + 4);
        g.append('title');
        return g;
      },
      (update) => update,
      (exit) => {
        exit.filter((d) => o.alive.has(d.chip.id)).remove();
        const gone = exit.filter((d) => !o.alive.has(d.chip.id));
        if (!o.duration) return gone.remove();
        return gone
          .attr('aria-hidden', 'true')
          .classed('leaving', true)
          .transition(t as never)
          .style('opacity', 0)
          .remove();
      },
    );

  // Handlers read the latest options (selection changes between renders).
  join.on('click', (_e, d) => o.onSelect(d.chip.id));
  if (!o.duration) join.interrupt('tasks');
  // Write only what changed: scrubbing a 2,000-task view must not touch every chip every frame.
  join.each(function (d) {
    const el = this as SVGGElement & { __sig?: string; __pos?: string };
    const c = d.chip;
    const look = stateLook(c.state);
    const sig = `${c.state}|${c.desired}|${c.machine}|${c.error}|${c.label}|${c.colour}|${c.id === o.selected}|${o.changed.has(c.id)}|${o.focusable}`;
    if (el.__sig !== sig) {
      el.__sig = sig;
      const text = describeTask(c);
      el.setAttribute('tabindex', o.focusable ? '0' : '-1');
      el.setAttribute('data-state', c.state);
      el.setAttribute('data-machine', c.machine);
      el.setAttribute('data-service', c.serviceName);
      el.setAttribute('aria-label', text);
      el.setAttribute('aria-pressed', c.id === o.selected ? 'true' : 'false');
      el.setAttribute(
        'class',
        ['chip', `tone-${look.tone}`, `shape-${look.shape}`, look.faded ? 'faded' : '', c.id === o.selected ? 'selected' : '', o.changed.has(c.id) ? 'changed' : '']
          .filter(Boolean)
          .join(' '),
      );
      el.setAttribute('data-label', c.label);
      el.children[1].setAttribute('fill', serviceColour(c.colour));
      (el.children[2] as SVGPathElement).setAttribute('d', shapePath(look.shape, 64));
      el.children[3].textContent = chipText(c.label);
      el.children[4].textContent = text;
    }
    if (!o.duration) {
      const pos = `translate(${d.x},${d.y})`;
      if (el.__pos !== pos) {
        el.__pos = pos;
        el.setAttribute('transform', pos);
      }
      const opacity = look.faded ? '0.45' : '1';
      if (el.style.opacity !== opacity) el.style.opacity = opacity;
    }
  });

  if (o.duration) {
    // A transition may be cut short: forget the position, so the next instant render sets it.
    join.each(function () {
      (this as SVGGElement & { __pos?: string }).__pos = undefined;
    });
    join
      .interrupt('tasks')
      .transition(t as never)
      .attr('transform', (d: ChipBox) => `translate(${d.x},${d.y})`)
      .style('opacity', (d: ChipBox) => (stateLook(d.chip.state).faded ? 0.45 : 1));
  }
}
