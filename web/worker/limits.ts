/**
 * Bounds that keep a large or hostile scenario from freezing the page. The
 * simulation runs in a worker that is stopped when it runs past its time;
 * these caps give a clear message before that.
 */
export const LIMITS = {
  /** Scenario text, in UTF-16 code units (about bytes for ASCII). */
  maxTextChars: 512 * 1024,
  /** A bundle of a live swarm (JSON), dropped to be imported: the scenario made from it has the limit above. */
  maxBundleChars: 16 * 1024 * 1024,
  maxSteps: 2_000,
  /** Tasks summed over every step's snapshot: what the replay keeps in memory. */
  maxTaskFrames: 1_500_000,
  /** Real time a whole run may take in the worker. */
  runTimeoutMs: 30_000,
  /** Real time one typed command may take. */
  execTimeoutMs: 10_000,
  /** Length of one typed line. */
  maxLineChars: 4_096,
} as const;

export function sizeProblem(chars: number): string | null {
  if (chars <= LIMITS.maxTextChars) return null;
  const kib = (n: number): string => `${Math.round(n / 1024).toLocaleString('en')} KiB`;
  return `This scenario is ${kib(chars)}: the limit is ${kib(LIMITS.maxTextChars)}. Split it into smaller scenarios.`;
}

export function bundleSizeProblem(chars: number): string {
  const mib = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return `This bundle is ${mib(chars)}: the page takes up to ${mib(LIMITS.maxBundleChars)}. Use "swarmsim import" on the command line.`;
}
