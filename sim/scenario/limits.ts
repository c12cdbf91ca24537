/**
 * Limits on the dimensions of a scenario, each refused with a located
 * error rather than left to exhaust memory or time. They are far above
 * what any transcript needs (the library's largest file is 11 kB) and the
 * same in the CLI and the browser, which share this parser. The README's
 * "Limits" section lists them with the others (YAML, templates, `(re)`).
 */
import { MAX_RANGE_HOSTS } from './hostRange.js';

export const SCENARIO_LIMITS = {
  /** Characters of a whole file. */
  maxFileChars: 10_000_000,
  /** Characters of one line. */
  maxLineChars: 100_000,
  /** Characters of one here-document body (a compose file, say). */
  maxHereDocChars: 1_000_000,
  /** Words of one command, continuations included (each flag and value is a word). */
  maxCommandWords: 10_000,
  /** Machines a scenario names, host ranges included. */
  maxMachines: MAX_RANGE_HOSTS,
} as const;

/** 1,000,000 as the messages write it. */
export const count = (n: number): string => n.toLocaleString('en');
