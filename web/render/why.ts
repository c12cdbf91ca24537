/**
 * The "why" panel. For a task: its state history, the node x filter matrix
 * of its scheduling decision beside SwarmKit's own message, and for a
 * pending task the smallest changes that would place it. For a node: what
 * its engine reports to the manager, plugins by type, and why each pending
 * service's tasks cannot go there.
 */
import type { TraceEvent } from '../../sim/cluster/trace.js';
import type { PlacementExplanation } from '../../sim/explain.js';
import type { HistoryStep, NodeExplanation } from '../../sim/explain/node.js';
import type { PluginDescriptionType } from '../../sim/model/types.js';
import type { SimSnapshot } from '../../sim/snapshot.js';
import { button, fill, h, vtime } from './dom.js';

export interface WhyContext {
  readonly snapshot: SimSnapshot;
  /** Every event up to the shown instant, oldest first. */
  readonly events: readonly TraceEvent[];
  readonly hostOf: (nodeId: string) => string;
  /**
   * Explanations of the tasks whyTasks() named, computed in the worker
   * (which holds the simulator); null while they are on their way.
   */
  readonly explanations: ReadonlyMap<string, PlacementExplanation | null> | null;
  /** The steps up to the shown instant, for "removed at step N" (empty when unknown). */
  readonly history?: readonly HistoryStep[];
  /** A node's services, why (not) here: computed in the worker, null while on its way. */
  readonly node?: NodeExplanation | null;
  readonly onSelectTask: (id: string) => void;
  readonly onTry: (command: string) => void;
  readonly onClose: () => void;
}

export function renderWhyTask(host: HTMLElement, taskId: string, ctx: WhyContext): void {
  const task = ctx.snapshot.tasks.find((t) => t.id === taskId);
  if (!task) {
    fill(host, h('p', { class: 'hint' }, 'This task does not exist at this point of the run.'), closeButton(ctx));
    return;
  }
  const ex = ctx.explanations?.get(taskId) ?? null;
  const where = task.nodeId ? `on ${ctx.hostOf(task.nodeId)}` : 'not on any node';
  fill(host, 
    h('h3', {}, `Task ${task.name}`),
    h('p', { class: 'why-facts' }, `${task.status.state} (desired ${task.desiredState}), ${where}`, h('br'), h('code', {}, task.id)),
    task.status.err ? h('p', { class: 'why-error' }, h('strong', {}, 'Error: '), task.status.err) : null,
    historySection(task.id, ctx),
    ex ? decisionSection(ex, ctx) : ctx.explanations ? null : h('p', { class: 'hint why-loading' }, 'Explaining…'),
    closeButton(ctx),
  );
}

function closeButton(ctx: WhyContext): HTMLElement {
  return h('p', {}, button('Close', ctx.onClose, { class: 'quiet' }));
}

function historySection(taskId: string, ctx: WhyContext): HTMLElement {
  const rows = ctx.events.filter((e) => e.subject === taskId);
  const what = (e: TraceEvent): string => {
    switch (e.kind) {
      case 'task.created':
        return `created ${e.after ?? ''}`.trim();
      case 'task.assigned':
        return `assigned to ${ctx.hostOf(e.after ?? '')}`;
      case 'task.state':
        return `${e.before} → ${e.after}`;
      case 'task.desired':
        return `desired ${e.before} → ${e.after}`;
      case 'task.error':
        return e.after ? `error: ${e.after}` : 'error cleared';
      case 'task.removed':
        return 'removed';
      default:
        return e.kind;
    }
  };
  return h(
    'section',
    { class: 'why-section' },
    h('h4', {}, 'State history'),
    rows.length
      ? h(
          'table',
          { class: 'history' },
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'time'), h('th', { scope: 'col' }, 'change'), h('th', { scope: 'col' }, 'by'))),
          h('tbody', {}, rows.map((e) => h('tr', {}, h('td', {}, vtime(e.time)), h('td', {}, what(e)), h('td', {}, e.cause)))),
        )
      : h('p', { class: 'hint' }, 'No recorded changes yet.'),
  );
}

