/**
 * A recording written in the scenario format: the scenario's own steps with
 * the real outputs as their expected lines, headed (in the front matter's
 * description) by the engine, the client and the date. A recorded file is
 * itself a scenario that parses; lines the format would read as something
 * else (a comment, a prompt, an exit status, a regex) are written as
 * escaped `(re)` lines.
 */
import { stringify } from 'yaml';
import type { Scenario } from '../../sim/scenario/ast.js';
import type { Recording } from './replay.js';

const PROMPT = /^[A-Za-z0-9][A-Za-z0-9._-]*\$(?=[ \t]|$)/;
const escapeRegex = (s: string): string => s.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');

/** An output line as the scenario format can hold it. */
export function outputLine(line: string): string {
  const ambiguous = line.startsWith('#') || PROMPT.test(line) || line.endsWith(' (re)') || /^\[\d+\]$/.test(line.trim());
  // A leading '#' would still start a comment: [#] matches it without being one.
  return ambiguous ? `${escapeRegex(line).replace(/^#/, '[#]')} (re)` : line;
}

export function transcript(rec: Recording, scenario: Scenario): string {
  const header = {
    title: rec.title,
    description:
      `Recorded on a real Swarm (npm run real -- --record, test/real/): engine ${rec.engine}, ` +
      `client docker ${rec.client}, on ${rec.date}. Replay of ${rec.scenario}.`,
    seed: scenario.meta.seed,
    tags: ['recorded', ...scenario.meta.tags],
  };
  const out: string[] = ['---', stringify(header, { lineWidth: 100 }).trimEnd(), '---'];
  for (const [i, step] of scenario.steps.entries()) {
    const r = rec.steps[i];
    if (!r) break;
    for (const n of step.narration) out.push(n === '' ? '#' : `# ${n}`);
    out.push(step.source);
    const lines = r.output === '' ? [] : r.output.split('\n');
    for (const l of lines) out.push(outputLine(l));
    if (r.exitCode !== 0) out.push(`[${r.exitCode}]`);
    out.push('');
  }
  return out.join('\n');
}
