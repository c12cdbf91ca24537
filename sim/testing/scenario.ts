/**
 * Test cases as `.swarm` scenarios, both ways: `toScenario` writes a case
 * (typically fast-check's shrunk counterexample) as a scenario a person can
 * read, replay and open in the UI; `fromScenario` reads such a file back
 * into commands, and `replayScenario` runs it with the invariants.
 *
 * The steps are the case's commands that ran, in order, exactly as the
 * property ran them (sim/scenario/run.ts: each step, then a settle). A
 * command that was refused keeps its step, with the error and exit status
 * it printed as expected output, so the replay checks the refusal too.
 */
import { parseScenario, type DockerStep, type SimStep, type Step } from '../scenario/parse.js';
import {
  MachineAdd,
  MachineStart,
  MachineStop,
  NetworkCreate,
  NetworkRemove,
  NodeAvailabilityUpdate,
  NodeLabelUpdate,
  PluginDisable,
  PluginEnable,
  PluginInstall,
  PluginRemove,
  ServiceCreate,
  ServiceRemove,
  ServiceScale,
  ServiceUpdate,
  Sleep,
  SwarmInit,
  SwarmJoin,
  SwarmLeave,
  TaskFail,
  VolumeCreate,
  VolumeRemove,
  SwarmCommand,
  type ServiceChange,
  type ServiceOptions,
} from './commands.js';
import type { SwarmCase } from './arbitraries.js';
import { InvariantViolation, SwarmReal, type RealOptions, type StepRecord } from './real.js';
import type { NodeAvailability } from '../model/types.js';

/** fast-check hands back its own wrappers around commands; this is the command inside. */
export function unwrapCommand(c: unknown): SwarmCommand {
  if (c instanceof SwarmCommand) return c;
  const inner = (c as { cmd?: unknown } | null)?.cmd;
  if (inner instanceof SwarmCommand) return inner;
  throw new TypeError(`not a swarm command: ${String(c)}`);
}

export interface ReplayedStep {
  readonly command: SwarmCommand;
  /** null when the command crashed the simulation before a record was made. */
  readonly record: StepRecord | null;
}

export interface Replay {
  readonly real: SwarmReal;
  /** The commands that ran (their check passed), in order, the failing one last. */
  readonly steps: readonly ReplayedStep[];
  /** What stopped the run: an InvariantViolation, or any other error; null when every step passed. */
  readonly failure: Error | null;
}

/** Runs a case as fast-check's modelRun does (a command runs only if its check passes), without throwing. */
export function replayCase(c: SwarmCase, opts: RealOptions = {}): Replay {
  const real = new SwarmReal(c.seed, opts);
  const steps: ReplayedStep[] = [];
  const runOne = (cmd: SwarmCommand): void => {
    try {
      steps.push({ command: cmd, record: real.step(cmd) });
    } catch (e) {
      steps.push({ command: cmd, record: e instanceof InvariantViolation ? e.step : null });
      throw e;
    }
  };
  try {
    // A run that hit a tolerated violation or fell into a crash loop ends there (SwarmReal.step).
    const ended = (): boolean => real.tolerated.length > 0 || real.crashLooping;
    for (const cmd of c.setup) {
      if (ended()) break;
      runOne(unwrapCommand(cmd));
    }
    let model = real.model();
    for (const raw of c.commands) {
      if (ended()) break;
      const cmd = unwrapCommand(raw);
      if (!cmd.check(model)) continue;
      runOne(cmd);
      model = real.model();
    }
  } catch (e) {
    return { real, steps, failure: e instanceof Error ? e : new Error(String(e)) };
  }
  return { real, steps, failure: null };
}

export interface ScenarioOptions extends RealOptions {
  readonly title?: string;
  /** Lines for the front matter's description (the fast-check seed and path, say). */
  readonly description?: string;
}

const comment = (text: string): string =>
  text
    .split('\n')
    .map((l) => (l.trim() === '' ? '#' : `# ${l}`))
    .join('\n');

/**
 * The case as a `.swarm` scenario. The case is replayed to learn which
 * commands ran (their check passed), what the refused ones printed, and
 * where an invariant broke; that violation is written as a comment after
 * the step that caused it.
 */
