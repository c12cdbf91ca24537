/**
 * Transport icons as inline SVG: the text glyphs ⏸ and ⏯ are missing from
 * the fonts of many systems (Debian's Chromium draws an empty box).
 */
const SVG_NS = 'http://www.w3.org/2000/svg';

const PATHS = {
  play: 'M4 2.5v11l9-5.5z',
  pause: 'M3.5 2.5h3.2v11H3.5zM9.3 2.5h3.2v11H9.3z',
} as const;

export type IconName = keyof typeof PATHS;

export function icon(name: IconName): SVGSVGElement {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('width', '14');
  svg.setAttribute('height', '14');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', `icon icon-${name}`);
  const p = document.createElementNS(SVG_NS, 'path');
  p.setAttribute('d', PATHS[name]);
  svg.append(p);
  return svg;
}

/** A button's content: an icon and its words. */
export function setIconLabel(button: HTMLElement, name: IconName, words: string): void {
  if (button.dataset.icon === name && button.textContent === ` ${words}`) return;
  button.dataset.icon = name;
  button.replaceChildren(icon(name), document.createTextNode(` ${words}`));
}
