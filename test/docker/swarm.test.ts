import { describe, expect, it } from 'vitest';
import { runDocker } from '../../sim/docker/run.js';
import { streams } from './streams.js';
import { Simulation } from '../../sim/simulation.js';
import { state, swarm } from '../core/world.js';

// docker swarm init / join / join-token / leave (docker/cli cli/command/swarm).

const docker = (sim: Simulation, host: string, line: string) => streams(runDocker(sim, host, line.split(' ').filter(Boolean)));
const err = (stderr: string) => ({ stdout: '', stderr: stderr + '\n', exitCode: 1 });

describe('docker swarm init', () => {
  it('prints the node, the worker join command and the manager hint (init.go, join_token.go)', () => {
    const sim = new Simulation({ seed: 7 });
    const r = docker(sim, 'node1', 'swarm init');
    const node = sim.world.machines.get('node1')!.nodeId!;
    expect(node).toMatch(/^[0-9a-z]{25}$/);
    expect(r).toEqual({
      stdout:
        `Swarm initialized: current node (${node}) is now a manager.\n` +
        '\n' +
        'To add a worker to this swarm, run the following command:\n' +
        '\n' +
        `    docker swarm join --token ${sim.world.swarm!.workerToken} 192.168.99.100:2377\n` +
        '\n' +
        "To add a manager to this swarm, run 'docker swarm join-token manager' and follow the instructions.\n",
      stderr: '',
      exitCode: 0,
    });
  });

  it('--advertise-addr and --task-history-limit reach the swarm', () => {
    const sim = new Simulation();
    const r = docker(sim, 'node1', 'swarm init --advertise-addr 10.0.0.5 --task-history-limit 2');
    expect(r.stdout).toContain(' 10.0.0.5:2377\n');
    expect(sim.world.swarm!.taskHistoryLimit).toBe(2);
    const withPort = new Simulation();
    expect(docker(withPort, 'node1', 'swarm init --advertise-addr 10.0.0.5:4567').stdout).toContain(' 10.0.0.5:4567\n');
  });

  it('--availability drain is case-insensitive', () => {
    const sim = new Simulation();
    expect(docker(sim, 'node1', 'swarm init --availability DRAIN').exitCode).toBe(0);
    expect([...sim.world.nodes.values()][0].availability).toBe('drain');
  });

  it('refuses a bad availability in the CLI, before anything changes', () => {
    const sim = new Simulation();
    sim.machine('node1');
    const before = state(sim);
    expect(docker(sim, 'node1', 'swarm init --availability bogus')).toEqual(
      err('invalid availability "bogus", only active, pause and drain are supported'),
    );
    expect(state(sim)).toBe(before);
  });

  it('refuses a second init on a swarm member', () => {
    const sim = new Simulation();
    docker(sim, 'node1', 'swarm init');
    const before = state(sim);
    expect(docker(sim, 'node1', 'swarm init')).toEqual(
      err('Error response from daemon: This node is already part of a swarm. Use "docker swarm leave" to leave this swarm and join another one.'),
    );
    expect(state(sim)).toBe(before);
  });

  it('refuses a malformed duration flag (exit 125)', () => {
    const sim = new Simulation();
    sim.machine('node1');
    const before = state(sim);
    const r = docker(sim, 'node1', 'swarm init --dispatcher-heartbeat 5');
    expect(r.exitCode).toBe(125);
    expect(r.stderr).toBe(
      'invalid argument "5" for "--dispatcher-heartbeat" flag: time: missing unit in duration "5"\n\n' +
        "Usage:  docker swarm init [OPTIONS]\n\nRun 'docker swarm init --help' for more information\n",
    );
    expect(state(sim)).toBe(before);
  });
});