export function toScenario(c: SwarmCase, opts: ScenarioOptions = {}): string {
  const replay = replayCase(c, opts);
  const failure = replay.failure;
  const title = opts.title ?? (failure instanceof InvariantViolation ? `Counterexample: ${failure.step.violations.map((v) => v.invariant).join(', ')}` : 'swarmsim property test case');
  const out: string[] = ['---', `title: ${JSON.stringify(title)}`];
  if (opts.description) out.push(`description: ${JSON.stringify(opts.description)}`);
  out.push(`seed: ${c.seed}`, 'tags: [counterexample, property-test]', '---');
  out.push(comment('Written by swarmsim/testing: run it with `swarmsim run FILE` (each step settles, as in the property).'));
  const setupCount = c.setup.length;
  replay.steps.forEach((s, i) => {
    if (i === setupCount) out.push('', comment('The commands:'));
    const rec = s.record;
    out.push(s.command.toScenarioLine());
    if (rec?.refused) out.push(...expectedOutput(rec.refused, rec.exitCode));
    if (failure && i === replay.steps.length - 1) {
      const what = failure instanceof InvariantViolation ? failure.message : `${failure.name}: ${failure.message}`;
      out.push(comment(`The invariant breaks here, ${what}`));
    }
  });
  if (replay.real.crashLooping) out.push(comment('The case ends here: a task is rejected over and over, and nothing settles any more.'));
  else if (replay.real.tolerated.length > 0) out.push(comment('The case ends here, at a known bug it was told to tolerate.'));
  return out.join('\n') + '\n';
}

/**
 * A refusal as expected output: its lines, then `[N]`. Lines the scenario
 * grammar would read as something else (a comment, a prompt, a pattern)
 * cannot be written literally; then the output is left unchecked.
 */
function expectedOutput(text: string, exitCode: number): string[] {
  const lines = text.split('\n');
  const ambiguous = lines.some((l) => l.startsWith('#') || /^[A-Za-z0-9][A-Za-z0-9._-]*\$(\s|$)/.test(l) || l.trimEnd().endsWith(' (re)') || /^\[\d+\]$/.test(l.trim()));
  if (ambiguous) return [comment(`(output not checked)\n${text}`)];
  return [...lines, `[${exitCode}]`];
}

// --- reading a scenario back ------------------------------------------------------

interface Argv {
  readonly flags: Map<string, string[]>;
  readonly positionals: string[];
}

const BOOL_FLAGS = new Set(['--grant-all-permissions', '--disable', '--force', '-f']);

function parseArgv(argv: readonly string[]): Argv {
  const flags = new Map<string, string[]>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('-')) {
      positionals.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(0, eq) : a;
    const value = eq > 0 ? a.slice(eq + 1) : BOOL_FLAGS.has(a) ? 'true' : argv[++i];
    if (value === undefined) throw new Error(`flag ${a} needs a value`);
    flags.set(name, [...(flags.get(name) ?? []), value]);
  }
  return { flags, positionals };
}

const one = (a: Argv, flag: string): string | undefined => a.flags.get(flag)?.[0];

function keyValues(s: string): Map<string, string> {
  return new Map(
    s.split(',').map((kv) => {
      const eq = kv.indexOf('=');
      return [kv.slice(0, eq), kv.slice(eq + 1)] as [string, string];
    }),
  );
}

function serviceOptionsOf(a: Argv): ServiceOptions {
  const mount = one(a, '--mount');
  const m = mount ? keyValues(mount) : null;
  const publish = one(a, '--publish');
  const spread = one(a, '--placement-pref');
  const global = one(a, '--mode') === 'global';
  return {
    name: one(a, '--name') ?? '',
    global,
    replicas: global ? 0 : Number(one(a, '--replicas') ?? 1),
    network: one(a, '--network') ?? null,
    mount: m ? { source: m.get('source') ?? '', driver: m.get('volume-driver') ?? 'local' } : null,
    logDriver: one(a, '--log-driver') ?? null,
    constraints: a.flags.get('--constraint') ?? [],
    reserveCpu: Number(one(a, '--reserve-cpu') ?? 0),
    reserveMemoryMiB: parseInt(one(a, '--reserve-memory') ?? '0', 10),
    hostPort: publish ? Number(keyValues(publish).get('published')) : 0,
    maxPerNode: Number(one(a, '--replicas-max-per-node') ?? 0),
    spread: spread ? spread.replace(/^spread=/, '') : null,
  };
}

