/**
 * Exports: the trace as JSON; the cluster view as a standalone SVG (its
 * styles inlined from the page's stylesheet), captioned with the title, the
 * step, its command, narration and a legend, and as a PNG drawn from it; and
 * a range of steps as a WebM video, recorded from a canvas with the
 * browser's MediaRecorder (no encoder shipped with the page).
 */
import { wrap } from '../model/layout.js';
import type { RunData, StepData } from '../model/run.js';
import { stateLook } from '../model/cluster.js';
import { LEGEND_STATES } from '../render/legend.js';
import { serviceColour } from '../render/palette.js';
import { shapePath } from '../render/symbols.js';

const SVG_NS = 'http://www.w3.org/2000/svg';

export function download(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function traceJson(run: RunData, steps: readonly StepData[]): string {
  return JSON.stringify(
    {
      format: 'swarmsim-trace/1',
      scenario: run.file,
      title: run.title,
      seed: run.seed,
      steps: steps.map((s) => ({
        index: s.index,
        branch: s.branch,
        line: s.line || null,
        host: s.host,
        command: s.command,
        exitCode: s.exitCode,
        time: s.time,
        output: s.output,
        events: s.events,
      })),
    },
    null,
    2,
  );
}

/** The rules of the page's stylesheets that the SVG uses, so the file looks the same anywhere. */
function svgStyles(): string {
  const out: string[] = [];
  for (const sheet of Array.from(document.styleSheets)) {
    let rules: CSSRuleList;
    try {
      rules = sheet.cssRules;
    } catch {
      continue;
    }
    for (const r of Array.from(rules)) {
      const text = r.cssText;
      if (
        /\.(export|chip|card|badge|plugin|ghost|strike|reason|lane|network|volume|hostname|role|facts|stale|service-label|bar|tone-|resource|changed|selected|faded|disabled|leaving|ocell|ohost|omark|oring|oplug|oline|cap-|dim|match)/.test(text) ||
        r instanceof CSSFontFaceRule
      )
        out.push(text);
      if (r.cssText.startsWith(':root')) out.push(text.replace(':root', 'svg'));
    }
  }
  return out.join('\n');
}

export function svgMarkup(svg: SVGSVGElement): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('class', 'export');
  clone.setAttribute('font-family', getComputedStyle(svg).fontFamily);
  const style = document.createElementNS('http://www.w3.org/2000/svg', 'style');
  style.textContent = svgStyles();
  const bg = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  bg.setAttribute('width', '100%');
  bg.setAttribute('height', '100%');
  bg.setAttribute('class', 'export-bg');
  clone.insertBefore(bg, clone.firstChild);
  clone.insertBefore(style, clone.firstChild);
  return new XMLSerializer().serializeToString(clone);
}

