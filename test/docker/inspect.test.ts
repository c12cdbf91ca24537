import { describe, expect, it } from 'vitest';
import { runDocker } from '../../sim/docker/run.js';
import { streams } from './streams.js';
import { Simulation } from '../../sim/simulation.js';
import { state, swarm } from '../core/world.js';

// Top-level `docker inspect` (docker/cli v28.2.2 cli/command/system/inspect.go).

const docker = (sim: Simulation, host: string, line: string) => streams(runDocker(sim, host, line.split(' ').filter(Boolean)));
const argv = (sim: Simulation, host: string, args: string[]) => streams(runDocker(sim, host, args));
const TYPES = '"config", "container", "image", "network", "node", "plugin", "secret", "service", "task", "volume"';

function world(): Simulation {
  const sim = swarm(2);
  for (const line of [
    'plugin install tiborvass/sample-volume-plugin',
    'service create --name web --replicas 2 nginx:alpine',
    'network create -d overlay backend',
    'volume create data',
  ])
    expect(docker(sim, 'node1', line).exitCode).toBe(0);
  sim.settle();
  return sim;
}

const sim0 = world();
const serviceId = sim0.resolveService('web')!.id;
const nodeId = sim0.resolveNode('node2').id;
const networkId = sim0.resolveNetwork('backend')!.id;
const pluginId = sim0.world.machines.get('node1')!.plugins[0].id;

describe('docker inspect NAME: the kind found, printed by its own writer', () => {
  it.each([
    ['network', 'backend', networkId],
    ['volume', 'data', null],
    ['service', 'web', serviceId],
    ['node', 'node2', nodeId],
    ['plugin', 'tiborvass/sample-volume-plugin:latest', pluginId],
  ])('%s by name and by ID, with and without --type', (kind, name, id) => {
    const sim = world();
    const before = state(sim);
    const own = docker(sim, 'node1', `${kind} inspect ${name}`);
    expect(own.exitCode).toBe(0);
    expect(own.stdout.startsWith('[\n    {\n')).toBe(true);
    expect(docker(sim, 'node1', `inspect ${name}`)).toEqual(own);
    expect(docker(sim, 'node1', `inspect --type ${kind} ${name}`)).toEqual(own);
    if (id) expect(docker(sim, 'node1', `inspect ${id}`)).toEqual(own);
    expect(state(sim)).toBe(before);
  });

  it('--format runs the template per object; json and several names', () => {
    const sim = world();
    expect(docker(sim, 'node1', 'inspect --format {{.ID}} web node2')).toEqual({
      stdout: `${serviceId}\n${nodeId}\n`,
      stderr: '',
      exitCode: 0,
    });
    expect(argv(sim, 'node1', ['inspect', '-f', '{{printf "%s/%d" .Spec.Name .Spec.Mode.Replicated.Replicas}}', 'web']).stdout).toBe('web/2\n');
    expect(docker(sim, 'node1', 'inspect --format json data').stdout).toBe(docker(sim, 'node1', 'volume inspect --format json data').stdout);
  });

  it('tries the kinds in docker order: a network named like a service is the network', () => {
    const sim = world();
    expect(docker(sim, 'node1', 'network create -d overlay web').exitCode).toBe(0);
    const net = docker(sim, 'node1', 'network inspect web');
    expect(docker(sim, 'node1', 'inspect web')).toEqual(net);
    expect(docker(sim, 'node1', 'inspect --type service web')).toEqual(docker(sim, 'node1', 'service inspect web'));
  });

  it('off a manager, swarm kinds are skipped; --type asks anyway and gets the refusal', () => {
    const sim = world();
    expect(docker(sim, 'node2', 'inspect web')).toEqual({ stdout: '[]\n', stderr: 'Error: No such object: web\n', exitCode: 1 });
    const refused = docker(sim, 'node2', 'inspect --type service web');
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toMatch(/^Error response from daemon: This node is not a swarm manager\./);
  });

  it('--size warns for a kind that has no size', () => {
    const sim = world();
    const r = docker(sim, 'node1', 'inspect -s data');
    expect(r.stderr).toBe('WARNING: --size ignored for volume\n');
    expect(r.stdout).toBe(docker(sim, 'node1', 'volume inspect data').stdout);
  });
});

describe('docker inspect: refusals, with docker texts, change nothing', () => {
  it.each([
    ['inspect nosuch', '[]\n', 'Error: No such object: nosuch\n'],
    ['inspect -f {{.ID}} nosuch', '\n', 'Error: No such object: nosuch\n'],
    ['inspect nosuch other', '[]\n', 'Error: No such object: nosuch\nError: No such object: other\n'],
    ['inspect --type service nosuch', '[]\n', 'Error response from daemon: service nosuch not found\n'],
    ['inspect --type node nosuch', '[]\n', 'Error response from daemon: node nosuch not found\n'],
    ['inspect --type network nosuch', '[]\n', 'Error response from daemon: network nosuch not found\n'],
    ['inspect --type volume nosuch', '[]\n', 'Error response from daemon: get nosuch: no such volume\n'],
    ['inspect --type plugin nosuch', '[]\n', 'Error response from daemon: plugin "nosuch" not found\n'],
    ['inspect --type container web', '[]\n', 'Error response from daemon: No such container: web\n'],
    ['inspect --type task web', '[]\n', 'Error response from daemon: task web not found\n'],
    ['inspect --type bogus web', '', `unknown type: "bogus": must be one of ${TYPES}\n`],
    ['inspect --type= web', '', `type is empty: must be one of ${TYPES}\n`],
  ])('%s', (line, stdout, stderr) => {
    const sim = world();
    const before = state(sim);
    expect(docker(sim, 'node1', line)).toEqual({ stdout, stderr, exitCode: 1 });
    expect(state(sim)).toBe(before);
  });

  it('found objects print, missing ones are reported after them', () => {
    const sim = world();
    const r = docker(sim, 'node1', 'inspect -f {{.Name}} data nosuch');
    expect(r).toEqual({ stdout: 'data\n', stderr: 'Error: No such object: nosuch\n', exitCode: 1 });
  });

  it('a bad template is exit 64 before any lookup; no argument is a usage error', () => {
    const sim = world();
    const before = state(sim);
    expect(docker(sim, 'node1', 'inspect -f {{.ID web')).toEqual({ stdout: '', stderr: 'template parsing error: template: :1: unclosed action\n', exitCode: 64 });
    const none = docker(sim, 'node1', 'inspect');
    expect(none.exitCode).toBe(1);
    expect(none.stderr).toContain("docker: 'docker inspect' requires at least 1 argument\n\nUsage:  docker inspect [OPTIONS] NAME|ID [NAME|ID...]\n");
    expect(state(sim)).toBe(before);
  });
});
