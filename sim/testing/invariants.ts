/**
 * Invariants of the simulated swarm, as plain functions over a Simulation
 * and a snapshot of it: each returns the violations it finds, or nothing.
 * They hold at any instant between two commands; the ones about convergence
 * only once the simulation has settled (its clock is idle).
 *
 * Invariants about the moment of a decision (a task is assigned only to a
 * node that fits it then; observed states only move up) cannot be read from
 * one snapshot: see observer.ts.
 */
import type { Simulation } from '../simulation.js';
import { snapshot, type SimSnapshot, type TaskView } from '../snapshot.js';
import { stateValue } from '../model/taskState.js';
import { explanationProblem, holdings, holdsNode, placementVerdict, unmetConstraints } from './oracle.js';

export interface Violation {
  /** The invariant's name: `pendingTasksAreExplained`. */
  readonly invariant: string;
  readonly message: string;
}

/** An invariant: a named function from the simulation (and its snapshot) to violations. */
export type Invariant = (sim: Simulation, snap: SimSnapshot) => Violation[];

const RUNNING = stateValue('running');

/** True when nothing is left to happen but waiting: convergence can be judged. */
export const isSettled = (sim: Simulation): boolean => sim.world.clock.idle;

/**
 * True while the swarm has a leader. Without one the control plane is
 * stopped (nothing is orchestrated, scheduled or marked down), so the
 * invariants about what it maintains are judged only while it runs; what
 * must hold without a leader is checked as it happens (observer.ts).
 */
export const isLed = (sim: Simulation): boolean => sim.manager.leading;

const serviceName = (snap: SimSnapshot, id: string): string => snap.services.find((s) => s.id === id)?.name ?? id;
const hostOf = (snap: SimSnapshot, nodeId: string): string => snap.nodes.find((n) => n.id === nodeId)?.hostname ?? (nodeId || '(none)');
const describe = (snap: SimSnapshot, t: TaskView): string => `task ${t.name} (${t.id.slice(0, 12)}, ${t.status.state}/${t.desiredState}${t.nodeId ? ` on ${hostOf(snap, t.nodeId)}` : ''})`;

/** Every task between ASSIGNED and RUNNING names a node the swarm knows. */
export function runningTasksHaveANode(_sim: Simulation, snap: SimSnapshot): Violation[] {
  const out: Violation[] = [];
  for (const t of snap.tasks) {
    const s = stateValue(t.status.state);
    if (s < stateValue('assigned') || s > RUNNING) continue;
    if (t.nodeId === '') out.push({ invariant: 'runningTasksHaveANode', message: `${describe(snap, t)} has no node` });
    else if (!snap.nodes.some((n) => n.id === t.nodeId))
      out.push({ invariant: 'runningTasksHaveANode', message: `${describe(snap, t)} is on unknown node ${t.nodeId}` });
  }
  return out;
}

/**
 * A slot (replicated: service and slot number; global: service and node) has
 * at most one task with desired state RUNNING. Services updated start-first
 * run old and new side by side on purpose and are left out.
 */
export function oneRunningTaskPerSlot(_sim: Simulation, snap: SimSnapshot): Violation[] {
  const out: Violation[] = [];
  const bySlot = new Map<string, TaskView[]>();
  for (const t of snap.tasks) {
    if (t.desiredState !== 'running') continue;
    const svc = snap.services.find((s) => s.id === t.serviceId);
    if (svc && (svc.spec.update.order === 'start-first' || svc.spec.rollback.order === 'start-first')) continue;
    const key = t.slot !== 0 ? `${t.serviceId}/${t.slot}` : `${t.serviceId}/node/${t.nodeId}`;
    const list = bySlot.get(key) ?? [];
    list.push(t);
    bySlot.set(key, list);
  }
  for (const list of bySlot.values()) {
    if (list.length > 1)
      out.push({
        invariant: 'oneRunningTaskPerSlot',
        message: `${list.length} tasks desired running in one slot: ${list.map((t) => describe(snap, t)).join(', ')}`,
      });
  }
  return out;
}

