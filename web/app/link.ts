/**
 * The page's link: what a URL asks to open (openLink), and the URL of what
 * is shown (linkFor): scenario, seed, step, branch, selection, presenter.
 */
import { LIMITS } from '../worker/limits.js';
import type { BranchRef, RunRequest } from './machine.js';
import { DEFAULT_SCENARIO, LIBRARY, findScenario } from './scenarios.js';
import { compressText, decodeBranch, decompressText, encodeBranch, readHash, writeHash } from './url.js';

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * What to run for `hash`. An unknown scenario name or an unreadable text
 * opens the default example with a notice saying so, never silently.
 */
export async function openLink(hash: string): Promise<RunRequest & { present?: boolean }> {
  const ref = readHash(hash);
  const notices: string[] = [];
  let branch: BranchRef | null = null;
  if (ref.branch) {
    try {
      branch = await decodeBranch(ref.branch, LIMITS.maxTextChars);
    } catch (e) {
      notices.push(`This link's branch could not be read (${message(e)}).`);
    }
  }
  const rest = { seed: ref.seed, step: ref.step, branch, task: ref.task ?? null, machine: ref.node ?? null, present: ref.present };
  if (ref.text) {
    try {
      const text = await decompressText(ref.text, LIMITS.maxTextChars);
      return { ...rest, text, file: 'shared.swarm', entry: null, notice: notices.join(' ') || null };
    } catch (e) {
      notices.push(`This link's scenario could not be read: ${message(e)}`);
    }
  }
  const known = ref.scenario ? findScenario(ref.scenario) : undefined;
  const entry = known ?? findScenario(DEFAULT_SCENARIO) ?? LIBRARY[0];
  if (!entry) throw { kind: 'runtime', message: 'No scenario in the library: type one or open a .swarm file.' };
  if (ref.scenario && !known) notices.push(`No scenario named “${ref.scenario}” in this build: opened ${entry.name} instead.`);
  // A link that failed to say what to open opens the example at its start, without the rest.
  const usable = !ref.scenario || known ? rest : { seed: null, step: 0, branch: null, task: null, machine: null, present: ref.present };
  return { ...usable, step: usable.step ?? 0, text: entry.text, file: entry.file, entry: entry.name, notice: notices.join(' ') || null };
}

let compressed: { text: string; data: string } | null = null;

export interface Shown {
  readonly entry: string | null;
  readonly text: string;
  readonly seed: number;
  readonly step: number;
  readonly branch: BranchRef | null;
  readonly task: string | null;
  readonly machine: string | null;
  readonly present: boolean;
}

export async function linkFor(s: Shown): Promise<string> {
  let text: string | null = null;
  if (s.entry === null) {
    if (compressed?.text !== s.text) compressed = { text: s.text, data: await compressText(s.text) };
    text = compressed.data;
  }
  const branch = s.branch ? await encodeBranch(s.branch.base, s.branch.lines) : null;
  return writeHash({ scenario: s.entry, text, seed: s.seed, step: s.step, branch, task: s.task, node: s.machine, present: s.present });
}
