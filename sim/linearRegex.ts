/**
 * The matcher of `(re)` expected-output lines and of docker's regular
 * expression filters (`--filter name=...`, which Go matches with RE2): JavaScript's regular
 * expression syntax (no flags) for whole-line matches, run as a Thompson
 * automaton so that matching takes time linear in the line whatever the
 * pattern (`(a+)+b` against 30 `a`s backtracks for minutes in V8). Only a
 * yes/no answer is needed, so greedy and lazy quantifiers are the same here,
 * and the features no automaton can run in linear time (backreferences,
 * lookaround) are refused where the pattern is parsed, with the column of
 * the construct.
 */

export const REGEX_LIMITS = {
  /** Characters of one pattern. */
  maxLength: 1000,
  /** Automaton states once counted repetitions are expanded (`(x{100}){100}` is 10,000). */
  maxStates: 5000,
  /** Nested groups. */
  maxDepth: 50,
} as const;

/** A pattern the matcher cannot take: `index` is 0-based in the pattern. */
export class PatternError extends Error {
  constructor(
    readonly index: number,
    message: string,
  ) {
    super(message);
  }
}

/** What the scenario format promises about a compiled `(re)` line; RegExp has the same shape. */
export interface LinePattern {
  /** `^(?:PATTERN)$`, as a RegExp of the same line would show. */
  readonly source: string;
  test(line: string): boolean;
}

type Ranges = readonly (readonly [number, number])[];
type Assertion = 'start' | 'end' | 'word' | 'nonword';
type Ast =
  | { t: 'set'; ranges: Ranges; negate: boolean }
  | { t: 'assert'; kind: Assertion }
  | { t: 'cat'; items: Ast[] }
  | { t: 'alt'; items: Ast[] }
  | { t: 'rep'; item: Ast; min: number; max: number; at: number };

const DIGIT: Ranges = [[48, 57]];
const WORD: Ranges = [[48, 57], [65, 90], [95, 95], [97, 122]];
// ECMAScript WhiteSpace and LineTerminator.
const SPACE: Ranges = [[9, 13], [32, 32], [160, 160], [5760, 5760], [8192, 8202], [8232, 8233], [8239, 8239], [8287, 8287], [12288, 12288], [65279, 65279]];
const LINE_TERMINATORS: Ranges = [[10, 10], [13, 13], [8232, 8233]];
const MAX_CODE_UNIT = 0xffff;

function complement(r: Ranges): Ranges {
  const sorted = [...r].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  let next = 0;
  for (const [lo, hi] of sorted) {
    if (lo > next) out.push([next, lo - 1]);
    next = Math.max(next, hi + 1);
  }
  if (next <= MAX_CODE_UNIT) out.push([next, MAX_CODE_UNIT]);
  return out;
}

class PatternParser {
  private i = 0;
  private depth = 0;
  constructor(private readonly p: string) {}

  parse(): Ast {
    const ast = this.alternation();
    if (this.i < this.p.length) throw new PatternError(this.i, `unmatched ")"`);
    return ast;
  }

  private alternation(): Ast {
    const items = [this.sequence()];
    while (this.p[this.i] === '|') {
      this.i++;
      items.push(this.sequence());
    }
    return items.length === 1 ? items[0] : { t: 'alt', items };
  }

  private sequence(): Ast {
    const items: Ast[] = [];
    while (this.i < this.p.length && this.p[this.i] !== '|' && this.p[this.i] !== ')') {
      const at = this.i;
      let atom = this.atom();
      for (;;) {
        const q = this.quantifier();
        if (!q) break;
        atom = { t: 'rep', item: atom, min: q.min, max: q.max, at };
      }
      items.push(atom);
    }
    return items.length === 1 ? items[0] : { t: 'cat', items };
  }

