/**
 * Go fmt.Sprintf, as the template builtin `printf` calls it.
 *
 * Mirrors golang/go src/fmt/{print,format}.go (Go 1.24, the toolchain of
 * docker 28.2.2): flags `#0+- `, width and precision (digits or `*`),
 * explicit argument indexes `[n]`, and the error forms `%!d(string=x)`,
 * `%!v(MISSING)`, `%!(EXTRA ...)`, `%!(NOVERB)`, `%!(BADWIDTH)`,
 * `%!(BADPREC)`, `%!v(BADINDEX)`.
 *
 * Verbs: %v %+v %#v %T %% for every value; %t for bool; %d %b %o %O %x %X
 * %c %q %U for ints; %e %E %f %F %g %G for floats; %s %q %x %X for strings.
 * Slices, maps and structs apply the verb to each element, as Go does.
 * Approximations: %b/%x of floats and %p are reported as bad verbs; %#v
 * prints composite values with the type names the template layer infers;
 * a float literal with an integer value (`1e6`, `2.0`) is an int, since the
 * value model has one number type (Go's %v would print 1e+06, 2).
 *
 * The value model is the template's (see template.ts): integer numbers are
 * Go ints, other numbers float64, arrays slices, Maps maps, objects structs,
 * null/undefined nil. The caller supplies type names and Stringer methods.
 */

import { decimalDigits, goQuote, isGoPrint, roundDigits, runeCount, utf8Bytes } from './text.js';

export interface GoValueModel {
  /** Go type name of a value (reflect.Type.String()). */
  typeName(v: unknown): string;
  /** The value's String() method, when it has one (fmt.Stringer). */
  stringer(v: unknown): (() => string) | undefined;
  /** Struct field names, in order. */
  fields(v: object): string[];
}

/** fmt's tooLarge: widths, precisions and indexes beyond this are refused. */
const TOO_LARGE = 1e6;

interface Flags {
  sharp: boolean;
  zero: boolean;
  plus: boolean;
  minus: boolean;
  space: boolean;
  sharpV: boolean;
  plusV: boolean;
  wid: number;
  widPresent: boolean;
  prec: number;
  precPresent: boolean;
}

const noFlags = (): Flags => ({
  sharp: false, zero: false, plus: false, minus: false, space: false, sharpV: false, plusV: false,
  wid: 0, widPresent: false, prec: 0, precPresent: false,
});

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

class Printer {
  out = '';
  f: Flags = noFlags();
  private erroring = false;

  constructor(private readonly m: GoValueModel) {}

  // -- padding (format.go pad/writePadding) --------------------------------

  private padding(n: number): string {
    return n > 0 ? (this.f.zero ? '0' : ' ').repeat(n) : '';
  }

  private pad(s: string): void {
    if (!this.f.widPresent || this.f.wid === 0) {
      this.out += s;
      return;
    }
    const width = this.f.wid - runeCount(s);
    if (this.f.minus) this.out += s + ' '.repeat(Math.max(width, 0));
    else this.out += this.padding(width) + s;
  }

  /** pad with zero padding switched off (numbers that did their own). */
  private padSpaces(s: string): void {
    const zero = this.f.zero;
    this.f.zero = false;
    this.pad(s);
    this.f.zero = zero;
  }

  // -- values (print.go printArg/printValue) --------------------------------

