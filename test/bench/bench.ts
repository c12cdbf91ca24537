/**
 * `npm run bench`: how fast swarmsim answers. Prints a table and writes
 * bench-results.json. Figures only: no test asserts a timing.
 *
 *   npm run bench                 all workloads
 *   npm run bench -- parity       only those whose name contains "parity"
 *   npm run bench -- ui           only the browser replay (headless Chromium)
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { serviceSpec } from '../../sim/model/defaults.js';
import type { NodeDescription, PluginDescription, SwarmNode, Task } from '../../sim/model/types.js';
import { Rng } from '../../sim/rng.js';
import { Scheduler } from '../../sim/scheduler/scheduler.js';
import { Simulation } from '../../sim/simulation.js';
import { Clock } from '../../sim/clock.js';
import { runDocker } from '../../sim/docker/run.js';
import type { FirstRun, UiFigures } from './ui.js';

interface Row {
  workload: string;
  nodes: number;
  /** How many `unit`s one run handles: tasks placed, scenario steps, property cases. */
  tasks: number;
  unit: 'tasks' | 'steps' | 'cases';
  runs: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
  /** `unit`s per second at the median. */
  tasksPerSec: number;
  peakHeapMB: number;
  note?: string;
  /** The floor for the same size (a binary heap of the nodes, one pop and push per task), median ms. */
  floorMs?: number;
  /** SwarmKit's BenchmarkScheduler for the same size on this machine (README), ms. */
  swarmkitMs?: number;
  /** Where one run's time went, ms (one instrumented run after the timed ones). */
  phases?: Record<string, number>;
}

const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const rows: Row[] = [];
let peakHeap = 0;
const sampleHeap = (): void => {
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
};

/** Collects garbage when node runs with --expose-gc (npm run bench does), so heap figures are this workload's own. */
const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

/** Untimed runs until the JIT has settled: at least 3, and at least this long in all. */
const WARM_UP_MS = 1000;
/** Timed runs: at least the asked number, and more for quick workloads, up to this long in all. */
const TIMED_MS = 500;
const MAX_RUNS = 50;
/** A run this long needs one warm-up run, not three. */
const SLOW_MS = 1000;

/**
 * Runs `prepare` then times `run`. Warm-up runs come first: a workload of a few
 * milliseconds takes tens of runs before V8 has optimised its hot functions, and
 * timing those would measure the JIT rather than swarmsim.
 */
function measure(name: string, nodes: number, tasks: number, runs: number, prepare: () => () => void, note?: string, unit: Row['unit'] = 'tasks'): Row | null {
  if (!wanted(name)) return null;
  gc();
  peakHeap = 0;
  let warm = 0;
  let one = Infinity;
  // A workload of seconds is warm after one run: its hot functions run millions of times in it.
  for (let w = 0; w < 3 || (warm < WARM_UP_MS && w < 200); w++) {
    if (w >= 1 && one > SLOW_MS) break;
    const run = prepare();
    const t0 = performance.now();
    run();
    const t = performance.now() - t0;
    warm += t;
    one = Math.min(one, t);
  }
  runs = Math.min(MAX_RUNS, Math.max(runs, Math.floor(TIMED_MS / Math.max(one, 0.01))));
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    gc();
    const run = prepare();
    sampleHeap();
    const t0 = performance.now();
    run();
    times.push(performance.now() - t0);
    sampleHeap();
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  const row: Row = {
    workload: name,
    nodes,
    tasks,
    unit,
    runs,
    medianMs: round(median),
    minMs: round(times[0]),
    maxMs: round(times[times.length - 1]),
    tasksPerSec: Math.round((tasks / median) * 1000),
    peakHeapMB: Math.round(peakHeap / 2 ** 20),
    note,
  };
  rows.push(row);
  print(row);
  return row;
}

