// Template functions, one block per function: Go's text/template builtins
// (golang/go src/text/template/funcs.go, fmt for printf) and docker's
// (docker/cli templates/templates.go at v28.2.2). Expected texts are what
// `docker ... --format` prints with docker 28.2.2 (Go 1.24).
import { describe, expect, it } from 'vitest';
import { executeTemplate, GO_STRING, TemplateError } from '../../sim/docker/format/template.js';
import { formatFloat, sprintf } from '../../sim/docker/format/fmt.js';

const data = {
  S: 'abc',
  N: 42,
  Neg: -7,
  F: 3.14159,
  B: true,
  L: ['a', 'b', 'c'],
  I: [1, 2, 3],
  M: new Map([
    ['k', 'v'],
    ['a', 'b'],
  ]),
  Z: null,
  U: '日本語',
  T: { [GO_STRING]: () => 'stringer!' },
  Sub: { Name: 'x', Port: 80 },
};

const run = (t: string): string => executeTemplate(t, data);
const errorOf = (t: string): string => {
  try {
    run(t);
  } catch (e) {
    if (e instanceof TemplateError) return e.message;
    throw e;
  }
  throw new Error(`no error for ${t}`);
};
const at = (col: number, node: string, msg: string): string => `template: :1:${col}: executing "" at <${node}>: ${msg}`;

