/**
 * The page's handle on the simulation worker. Requests are answered in the
 * order they are sent, each with a deadline; a worker past a deadline is
 * terminated and replaced, so a scenario that would run for ever costs a
 * message, not the tab. A new run supersedes one still under way.
 *
 * The simulator is only in the worker's script. Without Worker support (a
 * very locked-down page) that same script is loaded into the page, where it
 * exposes the engine instead of listening for messages: the page bundle
 * never holds a second copy of the simulator.
 */
import type { PlacementExplanation } from '../../sim/explain.js';
import type { HistoryStep, NodeExplanation } from '../../sim/explain/node.js';
import type { SeedComparison } from '../../sim/explain/seeds.js';
import type { SimSnapshot } from '../../sim/snapshot.js';
import type { RunData, RunError, ScenarioInfo, StepData } from '../model/run.js';
import type { Engine, ImportedScenario, Request, Response } from './engine.js';
import { LIMITS } from './limits.js';
import type { NodeReasons } from './nodeReasons.js';
// Resolved once, while the page's script runs: a classic (file://-friendly)
// build can only locate its assets from document.currentScript, which is gone
// by the time a worker is (re)started after an await.
import workerUrl from './sim.worker.ts?worker&url';

export type Result<T> = { ok: true; value: T } | { ok: false; error: RunError };

type Pending = { id: number; type: Request['type']; resolve: (r: Response) => void; timer: number };

/** Distributes a request without its id (each send numbers its own). */
type Without<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type Body = Without<Request, 'id'>;

export class SimClient {
  private worker: Worker | null = null;
  private inline: Engine | null = null;
  private next = 1;
  private readonly pending = new Map<number, Pending>();
  /** The run the worker holds, to replay when a new worker is started. */
  private lastRun: Extract<Request, { type: 'run' }> | null = null;
  /**
   * Set when the page has no Worker, or may not start one (Chromium refuses
   * workers to file:// pages): the engine runs here, from the worker's own script.
   */
  private noWorker = typeof Worker === 'undefined';

  /**
   * Starts the worker now, so that its script loads and compiles while the
   * page draws itself: the first run then waits only for the simulation.
   */
  warm(): void {
    if (!this.noWorker && !this.worker && !this.inline) this.start();
  }

  private start(): void {
    try {
      // The dev server serves the worker as a module; the build emits a classic script.
      this.worker = new Worker(workerUrl, { type: import.meta.env.DEV ? 'module' : 'classic', name: 'swarmsim' });
      this.worker.onmessage = (e: MessageEvent<Response>) => this.settle(e.data);
      this.worker.onerror = (e) => {
        e.preventDefault();
        this.failAll({ kind: 'runtime', message: `The simulation worker failed: ${e.message || 'unknown error'}` });
      };
    } catch {
      this.worker = null;
    }
  }

  private settle(r: Response): void {
    const p = this.pending.get(r.id);
    if (!p) return;
    clearTimeout(p.timer);
    this.pending.delete(r.id);
    p.resolve(r);
  }

  /** The worker is replaced; everything it was asked fails with `error`. */
  private failAll(error: RunError): void {
    this.worker?.terminate();
    this.worker = null;
    for (const p of [...this.pending.values()]) this.settle({ type: p.type, id: p.id, ok: false, error });
  }

  private async loadInline(): Promise<Engine> {
    if (this.inline) return this.inline;
    const g = globalThis as { swarmsimEngine?: typeof Engine };
    if (!g.swarmsimEngine) {
      await new Promise<void>((resolve, reject) => {
        const s = document.createElement('script');
        if (import.meta.env.DEV) s.type = 'module';
        s.src = workerUrl;
        s.onload = () => resolve();
        s.onerror = () => reject(new Error('the simulation script could not be loaded'));
        document.head.append(s);
      });
    }
    if (!g.swarmsimEngine) throw new Error('the simulation script did not load its engine');
    this.inline = new g.swarmsimEngine();
    return this.inline;
  }