function decisionSection(ex: PlacementExplanation, ctx: WhyContext): HTMLElement {
  const pending = !ex.placed;
  const d = ex.decision;
  return h(
    'section',
    { class: 'why-section' },
    h('h4', {}, 'Scheduling decision'),
    h('p', { class: 'why-because' }, h('strong', {}, pending ? 'Why pending: ' : `Why ${ex.task.node ?? 'here'}: `), ex.because),
    pending
      ? h(
          'div',
          { class: 'swarmkit-message' },
          h('span', { class: 'label' }, "SwarmKit's message: "),
          ex.swarmkitMessage ? h('q', {}, ex.swarmkitMessage) : h('span', {}, '(none yet: it has not been through a scheduling pass)'),
        )
      : null,
    d
      ? h(
          'p',
          { class: 'hint why-recorded' },
          `Recorded when it was placed, at ${vtime(d.time)}: ${d.kind === 'preassigned' ? 'confirmed on its node' : d.groupSize === 1 ? 'placed alone' : `task ${d.index + 1} of ${d.groupSize} placed in one pass`} ("${d.message}").`,
          d.full ? null : ` ${d.nodeCount} nodes: only the best nodes were recorded, not every verdict.`,
        )
      : ex.placed
        ? h('p', { class: 'hint' }, 'Not recorded when it was placed: the filters as they stand now.')
        : ex.lastPass
          ? h('p', { class: 'hint why-recorded' }, `Recorded at the scheduler's last pass that could not place it, at ${vtime(ex.lastPass.time)}: the filters as that pass saw them; the fixes are worked out against the state now.`)
          : null,
    ex.task.preassigned ? h('p', { class: 'hint' }, 'A global task: the orchestrator chose its node, the filters only check it.') : null,
    d && !d.full ? null : matrixTable(ex),
    d ? rankingTable(ex) : null,
    ex.sinceDecision.length
      ? h(
          'div',
          { class: 'why-since' },
          h('h4', {}, pending ? 'Since that pass (the next pass sees these)' : 'Since then (a placed task is not moved when these change)'),
          h('ul', {}, ex.sinceDecision.map((c) => h('li', {}, `${c.node} ${c.filter}: ${c.reason}`))),
        )
      : null,
    pending && ex.fixes.length ? fixesSection(ex, ctx) : null,
    pending && !ex.fixes.length ? h('p', { class: 'hint' }, 'No single-node change found that would place it.') : null,
  );
}

/** The nodes that passed, best first by SwarmKit's keys at the moment of the task. */
function rankingTable(ex: PlacementExplanation): HTMLElement {
  const d = ex.decision!;
  const service = ex.task.name.slice(0, ex.task.name.lastIndexOf('.'));
  const failures = d.ranking.some((r) => r.recentFailures > 0);
  return h(
    'div',
    { class: 'matrix-wrap' },
    h(
      'table',
      { class: 'matrix ranking' },
      h('caption', {}, `Nodes that passed, best first: ${d.preferences.length ? 'spread branches first, then ' : ''}fewer tasks of ${service}, then fewer tasks in all.`),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'node'),
          d.preferences.map((p) => h('th', { scope: 'col' }, p)),
          h('th', { scope: 'col' }, `tasks of ${service}`),
          h('th', { scope: 'col' }, 'tasks in all'),
          failures ? h('th', { scope: 'col' }, 'recent failures') : null,
          h('th', { scope: 'col' }, ''),
        ),
      ),
      h(
        'tbody',
        {},
        d.ranking.map((r) =>
          h(
            'tr',
            { 'data-node': r.node, class: r.chosen ? 'chosen' : '' },
            h('th', { scope: 'row' }, r.node),
            r.branch.map((b) => h('td', {}, b || '(none)')),
            h('td', {}, String(r.tasksOfService)),
            h('td', {}, String(r.totalTasks)),
            failures ? h('td', {}, String(r.recentFailures)) : null,
            h('td', {}, r.chosen ? '← chosen' : d.tie.includes(r.node) ? 'tied' : ''),
          ),
        ),
      ),
    ),
  );
}

