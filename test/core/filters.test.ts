import { describe, expect, it } from 'vitest';
import { ConstraintFilter } from '../../sim/scheduler/filters/constraint.js';
import { HostPortFilter } from '../../sim/scheduler/filters/hostPort.js';
import { MaxReplicasFilter } from '../../sim/scheduler/filters/maxReplicas.js';
import { PlatformFilter } from '../../sim/scheduler/filters/platform.js';
import { PluginFilter, pluginOnNode } from '../../sim/scheduler/filters/plugin.js';
import { ReadyFilter } from '../../sim/scheduler/filters/ready.js';
import { ResourceFilter } from '../../sim/scheduler/filters/resource.js';
import { Pipeline } from '../../sim/scheduler/pipeline.js';
import { parseConstraints } from '../../sim/scheduler/constraint.js';
import { info, node, task } from './fixtures.js';

describe('ReadyFilter', () => {
  const f = new ReadyFilter();
  it('passes only ready and active nodes, with SwarmKit text', () => {
    expect(f.setTask(task())).toBe(true);
    expect(f.check(info(node('a')))).toBe(true);
    expect(f.check(info(node('a', { status: 'down' })))).toBe(false);
    expect(f.check(info(node('a', { availability: 'drain' })))).toBe(false);
    expect(f.check(info(node('a', { availability: 'pause' })))).toBe(false);
    expect(f.explain(1)).toBe('1 node not available for new tasks');
    expect(f.explain(3)).toBe('3 nodes not available for new tasks');
  });
  it('names the fix', () => {
    expect(f.fixes(info(node('n3', { availability: 'drain' })))[0].command).toBe('docker node update --availability active n3');
    expect(f.fixes(info(node('n2', { status: 'down' })))[0].command).toBe('sim$ start n2');
  });
});

describe('ResourceFilter', () => {
  const f = new ResourceFilter();
  it('is enabled only with reservations and compares to free resources', () => {
    expect(f.setTask(task())).toBe(false);
    expect(f.setTask(task({ reserveCpus: 1.5 }))).toBe(true);
    const n = info(node('a', { cpus: 2 }));
    expect(f.check(n)).toBe(true);
    n.availableCPUs = 1e9;
    expect(f.check(n)).toBe(false);
    expect(f.reason(n)).toBe('needs 1.5 CPU, 1 free');
    expect(f.fixes(n)[0]).toEqual({ text: 'free 0.5 CPU on a, or reserve at most 1', command: `docker service update --reserve-cpu 1 ${task().serviceId}` });
    expect(f.explain(1)).toBe('insufficient resources on 1 node');
    expect(f.explain(2)).toBe('insufficient resources on 2 nodes');
  });
});

describe('PluginFilter', () => {
  it('applies the name / name:latest rule exactly', () => {
    const reported = [{ type: 'Network' as const, name: 'foo:latest' }, { type: 'Network' as const, name: 'bar' }];
    expect(pluginOnNode('Network', 'foo', reported)).toEqual([true, true]);
    expect(pluginOnNode('Network', 'foo:latest', reported)).toEqual([true, true]);
    expect(pluginOnNode('Network', 'bar', reported)).toEqual([true, true]);
    expect(pluginOnNode('Network', 'bar:latest', reported)).toEqual([true, false]);
    expect(pluginOnNode('Network', 'foo:v2', reported)).toEqual([true, false]);
    expect(pluginOnNode('Network', 'FOO', reported)).toEqual([true, false]);
    expect(pluginOnNode('Volume', 'foo', reported)).toEqual([false, false]);
  });

  it('is enabled by networks, a log driver, or a plugin volume mount; not by local or bind mounts', () => {
    const f = new PluginFilter();
    expect(f.setTask(task())).toBe(false);
    expect(f.setTask(task({ mounts: [{ type: 'bind', source: '/x', target: '/y' }] }))).toBe(false);
    expect(f.setTask(task({ mounts: [{ source: 'v', volumeDriver: 'local' }] }))).toBe(false);
    expect(f.setTask(task({ mounts: [{ source: 'v', volumeDriver: 'vieux/sshfs' }] }))).toBe(true);
    expect(f.setTask(task({ logDriver: 'json-file' }))).toBe(true);
    expect(f.setTask(task({}, { networks: [{ networkId: 'n', driver: 'overlay' }] }))).toBe(true);
  });

  it('explains a missing network plugin per node', () => {
    const f = new PluginFilter();
    f.setTask(task({}, { networks: [{ networkId: 'n', driver: 'bboreham/weave2:latest' }] }));
    const without = info(node('node2', { plugins: [{ type: 'Network', name: 'overlay' }] }));
    const withIt = info(node('node1', { plugins: [{ type: 'Network', name: 'bboreham/weave2:latest' }] }));
    expect(f.check(withIt)).toBe(true);
    expect(f.check(without)).toBe(false);
    expect(f.reason(without)).toBe('Network plugin bboreham/weave2:latest not installed (has: none)');
    expect(f.fixes(without)[0].command).toBe('node2$ docker plugin install --grant-all-permissions bboreham/weave2:latest');
    expect(f.explain(1)).toBe('missing plugin on 1 node');
    expect(f.explain(2)).toBe('missing plugin on 2 nodes');
  });

  it('lets old daemons that report no log drivers pass, and ignores log driver none', () => {
    const f = new PluginFilter();
    f.setTask(task({ logDriver: 'grafana/loki-docker-driver' }));
    expect(f.check(info(node('old', { plugins: [] })))).toBe(true);
    expect(f.check(info(node('new', { plugins: [{ type: 'Log', name: 'json-file' }] })))).toBe(false);
    f.setTask(task({ logDriver: 'none' }));
    expect(f.check(info(node('new', { plugins: [{ type: 'Log', name: 'json-file' }] })))).toBe(true);
  });

  it('passes a node without an engine description', () => {
    const f = new PluginFilter();
    f.setTask(task({ mounts: [{ source: 'v', volumeDriver: 'vieux/sshfs' }] }));
    expect(f.check(info(node('x', { description: null })))).toBe(true);
  });
});