  private quantifier(): { min: number; max: number } | null {
    const c = this.p[this.i];
    let q: { min: number; max: number } | null = null;
    if (c === '*') q = { min: 0, max: Infinity };
    else if (c === '+') q = { min: 1, max: Infinity };
    else if (c === '?') q = { min: 0, max: 1 };
    if (q) this.i++;
    else if (c === '{') {
      // Annex B: a "{" that does not make a quantifier is a literal.
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.p.slice(this.i, this.i + 24));
      if (!m) return null;
      const min = Number(m[1]);
      const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      // Checked before expanding: a count of 10^20 would otherwise be a loop of 10^20 steps.
      if (Math.max(min, max === Infinity ? 0 : max) > REGEX_LIMITS.maxStates) {
        throw new PatternError(this.i, `counted repetition above ${REGEX_LIMITS.maxStates.toLocaleString('en')}`);
      }
      this.i += m[0].length;
      q = { min, max };
    } else return null;
    if (this.p[this.i] === '?') this.i++; // lazy: the same yes/no
    return q;
  }

  private atom(): Ast {
    const at = this.i;
    const c = this.p[this.i++];
    switch (c) {
      case '.':
        return { t: 'set', ranges: LINE_TERMINATORS, negate: true };
      case '^':
        return { t: 'assert', kind: 'start' };
      case '$':
        return { t: 'assert', kind: 'end' };
      case '[':
        return this.charClass();
      case '\\':
        return this.escape(at, false);
      case '(': {
        if (this.p.startsWith('?=', this.i) || this.p.startsWith('?!', this.i) || this.p.startsWith('?<=', this.i) || this.p.startsWith('?<!', this.i)) {
          throw new PatternError(at, 'lookahead and lookbehind are not supported in (re) lines (matching must stay linear in the line)');
        }
        if (this.p.startsWith('?:', this.i)) this.i += 2;
        else if (this.p.startsWith('?<', this.i)) this.i = this.p.indexOf('>', this.i) + 1;
        if (++this.depth > REGEX_LIMITS.maxDepth) throw new PatternError(at, `groups nest deeper than ${REGEX_LIMITS.maxDepth}`);
        const inner = this.alternation();
        this.depth--;
        if (this.p[this.i] !== ')') throw new PatternError(at, 'unterminated group');
        this.i++;
        return inner;
      }
      default:
        return { t: 'set', ranges: [[c.charCodeAt(0), c.charCodeAt(0)]], negate: false };
    }
  }

  /** After a backslash; inClass: inside [...], where \b is a backspace. */
  private escape(at: number, inClass: boolean): Ast {
    const c = this.p[this.i++];
    const lit = (code: number): Ast => ({ t: 'set', ranges: [[code, code]], negate: false });
    switch (c) {
      case 'd':
        return { t: 'set', ranges: DIGIT, negate: false };
      case 'D':
        return { t: 'set', ranges: DIGIT, negate: true };
      case 'w':
        return { t: 'set', ranges: WORD, negate: false };
      case 'W':
        return { t: 'set', ranges: WORD, negate: true };
      case 's':
        return { t: 'set', ranges: SPACE, negate: false };
      case 'S':
        return { t: 'set', ranges: SPACE, negate: true };
      case 'b':
        return inClass ? lit(8) : { t: 'assert', kind: 'word' };
      case 'B':
        return inClass ? lit(0x42) : { t: 'assert', kind: 'nonword' };
      case 't':
        return lit(9);
      case 'n':
        return lit(10);
      case 'v':
        return lit(11);
      case 'f':
        return lit(12);
      case 'r':
        return lit(13);
      case '0':
        return lit(0);
      case 'x':
      case 'u': {
        const n = c === 'x' ? 2 : 4;
        const hex = this.p.slice(this.i, this.i + n);
        if (hex.length === n && /^[0-9a-fA-F]+$/.test(hex)) {
          this.i += n;
          return lit(parseInt(hex, 16));
        }
        return lit(c.charCodeAt(0));
      }
      case 'c': {
        const l = this.p[this.i];
        if (l && /[A-Za-z]/.test(l)) {
          this.i++;
          return lit(l.charCodeAt(0) % 32);
        }
        this.i--; // "\c" not followed by a letter is a backslash then "c"
        return lit(0x5c);
      }
      default:
        if (c === undefined) throw new PatternError(at, '\\ at end of pattern');
        if (/[1-9]/.test(c) || (c === 'k' && this.p[this.i] === '<')) {
          if (inClass) return lit(c.charCodeAt(0));
          throw new PatternError(at, 'backreferences are not supported in (re) lines (matching must stay linear in the line)');
        }
        return lit(c.charCodeAt(0));
    }
  }

  private charClass(): Ast {
    const at = this.i - 1;
    let negate = false;
    if (this.p[this.i] === '^') {
      negate = true;
      this.i++;
    }
    const ranges: (readonly [number, number])[] = [];
    /** One class atom: a code unit, or a whole set (\d) that cannot end a range. */
    const classAtom = (): number | Ranges => {
      const c = this.p[this.i++];
      if (c !== '\\') return c.charCodeAt(0);
      const kind = this.p[this.i];
      const e = this.escape(this.i - 1, true);
      if (e.t !== 'set') return 0x5c;
      if ('dDwWsS'.includes(kind)) return e.negate ? complement(e.ranges) : e.ranges;
      return e.ranges[0][0];
    };
    while (this.i < this.p.length && this.p[this.i] !== ']') {
      const lo = classAtom();
      if (typeof lo === 'number' && this.p[this.i] === '-' && this.i + 1 < this.p.length && this.p[this.i + 1] !== ']') {
        this.i++;
        const hi = classAtom();
        if (typeof hi === 'number') {
          if (hi < lo) throw new PatternError(at, 'range out of order in character class');
          ranges.push([lo, hi]);
          continue;
        }
        // Annex B: [a-\d] is "a", "-" and the digits.
        ranges.push([lo, lo], [45, 45], ...hi);
        continue;
      }
      if (typeof lo === 'number') ranges.push([lo, lo]);
      else ranges.push(...lo);
    }
    if (this.p[this.i] !== ']') throw new PatternError(at, 'unterminated character class');
    this.i++;
    return { t: 'set', ranges, negate };
  }
}

