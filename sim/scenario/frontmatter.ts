/**
 * YAML front matter of a scenario: `title`, `description`, `seed`, `tags`,
 * and `short` (one sentence for a slide: the UI's presenter mode).
 * Strict (unknown keys and wrong types are errors) because a misspelt
 * `sed: 42` silently running with seed 1 would be a nasty surprise.
 *
 * A YAML syntax error stops the reading (what follows it is guesswork); past
 * that, every key's problem is reported, each at its own place.
 */
import { isAlias, isMap, isScalar, isSeq, parseDocument, visit, type Document, type Node, type YAMLError } from 'yaml';
import type { ScenarioMeta } from './ast.js';
import { ScenarioError } from './errors.js';
import { yamlAliasProblem, yamlInputProblem, type YamlProblem } from '../yamlLimits.js';

const KEYS = ['title', 'description', 'seed', 'tags', 'short'] as const;

/**
 * @param lines the lines between the two `---` lines
 * @param firstLine 1-based file line of lines[0]
 */
export function parseFrontMatter(lines: string[], firstLine: number, file: string): ScenarioMeta {
  const src = lines.join('\n') + '\n';

  const posOf = (offset: number | undefined): { line: number; column: number } => {
    const at = Math.max(0, Math.min(offset ?? 0, src.length));
    let line = 0;
    let lineStart = 0;
    for (let k = 0; k < at; k++) {
      if (src[k] === '\n') {
        line++;
        lineStart = k + 1;
      }
    }
    // The offset just past the final newline is the closing "---" line: still in the file.
    return { line: firstLine + line, column: at - lineStart + 1 };
  };
  const fail: (offset: number | undefined, message: string) => never = (offset, message) => {
    const p = posOf(offset);
    throw new ScenarioError(file, p.line, p.column, message);
  };
  /** A problem of one key: noted, and the next key is read. */
  const keyProblems: ScenarioError[] = [];
  const note = (offset: number | undefined, message: string): void => {
    const p = posOf(offset);
    keyProblems.push(new ScenarioError(file, p.line, p.column, message));
  };

  const refuse = (p: YamlProblem): never => {
    throw new ScenarioError(file, firstLine + p.line - 1, p.column, `invalid front matter: ${p.message}`);
  };
  try {
    // Before the parser: it recurses, and would overflow the stack at a depth that depends on the caller.
    const tooDeep = yamlInputProblem(src);
    if (tooDeep) refuse(tooDeep);
    const doc: Document = parseDocument(src, { prettyErrors: false, uniqueKeys: true });
    if (doc.errors.length > 0) {
      const e = doc.errors[0];
      fail(errorOffset(doc, e), `invalid front matter: ${e.message}`);
    }
    const aliases = yamlAliasProblem(doc, src);
    if (aliases) refuse(aliases);
    const meta: ScenarioMeta = { seed: 1, tags: [] };
    const contents = doc.contents;
    if (contents === null || (isScalar(contents) && contents.value === null)) return meta;
    if (!isMap(contents)) {
      fail(contents.range?.[0], `front matter must be a mapping with keys ${KEYS.join(', ')}`);
    }
    const resolve = (n: unknown): Node | null => {
      const node = isAlias(n) ? n.resolve(doc) : n;
      return node && typeof node === 'object' ? (node as Node) : null;
    };
    for (const item of contents.items) {
      const keyNode = resolve(item.key);
      const keyAt = keyNode?.range?.[0];
      if (!isScalar(keyNode) || typeof keyNode.value !== 'string') {
        note(keyAt, `front matter keys must be plain strings (${KEYS.join(', ')})`);
        continue;
      }
      const key = keyNode.value;
      const valueNode = resolve(item.value);
      const valueAt = valueNode?.range?.[0] ?? keyAt;
      switch (key) {
        case 'title':
        case 'description':
        case 'short':
          if (!isScalar(valueNode) || typeof valueNode.value !== 'string') note(valueAt, `front matter "${key}" must be a string`);
          else meta[key] = valueNode.value;
          break;
        case 'seed':
          if (!isScalar(valueNode) || typeof valueNode.value !== 'number' || !Number.isSafeInteger(valueNode.value)) note(valueAt, 'front matter "seed" must be an integer');
          else meta.seed = valueNode.value;
          break;
        case 'tags':
          if (!isSeq(valueNode)) {
            note(valueAt, 'front matter "tags" must be a list of strings');
            break;
          }
          for (const t of valueNode.items) {
            const tag = resolve(t);
            if (!isScalar(tag) || typeof tag.value !== 'string') {
              // One per list: the other items of a list of numbers say the same.
              note(tag?.range?.[0] ?? valueAt, 'front matter "tags" must be a list of strings');
              break;
            }
            meta.tags.push(tag.value);
          }
          break;
        default:
          note(keyAt, `unknown front matter key ${JSON.stringify(key)} (expected ${KEYS.join(', ')})`);
      }
    }
    if (keyProblems.length > 0) throw ScenarioError.of(keyProblems);
    return meta;
  } catch (e) {
    if (e instanceof ScenarioError) throw e;
    // The yaml package should report problems in doc.errors; this keeps the
    // parser's promise of throwing nothing but ScenarioError if it ever throws.
    throw new ScenarioError(file, firstLine - 1, 1, `invalid front matter: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * Where to report a YAML error. The yaml package puts an unclosed quote or
 * flow collection (`title: "abc`, `tags: [a, b`) at the point where it gave
 * up, which is the end of the front matter or the next key; the mistake is
 * the opening character, so that is where the error goes.
 */
function errorOffset(doc: Document, e: YAMLError): number {
  const offset = e.pos[0];
  if (e.code !== 'MISSING_CHAR' && e.code !== 'BAD_INDENT') return offset;
  let opener: number | null = null;
  visit(doc, {
    Node(_key, node) {
      const [start, end] = node.range ?? [];
      if (start === undefined || end !== offset) return;
      const style = isScalar(node) ? node.type : isMap(node) || isSeq(node) ? (node.flow ? 'FLOW' : null) : null;
      if (style === 'QUOTE_DOUBLE' || style === 'QUOTE_SINGLE' || style === 'FLOW') opener = start;
    },
  });
  return opener ?? offset;
}