/** Median of `runs` timings of `run` (after `prepare`), for the floors: no heap sampling, no table row. */
function timeMedian(runs: number, prepare: () => () => void): number {
  const times: number[] = [];
  for (let i = 0; i < runs + 3; i++) {
    const run = prepare();
    const t0 = performance.now();
    run();
    if (i >= 3) times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const round = (x: number): number => Math.round(x * 10) / 10;
const wanted = (name: string): boolean => only.length === 0 || only.some((o) => name.includes(o));

function description(id: string, plugins: PluginDescription[], labels: Record<string, string> = {}): NodeDescription {
  return {
    hostname: id,
    platform: { os: 'linux', arch: 'x86_64' },
    resources: { nanoCPUs: 4e9, memoryBytes: 8 * 2 ** 30 },
    engine: { version: '27.3.1', labels, plugins },
    addr: '10.0.0.1',
  };
}

function node(id: string, plugins: PluginDescription[], labels: Record<string, string> = {}): SwarmNode {
  return {
    id,
    machine: id,
    role: 'worker',
    availability: 'active',
    labels,
    status: 'ready',
    statusMessage: '',
    description: description(id, plugins),
    createdAt: 0,
    updatedAt: 0,
    lastHeartbeat: 0,
  };
}

/** A scheduler fed like swarmkit's benchScheduler: decisions are applied as they come. */
function schedulerWith(nodes: SwarmNode[], recordDecisions = true): { sched: Scheduler; add: (t: Task) => void } {
  const sched: Scheduler = new Scheduler({
    now: () => 0,
    rng: new Rng(1),
    recordDecisions,
    service: (id) => ({ id, specVersion: 1 }) as never,
    commit: (d) => {
      if (d.kind !== 'assign') return;
      d.task.nodeId = d.nodeId;
      d.task.status = { state: 'assigned', timestamp: 0, message: d.message, err: '' };
      sched.taskChanged(d.task);
    },
  });
  for (const n of nodes) sched.nodeChanged(n);
  return { sched, add: (t) => sched.taskChanged(t) };
}

function pendingTask(i: number, serviceId: string, spec: Task['spec'], networks: Task['networks']): Task {
  return {
    id: `t${i}`,
    serviceId,
    slot: 1,
    nodeId: '',
    desiredState: 'running',
    status: { state: 'pending', timestamp: 0, message: 'pending task scheduling', err: '' },
    specVersion: 1,
    spec,
    networks,
    hostPorts: [],
    createdAt: 0,
    containerId: '',
    jobIteration: 1,
    preassigned: false,
  };
}

// 1. SwarmKit parity: benchScheduler(nodes, tasks, networkConstraints) of manager/scheduler/scheduler_test.go
function parity(n: number, t: number, network: boolean, runs: number): void {
  const spec = serviceSpec({ name: 'x' }).task;
  const nets = network ? [{ networkId: 'net', driver: 'network' }] : [];
  const nodes = (): SwarmNode[] => Array.from({ length: n }, (_, i) => node(`node${i}`, i % 3 === 0 ? [{ type: 'Network', name: 'network' }] : []));
  const row = measure(`parity${network ? ' +network' : ''}`, n, t, runs, () => {
    const { sched, add } = schedulerWith(nodes());
    for (let i = 0; i < t; i++) add(pendingTask(i, `svc${i}`, spec, nets));
    return () => sched.pass();
  });
  if (!row) return;
  // The floor: what any scheduler of this workload must at least do, one heap
  // operation per task over the eligible nodes (a third of them with the network).
  row.floorMs = round(timeMedian(runs, () => floorRun(network ? Math.ceil(n / 3) : n, t)));
  row.swarmkitMs = SWARMKIT_MS[`${network ? 'network ' : ''}${n}x${t}`];
  row.phases = parityPhases(nodes(), t, spec, nets);
  printRatios(row);
}

/**
 * SwarmKit's own BenchmarkScheduler (manager/scheduler/scheduler_test.go,
 * benchScheduler) on this machine, go test -bench, 2 cores: the medians in
 * the README's table.
 */
const SWARMKIT_MS: Record<string, number> = {
  '1000x1000': 104,
  '1000x10000': 773,
  '1000x100000': 10_200,
  'network 1000x1000': 124,
  'network 1000x10000': 976,
  'network 1000x100000': 11_700,
};

/** A binary min-heap of `n` task counts; each of `t` tasks pops the least loaded node and pushes it back, one task fuller. */
function floorRun(n: number, t: number): () => void {
  return () => {
    const heap = new Int32Array(n);
    const ids = new Int32Array(n);
    for (let i = 0; i < n; i++) ids[i] = i;
    let sink = 0;
    for (let k = 0; k < t; k++) {
      // Pop the root, count the task on it, and sift it back down: one pop and one push.
      sink += ids[0];
      heap[0]++;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < n && (heap[l] < heap[m] || (heap[l] === heap[m] && ids[l] < ids[m]))) m = l;
        if (r < n && (heap[r] < heap[m] || (heap[r] === heap[m] && ids[r] < ids[m]))) m = r;
        if (m === i) break;
        const h = heap[i];
        heap[i] = heap[m];
        heap[m] = h;
        const d = ids[i];
        ids[i] = ids[m];
        ids[m] = d;
        i = m;
      }
    }
    if (sink < 0) console.log(sink);
  };
}

