/**
 * Typed AST of a `.swarm` scenario file.
 *
 * Plain data (strings, numbers, arrays, objects) apart from the compiled
 * RegExp of `(re)` lines, whose source text is kept in `text` so the AST can
 * be serialized and the regex rebuilt. Positions are 1-based (see SourcePos
 * in errors.ts for how columns are counted).
 */
import type { SourcePos } from './errors.js';

import type { LinePattern } from '../linearRegex.js';

export type { SourcePos } from './errors.js';

/** The YAML front matter, with defaults filled in. */
export interface ScenarioMeta {
  title?: string;
  description?: string;
  /** Seed of the simulation's random number generator; 1 when not given. */
  seed: number;
  tags: string[];
  /** One sentence for a slide (the UI's presenter mode); the description stays the full text. */
  short?: string;
}

export interface Scenario {
  /** The file name given to parseScenario, used in error messages. */
  file: string;
  meta: ScenarioMeta;
  /**
   * Every machine named by the file, in order of first appearance: prompts
   * (`node1$ docker ...`) and the NAME of `sim$ machine|stop|start NAME`.
   */
  hosts: string[];
  steps: Step[];
}

/** One line of expected output. */
export interface ExpectedLine {
  /** The line as written, trailing whitespace removed (a regex line keeps its ` (re)`). */
  text: string;
  /**
   * For a line written `PATTERN (re)`: PATTERN (JavaScript syntax, no
   * flags) compiled for whole-line matching in linear time; `source` is
   * `^(?:PATTERN)$`. null for a literal line.
   */
  regex: LinePattern | null;
  /** 1-based line in the file. */
  line: number;
}

export interface Expected {
  /** Expected output lines; trailing blank lines are already dropped. */
  lines: ExpectedLine[];
  /** From a final `[N]` line, else 0. */
  exitCode: number;
}

interface StepBase {
  /** 1-based line of the prompt. */
  line: number;
  /** 1-based column of the command word (`docker`, or the directive name). */
  column: number;
  /** Last line that belongs to the command: continuations and here-document included. */
  endLine: number;
  /** The command's lines exactly as written, prompt to endLine, joined by "\n". */
  source: string;
  /** Comment lines written above the step, without their leading `# ` or `#`. */
  narration: string[];
  /** null when no expected lines follow the step: its output is not checked. */
  expected: Expected | null;
}

export interface DockerStep extends StepBase {
  kind: 'docker';
  /** The prompt as written: a machine name, or a host range such as `m[002-200]`. */
  host: string;
  /**
   * For a host-range prompt only: the machines it names, in order (the
   * command runs on each; see hostRange.ts). Absent for a single host.
   */
  hosts?: string[];
  /** Shell words after `docker`, quotes removed. */
  argv: string[];
  /** Where each word of argv starts (its opening quote, if quoted). */
  argvPos: SourcePos[];
  /** Text of the here-document (each body line followed by "\n"), or null. */
  stdin: string | null;
}

export interface SimStep extends StepBase {
  kind: 'sim';
  /** Shell words after `sim$`, the directive name first. */
  argv: string[];
  directive: Directive;
}

export type Step = DockerStep | SimStep;

export const PLUGIN_CAPABILITIES = [
  'volumedriver',
  'networkdriver',
  'ipamdriver',
  'logdriver',
  'authz',
  'metricscollector',
] as const;
export type PluginCapability = (typeof PLUGIN_CAPABILITIES)[number];

export interface KeyValue {
  key: string;
  value: string;
}

/** `sim$ machine NAME [--cpus N] [--memory SIZE] [--os OS] [--arch ARCH] [--engine-label K=V]... [--ip IP]` */
export interface MachineDirective {
  name: 'machine';
  machine: string;
  /** Positive, possibly fractional; null when not given. */
  cpus: number | null;
  /** Bytes (integer); null when not given. */
  memoryBytes: number | null;
  os: string | null;
  arch: string | null;
  /** In the order given; keys are unique. */
  engineLabels: KeyValue[];
  /** Dotted IPv4; null when not given. */
  ip: string | null;
}

/** `sim$ registry PLUGIN --type CAP[,CAP] [--scope local|global] [--privilege NAME=VALUE]...` */
export interface RegistryDirective {
  name: 'registry';
  plugin: string;
  /** At least one, no duplicates, in the order given. */
  types: PluginCapability[];
  /** 'local' when not given (Docker's default for a driver's capability scope). */
  scope: 'local' | 'global';
  /** In the order given; a name may repeat (several mounts, devices...). */
  privileges: KeyValue[];
}

/** `sim$ sleep DURATION` */
export interface SleepDirective {
  name: 'sleep';
  /** Milliseconds, >= 0; fractional below a millisecond (`1500us` is 1.5). */
  ms: number;
}

/** `sim$ stop NAME`: the machine goes down. */
export interface StopDirective {
  name: 'stop';
  machine: string;
}

/** `sim$ start NAME`: the machine comes back. */
export interface StartDirective {
  name: 'start';
  machine: string;
}

/** `sim$ fail TASK`: TASK is a task ID, `service.slot` or `service.NODE`, resolved at run time. */
export interface FailDirective {
  name: 'fail';
  task: string;
}

/** `sim$ file HOST:PATH <<EOF`: the here-document becomes a file on the machine. */
export interface FileDirective {
  name: 'file';
  machine: string;
  /** As written: relative to the machine's working directory, or absolute. */
  path: string;
  /** The here-document's text (each line followed by "\n"). */
  content: string;
}

export type Directive =
  | FileDirective
  | MachineDirective
  | RegistryDirective
  | SleepDirective
  | StopDirective
  | StartDirective
  | FailDirective;

export type DirectiveName = Directive['name'];
