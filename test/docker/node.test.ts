import { describe, expect, it } from 'vitest';
import { runDocker } from '../../sim/docker/run.js';
import { streams } from './streams.js';
import type { Simulation } from '../../sim/simulation.js';
import { state, swarm } from '../core/world.js';

// docker node ls / inspect / update / promote / demote / rm (docker/cli cli/command/node).

const docker = (sim: Simulation, host: string, line: string) => streams(runDocker(sim, host, line.split(' ').filter(Boolean)));
const argv = (sim: Simulation, host: string, ...args: string[]) => streams(runDocker(sim, host, args));
const err = (stderr: string) => ({ stdout: '', stderr: stderr + '\n', exitCode: 1 });
const id = (sim: Simulation, host: string): string => sim.world.machines.get(host)!.nodeId!;

/** A table row with the widths the tabwriter gives these cells (max(10, widest + 3)). */
const row = (widths: number[], cells: string[]): string => cells.map((c, i) => (i < widths.length ? c.padEnd(widths[i]) : c)).join('') + '\n';

describe('docker node ls', () => {
  it('lists nodes by hostname with the current node starred (node/formatter.go)', () => {
    const sim = swarm(3);
    // ID + " *" is 27 wide: 30; HOSTNAME 8+3=11; STATUS 10; AVAILABILITY 15; MANAGER STATUS 17
    const w = [30, 11, 10, 15, 17];
    expect(docker(sim, 'node1', 'node ls')).toEqual({
      stdout:
        row(w, ['ID', 'HOSTNAME', 'STATUS', 'AVAILABILITY', 'MANAGER STATUS', 'ENGINE VERSION']) +
        row(w, [`${id(sim, 'node1')} *`, 'node1', 'Ready', 'Active', 'Leader', '28.2.2']) +
        row(w, [`${id(sim, 'node2')}  `, 'node2', 'Ready', 'Active', '', '28.2.2']) +
        row(w, [`${id(sim, 'node3')}  `, 'node3', 'Ready', 'Active', '', '28.2.2']),
      stderr: '',
      exitCode: 0,
    });
  });

  it('natural sort of hostnames: node2 before node10', () => {
    const sim = swarm(1);
    for (const h of ['node10', 'node2']) docker(sim, h, `swarm join --token ${sim.world.swarm!.workerToken} 192.168.99.100:2377`);
    expect(docker(sim, 'node1', 'node ls --format {{.Hostname}}').stdout).toBe('node1\nnode2\nnode10\n');
  });

  it('manager statuses: Leader, Reachable, Unreachable; Down nodes', () => {
    const sim = swarm(3, 1, 3);
    sim.stopMachine('node3');
    sim.advance(20_000);
    expect(docker(sim, 'node1', 'node ls --format {{.Hostname}}:{{.Status}}:{{.ManagerStatus}}').stdout).toBe(
      'node1:Ready:Leader\nnode2:Ready:Reachable\nnode3:Down:Unreachable\n',
    );
  });

  it('-q, --filter and the table --format', () => {
    const sim = swarm(3);
    expect(docker(sim, 'node1', 'node ls -q').stdout).toBe([id(sim, 'node1'), id(sim, 'node2'), id(sim, 'node3'), ''].join('\n'));
    expect(docker(sim, 'node1', 'node ls -f role=worker --format {{.Hostname}}').stdout).toBe('node2\nnode3\n');
    expect(docker(sim, 'node1', 'node ls -f name=node3 -q').stdout).toBe(id(sim, 'node3') + '\n');
    expect(docker(sim, 'node1', `node ls -f id=${id(sim, 'node2').slice(0, 5)} --format {{.Hostname}}`).stdout).toBe('node2\n');
    expect(argv(sim, 'node1', 'node', 'ls', '--format', 'table {{.Hostname}}\t{{.Self}}').stdout).toBe(
      'HOSTNAME   \nnode1      true\nnode2      false\nnode3      false\n',
    );
  });

  it('filter errors', () => {
    const sim = swarm(2);
    const before = state(sim);
    expect(docker(sim, 'node1', 'node ls -f colour=red')).toEqual(err("Error response from daemon: invalid filter 'colour'"));
    expect(docker(sim, 'node1', 'node ls -f role=boss')).toEqual(err("Error response from daemon: Invalid role filter: 'boss'"));
    expect(state(sim)).toBe(before);
  });

  it('node.label filter follows node update --label-add', () => {
    const sim = swarm(3);
    docker(sim, 'node1', 'node update --label-add zone=east node3');
    expect(docker(sim, 'node1', 'node ls -f node.label=zone=east --format {{.Hostname}}').stdout).toBe('node3\n');
    expect(docker(sim, 'node1', 'node ls -f node.label=zone --format {{.Hostname}}').stdout).toBe('node3\n');
  });
});

