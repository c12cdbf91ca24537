/**
 * Exports: the trace as JSON, the cluster view as a standalone SVG (its
 * styles inlined from the page's stylesheet) and as a PNG drawn from it.
 */
import type { RunData, StepData } from '../model/run.js';

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
      if (/\.(export|chip|card|badge|plugin|lane|network|volume|hostname|role|facts|stale|service-label|bar|tone-|resource|changed|selected|faded|disabled|leaving)/.test(text) || r instanceof CSSFontFaceRule)
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
