import { describe, expect, it } from 'vitest';
import {
  bytesSize,
  capitalizeFirst,
  ellipsis,
  formatG,
  GoParseError,
  goQuote,
  humanDuration,
  humanSize,
  parseBytes,
  parseDuration,
  parseDurationNs,
  prettyPrint,
  quoteCommand,
  truncateID,
} from '../../sim/docker/format/text.js';

describe('ellipsis (docker formatter.Ellipsis)', () => {
  it('keeps n-1 code points and appends "…"', () => {
    expect(ellipsis('no suitable node (missing plugin on 1 node)', 30)).toBe('no suitable node (missing plu…');
    expect(ellipsis('abcd', 3)).toBe('ab…');
    expect(ellipsis('héllo wörld', 5)).toBe('héll…');
  });
  it('returns the string unchanged when it fits', () => {
    expect(ellipsis('abc', 3)).toBe('abc');
    expect(ellipsis('héllo…', 6)).toBe('héllo…');
  });
  it('has upstream edge cases for widths 1 and 0', () => {
    expect(ellipsis('abc', 1)).toBe('a');
    expect(ellipsis('abc', 0)).toBe('');
    expect(ellipsis('', 1)).toBe('');
  });
});

describe('truncateID (stringid.TruncateID)', () => {
  it.each([
    ['', ''],
    ['1234', '1234'],
    ['90435eec5c4e124e741ef731e118be2fc799a68aba0466ec17717f24ce2ae6a2', '90435eec5c4e'],
    ['sha256:90435eec5c4e124e741ef731e118be2fc799a68aba0466ec17717f24ce2ae6a2', '90435eec5c4e'],
  ])('%s -> %s', (id, want) => {
    expect(truncateID(id)).toBe(want);
  });
});

describe('humanDuration (go-units HumanDuration)', () => {
  const S = 1000;
  const M = 60 * S;
  const H = 60 * M;
  it.each([
    [0, 'Less than a second'],
    [999, 'Less than a second'],
    [-5 * S, 'Less than a second'],
    [1 * S, '1 second'],
    [1999, '1 second'],
    [2 * S, '2 seconds'],
    [59 * S + 999, '59 seconds'],
    [60 * S, 'About a minute'],
    [2 * M - 1, 'About a minute'],
    [2 * M, '2 minutes'],
    [60 * M - 1, '59 minutes'],
    [60 * M, 'About an hour'],
    [90 * M - 1, 'About an hour'], // hours are rounded: 1.49.. + .5 -> 1
    [90 * M, '2 hours'],
    [47 * H + 29 * M, '47 hours'],
    [47 * H + 30 * M, '2 days'], // rounds to 48 hours
    [13 * 24 * H + 23 * H, '13 days'],
    [14 * 24 * H, '2 weeks'],
    [59 * 24 * H, '8 weeks'],
    [60 * 24 * H, '2 months'],
    [729 * 24 * H, '24 months'],
    [730 * 24 * H, '2 years'],
    [3 * 365 * 24 * H, '3 years'],
  ])('%d ms -> %s', (ms, want) => {
    expect(humanDuration(ms)).toBe(want);
  });
});

describe('capitalizeFirst / prettyPrint', () => {
  it('capitalises states like docker', () => {
    expect(capitalizeFirst('running')).toBe('Running');
    expect(capitalizeFirst('RUNNING')).toBe('Running');
    expect(capitalizeFirst('')).toBe('');
    expect(capitalizeFirst('A')).toBe('a'); // upstream quirk for one character
    expect(prettyPrint('shutdown')).toBe('Shutdown');
    expect(prettyPrint(null)).toBe('None');
  });
});

describe('quoteCommand / goQuote', () => {
  it('ellipsizes to 20 columns, then quotes (docker ps COMMAND)', () => {
    expect(quoteCommand('/docker-entrypoint.sh nginx -g daemon off;')).toBe('"/docker-entrypoint.…"');
    expect(quoteCommand('sleep 1d')).toBe('"sleep 1d"');
    expect(quoteCommand('sh -c "echo hi"')).toBe('"sh -c \\"echo hi\\""');
  });
  it('quotes the whole command with --no-trunc', () => {
    expect(quoteCommand('/docker-entrypoint.sh nginx -g daemon off;', null)).toBe(
      '"/docker-entrypoint.sh nginx -g daemon off;"',
    );
  });
  it('escapes like strconv.Quote', () => {
    expect(goQuote('a\tb\n\\"\x07\x7f\u00a0é😀')).toBe('"a\\tb\\n\\\\\\"\\a\\x7f\\u00a0é😀"');
  });
});

