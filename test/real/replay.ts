/**
 * Replays a scenario on the real Swarm and records what each step printed.
 *
 * The simulator runs the same scenario in lockstep, for one purpose only:
 * knowing how long to wait. After a step that settles (anything but
 * `--detach` and `sim$ sleep`), swarmsim lets virtual time run until node
 * descriptions are fresh and every task has reached its desired state; the
 * real swarm gets real time until its state (state.ts) equals the state the
 * simulator predicts and no task is still on its way, or until a bound. The
 * recording is the real engine's output whatever the prediction was: a
 * divergence only costs the wait up to the bound, and is reported.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DockerStep, Scenario, SimStep } from '../../sim/scenario/ast.js';
import { expandHostRange, groupOutputs } from '../../sim/scenario/hostRange.js';
import { LIMITS } from '../../sim/scenario/lint.js';
import { isDetached, registryPlugin, runStep } from '../../sim/scenario/run.js';
import { Simulation } from '../../sim/simulation.js';
import type { SimSnapshot } from '../../sim/snapshot.js';
import { apiGet } from './api.js';
import { Lab, type MachineSpec } from './lab.js';
import { sleep } from './proc.js';
import { stateDiff, stateKey, stateOfSnapshot, type ApiNode, type ApiTask, type ClusterState } from './state.js';

/** The longest a step waits for the real swarm to reach the simulator's state (a 20 s description period, a 15 s heartbeat expiry, and margin). */
export const SETTLE_BOUND_MS = 45_000;
/** `sim$ sleep` waits wall time, at most this long. */
export const SLEEP_CAP_MS = 120_000;
/** Once settled, the state must hold this long. */
const QUIET_MS = 750;

export interface RecordedStep {
  readonly line: number;
  readonly host: string;
  readonly source: string;
  readonly output: string;
  readonly exitCode: number;
  /** Wall milliseconds the command ran and the swarm took to settle after it. */
  readonly commandMs: number;
  readonly settleMs: number;
  /** Virtual milliseconds the simulator's step took (command and settling). */
  readonly simulatedMs?: number;
  /** False when the real swarm did not reach the simulator's state within the bound (a divergence, or a slow engine). */
  readonly reachedPrediction: boolean;
  /** The real state after settling; undefined when no manager answered (no leader). */
  readonly state: ClusterState | undefined;
  /** The simulator's prediction for the same instant. */
  readonly predicted: ClusterState;
  /** Where the real state differed from the prediction when the bound passed (empty when reached). */
  readonly differences: readonly string[];
}

export interface Recording {
  readonly scenario: string;
  readonly title: string;
  readonly engine: string;
  readonly client: string;
  readonly date: string;
  readonly steps: RecordedStep[];
  /** Engine logs when a step failed to settle, for the report. */
  readonly logs: string;
}

export interface ReplayOptions {
  readonly file: string;
  readonly scenario: Scenario;
  /** Words the containers may run (the stub answers to each), beyond the scenario's own. */
  readonly commands?: readonly string[];
  readonly settleBoundMs?: number;
  readonly onStep?: (s: RecordedStep, index: number, total: number) => void;
  readonly keep?: boolean;
  /** Called after the last step, while the engines still run (test/real/import.test.ts imports the swarm then). */
  readonly atEnd?: (lab: Lab) => Promise<void>;
}

/** Machines of a scenario with the address and engine labels the simulator gives them. */
export function machinesOf(scenario: Scenario): MachineSpec[] {
  const sim = new Simulation({ seed: scenario.meta.seed });
  const labels = new Map<string, Record<string, string>>();
  const named: string[] = [];
  for (const step of scenario.steps) {
    const hosts = step.kind === 'docker' ? (step.hosts ?? [step.host]) : [machineOfDirective(step)];
    for (const host of hosts) if (host && !named.includes(host)) named.push(host);
    if (step.kind === 'sim' && step.directive.name === 'machine' && !labels.has(step.directive.machine))
      labels.set(step.directive.machine, Object.fromEntries(step.directive.engineLabels.map((kv) => [kv.key, kv.value])));
  }
  return named.map((name) => ({ name, ip: sim.ensureMachine(name).ip, engineLabels: labels.get(name) ?? {} }));
}

function machineOfDirective(step: SimStep): string | null {
  const d = step.directive;
  return d.name === 'machine' || d.name === 'stop' || d.name === 'start' ? d.machine : null;
}

/** Every word of the scenario's docker commands: whatever a container is told to run exists in the image. */
export function commandWords(scenario: Scenario): string[] {
  const words = new Set<string>();
  for (const s of scenario.steps) if (s.kind === 'docker') for (const w of s.argv) if (/^[A-Za-z0-9][A-Za-z0-9._-]{0,40}$/.test(w)) words.add(w);
  return [...words].sort();
}