  printArg(arg: unknown, verb: string, depth = 0): void {
    if (arg === null || arg === undefined) {
      if (verb === 'T' || verb === 'v') this.padSpaces('<nil>');
      else this.badVerb(verb, arg);
      return;
    }
    if (verb === 'T') {
      this.fmtS(this.m.typeName(arg));
      return;
    }
    if (this.handleMethods(arg, verb)) return;
    if (typeof arg === 'boolean') this.fmtBool(arg, verb);
    else if (isInt(arg)) this.fmtInteger(arg, verb);
    else if (typeof arg === 'number') this.fmtFloat(arg, verb);
    else if (typeof arg === 'string') this.fmtString(arg, verb, arg);
    else if (Array.isArray(arg)) {
      if (this.f.sharpV) {
        this.out += this.m.typeName(arg) + '{';
        arg.forEach((e, i) => {
          if (i > 0) this.out += ', ';
          this.printArg(e, verb, depth + 1);
        });
        this.out += '}';
        return;
      }
      this.out += '[';
      arg.forEach((e, i) => {
        if (i > 0) this.out += ' ';
        this.printArg(e, verb, depth + 1);
      });
      this.out += ']';
    } else if (arg instanceof Map) {
      const keys = [...arg.keys()].map(String).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      this.out += this.f.sharpV ? this.m.typeName(arg) + '{' : 'map[';
      keys.forEach((k, i) => {
        if (i > 0) this.out += this.f.sharpV ? ', ' : ' ';
        this.printArg(k, verb, depth + 1);
        this.out += ':';
        this.printArg(arg.get(k), verb, depth + 1);
      });
      this.out += this.f.sharpV ? '}' : ']';
    } else if (typeof arg === 'object') {
      const o = arg as Record<string, unknown>;
      if (this.f.sharpV) this.out += this.m.typeName(arg);
      this.out += '{';
      this.m.fields(o).forEach((k, i) => {
        if (i > 0) this.out += this.f.sharpV ? ', ' : ' ';
        if (this.f.plusV || this.f.sharpV) this.out += k + ':';
        this.printArg(o[k], verb, depth + 1);
      });
      this.out += '}';
    } else this.badVerb(verb, arg);
  }

  /** A Stringer prints its String() for %v %s %x %X %q. */
  private handleMethods(arg: unknown, verb: string): boolean {
    if (this.erroring || this.f.sharpV || !'vsxXq'.includes(verb)) return false;
    const str = this.m.stringer(arg);
    if (!str) return false;
    this.fmtString(str(), verb, arg);
    return true;
  }

  private badVerb(verb: string, arg: unknown): void {
    this.erroring = true;
    this.out += `%!${verb}(`;
    if (arg === null || arg === undefined) this.out += '<nil>';
    else {
      this.out += this.m.typeName(arg) + '=';
      this.printArg(arg, 'v');
    }
    this.out += ')';
    this.erroring = false;
  }

  private fmtBool(v: boolean, verb: string): void {
    if (verb === 't' || verb === 'v') this.pad(String(v));
    else this.badVerb(verb, v);
  }

  // -- integers (format.go fmtInteger, fmtC, fmtQc, fmtUnicode) -------------

  private fmtInteger(v: number, verb: string): void {
    switch (verb) {
      case 'v':
      case 'd':
        return this.integer(v, 10, verb, false);
      case 'b':
        return this.integer(v, 2, verb, false);
      case 'o':
      case 'O':
        return this.integer(v, 8, verb, false);
      case 'x':
        return this.integer(v, 16, verb, false);
      case 'X':
        return this.integer(v, 16, verb, true);
      case 'c':
        return this.pad(runeOf(v));
      case 'q':
        return this.padSpaces(quoteRune(runeOf(v), this.f.plus));
      case 'U': {
        let s = 'U+' + Math.abs(v).toString(16).toUpperCase().padStart(this.f.precPresent ? Math.max(this.f.prec, 4) : 4, '0');
        if (v < 0) s = '-' + s; // Go formats a negative int64 as a huge uint64; not reachable from templates
        if (this.f.sharp && v >= 0 && v <= 0x10ffff && isGoPrint(runeOf(v))) s += ` '${runeOf(v)}'`;
        return this.padSpaces(s);
      }
      default:
        this.badVerb(verb, v);
    }
  }

  private integer(v: number, base: number, verb: string, upper: boolean): void {
    const negative = v < 0;
    let digits = Math.abs(v).toString(base);
    if (upper) digits = digits.toUpperCase();
    let prec = -1;
    if (this.f.precPresent) {
      prec = this.f.prec;
      if (prec === 0 && v === 0) {
        this.padSpaces('');
        return;
      }
    } else if (this.f.zero && !this.f.minus && this.f.widPresent) {
      prec = this.f.wid;
      if (negative || this.f.plus || this.f.space) prec--; // room for the sign
    }
    if (prec > digits.length) digits = '0'.repeat(prec - digits.length) + digits;
    if (this.f.sharp) {
      if (base === 2) digits = '0b' + digits;
      else if (base === 8 && digits[0] !== '0') digits = '0' + digits;
      else if (base === 16) digits = (upper ? '0X' : '0x') + digits;
    }
    if (verb === 'O') digits = '0o' + digits;
    const sign = negative ? '-' : this.f.plus ? '+' : this.f.space ? ' ' : '';
    this.padSpaces(sign + digits);
  }

  // -- floats (format.go fmtFloat; strconv.FormatFloat) ---------------------