/** The scheduler's per-node bookkeeping (NodeInfo) equals what the store says the node's tasks hold. */
export function schedulerMatchesStore(sim: Simulation, snap: SimSnapshot): Violation[] {
  if (!isLed(sim)) return [];
  const out: Violation[] = [];
  for (const n of snap.nodes) {
    const info = sim.scheduler.nodeInfo(n.id);
    if (!info) {
      out.push({ invariant: 'schedulerMatchesStore', message: `the scheduler does not know node ${n.hostname} (${n.id})` });
      continue;
    }
    const h = holdings(snap.tasks, n.id);
    const cap = n.description?.resources ?? { nanoCPUs: 0, memoryBytes: 0 };
    const diffs: string[] = [];
    if (info.availableCPUs !== cap.nanoCPUs - h.nanoCPUs) diffs.push(`free CPU ${info.availableCPUs} != ${cap.nanoCPUs - h.nanoCPUs}`);
    if (info.availableMemory !== cap.memoryBytes - h.memoryBytes) diffs.push(`free memory ${info.availableMemory} != ${cap.memoryBytes - h.memoryBytes}`);
    if (info.activeTasksCount !== h.active) diffs.push(`active tasks ${info.activeTasksCount} != ${h.active}`);
    const services = new Set([...h.activeByService.keys(), ...info.activeByService.keys()]);
    for (const s of services) {
      const a = info.tasksOfService(s);
      const b = h.activeByService.get(s) ?? 0;
      if (a !== b) diffs.push(`tasks of ${serviceName(snap, s)} ${a} != ${b}`);
    }
    const ports = [...info.usedHostPorts].sort().join(',');
    const want = [...h.hostPorts].sort().join(',');
    if (ports !== want) diffs.push(`host ports [${ports}] != [${want}]`);
    if (diffs.length > 0) out.push({ invariant: 'schedulerMatchesStore', message: `node ${n.hostname}: ${diffs.join('; ')}` });
  }
  return out;
}

/**
 * Once settled, a task still PENDING with desired state RUNNING, of its
 * service's current spec version, fits no node, and carries a well-formed
 * explanation naming only filters that apply to it. (That the counts were
 * right when the scheduler wrote them is checked as it happens, by the
 * Observer: upstream does not rewrite a pending task's error when other
 * tasks land later, so at rest the counts may describe an earlier pass.)
 */
export function pendingTasksAreExplained(sim: Simulation, snap: SimSnapshot): Violation[] {
  if (!isSettled(sim) || !isLed(sim)) return [];
  const out: Violation[] = [];
  for (const t of snap.tasks) {
    if (t.status.state !== 'pending' || t.desiredState !== 'running') continue;
    // A task of an older spec version is not retried (scheduler.go noSuitableNode): its error may be stale.
    const svc = snap.services.find((s) => s.id === t.serviceId);
    if (!svc || svc.specVersion > t.specVersion) continue;
    const v = placementVerdict(t, snap.nodes, snap.tasks);
    if (v.fits.length > 0) {
      out.push({
        invariant: 'pendingTasksAreExplained',
        message: `${describe(snap, t)} is pending although ${v.fits.map((n) => n.machine).join(', ')} would take it (error: "${t.status.err}")`,
      });
      continue;
    }
    const problem = explanationProblem(t, t.status.err);
    if (problem !== null) out.push({ invariant: 'pendingTasksAreExplained', message: `${describe(snap, t)} has error "${t.status.err}": ${problem}` });
  }
  return out;
}

/**
 * Once settled, every service has what it asked for: a replicated service
 * has one task desired RUNNING per replica, each running or pending (and
 * then explained, see pendingTasksAreExplained); a global service has one on
 * every node that is up, active and matches its constraints, none on a
 * drained or down node. Tasks of removed services are gone, except on nodes
 * that are down and cannot report.
 */
