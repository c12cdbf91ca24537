/**
 * The client half of the pinned version: everything docker 28.2.2 answers
 * without asking a daemon (help, flag and argument errors, flag value
 * parsing) is compared with the machine's real client, for every command
 * swarmsim has. The real client runs with DOCKER_HOST at a socket that does
 * not exist, so whatever needs the daemon fails with "Cannot connect" and is
 * left out; swarmsim answers on a swarm manager, where the engine hides no
 * flag (cmd/docker/docker.go hideUnsupportedFeatures).
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { Command } from '../../sim/docker/command.js';
import { allCommands, runDocker } from '../../sim/docker/run.js';
import { swarm } from '../core/world.js';
import { clientPath } from './lab.js';

const client = clientPath();
if (!client) {
  const bar = '!'.repeat(78);
  process.stderr.write(`\n${bar}\n!! The real-client comparison is SKIPPED: no docker CLI 28.2.2 on this machine.\n${bar}\n\n`);
}

interface Answer {
  stdout: string;
  stderr: string;
  exitCode: number | null;
}

function real(argv: string[]): Answer {
  // From /root, the simulated machines' working directory, so that relative paths read alike.
  const r = spawnSync(client!, argv, { cwd: '/root', env: { PATH: process.env.PATH, HOME: '/nonexistent', DOCKER_HOST: 'unix:///nonexistent/docker.sock' }, encoding: 'utf8', timeout: 20_000 });
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.status };
}

function simulated(argv: string[]): Answer {
  const r = runDocker(swarm(1), 'node1', argv, null);
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
}

const needsDaemon = (a: Answer): boolean => /Cannot connect to the Docker daemon/.test(a.stderr);

/** The flag names (long, with shorthand) a help text lists. */
function helpFlags(help: string): string[] {
  return [...help.matchAll(/^ {2}(?:(-\w), )?\s*(--[\w-]+)/gm)].map((m) => (m[1] ? `${m[1]} ${m[2]}` : m[2])).sort();
}

/** Help texts swarmsim changes on purpose: flags it stores but does not act on say so, which re-wraps the table. */
const MARKED_HELP = new Set(['service create', 'service update']);

/** A value no typed flag accepts, by pflag type. */
const BAD_VALUE: Record<string, string> = { int: 'x', uint: 'x', float: 'x', duration: '1x', bool: 'maybe' };

function commands(): Command[] {
  return allCommands().filter((c) => c.path.length > 0);
}

describe.skipIf(!client)('swarmsim against the real docker 28.2.2 client (no daemon)', () => {
  it('prints the same help for every command, or lists the same flags where swarmsim marks stored ones', () => {
    const differ: string[] = [];
    for (const c of commands()) {
      const argv = [...c.path, '--help'];
      const r = real(argv);
      const s = simulated(argv);
      if (MARKED_HELP.has(c.path.join(' '))) {
        expect(helpFlags(s.stdout), argv.join(' ')).toEqual(helpFlags(r.stdout));
        continue;
      }
      if (JSON.stringify(r) !== JSON.stringify(s)) differ.push(`docker ${argv.join(' ')}\n--- real\n${r.stdout}${r.stderr}\n--- swarmsim\n${s.stdout}${s.stderr}`);
    }
    expect(differ).toEqual([]);
  });

  /** Each argv the client answers alone, compared: the differences, and how many were compared. */
  function compare(argvs: Iterable<string[]>): { differ: string[]; compared: number } {
    const differ: string[] = [];
    let compared = 0;
    for (const argv of argvs) {
      const r = real(argv);
      if (needsDaemon(r)) continue;
      compared++;
      const s = simulated(argv);
      if (JSON.stringify(r) !== JSON.stringify(s)) differ.push(`docker ${argv.join(' ')}: real ${JSON.stringify(r)}, swarmsim ${JSON.stringify(s)}`);
    }
    return { differ, compared };
  }

  it('refuses unknown flags, extra and missing arguments in the same words and with the same status', () => {
    const { differ, compared } = compare(commands().flatMap((c) => [[...c.path, '--no-such-flag'], [...c.path, ...'abcdefgh'.split('')], [...c.path]]));
    expect(differ).toEqual([]);
    expect(compared).toBeGreaterThan(60);
  });

  it('parses typed flag values as pflag does (int, uint, float, duration, bool)', () => {
    const argvs = commands().flatMap((c) =>
      c.flags
        .filter((f) => BAD_VALUE[f.type] && !f.hidden)
        .map((f) => (f.type === 'bool' ? [...c.path, `--${f.name}=${BAD_VALUE[f.type]}`] : [...c.path, `--${f.name}`, BAD_VALUE[f.type]])),
    );
    const { differ, compared } = compare(argvs);
    expect(differ).toEqual([]);
    expect(compared).toBeGreaterThan(40);
  });

  it("refuses what docker's option types refuse (bytes, CPUs, ports, mounts...), given the arguments the command needs", () => {
    // A value every option type refuses, or that plain strings pass on to the daemon (left out then).
    const argvs = commands().flatMap((c) => {
      const args = Array.from({ length: c.args?.min ?? 0 }, (_, i) => `arg${i}`);
      return c.flags.filter((f) => f.type !== 'bool' && !f.hidden).flatMap((f) => ['1x', '='].map((bad) => [...c.path, `--${f.name}`, bad, ...args]));
    });
    const { differ, compared } = compare(argvs);
    expect(differ).toEqual([]);
    expect(compared).toBeGreaterThan(100);
  });

  it.each([
    // network create: createIPAMConfig runs before the daemon is asked.
    'network create --subnet 10.0.0.0/24 --gateway 10.0.1.1 n',
    'network create --subnet 10.0.0.0/24 --ip-range 10.0.0.0/25 --ip-range 10.0.0.128/25 n',
    'network create --subnet 10.0.0.0/16 --subnet 10.0.1.0/24 n',
    'network create --subnet 10.0.0.0/24,10.1.0.0/24 --gateway 10.0.0.1,10.0.0.2 n',
    'network create --subnet 10.0.0.0/24 --ip-range 10.1.0.0/25 n',
    'network create --subnet 10.0.0.0/24 --ip-range nope n',
    'network create --subnet nope --gateway 10.0.0.1 n',
    'network create --subnet 10.0.0.0/24 --aux-address a=10.9.9.9 n',
    'network create --subnet fd00::/64 --gateway fd00::1 --ip-range 10.0.0.0/24 n',
    'network create --subnet 10.0.0.0/24 --gateway 10.0.0.1 --ip-range 10.0.0.0/26 --ip-range 10.0.0.64/26 n',
    // mounts: MountOpt.Set of v28.2.2
    'service create --mount = nginx',
    'service create --mount type=volume,readonly=maybe nginx',
    'service create --mount type=tmpfs,tmpfs-size=1x nginx',
    'service create --mount type=tmpfs,tmpfs-mode=9 nginx',
    'service create --mount type=bind,bind-recursive=sometimes nginx',
    'service create --mount type=volume,volume-nocopy=maybe nginx',
    'service create --mount nocolon nginx',
    'service create --mount "a nginx',
    // plugin install --alias is a reference
    'plugin install --alias = vieux/sshfs',
    'plugin install --alias UPPER vieux/sshfs',
    'plugin install --alias a@sha256:0123456789012345678901234567890123456789012345678901234567890123 vieux/sshfs',
  ])('%s', (line) => {
    const argv = line.split(' ');
    const r = real(argv);
    expect(needsDaemon(r), 'a case the client answers alone').toBe(false);
    expect(simulated(argv)).toEqual(r);
  });
});