function fromSimStep(step: SimStep): SwarmCommand {
  const d = step.directive;
  switch (d.name) {
    case 'machine':
      return new MachineAdd({
        name: d.machine,
        cpus: d.cpus ?? 2,
        memoryGiB: (d.memoryBytes ?? 2 * 2 ** 30) / 2 ** 30,
        arch: d.arch ?? 'x86_64',
        engineLabels: Object.fromEntries(d.engineLabels.map((kv) => [kv.key, kv.value])),
      });
    case 'stop':
      return new MachineStop(d.machine);
    case 'start':
      return new MachineStart(d.machine);
    case 'sleep':
      return new Sleep(d.ms);
    case 'fail': {
      const dot = d.task.lastIndexOf('.');
      return new TaskFail(d.task.slice(0, dot), d.task.slice(dot + 1));
    }
    case 'registry':
    case 'file':
      throw new Error(`line ${step.line}: "sim$ ${d.name}" is not a command of swarmsim/testing`);
  }
}

function fromDockerStep(step: DockerStep): SwarmCommand {
  if (step.hosts) throw new Error(`line ${step.line}: a host range ("${step.host}$") is not a command of swarmsim/testing`);
  const [group, verb, ...rest] = step.argv;
  const a = parseArgv(rest);
  const host = step.host;
  const pos = a.positionals;
  const force = a.flags.has('--force') || a.flags.has('-f');
  switch (`${group} ${verb}`) {
    case 'swarm init':
      return new SwarmInit(host);
    case 'swarm join':
      return new SwarmJoin(host);
    case 'swarm leave':
      return new SwarmLeave(host);
    case 'node update': {
      const availability = one(a, '--availability');
      if (availability) return new NodeAvailabilityUpdate(pos[0], availability as NodeAvailability);
      const add = one(a, '--label-add');
      if (add) return new NodeLabelUpdate(pos[0], 'add', add);
      return new NodeLabelUpdate(pos[0], 'rm', one(a, '--label-rm') ?? '');
    }
    case 'plugin install':
      return new PluginInstall(host, pos[0], one(a, '--alias') ?? null, a.flags.has('--disable'));
    case 'plugin enable':
      return new PluginEnable(host, pos[0]);
    case 'plugin disable':
      return new PluginDisable(host, pos[0], force);
    case 'plugin rm':
      return new PluginRemove(host, pos[0], force);
    case 'volume create':
      return new VolumeCreate(host, pos[0], one(a, '--driver') ?? 'local');
    case 'volume rm':
      return new VolumeRemove(host, pos[0]);
    case 'network create':
      return new NetworkCreate(pos[0], one(a, '--driver') ?? 'bridge');
    case 'network rm':
      return new NetworkRemove(pos[0]);
    case 'service create':
      return new ServiceCreate(serviceOptionsOf(a));
    case 'service scale': {
      const [name, n] = pos[0].split('=');
      return new ServiceScale(name, Number(n));
    }
    case 'service update': {
      const [flag, values] = [...a.flags.entries()][0];
      return new ServiceUpdate(pos[0], { flag, value: values[0] } as ServiceChange);
    }
    case 'service rm':
      return new ServiceRemove(pos[0]);
  }
  throw new Error(`line ${step.line}: "docker ${group} ${verb}" is not a command of swarmsim/testing`);
}

export function commandFromStep(step: Step): SwarmCommand {
  return step.kind === 'sim' ? fromSimStep(step) : fromDockerStep(step);
}

/** A scenario written by toScenario, as a seed and the commands of its steps. */
export function fromScenario(text: string, file = 'counterexample.swarm'): { seed: number; commands: SwarmCommand[] } {
  const sc = parseScenario(text, file);
  return { seed: sc.meta.seed, commands: sc.steps.map(commandFromStep) };
}

/** Runs a scenario written by toScenario, step by step with the invariants; the failure, if any, is in the result. */
export function replayScenario(text: string, opts: RealOptions = {}, file?: string): Replay {
  const { seed, commands } = fromScenario(text, file);
  return replayCase({ seed, setup: commands, commands: [] }, opts);
}
