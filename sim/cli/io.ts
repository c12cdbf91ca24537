/**
 * What a CLI command may touch of its process, passed in rather than taken
 * from `process` so that tests run commands in-process with captured output.
 */
export interface Out {
  write(text: string): unknown;
  /** Progress and prompts only go to a terminal. */
  readonly isTTY?: boolean;
}

export interface CliIO {
  readonly stdout: Out;
  readonly stderr: Out;
  readonly stdin: NodeJS.ReadableStream & { readonly isTTY?: boolean };
  /** Relative paths are read from here; messages keep the path as the user wrote it. */
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/**
 * A mistake in how the tool was called (bad flag, missing file): one line on
 * stderr, no stack trace, and an exit status (2 unless said otherwise).
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

/** A file that cannot be read (missing, a directory, no permission): `PATH: why`. */
export class FileError extends UsageError {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}
