/**
 * The shell's `.save FILE`: a session written as a scenario that replays it,
 * with what each command printed as its expected output, generalised the way
 * `swarmsim test --update` writes it (the two share update.ts).
 */
import { Document, isSeq } from 'yaml';
import type { ScenarioMeta, Step } from '../scenario/ast.js';
import { parseScenario } from '../scenario/parse.js';
import { runScenario, type ScenarioSession } from '../scenario/run.js';
import { updateExpectations } from '../scenario/update.js';

export interface SavedSession {
  text: string;
  steps: number;
  /**
   * Steps that print otherwise when the file runs, with why: the answers
   * typed at a prompt come from a here-document there, as from a pipe.
   */
  differ: { line: number; why: string }[];
}

const DEFAULT_META = {
  title: 'A swarmsim shell session',
  description: 'Recorded with swarmsim shell.\nSay here what it shows, and which rule decides it.\n',
  tags: ['shell'],
};

/** `meta`: the front matter of the scenario the session started from, if any. */
export function saveSession(session: ScenarioSession, meta: ScenarioMeta | null, file: string): SavedSession {
  const front = new Document({
    title: meta?.title ?? DEFAULT_META.title,
    description: meta?.description ?? DEFAULT_META.description,
    seed: session.seed,
    tags: meta && meta.tags.length > 0 ? meta.tags : DEFAULT_META.tags,
  });
  const tags = front.get('tags', true);
  if (isSeq(tags)) tags.flow = true;

  const blocks = session.steps.map((s, k) => {
    const narration = s.step.narration.map((n) => (n === '' ? '#' : `# ${n}`));
    return [...narration, withAnswers(s.step, session.answersOf(k))].join('\n');
  });
  const draft = `---\n${front.toString({ flowCollectionPadding: false })}---\n${blocks.join('\n\n')}\n`;

  // The file's own run gives the expectations, so that what is written passes as written.
  const run = runScenario(parseScenario(draft, file), { seed: session.seed });
  const { text } = updateExpectations(draft, run);
  const differ = run.steps
    .map((r, k) => ({ r, k }))
    .filter(({ r, k }) => r.output !== session.steps[k]?.output || r.exitCode !== session.steps[k]?.exitCode)
    .map(({ r, k }) => ({
      line: r.step.line,
      why: r.step.kind === 'docker' && r.step.stdin !== null && session.steps[k]?.step.kind === 'docker' && session.steps[k].step.stdin === null
        ? 'it reads the answers typed at its prompt from a here-document, so they are not echoed'
        : 'it prints otherwise than it did in the shell (a bug of swarmsim: please report it)',
    }));
  return { text, steps: run.steps.length, differ };
}

/**
 * A step whose prompts were answered other than "y" reads its answers from a
 * here-document, as `docker ... <<EOF` would from a pipe ("y" is what a
 * scenario answers by itself).
 */
function withAnswers(step: Step, answers: readonly (string | null)[]): string {
  if (answers.length === 0 || answers.every((a) => a === 'y')) return step.source;
  // The end of input (null) is where the here-document ends.
  const typed = answers.slice(0, answers.includes(null) ? answers.indexOf(null) : undefined) as string[];
  let delimiter = 'EOF';
  while (typed.includes(delimiter)) delimiter += '_';
  return `${step.source} <<${delimiter}\n${typed.map((a) => a + '\n').join('')}${delimiter}`;
}
