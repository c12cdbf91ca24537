/**
 * Go text/template, as used by `docker ... --format`.
 *
 * Mirrors three upstream layers:
 *  - golang/go src/text/template/parse/{lex,parse}.go: lexer, parser, error texts;
 *  - golang/go src/text/template/{exec,funcs}.go: evaluation and error texts;
 *  - docker/cli templates/templates.go (the functions docker adds) and
 *    cli/command/formatter/formatter.go (the `table` prefix, `\t`/`\n`
 *    escapes, header rendering, and tabwriter use).
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

import { goQuote, runeCount, utf8Bytes, utf8Length, utf8Prefix } from './text.js';
import { sprintf, type GoValueModel } from './fmt.js';
import { tabwriteText } from './tabwriter.js';

// ---------------------------------------------------------------------------
// Errors

/**
 * A template parse or execution error. `message` is Go's text, e.g.
 * `template: :1: unclosed action` or
 * `template: :1:2: executing "" at <.Nope>: can't evaluate field Nope in type *task.taskContext`.
 */
export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }

  /** What the docker CLI prints: formatter.Context wraps both kinds alike. */
  get dockerMessage(): string {
    return `template parsing error: ${this.message}`;
  }
}

/** Set `obj[GO_TYPE] = '*task.taskContext'` to name a struct's Go type in errors. */
export const GO_TYPE: unique symbol = Symbol('goType');

/**
 * A value with a Go String() method (a fmt.Stringer, such as time.Time):
 * `{{.CreatedAt}}` prints what it returns. Its JSON is its `toJSON()`.
 */
export const GO_STRING: unique symbol = Symbol('goString');
type Stringer = { [GO_STRING]: () => string };
const isStringer = (v: unknown): v is Stringer => typeof v === 'object' && v !== null && GO_STRING in v;

// ---------------------------------------------------------------------------
// Lexer (text/template/parse/lex.go)

type ItemType =
  | 'error' | 'bool' | 'char' | 'charConstant' | 'complex' | 'assign' | 'declare' | 'eof'
  | 'field' | 'identifier' | 'leftDelim' | 'leftParen' | 'number' | 'pipe' | 'rawString'
  | 'rightDelim' | 'rightParen' | 'space' | 'string' | 'text' | 'variable'
  // keywords
  | 'dot' | 'block' | 'break' | 'continue' | 'define' | 'else' | 'end' | 'if' | 'nil'
  | 'range' | 'template' | 'with';

interface Item {
  typ: ItemType;
  pos: number; // index into the template text
  val: string;
  line: number;
}

const KEYWORDS: Record<string, ItemType> = {
  '.': 'dot', block: 'block', break: 'break', continue: 'continue', define: 'define', else: 'else',
  end: 'end', if: 'if', nil: 'nil', range: 'range', template: 'template', with: 'with',
};
const isKeyword = (t: ItemType): boolean => Object.values(KEYWORDS).includes(t);

/** Go's item.String(), used in "unexpected X in Y" messages. */
function itemString(i: Item): string {
  if (i.typ === 'eof') return 'EOF';
  if (i.typ === 'error') return i.val;
  if (isKeyword(i.typ)) return `<${i.val}>`;
  if (runeCount(i.val) > 10) return goQuote(Array.from(i.val).slice(0, 10).join('')) + '...';
  return goQuote(i.val);
}

const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isAlphaNumeric = (c: string): boolean => c === '_' || /^[\p{L}\p{Nd}]$/u.test(c);
const isPrintASCII = (c: string): boolean => c >= ' ' && c <= '~';
const hasLeftTrimMarker = (s: string): boolean => s.length >= 2 && s[0] === '-' && isSpace(s[1]);
const hasRightTrimMarker = (s: string): boolean => s.length >= 2 && isSpace(s[0]) && s[1] === '-';
// Scans rather than regex replaces: a replace copies the whole rest of the
// template, and the lexer asks at every action (quadratic in its length).
const leftTrimLength = (s: string): number => {
  let n = 0;
  while (n < s.length && isSpace(s[n])) n++;
  return n;
};
const rightTrimLength = (s: string): number => {
  let n = 0;
  while (n < s.length && isSpace(s[s.length - 1 - n])) n++;
  return n;
};

