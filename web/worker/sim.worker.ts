/// <reference lib="webworker" />
import { Engine, type Request } from './engine.js';

const engine = new Engine();
self.onmessage = (e: MessageEvent<Request>) => {
  (self as unknown as DedicatedWorkerGlobalScope).postMessage(engine.handle(e.data));
};
