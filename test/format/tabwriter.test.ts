import { describe, expect, it } from 'vitest';
import { DOCKER_TABWRITER, tabwrite, tabwriteText } from '../../sim/docker/format/tabwriter.js';

const sp = (n: number): string => ' '.repeat(n);

describe('tabwrite with docker settings (minwidth 10, padding 3, spaces)', () => {
  it('uses the parameters of docker/cli formatter.go', () => {
    expect(DOCKER_TABWRITER).toEqual({ minwidth: 10, tabwidth: 1, padding: 3, padchar: ' ' });
  });

  it('prints a docker service ps table, ellipsized error cell included', () => {
    const out = tabwrite([
      'ID\tNAME\tIMAGE\tNODE\tDESIRED STATE\tCURRENT STATE\tERROR\tPORTS',
      'kq3s8ezx1l7v\tweb.1\tnginx:alpine\tworker-1\tRunning\tRunning 2 minutes ago\t\t',
      'p0j9h8g7f6e5\tweb.2\tnginx:alpine\t\tRunning\tPending 2 minutes ago\t"no suitable node (missing plu…"\t',
    ]);
    expect(out.split('\n')).toEqual([
      'ID             NAME      IMAGE          NODE       DESIRED STATE   CURRENT STATE           ERROR' + sp(30) + 'PORTS',
      'kq3s8ezx1l7v   web.1     nginx:alpine   worker-1   Running         Running 2 minutes ago   ' + sp(35),
      'p0j9h8g7f6e5   web.2     nginx:alpine              Running         Pending 2 minutes ago   "no suitable node (missing plu…"   ',
      '',
    ]);
  });

  it('matches docker/cli task-context-write-table-custom.golden (empty last cell pads the column before it)', () => {
    expect(tabwrite(['NAME\tNODE\tPORTS', 'foobar_baz\tfoo1\t', 'foobar_bar\tfoo2\t'])).toBe(
      'NAME         NODE      PORTS\n' + 'foobar_baz   foo1      \n' + 'foobar_bar   foo2      \n',
    );
  });

  it('never pads the last segment of a line, however wide', () => {
    expect(tabwrite(['a\tshort', 'b\ta very long trailing segment'])).toBe(
      'a         short\n' + 'b         a very long trailing segment\n',
    );
  });

  it('pads a cell terminated by a trailing tab', () => {
    expect(tabwrite(['a\t', 'bb\t'])).toBe('a' + sp(9) + '\n' + 'bb' + sp(8) + '\n');
  });

  it('computes widths per block of consecutive lines (Go column blocks)', () => {
    // Column 1 is interrupted by line 3 ("a\t" has no cell there), so the
    // "bbb…" block and the "ccc…" block get independent widths (17 and 15).
    const out = tabwrite([
      'aaaaaaaaaaaa\tbbbbbbbbbbbbbb\td',
      'aa\tb\tdd',
      'a\t',
      'aa\tcccccccccccc\teee',
    ]);
    expect(out.split('\n')).toEqual([
      'aaaaaaaaaaaa   bbbbbbbbbbbbbb   d',
      'aa             b                dd',
      'a' + sp(14),
      'aa             cccccccccccc   eee',
      '',
    ]);
  });

  it('ends every block at an empty line', () => {
    expect(tabwrite(['a\tb', '', 'cccccccccccccc\td'])).toBe('a         b\n\ncccccccccccccc   d\n');
  });

  it('ends every block at a line without tabs', () => {
    expect(tabwrite(['aaaaaaaaaaaaaaaa\tx', 'header', 'b\ty'])).toBe('aaaaaaaaaaaaaaaa   x\nheader\nb         y\n');
  });

  it('counts widths in code points, so "…" is one column', () => {
    const opts = { minwidth: 0, tabwidth: 1, padding: 1, padchar: ' ' };
    expect(tabwrite(['…\tx', 'ab\ty'], opts)).toBe('…  x\nab y\n');
    // 6 code points (9 UTF-8 bytes) + 3 = 9 < minwidth 10, like the 7-letter cell.
    expect(tabwrite(['héllo…\t|', 'abcdefg\t|'])).toBe('héllo…    |\nabcdefg   |\n');
  });

  it('returns "" for no lines and keeps an unterminated last line unterminated', () => {
    expect(tabwrite([])).toBe('');
    expect(tabwriteText('a\tb\nc\td')).toBe('a         b\nc         d');
  });

  it("treats '\\f' as a line break that ends every block", () => {
    expect(tabwriteText('aaaaaaaaaaaaaaaa\tb\fc\td\n')).toBe('aaaaaaaaaaaaaaaa   b\nc         d\n');
  });
});

describe('upstream text/tabwriter vectors (docker/cli cli/command/formatter/tabwriter/tabwriter_test.go)', () => {
  // [name, minwidth, tabwidth, padding, padchar, src, expected] — flags 0 only.
  const vectors: [string, number, number, number, string, string, string][] = [
    ['2', 8, 0, 1, '.', '\n\n\n', '\n\n\n'],
    ['3', 8, 0, 1, '.', 'a\nb\nc', 'a\nb\nc'],
    ['4a', 8, 0, 1, '.', '\t', ''],
    ['5', 8, 0, 1, '.', '*\t*', '*.......*'],
    ['5c', 8, 0, 1, '.', '*\t*\t', '*.......*'],
    ['6', 8, 0, 1, '.', '\t\n', '........\n'],
    ['7e', 8, 0, 1, '.', 'e) foo\tbar\t\n', 'e) foo..bar.....\n'],
    ['9a', 1, 0, 0, '.', '1\t2\t3\t4\n11\t222\t3333\t44444\n', '1.2..3...4\n11222333344444\n'],
    ['9c', 1, 0, 0, '.', '1\t2\t3\t4\f11\t222\t3333\t44444\n', '1234\n11222333344444\n'],
    ['10b', 5, 0, 0, '.', '1\t2\t3\t4\t\n', '1....2....3....4....\n'],
    ['12b', 2, 0, 0, ' ', 'a\tb\tc\naa\tbbb\tcccc\naaa\tbbbb\n', 'a  b  c\naa bbbcccc\naaabbbb\n'],
    [
      '13b', 4, 0, 3, '.',
      '4444\t333\t22\t1\t333\n999999999\t22\n7\t22\n\t\t\t88888888\n\n666666\t666666\t666666\t4444\n1\t1\t999999999\t0000000000\n',
      '4444........333...22...1...333\n999999999...22\n7...........22\n....................88888888\n\n' +
        '666666...666666...666666......4444\n1........1........999999999...0000000000\n',
    ],
    ['15a', 4, 0, 0, '.', 'a\t\tb', 'a.......b'],
    [
      '16a', 100, 100, 0, '\t',
      'a\tb\t\td\na\tb\t\td\te\na\na\tb\tc\td\na\tb\tc\td\te\n',
      'a\tb\t\td\na\tb\t\td\te\na\na\tb\tc\td\na\tb\tc\td\te\n',
    ],
  ];
  it.each(vectors)('%s', (_name, minwidth, tabwidth, padding, padchar, src, expected) => {
    expect(tabwriteText(src, { minwidth, tabwidth, padding, padchar })).toBe(expected);
  });

  it('pads with tabs rounded up to tab stops when padchar is a tab', () => {
    const opts = { minwidth: 0, tabwidth: 8, padding: 1, padchar: '\t' };
    expect(tabwrite(['a\tb', 'abcdefghij\tc'], opts)).toBe('a\t\tb\nabcdefghij\tc\n');
  });
});
