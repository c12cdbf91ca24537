/**
 * The iteration order of a Go map, modelled: SwarmKit's scheduler breaks
 * ties between equally good nodes, and picks which task of a group goes
 * where, by ranging over Go maps (manager/scheduler/nodeset.go `range
 * ns.nodes`, scheduler.go `range taskGroup`), so which node wins a tie is
 * decided by Go's runtime, not by chance alone. Go 1.19's runtime/map.go,
 * which built Docker's 20.10 and later engines, does this:
 *   - a map has 2^B buckets of 8 slots (plus overflow buckets); a key goes
 *     to the bucket its seeded hash picks, in the first free slot there;
 *     deleting frees the slot for the next insert;
 *   - it grows to twice the buckets when a new key would exceed a load of
 *     6.5 per bucket (and 8 keys), redistributing keys in bucket order, and
 *     never shrinks; emptying it draws a new hash seed;
 *   - each `range` draws one random number: a start bucket and a slot
 *     offset, then visits buckets in order from the start (wrapping), and in
 *     each bucket the slots offset, offset+1, ... modulo 8.
 * So a map of up to 8 keys is a ring in insertion order started at one of
 * 8 offsets: with 2 keys, the first inserted comes first 7 times in 8. That
 * bias is real (it is why ties in a small swarm go to its first node most of
 * the time) and the model keeps it; the hash function is not Go's (aeshash),
 * which only changes which bucket a key lands in, itself random per map.
 * Growth is done at once here, where Go evacuates buckets incrementally.
 */
import type { Rng } from '../rng.js';

const SLOTS = 8;
/** runtime/map.go loadFactorNum / loadFactorDen: 6.5 keys per bucket. */
const overLoad = (count: number, b: number): boolean => count > SLOTS && count > 13 * ((1 << b) >> 1);

export class GoMap<K extends string = string> {
  /**
   * buckets[i] is the bucket's chain: 8 slots, then each overflow bucket's 8.
   * Made when a second key arrives: until then the map holds at most `lone`,
   * where a bucket array and a hash map would cost more than the one key (the
   * scheduler makes a map per task group, most of one task).
   */
  private buckets: (K | undefined)[][] | null = null;
  private hashes: Map<K, number> | null = null;
  private lone: K | undefined = undefined;
  private b = 0;
  private count = 0;
  private seed: number;

  constructor(private readonly rng: Rng) {
    this.seed = this.draw();
  }

  get size(): number {
    return this.count;
  }

  has(k: K): boolean {
    return this.hashes ? this.hashes.has(k) : this.lone === k;
  }

  /** Inserts `k` if absent (an assignment to an existing key keeps its slot). */
  set(k: K): void {
    if (this.has(k)) return;
    if (!this.hashes) {
      if (this.lone === undefined) {
        this.lone = k;
        this.count = 1;
        return;
      }
      this.materialize();
    }
    if (overLoad(this.count + 1, this.b)) this.grow();
    const h = hash(k, this.seed);
    this.hashes!.set(k, h);
    this.place(k, h);
    this.count++;
  }

  delete(k: K): void {
    if (!this.hashes) {
      if (this.lone !== k || k === undefined) return;
      this.lone = undefined;
      this.count = 0;
      this.seed = this.draw();
      return;
    }
    const h = this.hashes.get(k);
    if (h === undefined) return;
    const chain = this.buckets![h & ((1 << this.b) - 1)];
    const i = chain.indexOf(k);
    if (i >= 0) chain[i] = undefined;
    this.hashes.delete(k);
    this.count--;
    // mapdelete: an emptied map draws a new hash seed (golang/go issue 25237).
    if (this.count === 0) this.seed = this.draw();
  }

  /** One `for k := range m`: the keys in the order this iteration visits them. */
  keys(): K[] {
    const out: K[] = [];
    if (this.count === 0) return out;
    // One key has one order: skip the draw (the model's outcomes never depend on it).
    if (this.count === 1) {
      if (!this.hashes) out.push(this.lone!);
      else for (const k of this.hashes.keys()) out.push(k);
      return out;
    }
    const buckets = this.buckets!;
    const r = this.draw();
    const n = 1 << this.b;
    const start = r & (n - 1);
    const offset = (r >>> this.b) & (SLOTS - 1);
    for (let j = 0; j < n; j++) {
      const chain = buckets[(start + j) & (n - 1)];
      for (let base = 0; base < chain.length; base += SLOTS)
        for (let i = 0; i < SLOTS; i++) {
          const k = chain[base + ((i + offset) & (SLOTS - 1))];
          if (k !== undefined) out.push(k);
        }
    }
    return out;
  }

  /** The lone key, placed as it would have been on its own insert: the map is then as if it had always been built. */
  private materialize(): void {
    this.buckets = [[]];
    this.hashes = new Map();
    this.b = 0;
    const k = this.lone!;
    this.lone = undefined;
    const h = hash(k, this.seed);
    this.hashes.set(k, h);
    this.place(k, h);
  }

  private place(k: K, h: number): void {
    const chain = this.buckets![h & ((1 << this.b) - 1)];
    const free = chain.indexOf(undefined);
    // The first freed slot, else the next one: past a full bucket, the first of a new overflow bucket.
    if (free >= 0) chain[free] = k;
    else chain.push(k);
  }

  /** hashGrow + evacuate: twice the buckets, each old chain split in slot order. */
  private grow(): void {
    const old = this.buckets!;
    this.b++;
    this.buckets = Array.from({ length: 1 << this.b }, () => []);
    for (const chain of old) for (const k of chain) if (k !== undefined) this.buckets[this.hashes!.get(k)! & ((1 << this.b) - 1)].push(k);
    // Evacuated chains are dense: no holes until the next delete.
  }

  private draw(): number {
    return this.rng.int(0x1_0000_0000) >>> 0;
  }
}

/** A 32-bit seeded string hash (FNV-1a, then a murmur finalizer). */
function hash(s: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/** One `range` over a fresh Go map of `keys`, inserted in the order given: the order Go visits them. */
export function rangeOrder<K extends string>(rng: Rng, keys: Iterable<K>): K[] {
  const m = new GoMap<K>(rng);
  for (const k of keys) m.set(k);
  return m.keys();
}