/** Go's %#U: U+0023 '#'. */
function hashU(c: string): string {
  const code = (c.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0');
  return /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u.test(c) ? `U+${code} '${c}'` : `U+${code}`;
}

type StateFn = ((l: Lexer) => StateFn) | null;

class Lexer {
  readonly items: Item[] = [];
  private pos = 0;
  private start = 0;
  private parenDepth = 0;

  constructor(private readonly input: string) {
    let state: StateFn = lexText;
    while (state) state = state(this);
  }

  /** Offsets of the input's newlines, for lineAt: counting from the start at every item made lexing quadratic. */
  private newlines: number[] | null = null;

  lineAt(pos: number): number {
    if (this.newlines === null) {
      this.newlines = [];
      for (let i = this.input.indexOf('\n'); i >= 0; i = this.input.indexOf('\n', i + 1)) this.newlines.push(i);
    }
    // 1 + the number of newlines before pos.
    let lo = 0;
    let hi = this.newlines.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.newlines[mid] < pos) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  }

  // --- primitives (runes are UTF-16 code points here; positions are indices)
  next(): string {
    if (this.pos >= this.input.length) return '';
    const c = String.fromCodePoint(this.input.codePointAt(this.pos) as number);
    this.pos += c.length;
    return c;
  }
  backup(c: string): void {
    this.pos -= c.length;
  }
  peek(): string {
    const c = this.next();
    this.backup(c);
    return c;
  }
  rest(from = this.pos): string {
    return this.input.slice(from);
  }
  item(typ: ItemType): Item {
    const it = { typ, pos: this.start, val: this.input.slice(this.start, this.pos), line: this.lineAt(this.start) };
    this.start = this.pos;
    return it;
  }
  emit(typ: ItemType): void {
    this.items.push(this.item(typ));
  }
  ignore(): void {
    this.start = this.pos;
  }
  accept(valid: string): boolean {
    const c = this.next();
    if (c !== '' && valid.includes(c)) return true;
    this.backup(c);
    return false;
  }
  acceptRun(valid: string): void {
    while (this.accept(valid));
  }
  errorf(msg: string): StateFn {
    this.items.push({ typ: 'error', pos: this.start, val: msg, line: this.lineAt(this.start) });
    return null;
  }
  atRightDelim(): { delim: boolean; trim: boolean } {
    if (hasRightTrimMarker(this.rest()) && this.rest(this.pos + 2).startsWith('}}')) return { delim: true, trim: true };
    return { delim: this.rest().startsWith('}}'), trim: false };
  }
  atTerminator(): boolean {
    const c = this.peek();
    if (isSpace(c) || c === '' || '.,|:)('.includes(c)) return true;
    return this.rest().startsWith('}}');
  }

  // --- states
  static text(l: Lexer): StateFn {
    const x = l.input.indexOf('{{', l.pos);
    if (x < 0) {
      l.pos = l.input.length;
      if (l.pos > l.start) l.emit('text');
      l.emit('eof');
      return null;
    }
    if (x > l.pos) {
      l.pos = x;
      // "{{- " trims the white space before the action.
      const trim = hasLeftTrimMarker(l.rest(x + 2)) ? rightTrimLength(l.input.slice(l.start, l.pos)) : 0;
      l.pos -= trim;
      const it = l.item('text');
      l.pos += trim;
      l.ignore();
      if (it.val.length > 0) l.items.push(it);
    }
    return lexLeftDelim;
  }
  static leftDelim(l: Lexer): StateFn {
    l.pos += 2;
    const after = hasLeftTrimMarker(l.rest()) ? 2 : 0;
    if (l.rest(l.pos + after).startsWith('/*')) {
      l.pos += after;
      l.ignore();
      return lexComment;
    }
    const it = l.item('leftDelim');
    l.pos += after;
    l.ignore();
    l.parenDepth = 0;
    l.items.push(it);
    return lexInsideAction;
  }
  static comment(l: Lexer): StateFn {
    l.pos += 2;
    const x = l.input.indexOf('*/', l.pos);
    if (x < 0) return l.errorf('unclosed comment');
    l.pos = x + 2;
    const { delim, trim } = l.atRightDelim();
    if (!delim) return l.errorf('comment ends before closing delimiter');
    if (trim) l.pos += 2;
    l.pos += 2;
    if (trim) l.pos += leftTrimLength(l.rest());
    l.ignore();
    return lexText;
  }
  static rightDelim(l: Lexer): StateFn {
    const { trim } = l.atRightDelim();
    if (trim) {
      l.pos += 2;
      l.ignore();
    }
    l.pos += 2;
    const it = l.item('rightDelim');
    if (trim) {
      l.pos += leftTrimLength(l.rest());
      l.ignore();
    }
    l.items.push(it);
    return lexText;
  }
  static insideAction(l: Lexer): StateFn {
    if (l.atRightDelim().delim) {
      return l.parenDepth === 0 ? lexRightDelim : l.errorf('unclosed left paren');
    }
    const c = l.next();
    if (c === '') return l.errorf('unclosed action');
    if (isSpace(c)) {
      l.backup(c); // put it back in case we have " -}}"
      return lexSpace;
    }
    switch (c) {
      case '=':
        l.emit('assign');
        return lexInsideAction;
      case ':':
        if (l.next() !== '=') return l.errorf('expected :=');
        l.emit('declare');
        return lexInsideAction;
      case '|':
        l.emit('pipe');
        return lexInsideAction;
      case '"':
        return lexQuote;
      case '`':
        return lexRawQuote;
      case '$':
        return lexVariable;
      case "'":
        return lexChar;
      case '(':
        l.emit('leftParen');
        l.parenDepth++;
        return lexInsideAction;
      case ')':
        l.emit('rightParen');
        l.parenDepth--;
        return l.parenDepth < 0 ? l.errorf('unexpected right paren') : lexInsideAction;
    }
    if (c === '.' && l.pos < l.input.length && !(l.input[l.pos] >= '0' && l.input[l.pos] <= '9')) {
      return lexField;
    }
    if (c === '.' || c === '+' || c === '-' || (c >= '0' && c <= '9')) {
      l.backup(c);
      return lexNumber;
    }
    if (isAlphaNumeric(c)) {
      l.backup(c);
      return lexIdentifier;
    }
    if (isPrintASCII(c)) {
      l.emit('char');
      return lexInsideAction;
    }
    return l.errorf(`unrecognized character in action: ${hashU(c)}`);
  }
  static space(l: Lexer): StateFn {
    let n = 0;
    while (isSpace(l.peek())) {
      l.next();
      n++;
    }
    // A trim-marked closing delimiter " -}}" starts with a space: leave it.
    if (hasRightTrimMarker(l.rest(l.pos - 1)) && l.rest(l.pos + 1).startsWith('}}')) {
      l.pos--;
      if (n === 1) return lexRightDelim;
    }
    l.emit('space');
    return lexInsideAction;
  }
  static identifier(l: Lexer): StateFn {
    let c: string;
    while (isAlphaNumeric((c = l.next())));
    l.backup(c);
    if (!l.atTerminator()) return l.errorf(`bad character ${hashU(l.peek())}`);
    const word = l.input.slice(l.start, l.pos);
    const kw = Object.hasOwn(KEYWORDS, word) ? KEYWORDS[word] : undefined;
    l.emit(kw ?? (word === 'true' || word === 'false' ? 'bool' : 'identifier'));
    return lexInsideAction;
  }
  static fieldOrVariable(l: Lexer, typ: 'field' | 'variable'): StateFn {
    if (l.atTerminator()) {
      l.emit(typ === 'variable' ? 'variable' : 'dot'); // "$" or "."
      return lexInsideAction;
    }
    let c: string;
    while (isAlphaNumeric((c = l.next())));
    l.backup(c);
    if (!l.atTerminator()) return l.errorf(`bad character ${hashU(l.peek())}`);
    l.emit(typ);
    return lexInsideAction;
  }
  static char(l: Lexer): StateFn {
    for (;;) {
      const c = l.next();
      if (c === '\\') {
        const e = l.next();
        if (e !== '' && e !== '\n') continue;
      }
      if (c === '\\' || c === '' || c === '\n') return l.errorf('unterminated character constant');
      if (c === "'") break;
    }
    l.emit('charConstant');
    return lexInsideAction;
  }
  scanNumber(): boolean {
    this.accept('+-');
    let digits = '0123456789_';
    if (this.accept('0')) {
      if (this.accept('xX')) digits = '0123456789abcdefABCDEF_';
      else if (this.accept('oO')) digits = '01234567_';
      else if (this.accept('bB')) digits = '01_';
    }
    this.acceptRun(digits);
    if (this.accept('.')) this.acceptRun(digits);
    if (digits.length === 11 && this.accept('eE')) {
      this.accept('+-');
      this.acceptRun('0123456789_');
    }
    if (digits.length === 23 && this.accept('pP')) {
      this.accept('+-');
      this.acceptRun('0123456789_');
    }
    this.accept('i');
    if (isAlphaNumeric(this.peek())) {
      this.next();
      return false;
    }
    return true;
  }
  static number(l: Lexer): StateFn {
    if (!l.scanNumber()) return l.errorf(`bad number syntax: ${goQuote(l.input.slice(l.start, l.pos))}`);
    const sign = l.peek();
    if (sign === '+' || sign === '-') {
      if (!l.scanNumber() || l.input[l.pos - 1] !== 'i') {
        return l.errorf(`bad number syntax: ${goQuote(l.input.slice(l.start, l.pos))}`);
      }
      l.emit('complex');
    } else l.emit('number');
    return lexInsideAction;
  }
  static quote(l: Lexer): StateFn {
    for (;;) {
      let c = l.next();
      if (c === '\\') {
        c = l.next();
        if (c !== '' && c !== '\n') continue;
      }
      if (c === '' || c === '\n') return l.errorf('unterminated quoted string');
      if (c === '"') break;
    }
    l.emit('string');
    return lexInsideAction;
  }
  static rawQuote(l: Lexer): StateFn {
    for (;;) {
      const c = l.next();
      if (c === '') return l.errorf('unterminated raw quoted string');
      if (c === '`') break;
    }
    l.emit('rawString');
    return lexInsideAction;
  }
}

