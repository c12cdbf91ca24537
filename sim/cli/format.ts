/**
 * Text and JSON renderings of runs and explanations. Pure functions of their
 * inputs (no I/O), so the shell, `run` and the tests share them.
 */
import type { PlacementExplanation } from '../explain.js';
import type { NodeExplanation } from '../explain/node.js';
import type { ScenarioRun, StepRun } from '../scenario/run.js';
import type { SimSnapshot } from '../snapshot.js';
import { tabwrite } from '../docker/format/tabwriter.js';

/**
 * One step as a transcript: narration as `# ...`, the prompt line as written,
 * the output, and `[N]` for a non-zero exit status, so that a transcript is
 * itself (close to) a scenario that passes. A blank line sets a step apart
 * from output above it and from the step before its narration (blank lines
 * after output are ignored when the transcript is read back as a scenario).
 */
export function transcriptStep(s: StepRun, previous: StepRun | null): string {
  let out = '';
  const narrated = s.step.narration.length > 0;
  if (previous && (narrated || stepOutput(previous) !== '')) out += '\n';
  for (const n of s.step.narration) out += n === '' ? '#\n' : `# ${n}\n`;
  out += s.step.source + '\n';
  out += stepOutput(s);
  return out;
}

/** What the step printed, ending with a newline, then `[N]` when it failed. */
export function stepOutput(s: StepRun): string {
  let out = s.output;
  if (out !== '' && !out.endsWith('\n')) out += '\n';
  if (s.exitCode !== 0) out += `[${s.exitCode}]\n`;
  return out;
}

export interface JsonStep {
  line: number;
  host: string;
  command: string;
  output: string;
  exitCode: number;
  time: number;
}

export interface JsonNode {
  id: string;
  hostname: string;
  role: string;
  leader: boolean;
  availability: string;
  status: string;
  plugins: { name: string; types: string[]; enabled: boolean }[];
}

export interface JsonService {
  id: string;
  name: string;
  mode: string;
  /** Desired replicas (completions for a replicated job); null for global services. */
  replicas: number | null;
}

export interface JsonTask {
  id: string;
  name: string;
  service: string;
  slot: number;
  /** Hostname of the node, or null while unassigned. */
  node: string | null;
  desiredState: string;
  state: string;
  /** The task's error (the scheduler's "no suitable node (...)"...), or null. */
  error: string | null;
}

export interface JsonRun {
  seed: number;
  steps: JsonStep[];
  final: { time: number; nodes: JsonNode[]; services: JsonService[]; tasks: JsonTask[] };
}

/** The `run --json` document: the public shape of a run (issue contract). */
export function jsonRun(run: ScenarioRun): JsonRun {
  const last = run.steps.length > 0 ? run.steps[run.steps.length - 1].snapshot : run.initial;
  return {
    seed: run.seed,
    steps: run.steps.map((s) => ({
      line: s.step.line,
      host: s.host,
      command: s.command,
      output: s.output,
      exitCode: s.exitCode,
      time: s.time,
    })),
    final: jsonState(last),
  };
}

export function jsonState(snap: SimSnapshot): JsonRun['final'] {
  const hostOf = new Map(snap.nodes.map((n) => [n.id, n.hostname]));
  const serviceName = new Map(snap.services.map((s) => [s.id, s.name]));
  return {
    time: snap.time,
    nodes: snap.nodes.map((n) => {
      const m = snap.machines.find((x) => x.name === n.hostname);
      return {
        id: n.id,
        hostname: n.hostname,
        role: n.role,
        leader: n.leader,
        availability: n.availability,
        status: n.status,
        plugins: (m?.plugins ?? []).map((p) => ({ name: p.name, types: [...p.capabilities], enabled: p.enabled })),
      };
    }),
    services: snap.services.map((s) => {
      const mode = s.spec.mode;
      const replicas = mode.kind === 'replicated' ? mode.replicas : mode.kind === 'replicated-job' ? mode.totalCompletions : null;
      return { id: s.id, name: s.name, mode: mode.kind, replicas };
    }),
    tasks: snap.tasks.map((t) => ({
      id: t.id,
      name: t.name,
      service: serviceName.get(t.serviceId) ?? t.serviceId,
      slot: t.slot,
      node: hostOf.get(t.nodeId) ?? null,
      desiredState: t.desiredState,
      state: t.status.state,
      error: t.status.err === '' ? null : t.status.err,
    })),
  };
}

const MATRIX_TABS = { minwidth: 0, tabwidth: 8, padding: 2, padchar: ' ' } as const;

/** What the CLI knows beside the explanation: where in the scenario it was placed, what other seeds do. */
export interface ExplanationContext {
  /** "during step 7 (line 83)" */
  readonly placedDuring?: string;
  /** "with seed 2 it lands on node3" */
  readonly otherSeeds?: string;
  /** "during step 4 (line 12)": when the last pass of a pending task ran. */
  readonly lastPassDuring?: string;
}

