/**
 * Go text/template, as used by `docker ... --format`.
 *
 * Split as Go splits it, one module per upstream layer under template/:
 *  - lex.ts, parse.ts: golang/go src/text/template/parse/{lex,node,parse}.go,
 *    the lexer, the parse tree and the parser, with their error texts;
 *  - exec.ts: golang/go src/text/template/exec.go, evaluation and its errors;
 *  - funcs.ts: text/template/funcs.go (the builtins) and docker/cli v28.2.2
 *    templates/templates.go (the functions docker adds);
 *  - value.ts: Go's view of JS values (types, %v, truth, JSON).
 * This module is the docker side: cli/command/formatter/formatter.go (the
 * `table` prefix, `\t`/`\n` escapes, header rendering, and tabwriter use).
 *
 * Supported: text, comments, trim markers ({{- -}}), pipelines, parenthesised
 * pipelines, fields/chains ({{.A.B}}, {{(.A).B}}), variables ($, $x := ...,
 * $x = ..., range $i, $e := ...), literals (strings, raw strings, numbers,
 * chars, true/false/nil), if / else if / else / with / else with / range /
 * end. Functions: docker's json split join title lower upper pad truncate
 * (templates.go at v28.2.2: join is strings.Join, so it takes a []string),
 * and Go's builtins and or not len index slice print printf println eq ne
 * lt le gt ge (printf: Go's fmt.Sprintf, see fmt.ts).
 *
 * Approximations (documented, deliberate):
 *  - Not supported: define / template / block / break / continue, complex
 *    numbers and the builtins html js urlquery call. They fail with a
 *    TemplateError (`... is not supported by swarmsim` for keywords;
 *    `function "call" not defined` for functions, which Go would accept).
 *  - Go's static types are inferred from JS values for error messages:
 *    string, bool, int (integer numbers), float64, []string, map[string]string,
 *    struct. A row's type name is given by RenderOptions.typeName (docker's is
 *    e.g. `*task.taskContext`) or a GO_TYPE symbol property on the object.
 *  - Value model: plain objects are Go structs (unknown field = error), `Map`s
 *    are Go maps (missing key = "<no value>", iterated in sorted key order),
 *    arrays are slices, `undefined` is Go's invalid value, `null` is nil.
 *  - Methods are not modelled: a row is data (a JS getter works as a field).
 *    Rows given to renderRows stand for docker's formatter contexts, whose
 *    fields are zero-argument methods, so `{{.ID 5}}` reports Go's
 *    "wrong number of args for ID: want 0 got 1"; executeTemplate treats its
 *    data as a plain struct ("ID has arguments but cannot be invoked ...").
 */

import { tabwriteText } from './tabwriter.js';
import { State } from './template/exec.js';
import { BUILTINS, DOCKER_FUNCS, type ExecCtx, type GoFunc, HEADER_FUNCS } from './template/funcs.js';
import { Lexer } from './template/lex.js';
import { type Node, Parser } from './template/parse.js';
import { TemplateError } from './template/value.js';

export { GO_FIELDS, GO_STRING, GO_TYPE, goStruct, rawJSON, TemplateError } from './template/value.js';
export { MAX_TEMPLATE_DEPTH } from './template/parse.js';

// Docker formats (docker/cli cli/command/formatter/formatter.go)

/** A parsed `--format` value. */
export interface CompiledFormat {
  /** The --format value as given. */
  readonly source: string;
  /** Starts with "table": rows are tabwritten under a header line. */
  readonly isTable: boolean;
  /** The template text after docker's pre-processing. */
  readonly text: string;
  /** The parse tree (internal). */
  readonly root: readonly Node[];
  /** The template's name ("" for docker's formats). */
  readonly name: string;
}

export interface RenderOptions {
  /** Go type of the row, for "can't evaluate field X in type T" (e.g. `*task.taskContext`). */
  typeName?: string;
  /**
   * `{{json .}}` of a row: 'docker' (default) is formatter.MarshalJSON — keys
   * sorted, <>& escaped as \u003c etc.; 'ordered' keeps the row's key order.
   */
  rowJson?: 'docker' | 'ordered';
  /** Go's Option("missingkey=error"): a missing map key is an error rather than `<no value>`. */
  missingKey?: 'invalid' | 'error';
  /** The template's name, which Go's error texts show (`docker version` names its template "version"). */
  name?: string;
}

