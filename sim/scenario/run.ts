/**
 * Runs a parsed scenario against a fresh Simulation, step by step, keeping
 * for every step what a terminal showed, the state after it and the trace
 * events it caused.
 *
 * DOM-free and Node-free on purpose: the browser UI replays scenarios with
 * this same module, so that a scenario means exactly one thing everywhere.
 */
import type { TraceEvent } from '../cluster/trace.js';
import { runDocker } from '../docker/run.js';
import { splitTag } from '../engine/registry.js';
import { DockerError } from '../errors.js';
import type { MachineConfig, Privilege, RegistryPlugin } from '../model/types.js';
import { Simulation } from '../simulation.js';
import { snapshot, type SimSnapshot } from '../snapshot.js';
import type { Directive, DockerStep, KeyValue, RegistryDirective, Scenario, SimStep, Step } from './ast.js';
import { ScenarioError } from './errors.js';
import { checkExpected, type CheckResult } from './expect.js';
import { expandHostRange, groupOutputs } from './hostRange.js';
import { parseScenario } from './parse.js';

export interface StepRun {
  /** 0-based position among the steps run (for a session, counted across its whole life). */
  index: number;
  step: Step;
  /** The machine the step was typed on; `sim` for a directive. */
  host: string;
  /** As typed after the prompt: `docker service ls`, or `sim sleep 30s` for a directive. */
  command: string;
  stdout: string;
  stderr: string;
  /** What a terminal shows, stdout and stderr as written; what the scenario compares. */
  output: string;
  exitCode: number;
  /** Virtual milliseconds after the step (settling included). */
  time: number;
  /**
   * False when settling hit its bound with work still scheduled (a crash loop,
   * say); true when it settled or the step does not settle (sleep, --detach).
   */
  settled: boolean;
  /** The whole simulation after the step. */
  snapshot: SimSnapshot;
  /** The trace events this step caused, settling included. */
  events: TraceEvent[];
  /** null when the step has no expected output (it is not checked). */
  check: CheckResult | null;
}

export interface ScenarioRun {
  seed: number;
  /** Before the first step: no machines yet (each appears at its first line). */
  initial: SimSnapshot;
  steps: StepRun[];
  /** Every event of the run, in order. */
  trace: TraceEvent[];
  /** The simulation, left as the last step left it (a session can continue it). */
  sim: Simulation;
}

export interface RunOptions {
  /** Overrides the scenario's `seed:`. */
  seed?: number;
  /** Run only the first `untilStep` steps (all when absent). */
  untilStep?: number;
  /** Called after each step, for progress reports on long runs. */
  onStep?: (step: StepRun, total: number) => void;
}

export function runScenario(scenario: Scenario, opts: RunOptions = {}): ScenarioRun {
  const seed = opts.seed ?? scenario.meta.seed;
  const sim = new Simulation({ seed });
  const initial = snapshot(sim);
  const total = Math.max(0, Math.min(scenario.steps.length, opts.untilStep ?? Infinity));
  const steps: StepRun[] = [];
  for (let i = 0; i < total; i++) {
    const run = runStep(sim, scenario.steps[i], i);
    steps.push(run);
    opts.onStep?.(run, total);
  }
  // A copy: a session continuing `sim` must not rewrite this run's record.
  return { seed, initial, steps, trace: sim.world.trace.slice(), sim };
}

/**
 * One interactive line after another on one simulation: the shell and the
 * UI's "try it" box. Lines use the scenario grammar, so they get the same
 * errors, thrown as ScenarioError before anything runs.
 */
export class ScenarioSession {
  readonly sim: Simulation;
  readonly seed: number;
  /** Every step run in this simulation: the scenario's, then the session's. */
  readonly steps: StepRun[];
  /** The name errors are reported against. */
  readonly file: string;

