/**
 * Runs a parsed scenario against a fresh Simulation, step by step, keeping
 * for every step what a terminal showed, the state after it and the trace
 * events it caused.
 *
 * DOM-free and Node-free on purpose: the browser UI replays scenarios with
 * this same module, so that a scenario means exactly one thing everywhere.
 */
import type { TraceEvent } from '../cluster/trace.js';
import type { Ask } from '../docker/command.js';
import { writeMachineFile } from '../docker/files.js';
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
  /** When it did not settle, why: a slot failing over and over (a crash loop), or the bound on virtual time. */
  unsettled?: 'crash-loop' | 'time-limit';
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

/** A command stopped at a prompt that a person must answer (ScenarioSession.execAsking). */
export interface Question {
  readonly kind: 'question';
  /** The prompt, such as `Do you grant the above permissions? [y/N] `. */
  readonly prompt: string;
  /** What the command printed up to and including the prompt. */
  readonly output: string;
}

/**
 * One interactive line after another on one simulation: the shell and the
 * UI's "try it" box. Lines use the scenario grammar, so they get the same
 * errors, thrown as ScenarioError before anything runs.
 */
export class ScenarioSession {
  #sim: Simulation;
  readonly seed: number;
  /** Every step run in this simulation: the scenario's, then the session's. */
  readonly steps: StepRun[];
  /** The name errors are reported against. */
  readonly file: string;
  /** The answers each step's prompts got (parallel to steps; empty: none asked, or answered "y" by default). */
  readonly #answers: (readonly (string | null)[])[];

  constructor(from?: ScenarioRun | { seed?: number }, file = '<shell>') {
    this.file = file;
    if (from && 'sim' in from) {
      this.#sim = from.sim;
      this.seed = from.seed;
      this.steps = from.steps.slice();
    } else {
      this.seed = from?.seed ?? 1;
      this.#sim = new Simulation({ seed: this.seed });
      this.steps = [];
    }
    this.#answers = this.steps.map(() => []);
  }

  /** The simulation as the last step left it. */
  get sim(): Simulation {
    return this.#sim;
  }

  /** Every event so far. */
  get trace(): readonly TraceEvent[] {
    return this.#sim.world.trace;
  }