const lexText = Lexer.text;
const lexLeftDelim = Lexer.leftDelim;
const lexComment = Lexer.comment;
const lexRightDelim = Lexer.rightDelim;
const lexInsideAction = Lexer.insideAction;
const lexSpace = Lexer.space;
const lexIdentifier = Lexer.identifier;
const lexField = (l: Lexer): StateFn => Lexer.fieldOrVariable(l, 'field');
const lexVariable = (l: Lexer): StateFn => Lexer.fieldOrVariable(l, 'variable');
const lexChar = Lexer.char;
const lexNumber = Lexer.number;
const lexQuote = Lexer.quote;
const lexRawQuote = Lexer.rawQuote;

// ---------------------------------------------------------------------------
// Parse tree (text/template/parse/node.go)

type ArgNode =
  | { kind: 'field'; pos: number; ident: string[] }
  | { kind: 'chain'; pos: number; node: ArgNode; field: string[] }
  | { kind: 'variable'; pos: number; ident: string[] }
  | { kind: 'identifier'; pos: number; name: string }
  | { kind: 'dot'; pos: number }
  | { kind: 'nil'; pos: number }
  | { kind: 'bool'; pos: number; value: boolean }
  | { kind: 'number'; pos: number; text: string; value: number; isInt: boolean; isFloat: boolean }
  | { kind: 'string'; pos: number; quoted: string; text: string }
  | PipeNode;

interface CommandNode {
  kind: 'command';
  pos: number;
  args: ArgNode[];
}

interface PipeNode {
  kind: 'pipe';
  pos: number;
  decl: string[];
  isAssign: boolean;
  cmds: CommandNode[];
}

type Node =
  | { kind: 'text'; pos: number; text: string }
  | { kind: 'action'; pos: number; pipe: PipeNode }
  | ControlNode
  | { kind: 'end' | 'else'; pos: number };

interface ControlNode {
  kind: 'if' | 'with' | 'range';
  pos: number;
  pipe: PipeNode;
  list: Node[];
  elseList: Node[] | null;
}

type AnyNode = Node | ArgNode | CommandNode;

/** Go's Node.String(), used in error contexts (`at <.A.B>`). */
function nodeString(n: AnyNode): string {
  switch (n.kind) {
    case 'field':
      return '.' + n.ident.join('.');
    case 'chain':
      return (n.node.kind === 'pipe' ? `(${nodeString(n.node)})` : nodeString(n.node)) + '.' + n.field.join('.');
    case 'variable':
      return n.ident.join('.');
    case 'identifier':
      return n.name;
    case 'dot':
      return '.';
    case 'nil':
      return 'nil';
    case 'bool':
      return String(n.value);
    case 'number':
      return n.text;
    case 'string':
      return n.quoted;
    case 'pipe': {
      const decl = n.decl.length ? `${n.decl.join(', ')} ${n.isAssign ? '=' : ':='} ` : '';
      return decl + n.cmds.map(nodeString).join(' | ');
    }
    case 'command':
      return n.args.map((a) => (a.kind === 'pipe' ? `(${nodeString(a)})` : nodeString(a))).join(' ');
    case 'text':
      return n.text;
    case 'action':
      return `{{${nodeString(n.pipe)}}}`;
    case 'end':
    case 'else':
      return `{{${n.kind}}}`;
    default: {
      const list = (l: Node[]): string => l.map(nodeString).join('');
      const els = n.elseList ? `{{else}}${list(n.elseList)}` : '';
      return `{{${n.kind} ${nodeString(n.pipe)}}}${list(n.list)}${els}{{end}}`;
    }
  }
}

// ---------------------------------------------------------------------------
// Parser (text/template/parse/parse.go)

const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"',
};

/**
 * Go strconv.Unquote for "..." and `...` literals; null on invalid syntax.
 * \x and octal escapes denote bytes: one >= 0x80 cannot stand alone in a JS
 * string and becomes U+FFFD (Go would emit the raw byte).
 */
