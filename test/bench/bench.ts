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
import type { UiFigures } from './ui.js';

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

/**
 * Runs `prepare` then times `run`. Warm-up runs come first: a workload of a few
 * milliseconds takes tens of runs before V8 has optimised its hot functions, and
 * timing those would measure the JIT rather than swarmsim.
 */
function measure(name: string, nodes: number, tasks: number, runs: number, prepare: () => () => void, note?: string, unit: Row['unit'] = 'tasks'): void {
  if (!wanted(name)) return;
  gc();
  peakHeap = 0;
  let warm = 0;
  let one = Infinity;
  for (let w = 0; w < 3 || (warm < WARM_UP_MS && w < 200); w++) {
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
function schedulerWith(nodes: SwarmNode[]): { sched: Scheduler; add: (t: Task) => void } {
  const sched: Scheduler = new Scheduler({
    now: () => 0,
    rng: new Rng(1),
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
  measure(`parity${network ? ' +network' : ''}`, n, t, runs, () => {
    const nodes = Array.from({ length: n }, (_, i) => node(`node${i}`, i % 3 === 0 ? [{ type: 'Network', name: 'network' }] : []));
    const { sched, add } = schedulerWith(nodes);
    for (let i = 0; i < t; i++) add(pendingTask(i, `svc${i}`, spec, nets));
    return () => sched.pass();
  });
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
  measure(
    'lifecycle converge + 10% down',
    1000,
    10000,
    runs,
    () => () => {
      const sim = new Simulation({ seed: 1, tracing: false });
      for (let i = 1; i <= 1000; i++) sim.machine(`node${i}`, { cpus: 4, memoryBytes: 8 * 2 ** 30 });
      const init = sim.swarmInit('node1');
      for (let i = 2; i <= 1000; i++) sim.swarmJoin(`node${i}`, init.workerToken, '192.168.99.100:2377');
      sim.settle();
      for (let s = 0; s < 100; s++) sim.serviceCreate(serviceSpec({ name: `svc${s}`, replicas: 100 }));
      sim.settle();
      for (let i = 1; i <= 100; i++) sim.stopMachine(`node${i * 10}`);
      sim.settle();
    },
    'includes creating the 1,000 machines and joining them',
  );
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
  lifecycle(5);
  await scenarios(5);
  await properties(200, 5);
  const uiFigures = await ui();
  const out = {
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    rows,
    ui: uiFigures,
  };
  writeFileSync('bench-results.json', JSON.stringify(out, null, 2) + '\n');
  console.log('\nwrote bench-results.json');
}

await main();
// Chromium and vite may leave handles open; the figures are written.
process.exit(0);
