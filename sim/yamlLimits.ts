/**
 * Limits on YAML read from users (compose files, scenario front matter),
 * checked before and after the `yaml` package parses, because the package
 * itself recurses (5,000 nested brackets overflow the stack, at a point that
 * depends on how deep the caller already is) and expands aliases lazily
 * (a few lines of anchors can stand for billions of nodes).
 *
 * The rules and words are those of gopkg.in/yaml.v3 v3.0.1, which the docker
 * CLI's compose loader uses (docker/cli v28.2.2 vendor/gopkg.in/yaml.v3:
 * decode.go `allowedAliasRatio`, scannerc.go `max_flow_level`); only the depth
 * is lower than yaml.v3's 10,000, since the JS parser cannot go that deep.
 */
import { isAlias, isCollection, isDocument, isPair, type Document, type Node } from 'yaml';

export const YAML_LIMITS = {
  /** Nesting levels (block indentation, compact `- - x` entries and flow brackets together). */
  maxDepth: 100,
  /** Characters of one YAML document. */
  maxChars: 1_000_000,
} as const;

export interface YamlProblem {
  /** 1-based line and column in the YAML text. */
  readonly line: number;
  readonly column: number;
  /** yaml.v3's words, without its "yaml: line N: " prefix. */
  readonly message: string;
  /** Whether yaml.v3 names the line (its decoder errors do not). */
  readonly located: boolean;
}

/**
 * The first place where `src` is too big or nests deeper than the limit, by
 * a linear scan that never under-counts what the parser will see: it may
 * count an indicator or a bracket the parser would read as text (inside a
 * plain scalar, say), so a pathological but valid document can be refused,
 * but never the other way round.
 */
export function yamlInputProblem(src: string): YamlProblem | null {
  if (src.length > YAML_LIMITS.maxChars) {
    const line = lineOf(src, YAML_LIMITS.maxChars);
    return {
      ...line,
      message: `document is longer than ${YAML_LIMITS.maxChars.toLocaleString('en')} characters (swarmsim's limit)`,
      located: false,
    };
  }
  const max = YAML_LIMITS.maxDepth;
  const tooDeep = (line: number, column: number): YamlProblem => ({
    line,
    column,
    message: `exceeded max depth of ${max} (swarmsim's limit; docker's is 10000)`,
    located: true,
  });
  /** Open block collections by column; `entry`: a sequence (or `?`/`:` entries) rather than a mapping. */
  const levels: { col: number; entry: boolean }[] = [];
  let flow = 0;
  /** Inside a quoted scalar: its quote character. */
  let quote: '' | '"' | "'" = '';
  /** Inside a block scalar (`|`, `>`): lines indented deeper than this are its text. */
  let blockScalarIndent = -1;
  const spaceAt = (line: string, k: number): boolean => k >= line.length || line[k] === ' ' || line[k] === '\t' || line[k] === '\r';
  let lineNo = 0;
  let start = 0;
  while (start <= src.length) {
    let end = src.indexOf('\n', start);
    if (end < 0) end = src.length;
    lineNo++;
    const line = src.slice(start, end);
    start = end + 1;
    let i = 0;
    while (line[i] === ' ') i++;
    const blank = i === line.length || line[i] === '\r';
    if (blockScalarIndent >= 0) {
      if (blank || i > blockScalarIndent) continue;
      blockScalarIndent = -1;
    }
    if (blank || (quote === '' && line[i] === '#')) continue;
    if (quote === '' && flow === 0) {
      // The line's node and, after each `- ` (`? `, `: `), the node inside that entry:
      // `- - k: v` opens a sequence, a sequence and a mapping at three columns.
      let p = i;
      for (let first = true; ; first = false) {
        const entry = '-?:'.includes(line[p]) && spaceAt(line, p + 1);
        if (first) {
          // A key at the column of a sequence ends it (the indentless `key:\n- item` form).
          while (levels.length > 0 && (levels[levels.length - 1].col > p || (levels[levels.length - 1].col === p && !entry && levels[levels.length - 1].entry))) levels.pop();
          const top = levels[levels.length - 1];
          if (!top || top.col !== p || top.entry !== entry) levels.push({ col: p, entry });
        } else levels.push({ col: p, entry });
        if (levels.length > max) return tooDeep(lineNo, p + 1);
        if (!entry) break;
        p++;
        // Node properties (`&anchor`, `!tag`) may stand between an entry and the node inside it.
        for (;;) {
          while (line[p] === ' ' || line[p] === '\t') p++;
          if (line[p] !== '&' && line[p] !== '!') break;
          while (p < line.length && !spaceAt(line, p)) p++;
        }
        if (spaceAt(line, p) || line[p] === '#') break;
      }
    }
    let lastSignificant = -1;
    // `a: b: c: ...` on one line: the parser nests a mapping per key before it refuses the
    // line, so many of them run out of stack: those after the first (the line's own key, counted
    // in levels) count as depth too.
    let keys = 0;
    for (let k = i; k < line.length; k++) {
      const c = line[k];
      if (quote === '"') {
        if (c === '\\') k++;
        else if (c === '"') quote = '';
        continue;
      }
      if (quote === "'") {
        if (c === "'") quote = '';
        continue;
      }
      const prev = k === 0 ? ' ' : line[k - 1];
      if (c === '#' && (prev === ' ' || prev === '\t')) break;
      if ((c === '"' || c === "'") && ' \t[{,:'.includes(prev)) quote = c;
      else if (c === '[' || c === '{') {
        flow++;
        if (levels.length + flow > max) return tooDeep(lineNo, k + 1);
      } else if (c === ']' || c === '}') flow = Math.max(0, flow - 1);
      else if (c === ':' && flow === 0 && spaceAt(line, k + 1) && levels.length + ++keys - 1 > max) return tooDeep(lineNo, k + 1);
      if (c !== ' ' && c !== '\t' && c !== '\r') lastSignificant = k;
    }
    // `key: |`, `- >-`, `|2+`: the lines under it are text, however they are indented.
    if (quote === '' && flow === 0 && lastSignificant >= 0 && /(?:^|[ \t])[|>][-+0-9]*$/.test(line.slice(0, lastSignificant + 1))) {
      blockScalarIndent = i;
    }
  }
  return null;
}