function unquote(q: string): string | null {
  if (q[0] === '`') return q.slice(1, -1).replace(/\r/g, '');
  const re = /\\(?:([abfnrtv\\"])|x([0-9a-fA-F]{2})|([0-7]{3})|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8}))|(\\)/g;
  let bad = false;
  const out = q.slice(1, -1).replace(re, (_m, simple?: string, x?: string, oct?: string, u?: string, U?: string) => {
    if (simple) return SIMPLE_ESCAPES[simple];
    const byte = x ?? oct;
    if (byte !== undefined) {
      const code = parseInt(byte, x ? 16 : 8);
      if (code > 0xff) bad = true;
      return code < 0x80 ? String.fromCharCode(code) : '\uFFFD';
    }
    const code = parseInt((u ?? U) as string, 16) || 0;
    if ((u ?? U) === undefined || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
      bad = true;
      return '';
    }
    return String.fromCodePoint(code);
  });
  return bad ? null : out;
}

/** Go's parse.newNumber, minus complex numbers. */
function parseNumber(text: string, typ: ItemType): { value: number; isInt: boolean; isFloat: boolean } | string {
  if (typ === 'charConstant') {
    const s = unquote('"' + text.slice(1, -1).replace(/\\'/g, "'").replace(/"/g, '\\"') + '"');
    if (s === null || runeCount(s) !== 1) return 'invalid syntax';
    return { value: s.codePointAt(0) as number, isInt: true, isFloat: true };
  }
  if (typ === 'complex' || text.endsWith('i')) return `complex constants are not supported by swarmsim: ${goQuote(text)}`;
  const clean = text.replace(/_/g, '');
  const int = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|0[bB][01]+|[1-9][0-9]*|0)$/.exec(clean);
  if (int) {
    const body = int[2];
    const lower = body.toLowerCase();
    const base = lower.startsWith('0x') ? 16 : lower.startsWith('0b') ? 2 : lower.startsWith('0') && body !== '0' ? 8 : 10;
    const digits = base === 10 ? body : body.replace(/^0[xXoObB]?/, '');
    const value = (int[1] === '-' ? -1 : 1) * parseInt(digits || '0', base);
    return { value, isInt: true, isFloat: true };
  }
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(clean)) {
    const value = Number(clean);
    return { value, isInt: Number.isInteger(value), isFloat: true };
  }
  return `illegal number syntax: ${goQuote(text)}`;
}

/**
 * Nesting the parser accepts: parenthesized pipelines and control blocks
 * ({{if}}, {{range}}, {{with}}, an {{else if}} chain) together. Go caps the
 * parentheses alone, at 10,000 (text/template/parse/parse.go maxStackDepth);
 * this parser and the executor recurse on the JS stack, which is far smaller
 * than a goroutine's, so the cap is lower and covers blocks too.
 */
export const MAX_TEMPLATE_DEPTH = 100;

class Parser {
  private i = 0;
  private depth = 0;
  private lastLine = 1;
  private vars: string[] = ['$'];
  private actionLine = 0;

  constructor(
    private readonly items: Item[],
    private readonly hasFunction: (name: string) => boolean,
  ) {}

  // --- token stream (Go's next/backup/peek with a three-token look-ahead;
  // here simply an index into the pre-lexed items)
  private next(): Item {
    const it = this.items[Math.min(this.i, this.items.length - 1)];
    this.i++;
    this.lastLine = it.line;
    return it;
  }
  private backup(): void {
    this.i--;
  }
  private peek(): Item {
    const it = this.next();
    this.backup();
    return it;
  }
  private nextNonSpace(): Item {
    let it: Item;
    while ((it = this.next()).typ === 'space');
    return it;
  }
  private peekNonSpace(): Item {
    const it = this.nextNonSpace();
    this.backup();
    return it;
  }

  private errorf(msg: string, line = this.lastLine): never {
    throw new TemplateError(`template: :${line}: ${msg}`);
  }
  private unexpected(token: Item, context: string): never {
    if (token.typ === 'error') {
      let extra = '';
      if (this.actionLine !== 0 && this.actionLine !== token.line) {
        extra = ` in action started at :${this.actionLine}`;
        if (token.val.endsWith(' action')) extra = extra.slice(' in action'.length);
      }
      this.errorf(token.val + extra, token.line);
    }
    this.errorf(`unexpected ${itemString(token)} in ${context}`, token.line);
  }
  private expect(typ: ItemType, context: string): Item {
    const token = this.nextNonSpace();
    if (token.typ !== typ) this.unexpected(token, context);
    return token;
  }

  parse(): Node[] {
    const root: Node[] = [];
    while (this.peek().typ !== 'eof') {
      const n = this.textOrAction();
      if (n.kind === 'end' || n.kind === 'else') this.errorf(`unexpected ${nodeString(n)}`);
      root.push(n);
    }
    return root;
  }

  private itemList(): [Node[], Node] {
    const list: Node[] = [];
    while (this.peekNonSpace().typ !== 'eof') {
      const n = this.textOrAction();
      if (n.kind === 'end' || n.kind === 'else') return [list, n];
      list.push(n);
    }
    this.errorf('unexpected EOF');
  }

  private textOrAction(): Node {
    const token = this.nextNonSpace();
    if (token.typ === 'text') return { kind: 'text', pos: token.pos, text: token.val };
    if (token.typ !== 'leftDelim') this.unexpected(token, 'input');
    this.actionLine = token.line;
    try {
      return this.action();
    } finally {
      this.actionLine = 0;
    }
  }

  private action(): Node {
    const token = this.nextNonSpace();
    switch (token.typ) {
      case 'else':
        return this.elseControl();
      case 'end':
        return { kind: 'end', pos: this.expect('rightDelim', 'end').pos };
      case 'if':
      case 'range':
      case 'with':
        return this.control(token.typ);
      case 'block':
      case 'break':
      case 'continue':
      case 'define':
      case 'template':
        this.errorf(`{{${token.val}}} is not supported by swarmsim`, token.line);
    }
    this.backup();
    return { kind: 'action', pos: this.peek().pos, pipe: this.pipeline('command', 'rightDelim') };
  }

  /** Runs a nested parse one level deeper, refused past the limit with Go's words. */
  private nested<T>(parse: () => T): T {
    if (this.depth >= MAX_TEMPLATE_DEPTH) this.errorf('max expression depth exceeded');
    this.depth++;
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  private control(context: 'if' | 'range' | 'with'): Node {
    return this.nested(() => this.controlBody(context));
  }

  private controlBody(context: 'if' | 'range' | 'with'): Node {
    const saved = this.vars.length; // variables declared here end at {{end}}
    try {
      const pipe = this.pipeline(context, 'rightDelim');
      const [list, next] = this.itemList();
      let elseList: Node[] | null = null;
      if (next.kind === 'else') {
        // "{{else if ...}}" / "{{else with ...}}" nest a control that shares our {{end}}.
        const peek = this.peek().typ;
        if ((context === 'if' || context === 'with') && peek === context) {
          this.next();
          elseList = [this.control(context)];
        } else {
          const [els, end] = this.itemList();
          if (end.kind !== 'end') this.errorf(`expected end; found ${nodeString(end)}`);
          elseList = els;
        }
      }
      return { kind: context, pos: pipe.pos, pipe, list, elseList };
    } finally {
      this.vars.length = saved;
    }
  }

  private elseControl(): Node {
    const peek = this.peekNonSpace();
    if (peek.typ === 'if' || peek.typ === 'with') return { kind: 'else', pos: peek.pos };
    return { kind: 'else', pos: this.expect('rightDelim', 'else').pos };
  }

  private pipeline(context: string, end: 'rightDelim' | 'rightParen'): PipeNode {
    const pipe: PipeNode = { kind: 'pipe', pos: this.peekNonSpace().pos, decl: [], isAssign: false, cmds: [] };
    // Declarations: "$x :=", "$x =", "$i, $e :=" (range only).
    for (;;) {
      const v = this.peekNonSpace();
      if (v.typ !== 'variable') break;
      const at = this.i;
      this.next();
      const nxt = this.peekNonSpace();
      if (nxt.typ === 'assign' || nxt.typ === 'declare') {
        pipe.isAssign = nxt.typ === 'assign';
        this.nextNonSpace();
        pipe.decl.push(v.val);
        this.vars.push(v.val);
      } else if (nxt.typ === 'char' && nxt.val === ',') {
        this.nextNonSpace();
        pipe.decl.push(v.val);
        this.vars.push(v.val);
        if (context === 'range' && pipe.decl.length < 2) {
          const t = this.peekNonSpace().typ;
          if (t === 'variable' || t === 'rightDelim' || t === 'rightParen') continue;
          this.errorf('range can only initialize variables');
        }
        this.errorf(`too many declarations in ${context}`);
      } else this.i = at; // "$x" is an operand, not a declaration
      break;
    }
    for (;;) {
      const token = this.nextNonSpace();
      if (token.typ === end) {
        this.checkPipeline(pipe, context);
        return pipe;
      }
      switch (token.typ) {
        case 'bool': case 'charConstant': case 'complex': case 'dot': case 'field': case 'identifier':
        case 'number': case 'nil': case 'rawString': case 'string': case 'variable': case 'leftParen':
          this.backup();
          pipe.cmds.push(this.command());
          break;
        default:
          this.unexpected(token, context);
      }
    }
  }

  private checkPipeline(pipe: PipeNode, context: string): void {
    if (pipe.cmds.length === 0) this.errorf(`missing value for ${context}`);
    pipe.cmds.slice(1).forEach((c, i) => {
      if (['bool', 'dot', 'nil', 'number', 'string'].includes(c.args[0].kind)) {
        this.errorf(`non executable command in pipeline stage ${i + 2}`);
      }
    });
  }

  private command(): CommandNode {
    const cmd: CommandNode = { kind: 'command', pos: this.peekNonSpace().pos, args: [] };
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand) cmd.args.push(operand);
      const token = this.next();
      if (token.typ === 'space') continue;
      if (token.typ === 'rightDelim' || token.typ === 'rightParen') this.backup();
      else if (token.typ !== 'pipe') this.unexpected(token, 'operand');
      break;
    }
    if (cmd.args.length === 0) this.errorf('empty command');
    return cmd;
  }

  private operand(): ArgNode | null {
    const node = this.term();
    if (!node || this.peek().typ !== 'field') return node;
    // .A.B lexes as two fields; Go joins them, positioned at the second one.
    const pos = this.peek().pos;
    const field: string[] = [];
    while (this.peek().typ === 'field') field.push(this.next().val.slice(1));
    switch (node.kind) {
      case 'field':
        return { kind: 'field', pos, ident: [...node.ident, ...field] };
      case 'variable':
        return { kind: 'variable', pos, ident: [...node.ident, ...field] };
      case 'bool':
      case 'string':
      case 'number':
      case 'nil':
      case 'dot':
        this.errorf(`unexpected . after term ${goQuote(nodeString(node))}`);
      default:
        return { kind: 'chain', pos, node, field };
    }
  }

  private term(): ArgNode | null {
    const token = this.nextNonSpace();
    switch (token.typ) {
      case 'error':
        this.errorf(token.val, token.line);
      case 'identifier':
        if (!this.hasFunction(token.val)) this.errorf(`function ${goQuote(token.val)} not defined`);
        return { kind: 'identifier', pos: token.pos, name: token.val };
      case 'dot':
        return { kind: 'dot', pos: token.pos };
      case 'nil':
        return { kind: 'nil', pos: token.pos };
      case 'variable':
        if (!this.vars.includes(token.val)) this.errorf(`undefined variable ${goQuote(token.val)}`);
        return { kind: 'variable', pos: token.pos, ident: [token.val] };
      case 'field':
        return { kind: 'field', pos: token.pos, ident: [token.val.slice(1)] };
      case 'bool':
        return { kind: 'bool', pos: token.pos, value: token.val === 'true' };
      case 'charConstant':
      case 'complex':
      case 'number': {
        const n = parseNumber(token.val, token.typ);
        if (typeof n === 'string') this.errorf(n);
        return { kind: 'number', pos: token.pos, text: token.val, ...n };
      }
      case 'leftParen':
        return this.nested(() => this.pipeline('parenthesized pipeline', 'rightParen'));
      case 'string':
      case 'rawString': {
        const text = unquote(token.val);
        if (text === null) this.errorf('invalid syntax');
        return { kind: 'string', pos: token.pos, quoted: token.val, text };
      }
    }
    this.backup();
    return null;
  }
}