/** A readable explanation: the task, the node x filter matrix, the ranking and the decisive sentence, or SwarmKit's message and the fixes. */
export function formatExplanation(e: PlacementExplanation, ctx: ExplanationContext = {}): string {
  const t = e.task;
  const lines: string[] = [];
  lines.push(`Task ${t.name} (${t.id})`);
  lines.push(`  state ${t.state}, desired ${t.desiredState}, node ${t.node ?? '(none)'}${t.preassigned ? ' (preassigned: a global task)' : ''}`);
  if (t.error) lines.push(`  error: ${t.error}`);
  lines.push('');
  const d = e.decision;
  if (d) {
    const pass = d.kind === 'preassigned' ? 'confirmed on its node' : d.groupSize === 1 ? 'placed alone' : `task ${d.index + 1} of ${d.groupSize} placed in one pass`;
    lines.push(`Placed ${ctx.placedDuring ?? `at ${d.time} ms`}: ${pass} ("${d.message}").`);
    lines.push(d.full ? 'The filters as the scheduler saw them then:' : `The filters then: ${d.nodeCount} nodes, more than 64, so only the best nodes were recorded, not every verdict.`);
  } else if (e.placed) {
    lines.push('Not recorded when it was placed: the filters as they stand now.');
  } else if (e.lastPass) {
    lines.push(`The scheduler's last pass ${ctx.lastPassDuring ?? `at ${e.lastPass.time} ms`} could not place it; the filters as that pass saw them:`);
  }
  if (d && !d.full) {
    // no matrix
  } else if (e.matrix.length === 0) {
    lines.push('No nodes to place it on.');
  } else if (e.filters.length === 0) {
    lines.push('No filter applies to this task.');
  } else {
    const rows = [['NODE', ...e.filters].join('\t')];
    for (const n of e.matrix) {
      rows.push([n.node, ...n.verdicts.map((v) => (v.pass ? 'ok' : v.reason || 'fails'))].join('\t'));
    }
    lines.push(...table(rows));
    const counted = e.matrix.filter((n) => n.countedAgainst);
    if (counted.length > 0 && !d) {
      lines.push('');
      lines.push('SwarmKit counts each node against the first filter it fails:');
      for (const n of counted) lines.push(`  ${n.node}: ${n.countedAgainst}`);
    }
  }
  if (d) {
    lines.push('');
    lines.push(...rankingLines(e));
    if (e.sinceDecision.length > 0) {
      lines.push('');
      lines.push('Since then (a placed task is not moved when these change):');
      for (const c of e.sinceDecision) lines.push(`  ${c.node} ${c.filter}: ${c.reason}`);
    }
    lines.push('');
    lines.push(`Why ${t.node}: ${e.because}${ctx.otherSeeds ? ` ${cap(ctx.otherSeeds)}.` : ''}`);
    return lines.join('\n') + '\n';
  }
  lines.push('');
  if (e.placed) {
    lines.push(`Why ${t.node ?? 'there'}: ${e.because}`);
    return lines.join('\n') + '\n';
  }
  if (e.lastPass && e.sinceDecision.length > 0) {
    lines.push('Since that pass (the scheduler sees these at its next one):');
    for (const c of e.sinceDecision) lines.push(`  ${c.node} ${c.filter}: ${c.reason}`);
    lines.push('');
  }
  lines.push(`Why pending: ${e.because}`);
  lines.push(`SwarmKit says: ${e.swarmkitMessage || '(nothing: the task can be placed)'}`);

  if (e.fixes.length > 0) {
    lines.push('');
    const against = e.lastPass ? ', worked out against the state now' : '';
    lines.push(e.fixes.length === 1 ? `Smallest change that would place it${against}:` : `Smallest changes that would place it (any one node${against}):`);
    for (const f of e.fixes) {
      // A node's name has no space: "service web" is a change to the service, not to one node.
      lines.push(f.node.includes(' ') && f.node.startsWith('service ') ? `  for ${f.node}:` : `  on ${f.node}:`);
      for (const c of f.changes) {
        lines.push(`    - ${c.text}`);
        if (c.command) lines.push(`        ${c.command}`);
      }
    }
  }
  return lines.join('\n') + '\n';
}

function rankingLines(e: PlacementExplanation): string[] {
  const d = e.decision!;
  if (d.ranking.length === 0) return ['No node passed every filter when it was placed.'];
  const service = e.task.name.slice(0, e.task.name.lastIndexOf('.'));
  const failures = d.ranking.some((r) => r.recentFailures > 0);
  const head = ['NODE', ...d.preferences.map((p) => p.toUpperCase()), `TASKS OF ${service}`, 'TASKS IN ALL', ...(failures ? ['RECENT FAILURES'] : []), ''];
  const rows = [head.join('\t')];
  for (const r of d.ranking)
    rows.push(
      [r.node, ...r.branch.map((b) => b || '(none)'), String(r.tasksOfService), String(r.totalTasks), ...(failures ? [String(r.recentFailures)] : []), r.chosen ? '<- chosen' : ''].join('\t'),
    );
  const order = d.preferences.length > 0 ? 'spread branches first, then ' : '';
  return [`Nodes that passed, best first (${order}fewer tasks of ${service}, then fewer tasks in all), when it was placed:`, ...table(rows)];
}

const table = (rows: string[]): string[] => tabwrite(rows, MATRIX_TABS).trimEnd().split('\n').map((l) => l.trimEnd());
const cap = (s: string): string => (s ? s[0].toUpperCase() + s.slice(1) : s);

/** `explain --node`: one paragraph per service, its sentence and the lines that would bring it here. */
export function formatNodeExplanation(e: NodeExplanation): string {
  const lines: string[] = [];
  if (e.services.length === 0) lines.push('There are no services.');
  for (const s of e.services) {
    lines.push(s.because);
    for (const f of s.fixes) {
      lines.push(`  - ${f.text}`);
      if (f.command) lines.push(`      ${f.command}`);
    }
  }
  return lines.join('\n') + '\n';
}
