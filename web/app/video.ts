/**
 * The video export: a range of steps, replayed into a hidden copy of the
 * cluster view frame by frame (the events of each step appear as they do
 * when playing), captioned, and recorded as WebM (app/export.ts recordWebm).
 */
import { decorate } from '../model/cluster.js';
import { ClusterView, type ViewMode } from '../render/cluster.js';
import { captionFor, exportCaptioned } from './captions.js';
import { canRecordWebm, download, recordWebm } from './export.js';
import type { Frames } from './frames.js';

const FPS = 8;
/** Seconds per step, as playback at 1x; and the pause on each step's result. */
const STEP_S = 1.6;
const HOLD_S = 0.6;

export interface VideoDeps {
  readonly dialog: HTMLDialogElement;
  readonly offscreen: SVGSVGElement;
  readonly frames: () => Frames | null;
  readonly position: () => number;
  readonly width: () => number;
  readonly scale: () => number;
  readonly mode: () => ViewMode;
  readonly name: () => string;
  readonly status: (text: string, kind?: 'info' | 'error' | 'busy') => void;
}

/** The positions to draw for steps from..to: each step's events as they happen, then a pause on its result. */
export function videoPositions(from: number, to: number, fps = FPS): number[] {
  const out: number[] = [];
  const per = Math.round(STEP_S * fps);
  const hold = Math.round(HOLD_S * fps);
  for (let i = 0; i < hold; i++) out.push(from);
  for (let k = from; k < to; k++) {
    for (let j = 1; j <= per; j++) out.push(k + j / per);
    for (let i = 0; i < hold; i++) out.push(k + 1);
  }
  return out;
}

export class VideoExport {
  private view: ClusterView | null = null;
  private abort: AbortController | null = null;
  private readonly $ = <T extends HTMLElement>(id: string): T => this.d.dialog.querySelector<T>(`#${id}`)!;

  constructor(private readonly d: VideoDeps) {
    this.$('video-record').addEventListener('click', () => void this.record());
    this.$('video-close').addEventListener('click', () => {
      this.abort?.abort();
      d.dialog.close();
    });
    d.dialog.addEventListener('close', () => this.abort?.abort());
  }

  open(): void {
    const f = this.d.frames();
    if (!f) return;
    const from = this.$<HTMLInputElement>('video-from');
    const to = this.$<HTMLInputElement>('video-to');
    const at = Math.min(this.d.position(), f.length - 1);
    from.max = String(f.length - 1);
    to.max = String(f.length);
    from.value = String(Math.max(0, at));
    to.value = String(Math.min(f.length, Math.max(0, at) + 3));
    this.$<HTMLProgressElement>('video-progress').hidden = true;
    const supported = canRecordWebm();
    this.$('video-status').textContent = supported ? '' : 'This browser cannot record video from a canvas (MediaRecorder).';
    this.$<HTMLButtonElement>('video-record').disabled = !supported;
    this.d.dialog.showModal();
  }

  private async record(): Promise<void> {
    const f = this.d.frames();
    if (!f) return;
    const from = Math.max(0, Math.min(f.length, Number(this.$<HTMLInputElement>('video-from').value) || 0));
    const to = Math.max(from + 1, Math.min(f.length, Number(this.$<HTMLInputElement>('video-to').value) || from + 1));
    const positions = videoPositions(from, Math.min(to, f.length));
    const progress = this.$<HTMLProgressElement>('video-progress');
    const said = this.$('video-status');
    const button = this.$<HTMLButtonElement>('video-record');
    progress.hidden = false;
    progress.value = 0;
    button.disabled = true;
    said.textContent = `Recording steps ${from} to ${to}: ${Math.round(positions.length / FPS)} s of video, in real time…`;
    this.view ??= new ClusterView(this.d.offscreen, this.d.offscreen.parentElement as HTMLElement);
    const view = this.view;
    this.abort = new AbortController();
    let lastKey = '';
    let lastMarkup = '';
    try {
      const blob = await recordWebm({
        fps: FPS,
        frames: positions.length,
        signal: this.abort.signal,
        onProgress: (done, total) => (progress.value = done / total),
        frameAt: (i) => {
          const u = positions[i];
          const v = f.viewAt(u);
          if (v.key === lastKey && Number.isInteger(u) === Number.isInteger(positions[i - 1] ?? u)) return lastMarkup;
          const idx = f.stepIndex(u);
          const model = decorate(v.model(), { ghosts: idx >= 0 ? f.ghostsAt(idx, v.snap()) : undefined });
          view.render(model, {
            mode: this.d.mode(),
            width: this.d.width(),
            height: 700,
            scale: this.d.scale(),
            duration: 0,
            diff: f.diffFor(idx),
            selectedTask: null,
            selectedMachine: null,
            matches: null,
            onSelectTask: () => {},
            onSelectMachine: () => {},
          });
          lastKey = v.key;
          lastMarkup = exportCaptioned(view, this.d.offscreen, captionFor(f, u, model));
          return lastMarkup;
        },
      });
      download(`${this.d.name()}-steps${from}-${to}.webm`, blob);
      said.textContent = `Saved ${this.d.name()}-steps${from}-${to}.webm (${Math.round(blob.size / 1024)} KiB).`;
    } catch (e) {
      said.textContent = e instanceof DOMException && e.name === 'AbortError' ? 'Cancelled.' : `The recording failed: ${e instanceof Error ? e.message : String(e)}`;
    } finally {
      button.disabled = false;
      this.abort = null;
    }
  }
}