// ---------------------------------------------------------------------------
// Values: Go's view of JS data

/** A struct-typed JS object: anything that is not null, an array or a Map. */
type Struct = Record<string | symbol, unknown>;
const isStruct = (v: unknown): v is Struct => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Map);

/** Go type name for error messages; `names` maps the rendered row to its docker type. */
function goType(v: unknown, names: Map<unknown, string>): string {
  if (v === null || v === undefined) return 'interface {}';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float64';
  const elem = (vals: unknown[]): string => {
    const kinds = new Set(vals.map((x) => goType(x, names)));
    return kinds.size === 1 ? [...kinds][0] : vals.length === 0 ? 'string' : 'interface {}';
  };
  if (Array.isArray(v)) return '[]' + elem(v);
  if (v instanceof Map) return 'map[string]' + elem([...v.values()]);
  const own = names.get(v) ?? (v as Struct)[GO_TYPE];
  return typeof own === 'string' ? own : 'struct';
}

/**
 * Go %v of a number. Integers print as Go ints; other values as float64 with
 * strconv's shortest 'g' form, which switches to an exponent when
 * exp < -4 || exp >= 6 (ftoa.go formatDigits: "use precision 6").
 */
function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'NaN' : x > 0 ? '+Inf' : '-Inf';
  if (Number.isInteger(x) && Math.abs(x) < 1e21) return String(x);
  const [m, e] = x.toExponential().split('e');
  const exp = Number(e);
  if (exp < -4 || exp >= 6) return `${m}e${exp < 0 ? '-' : '+'}${Math.abs(exp) < 10 ? '0' : ''}${Math.abs(exp)}`;
  return String(x);
}

/** Go fmt.Sprint(v) (%v) for the values templates handle. */
function sprint(v: unknown, top = true): string {
  if (v === undefined) return top ? '<no value>' : '<nil>';
  if (v === null) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return formatNumber(v);
  if (Array.isArray(v)) return `[${v.map((x) => sprint(x, false)).join(' ')}]`;
  if (v instanceof Map) return `map[${sortedKeys(v).map((k) => `${k}:${sprint(v.get(k), false)}`).join(' ')}]`;
  if (isStringer(v)) return v[GO_STRING]();
  if (typeof v === 'object') return `{${fieldNames(v as Struct).map((k) => sprint((v as Struct)[k], false)).join(' ')}}`;
  return String(v);
}

/** Go type name of a value inside a function (no row-type knowledge there). */
const typeName = (v: unknown): string => goType(v, new Map());

const sortedKeys = (m: Map<unknown, unknown>): string[] => [...m.keys()].map(String).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
const fieldNames = (o: Struct): string[] => Object.keys(o).filter((k) => typeof o[k] !== 'function');

/** text/template isTrue: the zero value of a type is false; structs are true. */
function isTrue(v: unknown): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === 'string' || Array.isArray(v)) return v.length > 0;
  if (v instanceof Map) return v.size > 0;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'boolean') return v;
  return true;
}

/** JSON string as Go's encoding/json writes it (U+2028/9 always escaped). */
function jsonString(s: string, escapeHTML: boolean): string {
  let out = JSON.stringify(s).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  if (escapeHTML) out = out.replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
  return out;
}

/**
 * Go encoding/json, compact. Maps sort their keys; structs keep field order
 * unless `sortTop` (docker's formatter.MarshalJSON turns a row into a map).
 */
