/**
 * Duplicate mapping keys in a compose file, found as yaml.v3 finds them and
 * said in its words: gopkg.in/yaml.v3 v3.0.1 decode.go `mapping()` compares
 * each key with every later key of the same mapping by node kind and raw
 * value (so `a` and `"a"` clash, and so do `1` and `"1"`), and collects
 * `line J: mapping key "V" already defined at line I` for each pair, in the
 * order of I then J, into one "yaml: unmarshal errors:" report (vendored by
 * docker/cli v28.2.2; checked against the real 28.2.2 client). A mapping
 * with duplicates is not decoded further, so what it holds is not checked:
 * the walk goes into a mapping's values only when its keys are distinct, in
 * document order, as the decoder does. Aliases are not followed.
 *
 * Found in one pass with a map per mapping, where the `yaml` package's own
 * check (uniqueKeys) compares every pair: a stack of 10,000 services spent
 * most of its parse there.
 */
import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter } from 'yaml';
import { goQuote } from '../format/text.js';

/** Reported pairs: yaml.v3 lists them all; past this many, the rest are summed up in one line. */
export const MAX_DUPLICATE_REPORTS = 1000;

/** yaml.v3's "unmarshal errors" report for the duplicate keys of `doc`, or null when there are none. */
export function duplicateKeyErrors(doc: Document, lines: LineCounter): string | null {
  const errors: string[] = [];
  let more = 0;
  const walk = (node: unknown): void => {
    if (isSeq(node)) for (const item of node.items) walk(item);
    if (!isMap(node)) return;
    if (duplicatesOf(node)) return;
    for (const item of node.items) if (isPair(item)) walk(item.value);
  };
  /** Reports the duplicate keys of one mapping; whether it had any. */
  const duplicatesOf = (map: { items: { key: unknown }[] }): boolean => {
    // The lines of each key's occurrences, by identity (kind and raw text).
    const groups = new Map<string, number[]>();
    const keys: { line: number; value: string; group: number[] }[] = [];
    for (const item of map.items) {
      const k = item.key as { range?: [number, number, number] } | null;
      const value = isScalar(k) ? String(k.source ?? k.value) : '';
      const id = isScalar(k) || !k ? `s:${value}` : isMap(k) ? 'm:' : 'q:';
      const line = k?.range ? lines.linePos(k.range[0]).line : 0;
      let group = groups.get(id);
      if (!group) groups.set(id, (group = []));
      group.push(line);
      keys.push({ line, value, group });
    }
    if (groups.size === keys.length) return false;
    // yaml.v3 loops over the earlier key, then the later ones: emitted in that order, so
    // that a key repeated many times costs the reports kept, not every pair.
    const next = new Map<number[], number>();
    for (const { line, value, group } of keys) {
      const from = (next.get(group) ?? 0) + 1;
      next.set(group, from);
      const later = group.length - from;
      if (later <= 0) continue;
      const room = Math.max(0, Math.min(later, MAX_DUPLICATE_REPORTS - errors.length));
      for (let j = from; j < from + room; j++) errors.push(`  line ${group[j]}: mapping key ${goQuote(value)} already defined at line ${line}`);
      more += later - room;
    }
    return true;
  };
  walk(doc.contents);
  if (errors.length === 0) return null;
  if (more > 0) errors.push(`  ... and ${more} more duplicate keys (swarmsim reports at most ${MAX_DUPLICATE_REPORTS})`);
  return `yaml: unmarshal errors:\n${errors.join('\n')}`;
}
