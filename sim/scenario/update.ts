/**
 * `swarmsim test --update`: rewrites a scenario's expected output from a run
 * of it, as `cram -i` or `vitest -u` do. Only the lines under the steps
 * change; commands, narration, front matter and blank lines stay as written.
 *
 *   - a step whose expectation passes is left alone, byte for byte;
 *   - a step whose expectation fails gets the actual output, except that an
 *     expected line which still matches its actual line (a `(re)` line the
 *     author wrote, say) is kept as written;
 *   - a step without expectation gets the actual output, if it printed
 *     anything or failed;
 * new lines are generalised (generalize.ts): IDs, tokens, ages, times and
 * addresses become `(re)` lines.
 */
import { PROMPT } from './prompt.js';
import type { Step } from './ast.js';
import { alignExpected, outputLines } from './expect.js';
import { generalizeLines, type GeneralizeOptions } from './generalize.js';
import type { ScenarioRun } from './run.js';

export interface UpdateResult {
  /** The scenario with its expectations rewritten; === the input when nothing changed. */
  text: string;
  /** 1-based prompt lines of the steps whose expected output was (re)written. */
  updated: number[];
}


/** The new expected lines of a step, or null to leave its lines as they are. */
export function updatedExpectation(step: Step, output: string, exitCode: number, passed: boolean, opts: GeneralizeOptions = {}): string[] | null {
  if (passed && step.expected) return null;
  const actual = outputLines(output);
  const lines = generalizeLines(actual, opts);
  if (step.expected) {
    const kept = alignExpected(step.expected.lines, actual);
    kept.forEach((e, k) => {
      if (e) lines[k] = e.text;
    });
  }
  if (exitCode !== 0) lines.push(`[${exitCode}]`);
  // A checked step that now prints nothing stays checked: "[0]" expects silence and success.
  else if (lines.length === 0 && step.expected) lines.push('[0]');
  return step.expected === null && lines.length === 0 ? null : lines;
}

/**
 * `text` (the file `run` was parsed from) with the expectations of the run's
 * steps rewritten. `knownIds` defaults to every ID in the run's snapshots.
 */
export function updateExpectations(text: string, run: ScenarioRun, opts: GeneralizeOptions = {}): UpdateResult {
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  const body = bom ? text.slice(1) : text;
  const eol = body.includes('\r\n') ? '\r\n' : '\n';
  const lines = body.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  const knownIds = opts.knownIds ?? runIds(run);

  // From the last step up, so that earlier line numbers stay valid.
  const updated: number[] = [];
  for (const s of [...run.steps].reverse()) {
    const next = updatedExpectation(s.step, s.output, s.exitCode, s.check?.ok === true, { knownIds });
    if (next === null) continue;
    const start = s.step.endLine; // 0-based index of the first line after the command
    let end = start;
    while (end < lines.length && !PROMPT.test(lines[end]) && !lines[end].startsWith('#')) end++;
    let content = end;
    while (content > start && lines[content - 1].trim() === '') content--;
    const old = lines.slice(start, content);
    if (old.length === next.length && old.every((l, k) => l.trimEnd() === next[k])) continue;
    // Output written under a step that had none: a blank line keeps it apart from what follows.
    const spacer = end === start && end < lines.length && next.length > 0 ? [''] : [];
    lines.splice(start, content - start, ...next, ...spacer);
    updated.push(s.step.line);
  }
  if (updated.length === 0) return { text, updated };
  return { text: bom + lines.join(eol), updated: updated.reverse() };
}

/** Every ID a run's snapshots hold: what the output of its commands can print. */
export function runIds(run: ScenarioRun): Set<string> {
  const ids = new Set<string>();
  for (const snap of [run.initial, ...run.steps.map((s) => s.snapshot)]) {
    if (snap.swarm) ids.add(snap.swarm.id);
    for (const n of snap.nodes) ids.add(n.id);
    for (const n of snap.networks) ids.add(n.id);
    for (const sv of snap.services) ids.add(sv.id);
    for (const t of snap.tasks) {
      ids.add(t.id);
      if (t.containerId) ids.add(t.containerId);
    }
    for (const m of snap.machines) {
      for (const p of m.plugins) ids.add(p.id);
      for (const n of m.localNetworks) ids.add(n.id);
    }
  }
  return ids;
}