function goJSON(v: unknown, escapeHTML: boolean, sortTop = false): string {
  if (v === undefined || v === null) return 'null';
  if (typeof v === 'string') return jsonString(v, escapeHTML);
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new FuncError(`json: unsupported value: ${formatNumber(v)}`);
    return JSON.stringify(v);
  }
  if (Array.isArray(v)) return `[${v.map((x) => goJSON(x, escapeHTML)).join(',')}]`;
  // A value with its own MarshalJSON (time.Time) writes that.
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return goJSON((v as { toJSON: () => unknown }).toJSON(), escapeHTML);
  const entries: [string, unknown][] =
    v instanceof Map ? sortedKeys(v).map((k) => [k, v.get(k)]) : fieldNames(v as Struct).map((k) => [k, (v as Struct)[k]]);
  if (sortTop) entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, x]) => `${jsonString(k, escapeHTML)}:${goJSON(x, escapeHTML)}`).join(',')}}`;
}

// ---------------------------------------------------------------------------
// Functions (docker/cli templates/templates.go, text/template/funcs.go)

/** An error returned by a template function: reported as "error calling NAME: ...". */
class FuncError extends Error {}

/** Go parameter types that matter for argument checking. */
type ParamType = 'string' | 'int' | '[]string' | 'any';

interface ExecCtx {
  row: unknown;
  rowJson: 'docker' | 'ordered';
  /** The row's properties stand for docker's zero-argument context methods. */
  rowMethods: boolean;
}

interface GoFunc {
  params: ParamType[];
  variadic?: ParamType;
  call(args: unknown[], ctx: ExecCtx): unknown;
}

const fn = (params: ParamType[], call: GoFunc['call'], variadic?: ParamType): GoFunc => ({ params, call, variadic });

/** Per-rune case mapping like Go's unicode.ToUpper (never changes the rune count). */
const mapRunes = (s: string, f: (c: string) => string): string =>
  Array.from(s, (c) => {
    const m = f(c);
    return runeCount(m) === 1 ? m : c;
  }).join('');

/** Go strings.Title: upper-case the first letter of each word. */
function title(s: string): string {
  const isSeparator = (c: string): boolean => {
    if (c <= '\x7f') return !/[0-9A-Za-z_]/.test(c);
    if (/[\p{L}\p{Nd}]/u.test(c)) return false;
    return /\s/u.test(c);
  };
  let prev = ' ';
  return Array.from(s, (c) => {
    const out = isSeparator(prev) ? mapRunes(c, (x) => x.toUpperCase()) : c;
    prev = c;
    return out;
  }).join('');
}

/** Go strings.Split: "" separator splits into runes. */
const split = (s: string, sep: string): string[] => (sep === '' ? Array.from(s) : s.split(sep));

/** Go reflect kinds for the comparison builtins. */
function basicKind(v: unknown): 'bool' | 'int' | 'float' | 'string' | 'invalid' | 'other' {
  if (v === undefined || v === null) return 'invalid';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'string') return 'string';
  return 'other';
}

function eq(a: unknown, ...bs: unknown[]): boolean {
  if (bs.length === 0) throw new FuncError('missing argument for comparison');
  const k1 = basicKind(a);
  for (const b of bs) {
    const k2 = basicKind(b);
    if (k1 !== k2) {
      if (k1 !== 'invalid' && k2 !== 'invalid') throw new FuncError('incompatible types for comparison');
      continue; // Go: comparing with an invalid value is simply false
    }
    if (k1 === 'other') throw new FuncError('invalid type for comparison');
    if (a === b) return true;
  }
  return false;
}

function lt(a: unknown, b: unknown): boolean {
  const k1 = basicKind(a);
  const k2 = basicKind(b);
  if (k1 === 'bool' || k1 === 'other' || k1 === 'invalid') throw new FuncError('invalid type for comparison');
  if (k1 !== k2) throw new FuncError('incompatible types for comparison');
  return (a as number | string) < (b as number | string);
}

function index(item: unknown, ...keys: unknown[]): unknown {
  let v = item;
  for (const k of keys) {
    if (v === undefined || v === null) throw new FuncError('index of untyped nil');
    if (Array.isArray(v) || typeof v === 'string') {
      if (typeof k !== 'number' || !Number.isInteger(k)) throw new FuncError(`cannot index slice/array with type ${typeName(k)}`);
      const len = typeof v === 'string' ? utf8Length(v) : v.length;
      if (k < 0 || k >= len) throw new FuncError(`index out of range: ${k}`);
      v = typeof v === 'string' ? utf8Bytes(v)[k] : v[k]; // Go: a byte (uint8) for strings
    } else if (v instanceof Map) {
      if (typeof k !== 'string') throw new FuncError(`value has type ${typeName(k)}; should be string`);
      if (v.has(k)) v = v.get(k);
      else {
        // Go returns the element type's zero value for a missing key.
        const first = v.values().next().value;
        v = typeof first === 'number' ? 0 : typeof first === 'boolean' ? false : first === undefined || typeof first === 'string' ? '' : null;
      }
    } else throw new FuncError(`can't index item of type ${typeName(v)}`);
  }
  return v;
}

/** Go's indexArg for slice: an int within [0, cap]. */
function sliceIndex(k: unknown, cap: number): number {
  if (k === undefined || k === null) throw new FuncError('cannot index slice/array with nil');
  if (typeof k !== 'number' || !Number.isInteger(k)) throw new FuncError(`cannot index slice/array with type ${typeName(k)}`);
  if (k < 0 || k > cap) throw new FuncError(`index out of range: ${k}`);
  return k;
}

/** text/template funcs.go slice: x[i:j] (strings by byte, like Go); x[i:j:k] for slices only. */
function slice(item: unknown, ...indexes: unknown[]): unknown {
  if (item === undefined || item === null) throw new FuncError('slice of untyped nil');
  if (indexes.length > 3) throw new FuncError(`too many slice indexes: ${indexes.length}`);
  let bytes: number[] | null = null;
  if (typeof item === 'string') {
    if (indexes.length === 3) throw new FuncError('cannot 3-index slice a string');
    bytes = utf8Bytes(item);
  } else if (!Array.isArray(item)) throw new FuncError(`can't slice item of type ${typeName(item)}`);
  const length = bytes ? bytes.length : (item as unknown[]).length;
  const idx = [0, length, length]; // the simulator's slices have cap == len
  indexes.forEach((k, i) => (idx[i] = sliceIndex(k, length)));
  if (idx[0] > idx[1]) throw new FuncError(`invalid slice index: ${idx[0]} > ${idx[1]}`);
  if (indexes.length === 3 && idx[1] > idx[2]) throw new FuncError(`invalid slice index: ${idx[1]} > ${idx[2]}`);
  // A rune cut in half becomes U+FFFD, as a terminal shows it.
  if (bytes) return new TextDecoder().decode(Uint8Array.from(bytes.slice(idx[0], idx[1])));
  return (item as unknown[]).slice(idx[0], idx[1]);
}

/** The template's value model, as fmt sees it. */
const FMT_MODEL: GoValueModel = {
  typeName: (v) => typeName(v),
  stringer: (v) => (isStringer(v) ? () => v[GO_STRING]() : undefined),
  fields: (o) => fieldNames(o as Struct),
};

function len(v: unknown): number {
  if (v === undefined || v === null) throw new FuncError('len of nil pointer');
  if (typeof v === 'string') return utf8Length(v);
  if (Array.isArray(v)) return v.length;
  if (v instanceof Map) return v.size;
  throw new FuncError(`len of type ${typeName(v)}`);
}

/** Go fmt.Sprint: a space between operands when neither is a string. */
function goSprint(args: unknown[]): string {
  let out = '';
  args.forEach((a, i) => {
    if (i > 0 && typeof a !== 'string' && typeof args[i - 1] !== 'string') out += ' ';
    out += sprint(a, false);
  });
  return out;
}

const BUILTINS: Record<string, GoFunc> = {
  and: fn(['any'], () => undefined, 'any'), // short-circuit: evaluated in evalCall
  or: fn(['any'], () => undefined, 'any'),
  not: fn(['any'], ([a]) => !isTrue(a)),
  len: fn(['any'], ([a]) => len(a)),
  index: fn(['any'], ([item, ...keys]) => index(item, ...keys), 'any'),
  slice: fn(['any'], ([item, ...indexes]) => slice(item, ...indexes), 'any'),
  printf: fn(['string'], ([format, ...args]) => sprintf(format as string, args, FMT_MODEL), 'any'),
  print: fn([], (args) => goSprint(args), 'any'),
  println: fn([], (args) => args.map((a) => sprint(a, false)).join(' ') + '\n', 'any'),
  eq: fn(['any'], ([a, ...bs]) => eq(a, ...bs), 'any'),
  ne: fn(['any', 'any'], ([a, b]) => !eq(a, b)),
  lt: fn(['any', 'any'], ([a, b]) => lt(a, b)),
  le: fn(['any', 'any'], ([a, b]) => lt(a, b) || eq(a, b)),
  gt: fn(['any', 'any'], ([a, b]) => !lt(a, b) && !eq(a, b)),
  ge: fn(['any', 'any'], ([a, b]) => !lt(a, b)),
};