describe('printf', () => {
  it.each([
    ['{{printf "%s|%v|%q" .S .S .S}}', 'abc|abc|"abc"'],
    ['{{printf "%x|%X|% x|%#x" .S .S .S .S}}', '616263|616263|61 62 63|0x616263'],
    ['{{printf "[%5s][%-10s][%05s][%.2s]" .S .S .S .S}}', '[  abc][abc       ][00abc][ab]'],
    ['{{printf "%.2s|%5.1s|%q" .U .U .U}}', '日本|    日|"日本語"'],
    ['{{printf "%d|%5d|%-5d|%05d|%+d|% d" .N .N .N .N .N .N}}', '42|   42|42   |00042|+42| 42'],
    ['{{printf "%d|%05d|%x|%X|%#x|%#o|%o|%O|%b|%#b" .Neg .Neg .N .N .N .N .N .N .N .N}}', '-7|-0007|2a|2A|0x2a|052|52|0o52|101010|0b101010'],
    ['{{printf "%.3d|%.0d|%c|%q|%U|%#U" .N 0 .N .N .N .N}}', '042||*|\'*\'|U+002A|U+002A \'*\''],
    ['{{printf "%t|%v|%6t|" .B .B false}}', 'true|true| false|'],
    ['{{printf "%v|%.2f|%e|%E|%g|%8.3f|%-8.1f|" .F .F .F .F .F .F .F}}', '3.14159|3.14|3.141590e+00|3.141590E+00|3.14159|   3.142|3.1     |'],
    ['{{printf "%+.1f|%08.3f|% .2f|%.0f|%.0f|%.1f" .F -3.14159 .F 2.5 3.5 0.05}}', '+3.1|-003.142| 3.14|2|4|0.1'],
    // A float literal with an integer value (1e6, 2.0) is an int here: the value model has one number type.
    ['{{printf "%v|%v|%g|%.3g|%G" 1e6 0.00001 1234567.5 1234.5 1e-7}}', '1000000|1e-05|1.2345675e+06|1.23e+03|1E-07'],
    ['{{printf "%v|%d|%s|%q|%x" .L .I .L .L .L}}', '[a b c]|[1 2 3]|[a b c]|["a" "b" "c"]|[61 62 63]'],
    ['{{printf "%3d|%v|%+v|%v" .I .M .Sub .Sub}}', '[  1   2   3]|map[a:b k:v]|{Name:x Port:80}|{x 80}'],
    ['{{printf "%T|%T|%T|%T|%T|%T" .S .N .F .B .L .M}}', 'string|int|float64|bool|[]string|map[string]string'],
    ['{{printf "%#v|%#v|%#v" .S .N .L}}', '"abc"|42|[]string{"a", "b", "c"}'],
    ['{{printf "%v|%s|%q" .T .T .T}}', 'stringer!|stringer!|"stringer!"'],
    ['{{printf "%[2]d %[1]s|%[1]s %[1]s" .S .N}}', '42 abc|abc abc'],
    ['{{printf "%*d|%-*d|%.*f" 5 .N 4 .N 2 .F}}', '   42|42  |3.14'],
    ['{{printf "100%%|%d%%" .N}}', '100%|42%'],
    ['{{printf "no verbs"}}', 'no verbs'],
    ['{{.S | printf "<%s>"}}', '<abc>'],
  ])('%s', (t, out) => {
    expect(run(t)).toBe(out);
  });

  it.each([
    // fmt's in-band errors are output, not template errors.
    ['{{printf "%d" .S}}', '%!d(string=abc)'],
    ['{{printf "%s|%t|%x" .N .N .B}}', '%!s(int=42)|%!t(int=42)|%!x(bool=true)'],
    ['{{printf "%d" .L}}', '[%!d(string=a) %!d(string=b) %!d(string=c)]'],
    ['{{printf "%v|%s|%d" .Z .Z .Z}}', '<nil>|%!s(<nil>)|%!d(<nil>)'],
    ['{{printf "%s %s" .S}}', 'abc %!s(MISSING)'],
    ['{{printf "%s" .S .N .Z}}', 'abc%!(EXTRA int=42, <nil>)'],
    ['{{printf "%"}}', '%!(NOVERB)'],
    ['{{printf "%!"}}', '%!!(MISSING)'],
    ['{{printf "%[3]d" .N}}', '%!d(BADINDEX)'],
    ['{{printf "%[x]d" .N}}', '%!d(BADINDEX)'],
    ['{{printf "%*d" .S .N}}', '%!(BADWIDTH)42'],
    ['{{printf "%.*d" .S .N}}', '%!(BADPREC)42'],
    ['{{printf "%z" .N}}', '%!z(int=42)'],
  ])('%s prints fmt\'s error form', (t, out) => {
    expect(run(t)).toBe(out);
  });

  it('checks its arguments as Go does', () => {
    expect(errorOf('{{printf}}')).toBe(at(2, 'printf', 'wrong number of args for printf: want at least 1 got 0'));
    expect(errorOf('{{printf 1}}')).toBe(at(9, '1', 'expected string; found 1'));
    expect(errorOf('{{printf .N}}')).toBe(at(9, '.N', 'wrong type for value; expected string; got int'));
  });

  it('formats floats as strconv does, ties to even', () => {
    expect(formatFloat(0.125, 'f', 2)).toBe('0.12');
    expect(formatFloat(0.375, 'f', 2)).toBe('0.38');
    expect(formatFloat(9.999, 'f', 2)).toBe('10.00');
    expect(formatFloat(0.0001234, 'g', -1)).toBe('0.0001234');
    expect(formatFloat(123456789, 'e', 3)).toBe('1.235e+08');
    expect(formatFloat(-0.5, 'f', 0)).toBe('-0');
    expect(formatFloat(Infinity, 'g', -1)).toBe('+Inf');
    expect(sprintf('%5.1f|%v|%+f', [Infinity, NaN, NaN], { typeName: () => 'float64', stringer: () => undefined, fields: () => [] })).toBe(
      ' +Inf|NaN|+NaN',
    );
  });
});

describe('len', () => {
  it('counts bytes of strings, elements of slices and maps', () => {
    expect(run('{{len .S}} {{len .U}} {{len .L}} {{len .M}} {{len ""}}')).toBe('3 9 3 2 0');
  });
  it.each([
    ['{{len}}', at(2, 'len', 'wrong number of args for len: want 1 got 0')],
    ['{{len .S .S}}', at(2, 'len', 'wrong number of args for len: want 1 got 2')],
    ['{{len .N}}', at(2, 'len .N', 'error calling len: len of type int')],
    ['{{len .Z}}', at(2, 'len .Z', 'error calling len: len of nil pointer')],
  ])('%s', (t, msg) => expect(errorOf(t)).toBe(msg));
});

