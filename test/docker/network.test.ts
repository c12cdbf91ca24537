import { describe, expect, it } from 'vitest';
import { runDocker } from '../../sim/docker/run.js';
import { streams } from './streams.js';
import { serviceSpec } from '../../sim/model/defaults.js';
import type { Network } from '../../sim/model/types.js';
import { Simulation } from '../../sim/simulation.js';
import { state, swarm } from '../core/world.js';

// docker network create / ls / rm / inspect (docker/cli cli/command/network; filters: moby daemon/network/filter.go).

const docker = (sim: Simulation, host: string, line: string, stdin: string | null = null) => streams(runDocker(sim, host, line.split(' ').filter(Boolean), stdin));
const err = (stderr: string) => ({ stdout: '', stderr: stderr + '\n', exitCode: 1 });
const ok = (stdout: string) => ({ stdout, stderr: '', exitCode: 0 });
const local = (sim: Simulation, host: string, name: string): Network => sim.world.machines.get(host)!.localNetworks.find((n) => n.name === name)!;
const swarmNet = (sim: Simulation, name: string): Network => [...sim.world.networks.values()].find((n) => n.name === name)!;

describe("the documents' network plugin example", () => {
  it('plugin install on node1 and node2, network create --driver=bboreham/weave2:latest globalnet, network ls', () => {
    const sim = swarm(2);
    for (const h of ['node1', 'node2']) expect(docker(sim, h, 'plugin install bboreham/weave2').stdout).toContain('Installed plugin bboreham/weave2\n');
    sim.settle();
    const created = docker(sim, 'node1', 'network create --driver=bboreham/weave2:latest globalnet');
    const net = swarmNet(sim, 'globalnet');
    expect(created).toEqual(ok(net.id + '\n'));
    expect(net.id).toMatch(/^[0-9a-z]{25}$/);
    const t = (id: string) => id.slice(0, 12);
    // NETWORK ID 15, NAME "globalnet" 9+3=12, DRIVER "bboreham/weave2:latest" 22+3=25
    expect(docker(sim, 'node1', 'network ls')).toEqual(
      ok(
        // docker_gwbridge: made when the node joined the swarm, for its ingress sandbox.
        'NETWORK ID     NAME              DRIVER                   SCOPE\n' +
          `${t(local(sim, 'node1', 'bridge').id)}   bridge            bridge                   local\n` +
          `${t(local(sim, 'node1', 'docker_gwbridge').id)}   docker_gwbridge   bridge                   local\n` +
          `${t(net.id)}   globalnet         bboreham/weave2:latest   swarm\n` +
          `${t(local(sim, 'node1', 'host').id)}   host              host                     local\n` +
          `${t(swarmNet(sim, 'ingress').id)}   ingress           overlay                  swarm\n` +
          `${t(local(sim, 'node1', 'none').id)}   none              null                     local\n`,
      ),
    );
    expect(docker(sim, 'node1', 'network ls --filter driver=bboreham/weave2:latest').stdout).toContain('globalnet   bboreham/weave2:latest   swarm\n');
  });
});

describe('docker network create', () => {
  it('a local bridge network prints its 64-hex ID', () => {
    const sim = new Simulation();
    const r = docker(sim, 'node1', 'network create --label a=b -o mtu=1400 mynet');
    expect(r.stdout).toMatch(/^[0-9a-f]{64}\n$/);
    const n = local(sim, 'node1', 'mynet');
    expect([n.driver, n.scope, n.labels, n.options]).toEqual(['bridge', 'local', { a: 'b' }, { mtu: '1400' }]);
  });

  it('an overlay network on a manager is swarm-scoped', () => {
    const sim = swarm(2);
    docker(sim, 'node1', 'network create -d overlay --attachable backend');
    expect(swarmNet(sim, 'backend')).toMatchObject({ driver: 'overlay', scope: 'swarm', attachable: true });
  });

  it('refusals change nothing: missing driver, worker, duplicate name, bad label', () => {
    const sim = swarm(2);
    docker(sim, 'node2', 'plugin install --grant-all-permissions bboreham/weave2');
    docker(sim, 'node1', 'network create -d overlay taken');
    const before = state(sim);
    expect(docker(sim, 'node1', 'network create -d missing n')).toEqual(err('Error response from daemon: plugin "missing" not found'));
    // moby daemon/network.go: overlay off a manager is refused before libnetwork sees it
    expect(docker(sim, 'node2', 'network create -d overlay n')).toEqual(
      err('Error response from daemon: This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.'),
    );
    expect(docker(sim, 'node2', 'network create -d bboreham/weave2:latest n')).toEqual(
      err('Error response from daemon: Cannot create a multi-host network from a worker node. Please create the network from a manager node.'),
    );
    // libnetwork resolveDriver: the remote driver is registered under the plugin's full name only.
    expect(docker(sim, 'node2', 'network create -d bboreham/weave2 n')).toEqual(
      err('Error response from daemon: could not resolve driver bboreham/weave2 in registry'),
    );
    expect(docker(sim, 'node1', 'network create -d overlay taken')).toEqual(err('Error response from daemon: network with name taken already exists'));
    expect(docker(sim, 'node1', 'network create --label =x n').exitCode).toBe(125);
    expect(docker(sim, 'node1', 'network create --ingress -d overlay n').exitCode).toBe(1);
    expect(state(sim)).toBe(before);
  });

  it('overlay outside a swarm', () => {
    const sim = new Simulation();
    sim.machine('solo');
    const before = state(sim);
    expect(docker(sim, 'solo', 'network create -d overlay n')).toEqual(
      err('Error response from daemon: This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.'),
    );
    expect(state(sim)).toBe(before);
  });
});

