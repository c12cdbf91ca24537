/**
 * A discrete-event clock in virtual milliseconds. Events due at the same
 * instant run in the order they were scheduled, so a run is a pure function
 * of its inputs.
 */
export interface ScheduledEvent {
  readonly time: number;
  readonly seq: number;
  /** Background events (periodic refreshes) do not keep a settle going. */
  readonly background: boolean;
  readonly label: string;
  readonly run: () => void;
  cancelled: boolean;
}

export class Clock {
  private heap: ScheduledEvent[] = [];
  private seq = 0;
  private foreground = 0;
  now = 0;

  schedule(delay: number, label: string, run: () => void, background = false): ScheduledEvent {
    const ev: ScheduledEvent = {
      time: this.now + Math.max(0, delay),
      seq: this.seq++,
      background,
      label,
      run,
      cancelled: false,
    };
    if (!background) this.foreground++;
    this.push(ev);
    return ev;
  }

  cancel(ev: ScheduledEvent | undefined): void {
    if (!ev || ev.cancelled) return;
    ev.cancelled = true;
    if (!ev.background) this.foreground--;
  }

  /** True when only background events (or none) are waiting. */
  get idle(): boolean {
    return this.foreground === 0;
  }

  peekTime(): number | undefined {
    this.dropCancelled();
    return this.heap[0]?.time;
  }

  /** Runs the next event; returns false if there is none. */
  step(): boolean {
    this.dropCancelled();
    const ev = this.pop();
    if (!ev) return false;
    if (!ev.background) this.foreground--;
    this.now = Math.max(this.now, ev.time);
    ev.cancelled = true;
    ev.run();
    return true;
  }

  /** Runs every event due at or before `until`, then sets the clock to `until`. */
  runUntil(until: number): void {
    for (;;) {
      const t = this.peekTime();
      if (t === undefined || t > until) break;
      this.step();
    }
    this.now = Math.max(this.now, until);
  }

  private dropCancelled(): void {
    while (this.heap.length && this.heap[0].cancelled) this.pop();
  }

  private less(a: ScheduledEvent, b: ScheduledEvent): boolean {
    return a.time < b.time || (a.time === b.time && a.seq < b.seq);
  }

  private push(ev: ScheduledEvent): void {
    const h = this.heap;
    h.push(ev);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i], h[p])) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
  }

  private pop(): ScheduledEvent | undefined {
    const h = this.heap;
    if (h.length === 0) return undefined;
    const top = h[0];
    const last = h.pop()!;
    if (h.length) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l], h[m])) m = l;
        if (r < h.length && this.less(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }
}
