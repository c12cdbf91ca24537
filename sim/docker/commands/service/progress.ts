/**
 * Waiting for a service to converge, and the progress display shown meanwhile
 * (cli/command/service/progress/progress.go, rendered as moby
 * client/pkg/jsonmessage does on a wide terminal).
 */
import type { CommandContext } from '../../command.js';
import { truncateID } from '../../format/text.js';
import { cliError, daemonError, DockerError } from '../../../errors.js';
import type { Service, Task } from '../../../model/types.js';
import type { TaskState } from '../../../model/taskState.js';
import { isTaskDirty } from '../../../orchestrator/taskFactory.js';
import { TIMINGS, type Simulation } from '../../../simulation.js';
import { naturalCompare } from '../task.js';
import { isJob } from './spec.js';

// ===========================================================================
// Progress (cli/command/service/progress/progress.go)
// ===========================================================================

/** progress.go numberedStates; states missing from it (remove, orphaned) count as 0 and are skipped. */
const NUMBERED: Partial<Record<TaskState, number>> = {
  new: 1,
  pending: 3,
  assigned: 4,
  accepted: 5,
  preparing: 6,
  ready: 7,
  starting: 8,
  running: 9,
  complete: 10,
  shutdown: 11,
  failed: 12,
  rejected: 13,
};
const num = (s: TaskState): number => NUMBERED[s] ?? 0;
const terminal = (s: TaskState): boolean => num(s) > num('running');
/** The longest non-terminal state name, plus `complete` (`allocated`, `preparing`). */
const LONGEST_STATE = 9;
const MAX_PROGRESS = 9;
const MAX_JOB_PROGRESS = 10;
const MAX_PROGRESS_BARS = 20;

/** jsonmessage RenderTUIProgress on a terminal wider than 110 columns, counts hidden. */
function progressBar(current: number, total: number): string {
  if (current <= 0 && total <= 0) return '';
  const pct = Math.min(Math.trunc(Math.trunc((current / total) * 100) / 2), 50);
  return `[${'='.repeat(pct)}>${' '.repeat(Math.max(50 - pct, 0))}] `;
}

/** progress.go truncError: one line, at most 75 bytes (74 and an ellipsis). */
function truncError(err: string): string {
  const oneLine = err.replace(/\n/g, ' ');
  const bytes = new TextEncoder().encode(oneLine);
  if (bytes.length <= 75) return oneLine;
  return new TextDecoder().decode(bytes.slice(0, 74)).replace(/\uFFFD$/, '') + '…';
}

/**
 * The terminal as jsonmessage.DisplayJSONMessagesStream leaves it: each
 * progress ID owns a line that later writes redraw in place; a plain message
 * is printed below and starts a fresh set of lines.
 */
class TtyFrame {
  readonly lines: string[] = [];
  private ids = new Map<string, number>();

  progress(id: string, action: string, current = 0, total = 0): void {
    let at = this.ids.get(id);
    if (at === undefined) {
      at = this.lines.length;
      this.ids.set(id, at);
      this.lines.push('');
    }
    this.lines[at] = `${id}: ${action} ${progressBar(current, total)}`;
  }

  message(id: string, text: string): void {
    this.ids.clear();
    this.lines.push(id ? `${id}: ${text}` : text);
  }
}

const padState = (s: string): string => s.padEnd(LONGEST_STATE, ' ');

/** The lowest-desired (then lowest-observed) task per key, as tasksBySlot / tasksByNode pick them. */
function pickPerKey(tasks: readonly Task[], key: (t: Task) => string | number, active?: Set<string>): Map<string | number, Task> {
  const out = new Map<string | number, Task>();
  for (const t of tasks) {
    if (num(t.desiredState) === 0 || num(t.status.state) === 0) continue;
    const existing = out.get(key(t));
    if (existing) {
      if (num(existing.desiredState) < num(t.desiredState)) continue;
      if (num(existing.desiredState) === num(t.desiredState) && num(existing.status.state) <= num(t.status.state)) continue;
    }
    if (active && t.nodeId !== '' && !active.has(t.nodeId)) continue;
    out.set(key(t), t);
  }
  return out;
}

