/**
 * The scenario library's rules (`swarmsim lint`, also run by `swarmsim test`):
 * what makes a scenario teach as well as test. The README's "Adding a
 * scenario" states the same rules; each problem names its rule.
 *
 * All but two are read from the file alone; `settles` needs a run, so
 * `swarmsim test` checks it (lintRun), and `recorded` needs the recordings
 * of a swarmsim checkout (lintRecording), where the CLI finds them.
 */
import type { Scenario, Step } from './ast.js';
import type { ScenarioRun } from './run.js';

export type LintRule = 'file-name' | 'title' | 'description' | 'tags' | 'steps' | 'narration' | 'expected-output' | 'settles' | 'recorded';

export interface LintProblem {
  readonly file: string;
  /** 1-based; 1:1 for a problem of the whole file. */
  readonly line: number;
  readonly column: number;
  readonly rule: LintRule;
  readonly message: string;
}

/** `<topic>-<name>.swarm`, kebab-case. */
export const TOPICS = ['doc', 'plugin', 'node', 'placement', 'lifecycle', 'stack'] as const;
const FILE_NAME = new RegExp(`^(?:${TOPICS.join('|')})-[a-z0-9]+(?:-[a-z0-9]+)*\\.swarm$`);
/** The two examples of Docker's documents keep the names the UI and links open them by. */
export const DOCUMENT_EXAMPLES: readonly string[] = ['weave2-network-plugin.swarm', 'volume-plugin-on-worker.swarm'];

export const LIMITS = {
  descriptionLines: [2, 4],
  maxSteps: 25,
  /** At most this share of the steps may go without narration. */
  silentShare: 0.25,
  /** More than this share of the steps must have expected output. */
  checkedShare: 0.5,
  /** A scenario of at most this many machines is replayed on a real Swarm: the lab's engines (test/real/). */
  recordedMachines: 8,
} as const;

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** The rules that read the file: everything but `settles`. */
export function lintScenario(scenario: Scenario, text: string): LintProblem[] {
  const file = scenario.file;
  const problems: LintProblem[] = [];
  const at = (line: number, column: number, rule: LintRule, message: string): void => {
    problems.push({ file, line, column, rule, message });
  };
  const keyLine = frontMatterKeys(text);

  const base = file.split(/[\\/]/).pop() ?? file;
  if (!DOCUMENT_EXAMPLES.includes(base) && !FILE_NAME.test(base)) {
    at(1, 1, 'file-name', `file name ${JSON.stringify(base)}: name a scenario <topic>-<name>.swarm, with <topic> one of ${TOPICS.join(', ')} and lower-case letters, digits and dashes`);
  }

  const { meta, steps } = scenario;
  if (!meta.title?.trim()) at(keyLine.get('title') ?? 1, 1, 'title', 'the front matter needs a "title"');
  const described = (meta.description ?? '').split('\n').filter((l) => l.trim() !== '').length;
  const [minDesc, maxDesc] = LIMITS.descriptionLines;
  if (described < minDesc || described > maxDesc) {
    at(
      keyLine.get('description') ?? 1,
      1,
      'description',
      meta.description === undefined
        ? `the front matter needs a "description" of ${minDesc} to ${maxDesc} lines: what the scenario shows and which rule decides it`
        : `"description" has ${plural(described, 'line')}: write ${minDesc} to ${maxDesc}`,
    );
  }
  if (meta.tags.length === 0) at(keyLine.get('tags') ?? 1, 1, 'tags', 'the front matter needs "tags" (at least one, such as plugins, network, placement)');

  if (steps.length === 0) {
    at(1, 1, 'steps', 'no steps: a scenario is "HOST$ docker ..." commands and "sim$ ..." directives');
    return problems;
  }
  if (steps.length > LIMITS.maxSteps) {
    const extra = steps[LIMITS.maxSteps];
    at(extra.line, 1, 'steps', `${plural(steps.length, 'step')}: keep a scenario to ${LIMITS.maxSteps} at most (split it in two)`);
  }

  const silent = steps.filter((s) => s.narration.every((l) => l.trim() === ''));
  if (silent.length > steps.length * LIMITS.silentShare) {
    const may = Math.floor(steps.length * LIMITS.silentShare);
    for (const s of silent) {
      at(s.line, 1, 'narration', `no narration above this step: ${silent.length} of ${steps.length} steps have none, at most ${may} may (a "# ..." comment says what happens and why)`);
    }
  }

  const unchecked = steps.filter((s: Step) => s.expected === null);
  const checked = steps.length - unchecked.length;
  if (!(checked > steps.length * LIMITS.checkedShare)) {
    const need = Math.floor(steps.length * LIMITS.checkedShare) + 1;
    for (const s of unchecked) {
      at(s.line, 1, 'expected-output', `no expected output under this step: ${checked} of ${steps.length} steps have some, at least ${need} must ("swarmsim test --update" writes it)`);
    }
  }
  return problems;
}