  private fmtFloat(v: number, verb: string): void {
    switch (verb) {
      case 'v':
        return this.float(v, 'g', -1);
      case 'g':
      case 'G':
        return this.float(v, verb, this.f.precPresent ? this.f.prec : -1);
      case 'e':
      case 'E':
      case 'f':
        return this.float(v, verb, this.f.precPresent ? this.f.prec : 6);
      case 'F':
        return this.float(v, 'f', this.f.precPresent ? this.f.prec : 6);
      default:
        this.badVerb(verb, v);
    }
  }

  private float(v: number, verb: string, prec: number): void {
    let num = formatFloat(v, verb, prec);
    num = num[0] === '-' || num[0] === '+' ? num : '+' + num;
    if (this.f.space && num[0] === '+' && !this.f.plus) num = ' ' + num.slice(1);
    if (num[1] === 'I' || num[1] === 'N') {
      if (num[1] === 'N' && !this.f.space && !this.f.plus) num = num.slice(1);
      this.padSpaces(num);
      return;
    }
    if (this.f.plus || num[0] !== '+') {
      if (this.f.zero && !this.f.minus && this.f.widPresent && this.f.wid > num.length) {
        this.out += num[0] + '0'.repeat(this.f.wid - num.length) + num.slice(1);
        return;
      }
      this.pad(num);
      return;
    }
    this.pad(num.slice(1));
  }

  // -- strings (format.go fmtS, fmtSbx, fmtQ) --------------------------------

  private fmtString(s: string, verb: string, arg: unknown): void {
    switch (verb) {
      case 'v':
        return this.f.sharpV ? this.fmtQ(s) : this.fmtS(s);
      case 's':
        return this.fmtS(s);
      case 'x':
        return this.fmtSx(s, false);
      case 'X':
        return this.fmtSx(s, true);
      case 'q':
        return this.fmtQ(s);
      default:
        this.badVerb(verb, arg);
    }
  }

  private truncate(s: string): string {
    return this.f.precPresent ? Array.from(s).slice(0, this.f.prec).join('') : s;
  }

  private fmtS(s: string): void {
    this.pad(this.truncate(s));
  }

  private fmtSx(s: string, upper: boolean): void {
    let bytes = utf8Bytes(s);
    if (this.f.precPresent && this.f.prec < bytes.length) bytes = bytes.slice(0, this.f.prec);
    if (bytes.length === 0) {
      if (this.f.widPresent) this.out += this.padding(this.f.wid);
      return;
    }
    const x = upper ? '0X' : '0x';
    let body = this.f.sharp && !this.f.space ? x : '';
    bytes.forEach((b, i) => {
      if (this.f.space && i > 0) body += ' ';
      if (this.f.space && this.f.sharp) body += x;
      const h = b.toString(16).padStart(2, '0');
      body += upper ? h.toUpperCase() : h;
    });
    if (!this.f.widPresent || this.f.wid <= body.length) this.out += body;
    else if (this.f.minus) this.out += body + ' '.repeat(this.f.wid - body.length);
    else this.out += this.padding(this.f.wid - body.length) + body;
  }

  private fmtQ(s: string): void {
    s = this.truncate(s);
    if (this.f.sharp && canBackquote(s)) this.pad('`' + s + '`');
    else this.pad(this.f.plus ? quoteASCII(s) : goQuote(s));
  }
}

/** A Go int as a rune: invalid code points become U+FFFD (fmtC). */
function runeOf(v: number): string {
  return v < 0 || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff) ? '\uFFFD' : String.fromCodePoint(v);
}

/** strconv.QuoteRune / QuoteRuneToASCII. */
function quoteRune(ch: string, ascii: boolean): string {
  if (ch === "'") return "'\\''";
  if (ch === '"') return `'"'`;
  const q = ascii ? quoteASCII(ch) : goQuote(ch);
  return `'${q.slice(1, -1)}'`;
}

/** strconv.QuoteToASCII: strconv.Quote with every non-ASCII rune escaped. */
function quoteASCII(s: string): string {
  return goQuote(s).replace(/[^\x00-\x7f]/gu, (ch) => {
    const c = ch.codePointAt(0) as number;
    return c < 0x10000 ? '\\u' + c.toString(16).padStart(4, '0') : '\\U' + c.toString(16).padStart(8, '0');
  });
}