/** docker/cli templates/templates.go basicFunctions. */
const DOCKER_FUNCS: Record<string, GoFunc> = {
  // formatJSON: json.Encoder with SetEscapeHTML(false). A docker row has its own
  // MarshalJSON (formatter.MarshalJSON: a map, hence sorted keys, marshalled by
  // json.Marshal, hence <>& escaped) which the encoder keeps verbatim.
  json: fn(['any'], ([v], ctx) =>
    v === ctx.row && ctx.rowJson === 'docker' && isStruct(v) ? goJSON(v, true, true) : goJSON(v, false),
  ),
  split: fn(['string', 'string'], ([s, sep]) => split(s as string, sep as string)),
  // strings.Join: a nil slice joins to "".
  join: fn(['[]string', 'string'], ([elems, sep]) => (elems === null ? '' : (elems as string[]).join(sep as string))),
  title: fn(['string'], ([s]) => title(s as string)),
  lower: fn(['string'], ([s]) => mapRunes(s as string, (c) => c.toLowerCase())),
  upper: fn(['string'], ([s]) => mapRunes(s as string, (c) => c.toUpperCase())),
  pad: fn(['string', 'int', 'int'], ([s, prefix, suffix]) => {
    if (s === '') return s;
    if ((prefix as number) < 0 || (suffix as number) < 0) throw new FuncError('strings: negative Repeat count');
    return ' '.repeat(prefix as number) + s + ' '.repeat(suffix as number);
  }),
  // truncateWithLength: byte length, byte slicing (source[:length]).
  truncate: fn(['string', 'int'], ([s, n]) => {
    if (utf8Length(s as string) < (n as number)) return s;
    if ((n as number) < 0) throw new FuncError(`runtime error: slice bounds out of range [:${n}]`);
    return utf8Prefix(s as string, n as number);
  }),
};

/**
 * docker/cli templates.HeaderFunctions: for the table header, these return
 * their (string) argument untouched so `{{upper .Name}}` still prints NAME.
 * `pad` is deliberately not overridden (keeps header and rows aligned).
 */
const HEADER_FUNCS: Record<string, GoFunc> = {
  ...DOCKER_FUNCS,
  json: fn(['string'], ([v]) => v),
  split: fn(['string', 'string'], ([v]) => v),
  join: fn(['string', 'string'], ([v]) => v),
  title: fn(['string'], ([v]) => v),
  lower: fn(['string'], ([v]) => v),
  upper: fn(['string'], ([v]) => v),
  truncate: fn(['string', 'int'], ([v]) => v),
};

// ---------------------------------------------------------------------------
// Execution (text/template/exec.go)

const MISSING: unique symbol = Symbol('missing'); // Go's missingVal: no piped value
type Final = unknown | typeof MISSING;

class State {
  private node: AnyNode | null = null;
  private vars: { name: string; value: unknown }[];
  private readonly names = new Map<unknown, string>();

  constructor(
    private readonly text: string,
    private readonly funcs: Record<string, GoFunc>,
    private readonly ctx: ExecCtx,
    root: unknown,
    rowType: string | undefined,
    readonly out: string[],
  ) {
    this.vars = [{ name: '$', value: root }];
    if (rowType !== undefined) this.names.set(ctx.row, rowType);
  }

  private at(node: AnyNode): void {
    this.node = node;
  }

  /** Go's state.errorf with ErrorContext: line and byte column of the node. */
  private errorf(msg: string): never {
    if (!this.node) throw new TemplateError(`template: : ${msg}`);
    const before = this.text.slice(0, this.node.pos);
    const nl = before.lastIndexOf('\n');
    const line = before.split('\n').length;
    const col = utf8Length(nl < 0 ? before : before.slice(nl + 1));
    throw new TemplateError(`template: :${line}:${col}: executing "" at <${nodeString(this.node)}>: ${msg}`);
  }

