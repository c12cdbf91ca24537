/** Go's time.Time on the simulator's virtual clock: JSON (RFC 3339) and String() forms. */
import { GO_STRING, GO_TYPE } from './template.js';

/**
 * Virtual wall clock: simulated time 0 is this instant (2024-06-01T12:00:00Z),
 * so that printed dates are fixed for a given run.
 */
export const SIM_EPOCH_MS = 1_717_243_200_000;

function civil(simMs: number): { date: string; time: string; frac: string } {
  // Whole and fractional milliseconds apart: epoch nanoseconds exceed a double's exact range.
  const whole = Math.floor(simMs);
  const ms = SIM_EPOCH_MS + whole;
  const nanos = Math.min(999_999, Math.round((simMs - whole) * 1e6));
  const days = Math.floor(ms / 86_400_000);
  const secOfDay = Math.floor((ms - days * 86_400_000) / 1000);
  const msPart = ms - days * 86_400_000 - secOfDay * 1000;
  // Howard Hinnant's civil_from_days.
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  const p2 = (n: number): string => String(n).padStart(2, '0');
  const frac = (String(msPart).padStart(3, '0') + String(nanos).padStart(6, '0')).replace(/0+$/, '');
  return {
    date: `${String(y).padStart(4, '0')}-${p2(m)}-${p2(d)}`,
    time: `${p2(Math.floor(secOfDay / 3600))}:${p2(Math.floor(secOfDay / 60) % 60)}:${p2(secOfDay % 60)}`,
    frac: frac ? '.' + frac : '',
  };
}

/** A simulated instant as Go's time.Time marshals to JSON (RFC 3339 with nanoseconds, UTC). */
export function goTime(simMs: number): string {
  const c = civil(simMs);
  return `${c.date}T${c.time}${c.frac}Z`;
}

/**
 * A time.Time in an inspect object: its JSON is RFC 3339 with nanoseconds,
 * and a template prints it as Go's String() does (`2024-06-01 12:00:01.3 +0000 UTC`).
 */
export class GoTime {
  readonly [GO_TYPE] = 'time.Time';
  readonly #simMs: number;
  constructor(simMs: number) {
    this.#simMs = simMs;
  }
  toJSON(): string {
    return goTime(this.#simMs);
  }
  [GO_STRING](): string {
    return goTimeString(this.#simMs);
  }
}

/** A simulated instant as Go's time.Time.String() prints it in UTC. */
export function goTimeString(simMs: number): string {
  const c = civil(simMs);
  return `${c.date} ${c.time}${c.frac} +0000 UTC`;
}
