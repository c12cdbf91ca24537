/**
 * Small text primitives the docker CLI uses to print values, each mirroring one
 * upstream Go function so that the simulated output is byte-identical.
 *
 * Widths: docker measures display width (docker/cli formatter.charWidth gives
 * East Asian wide runes 2 columns). The simulator only ever prints text whose
 * runes are one column wide, so widths here are counted in Unicode code points
 * ('…' is 1, not its 3 UTF-8 bytes).
 *
 * Pure: no DOM, no Node, no clock, no randomness.
 */

/** Number of Unicode code points in `s` (Go: utf8.RuneCountInString). */
export function runeCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** UTF-8 encoding of `s` (Go strings are UTF-8 bytes; len(s) counts them). */
export function utf8Bytes(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 0x3f), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
  }
  return out;
}

/** Go's len(s): the UTF-8 byte length. */
export function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

/**
 * Go's s[:n] on a string: the first n UTF-8 bytes. A rune cut in half cannot be
 * represented in a JS string; it becomes U+FFFD, which is what a terminal shows.
 */
export function utf8Prefix(s: string, n: number): string {
  let out = '';
  let used = 0;
  for (const ch of s) {
    const size = utf8Length(ch);
    if (used + size > n) return used < n ? out + '\uFFFD' : out;
    out += ch;
    used += size;
  }
  return out;
}

/**
 * docker/cli cli/command/formatter/displayutils.go Ellipsis: fit `s` into
 * `maxDisplayWidth` columns, keeping maxDisplayWidth-1 runes and appending '…'.
 * Width 1 returns the first rune without ellipsis; width <= 0 returns "".
 */
export function ellipsis(s: string, maxDisplayWidth: number): string {
  if (maxDisplayWidth <= 0) return '';
  const runes = Array.from(s);
  // Go indexes rs[0] here and would panic on ""; an empty string is kinder.
  if (maxDisplayWidth === 1) return runes[0] ?? '';
  if (runes.length <= maxDisplayWidth) return s;
  return runes.slice(0, maxDisplayWidth - 1).join('') + '…';
}

/**
 * moby client/pkg/stringid TruncateID: drop an "algo:" prefix (sha256:...),
 * then keep the first 12 characters.
 */
export function truncateID(id: string): string {
  const colon = id.indexOf(':');
  const bare = colon >= 0 ? id.slice(colon + 1) : id;
  return bare.length > 12 ? bare.slice(0, 12) : bare;
}