export function servicesConverge(sim: Simulation, snap: SimSnapshot): Violation[] {
  if (!isSettled(sim) || !isLed(sim)) return [];
  const out: Violation[] = [];
  const fail = (message: string): void => void out.push({ invariant: 'servicesConverge', message });
  const live = (t: TaskView): boolean => t.status.state === 'running' || t.status.state === 'pending';
  for (const s of snap.services) {
    const tasks = snap.tasks.filter((t) => t.serviceId === s.id && t.desiredState === 'running');
    for (const t of tasks) if (!live(t)) fail(`service ${s.name}: ${describe(snap, t)} is neither running nor pending`);
    const mode = s.spec.mode;
    if (mode.kind === 'replicated') {
      const slots = new Set(tasks.map((t) => t.slot));
      if (slots.size !== mode.replicas) fail(`service ${s.name} has ${slots.size} slots desired running, wants ${mode.replicas}`);
    } else if (mode.kind === 'global') {
      for (const n of snap.nodes) {
        const mine = tasks.filter((t) => t.nodeId === n.id);
        const unmet = unmetConstraints(s.spec.task.placement.constraints, n);
        const eligible = n.status !== 'down' && n.availability !== 'drain' && (unmet === null || unmet.length === 0);
        if (!eligible && mine.length > 0) fail(`global service ${s.name} still wants a task on ineligible node ${n.hostname} (${n.status}/${n.availability})`);
        if (eligible && n.availability === 'active' && mine.length !== 1)
          fail(`global service ${s.name} has ${mine.length} tasks desired running on ${n.hostname}, wants 1`);
      }
    }
  }
  const serviceIds = new Set(snap.services.map((s) => s.id));
  for (const t of snap.tasks) {
    if (serviceIds.has(t.serviceId)) continue;
    const node = snap.nodes.find((n) => n.id === t.nodeId);
    const stranded = node?.status === 'down' && holdsNode(t);
    if (!stranded) fail(`${describe(snap, t)} of removed service ${t.serviceId} is still there`);
  }
  return out;
}

/**
 * The constraint enforcer (swarmkit manager/orchestrator/constraintenforcer):
 * on an ACTIVE node, a task desired to run whose service's current
 * constraints the node no longer satisfies is rejected. Not in the default
 * set: the simulator does not model the enforcer yet.
 */
export function runningTasksMeetConstraints(sim: Simulation, snap: SimSnapshot): Violation[] {
  if (!isSettled(sim) || !isLed(sim)) return [];
  const out: Violation[] = [];
  for (const t of snap.tasks) {
    if (!holdsNode(t) || stateValue(t.desiredState) > stateValue('complete')) continue;
    const node = snap.nodes.find((n) => n.id === t.nodeId);
    const svc = snap.services.find((s) => s.id === t.serviceId);
    if (!node || node.availability !== 'active' || node.status !== 'ready') continue;
    const unmet = unmetConstraints((svc?.spec.task ?? t.spec).placement.constraints, node);
    if (unmet && unmet.length > 0)
      out.push({ invariant: 'runningTasksMeetConstraints', message: `${describe(snap, t)} runs on ${node.hostname}, which no longer meets ${unmet.join(', ')}` });
  }
  return out;
}

/** The state invariants checked after every step by default. */
export const DEFAULT_INVARIANTS: readonly Invariant[] = [
  runningTasksHaveANode,
  oneRunningTaskPerSlot,
  schedulerMatchesStore,
  pendingTasksAreExplained,
  servicesConverge,
];

/** Runs `invariants` (default: DEFAULT_INVARIANTS) on the simulation as it is now. */
export function checkInvariants(sim: Simulation, invariants: readonly Invariant[] = DEFAULT_INVARIANTS, snap: SimSnapshot = snapshot(sim)): Violation[] {
  return invariants.flatMap((inv) => inv(sim, snap));
}