function matrixTable(ex: PlacementExplanation): HTMLElement {
  if (!ex.filters.length) return h('p', { class: 'hint' }, 'No filter applies to this task.');
  return h(
    'div',
    { class: 'matrix-wrap' },
    h(
      'table',
      { class: 'matrix' },
      h('caption', {}, 'Nodes × filters, in the pipeline’s order; a node counts against the first filter it fails.'),
      h(
        'thead',
        {},
        h('tr', {}, h('th', { scope: 'col' }, 'node'), ex.filters.map((f) => h('th', { scope: 'col' }, f)), h('th', { scope: 'col' }, 'result')),
      ),
      h(
        'tbody',
        {},
        ex.matrix.map((row) =>
          h(
            'tr',
            { 'data-node': row.node, class: row.pass ? 'pass' : 'fail' },
            h('th', { scope: 'row' }, row.node),
            row.verdicts.map((v) =>
              h(
                'td',
                { class: v.pass ? 'pass' : 'fail', 'data-filter': v.filter },
                v.pass ? '✓ pass' : h('span', {}, row.countedAgainst === v.filter ? '✗ counted: ' : '✗ ', v.reason),
              ),
            ),
            h('td', { class: row.pass ? 'pass' : 'fail' }, row.pass ? '✓ eligible' : '✗ no'),
          ),
        ),
      ),
    ),
  );
}

function fixesSection(ex: PlacementExplanation, ctx: WhyContext): HTMLElement {
  return h(
    'div',
    { class: 'fixes' },
    h('h4', {}, 'Smallest changes that would place it'),
    h(
      'ul',
      {},
      ex.fixes.map((f) =>
        h(
          'li',
          {},
          h('strong', {}, f.node),
          h(
            'ul',
            {},
            f.changes.map((c) =>
              h('li', {}, c.text, c.command ? [' ', button(`Try: ${c.command}`, () => ctx.onTry(c.command!), { class: 'try-fix' })] : null),
            ),
          ),
        ),
      ),
    ),
  );
}

const TYPES: readonly PluginDescriptionType[] = ['Volume', 'Network', 'Log', 'Authorization'];
const BUILTIN = new Set([
  'Volume:local',
  'Network:bridge',
  'Network:host',
  'Network:ipvlan',
  'Network:macvlan',
  'Network:null',
  'Network:overlay',
  ...['awslogs', 'fluentd', 'gcplogs', 'gelf', 'journald', 'json-file', 'local', 'splunk', 'syslog'].map((l) => `Log:${l}`),
]);

/** One pending task per service: its tasks share a spec, so they share the answer. */
function pendingReps(snap: SimSnapshot): Map<string, { id: string; count: number }> {
  const reps = new Map<string, { id: string; count: number }>();
  for (const t of snap.tasks) {
    if (t.nodeId || t.desiredState !== 'running') continue;
    const r = reps.get(t.serviceId);
    if (r) r.count++;
    else reps.set(t.serviceId, { id: t.id, count: 1 });
  }
  return reps;
}

/** The tasks whose explanations the panel needs for a selection. */
export function whyTasks(snap: SimSnapshot, sel: { task: string | null; machine: string | null }): string[] {
  if (sel.task) return snap.tasks.some((t) => t.id === sel.task) ? [sel.task] : [];
  if (sel.machine) return [...pendingReps(snap).values()].map((r) => r.id);
  return [];
}