interface ProgressView {
  readonly sim: Simulation;
  readonly svc: Service;
  /** Up-to-date tasks (the `_up-to-date` filter), in the store's order. */
  readonly tasks: Task[];
  readonly active: Set<string>;
  readonly rollback: boolean;
  readonly frame: TtyFrame;
}

const overall = (v: ProgressView, n: number, d: number): void =>
  v.frame.progress('overall progress', v.rollback ? `rolling back update: ${n} out of ${d} tasks` : `${n} out of ${d} tasks`);

function taskLine(v: ProgressView, id: string, t: Task, total: number): void {
  if (t.status.err !== '') v.frame.progress(id, truncError(t.status.err));
  else if (!terminal(t.desiredState) && !terminal(t.status.state)) v.frame.progress(id, padState(t.status.state), num(t.status.state), total);
}

/** replicatedProgressUpdater: one line per slot, mapped to 1..N in slot order. */
function replicatedProgress(v: ProgressView, replicas: number): boolean {
  overall(v, 0, replicas);
  if (replicas <= MAX_PROGRESS_BARS) for (let i = 1; i <= replicas; i++) v.frame.progress(`${i}/${replicas}`, ' ');
  const bySlot = pickPerKey(v.tasks, (t) => t.slot, v.active);
  let running = 0;
  let mapped = 0;
  // Slots get their line numbers in Go map order, which is random: live slots first, then by number, is one such order.
  const live = (k: string | number): number => (terminal(bySlot.get(k)!.desiredState) ? 1 : 0);
  for (const slot of [...bySlot.keys()].sort((a, b) => live(a) - live(b) || (a as number) - (b as number))) {
    const t = bySlot.get(slot)!;
    mapped++;
    if (!terminal(t.desiredState) && t.status.state === 'running') running++;
    if (replicas <= MAX_PROGRESS_BARS && mapped <= replicas) taskLine(v, `${mapped}/${replicas}`, t, MAX_PROGRESS);
  }
  overall(v, running, replicas);
  return running === replicas;
}

/** globalProgressUpdater: one line per node (short node ID), counted over the nodes that have a task. */
function globalProgress(v: ProgressView): boolean {
  const byNode = pickPerKey(v.tasks, (t) => t.nodeId);
  const nodeCount = byNode.size;
  if (nodeCount === 0) {
    v.frame.progress('overall progress', 'waiting for new tasks');
    return false;
  }
  overall(v, 0, nodeCount);
  let running = 0;
  for (const t of byHostname(v.sim, [...byNode.values()])) {
    if (!v.active.has(t.nodeId)) continue;
    if (!terminal(t.desiredState) && t.status.state === 'running') running++;
    if (nodeCount <= MAX_PROGRESS_BARS) taskLine(v, truncateID(t.nodeId), t, MAX_PROGRESS);
  }
  overall(v, running, nodeCount);
  return running === nodeCount;
}

/** Tasks in the order of their nodes' hostnames (Go iterates a map here; any order is one real outcome). */
function byHostname(sim: Simulation, tasks: Task[]): Task[] {
  const host = (t: Task): string => sim.world.nodes.get(t.nodeId)?.machine ?? t.nodeId;
  return tasks.sort((a, b) => naturalCompare(host(a), host(b)));
}

