/**
 * Errors of the scenario language.
 *
 * The parser reports every error of a file in one go, each at its own line
 * and column, but at most one per step (or per block of stray lines): the
 * errors after the first within one command are usually caused by it. It
 * throws one ScenarioError, the first of the file, whose `errors` lists them
 * all, so code that reads one error keeps working.
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
  /** Every error found in the file, in order of position, this one's twin first; [this] for a lone error. */
  readonly errors: readonly ScenarioError[];

  /** `message` is the bare description; `toString()` adds the location. */
  constructor(file: string, line: number, column: number, message: string, errors?: readonly ScenarioError[]) {
    super(message);
    this.file = file;
    this.line = line;
    this.column = column;
    this.errors = errors && errors.length > 0 ? errors : [this];
  }

  /** The first of `errors` (which must not be empty), carrying them all. */
  static of(errors: readonly ScenarioError[]): ScenarioError {
    const first = errors[0];
    if (errors.length === 1) return first;
    return new ScenarioError(first.file, first.line, first.column, first.message, errors);
  }

  /** `FILE:LINE:COL: message`, the format compilers use, so editors can jump to it. */
  override toString(): string {
    return `${this.file}:${this.line}:${this.column}: ${this.message}`;
  }

  /** Every error, one `FILE:LINE:COL: message` line each. */
  report(): string {
    return this.errors.map((e) => e.toString()).join('\n');
  }
}