/** A PNG of standalone SVG markup (from svgMarkup), at `scale` device pixels per unit. */
export async function pngBlob(markup: string, scale = 2): Promise<Blob> {
  const size = /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(markup);
  const w = size ? Number(size[1]) : 800;
  const hgt = size ? Number(size[2]) : 600;
  const url = URL.createObjectURL(new Blob([markup], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.decoding = 'async';
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    // Canvas size limits: keep the long side within 16k pixels.
    const s = Math.min(scale, 16_000 / Math.max(w, hgt));
    canvas.width = Math.round(w * s);
    canvas.height = Math.round(hgt * s);
    const ctx = canvas.getContext('2d')!;
    ctx.scale(s, s);
    ctx.drawImage(img, 0, 0, w, hgt);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

export interface Caption {
  readonly title: string;
  /** "Step 7 of 15" */
  readonly step: string;
  /** The prompt and command, as typed; '' before the first step. */
  readonly command: string;
  readonly narration: string;
  readonly services: readonly { readonly name: string; readonly colour: number }[];
}

const el = <K extends keyof SVGElementTagNameMap>(name: K, attrs: Record<string, string | number> = {}, text?: string): SVGElementTagNameMap[K] => {
  const e = document.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
};


/**
 * The cluster's standalone markup (from svgMarkup) inside a slide: the
 * caption above, the legend below, on the page's background.
 */
export function captionedMarkup(cluster: string, c: Caption): string {
  // Composed as text: parsing the view's markup into this page would apply the
  // page's Content Security Policy to its <style> and style attributes.
  const open = /^<svg\b[^>]*>/.exec(cluster)?.[0] ?? '<svg>';
  const attr = (name: string): number => Number(new RegExp(`\\s${name}="([\\d.]+)"`).exec(open)?.[1] ?? NaN);
  const cw = attr('width') || 800;
  const ch = attr('height') || 600;
  const font = (/font-family="([^"]*)"/.exec(open)?.[1] ?? 'sans-serif').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  const W = Math.max(760, Math.round(cw));
  const pad = 20;
  const out = el('svg', { xmlns: SVG_NS, class: 'export captioned', 'font-family': font });
  out.append(el('rect', { class: 'export-bg', width: '100%', height: '100%' }));
  let y = pad + 20;
  out.append(el('text', { class: 'cap-title', x: pad, y }, c.title));
  out.append(el('text', { class: 'cap-step', x: W - pad, y, 'text-anchor': 'end' }, c.step));
  y += 14;
  if (c.command) {
    const lines = wrap(c.command.split('\n')[0], Math.floor((W - 2 * pad - 20) / 9.2));
    const h = lines.length * 20 + 12;
    out.append(el('rect', { class: 'cap-term', x: pad, y, width: W - 2 * pad, height: h, rx: 6 }));
    lines.forEach((l, i) => out.append(el('text', { class: 'cap-command', x: pad + 10, y: y + 21 + i * 20 }, l)));
    y += h + 8;
  }
  if (c.narration) {
    for (const l of wrap(c.narration, Math.floor((W - 2 * pad) / 8)).slice(0, 6)) {
      y += 20;
      out.append(el('text', { class: 'cap-narration', x: pad, y }, l));
    }
    y += 8;
  }
  const clusterY = y;
  y += ch + 10;

  // The legend: state by shape, service by colour, and what "changed" looks like.
  let x = pad;
  let row = y + 14;
  for (const e of LEGEND_STATES) {
    if (x + 30 + e.words.length * 7 > W - pad) {
      x = pad;
      row += 22;
    }
    const look = stateLook(e.state);
    const g = el('g', { class: `chip tone-${look.tone} shape-${look.shape}`, transform: `translate(${x},${row - 12})` });
    g.append(el('rect', { class: 'chip-bg', width: 18, height: 16, rx: 3 }));
    g.append(el('path', { class: 'chip-shape', transform: 'translate(9,8)', d: shapePath(look.shape, 48) }));
    out.append(g);
    out.append(el('text', { class: 'cap-legend', x: x + 23, y: row }, e.words));
    x += 30 + e.words.length * 7;
  }
  if (x + 170 > W - pad) {
    x = pad;
    row += 22;
  }
  out.append(el('rect', { class: 'cap-changed', x, y: row - 12, width: 18, height: 16, rx: 3 }));
  out.append(el('text', { class: 'cap-legend', x: x + 23, y: row }, 'changed by this step'));
  let y2 = row + 22;
  x = pad;
  for (const s of c.services) {
    const w = 30 + s.name.length * 7;
    if (x + w > W - pad) {
      x = pad;
      y2 += 20;
    }
    out.append(el('rect', { x, y: y2 - 11, width: 12, height: 12, rx: 2, fill: serviceColour(s.colour) }));
    out.append(el('text', { class: 'cap-legend', x: x + 17, y: y2 }, s.name));
    x += w;
  }
  const H = Math.round((c.services.length ? y2 : row) + pad);
  out.setAttribute('width', String(W));
  out.setAttribute('height', String(H));
  out.setAttribute('viewBox', `0 0 ${W} ${H}`);
  // The view, nested at its place: its own <svg> with an x and a y (its style element styles the whole file).
  const nested = cluster.replace(/^<svg\b/, `<svg x="${Math.round((W - cw) / 2)}" y="${clusterY}"`);
  const shell = new XMLSerializer().serializeToString(out);
  return shell.replace(/<\/svg>$/, `${nested}</svg>`);
}

/** An image of standalone SVG markup, decoded. */
async function svgImage(markup: string): Promise<HTMLImageElement> {
  const url = URL.createObjectURL(new Blob([markup], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    return img;
  } finally {
    URL.revokeObjectURL(url);
  }
}

export interface Recording {
  /** Frames per second of the video. */
  readonly fps: number;
  readonly frames: number;
  /** The frame's standalone SVG markup. */
  readonly frameAt: (i: number) => Promise<string> | string;
  readonly onProgress?: (done: number, total: number) => void;
  readonly signal?: AbortSignal;
}

/** Whether this browser can record a WebM from a canvas. */
export function canRecordWebm(): boolean {
  return typeof MediaRecorder !== 'undefined' && typeof HTMLCanvasElement.prototype.captureStream === 'function' && MediaRecorder.isTypeSupported('video/webm');
}

/**
 * Records frames into a WebM video: each frame is drawn, fitted and centred,
 * on a 1280x720 canvas whose stream MediaRecorder encodes. Frames are paced
 * in real time (MediaRecorder stamps them as they come).
 */
export async function recordWebm(r: Recording): Promise<Blob> {
  const canvas = document.createElement('canvas');
  canvas.width = 1280;
  canvas.height = 720;
  const ctx = canvas.getContext('2d')!;
  const stream = canvas.captureStream(0);
  const track = stream.getVideoTracks()[0] as MediaStreamTrack & { requestFrame?: () => void };
  const type = MediaRecorder.isTypeSupported('video/webm;codecs=vp9') ? 'video/webm;codecs=vp9' : 'video/webm';
  const rec = new MediaRecorder(stream, { mimeType: type, videoBitsPerSecond: 4_000_000 });
  const chunks: Blob[] = [];
  rec.ondataavailable = (e) => {
    if (e.data.size) chunks.push(e.data);
  };
  const stopped = new Promise<void>((resolve) => (rec.onstop = () => resolve()));
  const bg = getComputedStyle(document.body).backgroundColor || '#f6f7f9';
  rec.start();
  const start = performance.now();
  try {
    for (let i = 0; i < r.frames; i++) {
      if (r.signal?.aborted) throw new DOMException('The recording was cancelled.', 'AbortError');
      const img = await svgImage(await r.frameAt(i));
      const s = Math.min(canvas.width / img.width, canvas.height / img.height);
      ctx.fillStyle = bg;
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.drawImage(img, (canvas.width - img.width * s) / 2, (canvas.height - img.height * s) / 2, img.width * s, img.height * s);
      track.requestFrame?.();
      r.onProgress?.(i + 1, r.frames);
      const due = start + ((i + 1) * 1000) / r.fps;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((ok) => setTimeout(ok, wait));
    }
  } finally {
    rec.stop();
    await stopped;
    track.stop();
  }
  return new Blob(chunks, { type: 'video/webm' });
}