/**
 * docker/go-units duration.go HumanDuration, for a duration in milliseconds.
 * Thresholds are go-units' own: whole seconds are truncated, hours are rounded
 * (+0.5) before the "About an hour" / "N hours" / days / weeks / months tests,
 * and years use the truncated hour count.
 */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.trunc(ms / 60_000);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const exactHours = ms / 3_600_000;
  const hours = Math.trunc(exactHours + 0.5);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.trunc(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.trunc(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24 / 30)} months`;
  return `${Math.trunc(Math.trunc(exactHours) / 24 / 365)} years`;
}

/**
 * docker/cli formatter.capitalizeFirst (used by PrettyPrint for states):
 * "running" -> "Running", "RUNNING" -> "Running". Note the upstream quirk: a
 * one-character string is lower-cased, not capitalised.
 */
export function capitalizeFirst(s: string): string {
  if (s.length === 0) return s;
  if (s.length === 1) return s.toLowerCase();
  return s[0].toUpperCase() + s.slice(1).toLowerCase();
}

/** docker/cli formatter.PrettyPrint: nil prints "None", strings are capitalised. */
export function prettyPrint(v: string | null | undefined): string {
  return v == null ? 'None' : capitalizeFirst(v);
}

/** Go unicode.IsPrint: letters, marks, numbers, punctuation, symbols and ASCII space. */
export function isGoPrint(ch: string): boolean {
  return ch === ' ' || /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(ch);
}

const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0');

/** Go strconv.Quote: double-quoted, Go escapes, non-printable runes as \x/\u/\U. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (isGoPrint(ch)) out += ch;
    else if (ch === '\x07') out += '\\a';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\v') out += '\\v';
    else if (c < 0x20 || c === 0x7f) out += '\\x' + hex(c, 2);
    else if (c >= 0xd800 && c <= 0xdfff) out += '\\ufffd'; // lone surrogate = invalid UTF-8 in Go
    else if (c < 0x10000) out += '\\u' + hex(c, 4);
    else out += '\\U' + hex(c, 8);
  }
  return out + '"';
}

/**
 * docker/cli cli/command/formatter/container.go (*ContainerContext).Command:
 * strconv.Quote(Ellipsis(command, 20)) when truncating; `maxWidth: null`
 * (--no-trunc) quotes the whole command. The width applies before quoting, so
 * the printed cell is up to 22 columns: `"/docker-entrypoint.…"`.
 */
export function quoteCommand(cmd: string, maxWidth: number | null = 20): string {
  return goQuote(maxWidth === null ? cmd : ellipsis(cmd, maxWidth));
}

// ---------------------------------------------------------------------------
// Sizes (docker/go-units size.go)

/**
 * Exact decimal digits of a positive finite double: value = 0.d × 10^dp.
 * toFixed(100) is exact for the magnitudes printed here (sizes < 1e21).
 */
export function decimalDigits(x: number): { d: string; dp: number } {
  if (x >= 1e21) {
    const [m, e] = x.toExponential().split('e');
    return { d: m.replace('.', ''), dp: Number(e) + 1 };
  }
  const [ip, fp] = x.toFixed(100).split('.');
  let d = (ip === '0' ? '' : ip) + fp;
  let dp = ip === '0' ? 0 : ip.length;
  const lead = d.length - d.replace(/^0+/, '').length;
  d = d.slice(lead).replace(/0+$/, '');
  dp -= lead;
  return { d, dp };
}

/** Round to `n` significant digits, ties to even (Go strconv on the exact value). */
export function roundDigits(v: { d: string; dp: number }, n: number): { d: string; dp: number } {
  if (v.d.length <= n) return v;
  const next = v.d.charCodeAt(n) - 48;
  const rest = v.d.slice(n + 1);
  const up =
    next > 5 || (next === 5 && (/[1-9]/.test(rest) || (v.d.charCodeAt(n - 1) - 48) % 2 === 1));
  let d = v.d.slice(0, n);
  let dp = v.dp;
  if (up) {
    const digits = d.split('').map(Number);
    let i = digits.length - 1;
    while (i >= 0 && digits[i] === 9) digits[i--] = 0;
    if (i < 0) {
      digits.unshift(1);
      digits.pop();
      dp++;
    } else digits[i]++;
    d = digits.join('');
  }
  return { d: d.replace(/0+$/, '') || '0', dp };
}

/** Go fmt "%.<prec>g" for a finite float64 (no '#' flag, so trailing zeros go). */
export function formatG(x: number, prec: number): string {
  if (x === 0) return '0';
  const sign = x < 0 ? '-' : '';
  const { d, dp } = roundDigits(decimalDigits(Math.abs(x)), Math.max(prec, 1));
  const exp = dp - 1;
  if (exp < -4 || exp >= prec) {
    const mant = d.length > 1 ? `${d[0]}.${d.slice(1)}` : d;
    const e = Math.abs(exp);
    return `${sign}${mant}e${exp < 0 ? '-' : '+'}${e < 10 ? '0' : ''}${e}`;
  }
  if (dp <= 0) return `${sign}0.${'0'.repeat(-dp)}${d}`;
  if (d.length <= dp) return sign + d + '0'.repeat(dp - d.length);
  return `${sign}${d.slice(0, dp)}.${d.slice(dp)}`;
}

const DECIMAL_ABBRS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];
const BINARY_ABBRS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB'];

function sizeAndUnit(size: number, base: number, abbrs: string[]): [number, string] {
  let i = 0;
  while (size >= base && i < abbrs.length - 1) {
    size /= base;
    i++;
  }
  return [size, abbrs[i]];
}

/**
 * go-units BytesSize ("%.4g%s", base 1024): what `docker node inspect --pretty`
 * prints for Memory, e.g. 2147483648 -> "2GiB", 1610612736 -> "1.5GiB".
 */
export function bytesSize(bytes: number): string {
  const [size, unit] = sizeAndUnit(bytes, 1024, BINARY_ABBRS);
  return formatG(size, 4) + unit;
}

/** go-units HumanSize ("%.4g%s", base 1000), e.g. 2746000 -> "2.746MB". */
export function humanSize(bytes: number): string {
  return humanSizeWithPrecision(bytes, 4);
}

/** go-units HumanSizeWithPrecision ("%.*g%s", base 1000). */
export function humanSizeWithPrecision(bytes: number, precision: number): string {
  const [size, unit] = sizeAndUnit(bytes, 1000, DECIMAL_ABBRS);
  return formatG(size, precision) + unit;
}

// ---------------------------------------------------------------------------
// Parsing (flag values)

/** A parse failure whose message is the exact Go error text. */
export class GoParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GoParseError';
  }
}

const DECIMAL_FLOAT = /^[+-]?(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d+)?$/;
const HEX_FLOAT = /^([+-]?)0[xX]([\da-fA-F_]*)(?:\.([\da-fA-F_]*))?[pP]([+-]?\d+)$/;

/**
 * Go strconv.ParseFloat: decimal or hex-float syntax, "inf"/"infinity"/"nan",
 * '_' only between digits. Errors use Go's text.
 */
function parseGoFloat(s: string): number {
  const fail = (why: string): GoParseError => new GoParseError(`strconv.ParseFloat: parsing ${goQuote(s)}: ${why}`);
  if (/^[+-]?(inf|infinity)$/i.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?nan$/i.test(s)) return NaN;
  const hexm = HEX_FLOAT.exec(s);
  if ((!DECIMAL_FLOAT.test(s) && !hexm) || /(^|[^\da-fA-FxX])_|_($|[^\da-fA-F])/.test(s)) {
    throw fail('invalid syntax');
  }
  const clean = s.replace(/_/g, '');
  let v: number;
  if (hexm) {
    const frac = (hexm[3] ?? '').replace(/_/g, '');
    const mant = parseInt((hexm[2].replace(/_/g, '') || '0') + frac, 16) / 16 ** frac.length;
    v = (hexm[1] === '-' ? -1 : 1) * mant * 2 ** Number(hexm[4]);
  } else v = Number(clean);
  if (!Number.isFinite(v)) throw fail('value out of range');
  return v;
}

const BINARY_MULT: Record<string, number> = { k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };

/**
 * docker/go-units size.go RAMInBytes (what --limit-memory / --reserve-memory
 * accept): "512m", "2g", "2GiB", "1.5GB" (binary multipliers whatever the
 * spelling), plain bytes, optional single space before the suffix.
 */
export function parseBytes(sizeStr: string): number {
  let num: string;
  let sfx: string;
  const space = sizeStr.indexOf(' ');
  if (space >= 0) {
    num = sizeStr.slice(0, space);
    sfx = sizeStr.slice(space + 1);
  } else {
    // Go: strings.LastIndexAny(sizeStr, "01234567890.")
    let sep = -1;
    for (let i = sizeStr.length - 1; i >= 0; i--) {
      if (/[0-9.]/.test(sizeStr[i])) {
        sep = i;
        break;
      }
    }
    if (sep === -1) throw new GoParseError(`invalid size: '${sizeStr}'`);
    num = sizeStr.slice(0, sep + 1);
    sfx = sizeStr.slice(sep + 1);
  }
  let size = parseGoFloat(num);
  if (size < 0) throw new GoParseError(`invalid size: '${sizeStr}'`);
  if (sfx.length === 0) return Math.trunc(size);
  const badSuffix = (): GoParseError => new GoParseError(`invalid suffix: '${sfx}'`);
  if (utf8Length(sfx) > 3) throw badSuffix();
  sfx = sfx.toLowerCase();
  if (sfx[0] === 'b') {
    if (sfx.length > 1) throw badSuffix();
    return Math.trunc(size);
  }
  const mul = BINARY_MULT[sfx[0]];
  if (mul === undefined) throw badSuffix();
  size *= mul;
  if ((sfx.length === 2 && sfx[1] !== 'b') || (sfx.length === 3 && sfx.slice(1) !== 'ib')) throw badSuffix();
  return Math.trunc(size);
}

/** Go time.quote: ASCII kept (with \" and \\), every other byte as \xHH. */
function timeQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (c >= 0x80 || c < 0x20) out += utf8Bytes(ch).map((b) => '\\x' + hex(b, 2)).join('');
    else out += (ch === '"' || ch === '\\' ? '\\' : '') + ch;
  }
  return out + '"';
}

const UNIT_NS: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  'µs': 1_000n, // U+00B5 micro sign
  'μs': 1_000n, // U+03BC Greek mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};
const MAX_U63 = 1n << 63n;

/**
 * Go time.ParseDuration (src/time/format.go), in nanoseconds: a signed
 * sequence of decimal numbers with units, e.g. "300ms", "-1.5h", "1m30s".
 * Errors carry Go's exact text, e.g. `time: invalid duration "x"`,
 * `time: missing unit in duration "5"`, `time: unknown unit "d" in duration "1d"`.
 */
export function parseDurationNs(orig: string): bigint {
  const invalid = (): GoParseError => new GoParseError('time: invalid duration ' + timeQuote(orig));
  let s = orig;
  let neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') throw invalid();
  let d = 0n;
  while (s !== '') {
    if (!/^[0-9.]/.test(s)) throw invalid();
    // leadingInt: [0-9]*, overflow past 1<<63 is an error
    const intDigits = /^[0-9]*/.exec(s)![0];
    let v = 0n;
    for (const c of intDigits) {
      v = v * 10n + BigInt(c);
      if (v > MAX_U63) throw invalid();
    }
    s = s.slice(intDigits.length);
    const pre = intDigits.length > 0;
    // leadingFraction: (\.[0-9]*)?, digits past overflow are ignored
    let f = 0n;
    let scale = 1;
    let post = false;
    if (s[0] === '.') {
      const fracDigits = /^[0-9]*/.exec(s.slice(1))![0];
      let overflow = false;
      for (const c of fracDigits) {
        if (overflow) continue;
        const y = f * 10n + BigInt(c);
        if (f > (MAX_U63 - 1n) / 10n || y > MAX_U63) {
          overflow = true;
          continue;
        }
        f = y;
        scale *= 10;
      }
      post = fracDigits.length > 0;
      s = s.slice(1 + fracDigits.length);
    }
    if (!pre && !post) throw invalid(); // ".s" or "-.s"
    const u = /^[^0-9.]*/.exec(s)![0];
    if (u === '') throw new GoParseError('time: missing unit in duration ' + timeQuote(orig));
    s = s.slice(u.length);
    const unit = UNIT_NS[u];
    if (unit === undefined) {
      throw new GoParseError('time: unknown unit ' + timeQuote(u) + ' in duration ' + timeQuote(orig));
    }
    if (v > MAX_U63 / unit) throw invalid();
    v *= unit;
    if (f > 0n) {
      // Go: v += uint64(float64(f) * (float64(unit) / scale))
      v += BigInt(Math.trunc(Number(f) * (Number(unit) / scale)));
      if (v > MAX_U63) throw invalid();
    }
    d += v;
    if (d > MAX_U63) throw invalid();
  }
  if (neg) return -d;
  if (d > MAX_U63 - 1n) throw invalid();
  return d;
}

/** Go time.ParseDuration, in milliseconds (may be fractional: "1500us" -> 1.5). */
export function parseDuration(s: string): number {
  return Number(parseDurationNs(s)) / 1e6;
}
