/**
 * Elastic tabstops, as the docker CLI prints tables.
 *
 * A port of the semantics of Go's text/tabwriter, via docker/cli's fork
 * cli/command/formatter/tabwriter/tabwriter.go, configured the way
 * cli/command/formatter/formatter.go (postFormat) does:
 *
 *     tabwriter.NewWriter(out, 10, 1, 3, ' ', 0)
 *
 * The rules that matter for byte-identical output:
 *  - A cell is text terminated by '\t' (or '\v'). The text after the last tab
 *    of a line is not a column cell: it is written as is and never padded.
 *  - A column is a *block* of consecutive lines that all have a cell in that
 *    column; a line with fewer cells ends the block, and the next line having a
 *    cell there starts a new block with its own width. An empty line (or any
 *    line without tabs) therefore ends every block.
 *  - Block width = max(minwidth, widest cell + padding). Cells are left-aligned
 *    and padded with padchar up to that width (a trailing tab still pads).
 *  - '\f' acts as a line break that also ends every block (Go flushes).
 *
 * Widths are Unicode code points ('…' is one column). The docker fork measures
 * with go-runewidth (East Asian wide = 2); the simulator prints no such runes.
 * Not ported: escape (0xff) sequences, FilterHTML, AlignRight, Debug and
 * DiscardEmptyColumns flags — docker passes flags 0.
 */

export interface TabwriterOptions {
  /** Minimal cell width including padding. */
  minwidth: number;
  /** Width of a tab when padchar is '\t'. */
  tabwidth: number;
  /** Padding added to the widest cell of a block. */
  padding: number;
  /** Padding character: ' ' (docker) or '\t'. */
  padchar: string;
}

/** docker/cli formatter.go: tabwriter.NewWriter(out, 10, 1, 3, ' ', 0). */
export const DOCKER_TABWRITER: Readonly<TabwriterOptions> = Object.freeze({
  minwidth: 10,
  tabwidth: 1,
  padding: 3,
  padchar: ' ',
});

interface Cell {
  text: string;
  width: number;
}

function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/**
 * Split one '\f'-free segment into lines of cells, as tabwriter.Write does.
 * A '\n' terminates the pending cell even when it is empty, so "a\t\n" has two
 * cells ("a" is then a column cell and gets padded: docker's trailing blanks
 * when the last field is empty) and "" has one. The unterminated remainder
 * after the last '\n' only keeps its pending cell if non-empty (Flush).
 */
function toCells(segment: string): Cell[][] {
  const lines = segment.split('\n');
  return lines.map((line, i) => {
    const parts = line.split(/[\t\v]/);
    if (i === lines.length - 1 && parts[parts.length - 1] === '') parts.pop();
    return parts.map((text) => ({ text, width: codePoints(text) }));
  });
}

class Formatter {
  private out = '';
  private widths: number[] = [];

  constructor(
    private readonly lines: Cell[][],
    private readonly opts: TabwriterOptions,
  ) {}

  run(): string {
    this.format(0, this.lines.length);
    return this.out;
  }

  private pad(textw: number, cellw: number): void {
    const { padchar, tabwidth } = this.opts;
    if (padchar === '\t') {
      if (tabwidth === 0) return;
      const w = Math.ceil(cellw / tabwidth) * tabwidth; // Go: round up to a tab stop
      this.out += '\t'.repeat(Math.ceil((w - textw) / tabwidth));
      return;
    }
    this.out += padchar.repeat(cellw - textw);
  }

  private writeLines(line0: number, line1: number): void {
    for (let i = line0; i < line1; i++) {
      this.lines[i].forEach((c, j) => {
        this.out += c.text;
        if (j < this.widths.length) this.pad(c.width, this.widths[j]);
      });
      // The last line has no terminating newline of its own.
      if (i + 1 < this.lines.length) this.out += '\n';
    }
  }

  /**
   * Go's (*Writer).format: find each block of lines that has a cell in the
   * current column, fix that column's width for the block, and recurse into
   * the next column for those lines only.
   */
  private format(line0: number, line1: number): void {
    const column = this.widths.length;
    for (let cur = line0; cur < line1; cur++) {
      // The last cell of a line is not a column cell, hence "- 1".
      if (column >= this.lines[cur].length - 1) continue;
      this.writeLines(line0, cur);
      line0 = cur;
      let width = this.opts.minwidth;
      for (; cur < line1; cur++) {
        const line = this.lines[cur];
        if (column >= line.length - 1) break;
        width = Math.max(width, line[column].width + this.opts.padding);
      }
      this.widths.push(width);
      this.format(line0, cur);
      this.widths.pop();
      line0 = cur;
    }
    this.writeLines(line0, line1);
  }
}

/**
 * Align a stream of text exactly as writing it to a Go tabwriter and calling
 * Flush would. Text after the last '\n' is emitted without a newline.
 */
export function tabwriteText(text: string, opts: TabwriterOptions = DOCKER_TABWRITER): string {
  // '\f' flushes: segments are formatted independently, and print as '\n'.
  const segments = text.split('\f');
  return segments
    .map((seg, i) => new Formatter(toCells(i < segments.length - 1 ? seg + '\n' : seg), opts).run())
    .join('');
}

/**
 * Align `lines` (cells separated by '\t') the way docker prints a table. Every
 * line is written followed by '\n', like docker's rows, so the result ends
 * with a newline (and is "" for no lines).
 */
export function tabwrite(lines: readonly string[], opts: TabwriterOptions = DOCKER_TABWRITER): string {
  return tabwriteText(lines.map((l) => l + '\n').join(''), opts);
}
