/** The parse tree and parser (golang/go src/text/template/parse/node.go, parse.go). */
import { goQuote, runeCount } from '../text.js';
import { type Item, itemString, type ItemType } from './lex.js';
import { TemplateError } from './value.js';

export type ArgNode =
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

export interface CommandNode {
  kind: 'command';
  pos: number;
  args: ArgNode[];
}

export interface PipeNode {
  kind: 'pipe';
  pos: number;
  decl: string[];
  isAssign: boolean;
  cmds: CommandNode[];
}

export type Node =
  | { kind: 'text'; pos: number; text: string }
  | { kind: 'action'; pos: number; pipe: PipeNode }
  | ControlNode
  | { kind: 'end' | 'else'; pos: number };

export interface ControlNode {
  kind: 'if' | 'with' | 'range';
  pos: number;
  pipe: PipeNode;
  list: Node[];
  elseList: Node[] | null;
}

export type AnyNode = Node | ArgNode | CommandNode;

/** Go's Node.String(), used in error contexts (`at <.A.B>`). */
export function nodeString(n: AnyNode): string {
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

export class Parser {
  private i = 0;
  private depth = 0;
  private lastLine = 1;
  private vars: string[] = ['$'];
  private actionLine = 0;

  constructor(
    private readonly items: Item[],
    private readonly hasFunction: (name: string) => boolean,
    private readonly name = '',
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
    throw new TemplateError(`template: ${this.name}:${line}: ${msg}`);
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