describe('docker swarm join', () => {
  it('joins as a worker with the worker token, as a manager with the manager token', () => {
    const sim = new Simulation();
    docker(sim, 'node1', 'swarm init');
    const { workerToken, managerToken } = sim.world.swarm!;
    expect(docker(sim, 'node2', `swarm join --token ${workerToken} 192.168.99.100:2377`)).toEqual({
      stdout: 'This node joined a swarm as a worker.\n',
      stderr: '',
      exitCode: 0,
    });
    expect(docker(sim, 'node3', `swarm join --token ${managerToken} 192.168.99.100:2377`).stdout).toBe('This node joined a swarm as a manager.\n');
    expect([...sim.world.nodes.values()].map((n) => `${n.machine}:${n.role}`)).toEqual(['node1:manager', 'node2:worker', 'node3:manager']);
  });

  it("the documents' transcript: a token from elsewhere joins as a worker", () => {
    const sim = new Simulation();
    docker(sim, 'node1', 'swarm init');
    const r = docker(
      sim,
      'node2',
      'swarm join --token SWMTKN-1-49nj1cmql0jkz5s954yi3oex3nedyz0fb0xx14ie39trti4wxv-8vxv8rssmk743ojnwacrr2e7c 192.168.99.100:2377',
    );
    expect(r.stdout).toBe('This node joined a swarm as a worker.\n');
  });

  it('refusals change nothing', () => {
    const sim = new Simulation();
    docker(sim, 'node1', 'swarm init');
    sim.machine('node2');
    const before = state(sim);
    expect(docker(sim, 'node2', 'swarm join --token nonsense 192.168.99.100:2377')).toEqual(err('Error response from daemon: invalid join token'));
    expect(docker(sim, 'node2', `swarm join --token ${sim.world.swarm!.workerToken} --availability nope 192.168.99.100:2377`)).toEqual(
      err('invalid availability "nope", only active, pause and drain are supported'),
    );
    expect(docker(sim, 'node1', `swarm join --token ${sim.world.swarm!.workerToken} 192.168.99.100:2377`).stderr).toBe(
      'Error response from daemon: This node is already part of a swarm. Use "docker swarm leave" to leave this swarm and join another one.\n',
    );
    expect(docker(sim, 'node2', 'swarm join').stderr).toBe(
      "docker: 'docker swarm join' requires 1 argument\n\nUsage:  docker swarm join [OPTIONS] HOST:PORT\n\nRun 'docker swarm join --help' for more information\n",
    );
    expect(state(sim)).toBe(before);
  });

  it('--availability pause joins paused', () => {
    const sim = new Simulation();
    docker(sim, 'node1', 'swarm init');
    docker(sim, 'node2', `swarm join --availability pause --token ${sim.world.swarm!.workerToken} 192.168.99.100:2377`);
    expect(sim.world.nodes.get(sim.world.machines.get('node2')!.nodeId!)!.availability).toBe('pause');
  });
});

describe('docker swarm join-token', () => {
  const sim = new Simulation();
  docker(sim, 'node1', 'swarm init');
  docker(sim, 'node2', `swarm join --token ${sim.world.swarm!.workerToken} 192.168.99.100:2377`);

  it('prints the join command for a role', () => {
    expect(docker(sim, 'node1', 'swarm join-token manager').stdout).toBe(
      'To add a manager to this swarm, run the following command:\n\n' +
        `    docker swarm join --token ${sim.world.swarm!.managerToken} 192.168.99.100:2377\n\n`,
    );
    expect(docker(sim, 'node1', 'swarm join-token -q worker')).toEqual({ stdout: sim.world.swarm!.workerToken + '\n', stderr: '', exitCode: 0 });
  });

  it('an unknown role is a CLI error, checked before the manager check', () => {
    expect(docker(sim, 'node1', 'swarm join-token admin')).toEqual(err('unknown role admin'));
    expect(docker(sim, 'node2', 'swarm join-token admin')).toEqual(err('unknown role admin'));
  });

  it('a worker cannot see the tokens', () => {
    expect(docker(sim, 'node2', 'swarm join-token worker')).toEqual(
      err(
        "Error response from daemon: This node is not a swarm manager. Worker nodes can't be used to view or modify cluster state. Please run this command on a manager node or promote the current node to a manager.",
      ),
    );
  });

  it('--rotate is not modelled and is refused without change', () => {
    const before = state(sim);
    const token = sim.world.swarm!.workerToken;
    expect(docker(sim, 'node1', 'swarm join-token --rotate worker').exitCode).toBe(1);
    expect(sim.world.swarm!.workerToken).toBe(token);
    expect(state(sim)).toBe(before);
  });
});

describe('docker swarm leave', () => {
  it('a worker leaves; the last manager needs --force', () => {
    const sim = new Simulation();
    docker(sim, 'node1', 'swarm init');
    docker(sim, 'node2', `swarm join --token ${sim.world.swarm!.workerToken} 192.168.99.100:2377`);
    expect(docker(sim, 'node2', 'swarm leave')).toEqual({ stdout: 'Node left the swarm.\n', stderr: '', exitCode: 0 });
    expect(sim.world.machines.get('node2')!.nodeId).toBeNull();
    const before = state(sim);
    expect(docker(sim, 'node1', 'swarm leave')).toEqual(
      err(
        'Error response from daemon: You are attempting to leave the swarm on a node that is participating as a manager. Removing the last manager erases all current state of the swarm. Use `--force` to ignore this message.',
      ),
    );
    expect(state(sim)).toBe(before);
    expect(docker(sim, 'node1', 'swarm leave -f').stdout).toBe('Node left the swarm.\n');
    expect(sim.world.swarm).toBeNull();
  });

  it('outside a swarm', () => {
    const sim = new Simulation();
    sim.machine('node1');
    const before = state(sim);
    expect(docker(sim, 'node1', 'swarm leave')).toEqual(err('Error response from daemon: This node is not part of a swarm'));
    expect(state(sim)).toBe(before);
  });
});