  walk(dot: unknown, node: Node): void {
    this.at(node);
    switch (node.kind) {
      case 'text':
        this.out.push(node.text);
        return;
      case 'action': {
        const val = this.evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length === 0) this.out.push(sprint(val));
        return;
      }
      case 'if':
      case 'with': {
        const mark = this.vars.length;
        const val = this.evalPipeline(dot, node.pipe);
        if (isTrue(val)) this.walkList(node.kind === 'with' ? val : dot, node.list);
        else if (node.elseList) this.walkList(dot, node.elseList);
        this.vars.length = mark;
        return;
      }
      case 'range':
        this.walkRange(dot, node);
        return;
      default:
        this.errorf(`unknown node: ${nodeString(node)}`);
    }
  }

  private walkList(dot: unknown, list: Node[]): void {
    for (const n of list) this.walk(dot, n);
  }

  private walkRange(dot: unknown, r: ControlNode): void {
    this.at(r);
    const outer = this.vars.length;
    const val = this.evalPipeline(dot, r.pipe);
    const mark = this.vars.length;
    const decl = r.pipe.decl.length;
    const one = (i: unknown, elem: unknown): void => {
      if (decl > 0) this.vars[this.vars.length - 1].value = elem;
      if (decl > 1) this.vars[this.vars.length - 2].value = i;
      this.walkList(elem, r.list);
      this.vars.length = mark;
    };
    let iterated = false;
    if (Array.isArray(val)) {
      val.forEach((e, i) => one(i, e));
      iterated = val.length > 0;
    } else if (val instanceof Map) {
      for (const k of sortedKeys(val)) one(k, val.get(k));
      iterated = val.size > 0;
    } else if (typeof val === 'number' && Number.isInteger(val)) {
      // Go 1.22+: range over an int.
      if (decl > 1) this.errorf(`can't use ${val} to iterate over more than one variable`);
      for (let i = 0; i < val; i++) one(i, i);
      iterated = val > 0;
    } else if (val !== undefined && val !== null) {
      this.errorf(`range can't iterate over ${sprint(val)}`);
    }
    if (!iterated && r.elseList) this.walkList(dot, r.elseList);
    this.vars.length = outer;
  }

  private evalPipeline(dot: unknown, pipe: PipeNode): unknown {
    this.at(pipe);
    let value: Final = MISSING;
    for (const cmd of pipe.cmds) value = this.evalCommand(dot, cmd, value);
    for (const name of pipe.decl) {
      if (!pipe.isAssign) this.vars.push({ name, value });
      else {
        const v = [...this.vars].reverse().find((x) => x.name === name);
        if (!v) this.errorf(`undefined variable: ${name}`);
        v.value = value;
      }
    }
    return value;
  }

  private notAFunction(args: ArgNode[], final: Final): void {
    if (args.length > 1 || final !== MISSING) this.errorf(`can't give argument to non-function ${nodeString(args[0])}`);
  }

  private evalCommand(dot: unknown, cmd: CommandNode, final: Final): unknown {
    const first = cmd.args[0];
    switch (first.kind) {
      case 'field':
        this.at(first);
        return this.evalFieldChain(dot, first.ident, cmd.args, final);
      case 'chain':
        return this.evalChain(dot, first, cmd.args, final);
      case 'identifier':
        return this.evalFunction(dot, first, cmd, cmd.args, final);
      case 'pipe':
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first);
      case 'variable':
        return this.evalVariable(first, cmd.args, final);
    }
    this.at(first);
    this.notAFunction(cmd.args, final);
    switch (first.kind) {
      case 'bool':
        return first.value;
      case 'dot':
        return dot;
      case 'nil':
        this.errorf('nil is not a command');
      case 'number':
        return first.value;
      case 'string':
        return first.text;
    }
  }

  private evalChain(dot: unknown, chain: Extract<ArgNode, { kind: 'chain' }>, args: ArgNode[] | null, final: Final): unknown {
    this.at(chain);
    if (chain.node.kind === 'nil') this.errorf(`indirection through explicit nil in ${nodeString(chain)}`);
    const recv = this.evalArg(dot, null, chain.node);
    return this.evalFieldChain(recv, chain.field, args, final);
  }

  private evalVariable(v: Extract<ArgNode, { kind: 'variable' }>, args: ArgNode[] | null, final: Final): unknown {
    this.at(v);
    const found = [...this.vars].reverse().find((x) => x.name === v.ident[0]);
    if (!found) this.errorf(`undefined variable: ${v.ident[0]}`);
    if (v.ident.length === 1) {
      if (args) this.notAFunction(args, final);
      return found.value;
    }
    return this.evalFieldChain(found.value, v.ident.slice(1), args, final);
  }

  private evalFieldChain(recv: unknown, ident: string[], args: ArgNode[] | null, final: Final): unknown {
    for (let i = 0; i < ident.length - 1; i++) recv = this.evalField(ident[i], null, MISSING, recv);
    return this.evalField(ident[ident.length - 1], args, final, recv);
  }

  /** Go evalField: struct field or map key (methods are not modelled). */
  private evalField(name: string, args: ArgNode[] | null, final: Final, recv: unknown): unknown {
    if (recv === undefined) return undefined; // invalid value: Go yields the zero Value
    if (recv === null) this.errorf(`nil pointer evaluating interface {}.${name}`);
    const hasArgs = (args !== null && args.length > 1) || final !== MISSING;
    if (recv instanceof Map) {
      if (hasArgs) this.errorf(`${name} is not a method but has arguments`);
      return recv.get(name); // missing key: invalid value, printed "<no value>"
    }
    if (isStruct(recv) && name in recv && !(name in Object.prototype)) {
      if (hasArgs && recv === this.ctx.row && this.ctx.rowMethods) {
        const got = (args ? args.length - 1 : 0) + (final !== MISSING ? 1 : 0);
        this.errorf(`wrong number of args for ${name}: want 0 got ${got}`);
      }
      if (hasArgs) this.errorf(`${name} has arguments but cannot be invoked as function`);
      return recv[name];
    }
    this.errorf(`can't evaluate field ${name} in type ${goType(recv, this.names)}`);
  }

  private evalFunction(dot: unknown, node: Extract<ArgNode, { kind: 'identifier' }>, cmd: AnyNode, args: ArgNode[] | null, final: Final): unknown {
    this.at(node);
    const f = Object.hasOwn(this.funcs, node.name) ? this.funcs[node.name] : BUILTINS[node.name];
    if (!f) this.errorf(`${goQuote(node.name)} is not a defined function`);
    return this.evalCall(dot, f, cmd, node.name, args, final);
  }

  private evalCall(dot: unknown, f: GoFunc, node: AnyNode, name: string, allArgs: ArgNode[] | null, final: Final): unknown {
    const args = allArgs ? allArgs.slice(1) : [];
    const numIn = args.length + (final !== MISSING ? 1 : 0);
    const numFixed = f.params.length;
    if (f.variadic) {
      if (numIn < numFixed) this.errorf(`wrong number of args for ${name}: want at least ${numFixed} got ${args.length}`);
    } else if (numIn !== numFixed) {
      this.errorf(`wrong number of args for ${name}: want ${numFixed} got ${numIn}`);
    }
    const typeAt = (i: number): ParamType => (i < numFixed ? f.params[i] : (f.variadic as ParamType));
    // Builtin and/or short-circuit: return the first falsy (and) / truthy (or) argument.
    if (BUILTINS[name] === f && (name === 'and' || name === 'or')) {
      let v: unknown;
      for (const a of args) {
        v = this.evalArg(dot, 'any', a);
        if (isTrue(v) === (name === 'or')) return v;
      }
      return final !== MISSING ? this.validateType(final, 'any') : v;
    }
    const argv = args.map((a, i) => this.evalArg(dot, typeAt(i), a));
    if (final !== MISSING) argv.push(this.validateType(final, typeAt(numIn - 1)));
    try {
      return f.call(argv, this.ctx);
    } catch (e) {
      if (!(e instanceof FuncError)) throw e;
      this.at(node);
      this.errorf(`error calling ${name}: ${e.message}`);
    }
  }

  private validateType(value: unknown, typ: ParamType | null): unknown {
    if (value === undefined) {
      if (typ === null || typ === 'any' || typ === '[]string') return null; // untyped nil / nil interface / nil slice
      this.errorf(`invalid value; expected ${typ}`);
    }
    const ok =
      typ === null ||
      typ === 'any' ||
      (typ === 'string' && typeof value === 'string') ||
      (typ === 'int' && typeof value === 'number' && Number.isInteger(value)) ||
      (typ === '[]string' && (value === null || (Array.isArray(value) && value.every((e) => typeof e === 'string'))));
    if (!ok) this.errorf(`wrong type for value; expected ${typ}; got ${goType(value, this.names)}`);
    return value;
  }

  private evalArg(dot: unknown, typ: ParamType | null, n: ArgNode): unknown {
    this.at(n);
    switch (n.kind) {
      case 'dot':
        return this.validateType(dot, typ);
      case 'nil':
        if (typ === null || typ === 'any' || typ === '[]string') return null;
        this.errorf(`cannot assign nil to ${typ}`);
      case 'field':
        return this.validateType(this.evalFieldChain(dot, n.ident, [n], MISSING), typ);
      case 'variable':
        return this.validateType(this.evalVariable(n, null, MISSING), typ);
      case 'pipe':
        return this.validateType(this.evalPipeline(dot, n), typ);
      case 'identifier':
        return this.validateType(this.evalFunction(dot, n, n, null, MISSING), typ);
      case 'chain':
        return this.validateType(this.evalChain(dot, n, null, MISSING), typ);
    }
    // Literals: checked against the parameter's type (Go evalString/evalInteger).
    if (typ === 'string') {
      if (n.kind === 'string') return n.text;
      this.errorf(`expected string; found ${nodeString(n)}`);
    }
    if (typ === 'int') {
      if (n.kind === 'number' && n.isInt) return n.value;
      this.errorf(`expected integer; found ${nodeString(n)}`);
    }
    if (typ === '[]string') this.errorf(`can't handle ${nodeString(n)} for arg of type []string`);
    return n.kind === 'string' ? n.text : n.value;
  }
}

// ---------------------------------------------------------------------------
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
}

export interface RenderOptions {
  /** Go type of the row, for "can't evaluate field X in type T" (e.g. `*task.taskContext`). */
  typeName?: string;
  /**
   * `{{json .}}` of a row: 'docker' (default) is formatter.MarshalJSON — keys
   * sorted, <>& escaped as \u003c etc.; 'ordered' keeps the row's key order.
   */
  rowJson?: 'docker' | 'ordered';
}

const hasFunction = (name: string): boolean => Object.hasOwn(DOCKER_FUNCS, name) || Object.hasOwn(BUILTINS, name);

function parseText(source: string, text: string, isTable: boolean): CompiledFormat {
  const root = new Parser(new Lexer(text).items, hasFunction).parse();
  return { source, isTable, text, root };
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
  const ctx: ExecCtx = { row: data, rowJson: opts.rowJson ?? 'docker', rowMethods };
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
  return run(parseText(template, template, false), data, DOCKER_FUNCS, { rowJson: 'ordered', ...opts }, [], false);
}