  constructor(from?: ScenarioRun | { seed?: number }, file = '<shell>') {
    this.file = file;
    if (from && 'sim' in from) {
      this.sim = from.sim;
      this.seed = from.seed;
      this.steps = from.steps.slice();
    } else {
      this.seed = from?.seed ?? 1;
      this.sim = new Simulation({ seed: this.seed });
      this.steps = [];
    }
  }

  /** Every event so far. */
  get trace(): readonly TraceEvent[] {
    return this.sim.world.trace;
  }

  /** Machines the simulation knows, for completion. */
  get hosts(): string[] {
    return [...this.sim.world.machines.keys()];
  }

  /** Runs `HOST$ docker ...` or `sim$ ...`; throws ScenarioError for a malformed line. */
  exec(line: string): StepRun {
    const scenario = parseScenario(line.endsWith('\n') ? line : line + '\n', this.file);
    if (scenario.steps.length !== 1) {
      const extra = scenario.steps[1];
      throw new ScenarioError(
        this.file,
        extra?.line ?? 1,
        1,
        extra ? 'expected one command per line' : 'expected a command "HOST$ docker ..." or a directive "sim$ ..."',
      );
    }
    const run = runStep(this.sim, scenario.steps[0], this.steps.length);
    this.steps.push(run);
    return run;
  }
}

/** Runs one step on `sim`: the machine it names exists first, then the command, then settling. */
export function runStep(sim: Simulation, step: Step, index: number): StepRun {
  const traceStart = sim.world.trace.length;
  const r = step.kind === 'docker' ? execDocker(sim, step) : execDirective(sim, step);
  const output = r.output ?? r.stdout + r.stderr;
  return {
    index,
    step,
    host: step.kind === 'docker' ? step.host : 'sim',
    command: commandText(step),
    stdout: r.stdout,
    stderr: r.stderr,
    output,
    exitCode: r.exitCode,
    time: sim.now,
    settled: r.settled,
    snapshot: snapshot(sim),
    events: sim.world.trace.slice(traceStart),
    check: step.expected ? checkExpected(step, output, r.exitCode) : null,
  };
}

interface Outcome {
  stdout: string;
  stderr: string;
  /** When the producer knows the true interleaving of stdout and stderr. */
  output?: string;
  exitCode: number;
  settled: boolean;
}

function execDocker(sim: Simulation, step: DockerStep): Outcome {
  if (step.hosts) return execOnRange(sim, step, step.hosts);
  sim.ensureMachine(step.host);
  const res = runDocker(sim, step.host, step.argv, step.stdin);
  const settled = isDetached(step.argv) ? true : sim.settle().settled;
  // The front end may report the terminal's interleaving; otherwise stdout then stderr.
  const output = (res as { output?: unknown }).output;
  return {
    stdout: res.stdout,
    stderr: res.stderr,
    output: typeof output === 'string' ? output : undefined,
    exitCode: res.exitCode,
    settled,
  };
}

/**
 * A host-range step runs the command on each host in turn, as pdsh would (in
 * order, so the seed decides as it would for separate steps), and settles
 * once: the hosts act together. Output is grouped as `dshbak -c` groups it;
 * the exit status is the largest (pdsh -S).
 */
function execOnRange(sim: Simulation, step: DockerStep, hosts: readonly string[]): Outcome {
  const outputs: string[] = [];
  let stdout = '';
  let stderr = '';
  let exitCode = 0;
  for (const host of hosts) {
    sim.ensureMachine(host);
    const res = runDocker(sim, host, step.argv, step.stdin);
    const output = (res as { output?: unknown }).output;
    outputs.push(typeof output === 'string' ? output : res.stdout + res.stderr);
    stdout += res.stdout;
    stderr += res.stderr;
    exitCode = Math.max(exitCode, res.exitCode);
  }
  const settled = isDetached(step.argv) ? true : sim.settle().settled;
  const range = expandHostRange(step.host);
  return { stdout, stderr, output: groupOutputs(range, outputs), exitCode, settled };
}