/**
 * One instrumented parity run: making the tasks and queueing them, the
 * pass's own work, applying its decisions (commit), and what recording the
 * decisions costs (trace: the same pass with and without recording).
 */
function parityPhases(nodes: SwarmNode[], t: number, spec: Task['spec'], nets: Task['networks']): Record<string, number> {
  const once = (record: boolean): { creation: number; pass: number; commit: number } => {
    let commit = 0;
    const sched: Scheduler = new Scheduler({
      now: () => 0,
      rng: new Rng(1),
      recordDecisions: record,
      service: (id) => ({ id, specVersion: 1 }) as never,
      commit: (d) => {
        const c0 = performance.now();
        if (d.kind === 'assign') {
          d.task.nodeId = d.nodeId;
          d.task.status = { state: 'assigned', timestamp: 0, message: d.message, err: '' };
          sched.taskChanged(d.task);
        }
        commit += performance.now() - c0;
      },
    });
    for (const n of nodes) sched.nodeChanged(n);
    const t0 = performance.now();
    for (let i = 0; i < t; i++) sched.taskChanged(pendingTask(i, `svc${i}`, spec, nets));
    const t1 = performance.now();
    sched.pass();
    return { creation: t1 - t0, pass: performance.now() - t1, commit };
  };
  // The fastest of three of each, alternating: a single run wanders too much on a shared machine.
  const best = (runs: ReturnType<typeof once>[]): ReturnType<typeof once> => ({
    creation: Math.min(...runs.map((r) => r.creation)),
    pass: Math.min(...runs.map((r) => r.pass)),
    commit: Math.min(...runs.map((r) => r.commit)),
  });
  const bareRuns: ReturnType<typeof once>[] = [];
  const recordedRuns: ReturnType<typeof once>[] = [];
  for (let i = 0; i < 3; i++) {
    bareRuns.push(once(false));
    recordedRuns.push(once(true));
  }
  const bare = best(bareRuns);
  const recorded = best(recordedRuns);
  return {
    'task creation': round(recorded.creation),
    scheduling: round(bare.pass - bare.commit),
    commit: round(recorded.commit),
    trace: round(Math.max(0, recorded.pass - recorded.commit - (bare.pass - bare.commit))),
  };
}

function printRatios(r: Row): void {
  const parts: string[] = [];
  if (r.floorMs) parts.push(`floor ${r.floorMs} ms: swarmsim is ${round(r.medianMs / r.floorMs)}x the floor`);
  if (r.swarmkitMs) parts.push(`SwarmKit ${r.swarmkitMs} ms: ${round(r.swarmkitMs / r.medianMs)}x faster than SwarmKit`);
  if (r.phases) parts.push(`phases ${Object.entries(r.phases).map(([k, v]) => `${k} ${v} ms`).join(', ')}`);
  if (parts.length) console.log(`  ${parts.join('; ')}`);
}

/**
 * What recording decisions costs where it costs most: one-task services, on
 * a swarm small enough (up to 64 nodes) that every pass records every node's
 * verdicts, or (past 64) on the index's path, a record per pass either way. One pass over `t` queued tasks, recording on and off alternately,
 * the best user CPU time of `runs` each (wall time wanders on a shared machine).
 * `npm run bench -- recording`.
 */