describe('docker network ls', () => {
  it('a worker sees its local networks, ingress, and the swarm networks its tasks use', () => {
    const sim = swarm(2);
    docker(sim, 'node1', 'network create -d overlay used');
    docker(sim, 'node1', 'network create -d overlay unused');
    sim.serviceCreate(serviceSpec({ name: 'web', mode: { kind: 'global' }, networks: ['used'] }));
    sim.settle();
    expect(docker(sim, 'node2', 'network ls --format {{.Name}}')).toEqual(ok('bridge\ndocker_gwbridge\nhost\ningress\nnone\nused\n'));
    expect(docker(sim, 'node1', 'network ls --format {{.Name}}')).toEqual(ok('bridge\ndocker_gwbridge\nhost\ningress\nnone\nunused\nused\n'));
  });

  it('-q, --no-trunc, filters', () => {
    const sim = swarm(1);
    docker(sim, 'node1', 'network create -d overlay --label env=prod prod');
    const prod = swarmNet(sim, 'prod');
    expect(docker(sim, 'node1', 'network ls -q -f name=prod')).toEqual(ok(prod.id.slice(0, 12) + '\n'));
    expect(docker(sim, 'node1', 'network ls -q --no-trunc -f label=env=prod')).toEqual(ok(prod.id + '\n'));
    expect(docker(sim, 'node1', 'network ls -f scope=local --format {{.Name}}')).toEqual(ok('bridge\ndocker_gwbridge\nhost\nnone\n'));
    expect(docker(sim, 'node1', 'network ls -f type=custom --format {{.Name}}')).toEqual(ok('docker_gwbridge\ningress\nprod\n'));
    expect(docker(sim, 'node1', 'network ls -f dangling=true --format {{.Name}}')).toEqual(ok('docker_gwbridge\ningress\nprod\n'));
    expect(docker(sim, 'node1', 'network ls -f type=odd')).toEqual(err("Error response from daemon: invalid filter: 'type'='odd'"));
    expect(docker(sim, 'node1', 'network ls -f colour=red')).toEqual(err("Error response from daemon: invalid filter 'colour'"));
  });
});

describe('docker network rm', () => {
  it('prints each name; errors go to stderr as they come, then "exit status 1"', () => {
    const sim = swarm(1);
    docker(sim, 'node1', 'network create -d overlay a');
    docker(sim, 'node1', 'network create b');
    expect(docker(sim, 'node1', 'network rm a nope b')).toEqual({
      stdout: 'a\nb\n',
      stderr: 'Error response from daemon: network nope not found\nexit status 1\n',
      exitCode: 1,
    });
    expect(docker(sim, 'node1', 'network rm -f nope')).toEqual(ok(''));
  });

  it('a network in use by a service, and a predefined network, stay', () => {
    const sim = swarm(1);
    docker(sim, 'node1', 'network create -d overlay backend');
    const svc = sim.serviceCreate(serviceSpec({ name: 'api', networks: ['backend'] }));
    sim.settle();
    const before = state(sim);
    expect(docker(sim, 'node1', 'network rm backend')).toEqual({
      stdout: '',
      stderr: `Error response from daemon: rpc error: code = FailedPrecondition desc = network ${swarmNet(sim, 'backend').id} is in use by service ${svc.id}\nexit status 1\n`,
      exitCode: 1,
    });
    expect(docker(sim, 'node1', 'network rm bridge').stderr).toBe(
      'Error response from daemon: bridge is a pre-defined network and cannot be removed\nexit status 1\n',
    );
    expect(state(sim)).toBe(before);
  });

  it('removing ingress asks first (remove.go ingressWarning)', () => {
    const sim = swarm(1);
    const before = state(sim);
    const r = docker(sim, 'node1', 'network rm ingress', 'n\n');
    expect(r).toEqual(
      ok(
        'WARNING! Before removing the routing-mesh network, make sure all the nodes in your swarm run the same docker engine version. ' +
          'Otherwise, removal may not be effective and functionality of newly create ingress networks will be impaired.\n' +
          'Are you sure you want to continue? [y/N] ',
      ),
    );
    expect(state(sim)).toBe(before);
    expect(docker(sim, 'node1', 'network rm ingress').stdout).toMatch(/\[y\/N\] y\ningress\n$/);
    expect(swarmNet(sim, 'ingress')).toBeUndefined();
  });
});

describe('docker network inspect', () => {
  it('the engine JSON; --format; a missing network', () => {
    const sim = swarm(1);
    docker(sim, 'node1', 'network create -d overlay --label env=prod prod');
    const r = docker(sim, 'node1', 'network inspect prod');
    const [n] = JSON.parse(r.stdout);
    expect(Object.keys(n)).toEqual([
      'Name', 'Id', 'Created', 'Scope', 'Driver', 'EnableIPv4', 'EnableIPv6', 'IPAM', 'Internal', 'Attachable', 'Ingress',
      'ConfigFrom', 'ConfigOnly', 'Containers', 'Options', 'Labels',
    ]);
    expect(n).toMatchObject({ Name: 'prod', Id: swarmNet(sim, 'prod').id, Scope: 'swarm', Driver: 'overlay', Labels: { env: 'prod' } });
    expect(docker(sim, 'node1', 'network inspect -f {{.Scope}}/{{.Driver}} prod bridge')).toEqual(ok('swarm/overlay\nlocal/bridge\n'));
    expect(docker(sim, 'node1', 'network inspect nope')).toEqual({
      stdout: '[]\n',
      stderr: 'Error response from daemon: network nope not found\n',
      exitCode: 1,
    });
  });
});
