/**
 * A one-line progress report on stderr, redrawn in place; only on a
 * terminal, so redirected output and CI logs stay clean.
 */
import type { Out } from './io.js';

export class Progress {
  private shown = false;
  private readonly enabled: boolean;

  constructor(
    private readonly out: Out,
    wanted = true,
  ) {
    this.enabled = wanted && out.isTTY === true;
  }

  show(text: string): void {
    if (!this.enabled) return;
    this.out.write(`\r\x1b[K${text}`);
    this.shown = true;
  }

  clear(): void {
    if (!this.shown) return;
    this.out.write('\r\x1b[K');
    this.shown = false;
  }
}