describe('docker node inspect', () => {
  it('prints the engine JSON, 4-space indented; self is the current node', () => {
    const sim = swarm(2);
    const r = docker(sim, 'node1', 'node inspect self');
    expect(r.exitCode).toBe(0);
    expect(r.stdout.startsWith('[\n    {\n        "ID": "')).toBe(true);
    const [node] = JSON.parse(r.stdout);
    expect(node.ID).toBe(id(sim, 'node1'));
    expect(node.Spec).toEqual({ Labels: {}, Role: 'manager', Availability: 'active' });
    expect(node.Status).toEqual({ State: 'ready', Addr: '192.168.99.100' });
    expect(node.ManagerStatus).toEqual({ Leader: true, Reachability: 'reachable', Addr: '192.168.99.100:2377' });
    expect(node.Description.Engine.Plugins).toContainEqual({ Type: 'Network', Name: 'overlay' });
    expect(node.CreatedAt).toBe('2024-06-01T12:00:00Z');
  });

  it('--format and the unknown node', () => {
    const sim = swarm(2);
    expect(docker(sim, 'node1', 'node inspect --format {{.Description.Hostname}} node2').stdout).toBe('node2\n');
    expect(docker(sim, 'node1', 'node inspect nope')).toEqual({
      stdout: '[]\n',
      stderr: 'Error response from daemon: node nope not found\n',
      exitCode: 1,
    });
  });

  it('--pretty (nodeInspectPrettyTemplate: real tabs, no tabwriter)', () => {
    const sim = swarm(2);
    docker(sim, 'node1', 'node update --label-add foo=bar --label-add flag node2');
    expect(docker(sim, 'node1', 'node inspect --pretty node2')).toEqual({
      stdout:
        `ID:\t\t\t${id(sim, 'node2')}\n` +
        'Labels:\n' +
        ' - flag\n' +
        ' - foo=bar\n' +
        'Hostname:              \tnode2\n' +
        'Joined at:             \t2024-06-01 12:00:00 +0000 utc\n' +
        'Status:\n' +
        ' State:\t\t\tReady\n' +
        ' Availability:         \tActive\n' +
        ' Address:\t\t192.168.99.101\n' +
        'Platform:\n' +
        ' Operating System:\tlinux\n' +
        ' Architecture:\t\tx86_64\n' +
        'Resources:\n' +
        ' CPUs:\t\t\t2\n' +
        ' Memory:\t\t2GiB\n' +
        'Plugins:\n' +
        ' Log:\t\tawslogs, fluentd, gcplogs, gelf, journald, json-file, local, splunk, syslog\n' +
        ' Network:\t\tbridge, host, ipvlan, macvlan, null, overlay\n' +
        ' Volume:\t\tlocal\n' +
        'Engine Version:\t\t28.2.2\n',
      stderr: '',
      exitCode: 0,
    });
    expect(docker(sim, 'node1', 'node inspect --format prettyx node2')).toEqual(err('cannot supply extra formatting options to the pretty template'));
    // formatter.Context.Write prints nothing when a node is missing
    expect(docker(sim, 'node1', 'node inspect --pretty node2 nope')).toEqual(err('Error response from daemon: node nope not found'));
  });
});

