/**
 * An error the real Docker CLI or daemon would report. `message` is the exact
 * text; `daemon` errors are printed behind `Error response from daemon: `.
 * Every operation validates before it mutates, so a thrown DockerError means
 * nothing changed.
 */
export class DockerError extends Error {
  constructor(
    message: string,
    readonly daemon: boolean = true,
    readonly exitCode: number = 1,
  ) {
    super(message);
    this.name = 'DockerError';
  }

  /** The line the CLI prints on stderr. */
  get display(): string {
    return this.daemon ? `Error response from daemon: ${this.message}` : this.message;
  }
}

export const daemonError = (msg: string): DockerError => new DockerError(msg, true);
export const cliError = (msg: string, exitCode = 1): DockerError => new DockerError(msg, false, exitCode);

export const NOT_IN_SWARM = 'This node is not part of a swarm';
export const NOT_A_MANAGER =
  "This node is not a swarm manager. Worker nodes can't be used to view or modify cluster state. Please run this command on a manager node or promote the current node to a manager.";
export const ALREADY_IN_SWARM =
  'This node is already part of a swarm. Use "docker swarm leave" to leave this swarm and join another one.';

/** A manager-only command on an engine in no swarm (moby daemon/cluster/errors.go errNoSwarm). */
export const NO_SWARM =
  'This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.';
export const NO_LEADER =
  "rpc error: code = Unknown desc = The swarm does not have a leader. It's possible that too few managers are online. Make sure more than half of the managers are online.";