function recording(n: number, t: number, runs: number): void {
  const name = `recording cost ${n} nodes x ${t} services`;
  if (!wanted('recording')) return;
  const spec = serviceSpec({ name: 'x' }).task;
  const once = (record: boolean): number => {
    const nodes = Array.from({ length: n }, (_, i) => node(`node${i}`, []));
    const { sched, add } = schedulerWith(nodes, record);
    for (let i = 0; i < t; i++) add(pendingTask(i, `svc${i}`, spec, []));
    gc();
    const c0 = process.cpuUsage();
    sched.pass();
    return process.cpuUsage(c0).user / 1000;
  };
  for (let i = 0; i < 3; i++) (once(true), once(false));
  const on: number[] = [];
  const off: number[] = [];
  for (let i = 0; i < runs; i++) {
    on.push(once(true));
    off.push(once(false));
  }
  const best = (xs: number[]): number => Math.min(...xs);
  const cost = (best(on) / best(off) - 1) * 100;
  console.log(`${name}: user CPU, best of ${runs}: recording on ${round(best(on))} ms, off ${round(best(off))} ms: +${round(cost)}%`);
  rows.push({ workload: name, nodes: n, tasks: t, unit: 'tasks', runs, medianMs: round(best(on)), minMs: round(best(on)), maxMs: round(best(on)), tasksPerSec: Math.round((t / best(on)) * 1000), peakHeapMB: 0, note: `recording off: ${round(best(off))} ms user CPU (+${round(cost)}% with recording)` });
}

// 2. Grouped: one service of T replicas spread over 3 zones
function grouped(n: number, t: number, runs: number): void {
  const spec = serviceSpec({ name: 'x', placement: { preferences: [{ spread: 'node.labels.zone' }] } }).task;
  measure('grouped spread/3 zones', n, t, runs, () => {
    const nodes = Array.from({ length: n }, (_, i) => node(`node${i}`, [], { zone: `z${i % 3}` }));
    const { sched, add } = schedulerWith(nodes);
    for (let i = 0; i < t; i++) add(pendingTask(i, 'svc', spec, []));
    return () => sched.pass();
  });
}

// 3. Full lifecycle in virtual time
function lifecycle(runs: number): void {
  const run = (): void => {
    const sim = swarmOf(1000);
    for (let s = 0; s < 100; s++) sim.serviceCreate(serviceSpec({ name: `svc${s}`, replicas: 100 }));
    sim.settle();
    for (let i = 1; i <= 100; i++) sim.stopMachine(`node${i * 10}`);
    sim.settle();
  };
  const row = measure('lifecycle converge + 10% down', 1000, 10000, runs, () => run, 'includes creating the 1,000 machines and joining them');
  if (!row) return;
  row.phases = phasesOf(run);
  printRatios(row);
}

/** A swarm of `n` machines, node1 its manager, settled; tracing off, as a large run would have it. */
function swarmOf(n: number, tracing = false): Simulation {
  const sim = new Simulation({ seed: 1, tracing });
  for (let i = 1; i <= n; i++) sim.machine(`node${i}`, { cpus: 4, memoryBytes: 8 * 2 ** 30 });
  const init = sim.swarmInit('node1');
  for (let i = 2; i <= n; i++) sim.swarmJoin(`node${i}`, init.workerToken, '192.168.99.100:2377');
  sim.settle();
  return sim;
}

/**
 * Where one run's time goes, by the component whose clock event ran (the
 * event labels name them), and what ran outside any event (the API calls of
 * the commands themselves). One extra run, instrumented, after the timed ones.
 */
function phasesOf(run: () => void): Record<string, number> {
  const PHASE: [RegExp, string][] = [
    [/^agent /, 'engines (task steps)'],
    [/^scheduler/, 'scheduling and commit'],
    [/^(reconcile|reap|restart|update)/, 'orchestrators (task creation)'],
    [/^allocate/, 'allocator'],
  ];
  const spent = new Map<string, number>();
  const original = Clock.prototype.schedule;
  Clock.prototype.schedule = function (this: Clock, delay: number, label: string, fn: () => void, background?: boolean) {
    const phase = PHASE.find(([re]) => re.test(label))?.[1] ?? 'nodes, heartbeats, the rest';
    return original.call(this, delay, label, () => {
      const t0 = performance.now();
      try {
        fn();
      } finally {
        spent.set(phase, (spent.get(phase) ?? 0) + performance.now() - t0);
      }
    }, background);
  };
  const t0 = performance.now();
  try {
    run();
  } finally {
    Clock.prototype.schedule = original;
  }
  const total = performance.now() - t0;
  const inEvents = [...spent.values()].reduce((a, b) => a + b, 0);
  const out: Record<string, number> = { 'commands (outside events)': round(total - inEvents) };
  for (const [k, v] of [...spent].sort((a, b) => b[1] - a[1])) out[k] = round(v);
  return out;
}