  /** Machines the simulation knows, for completion. */
  get hosts(): string[] {
    return [...this.#sim.world.machines.keys()];
  }

  /** What the prompts of step `index` were answered (null: the end of input). */
  answersOf(index: number): readonly (string | null)[] {
    return this.#answers[index] ?? [];
  }

  /** Runs `HOST$ docker ...` or `sim$ ...`; throws ScenarioError for a malformed line. Prompts get "y". */
  exec(line: string): StepRun {
    const run = runStep(this.#sim, this.parseLine(line), this.steps.length);
    this.steps.push(run);
    this.#answers.push([]);
    return run;
  }

  /**
   * Runs a line whose prompts a person answers: `answers` holds the answers
   * typed so far, in order (null: the end of input, which answers no). When the command asks one question more, none of
   * it is kept (the simulation is rebuilt from the steps before it, which is
   * exact since a run is deterministic) and the question comes back with
   * what was printed up to it; run the line again with the answer added.
   */
  execAsking(line: string, answers: readonly (string | null)[]): StepRun | Question {
    const step = this.parseLine(line);
    const asked: string[] = [];
    let unanswered: string | null = null;
    const ask: Ask = (prompt) => {
      if (unanswered === null && asked.length < answers.length) {
        asked.push(prompt);
        return answers[asked.length - 1];
      }
      unanswered ??= prompt;
      return null;
    };
    const run = runStep(this.#sim, step, this.steps.length, { ask });
    if (unanswered === null) {
      this.steps.push(run);
      this.#answers.push(answers.slice());
      return run;
    }
    this.#sim = this.replay();
    // Past the prompts answered (each echoed with its answer), the first occurrence of the new one.
    let at = 0;
    asked.forEach((p, k) => {
      const echo = answers[k] === null ? p : `${p}${answers[k]}\n`;
      const found = run.output.indexOf(echo, at);
      if (found >= 0) at = found + echo.length;
    });
    const prompt: string = unanswered;
    const found = run.output.indexOf(prompt, at);
    const output = found >= 0 ? run.output.slice(0, found + prompt.length) : run.output.slice(0, at) + prompt;
    return { kind: 'question', prompt, output };
  }

  /** A fresh simulation through every step so far, with the answers they got. */
  private replay(): Simulation {
    const sim = new Simulation({ seed: this.seed });
    this.steps.forEach((s, k) => {
      const given = this.#answers[k];
      let next = 0;
      runStep(sim, s.step, k, given.length > 0 ? { ask: () => (next < given.length ? given[next++] : null) } : {});
    });
    return sim;
  }

  private parseLine(line: string): Step {
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
    return scenario.steps[0];
  }
}

export interface StepOptions {
  /** Prompts are asked of a person (docker's [y/N] questions); without it they get "y". */
  readonly ask?: Ask;
}

/** Runs one step on `sim`: the machine it names exists first, then the command, then settling. */
export function runStep(sim: Simulation, step: Step, index: number, opts: StepOptions = {}): StepRun {
  const traceStart = sim.world.trace.length;
  const r = step.kind === 'docker' ? execDocker(sim, step, opts) : execDirective(sim, step);
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
    ...(r.unsettled ? { unsettled: r.unsettled } : {}),
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
  unsettled?: 'crash-loop' | 'time-limit';
}

function execDocker(sim: Simulation, step: DockerStep, opts: StepOptions): Outcome {
  if (step.hosts) return execOnRange(sim, step, step.hosts);
  sim.ensureMachine(step.host);
  const changes = sim.world.changes;
  const res = runDocker(sim, step.host, step.argv, step.stdin, opts.ask ? { ask: opts.ask } : {});
  // A command that changed nothing (a listing, a refusal) lets no time pass: what an earlier
  // step left running (a crash loop) goes on only with commands that act, and with sleeps.
  const acted = sim.world.changes !== changes;
  const detached = isDetached(step.argv);
  // A detached command returns once the API has stored the request; by the time the next
  // command reaches the manager, the orchestrator has made the tasks and the scheduler has
  // had its first pass (debounced 50 ms): that is what `service ps` right after shows.
  if (detached && acted) sim.advance(DETACHED_RETURN_MS);
  const result = detached || !acted ? null : sim.settle();
  const settled = result ? result.settled : true;
  // The front end may report the terminal's interleaving; otherwise stdout then stderr.
  const output = (res as { output?: unknown }).output;
  return {
    stdout: res.stdout,
    stderr: res.stderr,
    output: typeof output === 'string' ? output : undefined,
    exitCode: res.exitCode,
    settled,
    ...(result?.stopped ? { unsettled: result.stopped } : {}),
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
  const changes = sim.world.changes;
  for (const host of hosts) {
    sim.ensureMachine(host);
    const res = runDocker(sim, host, step.argv, step.stdin);
    const output = (res as { output?: unknown }).output;
    outputs.push(typeof output === 'string' ? output : res.stdout + res.stderr);
    stdout += res.stdout;
    stderr += res.stderr;
    exitCode = Math.max(exitCode, res.exitCode);
  }
  const acted = sim.world.changes !== changes;
  const detached = isDetached(step.argv);
  if (detached && acted) sim.advance(DETACHED_RETURN_MS);
  const result = detached || !acted ? null : sim.settle();
  const range = expandHostRange(step.host);
  return {
    stdout,
    stderr,
    output: groupOutputs(range, outputs),
    exitCode,
    settled: result ? result.settled : true,
    ...(result?.stopped ? { unsettled: result.stopped } : {}),
  };
}

function execDirective(sim: Simulation, step: SimStep): Outcome {
  const d = step.directive;
  try {
    applyDirective(sim, d);
  } catch (e) {
    if (!(e instanceof DockerError)) throw e;
    return { stdout: '', stderr: e.display + '\n', exitCode: e.exitCode, ...settleAfter(sim, d.name) };
  }
  return { stdout: '', stderr: '', exitCode: 0, ...settleAfter(sim, d.name) };
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
    case 'file':
      writeMachineFile(sim.ensureMachine(d.machine), d.path, d.content);
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

/** How far the swarm gets between a detached command's return and the next command. */
export const DETACHED_RETURN_MS = 100;

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

/** Every directive but `sleep` lets the simulation settle. */
function settleAfter(sim: Simulation, directive: string): { settled: boolean; unsettled?: 'crash-loop' | 'time-limit' } {
  if (directive === 'sleep') return { settled: true };
  const r = sim.settle();
  return r.stopped ? { settled: r.settled, unsettled: r.stopped } : { settled: r.settled };
}
