import type { Task } from '../model/types.js';
import { defaultFilters, type Filter, type FilterName } from './filters/index.js';
import type { NodeInfo } from './nodeInfo.js';

interface Entry {
  readonly filter: Filter;
  enabled: boolean;
  failures: number;
}

/**
 * Runs the filters in order (swarmkit manager/scheduler/pipeline.go). A node
 * counts against the first filter it fails; a node that passes everything
 * resets all counts, so the explanation describes the nodes seen since the
 * last success, exactly as upstream.
 */
export class Pipeline {
  private readonly entries: Entry[];

  constructor(filters: Filter[] = defaultFilters()) {
    this.entries = filters.map((filter) => ({ filter, enabled: false, failures: 0 }));
  }

  /** Bit i set when the i-th filter applies to the current task. */
  private mask = 0;
  /** The names of each set of enabled filters, made once: records of decisions share them. */
  private readonly names = new Map<number, readonly FilterName[]>();

  setTask(t: Task): void {
    let mask = 0;
    for (let i = 0; i < this.entries.length; i++) {
      const e = this.entries[i];
      e.enabled = e.filter.setTask(t);
      e.failures = 0;
      if (e.enabled) mask |= 1 << i;
    }
    this.mask = mask;
  }

  /** The names of the enabled filters, in pipeline order (shared, do not change). */
  enabledNames(): readonly FilterName[] {
    let names = this.names.get(this.mask);
    if (!names) this.names.set(this.mask, (names = this.enabledFilters().map((f) => f.name)));
    return names;
  }

  process(n: NodeInfo): boolean {
    for (const e of this.entries) {
      if (e.enabled && !e.filter.check(n)) {
        e.failures++;
        return false;
      }
    }
    for (const e of this.entries) e.failures = 0;
    return true;
  }

  /** Whether any node is counted against a filter (explain() would say something). */
  counted(): boolean {
    for (const e of this.entries) if (e.failures > 0) return true;
    return false;
  }

  /** SwarmKit's explanation: filters by failure count, descending, ties in pipeline order. */
  explain(): string {
    return [...this.entries]
      .filter((e) => e.failures > 0)
      .sort((a, b) => b.failures - a.failures)
      .map((e) => e.filter.explain(e.failures))
      .join('; ');
  }

  /** Whether the named filter applies to the current task. */
  isEnabled(name: string): boolean {
    return this.entries.some((e) => e.enabled && e.filter.name === name);
  }

  /** One filter's verdict, without touching the failure counts (index look-ups). */
  checkOnly(name: string, n: NodeInfo): boolean {
    const e = this.entries.find((x) => x.filter.name === name);
    return !e || !e.enabled || e.filter.check(n);
  }

  /** The enabled filters, for explanations that evaluate every filter on every node. */
  enabledFilters(): Filter[] {
    return this.entries.filter((e) => e.enabled).map((e) => e.filter);
  }
}