/** The most engines the lab starts on a 2-core machine; larger scenarios are not replayed (nor asked to be by swarmsim lint). */
export const LAB_MAX_MACHINES = LIMITS.recordedMachines;

export async function replay(o: ReplayOptions): Promise<Recording> {
  const { scenario } = o;
  const machines = machinesOf(scenario);
  if (machines.length > LAB_MAX_MACHINES)
    throw new Error(`${o.file} names ${machines.length} machines; the lab runs at most ${LAB_MAX_MACHINES} engines`);
  const lab = await Lab.create({ machines: machinesOf(scenario), commands: [...commandWords(scenario), ...(o.commands ?? [])], keep: o.keep });
  const sim = new Simulation({ seed: scenario.meta.seed });
  const steps: RecordedStep[] = [];
  let logs = '';
  try {
    for (const [i, step] of scenario.steps.entries()) {
      const before = sim.now;
      const simRun = runStep(sim, step, i);
      const started = Date.now();
      const { output, exitCode } = step.kind === 'docker' ? await dockerStep(lab, sim, step) : await directiveStep(lab, step);
      const commandMs = Date.now() - started;
      const predicted = stateOfSnapshot(simRun.snapshot);
      const waits = !(step.kind === 'docker' && isDetached(step.argv)) && !(step.kind === 'sim' && step.directive.name === 'sleep');
      const bound = o.settleBoundMs ?? SETTLE_BOUND_MS;
      // A crash loop never settles: the simulator stops at a slot's second failure, so the real
      // swarm gets as long as that took, the command's own time included (a wait, like sim$ sleep,
      // capped at SLEEP_CAP_MS, not at the settle bound: a loop through a missing plugin's 15 s
      // retries takes longer than that).
      const loop = simRun.unsettled === 'crash-loop';
      if (loop) await sleep(Math.max(0, Math.min(SLEEP_CAP_MS, simRun.time - before - commandMs)));
      const settled = waits && !loop
        ? await settle(lab, predicted, leaderless(simRun.snapshot), bound)
        : { reached: true, state: await lab.state() };
      // The simulator settled in virtual time, timers that change nothing visible (a restart
      // delay, an update's final watch) included: the real swarm gets as long, within the bound.
      const virtual = simRun.time - before;
      const spent = Date.now() - started;
      if (waits && !loop && virtual > spent) await sleep(Math.min(virtual - spent, Math.max(0, bound - (spent - commandMs))));
      const rec: RecordedStep = {
        line: step.line,
        host: step.kind === 'docker' ? step.host : 'sim',
        source: step.source,
        output,
        exitCode,
        commandMs,
        settleMs: Date.now() - started - commandMs,
        simulatedMs: simRun.time - before,
        reachedPrediction: settled.reached,
        state: settled.state,
        predicted,
        differences: settled.reached ? [] : stateDiff(predicted, settled.state),
      };
      if (!settled.reached && !logs) logs = lab.logs();
      steps.push(rec);
      o.onStep?.(rec, i, scenario.steps.length);
    }
    await o.atEnd?.(lab);
  } finally {
    if (!logs && steps.some((s) => !s.reachedPrediction)) logs = lab.logs();
    await lab.destroy();
  }
  return {
    scenario: o.file,
    title: scenario.meta.title ?? o.file,
    engine: engineVersionOf(lab),
    client: '28.2.2',
    date: new Date().toISOString().slice(0, 10),
    steps,
    logs,
  };
}

function engineVersionOf(_lab: Lab): string {
  return 'dockerd 20.10.24+dfsg1 (Debian docker.io)';
}

/**
 * Runs a docker step on its machine. A join token the real manager cannot
 * know (the documents' own, or the simulator's seeded one) becomes the real
 * swarm's token of the same role.
 */
async function dockerStep(lab: Lab, sim: Simulation, step: DockerStep): Promise<{ output: string; exitCode: number }> {
  const argv = [...step.argv];
  if (argv[0] === 'swarm' && argv[1] === 'join') {
    const at = argv.findIndex((a) => a === '--token' || a.startsWith('--token='));
    if (at >= 0) {
      const given = argv[at].includes('=') ? argv[at].slice(argv[at].indexOf('=') + 1) : argv[at + 1];
      const tokens = await lab.joinTokens();
      if (tokens) {
        const real = given === sim.world.swarm?.managerToken ? tokens.Manager : tokens.Worker;
        if (argv[at].includes('=')) argv[at] = `--token=${real}`;
        else argv[at + 1] = real;
      }
    }
  }
  if (step.hosts) {
    // A host range runs on each machine in turn; the outputs are grouped as swarmsim groups them.
    const outputs: string[] = [];
    let exitCode = 0;
    for (const h of step.hosts) {
      const r = await lab.docker(h, argv, step.stdin);
      outputs.push(r.output === '' ? '' : r.output + '\n');
      exitCode = Math.max(exitCode, r.exitCode);
    }
    return { output: groupOutputs(expandHostRange(step.host), outputs).replace(/\n$/, ''), exitCode };
  }
  const r = await lab.docker(step.host, argv, step.stdin);
  return { output: r.output, exitCode: r.exitCode };
}