// 3b. The common shape of a real swarm: one service of many replicas, end to end.
function replicas(r: number, runs: number): Row | null {
  let sim: Simulation | null = null;
  const row = measure(
    'one service, replicas converge',
    1000,
    r,
    runs,
    () => {
      sim = swarmOf(1000);
      return () => {
        sim!.serviceCreate(serviceSpec({ name: 'web', replicas: r }));
        sim!.settle();
      };
    },
    'docker service create --replicas N, until every task runs',
  );
  if (row) {
    const swarm = swarmOf(1000);
    row.phases = phasesOf(() => {
      swarm.serviceCreate(serviceSpec({ name: 'web', replicas: r }));
      swarm.settle();
    });
    printRatios(row);
  }
  return row;
}

// 3c. docker stack deploy of a compose file of 10,000 services, then until every task runs.
function stack(services: number, runs: number): void {
  let compose = 'services:\n';
  for (let i = 0; i < services; i++) compose += `  s${i}:\n    image: nginx\n`;
  measure(
    'stack deploy, services converge',
    1000,
    services,
    runs,
    () => {
      const sim = swarmOf(1000);
      return () => {
        const r = runDocker(sim, 'node1', ['stack', 'deploy', '-c', '-', 'app'], compose);
        if (r.exitCode !== 0) throw new Error(r.stderr);
        sim.settle();
      };
    },
    'parsing the compose file included; one task per service',
  );
}

function growth(small: Row | null, large: Row | null): void {
  if (!small || !large) return;
  const perTask = (r: Row): number => r.medianMs / r.tasks;
  console.log(`  growth ${small.tasks} -> ${large.tasks}: ${round(large.medianMs / small.medianMs)}x the time for ${large.tasks / small.tasks}x the tasks (${round(perTask(large) / perTask(small))}x per task; 1 is linear)`);
}

// 4. Scenario throughput: every bundled scenario end to end
async function scenarios(runs: number): Promise<void> {
  const dir = join(import.meta.dirname, '../../scenarios');
  if (!existsSync(dir) || !existsSync(join(import.meta.dirname, '../../sim/scenario/run.ts'))) return;
  const { parseScenario } = await import('../../sim/scenario/parse.js');
  const { runScenario } = await import('../../sim/scenario/run.js');
  const files = readdirSync(dir).filter((f) => f.endsWith('.swarm')).sort();
  for (const f of files) {
    const text = readFileSync(join(dir, f), 'utf8');
    const sc = parseScenario(text, f);
    measure(`scenario ${f}`, sc.hosts.length, sc.steps.length, runs, () => () => void runScenario(sc), undefined, 'steps');
  }
}

// 4b. Property-test throughput: the model-based property of test/property (random
// clusters and command sequences, every invariant after every step), fixed seed.
async function properties(cases: number, runs: number): Promise<void> {
  if (!wanted('property')) return;
  const { assertSwarmProperty, tolerateKnownBugs } = await import('../../sim/testing/index.js');
  const { balancedCase, balancedOnEqualNodes } = await import('../property/balance.js');
  const model = (): void => void assertSwarmProperty('bench', { numRuns: cases, seed: 42, log: null, tolerate: tolerateKnownBugs });
  measure('property: model, every invariant', 0, cases, runs, () => model, 'random clusters and commands; cases of up to 25 commands', 'cases');
  const balance = (): void =>
    void assertSwarmProperty('bench', { numRuns: cases, seed: 42, log: null, arbitrary: balancedCase, invariants: [balancedOnEqualNodes('s1')] });
  measure('property: balance', 0, cases, runs, () => balance, undefined, 'cases');
}

