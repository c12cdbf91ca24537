import type { SpreadPreference } from '../model/types.js';
import type { Rng } from '../rng.js';
import { GoMap } from './goMap.js';
import { ENGINE_LABEL_PREFIX, NODE_LABEL_PREFIX } from './constraint.js';
import type { NodeInfo } from './nodeInfo.js';

export type NodeLess = (a: NodeInfo, b: NodeInfo) => boolean;

/**
 * A bounded max-heap of the best nodes (swarmkit nodeheap.go): its top is the
 * worst of the kept nodes, so a better candidate replaces it.
 */
class NodeMaxHeap {
  nodes: NodeInfo[] = [];
  constructor(private readonly less: NodeLess) {}

  // max-heap: parent is "not less" than children
  private above(i: number, j: number): boolean {
    return this.less(this.nodes[j], this.nodes[i]);
  }

  push(n: NodeInfo): void {
    const h = this.nodes;
    h.push(n);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.above(i, p)) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
  }

  replaceTop(n: NodeInfo): void {
    this.nodes[0] = n;
    this.down(0, this.nodes.length);
  }

  private down(i: number, len: number): void {
    const h = this.nodes;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= len) break;
      let m = l;
      const r = l + 1;
      if (r < len && this.above(r, l)) m = r;
      if (!this.above(m, i)) break;
      [h[i], h[m]] = [h[m], h[i]];
      i = m;
    }
  }

  /** Pops everything in place: the array ends up best-first (decision_tree.go orderedNodes). */
  sortBestFirst(): NodeInfo[] {
    const h = this.nodes;
    for (let len = h.length; len > 1; len--) {
      [h[0], h[len - 1]] = [h[len - 1], h[0]];
      this.down(0, len - 1);
    }
    return h;
  }
}

/**
 * One level of spread preferences (swarmkit decision_tree.go): `tasks` counts
 * this service's active tasks below; a leaf keeps the best candidate nodes.
 */
export class DecisionTree {
  tasks = 0;
  next: Map<string, DecisionTree> | null = null;
  /** tree.next is a Go map: each pass over the branches ranges over it afresh. */
  private nextOrder: GoMap<string> | null = null;

  addBranch(value: string, rng: Rng): DecisionTree {
    this.next ??= new Map();
    let t = this.next.get(value);
    if (!t) {
      this.next.set(value, (t = new DecisionTree()));
      (this.nextOrder ??= new GoMap(rng)).set(value);
    }
    return t;
  }

  /** The branches in the order one `range tree.next` visits them. */
  rangeNext(): DecisionTree[] {
    return this.nextOrder ? this.nextOrder.keys().map((v) => this.next!.get(v)!) : [];
  }
  heap: NodeMaxHeap | null = null;
  private ordered: NodeInfo[] | null = null;

  /** The leaf's nodes best-first, re-checked against the filters after the first use. */
  orderedNodes(meets: (n: NodeInfo) => boolean): NodeInfo[] {
    if (!this.heap) return [];
    if (this.ordered) {
      // Tasks were placed since: drop nodes that no longer pass, then re-order.
      const kept = this.ordered.filter(meets);
      const h = new NodeMaxHeap(this.lessOf());
      for (const n of kept) h.push(n);
      this.heap = h;
    }
    this.ordered = this.heap.sortBestFirst();
    return this.ordered;
  }

  private less: NodeLess | null = null;
  lessOf(): NodeLess {
    return this.less!;
  }
  setLess(less: NodeLess): void {
    this.less = less;
    this.heap ??= new NodeMaxHeap(less);
  }
}

/** The value of a spread descriptor on a node, or null when the descriptor is not a label (ignored upstream). */
export function spreadValue(descriptor: string, n: NodeInfo): string | null {
  const lower = descriptor.toLowerCase();
  if (descriptor.length > NODE_LABEL_PREFIX.length && lower.startsWith(NODE_LABEL_PREFIX))
    return n.node.labels[descriptor.slice(NODE_LABEL_PREFIX.length)] ?? '';
  if (descriptor.length > ENGINE_LABEL_PREFIX.length && lower.startsWith(ENGINE_LABEL_PREFIX))
    return n.node.description?.engine.labels[descriptor.slice(ENGINE_LABEL_PREFIX.length)] ?? '';
  return null;
}

/**
 * Builds the tree for one task group (swarmkit nodeset.go tree): nodes are
 * visited in `order`, counted into the branch of their label values, and each
 * leaf keeps the best `maxAssignments` nodes that pass the filters. Filters
 * run only on nodes that could enter the heap, as upstream, which shapes the
 * failure counts of the explanation.
 */
export function buildTree(
  order: readonly NodeInfo[],
  serviceId: string,
  prefs: readonly SpreadPreference[],
  maxAssignments: number,
  meets: (n: NodeInfo) => boolean,
  less: NodeLess,
  rng: Rng,
): DecisionTree {
  const root = new DecisionTree();
  if (maxAssignments === 0) return root;
  for (const n of order) {
    let tree = root;
    const own = n.tasksOfService(serviceId);
    for (const pref of prefs) {
      const value = spreadValue(pref.spread, n);
      if (value === null) continue;
      tree.tasks += own;
      tree = tree.addBranch(value, rng);
    }
    tree.tasks += own;
    tree.setLess(less);
    const heap = tree.heap!;
    if (heap.nodes.length < maxAssignments) {
      if (meets(n)) heap.push(n);
    } else if (less(n, heap.nodes[0])) {
      if (meets(n)) heap.replaceTop(n);
    }
  }
  return root;
}
