/**
 * Every difference between swarmsim and the recorded real Swarm that the
 * differential test lets pass, each with its reason. Two kinds only:
 *   - version: the real engine here is Debian's dockerd 20.10.24; swarmsim
 *     models Docker 28.2.2 (client and engine). The reason cites the v28.2.2
 *     source that shows that version's text or rule.
 *   - harness: what the lab cannot reproduce (machines' CPUs, memory and
 *     architecture are the host's; plugins are the harness's stub; a
 *     progress display that never converges is interrupted with ^C).
 * An entry applies to the steps its scenario, line and command select; its
 * `sim`/`real` rewrites act on normalized text (normalize.ts). The test
 * fails on an entry that no step uses, so the list stays short and true.
 */
import { ENGINE_VERSION } from '../../sim/engine/engines.js';

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

/** Drops everything from the first line matching `re` on. */
const cutFrom = (re: RegExp) => (t: string): string => {
  const lines = t.split('\n');
  const i = lines.findIndex((l) => re.test(l));
  return i < 0 ? t : lines.slice(0, i).join('\n');
};

export const ACCEPTED: readonly AcceptedDifference[] = [
  {
    id: 'engine-version',
    kind: 'version',
    reason:
      'The lab runs Debian\'s dockerd 20.10.24+dfsg1; swarmsim reports the engine it models, whose version is ENGINE_VERSION (docker node ls ENGINE VERSION, docker version, docker info).',
    real: (t) => t.replace(/20\.10\.24\+dfsg1/g, ENGINE_VERSION),
  },
  {
    id: 'logentries-log-driver',
    kind: 'version',
    reason:
      'dockerd 20.10 still registers the logentries log driver (daemon/logdrivers_linux.go at v20.10.24); moby v28.2.2 removed it (daemon/logdrivers_linux.go at v28.2.2 imports no logentries), so the node description lists one log driver fewer.',
    real: (t) => t.replace(/\blogentries /g, ''),
  },
  {
    id: 'plugin-layer-complete',
    kind: 'version',
    reason:
      'dockerd 20.10 ends a plugin layer\'s line with "Complete" or "Download complete" depending on how its status loop races the fetch; moby v28.2.2 plugin/fetch_linux.go withFetchProgress always ends it with "Download complete".',
    command: /^docker plugin (install|upgrade)\b/,
    real: (t) => t.replace(/^(<id>): Complete$/gm, '$1: Download complete'),
  },
  {
    id: 'interrupted-progress',
    kind: 'harness',
    reason:
      'A progress display that cannot converge waits forever; the lab interrupts it with ^C, which the terminal echoes, and docker/cli v28.2.2 service/progress/progress.go races its SIGINT handler ("Operation continuing in background." and the hint) against the cancelled context ("context canceled", exit 1). swarmsim prints what an interrupted CLI prints when the handler wins. The frame above the interruption is compared; what follows, and the exit status, are not.',
    real: cutFrom(/^\^?\^?C?Operation continuing in background\.|^\^C/),
    sim: cutFrom(/^Operation continuing in background\./),
    skip: ['exit'],
  },
  {
    id: 'agent-latency',
    kind: 'harness',
    reason:
      'A table read 100 ms after a detached command shows tasks on their way: how far each has got (Assigned, Accepted, Preparing) is a matter of the host\'s speed and of which agent answers first, which no seed decides; swarmsim steps its agents at fixed delays (sim/cluster/agent.ts AGENT_DELAYS_MS). The states up to Preparing compare as one; the placement, counted from running tasks, is not compared at that instant.',
    scenarios: ['lifecycle-rolling-update'],
    steps: [109],
    sim: (t) => t.replace(/\b(?:Assigned|Accepted|Preparing) <age> ago/g, 'Assigned <age> ago'),
    real: (t) => t.replace(/\b(?:Assigned|Accepted|Preparing) <age> ago/g, 'Assigned <age> ago'),
    skip: ['placement'],
  },
  {
    id: 'machine-resources',
    kind: 'harness',
    reason:
      'The lab\'s engines report the host\'s CPUs and memory (2 CPUs, 24 GiB here); the scenario gives its machines other sizes with sim$ machine --cpus/--memory, which no engine on this host can report, so placements by resources differ from that step on.',
    scenarios: ['placement-insufficient-resources'],
    skip: ['output', 'exit', 'placement'],
  },
  {
    id: 'machine-architecture',
    kind: 'harness',
    reason:
      'All the lab\'s engines run on this x86_64 host; the scenario makes node3 an aarch64 machine (sim$ machine --arch), so its platform and the placements that depend on it differ.',
    scenarios: ['placement-platform-constraints'],
    skip: ['output', 'exit', 'placement'],
  },
  {
    id: 'stub-volumes-per-install',
    kind: 'harness',
    reason:
      'The lab\'s volume plugin keeps its volumes in its own root file system, which a reinstall replaces, so the engine finds its reference to the volume stale (volume/service/store.go checkConflict: "found references to volume ... but the volume was not found in the driver") and rejects the next task once; a real rexray/ebs finds the volume in EBS. swarmsim models a plugin whose volumes outlive its installation.',
    scenarios: ['plugin-tag-binding-alias'],
    command: /pg\b/,
    skip: ['output', 'exit'],
  },
];