describe('docker swarm init: option values are checked while flags are parsed (pflag), before the engine is asked', () => {
  const usage = "\n\nUsage:  docker swarm init [OPTIONS]\n\nRun 'docker swarm init --help' for more information\n";
  it.each([
    ['--default-addr-pool 1x', 'invalid argument "1x" for "--default-addr-pool" flag: invalid string being converted to CIDR: 1x'],
    ['--default-addr-pool 10.0.0.0/8,10.300.0.0/16', 'invalid argument "10.0.0.0/8,10.300.0.0/16" for "--default-addr-pool" flag: invalid string being converted to CIDR: 10.300.0.0/16'],
    ['--external-ca url=x', 'invalid argument "url=x" for "--external-ca" flag: the external-ca option needs a protocol= parameter'],
    ['--external-ca protocol=cfssl', 'invalid argument "protocol=cfssl" for "--external-ca" flag: the external-ca option needs a url= parameter'],
    ['--external-ca protocol=acme,url=x', 'invalid argument "protocol=acme,url=x" for "--external-ca" flag: unrecognized external CA protocol acme'],
    ['--cert-expiry 1x', 'invalid argument "1x" for "--cert-expiry" flag: time: unknown unit "x" in duration "1x"'],
  ])('%s', (flags, message) => {
    const sim = new Simulation();
    docker(sim, 'node1', 'swarm init');
    const before = state(sim);
    // node1 is already in a swarm: the daemon would refuse, but pflag answers first.
    expect(docker(sim, 'node1', `swarm init ${flags}`)).toEqual({ stdout: '', stderr: message + usage, exitCode: 125 });
    expect(state(sim)).toBe(before);
  });

  it('accepts an IPv6 pool and a cfssl external CA (then the daemon decides)', () => {
    const sim = new Simulation();
    expect(docker(sim, 'node1', 'swarm init --default-addr-pool fd00::/8 --external-ca protocol=cfssl,url=https://ca').exitCode).toBe(0);
  });
});

describe('docker swarm update (update.go, opts.go mergeSwarmSpec)', () => {
  const status = (sim: Simulation) => docker(sim, 'node1', 'node ls --format {{.Hostname}}:{{.Status}}').stdout;

  it('no flag prints the help and succeeds, before the engine is asked', () => {
    const sim = new Simulation();
    const r = docker(sim, 'node1', 'swarm update');
    expect(r.exitCode).toBe(0);
    expect(r.stdout.startsWith('Usage:  docker swarm update [OPTIONS]\n\nUpdate the swarm\n\nOptions:\n      --autolock ')).toBe(true);
  });

  it('changes what it is given, keeps the rest, and docker info shows it', () => {
    const sim = swarm(1);
    expect(docker(sim, 'node1', 'swarm update --cert-expiry 48h --snapshot-interval 500 --max-snapshots 2 --external-ca protocol=cfssl,url=https://ca')).toEqual({ stdout: 'Swarm updated.\n', stderr: '', exitCode: 0 });
    const info = docker(sim, 'node1', 'info').stdout;
    expect(info).toContain('   Snapshot Interval: 500\n   Number of Old Snapshots to Retain: 2\n');
    expect(info).toContain('   Expiry Duration: 2 days\n   Force Rotate: 0\n   External CAs:\n     cfssl: https://ca\n');
    expect(info).toContain('   Task History Retention Limit: 5\n'); // not given: kept
    expect(info).toContain('   Heartbeat Period: 5 seconds\n');
  });

  it("refuses what swarmkit's validateClusterSpec refuses, and changes nothing", () => {
    const sim = swarm(1);
    const before = state(sim);
    expect(docker(sim, 'node1', 'swarm update --cert-expiry 30m')).toEqual({
      stdout: '',
      stderr: 'Error response from daemon: rpc error: code = InvalidArgument desc = minimum certificate expiry time is: 1h0m0s\n',
      exitCode: 1,
    });
    expect(docker(sim, 'node1', 'swarm update --dispatcher-heartbeat -1s').stderr).toBe(
      'Error response from daemon: rpc error: code = InvalidArgument desc = heartbeat time period cannot be a negative duration\n',
    );
    expect(state(sim)).toBe(before);
    expect(docker(sim, 'node2', 'swarm update --task-history-limit 1').exitCode).toBe(1); // not a manager
  });

  it('the dispatcher heartbeat decides how soon a stopped node is Down (period x 3)', () => {
    const fast = swarm(2);
    docker(fast, 'node1', 'swarm update --dispatcher-heartbeat 1s');
    const slow = swarm(2);
    for (const sim of [fast, slow]) {
      sim.stopMachine('node2');
      sim.advance(6_000);
    }
    expect(status(fast)).toBe('node1:Ready\nnode2:Down\n');
    expect(status(slow)).toBe('node1:Ready\nnode2:Ready\n');
  });

  it('--task-history-limit changes how many tasks a slot keeps (the task reaper reads it when a task is created)', () => {
    const history = (limit: number | null): number => {
      const sim = swarm(1);
      if (limit !== null) docker(sim, 'node1', `swarm update --task-history-limit ${limit}`);
      docker(sim, 'node1', 'service create --name web nginx');
      for (let i = 0; i < 8; i++) docker(sim, 'node1', 'service update --force web');
      return docker(sim, 'node1', 'service ps -q web').stdout.trim().split('\n').length;
    };
    expect(history(2)).toBeLessThan(history(null));
    expect(history(2)).toBeLessThanOrEqual(3);
  });
});