export function renderWhyNode(host: HTMLElement, machineName: string, ctx: WhyContext): void {
  const snap = ctx.snapshot;
  const m = snap.machines.find((x) => x.name === machineName);
  if (!m) {
    fill(host, h('p', { class: 'hint' }, `${machineName} does not exist at this point of the run.`), closeButton(ctx));
    return;
  }
  const n = m.nodeId ? snap.nodes.find((x) => x.id === m.nodeId) : undefined;
  const reported = n?.description?.engine.plugins ?? [];
  const engine = new Set(m.plugins.filter((p) => p.enabled).map((p) => p.name));
  const reportedNames = new Set(reported.map((p) => p.name));
  const byType = TYPES.map((type) => ({
    type,
    names: reported.filter((p) => p.type === type && !BUILTIN.has(`${p.type}:${p.name}`)).map((p) => p.name),
    builtins: reported.filter((p) => p.type === type && BUILTIN.has(`${p.type}:${p.name}`)).length,
  }));
  const notYet = [...engine].filter((name) => !reportedNames.has(name));
  const gone = byType.flatMap((t) => t.names).filter((name) => !engine.has(name));

  const tasksHere = snap.tasks.filter((t) => t.nodeId && t.nodeId === m.nodeId);
  const reps = pendingReps(snap);
  const svcName = (id: string): string => snap.services.find((s) => s.id === id)?.name ?? id;

  fill(host, 
    h('h3', {}, `Node ${m.name}`),
    h(
      'p',
      { class: 'why-facts' },
      n ? `${n.role}${n.leader ? ', leader' : ''}, availability ${n.availability}, status ${n.status}` : 'not part of the swarm',
      ` · ${m.ip} · ${m.running ? 'engine running' : 'engine stopped'}`,
    ),
    h(
      'section',
      { class: 'why-section' },
      h('h4', {}, 'Plugins it reports to the manager'),
      n
        ? h(
            'dl',
            { class: 'reported' },
            byType.flatMap((t) => [
              h('dt', {}, t.type),
              h('dd', {}, t.names.length ? t.names.join(', ') : 'none', t.builtins ? h('span', { class: 'hint' }, ` (+${t.builtins} built-in)`) : null),
            ]),
          )
        : h('p', { class: 'hint' }, 'Only swarm nodes report to a manager.'),
      notYet.length ? h('p', { class: 'why-error' }, `⟳ Installed but not reported yet: ${notYet.join(', ')} (the agent reports every 20 s).`) : null,
      gone.length ? h('p', { class: 'why-error' }, `⟳ Reported but no longer on the engine: ${gone.join(', ')}.`) : null,
      h('p', { class: 'hint' }, `Engine: ${m.plugins.length ? m.plugins.map((p) => `${p.name} (${p.enabled ? 'enabled' : 'disabled'})`).join(', ') : 'no plugins'}.`),
    ),
    h(
      'section',
      { class: 'why-section' },
      h('h4', {}, `Tasks on this node (${tasksHere.length})`),
      tasksHere.length
        ? h(
            'ul',
            { class: 'task-list' },
            tasksHere.slice(0, 200).map((t) => h('li', {}, button(`${t.name} · ${t.status.state}`, () => ctx.onSelectTask(t.id), { class: 'link' }))),
            tasksHere.length > 200 ? h('li', { class: 'hint' }, `… and ${tasksHere.length - 200} more`) : null,
          )
        : h('p', { class: 'hint' }, 'None.'),
    ),
    n ? servicesSection(snap, m.name, ctx) : null,
    h(
      'section',
      { class: 'why-section' },
      h('h4', {}, 'Pending tasks: why not here?'),
      reps.size === 0
        ? h('p', { class: 'hint' }, 'No task is waiting for a node.')
        : h(
            'ul',
            { class: 'why-not' },
            [...reps.entries()].map(([serviceId, r]) => {
              const ex = ctx.explanations?.get(r.id) ?? null;
              const row = ex?.matrix.find((x) => x.node === m.name);
              const label = `${r.count} task${r.count === 1 ? '' : 's'} of ${svcName(serviceId)}`;
              const why = !n
                ? 'not a swarm node'
                : !ctx.explanations
                  ? '…'
                  : !row
                  ? 'not considered (a global task names its own node)'
                  : row.pass
                    ? 'it could go here now; the scheduler will place it on its next pass'
                    : row.verdicts
                        .filter((v) => !v.pass)
                        .map((v) => `${v.filter}: ${v.reason}`)
                        .join('; ');
              return h('li', {}, button(label, () => ctx.onSelectTask(r.id), { class: 'link' }), ` — ${why}`);
            }),
          ),
    ),
    closeButton(ctx),
  );
}

/** Each service: why its tasks are, or are not, on this node, with the step that caused it and runnable fixes. */
function servicesSection(_snap: SimSnapshot, _machine: string, ctx: WhyContext): HTMLElement | null {
  const ex = ctx.node;
  if (!ex || ex.services.length === 0) return null;
  return h(
    'section',
    { class: 'why-section' },
    h('h4', {}, 'Services: why (not) here?'),
    h(
      'ul',
      { class: 'why-services' },
      ex.services.map((s) =>
        h(
          'li',
          { 'data-service': s.service },
          s.because,
          s.fixes.length
            ? h('ul', {}, s.fixes.map((c) => h('li', {}, c.text, c.command ? [' ', button(`Try: ${c.command}`, () => ctx.onTry(c.command!), { class: 'try-fix' })] : null)))
            : null,
        ),
      ),
    ),
  );
}
