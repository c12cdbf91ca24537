/**
 * The export buttons: the trace as JSON, a captioned slide of the step shown
 * (SVG or PNG), and the video dialog for a range of steps.
 */
import { captionFor, exportCaptioned } from './captions.js';
import { download, pngBlob, traceJson } from './export.js';
import type { Stage } from './stage.js';
import { VideoExport } from './video.js';
import { $, status, type ViewState } from './view.js';

export function wireExports(view: ViewState, stage: Stage, o: { name: () => string; pause: () => void }): void {
  $('export-trace').addEventListener('click', () => {
    const f = view.frames;
    if (!f) return;
    download(`${o.name()}-seed${f.run.seed}-trace.json`, new Blob([traceJson(f.run, f.steps)], { type: 'application/json' }));
  });

  const still = async (kind: 'svg' | 'png'): Promise<void> => {
    const f = view.frames;
    if (!f) return;
    try {
      const markup = exportCaptioned(stage.cluster, $<SVGSVGElement>('cluster'), captionFor(f, view.u, f.viewAt(view.u).model()));
      const blob = kind === 'svg' ? new Blob([markup], { type: 'image/svg+xml' }) : await pngBlob(markup);
      download(`${o.name()}-step${Math.floor(view.u)}.${kind}`, blob);
    } catch (err) {
      status(`${kind.toUpperCase()} export failed: ${err instanceof Error ? err.message : String(err)}`, 'error');
    }
  };
  $('export-svg').addEventListener('click', () => void still('svg'));
  $('export-png').addEventListener('click', () => void still('png'));

  const video = new VideoExport({
    dialog: $<HTMLDialogElement>('video-dialog'),
    offscreen: $<SVGSVGElement>('offscreen-cluster'),
    frames: () => view.frames,
    position: () => Math.floor(view.u),
    width: () => stage.regionSize().width,
    scale: () => view.scale,
    mode: () => view.mode,
    name: o.name,
    status,
  });
  $('export-video').addEventListener('click', () => {
    o.pause();
    video.open();
  });
}