describe('index', () => {
  it('indexes slices, maps and strings (a byte)', () => {
    expect(run('{{index .L 1}} {{index .M "k"}} {{index .S 0}} {{index .L}}')).toBe('b v 97 [a b c]');
    expect(run('[{{index .M "missing"}}]')).toBe('[]');
  });
  it.each([
    ['{{index .L 3}}', at(2, 'index .L 3', 'error calling index: index out of range: 3')],
    ['{{index .L "x"}}', at(2, 'index .L "x"', 'error calling index: cannot index slice/array with type string')],
    ['{{index .N 0}}', at(2, 'index .N 0', "error calling index: can't index item of type int")],
    ['{{index .Z 0}}', at(2, 'index .Z 0', 'error calling index: index of untyped nil')],
    ['{{index}}', at(2, 'index', 'wrong number of args for index: want at least 1 got 0')],
  ])('%s', (t, msg) => expect(errorOf(t)).toBe(msg));
});

describe('slice', () => {
  it('slices strings by byte and slices by element', () => {
    expect(run('{{slice .S 1}}|{{slice .S 1 2}}|{{slice .S}}|{{slice .S 3}}')).toBe('bc|b|abc|');
    expect(run('{{slice .L 1}}|{{slice .L 0 2}}|{{slice .L 1 2 3}}|{{slice .U 3 6}}')).toBe('[b c]|[a b]|[b]|本');
    expect(run('{{len (slice .L 1)}}')).toBe('2');
  });
  it.each([
    ['{{slice .S 2 1}}', at(2, 'slice .S 2 1', 'error calling slice: invalid slice index: 2 > 1')],
    ['{{slice .L 0 3 2}}', at(2, 'slice .L 0 3 2', 'error calling slice: invalid slice index: 3 > 2')],
    ['{{slice .S 4}}', at(2, 'slice .S 4', 'error calling slice: index out of range: 4')],
    ['{{slice .S -1}}', at(2, 'slice .S -1', 'error calling slice: index out of range: -1')],
    ['{{slice .S "1"}}', at(2, 'slice .S "1"', 'error calling slice: cannot index slice/array with type string')],
    ['{{slice .S nil}}', at(2, 'slice .S nil', 'error calling slice: cannot index slice/array with nil')],
    ['{{slice .S 1 2 3}}', at(2, 'slice .S 1 2 3', 'error calling slice: cannot 3-index slice a string')],
    ['{{slice .L 1 2 3 4}}', at(2, 'slice .L 1 2 3 4', 'error calling slice: too many slice indexes: 4')],
    ['{{slice .N}}', at(2, 'slice .N', "error calling slice: can't slice item of type int")],
    ['{{slice .Z}}', at(2, 'slice .Z', 'error calling slice: slice of untyped nil')],
    ['{{slice}}', at(2, 'slice', 'wrong number of args for slice: want at least 1 got 0')],
  ])('%s', (t, msg) => expect(errorOf(t)).toBe(msg));
});

describe('comparisons: eq ne lt le gt ge', () => {
  it('compare basic kinds', () => {
    expect(run('{{eq .N 42}} {{eq .S "x" "abc"}} {{ne .S "abc"}} {{lt 1 2}} {{le 2 2}} {{gt "b" "a"}} {{ge 1.5 2.5}}')).toBe(
      'true true false true true true false',
    );
    expect(run('{{eq .Z 1}} {{if eq .B true}}yes{{end}}')).toBe('false yes');
  });
  it.each([
    ['{{eq .N}}', at(2, 'eq .N', 'error calling eq: missing argument for comparison')],
    ['{{eq .N "42"}}', at(2, 'eq .N "42"', 'error calling eq: incompatible types for comparison')],
    ['{{lt .B .B}}', at(2, 'lt .B .B', 'error calling lt: invalid type for comparison')],
    ['{{gt 1 "a"}}', at(2, 'gt 1 "a"', 'error calling gt: incompatible types for comparison')],
    ['{{le .L .L}}', at(2, 'le .L .L', 'error calling le: invalid type for comparison')],
    ['{{ne 1}}', at(2, 'ne', 'wrong number of args for ne: want 2 got 1')],
    ['{{ge 1 2 3}}', at(2, 'ge', 'wrong number of args for ge: want 2 got 3')],
  ])('%s', (t, msg) => expect(errorOf(t)).toBe(msg));
});