async function directiveStep(lab: Lab, step: SimStep): Promise<{ output: string; exitCode: number }> {
  const d = step.directive;
  switch (d.name) {
    case 'machine': {
      // Engine labels are dockerd flags: a machine reconfigured after its first use restarts its engine.
      const e = lab.engine(d.machine);
      const labels = Object.fromEntries(d.engineLabels.map((kv) => [kv.key, kv.value]));
      if (JSON.stringify(labels) !== JSON.stringify(e.o.engineLabels) && d.engineLabels.length > 0) {
        (e.o as { engineLabels: Record<string, string> }).engineLabels = labels;
        await e.stop();
        await e.start();
      }
      return { output: '', exitCode: 0 };
    }
    case 'registry':
      lab.addPlugin(registryPlugin(d));
      return { output: '', exitCode: 0 };
    case 'sleep':
      await sleep(Math.min(d.ms, SLEEP_CAP_MS));
      return { output: '', exitCode: 0 };
    case 'stop':
      await lab.engine(d.machine).stop();
      return { output: '', exitCode: 0 };
    case 'start':
      await lab.engine(d.machine).start();
      return { output: '', exitCode: 0 };
    case 'file':
      // The lab's CLI runs on this machine, not in the engines' namespaces: no place to put it yet.
      return { output: `sim$ file is not replayed on real engines (${d.machine}:${d.path})`, exitCode: 1 };
    case 'fail': {
      const err = await lab.failTask(d.task);
      return err ? { output: `no such task: ${d.task} (${err})`, exitCode: 1 } : { output: '', exitCode: 0 };
    }
  }
}

/** Tasks still on their way somewhere: a container that should stop and has not, or one not yet running. */
async function busyTasks(lab: Lab): Promise<number> {
  const e = await lab.manager();
  if (!e) return 0;
  const tasks = (await apiGet<ApiTask[]>(e.socket, '/tasks')) ?? [];
  // A down node's tasks stay as last reported until it comes back (or 24 h pass): nothing is on its way there.
  const down = new Set(((await apiGet<ApiNode[]>(e.socket, '/nodes')) ?? []).filter((n) => n.Status.State !== 'ready').map((n) => n.ID));
  const order = ['new', 'allocated', 'pending', 'assigned', 'accepted', 'preparing', 'ready', 'starting', 'running'];
  const le = (s: string, t: string): boolean => order.indexOf(s) >= 0 && order.indexOf(s) <= order.indexOf(t);
  return tasks.filter((t) => {
    if (t.NodeID && down.has(t.NodeID)) return false;
    const state = t.Status.State;
    if (t.DesiredState === 'shutdown' || t.DesiredState === 'remove') return le(state, 'running');
    if (t.DesiredState === 'running') return state !== 'running' && le(state, 'starting') && !(state === 'pending' && t.Status.Err);
    return false;
  }).length;
}

async function settle(
  lab: Lab,
  predicted: ClusterState,
  noLeader: boolean,
  boundMs: number,
): Promise<{ reached: boolean; state: ClusterState | undefined }> {
  const want = stateKey(predicted, true);
  const until = Date.now() + boundMs;
  let state: ClusterState | undefined;
  for (;;) {
    state = await lab.state();
    // Without a leader nothing can be read: that is the prediction when the simulator has none either.
    const matches = state ? stateKey(state, true) === want && (await busyTasks(lab)) === 0 : noLeader;
    if (matches) {
      await sleep(QUIET_MS);
      const again = await lab.state();
      if ((again ? stateKey(again) : undefined) === (state ? stateKey(state) : undefined)) return { reached: true, state: again };
    }
    if (Date.now() >= until) return { reached: false, state };
    await sleep(400);
  }
}

/** True when the simulated swarm cannot answer cluster queries: no swarm, or no leader. */
function leaderless(s: SimSnapshot): boolean {
  return !s.swarm || s.swarm.leaderNodeId === '';
}

export function recordingDir(root: string): string {
  const d = join(root, 'test', 'real', 'recorded');
  mkdirSync(d, { recursive: true });
  return d;
}

