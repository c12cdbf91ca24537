import type { Simulation } from '../simulation.js';
import type { FlagSpec, ParsedArgs } from './flags.js';

/** What one docker invocation produced, as a terminal shows it. */
export interface CommandResult {
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr interleaved as written: what a terminal shows. */
  readonly output?: string;
  readonly exitCode: number;
}

export interface CommandContext {
  readonly sim: Simulation;
  /** The machine the command is typed on. */
  readonly host: string;
  /** Standard input (here-documents), or null. */
  readonly stdin: string | null;
  /** Writes a line (or lines) to standard output. */
  out(text: string): void;
  /** Writes to standard error (warnings that do not fail the command). */
  err(text: string): void;
  /** Asks a person at a terminal (DockerOptions.ask); absent in scenarios. */
  readonly ask?: Ask;
}

/**
 * Answers a `[y/N]` prompt as a person would: the line typed, or null at the
 * end of input. Without it a prompt reads its answer from stdin, else gets "y".
 */
export type Ask = (prompt: string) => string | null;

export interface DockerOptions {
  /** An interactive front end (the shell) answers prompts for real. */
  readonly ask?: Ask;
}

/**
 * One docker subcommand: its path (`['service', 'create']`), flags and
 * argument count as the real CLI declares them (docker/cli cli/command/...),
 * and what it does. Errors are thrown as DockerError (daemon or CLI text) and
 * the dispatcher turns them into stderr and an exit status.
 */
export interface Command {
  readonly path: readonly string[];
  /** `docker service create [OPTIONS] IMAGE [COMMAND] [ARG...]`: the Usage line after `docker `. */
  readonly usage: string;
  readonly summary: string;
  readonly flags: readonly FlagSpec[];
  /** cobra argument checks: exact, min or max counts; messages as docker/cli cli/required.go. */
  readonly args?: { readonly min?: number; readonly max?: number };
  /** Cluster state: refused on a worker or outside a swarm with the engine's text. */
  readonly needsManager?: boolean;
  /** false: flags stop at the first positional argument (cobra SetInterspersed(false)). */
  readonly interspersed?: boolean;
  /** After the command, settle the simulation unless `--detach` was given. */
  readonly settles?: boolean;
  /**
   * The checks docker's option types make while flags are parsed (a FlagError
   * for a refused value), run before arguments are counted or any state is
   * read: pflag refuses `--limit-cpu 1x` before cobra looks at the arguments.
   */
  checkValues?(a: ParsedArgs): void;
  /** No flag given prints the help and succeeds (a PreRunE returning pflag.ErrHelp), before the daemon is asked. */
  readonly helpWithoutFlags?: boolean;
  run(ctx: CommandContext, a: ParsedArgs): void;
}