/** A scenario that shows a crash loop on purpose says so with this tag. */
export const CRASH_LOOP_TAG = 'crash-loop';

/**
 * The rule that needs a run: every step settles (nothing left running away). A crash loop
 * is allowed where the scenario is tagged `crash-loop`: some teach exactly that.
 */
export function lintRun(scenario: Scenario, run: ScenarioRun): LintProblem[] {
  const loopsOnPurpose = scenario.meta.tags.includes(CRASH_LOOP_TAG);
  return run.steps
    .filter((s) => !s.settled && !(loopsOnPurpose && s.unsettled === 'crash-loop'))
    .map((s) => ({
      file: scenario.file,
      line: s.step.line,
      column: 1,
      rule: 'settles' as const,
      message: 'the simulation did not settle after this step (something keeps changing, such as a task failing over and over)',
    }));
}

/** A library scenario's recording on a real Swarm, as a checkout holds it (test/real/recorded/NAME.json). */
export interface RecordingLookup {
  /** The recording's path, as messages show it. */
  readonly path: string;
  /** The scenario's path from the checkout's root (scenarios/NAME.swarm), for the command that records it. */
  readonly scenario: string;
  /** The source of each recorded step, in order; null when there is no recording. */
  readonly sources: readonly string[] | null;
}

/**
 * The rule of the library that needs a real Swarm: npm test compares every
 * library scenario of at most LIMITS.recordedMachines machines, step by step,
 * with its recording (test/real/differential.test.ts), so a new scenario is
 * recorded and a changed one re-recorded. Only root, with Debian's docker.io,
 * can record: the message says how.
 */
export function lintRecording(scenario: Scenario, recording: RecordingLookup): LintProblem[] {
  if (engines(scenario) > LIMITS.recordedMachines) return [];
  const record = `as root, "npm run real -- --record ${recording.scenario}" records it (the README's "The real Swarm")`;
  const at = (line: number, message: string): LintProblem => ({ file: scenario.file, line, column: 1, rule: 'recorded', message });
  if (recording.sources === null) {
    return [at(1, `no recording on a real Swarm (${recording.path}), which npm test compares a library scenario of at most ${LIMITS.recordedMachines} machines with: ${record}`)];
  }
  const changed = scenario.steps.findIndex((s, k) => recording.sources?.[k] !== s.source);
  if (changed < 0) return [];
  return [at(scenario.steps[changed].line, `this step changed since the scenario was recorded on a real Swarm (${recording.path}): re-record it; ${record}`)];
}

/** The machines the lab starts an engine for: prompts, and `sim$ machine|stop|start NAME` (as test/real/replay.ts counts them). */
function engines(scenario: Scenario): number {
  const names = new Set<string>();
  for (const s of scenario.steps) {
    if (s.kind === 'docker') for (const h of s.hosts ?? [s.host]) names.add(h);
    else if (s.directive.name === 'machine' || s.directive.name === 'stop' || s.directive.name === 'start') names.add(s.directive.machine);
  }
  return names.size;
}

/** `FILE:LINE:COL: message [rule]`. */
export function formatProblem(p: LintProblem): string {
  return `${p.file}:${p.line}:${p.column}: ${p.message} [${p.rule}]`;
}

/** The 1-based lines of the front matter's top-level keys, for locating problems there. */
function frontMatterKeys(text: string): Map<string, number> {
  const out = new Map<string, number>();
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  if (lines[0]?.trimEnd() !== '---') return out;
  for (let k = 1; k < lines.length && lines[k].trimEnd() !== '---'; k++) {
    const m = /^([A-Za-z_][\w-]*)\s*:/.exec(lines[k]);
    if (m && !out.has(m[1])) out.set(m[1], k + 1);
  }
  return out;
}