const hasFunction = (name: string): boolean => Object.hasOwn(DOCKER_FUNCS, name) || Object.hasOwn(BUILTINS, name);

function parseText(source: string, text: string, isTable: boolean, name = ''): CompiledFormat {
  const root = new Parser(new Lexer(text).items, hasFunction, name).parse();
  return { source, isTable, text, root, name };
}

/**
 * Format.templateString: "table" alone is an empty template, "json" is
 * `{{json .}}`; otherwise drop the "table" prefix, trim spaces (only ' '),
 * and turn the two-character escapes `\t` and `\n` into tab and newline.
 */
function templateString(format: string): string {
  if (format === 'table') return '';
  if (format === 'json') return '{{json .}}';
  const out = format.startsWith('table') ? format.slice('table'.length) : format;
  return out.replace(/^ +| +$/g, '').replace(/\\[tn]/g, (m) => (m === '\\t' ? '\t' : '\n'));
}

/** Parse a docker `--format` value. Throws TemplateError on malformed templates. */
export function parseFormat(format: string): CompiledFormat {
  return parseText(format, templateString(format), format.startsWith('table'));
}

function run(
  tmpl: CompiledFormat,
  data: unknown,
  funcs: Record<string, GoFunc>,
  opts: RenderOptions,
  out: string[] = [],
  rowMethods = true,
): string {
  const ctx: ExecCtx = { row: data, rowJson: opts.rowJson ?? 'docker', rowMethods, missingKey: opts.missingKey ?? 'invalid', name: tmpl.name };
  const state = new State(tmpl.text, funcs, ctx, data, opts.typeName, out);
  for (const n of tmpl.root) state.walk(data, n);
  return out.join('');
}

/**
 * Render rows the way formatter.Context.Write does. Each row is executed (an
 * error aborts everything: docker prints nothing but the error) and followed
 * by "\n". Non-table formats are returned as is. Table formats get a header
 * line, the template executed against `headers` (docker's SubHeaderContext,
 * e.g. { ID: 'ID', DesiredState: 'DESIRED STATE' }) with HeaderFunctions; a
 * header error is ignored, keeping what was printed so far, as upstream does.
 * Header and rows then go through the docker tabwriter.
 */
export function renderRows(
  format: string | CompiledFormat,
  rows: readonly object[],
  headers: Readonly<Record<string, string>>,
  opts: RenderOptions = {},
): string {
  const tmpl = typeof format === 'string' ? parseFormat(format) : format;
  const body = rows.map((row) => run(tmpl, row, DOCKER_FUNCS, opts) + '\n').join('');
  if (!tmpl.isTable) return body;
  const header: string[] = [];
  try {
    run(tmpl, new Map(Object.entries(headers)), HEADER_FUNCS, { ...opts, typeName: undefined }, header);
  } catch (e) {
    if (!(e instanceof TemplateError)) throw e;
  }
  return tabwriteText(header.join('') + '\n' + body);
}

/**
 * Execute a raw Go template against one value, with docker's functions and no
 * format pre-processing (what `docker inspect --format` does per object; the
 * caller adds the newline).
 */
export function executeTemplate(template: string, data: unknown, opts: RenderOptions = {}): string {
  return run(parseText(template, template, false, opts.name), data, DOCKER_FUNCS, { rowJson: 'ordered', ...opts }, [], false);
}

/**
 * Execute a raw template straight to the output, as `tmpl.Execute(out, data)`
 * does: on an execution error what was written before it stays written.
 * A parse error is thrown; an execution error is returned with the text so far.
 */
export function executeTemplateTo(template: string, data: unknown, opts: RenderOptions = {}): { text: string; error: TemplateError | null } {
  const tmpl = parseText(template, template, false, opts.name);
  const out: string[] = [];
  try {
    run(tmpl, data, DOCKER_FUNCS, { rowJson: 'ordered', ...opts }, out, false);
    return { text: out.join(''), error: null };
  } catch (e) {
    if (!(e instanceof TemplateError)) throw e;
    return { text: out.join(''), error: e };
  }
}
