/**
 * Captions of exported slides: what the step is, from the replay. The
 * narration is read aloud on a slide, so it goes without upstream sources.
 */
import type { ClusterModel } from '../model/cluster.js';
import { splitNarration, withoutReferences } from '../model/narration.js';
import type { ClusterView } from '../render/cluster.js';
import { captionedMarkup, svgMarkup, type Caption } from './export.js';
import type { Frames } from './frames.js';

export function captionFor(f: Frames, u: number, model: ClusterModel): Caption {
  const idx = f.stepIndex(u);
  const step = idx >= 0 ? f.steps[idx] : null;
  const total = f.length;
  if (!step) {
    return {
      title: f.run.title,
      step: `Before step 1 of ${total}`,
      command: '',
      narration: withoutReferences(f.run.short || f.run.description.replace(/\s*\n\s*/g, ' ')),
      services: model.services,
    };
  }
  const n = splitNarration(step.narration);
  const prompt = step.host === 'sim' ? 'sim$' : `${step.host}$`;
  const command = step.host === 'sim' ? step.command.replace(/^sim /, '') : step.command;
  return {
    title: f.run.title,
    step: `${step.branch ? 'Branch step' : 'Step'} ${idx + 1} of ${total}${Number.isInteger(u) ? '' : ' (under way)'}`,
    command: `${prompt} ${command}`,
    // Read aloud: no upstream sources, no list numbers ("3. A service ...").
    narration: withoutReferences(n.paragraphs.map((x) => x.replace(/^\d+\.\s+/, '')).join(' ')) || n.short,
    services: model.services,
  };
}

/** The view as shown, everything drawn (not only what is scrolled into view), captioned. */
export function exportCaptioned(view: ClusterView, svg: SVGSVGElement, caption: Caption): string {
  return view.withEverything(() => captionedMarkup(svgMarkup(svg), caption));
}
