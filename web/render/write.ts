/**
 * Writes that skip equal values. d3's `text()` replaces the text node even
 * when the text is the same, and every replaced node is laid out again; a
 * scrub frame that redraws a card whose task count changed should relayout
 * that one label, not the whole card.
 */
import type { BaseType, Selection } from 'd3';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Sel<E extends BaseType, D> = Selection<E, D, any, any>;

export function setText<E extends BaseType, D>(sel: Sel<E, D>, value: (d: D, i: number) => string): void {
  sel.each(function (d, i) {
    const el = this as Element;
    const v = value(d, i);
    if (el.textContent !== v) el.textContent = v;
  });
}

export function setStyle<E extends BaseType, D>(sel: Sel<E, D>, name: string, value: string): void {
  sel.each(function () {
    const style = (this as unknown as HTMLElement | SVGElement).style;
    if (style.getPropertyValue(name) !== value) style.setProperty(name, value);
  });
}

export function setAttr<E extends BaseType, D>(sel: Sel<E, D>, name: string, value: string | number | ((d: D, i: number) => string | number)): void {
  sel.each(function (d, i) {
    const el = this as Element;
    const v = String(typeof value === 'function' ? value(d, i) : value);
    if (el.getAttribute(name) !== v) el.setAttribute(name, v);
  });
}