// --- the automaton: states in an array; -1 is "no state"

type State =
  | { k: 'set'; ranges: Ranges; negate: boolean; out: number }
  | { k: 'split'; a: number; b: number }
  | { k: 'assert'; kind: Assertion; out: number }
  | { k: 'match' };

class Builder {
  readonly states: State[] = [];
  constructor(private readonly pattern: string) {}

  private add(s: State, at: number): number {
    if (this.states.length >= REGEX_LIMITS.maxStates) {
      throw new PatternError(at, `pattern is too large: it needs more than ${REGEX_LIMITS.maxStates.toLocaleString('en')} states (a long pattern or large counted repetitions)`);
    }
    this.states.push(s);
    return this.states.length - 1;
  }

  /** Builds `ast` so that it continues at `next`; returns its entry state. */
  build(ast: Ast, next: number, at = 0): number {
    switch (ast.t) {
      case 'set':
        return this.add({ k: 'set', ranges: ast.ranges, negate: ast.negate, out: next }, at);
      case 'assert':
        return this.add({ k: 'assert', kind: ast.kind, out: next }, at);
      case 'cat': {
        let entry = next;
        for (let k = ast.items.length - 1; k >= 0; k--) entry = this.build(ast.items[k], entry, at);
        return entry;
      }
      case 'alt': {
        let entry = this.build(ast.items[ast.items.length - 1], next, at);
        for (let k = ast.items.length - 2; k >= 0; k--) entry = this.add({ k: 'split', a: this.build(ast.items[k], next, at), b: entry }, at);
        return entry;
      }
      case 'rep': {
        let entry = next;
        if (ast.max === Infinity) {
          // A loop: split -> item -> back to split, or on to next.
          const loop = this.add({ k: 'split', a: -1, b: next }, ast.at);
          (this.states[loop] as { a: number }).a = this.build(ast.item, loop, ast.at);
          entry = loop;
        } else {
          for (let k = ast.min; k < ast.max; k++) entry = this.add({ k: 'split', a: this.build(ast.item, entry, ast.at), b: next }, ast.at);
        }
        for (let k = 0; k < ast.min; k++) entry = this.build(ast.item, entry, ast.at);
        return entry;
      }
    }
  }
}

