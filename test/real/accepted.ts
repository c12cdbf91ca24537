/**
 * Every difference between swarmsim and the recorded real Swarm that the
 * differential test lets pass, each with its reason. Two kinds only:
 *   - version: the real engine here is Debian's dockerd 20.10.24; swarmsim
 *     models Docker 28.2.2 (client and engine). The reason cites the v28.2.2
 *     source that shows that version's text or rule.
 *   - harness: what the lab cannot reproduce (machines' CPUs, memory and
 *     architecture are the host's; plugins are the harness's stub).
 * An entry applies to the steps its scenario, line and command select; its
 * `sim`/`real` rewrites act on normalized text (normalize.ts). The test
 * fails on an entry that no step uses, so the list stays short and true.
 */


export type Skip = 'output' | 'exit' | 'placement';

export interface AcceptedDifference {
  readonly id: string;
  readonly kind: 'version' | 'harness';
  readonly reason: string;
  /** Scenario basenames (no .swarm); every scenario when absent. */
  readonly scenarios?: readonly string[];
  /** Scenario line numbers of the steps; every step when absent. */
  readonly steps?: readonly number[];
  /** Tested against the command as typed (first line, after the prompt). */
  readonly command?: RegExp;
  readonly sim?: (text: string) => string;
  readonly real?: (text: string) => string;
  readonly skip?: readonly Skip[];
}

export const ACCEPTED: readonly AcceptedDifference[] = [];