describe('docker node update', () => {
  it('prints the node as given; availability and labels change', () => {
    const sim = swarm(2);
    expect(docker(sim, 'node1', 'node update --availability drain node2')).toEqual({ stdout: 'node2\n', stderr: '', exitCode: 0 });
    const n2 = sim.world.nodes.get(id(sim, 'node2'))!;
    expect(n2.availability).toBe('drain');
    expect(docker(sim, 'node1', `node update --label-add a=1 --label-add b ${n2.id.slice(0, 6)}`).stdout).toBe(n2.id.slice(0, 6) + '\n');
    expect(n2.labels).toEqual({ a: '1', b: '' });
    docker(sim, 'node1', 'node update --label-rm a node2');
    expect(n2.labels).toEqual({ b: '' });
  });

  it('refusals change nothing', () => {
    const sim = swarm(2);
    const before = state(sim);
    expect(docker(sim, 'node1', 'node update --availability bogus node2')).toEqual(err('Error response from daemon: invalid Availability: "bogus"'));
    expect(docker(sim, 'node1', 'node update --role boss node2')).toEqual(err('Error response from daemon: invalid Role: "boss"'));
    expect(docker(sim, 'node1', 'node update --label-rm nope node2')).toEqual(err("key nope doesn't exist in node's labels"));
    expect(docker(sim, 'node1', 'node update --availability drain nope')).toEqual(err('Error response from daemon: node nope not found'));
    expect(docker(sim, 'node2', 'node update --availability drain node2').exitCode).toBe(1);
    expect(state(sim)).toBe(before);
  });

  it('--role manager promotes', () => {
    const sim = swarm(2);
    docker(sim, 'node1', 'node update --role manager node2');
    expect(sim.world.nodes.get(id(sim, 'node2'))!.role).toBe('manager');
  });
});

describe('docker node promote / demote', () => {
  it('messages (promote.go, demote.go)', () => {
    const sim = swarm(3);
    expect(docker(sim, 'node1', 'node promote node2 node3')).toEqual({
      stdout: 'Node node2 promoted to a manager in the swarm.\nNode node3 promoted to a manager in the swarm.\n',
      stderr: '',
      exitCode: 0,
    });
    expect(docker(sim, 'node1', 'node promote node2').stdout).toBe(`Node ${id(sim, 'node2')} is already a manager.\n`);
    expect(docker(sim, 'node1', 'node demote node3')).toEqual({ stdout: 'Manager node3 demoted in the swarm.\n', stderr: '', exitCode: 0 });
    expect(docker(sim, 'node1', 'node demote node3').stdout).toBe(`Node ${id(sim, 'node3')} is already a worker.\n`);
  });

  it('the last manager cannot be demoted', () => {
    const sim = swarm(2);
    const before = state(sim);
    expect(docker(sim, 'node1', 'node demote node1')).toEqual(err('Error response from daemon: attempting to demote the last manager of the swarm'));
    expect(state(sim)).toBe(before);
  });

  it('nodes are processed in order; the first error ends the command', () => {
    const sim = swarm(3);
    expect(docker(sim, 'node1', 'node promote node2 nope node3')).toEqual({
      stdout: 'Node node2 promoted to a manager in the swarm.\n',
      stderr: 'Error response from daemon: node nope not found\n',
      exitCode: 1,
    });
    expect(sim.world.nodes.get(id(sim, 'node3'))!.role).toBe('worker');
  });
});

describe('docker node rm', () => {
  it('a live node and a manager are refused', () => {
    const sim = swarm(2);
    const before = state(sim);
    const n1 = id(sim, 'node1');
    const n2 = id(sim, 'node2');
    expect(docker(sim, 'node1', 'node rm node2')).toEqual(
      err(`Error response from daemon: rpc error: code = FailedPrecondition desc = node ${n2} is not down and can't be removed`),
    );
    expect(docker(sim, 'node1', 'node rm -f node1')).toEqual(
      err(
        `Error response from daemon: rpc error: code = FailedPrecondition desc = node ${n1} is a cluster manager and is a member of the raft cluster. It must be demoted to worker before removal`,
      ),
    );
    expect(state(sim)).toBe(before);
  });

  it('a down node goes; -f removes a live worker; errors are gathered', () => {
    const sim = swarm(3);
    sim.stopMachine('node2');
    sim.advance(20_000);
    expect(docker(sim, 'node1', 'node rm node2 nope')).toEqual({
      stdout: 'node2\n',
      stderr: 'Error response from daemon: node nope not found\n',
      exitCode: 1,
    });
    expect(docker(sim, 'node1', 'node remove -f node3')).toEqual({ stdout: 'node3\n', stderr: '', exitCode: 0 });
    expect(sim.world.nodes.size).toBe(1);
  });
});
