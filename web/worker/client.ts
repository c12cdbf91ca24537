/**
 * The page's handle on the simulation worker: one request at a time, each
 * with a deadline. A worker past its deadline is terminated and replaced, so
 * a scenario that would run for ever costs a message, not the tab.
 */
import type { RunData, RunError, StepData } from '../model/run.js';
import type { Request, Response } from './engine.js';
import { LIMITS } from './limits.js';
// Resolved once, while the page's script runs: a classic (file://-friendly)
// build can only locate its assets from document.currentScript, which is gone
// by the time a worker is (re)started after an await.
import workerUrl from './sim.worker.ts?worker&url';

type Result<T> = { ok: true; value: T } | { ok: false; error: RunError };

type Pending = { id: number; resolve: (r: Response) => void; timer: number };

export class SimClient {
  private worker: Worker | null = null;
  private inline: import('./engine.js').Engine | null = null;
  private next = 1;
  private pending: Pending | null = null;
  /** The run the worker holds, to replay when a new worker is started. */
  private lastRun: Extract<Request, { type: 'run' }> | null = null;

  private start(): void {
    try {
      // The dev server serves the worker as a module; the build emits a classic script.
      this.worker = new Worker(workerUrl, { type: import.meta.env.DEV ? 'module' : 'classic', name: 'swarmsim' });
      this.worker.onmessage = (e: MessageEvent<Response>) => this.settle(e.data);
      this.worker.onerror = (e) => {
        e.preventDefault();
        this.fail({ kind: 'runtime', message: `The simulation worker failed: ${e.message || 'unknown error'}` });
      };
    } catch {
      this.worker = null;
    }
  }

  private settle(r: Response): void {
    const p = this.pending;
    if (!p || p.id !== r.id) return;
    clearTimeout(p.timer);
    this.pending = null;
    p.resolve(r);
  }

  private fail(error: RunError): void {
    const p = this.pending;
    if (!p) return;
    this.restart();
    this.settle({ type: 'run', id: p.id, ok: false, error });
  }

  private restart(): void {
    this.worker?.terminate();
    this.worker = null;
  }

  private async send(req: Request, timeoutMs: number): Promise<Response> {
    if (this.pending) this.fail({ kind: 'runtime', message: 'Superseded by a newer request.' });
    if (!this.worker && !this.inline) this.start();
    if (!this.worker) {
      // No workers (a very locked-down page): run here, under the same caps.
      const { Engine } = await import('./engine.js');
      this.inline ??= new Engine();
      return this.inline.handle(req);
    }
    return new Promise<Response>((resolve) => {
      const timer = window.setTimeout(() => {
        const seconds = Math.round(timeoutMs / 1000);
        this.fail({
          kind: 'timeout',
          message: `The simulation did not finish within ${seconds} s and was stopped. The scenario may be too large (replicas, machines, steps) or never settle.`,
        });
      }, timeoutMs);
      this.pending = { id: req.id, resolve, timer };
      this.worker!.postMessage(req);
    });
  }

  async run(text: string, file: string, seed: number | null): Promise<Result<RunData>> {
    const req = { type: 'run', id: this.next++, text, file, seed } as const;
    this.lastRun = req;
    const r = await this.send(req, LIMITS.runTimeoutMs);
    if (!r.ok) return { ok: false, error: r.error };
    return r.type === 'run' ? { ok: true, value: r.run } : { ok: false, error: { kind: 'runtime', message: 'unexpected reply' } };
  }

  async exec(base: number, line: string): Promise<Result<StepData>> {
    // A worker replaced after a timeout has forgotten the scenario: give it back first.
    if (!this.worker && !this.inline && this.lastRun) {
      const again = await this.send({ ...this.lastRun, id: this.next++ }, LIMITS.runTimeoutMs);
      if (!again.ok) return { ok: false, error: again.error };
    }
    const r = await this.send({ type: 'exec', id: this.next++, base, line }, LIMITS.execTimeoutMs);
    if (!r.ok) return { ok: false, error: r.error };
    return r.type === 'exec' ? { ok: true, value: r.step } : { ok: false, error: { kind: 'runtime', message: 'unexpected reply' } };
  }

  async discard(): Promise<void> {
    if (this.worker || this.inline) await this.send({ type: 'discard', id: this.next++ }, LIMITS.execTimeoutMs);
  }
}
