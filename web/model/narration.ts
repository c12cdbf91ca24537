/**
 * A step's narration in two registers. The full text, for operators, cites
 * upstream files: "(swarmkit manager/scheduler/filter.go)". A slide needs one
 * plain sentence: the step's `# short: ...` line if the scenario gives one,
 * else the narration's first sentence without its references. Pure.
 */

const SHORT = /^short:\s*/i;

/** A parenthesis that cites source: a file such as `filter.go`, or a repository path. */
const REFERENCE = /\s*\((?=[^()]*(?:\b[\w-]+\.(?:go|ts|proto|md)\b|\b(?:swarmkit|moby|docker\/cli|libnetwork)\b))[^()]*\)/g;

export interface Narration {
  /** Paragraphs of the narration, `short:` lines left out. */
  readonly paragraphs: readonly string[];
  /** The line for a slide. '' when the step has no narration. */
  readonly short: string;
  /** True when `short` came from a `# short:` line. */
  readonly explicit: boolean;
  /** True when the paragraphs cite upstream sources (worth a "for operators" detail). */
  readonly cites: boolean;
}

/** Upstream references removed: for reading aloud. */
export function withoutReferences(text: string): string {
  return text.replace(REFERENCE, '').replace(/\s+([,.;:])/g, '$1').trim();
}

/** The first sentence of `text`; a leading list number ("3. ") is not a sentence. */
export function firstSentence(text: string): string {
  const body = text.replace(/^\d+\.\s+/, '');
  // A sentence ends at . ! or ? before a blank, except after an abbreviation.
  const re = /[.!?](?=\s|$)/g;
  for (let m = re.exec(body); m; m = re.exec(body)) {
    if (/\b(?:e\.g|i\.e|vs|etc|cf)\.$/i.test(body.slice(0, m.index + 1))) continue;
    return body.slice(0, m.index + 1).trim();
  }
  return body.trim();
}

export function splitNarration(lines: readonly string[]): Narration {
  let short = '';
  const paras: string[][] = [[]];
  for (const line of lines) {
    if (SHORT.test(line.trim())) {
      short ||= line.trim().replace(SHORT, '');
      continue;
    }
    if (line.trim() === '') paras.push([]);
    else paras[paras.length - 1].push(line.trim());
  }
  const paragraphs = paras.filter((p) => p.length).map((p) => p.join(' '));
  const explicit = short !== '';
  if (!explicit && paragraphs.length) short = firstSentence(withoutReferences(paragraphs[0]));
  return { paragraphs, short, explicit, cites: paragraphs.some((p) => withoutReferences(p) !== p) };
}