  private async send(body: Body, timeoutMs: number): Promise<Response> {
    const req = { ...body, id: this.next++ } as Request;
    if (this.noWorker) {
      try {
        return (await this.loadInline()).handle(req);
      } catch (e) {
        return { type: req.type, id: req.id, ok: false, error: { kind: 'runtime', message: e instanceof Error ? e.message : String(e) } };
      }
    }
    if (req.type === 'run') {
      this.lastRun = req;
      if ([...this.pending.values()].some((p) => p.type === 'run')) this.failAll({ kind: 'runtime', message: 'Superseded by a newer request.' });
    }
    if (!this.worker) {
      this.start();
      // A worker replaced after a timeout has forgotten the scenario: give it back first.
      if (this.worker && req.type !== 'run' && this.lastRun && (req.type === 'exec' || req.type === 'discard')) {
        void this.send(this.lastRun, LIMITS.runTimeoutMs);
      }
    }
    if (!this.worker) {
      this.noWorker = true;
      return this.send(body, timeoutMs);
    }
    return new Promise<Response>((resolve) => {
      const timer = window.setTimeout(() => {
        const seconds = Math.round(timeoutMs / 1000);
        this.failAll({
          kind: 'timeout',
          message: `The simulation did not finish within ${seconds} s and was stopped. The scenario may be too large (replicas, machines, steps) or never settle.`,
        });
      }, timeoutMs);
      this.pending.set(req.id, { id: req.id, type: req.type, resolve, timer });
      this.worker!.postMessage(req);
    });
  }

  private static value<T>(r: Response, pick: (r: Response) => T | undefined): Result<T> {
    if (!r.ok) return { ok: false, error: r.error };
    const v = pick(r);
    return v === undefined ? { ok: false, error: { kind: 'runtime', message: 'unexpected reply' } } : { ok: true, value: v };
  }

  async run(text: string, file: string, seed: number | null): Promise<Result<RunData>> {
    const r = await this.send({ type: 'run', text, file, seed }, LIMITS.runTimeoutMs);
    return SimClient.value(r, (x) => (x.type === 'run' && x.ok ? x.run : undefined));
  }

  async exec(base: number, line: string): Promise<Result<StepData>> {
    const r = await this.send({ type: 'exec', base, line }, LIMITS.runTimeoutMs + LIMITS.execTimeoutMs);
    return SimClient.value(r, (x) => (x.type === 'exec' && x.ok ? x.step : undefined));
  }

  async discard(): Promise<void> {
    await this.send({ type: 'discard' }, LIMITS.execTimeoutMs);
  }

  /** Parses `text` in the worker: its errors, or what it is. Answered after any run under way. */
  async check(text: string, file: string): Promise<Result<ScenarioInfo>> {
    const r = await this.send({ type: 'check', text, file }, LIMITS.runTimeoutMs);
    return SimClient.value(r, (x) => (x.type === 'check' && x.ok ? x.info : undefined));
  }

  async explainNode(snapshot: SimSnapshot, machine: string, history: readonly HistoryStep[]): Promise<Result<NodeExplanation | null>> {
    const r = await this.send({ type: 'explainNode', snapshot, machine, history }, LIMITS.runTimeoutMs);
    return SimClient.value(r, (x) => (x.type === 'explainNode' && x.ok ? x.node : undefined));
  }

  async explain(snapshot: SimSnapshot, tasks: readonly string[]): Promise<Result<readonly (PlacementExplanation | null)[]>> {
    const r = await this.send({ type: 'explain', snapshot, tasks }, LIMITS.runTimeoutMs);
    return SimClient.value(r, (x) => (x.type === 'explain' && x.ok ? x.explanations : undefined));
  }

  /** A live swarm's bundle made into a scenario by the worker (it holds the simulator). */
  async importBundle(text: string, file: string): Promise<Result<ImportedScenario>> {
    const r = await this.send({ type: 'import', text, file }, LIMITS.runTimeoutMs);
    return SimClient.value(r, (x) => (x.type === 'import' && x.ok ? x.imported : undefined));
  }

  /** The scenario shown, run again with `seed`: its placements compared with the run shown. */
  async compareSeeds(seed: number): Promise<Result<SeedComparison>> {
    const r = await this.send({ type: 'compareSeeds', seed }, LIMITS.runTimeoutMs * 2);
    return SimClient.value(r, (x) => (x.type === 'compareSeeds' && x.ok ? x.comparison : undefined));
  }

  async reasons(snapshot: SimSnapshot): Promise<Result<readonly NodeReasons[]>> {
    const r = await this.send({ type: 'reasons', snapshot }, LIMITS.runTimeoutMs);
    return SimClient.value(r, (x) => (x.type === 'reasons' && x.ok ? x.reasons : undefined));
  }
}
