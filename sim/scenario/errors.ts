/**
 * Errors of the scenario language.
 *
 * The parser stops at the first error and throws one ScenarioError: a
 * scenario is short and edited by hand, so one precise message is worth
 * more than a cascade of follow-up errors caused by the first one.
 */

/** A 1-based position in a scenario file. */
export interface SourcePos {
  /** 1-based line number. */
  line: number;
  /**
   * 1-based column, counted in UTF-16 code units (the unit of JavaScript
   * strings, and the default of editors speaking LSP), tabs counting as one.
   */
  column: number;
}

export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
  readonly file: string;
  readonly line: number;
  readonly column: number;

  /** `message` is the bare description; `toString()` adds the location. */
  constructor(file: string, line: number, column: number, message: string) {
    super(message);
    this.file = file;
    this.line = line;
    this.column = column;
  }

  /** `FILE:LINE:COL: message`, the format compilers use, so editors can jump to it. */
  override toString(): string {
    return `${this.file}:${this.line}:${this.column}: ${this.message}`;
  }
}