describe('and, or, not', () => {
  it('return the deciding operand and short-circuit', () => {
    expect(run('{{and 1 "x"}}|{{and 0 "x"}}|{{or "" .S}}|{{or 0 ""}}|{{not .S}}|{{not ""}}')).toBe('x|0|abc||false|true');
    // The second operand is never evaluated: index out of range would fail.
    expect(run('{{and false (index .L 9)}}|{{or true (index .L 9)}}')).toBe('false|true');
  });
  it.each([
    ['{{and}}', at(2, 'and', 'wrong number of args for and: want at least 1 got 0')],
    ['{{or}}', at(2, 'or', 'wrong number of args for or: want at least 1 got 0')],
    ['{{not}}', at(2, 'not', 'wrong number of args for not: want 1 got 0')],
    ['{{not 1 2}}', at(2, 'not', 'wrong number of args for not: want 1 got 2')],
  ])('%s', (t, msg) => expect(errorOf(t)).toBe(msg));
});

describe('print, println', () => {
  it('space operands unless one is a string, as fmt.Sprint/Sprintln do', () => {
    expect(run('{{print .S .N .N "x" .B}}')).toBe('abc42 42xtrue');
    expect(run('{{println .S .N}}')).toBe('abc 42\n');
    expect(run('[{{print}}][{{println}}]')).toBe('[][\n]');
    expect(run('{{print .L .M .Z}}')).toBe('[a b c] map[a:b k:v] <nil>');
  });
});

describe('docker functions (templates.go v28.2.2)', () => {
  it('json: compact, HTML characters kept', () => {
    expect(run('{{json .S}} {{json .L}} {{json .Sub}} {{json "<&>"}} {{json .Z}}')).toBe('"abc" ["a","b","c"] {"Name":"x","Port":80} "<&>" null');
    expect(errorOf('{{json}}')).toBe(at(2, 'json', 'wrong number of args for json: want 1 got 0'));
  });
  it('join: strings.Join of a []string', () => {
    expect(run('{{join .L ", "}}|{{join (split "a:b" ":") "-"}}|{{join .Z ","}}')).toBe('a, b, c|a-b|');
  });
  it.each([
    ['{{join .I ","}}', at(7, '.I', 'wrong type for value; expected []string; got []int')],
    ['{{join .M ","}}', at(7, '.M', 'wrong type for value; expected []string; got map[string]string')],
    ['{{join .S ","}}', at(7, '.S', 'wrong type for value; expected []string; got string')],
    ['{{join "a" ","}}', at(7, '"a"', 'can\'t handle "a" for arg of type []string')],
    ['{{join .L}}', at(2, 'join', 'wrong number of args for join: want 2 got 1')],
  ])('join error %s', (t, msg) => expect(errorOf(t)).toBe(msg));
  it('split: strings.Split, "" splits into runes', () => {
    expect(run('{{split "a,b,,c" ","}}|{{split .U ""}}|{{len (split "" ",")}}')).toBe('[a b  c]|[日 本 語]|1');
    expect(errorOf('{{split .N ","}}')).toBe(at(8, '.N', 'wrong type for value; expected string; got int'));
  });
  it('lower, upper, title', () => {
    expect(run('{{lower "ÀBC"}} {{upper .S}} {{title "hello wide-world"}}')).toBe('àbc ABC Hello Wide-World');
    expect(errorOf('{{upper}}')).toBe(at(2, 'upper', 'wrong number of args for upper: want 1 got 0'));
    expect(errorOf('{{title .N}}')).toBe(at(8, '.N', 'wrong type for value; expected string; got int'));
    expect(errorOf('{{lower .S .S}}')).toBe(at(2, 'lower', 'wrong number of args for lower: want 1 got 2'));
  });
  it('pad: spaces around a non-empty string', () => {
    expect(run('[{{pad .S 2 1}}][{{pad "" 2 1}}]')).toBe('[  abc ][]');
    expect(errorOf('{{pad .S -1 0}}')).toBe(at(2, 'pad .S -1 0', 'error calling pad: strings: negative Repeat count'));
    expect(errorOf('{{pad .S 1}}')).toBe(at(2, 'pad', 'wrong number of args for pad: want 3 got 2'));
    expect(errorOf('{{pad .S "1" 1}}')).toBe(at(9, '"1"', 'expected integer; found "1"'));
  });
  it('truncate: a byte prefix', () => {
    expect(run('{{truncate .S 2}}|{{truncate .S 9}}|{{truncate .U 3}}')).toBe('ab|abc|日');
    expect(errorOf('{{truncate .S -1}}')).toBe(at(2, 'truncate .S -1', 'error calling truncate: runtime error: slice bounds out of range [:-1]'));
  });
});