// 5. The browser replay: load and scrub a 200-machine, 2,000-task scenario in headless Chromium.
async function ui(): Promise<UiFigures | null> {
  if (!wanted('ui')) return null;
  const { measureUi } = await import('./ui.js');
  const f = await measureUi();
  if (f) {
    console.log(
      `ui: ${f.machines} machines, ${f.tasks} tasks, ${f.steps} steps; load and simulate ${f.loadMs} ms; scrub frames ${f.frames}: ` +
        `main-thread work per frame median ${f.frameMs.median} ms, p95 ${f.frameMs.p95} ms, max ${f.frameMs.max} ms; ` +
        `frame interval median ${f.intervalMs.median} ms, p95 ${f.intervalMs.p95} ms; ${f.renders} new states drawn, median ${f.renderMs.median} ms, p95 ${f.renderMs.p95} ms (${f.browser})`,
    );
  }
  return f;
}

// 5b. Each bundled scenario's first simulation in a fresh page (worker start included).
async function firstSimulations(): Promise<FirstRun[] | null> {
  if (!wanted('ui') && !wanted('first')) return null;
  const { measureFirstRuns } = await import('./ui.js');
  const dir = join(import.meta.dirname, '../../scenarios');
  const names = readdirSync(dir).filter((f) => f.endsWith('.swarm')).map((f) => f.replace(/\.swarm$/, '')).sort();
  const runs = await measureFirstRuns(names);
  if (!runs) return null;
  for (const r of runs) console.log(`first simulation ${r.scenario.padEnd(44)} run ${String(r.runMs).padStart(5)} ms, shown ${String(r.shownMs).padStart(5)} ms after navigation`);
  const small = runs.filter((r) => !/200-machines|1000-machines/.test(r.scenario));
  if (small.length) console.log(`first simulation, the ${small.length} small scenarios: run at most ${Math.max(...small.map((r) => r.runMs))} ms, shown at most ${Math.max(...small.map((r) => r.shownMs))} ms after navigation`);
  return runs;
}

function print(r: Row): void {
  const cols = [
    r.workload.padEnd(34),
    String(r.nodes).padStart(7),
    // Tasks, or the steps or cases a row counts instead.
    (r.unit === 'tasks' ? String(r.tasks) : `${r.tasks} ${r.unit}`).padStart(12),
    r.medianMs.toFixed(1).padStart(10),
    `${r.minMs.toFixed(1)}-${r.maxMs.toFixed(1)}`.padStart(18),
    String(r.tasksPerSec).padStart(11),
    String(r.peakHeapMB).padStart(8),
  ];
  console.log(cols.join(' '));
}

async function main(): Promise<void> {
  console.log(`swarmsim bench on ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
  console.log(
    ['workload'.padEnd(34), 'nodes'.padStart(7), 'tasks'.padStart(12), 'median ms'.padStart(10), 'min-max ms'.padStart(18), 'tasks/s'.padStart(11), 'heap MB'.padStart(8)].join(' '),
  );
  parity(1000, 1000, false, 7);
  parity(1000, 10000, false, 5);
  parity(1000, 100000, false, 5);
  parity(100000, 100000, false, 5);
  parity(1000, 1000, true, 7);
  parity(1000, 10000, true, 5);
  parity(1000, 100000, true, 5);
  parity(5000, 100000, true, 5);
  grouped(1000, 10000, 5);
  grouped(1000, 100000, 5);
  recording(60, 10_000, 40);
  recording(1000, 10_000, 20);
  lifecycle(5);
  growth(replicas(10_000, 5), replicas(100_000, 3));
  stack(10_000, 3);
  await scenarios(5);
  await properties(200, 5);
  const uiFigures = await ui();
  const firstRuns = await firstSimulations();
  const out = {
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    rows,
    ui: uiFigures,
    firstRuns,
  };
  writeFileSync('bench-results.json', JSON.stringify(out, null, 2) + '\n');
  console.log('\nwrote bench-results.json');
}

await main();
// Chromium and vite may leave handles open; the figures are written.
process.exit(0);