/** replicatedJobProgressUpdater: completed of total, active of the allowed concurrency, one line per slot. */
function replicatedJobProgress(v: ProgressView, concurrent: number, total: number): boolean {
  const pDigits = String(total).length;
  const aDigits = String(concurrent).length;
  const write = (active: number, completed: number): void => {
    v.frame.progress('job progress', `${String(completed).padStart(pDigits)} out of ${total} complete`, completed, total);
    const desired = Math.min(total - completed, concurrent);
    v.frame.progress('active tasks', `${String(active).padStart(aDigits)} out of ${String(desired).padStart(aDigits)} tasks`);
  };
  write(0, 0);
  if (total <= MAX_PROGRESS_BARS) for (let i = 1; i <= total; i++) v.frame.progress(`${i}/${total}`, ' ');
  const bySlot = new Map<number, Task>();
  for (const t of v.tasks) {
    if (t.jobIteration !== v.svc.jobIteration || num(t.desiredState) === 0 || num(t.status.state) === 0) continue;
    const e = bySlot.get(t.slot);
    if (!e || num(e.status.state) > num(t.status.state)) bySlot.set(t.slot, t);
  }
  let active = 0;
  let complete = 0;
  for (const slot of [...bySlot.keys()].sort((a, b) => a - b)) {
    const t = bySlot.get(slot)!;
    if (total <= MAX_PROGRESS_BARS) {
      // The simulator numbers job slots from 1, upstream from 0 (and prints slot+1).
      const id = `${slot}/${total}`;
      if (t.status.err !== '') v.frame.progress(id, truncError(t.status.err));
      else v.frame.progress(id, padState(t.status.state), num(t.status.state), MAX_JOB_PROGRESS);
    }
    if (num(t.status.state) < num('complete')) active++;
    if (t.status.state === 'complete') complete++;
  }
  write(active, complete);
  return complete === total;
}

/** globalJobProgressUpdater: one line per node (full node ID), completed of the nodes first seen. */
function globalJobProgress(v: ProgressView): boolean {
  const current = v.tasks.filter((t) => t.jobIteration === v.svc.jobIteration);
  if (current.length === 0 && v.active.size !== 0) {
    v.frame.progress('job progress', 'waiting for tasks');
    return false;
  }
  const byNode = new Map<string, Task>();
  for (const t of current) {
    const e = byNode.get(t.nodeId);
    if (!e || num(e.status.state) > num(t.status.state)) byNode.set(t.nodeId, t);
  }
  const total = byNode.size;
  const digits = String(total).length;
  const write = (complete: number): void =>
    v.frame.progress('job progress', `${String(complete).padStart(digits)} out of ${total} complete`, complete, total);
  write(0);
  let complete = 0;
  for (const t of byHostname(v.sim, [...byNode.values()])) {
    if (total <= MAX_PROGRESS_BARS) {
      if (t.status.err !== '') v.frame.progress(t.nodeId, truncError(t.status.err));
      else v.frame.progress(t.nodeId, padState(t.status.state), num(t.status.state), MAX_JOB_PROGRESS);
    }
    if (t.status.state === 'complete') complete++;
  }
  write(complete);
  return complete === total;
}

/** Draws the progress of a service as it stands into `frame`; true when converged. */
function drawProgress(sim: Simulation, svc: Service, frame: TtyFrame, rollback: boolean): boolean {
  const active = new Set([...sim.world.nodes.values()].filter((n) => n.status !== 'down').map((n) => n.id));
  const tasks = sim.world
    .tasksOfService(svc.id)
    .filter((t) => !isTaskDirty(svc, t))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const v: ProgressView = { sim, svc, tasks, active, rollback, frame };
  const m = svc.spec.mode;
  switch (m.kind) {
    case 'replicated':
      return replicatedProgress(v, m.replicas);
    case 'global':
      return globalProgress(v);
    case 'replicated-job':
      return replicatedJobProgress(v, m.maxConcurrent, m.totalCompletions);
    case 'global-job':
      return globalJobProgress(v);
  }
}

/** Simulation.settle, but calling `observe` after every event, as the CLI's polling would see the states go by. */
function settleObserving(sim: Simulation, observe: () => void): void {
  const clock = sim.world.clock;
  const start = sim.now;
  for (let steps = 0; !clock.idle && steps < 5_000_000; steps++) {
    const t = clock.peekTime();
    if (t === undefined || t - start > TIMINGS.settleLimitMs) return;
    clock.step();
    observe();
  }
}

