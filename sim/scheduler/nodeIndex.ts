import type { NodeInfo } from './nodeInfo.js';

/**
 * Nodes indexed by what the scheduler asks most: their reported plugin set
 * (the plugin filter's only input) and their active task count (nodeLess's
 * tie-breaker). With it, a task group without spread preferences finds its
 * best nodes by walking the buckets of the plugin classes that can host it,
 * lowest count first, instead of scoring every node: cost grows with the
 * nodes it must look at, not with the size of the swarm.
 */
/**
 * An unordered set with O(1) add, delete and random access, so that a scan
 * can start at a seeded random member: ties among equal nodes then fall as
 * Go's randomised map iteration lets them fall upstream.
 */
export class Bucket {
  private readonly items: NodeInfo[] = [];
  private readonly at = new Map<NodeInfo, number>();

  get size(): number {
    return this.items.length;
  }

  has(n: NodeInfo): boolean {
    return this.at.has(n);
  }

  add(n: NodeInfo): void {
    if (this.at.has(n)) return;
    this.at.set(n, this.items.length);
    this.items.push(n);
  }

  delete(n: NodeInfo): void {
    const i = this.at.get(n);
    if (i === undefined) return;
    const last = this.items.pop()!;
    this.at.delete(n);
    if (last !== n) {
      this.items[i] = last;
      this.at.set(last, i);
    }
  }

  /** The i-th member (0 <= i < size), for scans that start at a random index and wrap. */
  at_(i: number): NodeInfo {
    return this.items[i];
  }

  [Symbol.iterator](): IterableIterator<NodeInfo> {
    return this.items[Symbol.iterator]();
  }
}

export class PluginClass {
  /** buckets[c]: nodes of this class with c active tasks. */
  readonly buckets: Bucket[] = [];
  /** No bucket below this one has members: scans start here instead of at 0. */
  lowest = 0;

  /** Moves `lowest` up past buckets that emptied. */
  settleLowest(): void {
    while (this.lowest < this.buckets.length && !(this.buckets[this.lowest]?.size > 0)) this.lowest++;
  }

  constructor(
    readonly signature: string,
    /** Any member: the plugin filter's verdict is the same for all of them. */
    public representative: NodeInfo,
  ) {}

  get size(): number {
    let n = 0;
    for (const b of this.buckets) if (b) n += b.size;
    return n;
  }
}

export class NodeIndex {
  private readonly classes = new Map<string, PluginClass>();
  private readonly classOf = new Map<NodeInfo, PluginClass>();
  private readonly countOf = new Map<NodeInfo, number>();

  allClasses(): IterableIterator<PluginClass> {
    return this.classes.values();
  }

  /** Adds a node or moves it after its description changed. */
  upsert(n: NodeInfo): void {
    const sig = signature(n);
    const old = this.classOf.get(n);
    if (old && old.signature === sig) {
      old.representative = n;
      return;
    }
    if (old) this.detach(n, old);
    let cls = this.classes.get(sig);
    if (!cls) this.classes.set(sig, (cls = new PluginClass(sig, n)));
    this.classOf.set(n, cls);
    this.put(cls, n, n.activeTasksCount);
  }

  remove(n: NodeInfo): void {
    const cls = this.classOf.get(n);
    if (cls) this.detach(n, cls);
    this.classOf.delete(n);
  }

  private detach(n: NodeInfo, cls: PluginClass): void {
    const c = this.countOf.get(n);
    if (c !== undefined) cls.buckets[c]?.delete(n);
    this.countOf.delete(n);
    cls.settleLowest();
    if (cls.size === 0) this.classes.delete(cls.signature);
    else if (cls.representative === n) cls.representative = firstMember(cls) ?? n;
  }

  private put(cls: PluginClass, n: NodeInfo, count: number): void {
    (cls.buckets[count] ??= new Bucket()).add(n);
    this.countOf.set(n, count);
    if (count < cls.lowest) cls.lowest = count;
  }

  /** NodeInfo tells us whenever its active count changes. */
  countsChanged(n: NodeInfo): void {
    const cls = this.classOf.get(n);
    if (!cls) return;
    const old = this.countOf.get(n);
    if (old === n.activeTasksCount) return;
    if (old !== undefined) cls.buckets[old]?.delete(n);
    this.put(cls, n, n.activeTasksCount);
    cls.settleLowest();
  }
}

function firstMember(cls: PluginClass): NodeInfo | undefined {
  for (const b of cls.buckets) if (b) for (const n of b) return n;
  return undefined;
}

function signature(n: NodeInfo): string {
  const d = n.node.description;
  if (!d) return '';
  let s = '';
  for (const p of d.engine.plugins) s += `${p.type}\u0000${p.name}\u0001`;
  return s;
}
