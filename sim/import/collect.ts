/**
 * Taking a bundle from a manager with read-only docker commands. The runner
 * is given: the CLI passes one that spawns the user's own `docker` (argument
 * arrays, no shell, a timeout); the tests pass the simulator's front end, so
 * that a simulated swarm exports itself exactly as a real one would.
 */

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

export type DockerRunner = (argv: readonly string[]) => Promise<Ran>;

/**
 * Every docker command `swarmsim import --docker` may run, as the first words
 * of its argv. None changes anything: `collectBundle` refuses to run any
 * other (a test checks each command it runs is in this list).
 */
export const READ_ONLY_COMMANDS: readonly (readonly string[])[] = [
  ['version'],
  ['info'],
  ['node', 'ls'],
  ['node', 'inspect'],
  ['service', 'ls'],
  ['service', 'inspect'],
  ['service', 'ps'],
  ['network', 'ls'],
  ['network', 'inspect'],
  ['volume', 'ls'],
  ['plugin', 'ls'],
  ['plugin', 'inspect'],
];

export class CollectError extends Error {
  override readonly name = 'CollectError';
}

/** IDs per command line: well under any ARG_MAX, however large the swarm. */
const CHUNK = 200;

export function isReadOnly(argv: readonly string[]): boolean {
  return READ_ONLY_COMMANDS.some((c) => c.every((w, i) => argv[i] === w));
}

/** Collects the bundle (as a plain object, `{"version": 1, ...}`) through `run`. */
export async function collectBundle(run: DockerRunner): Promise<Record<string, unknown>> {
  const docker = async (argv: string[]): Promise<string> => {
    if (!isReadOnly(argv)) throw new CollectError(`refusing to run "docker ${argv.join(' ')}": not a read-only command`);
    const r = await run(argv);
    if (r.code !== 0) throw new CollectError(`"docker ${argv.join(' ')}" exited ${r.code}: ${(r.stderr || r.stdout).trim().slice(0, 500)}`);
    return r.stdout;
  };
  const json = (text: string, what: string): unknown => {
    try {
      return JSON.parse(text);
    } catch {
      throw new CollectError(`${what} did not print JSON: ${text.trim().slice(0, 200)}`);
    }
  };
  const ids = (text: string): string[] => text.split('\n').map((s) => s.trim()).filter((s) => s !== '');
  const inspectAll = async (cmd: string[], list: string[]): Promise<unknown[]> => {
    const out: unknown[] = [];
    for (let i = 0; i < list.length; i += CHUNK) {
      const part = json(await docker([...cmd, ...list.slice(i, i + CHUNK)]), `docker ${cmd.join(' ')}`);
      if (!Array.isArray(part)) throw new CollectError(`docker ${cmd.join(' ')} did not print a JSON array`);
      out.push(...(part as unknown[]));
    }
    return out;
  };

  const swarm = json(await docker(['info', '--format', '{{json .Swarm}}']), 'docker info') as Record<string, unknown> | null;
  if (!swarm || swarm.LocalNodeState !== 'active') throw new CollectError('this docker engine is not part of a swarm (docker info: Swarm.LocalNodeState is not "active")');
  if (swarm.ControlAvailable !== true) throw new CollectError('this docker engine is a worker: run the import against a manager (docker context use ..., or DOCKER_HOST)');
  const self = typeof swarm.NodeID === 'string' ? swarm.NodeID : '';
  const server = (await docker(['version', '--format', '{{.Server.Version}}'])).trim();

  const nodes = await inspectAll(['node', 'inspect'], ids(await docker(['node', 'ls', '-q'])));
  const serviceIds = ids(await docker(['service', 'ls', '-q']));
  const services = await inspectAll(['service', 'inspect'], serviceIds);
  const networks = (await inspectAll(['network', 'inspect'], ids(await docker(['network', 'ls', '-q'])))).filter(
    (n) => (n as { Scope?: unknown }).Scope === 'swarm',
  );
  const tasks: unknown[] = [];
  for (let i = 0; i < serviceIds.length; i += CHUNK) {
    const rows = await docker(['service', 'ps', '--no-trunc', '--filter', 'desired-state=running', '--format', '{{json .}}', ...serviceIds.slice(i, i + CHUNK)]);
    for (const line of ids(rows)) tasks.push(json(line, 'docker service ps'));
  }
  const plugins = await inspectAll(['plugin', 'inspect'], ids(await docker(['plugin', 'ls', '-q', '--no-trunc'])));
  const volumes = ids(await docker(['volume', 'ls', '--format', '{{json .}}'])).map((l) => json(l, 'docker volume ls'));
  return {
    version: 1,
    taken: { node: self, serverVersion: server },
    nodes,
    services,
    networks,
    tasks,
    plugins: { [self]: plugins },
    volumes: { [self]: volumes },
  };
}