/**
 * service.WaitOnService: let the swarm converge, then print the last frame a
 * (wide) terminal shows. Real docker polls every 200 ms and waits until the
 * tasks have been running for the update monitor period (5 s by default)
 * before `verify: Service <ref> converged`; the simulator settles, advances
 * virtual time by that period and checks again. A service that cannot
 * converge would make docker wait forever: the simulator prints the frame
 * and what an interrupted docker prints (`Operation continuing in
 * background.`), exit status 0. A paused update or rollback is an error, as
 * upstream. `ref` is the service as the command names it (create: the ID).
 */
export function waitOnService(ctx: CommandContext, serviceId: string, ref: string, quiet: boolean, statusBefore: Service['updateStatus'] = null): void {
  const sim = ctx.sim;
  // SwarmKit resets the update status when a spec changes; the core keeps the
  // old one, so a status still from before the command is disregarded.
  const status = (): Service['updateStatus'] => {
    const st = sim.world.services.get(serviceId)?.updateStatus ?? null;
    return st === statusBefore ? null : st;
  };
  const converged = (): boolean => {
    const s = sim.world.services.get(serviceId);
    return !!s && drawProgress(sim, s, new TtyFrame(), false);
  };
  let rollbackMsg: string | null = null;
  let rollbackFirst = false;
  // progress.go: "rollback: <message>" after converging only when the rollback was complete before the tasks converged.
  let completedFirst: string | null = null;
  const observe = (): void => {
    const st = status();
    if (rollbackMsg === null && st?.state === 'rollback_started' && st.message !== '') rollbackMsg = st.message;
    if (completedFirst === null && st?.state === 'rollback_completed' && !converged()) completedFirst = st.message;
  };
  observe();
  rollbackFirst = rollbackMsg !== null;
  settleObserving(sim, observe);
  const job = (s: Service | undefined): boolean => !!s && isJob(s.spec.mode);
  let verified = false;
  for (let i = 0; i < 5 && !job(sim.world.services.get(serviceId)) && converged(); i++) {
    const s = sim.world.services.get(serviceId)!;
    sim.advance(s.spec.update.monitor !== 0 ? s.spec.update.monitor : 5000);
    if (converged()) {
      verified = true;
      break;
    }
    settleObserving(sim, observe);
  }
  const svc = sim.world.services.get(serviceId);
  if (!svc) throw daemonError(`service ${ref} not found`);
  const st = status();
  const rollback = st !== null && st.state.startsWith('rollback');
  const frame = new TtyFrame();
  if (rollbackMsg !== null && rollbackFirst) frame.progress('rollback', rollbackMsg);
  // A rollback that started later shows up below the lines already drawn.
  const late = new TtyFrame();
  const done = drawProgress(sim, svc, rollbackMsg !== null && !rollbackFirst ? late : frame, rollback);
  if (rollbackMsg !== null && !rollbackFirst) {
    frame.lines.push(...late.lines, `rollback: ${rollbackMsg} `);
  }
  let error: DockerError | null = null;
  if (st?.state === 'paused') error = cliError(`service update paused: ${st.message}`);
  else if (st?.state === 'rollback_paused') error = cliError(`service rollback paused: ${st.message}`);
  else if (done && isJob(svc.spec.mode)) frame.message('', 'job complete');
  else if (done && verified) {
    frame.progress('verify', `Service ${ref} converged`);
    if (completedFirst !== null) frame.message('rollback', completedFirst);
  } else {
    frame.message('', 'Operation continuing in background.');
    frame.message('', `Use \`docker service ps ${ref}\` to check progress.`);
  }
  if (!quiet && frame.lines.length > 0) ctx.out(frame.lines.join('\n'));
  if (error) throw error;
}