const isWord = (s: string, k: number): boolean => {
  if (k < 0 || k >= s.length) return false;
  const c = s.charCodeAt(k);
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || c === 95 || (c >= 97 && c <= 122);
};

function inRanges(ranges: Ranges, c: number): boolean {
  for (const [lo, hi] of ranges) if (c >= lo && c <= hi) return true;
  return false;
}

class LinearRegex implements LinePattern {
  readonly source: string;
  private readonly start: number;
  private readonly states: State[];
  /** Generation marks: a state is in the current set when its mark is the step number. */
  private readonly marks: Int32Array;

  constructor(pattern: string) {
    this.source = `^(?:${pattern})$`;
    const ast = new PatternParser(pattern).parse();
    const b = new Builder(pattern);
    const match = b.states.push({ k: 'match' }) - 1;
    this.start = b.build(ast, match);
    this.states = b.states;
    this.marks = new Int32Array(this.states.length);
  }

  /** Whole-line match in O(line length × states). */
  test(line: string): boolean {
    this.marks.fill(-1);
    let current: number[] = [];
    let gen = 0;
    this.close(this.start, line, 0, current, gen);
    for (let pos = 0; pos < line.length && current.length > 0; pos++) {
      const c = line.charCodeAt(pos);
      const next: number[] = [];
      gen++;
      for (const s of current) {
        const st = this.states[s];
        if (st.k === 'set' && inRanges(st.ranges, c) !== st.negate) this.close(st.out, line, pos + 1, next, gen);
      }
      current = next;
    }
    return current.some((s) => this.states[s].k === 'match');
  }

  /** Adds `s` and every state reachable from it without reading a character (explicit stack: no recursion). */
  private close(s: number, line: string, pos: number, into: number[], gen: number): void {
    const stack = [s];
    while (stack.length > 0) {
      const i = stack.pop()!;
      if (i < 0 || this.marks[i] === gen) continue;
      this.marks[i] = gen;
      const st = this.states[i];
      if (st.k === 'split') stack.push(st.b, st.a);
      else if (st.k === 'assert') {
        const ok =
          st.kind === 'start' ? pos === 0
          : st.kind === 'end' ? pos === line.length
          : st.kind === 'word' ? isWord(line, pos - 1) !== isWord(line, pos)
          : isWord(line, pos - 1) === isWord(line, pos);
        if (ok) stack.push(st.out);
      } else into.push(i);
    }
  }
}

/**
 * Compiles the pattern of a `(re)` line (already known to be a valid
 * JavaScript regular expression) for whole-line matching, or throws a
 * PatternError for a pattern too long, too large or using what a linear
 * matcher cannot do.
 */
export function compileLinePattern(pattern: string): LinePattern {
  if (pattern.length > REGEX_LIMITS.maxLength) {
    throw new PatternError(REGEX_LIMITS.maxLength, `pattern is longer than ${REGEX_LIMITS.maxLength.toLocaleString('en')} characters`);
  }
  return new LinearRegex(pattern);
}

/**
 * An unanchored search for `pattern` (Go's regexp.MatchString, linear time
 * like RE2), or null when the pattern does not compile (is not valid
 * JavaScript syntax, or uses what RE2 refuses too, or passes the limits).
 */
export function searchPattern(pattern: string): LinePattern | null {
  if (pattern.length > REGEX_LIMITS.maxLength) return null;
  try {
    new RegExp(pattern); // the syntax check only: nothing is matched with it
    return compileLinePattern(`[^]*(?:${pattern})[^]*`);
  } catch {
    return null;
  }
}