/** strconv.CanBackquote: no control characters (tab allowed), no backquote, no U+FEFF. */
function canBackquote(s: string): boolean {
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if ((c < 0x20 && ch !== '\t') || c === 0x7f || ch === '`' || c === 0xfeff || (c >= 0xd800 && c <= 0xdfff)) return false;
  }
  return true;
}

/** Decimal digits of |x| rounded to n significant digits (ties to even), n may be <= 0. */
function digitsOf(x: number, n: number): { d: string; dp: number } {
  const v = decimalDigits(x);
  if (n > 0) return roundDigits(v, n);
  if (n < 0) return { d: '0', dp: v.dp };
  // Rounding to no digit at all: 0.d x 10^dp becomes 1 x 10^dp or 0 (a tie goes to the even 0).
  const up = v.d.charCodeAt(0) - 48 > 5 || (v.d[0] === '5' && /[1-9]/.test(v.d.slice(1)));
  return up ? { d: '1', dp: v.dp + 1 } : { d: '0', dp: v.dp };
}

const exponent = (e: number): string => (e < 0 ? '-' : '+') + String(Math.abs(e)).padStart(2, '0');

/** strconv.FormatFloat(v, verb, prec, 64); prec -1 is the shortest exact form. */
export function formatFloat(v: number, verb: string, prec: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  const sign = v < 0 || Object.is(v, -0) ? '-' : '';
  const x = Math.abs(v);
  const upper = verb === 'E' || verb === 'G';
  const e = upper ? 'E' : 'e';
  // Shortest digits that round-trip (JS and Go agree on these).
  const shortest = (): { d: string; dp: number } => {
    if (x === 0) return { d: '0', dp: 1 };
    const [m, ex] = x.toExponential().split('e');
    return { d: m.replace('.', ''), dp: Number(ex) + 1 };
  };
  const lower = verb.toLowerCase();
  if (lower === 'e') {
    const { d, dp } = x === 0 ? { d: '0', dp: 1 } : prec < 0 ? shortest() : digitsOf(x, prec + 1);
    const digits = prec < 0 ? d : d.padEnd(prec + 1, '0');
    return `${sign}${digits[0]}${digits.length > 1 ? '.' + digits.slice(1) : ''}${e}${exponent(dp - 1)}`;
  }
  if (lower === 'f') {
    if (prec < 0) {
      const { d, dp } = shortest();
      return sign + fixed(d, dp, Math.max(d.length - dp, 0));
    }
    if (x === 0) return sign + fixed('0', 1, prec);
    const { d, dp } = digitsOf(x, decimalDigits(x).dp + prec);
    return sign + fixed(d, dp, prec);
  }
  // %g: %e when the exponent is < -4 or >= the precision (6 when shortest).
  let { d, dp } = prec < 0 ? shortest() : x === 0 ? { d: '0', dp: 1 } : digitsOf(x, prec === 0 ? 1 : prec);
  d = d.replace(/0+$/, '') || '0';
  const eprec = prec < 0 ? 6 : prec === 0 ? 1 : prec;
  const exp = x === 0 ? 0 : dp - 1;
  if (exp < -4 || exp >= eprec) return `${sign}${d[0]}${d.length > 1 ? '.' + d.slice(1) : ''}${e}${exponent(exp)}`;
  return sign + fixed(d, x === 0 ? 1 : dp, Math.max(d.length - dp, 0));
}

/** Digits 0.d x 10^dp written with exactly `frac` digits after the point. */
function fixed(d: string, dp: number, frac: number): string {
  const int = dp > 0 ? d.slice(0, dp).padEnd(dp, '0') : '0';
  const fr = (dp < 0 ? '0'.repeat(-dp) + d : d.slice(Math.max(dp, 0))).padEnd(frac, '0').slice(0, frac);
  return frac > 0 ? `${int}.${fr}` : int;
}

/** fmt's parsenum: digits from i; null when absent or too large. */
function parseNum(s: string, i: number, end: number): { num: number; ok: boolean; i: number } {
  let num = 0;
  let ok = false;
  let j = i;
  for (; j < end && s[j] >= '0' && s[j] <= '9'; j++) {
    if (num > TOO_LARGE) return { num: 0, ok: false, i: end };
    num = num * 10 + (s.charCodeAt(j) - 48);
    ok = true;
  }
  return { num, ok, i: j };
}