describe('ConstraintFilter and constraint parsing', () => {
  it('matches keys case-insensitively on values, missing labels as ""', () => {
    const f = new ConstraintFilter();
    expect(f.setTask(task({ placement: { constraints: ['node.labels.zone==EAST', 'node.role!=manager'] } }))).toBe(true);
    expect(f.check(info(node('a', { labels: { zone: 'east' } })))).toBe(true);
    expect(f.check(info(node('a', { labels: { zone: 'west' } })))).toBe(false);
    expect(f.check(info(node('a', { labels: { zone: 'east' }, role: 'manager' })))).toBe(false);
    expect(f.reason(info(node('a', { labels: {} })))).toBe('node.labels.zone==EAST (is "")');
    expect(f.explain(2)).toBe('scheduling constraints not satisfied on 2 nodes');
  });
  it('supports hostname, id, ip with CIDR, platform and engine labels; unknown keys never match', () => {
    const n = node('node1', { engineLabels: { disk: 'ssd' }, description: { addr: '10.1.2.3' } as never });
    const f = new ConstraintFilter();
    for (const [c, ok] of [
      ['node.hostname==node1', true],
      ['node.id==node1', true],
      ['node.ip==10.1.0.0/16', true],
      ['node.ip!=10.1.2.3', false],
      ['node.platform.os==linux', true],
      ['node.platform.arch==x86_64', true],
      ['engine.labels.disk==SSD', true],
      ['node.labels.missing!=x', true],
      ['node.nope==x', false],
    ] as const) {
      f.setTask(task({ placement: { constraints: [c] } }));
      expect([c, f.check(info(n))]).toEqual([c, ok]);
    }
  });
  it('reports parse errors with SwarmKit texts and disables the filter on them', () => {
    expect(() => parseConstraints(['node.role'])).toThrow('constraint expected one operator from ==, !=');
    expect(() => parseConstraints(['1abc==x'])).toThrow("key '1abc' is invalid");
    expect(() => parseConstraints(['node.role==a&b'])).toThrow("value 'a&b' is invalid");
    expect(new ConstraintFilter().setTask(task({ placement: { constraints: ['bogus'] } }))).toBe(false);
  });
});

describe('PlatformFilter', () => {
  it('treats x86_64 as amd64 and aarch64 as arm64', () => {
    const f = new PlatformFilter();
    expect(f.setTask(task({ placement: { platforms: [{ os: 'linux', arch: 'amd64' }] } }))).toBe(true);
    expect(f.check(info(node('a', { arch: 'x86_64' })))).toBe(true);
    expect(f.check(info(node('a', { arch: 'aarch64' })))).toBe(false);
    f.setTask(task({ placement: { platforms: [{ os: '', arch: 'arm64' }] } }));
    expect(f.check(info(node('a', { arch: 'aarch64', os: 'windows' })))).toBe(true);
    expect(f.explain(3)).toBe('unsupported platform on 3 nodes');
  });
});

describe('HostPortFilter', () => {
  it('rejects a node whose host port is taken', () => {
    const f = new HostPortFilter();
    const port = { protocol: 'tcp' as const, targetPort: 80, publishedPort: 8080, publishMode: 'host' as const };
    const t = task({ ports: [port] });
    expect(f.setTask(t)).toBe(true);
    const n = info(node('a'));
    expect(f.check(n)).toBe(true);
    n.addTask({ ...t, id: 'other', nodeId: 'a' });
    expect(f.check(n)).toBe(false);
    expect(f.reason(n)).toBe('port 8080/tcp in use');
    expect(f.explain(2)).toBe('host-mode port already in use on 2 nodes');
    expect(new HostPortFilter().setTask(task({ ports: [{ ...port, publishMode: 'ingress' }] }))).toBe(false);
  });
});

describe('MaxReplicasFilter', () => {
  it('counts active tasks of the service and has no count in its text', () => {
    const f = new MaxReplicasFilter();
    const t = task({ placement: { maxReplicas: 1 } });
    expect(f.setTask(t)).toBe(true);
    const n = info(node('a'));
    expect(f.check(n)).toBe(true);
    n.addTask({ ...t, id: 'x' });
    expect(f.check(n)).toBe(false);
    expect(f.explain(7)).toBe('max replicas per node limit exceed');
  });
});

describe('Pipeline', () => {
  it('counts each node against its first failing filter and sorts the explanation by count', () => {
    const p = new Pipeline();
    p.setTask(task({ reserveCpus: 4 }, { networks: [{ networkId: 'n', driver: 'weave' }] }));
    // down and lacking the plugin: counted only as not available
    expect(p.process(info(node('a', { status: 'down' })))).toBe(false);
    expect(p.process(info(node('b', { cpus: 1 })))).toBe(false);
    expect(p.process(info(node('c', { cpus: 8 })))).toBe(false);
    expect(p.process(info(node('d', { cpus: 8 })))).toBe(false);
    expect(p.explain()).toBe('missing plugin on 2 nodes; 1 node not available for new tasks; insufficient resources on 1 node');
  });
  it('resets all counts when a node passes', () => {
    const p = new Pipeline();
    p.setTask(task());
    p.process(info(node('a', { status: 'down' })));
    expect(p.explain()).toBe('1 node not available for new tasks');
    expect(p.process(info(node('b')))).toBe(true);
    expect(p.explain()).toBe('');
  });
});
