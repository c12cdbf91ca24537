/// <reference lib="webworker" />
/**
 * The simulation's script. In a worker it answers the page's requests; loaded
 * into the page as a plain script (no Worker available), it only exposes the
 * engine, so the page bundle never carries a second copy of the simulator.
 */
import { Engine, type Request } from './engine.js';

declare const WorkerGlobalScope: { new (): unknown } | undefined;

if (typeof WorkerGlobalScope !== 'undefined' && self instanceof WorkerGlobalScope) {
  const engine = new Engine();
  self.onmessage = (e: MessageEvent<Request>) => {
    (self as unknown as DedicatedWorkerGlobalScope).postMessage(engine.handle(e.data));
  };
} else {
  (globalThis as { swarmsimEngine?: typeof Engine }).swarmsimEngine = Engine;
}
