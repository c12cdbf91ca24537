import seedrandom from 'seedrandom';

/**
 * The one source of randomness in a simulation. Every ID, token and
 * tie-break is drawn from here, so a seed names one run exactly.
 */
export class Rng {
  private prng: seedrandom.StatefulPRNG<seedrandom.State.Arc4>;

  constructor(readonly seed: number | string) {
    // {state: true} draws the same sequence and lets the source be saved and restored.
    this.prng = seedrandom(String(seed), { state: true });
  }

  /** The source's position: restore() with it draws the same numbers again. */
  save(): RngState {
    return this.prng.state();
  }

  /** Goes back to a position from save(): what a refused command drew is undrawn. */
  restore(state: RngState): void {
    this.prng = seedrandom('', { state: { i: state.i, j: state.j, S: [...state.S] } });
  }

  /** A float in [0, 1). */
  next(): number {
    return this.prng.quick();
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.prng.quick() * n);
  }

  /**
   * A 25-character base-36 ID, the shape of SwarmKit's identity.NewID
   * (swarmkit identity/randomid.go: a 128-bit number in base 36, zero-padded).
   */
  swarmId(): string {
    // randomid.go pads with leading zeros, so any first character is possible.
    return this.draw(BASE36, 25);
  }

  /** Lower-case hex of the given length (plugin and container IDs). */
  hex(length: number): string {
    return this.draw(HEX, length);
  }

  /**
   * `length` characters of `alphabet`, one draw each, made as one flat
   * string: appended one by one, a string past 12 characters is a rope of
   * one node per character in V8, which an ID kept per task (25 and 64
   * characters) pays in memory for as long as the task lives.
   */
  private draw(alphabet: string, length: number): string {
    const codes = new Array<number>(length);
    for (let i = 0; i < length; i++) codes[i] = alphabet.charCodeAt(this.int(alphabet.length));
    return String.fromCharCode(...codes);
  }

  /** A Fisher-Yates permutation of 0..n-1. */
  permutation(n: number): number[] {
    const p = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}

/**
 * A position of an Rng (seedrandom's ARC4 state), written out here so that
 * the published types do not need @types/seedrandom.
 */
export interface RngState {
  readonly i: number;
  readonly j: number;
  readonly S: readonly number[];
}

const BASE36 = '0123456789abcdefghijklmnopqrstuvwxyz';
const HEX = '0123456789abcdef';