/**
 * What yaml.v3's decoder refuses about aliases, walked in its order with its
 * counters: an alias to no anchor, an alias inside its own anchor, and more
 * than the allowed share of nodes coming from alias expansion. The walk
 * stops at the first refusal, so a "billion laughs" costs a few thousand
 * steps; a document it accepts costs its size plus at most ~400,000.
 */
export function yamlAliasProblem(doc: Document, src: string): YamlProblem | null {
  let decodes = 0;
  let aliasDecodes = 0;
  const expanding = new Set<Node>();
  type Frame = { node: unknown; inAlias: boolean; depth: number } | { leave: Node };
  const stack: Frame[] = [{ node: doc.contents, inAlias: false, depth: 0 }];
  decodes++; // the document node
  while (stack.length > 0) {
    const f = stack.pop()!;
    if ('leave' in f) {
      expanding.delete(f.leave);
      continue;
    }
    const { node, inAlias, depth } = f;
    decodes++;
    if (inAlias) aliasDecodes++;
    if (aliasDecodes > 100 && decodes > 1000 && aliasDecodes / decodes > allowedAliasRatio(decodes)) {
      return { line: 1, column: 1, message: 'document contains excessive aliasing', located: false };
    }
    if (isAlias(node)) {
      const target = node.resolve(doc);
      const at = lineOf(src, node.range?.[0] ?? 0);
      if (!target) return { ...at, message: `unknown anchor '${node.source}' referenced`, located: false };
      if (expanding.has(node)) return { ...at, message: `anchor '${node.source}' value contains itself`, located: false };
      expanding.add(node);
      stack.push({ leave: node }, { node: target, inAlias: true, depth });
    } else if (isCollection(node)) {
      // Aliases to nested anchors can nest deeper than any text: what reads the
      // decoded value (interpolation, the schema) must not recurse past the limit.
      if (depth >= YAML_LIMITS.maxDepth) {
        return { ...lineOf(src, node.range?.[0] ?? 0), message: `exceeded max depth of ${YAML_LIMITS.maxDepth} (swarmsim's limit; docker's is 10000)`, located: true };
      }
      for (let k = node.items.length - 1; k >= 0; k--) {
        const item = node.items[k];
        if (isPair(item)) stack.push({ node: item.value, inAlias, depth: depth + 1 }, { node: item.key, inAlias, depth: depth + 1 });
        else stack.push({ node: item, inAlias, depth: depth + 1 });
      }
    } else if (isDocument(node)) {
      stack.push({ node: node.contents, inAlias, depth });
    }
  }
  return null;
}

/** yaml.v3 decode.go allowedAliasRatio: 99% of a small document may come from aliases, 10% of a huge one. */
function allowedAliasRatio(decodes: number): number {
  const low = 400_000;
  const high = 4_000_000;
  if (decodes <= low) return 0.99;
  if (decodes >= high) return 0.1;
  return 0.99 - 0.89 * ((decodes - low) / (high - low));
}

function lineOf(src: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const at = Math.min(offset, src.length);
  for (let k = src.indexOf('\n'); k >= 0 && k < at; k = src.indexOf('\n', k + 1)) {
    line++;
    lineStart = k + 1;
  }
  return { line, column: at - lineStart + 1 };
}