function execDirective(sim: Simulation, step: SimStep): Outcome {
  const d = step.directive;
  try {
    applyDirective(sim, d);
  } catch (e) {
    if (!(e instanceof DockerError)) throw e;
    return { stdout: '', stderr: e.display + '\n', exitCode: e.exitCode, settled: d.name === 'sleep' || sim.settle().settled };
  }
  return { stdout: '', stderr: '', exitCode: 0, settled: d.name === 'sleep' || sim.settle().settled };
}

function applyDirective(sim: Simulation, d: Directive): void {
  switch (d.name) {
    case 'machine':
      sim.machine(d.machine, machineConfig(d));
      return;
    case 'registry':
      sim.addRegistryPlugin(registryPlugin(d));
      return;
    case 'sleep':
      sim.advance(d.ms);
      return;
    case 'stop':
      sim.ensureMachine(d.machine);
      sim.stopMachine(d.machine);
      return;
    case 'start':
      sim.ensureMachine(d.machine);
      sim.startMachine(d.machine);
      return;
    case 'fail':
      sim.failTask(d.task);
      return;
  }
}

/** Only what the directive gives: reconfiguring a machine keeps what it does not mention. */
function machineConfig(d: Extract<Directive, { name: 'machine' }>): Partial<MachineConfig> {
  const cfg: Partial<MachineConfig> = {};
  if (d.cpus !== null) cfg.cpus = d.cpus;
  if (d.memoryBytes !== null) cfg.memoryBytes = d.memoryBytes;
  if (d.os !== null) cfg.os = d.os;
  if (d.arch !== null) cfg.arch = d.arch;
  if (d.engineLabels.length > 0) cfg.engineLabels = Object.fromEntries(d.engineLabels.map((kv) => [kv.key, kv.value]));
  if (d.ip !== null) cfg.ip = d.ip;
  return cfg;
}

export function registryPlugin(d: RegistryDirective): RegistryPlugin {
  const { repository, tag } = splitTag(d.plugin);
  return {
    repository,
    tags: [tag],
    capabilities: d.types,
    scope: d.scope,
    privileges: groupPrivileges(d.privileges),
    description: '',
    settings: {},
  };
}

/** `--privilege mount=/a --privilege mount=/b` is one privilege with two values, as Docker lists them. */
function groupPrivileges(kvs: readonly KeyValue[]): Privilege[] {
  const out: { name: string; value: string[] }[] = [];
  for (const { key, value } of kvs) {
    const p = out.find((x) => x.name === key);
    if (p) p.value.push(value);
    else out.push({ name: key, value: [value] });
  }
  return out;
}

/** Subcommands that wait for convergence unless detached (docker/cli's `--detach` flag). */
const DETACHABLE = new Set(['service create', 'service update', 'service scale', 'service rollback', 'stack deploy', 'stack up']);
const TRUE = ['1', 't', 'true'];

/**
 * True when the command was given `-d`/`--detach` (last one wins, as pflag
 * does). Only for commands that have the flag: `network create -d` is the
 * driver, not a detach.
 */
export function isDetached(argv: readonly string[]): boolean {
  const words = argv.filter((a) => !a.startsWith('-'));
  if (!DETACHABLE.has(words.slice(0, 2).join(' '))) return false;
  let detached = false;
  for (const a of argv) {
    if (a === '--') break;
    const m = /^(?:--detach|-d)(?:=(.*))?$/.exec(a);
    if (m) detached = m[1] === undefined || TRUE.includes(m[1].toLowerCase());
    // Grouped short booleans such as `-qd` (the other short booleans of these commands).
    else if (/^-[dqt]{2,}$/.test(a) && a.includes('d')) detached = true;
  }
  return detached;
}

/** The command as typed, after the prompt; a directive reads `sim NAME ...`. */
function commandText(step: Step): string {
  const prompt = /^[^$]*\$[ \t]*/.exec(step.source)?.[0] ?? '';
  const rest = step.source.slice(prompt.length);
  return step.kind === 'sim' ? `sim ${rest}` : rest;
}
