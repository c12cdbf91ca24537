/** The template lexer (golang/go src/text/template/parse/lex.go). */
import { goQuote, runeCount } from '../text.js';

export type ItemType =
  | 'error' | 'bool' | 'char' | 'charConstant' | 'complex' | 'assign' | 'declare' | 'eof'
  | 'field' | 'identifier' | 'leftDelim' | 'leftParen' | 'number' | 'pipe' | 'rawString'
  | 'rightDelim' | 'rightParen' | 'space' | 'string' | 'text' | 'variable'
  // keywords
  | 'dot' | 'block' | 'break' | 'continue' | 'define' | 'else' | 'end' | 'if' | 'nil'
  | 'range' | 'template' | 'with';

export interface Item {
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
export function itemString(i: Item): string {
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

export class Lexer {
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