/** Go fmt.Sprintf(format, args...). */
export function sprintf(format: string, args: readonly unknown[], model: GoValueModel): string {
  const p = new Printer(model);
  const end = format.length;
  let argNum = 0;
  let afterIndex = false;
  let reordered = false;
  let goodArgNum = true;

  // print.go argNumber: an explicit [n] index.
  const argNumber = (i: number): { i: number; found: boolean } => {
    if (i >= end || format[i] !== '[') return { i, found: false };
    reordered = true;
    let close = -1;
    if (end - i >= 3) for (let j = i + 1; j < end; j++) if (format[j] === ']') { close = j; break; }
    if (close < 0) {
      goodArgNum = false;
      return { i: i + 1, found: false };
    }
    const n = parseNum(format, i + 1, close);
    if (!n.ok || n.i !== close) {
      goodArgNum = false;
      return { i: close + 1, found: false };
    }
    if (n.num - 1 >= 0 && n.num - 1 < args.length) {
      argNum = n.num - 1;
      return { i: close + 1, found: true };
    }
    goodArgNum = false;
    return { i: close + 1, found: true };
  };
  const intFromArg = (): { num: number; ok: boolean } => {
    if (argNum >= args.length) return { num: 0, ok: false };
    const a = args[argNum++];
    if (!isInt(a) || Math.abs(a) > TOO_LARGE) return { num: 0, ok: false };
    return { num: a, ok: true };
  };

  let i = 0;
  while (i < end) {
    goodArgNum = true;
    const pct = format.indexOf('%', i);
    if (pct < 0) {
      p.out += format.slice(i);
      break;
    }
    p.out += format.slice(i, pct);
    i = pct + 1;
    const f = (p.f = noFlags());
    for (; i < end; i++) {
      const c = format[i];
      if (c === '#') f.sharp = true;
      else if (c === '0') f.zero = !f.minus; // zero padding only to the left
      else if (c === '+') f.plus = true;
      else if (c === '-') {
        f.minus = true;
        f.zero = false;
      } else if (c === ' ') f.space = true;
      else break;
    }
    ({ i, found: afterIndex } = argNumber(i));
    if (i < end && format[i] === '*') {
      i++;
      const w = intFromArg();
      f.wid = w.num;
      f.widPresent = w.ok;
      if (!w.ok) p.out += '%!(BADWIDTH)';
      if (f.wid < 0) {
        f.wid = -f.wid;
        f.minus = true;
        f.zero = false;
      }
      afterIndex = false;
    } else {
      const w = parseNum(format, i, end);
      f.wid = w.num;
      f.widPresent = w.ok;
      i = w.i;
      if (afterIndex && f.widPresent) goodArgNum = false; // "%[3]2d"
    }
    if (i + 1 < end && format[i] === '.') {
      i++;
      if (afterIndex) goodArgNum = false;
      ({ i, found: afterIndex } = argNumber(i));
      if (i < end && format[i] === '*') {
        i++;
        const pr = intFromArg();
        f.prec = pr.num;
        f.precPresent = pr.ok;
        if (f.prec < 0) {
          f.prec = 0;
          f.precPresent = false;
        }
        if (!pr.ok) p.out += '%!(BADPREC)';
        afterIndex = false;
      } else {
        const pr = parseNum(format, i, end);
        i = pr.i;
        f.prec = pr.ok ? pr.num : 0;
        f.precPresent = true;
      }
    }
    if (!afterIndex) ({ i, found: afterIndex } = argNumber(i));
    if (i >= end) {
      p.out += '%!(NOVERB)';
      break;
    }
    const verb = String.fromCodePoint(format.codePointAt(i) as number);
    i += verb.length;
    if (verb === '%') p.out += '%';
    else if (!goodArgNum) p.out += `%!${verb}(BADINDEX)`;
    else if (argNum >= args.length) p.out += `%!${verb}(MISSING)`;
    else {
      if (verb === 'v') {
        f.sharpV = f.sharp;
        f.sharp = false;
        f.plusV = f.plus;
        f.plus = false;
      }
      p.printArg(args[argNum++], verb);
    }
  }
  if (!reordered && argNum < args.length) {
    p.f = noFlags();
    p.out += '%!(EXTRA ';
    args.slice(argNum).forEach((a, k) => {
      if (k > 0) p.out += ', ';
      if (a === null || a === undefined) p.out += '<nil>';
      else {
        p.out += model.typeName(a) + '=';
        p.printArg(a, 'v');
      }
    });
    p.out += ')';
  }
  return p.out;
}
