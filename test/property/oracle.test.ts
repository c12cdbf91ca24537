/**
 * The invariants judge the simulator with a second, naive implementation of
 * the placement rules (sim/testing/oracle.ts). It must agree with upstream's
 * own tests (manager/scheduler/scheduler_test.go) before it judges anything.
 */
import { describe, expect, it } from 'vitest';
import { serviceSpec, type ServiceSpecInput } from '../../sim/model/defaults.js';
import type { PluginDescription } from '../../sim/model/types.js';
import { explainCounts, explanationProblem, placementVerdict, reportsPlugin, type NodeLike, type TaskLike } from '../../sim/testing/index.js';

const node = (id: string, plugins: [PluginDescription['type'], string][], over: Partial<NodeLike> = {}): NodeLike => ({
  id,
  machine: id,
  role: 'worker',
  availability: 'active',
  labels: {},
  status: 'ready',
  description: {
    hostname: id,
    platform: { os: 'linux', arch: 'x86_64' },
    resources: { nanoCPUs: 2e9, memoryBytes: 2 ** 31 },
    engine: { version: '28.2.2', labels: {}, plugins: plugins.map(([type, name]) => ({ type, name })) },
    addr: '10.0.0.1',
  },
  ...over,
});

const task = (input: Omit<ServiceSpecInput, 'name'>, networks: string[] = []): TaskLike => {
  const spec = serviceSpec({ name: 's', ...input });
  return {
    id: 't1',
    serviceId: 's',
    slot: 1,
    nodeId: '',
    desiredState: 'running',
    status: { state: 'pending', timestamp: 0, message: '', err: '' },
    spec: spec.task,
    networks: networks.map((driver, i) => ({ networkId: `n${i}`, driver })),
    hostPorts: spec.ports.filter((p) => p.publishMode === 'host'),
    preassigned: false,
    specVersion: 1,
  };
};

describe('oracle: the plugin name rule', () => {
  const reported: PluginDescription[] = [
    { type: 'Volume', name: 'foo:latest' },
    { type: 'Volume', name: 'bar' },
    { type: 'Volume', name: 'baz:v2' },
  ];
  it('matches the exact name, or the name plus :latest, and nothing else', () => {
    expect(reportsPlugin('Volume', 'foo', reported)).toBe(true);
    expect(reportsPlugin('Volume', 'foo:latest', reported)).toBe(true);
    expect(reportsPlugin('Volume', 'bar', reported)).toBe(true);
    expect(reportsPlugin('Volume', 'bar:latest', reported)).toBe(false);
    expect(reportsPlugin('Volume', 'baz', reported)).toBe(false);
    expect(reportsPlugin('Volume', 'FOO', reported)).toBe(false);
    expect(reportsPlugin('Network', 'foo', reported)).toBe(false);
  });
});

describe('oracle: explanations as upstream writes them', () => {
  it('sorts by count, ties in pipeline order; max replicas has no count', () => {
    expect(explainCounts(new Map([['Plugin', 1], ['Ready', 1], ['Resource', 2]]))).toBe(
      'insufficient resources on 2 nodes; 1 node not available for new tasks; missing plugin on 1 node',
    );
    expect(explainCounts(new Map([['MaxReplicas', 3]]))).toBe('max replicas per node limit exceed');
  });

  // scheduler_test.go TestSchedulerPluginConstraint
  const n1 = node('n1', [['Volume', 'plugin1'], ['Log', 'default']]);
  const n2 = node('n2', [['Volume', 'plugin1'], ['Volume', 'plugin2'], ['Log', 'default']]);
  const n3 = node('n3', [['Volume', 'plugin1'], ['Network', 'plugin1'], ['Log', 'default']]);
  const n4 = node('n4', [['Log', 'plugin1']]);
  const expectError = (t: TaskLike, nodes: NodeLike[], err: string): void => {
    const v = placementVerdict(t, nodes, []);
    expect(v.fits).toEqual([]);
    expect(v.expectedError).toBe(err);
  };
  it('mirrors TestSchedulerPluginConstraint', () => {
    const bind = task({ mounts: [{ type: 'bind', source: '/src', target: '/dst' }] });
    expect(placementVerdict(bind, [n1], []).fits.map((n) => n.id)).toEqual(['n1']);
    const vol2 = task({ mounts: [{ type: 'volume', source: 'v', volumeDriver: 'plugin2' }] });
    expectError(vol2, [n1], 'no suitable node (missing plugin on 1 node)');
    expect(placementVerdict(vol2, [n1, n2], []).fits.map((n) => n.id)).toEqual(['n2']);
    const net1 = task({}, ['plugin1']);
    expectError(net1, [n1, n2], 'no suitable node (missing plugin on 2 nodes)');
    expect(placementVerdict(net1, [n1, n2, n3], []).fits.map((n) => n.id)).toEqual(['n3']);
    const log1 = task({ logDriver: 'plugin1' });
    expectError(log1, [n1, n2, n3], 'no suitable node (missing plugin on 3 nodes)');
    expect(placementVerdict(log1, [n1, n2, n3, n4], []).fits.map((n) => n.id)).toEqual(['n4']);
    const none = task({ logDriver: 'none' });
    expect(placementVerdict(none, [n1, n2, n3, n4], []).fits).toHaveLength(4);
  });

  it('mirrors TestSchedulerResourceConstraint', () => {
    const big = task({ reserveCpus: 1, reserveMemory: 2 ** 32 });
    const down = node('a', [], { status: 'down' });
    const drained = node('b', [], { availability: 'drain' });
    expectError(big, [down, drained, node('c', [])], 'no suitable node (2 nodes not available for new tasks; insufficient resources on 1 node)');
  });

  it('gives a pre-assigned task the bare explanation of its node', () => {
    const t = { ...task({ logDriver: 'plugin9' }), nodeId: 'n1', preassigned: true };
    expectError(t, [n1, n2], 'missing plugin on 1 node');
  });

  it('knows a well-formed explanation from a malformed one', () => {
    const t = task({ reserveCpus: 1 });
    expect(explanationProblem(t, 'no suitable node (1 node not available for new tasks; insufficient resources on 2 nodes)')).toBeNull();
    expect(explanationProblem(t, 'no suitable node (missing plugin on 1 node)')).toMatch(/Plugin, which do not apply/);
    expect(explanationProblem(t, 'insufficient resources on 2 nodes')).toMatch(/expected "no suitable node/);
  });
});
