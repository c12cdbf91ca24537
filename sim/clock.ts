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

/** The events due at one instant, in the order they were scheduled (their seq order). */
interface Instant {
  readonly time: number;
  readonly events: ScheduledEvent[];
  /** Index of the first event not yet run. */
  next: number;
}

/**
 * Events are kept per instant: a heap of the distinct times, and for each a
 * list in scheduling order. Since seq grows with every schedule, that order
 * is the (time, seq) order a single heap of events would give, and the many
 * events of one instant (every task of a large service takes its step at the
 * same virtual moment) cost an append and a read instead of a heap push and
 * pop each.
 */
export class Clock {
  private heap: Instant[] = [];
  private readonly instants = new Map<number, Instant>();
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
    let at = this.instants.get(ev.time);
    if (!at) {
      at = { time: ev.time, events: [], next: 0 };
      this.instants.set(ev.time, at);
      this.push(at);
    }
    at.events.push(ev);
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
    return this.first()?.time;
  }

  /** Runs the next event; returns false if there is none. */
  step(): boolean {
    const at = this.first();
    if (!at) return false;
    const ev = at.events[at.next++];
    if (!ev.background) this.foreground--;
    this.now = Math.max(this.now, ev.time);
    ev.cancelled = true;
    ev.run();
    // Spent: let its events go now rather than at the next look (an instant of a large
    // service's step holds one per task). It is still the earliest: whatever the run
    // scheduled for this instant went into it.
    if (at.next >= at.events.length && this.heap[0] === at) {
      this.instants.delete(at.time);
      this.pop();
    }
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

  /** The earliest instant with an event still to run, having dropped cancelled events and spent instants. */
  private first(): Instant | undefined {
    for (;;) {
      const at = this.heap[0];
      if (!at) return undefined;
      const evs = at.events;
      while (at.next < evs.length && evs[at.next].cancelled) at.next++;
      if (at.next < evs.length) return at;
      this.instants.delete(at.time);
      this.pop();
    }
  }

  private push(at: Instant): void {
    const h = this.heap;
    h.push(at);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p].time <= at.time) break;
      h[i] = h[p];
      i = p;
    }
    h[i] = at;
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop()!;
    if (h.length === 0) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = -1;
      let best = last.time;
      if (l < h.length && h[l].time < best) {
        m = l;
        best = h[l].time;
      }
      if (r < h.length && h[r].time < best) m = r;
      if (m < 0) break;
      h[i] = h[m];
      i = m;
    }
    h[i] = last;
  }
}