describe('sizes (go-units BytesSize / HumanSize, %.4g)', () => {
  it('prints binary sizes like node inspect --pretty', () => {
    expect(bytesSize(20 * 1024 * 1024)).toBe('20MiB');
    expect(bytesSize(2 * 1024 ** 3)).toBe('2GiB');
    expect(bytesSize(1.5 * 1024 ** 3)).toBe('1.5GiB');
    expect(bytesSize(512)).toBe('512B');
    expect(bytesSize(7.7754 * 1024 ** 3)).toBe('7.775GiB');
  });
  it('rounds an exact tie to even, as Go does', () => {
    expect(bytesSize(1088 * 1024 ** 2)).toBe('1.062GiB'); // exactly 1.0625
    expect(bytesSize(1089 * 1024 ** 2)).toBe('1.063GiB');
  });
  it('prints decimal sizes', () => {
    expect(humanSize(2746000)).toBe('2.746MB');
    expect(humanSize(999)).toBe('999B');
    expect(humanSize(1e18)).toBe('1EB');
  });
  it('formats %g like Go, exponent included', () => {
    expect(formatG(100000, 4)).toBe('1e+05');
    expect(formatG(1234.5, 4)).toBe('1234');
    expect(formatG(0.00001234, 4)).toBe('1.234e-05');
    expect(formatG(0.0001234, 4)).toBe('0.0001234');
  });
});

describe('parseDuration (time.ParseDuration)', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['1m30s', 90_000],
    ['1.5s', 1500],
    ['-1.5h', -5_400_000],
    ['.5s', 500],
    ['1.s', 1000],
    ['1500us', 1.5],
    ['0', 0],
  ])('%s -> %d ms', (s, ms) => {
    expect(parseDuration(s)).toBe(ms);
  });
  it('is exact in nanoseconds up to the int64 limit', () => {
    expect(parseDurationNs('2562047h47m16.854775807s')).toBe(9223372036854775807n);
  });
  it.each([
    ['x', 'time: invalid duration "x"'],
    ['', 'time: invalid duration ""'],
    ['.s', 'time: invalid duration ".s"'],
    ['5', 'time: missing unit in duration "5"'],
    ['1d', 'time: unknown unit "d" in duration "1d"'],
    ['3é', 'time: unknown unit "\\xc3\\xa9" in duration "3\\xc3\\xa9"'],
    ['9223372036854775808ns', 'time: invalid duration "9223372036854775808ns"'],
  ])('%j fails with Go text', (s, msg) => {
    expect(() => parseDuration(s)).toThrow(new GoParseError(msg));
    expect(() => parseDuration(s)).toThrow(GoParseError);
  });
});

describe('parseBytes (go-units RAMInBytes)', () => {
  it.each([
    ['512m', 512 * 1024 ** 2],
    ['2g', 2 * 1024 ** 3],
    ['2GiB', 2 * 1024 ** 3],
    ['1.5GB', 1.5 * 1024 ** 3],
    ['32 kb', 32 * 1024],
    ['1024', 1024],
    ['10b', 10],
    ['1.9', 1],
  ])('%s -> %d', (s, n) => {
    expect(parseBytes(s)).toBe(n);
  });
  it.each([
    ['x', "invalid size: 'x'"],
    ['-1', "invalid size: '-1'"],
    ['5mx', "invalid suffix: 'mx'"],
    ['1kbb', "invalid suffix: 'kbb'"],
    ['1.2.3m', 'strconv.ParseFloat: parsing "1.2.3": invalid syntax'],
  ])('%j fails with go-units text', (s, msg) => {
    expect(() => parseBytes(s)).toThrow(new GoParseError(msg));
  });
});
