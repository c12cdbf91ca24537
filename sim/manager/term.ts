/**
 * A leader's term: what the leader-only components schedule on the clock.
 * SwarmKit starts those components when a manager becomes leader and stops
 * them when it steps down (manager/manager.go); their timers (a scheduling
 * pass, a restart delay, a heartbeat expiry, the next step of an update) die
 * with them, so they are scheduled here and cancelled together.
 */
import type { Clock, ScheduledEvent } from '../clock.js';

export interface Timers {
  /** `background`: the event does not keep a settle going (a watch that only ends a status). */
  schedule(delay: number, label: string, run: () => void, background?: boolean): ScheduledEvent;
  cancel(ev: ScheduledEvent | undefined): void;
}

export class Term implements Timers {
  private readonly events = new Set<ScheduledEvent>();

  constructor(private readonly clock: Clock) {}

  schedule(delay: number, label: string, run: () => void, background = false): ScheduledEvent {
    const ev = this.clock.schedule(
      delay,
      label,
      () => {
        this.events.delete(ev);
        run();
      },
      background,
    );
    this.events.add(ev);
    return ev;
  }

  cancel(ev: ScheduledEvent | undefined): void {
    if (!ev) return;
    this.clock.cancel(ev);
    this.events.delete(ev);
  }

  /** The leader stepped down: nothing it scheduled runs. */
  end(): void {
    for (const ev of this.events) this.clock.cancel(ev);
    this.events.clear();
  }
}
