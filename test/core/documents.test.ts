import { describe, expect, it } from 'vitest';
import { serviceSpec } from '../../sim/model/defaults.js';
import { create, running, swarm } from './world.js';

// The two examples of Docker's "Plugins and Services" page, through the API.

describe('volume plugin installed only on the worker', () => {
  it('the task lands on node2, where the plugin and the volume are', () => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const sim = swarm(2, seed);
      sim.pluginInstall('node2', 'tiborvass/sample-volume-plugin');
      sim.volumeCreate('node2', 'pluginVol', 'tiborvass/sample-volume-plugin');
      sim.settle();
      create(sim, {
        name: 'my-service',
        command: ['top'],
        mounts: [{ source: 'pluginVol', target: '/tmp', volumeDriver: 'tiborvass/sample-volume-plugin' }],
      });
      expect(running(sim)).toEqual({ node2: 1 });
    }
  });

  it('before the plugin is installed anywhere, the task is pending with missing plugin on 2 nodes', () => {
    const sim = swarm(2);
    create(sim, { name: 'my-service', mounts: [{ source: 'pluginVol', target: '/tmp', volumeDriver: 'tiborvass/sample-volume-plugin' }] });
    const [t] = sim.world.tasks.values();
    expect(t.status.state).toBe('pending');
    expect(t.status.err).toBe('no suitable node (missing plugin on 2 nodes)');
  });
});

describe('weave2 network plugin on node1 and node2', () => {
  it('8 replicas spread 4/4; after plugin rm -f on node2 and scaling 0 -> 8, all 8 land on node1', () => {
    for (const seed of [1, 2, 3, 11, 99]) {
      const sim = swarm(2, seed);
      sim.pluginInstall('node1', 'bboreham/weave2');
      sim.pluginInstall('node2', 'bboreham/weave2');
      sim.settle();
      sim.networkCreate('node1', { name: 'globalnet', driver: 'bboreham/weave2:latest' });
      create(sim, { name: 'myservice', replicas: 8, networks: ['globalnet'], image: 'mrjana/simpleweb', command: ['simpleweb'] });
      expect(running(sim)).toEqual({ node1: 4, node2: 4 });
      sim.serviceScale('myservice', 0);
      sim.settle();
      expect(running(sim)).toEqual({});
      sim.pluginRemove('node2', 'bboreham/weave2', true);
      sim.settle();
      sim.serviceScale('myservice', 8);
      sim.settle();
      expect(running(sim)).toEqual({ node1: 8 });
    }
  });

  it('engines whose tasks use a plugin network hold a reference to the plugin; the manager does not', () => {
    const sim = swarm(2);
    sim.pluginInstall('node1', 'bboreham/weave2');
    sim.pluginInstall('node2', 'bboreham/weave2');
    sim.settle();
    sim.networkCreate('node1', { name: 'globalnet', driver: 'bboreham/weave2:latest' });
    sim.nodeUpdate('node1', { availability: 'drain' });
    create(sim, { name: 'web', replicas: 2, networks: ['globalnet'] });
    expect(running(sim)).toEqual({ node2: 2 });
    // moby daemon/network.go: the manager hands the network to SwarmKit, taking no reference
    expect(() => sim.pluginRemove('node1', 'bboreham/weave2')).toThrow('plugin bboreham/weave2:latest is enabled');
    // node2 attached the network for its tasks (CreateManagedNetwork): in use
    expect(() => sim.pluginDisable('node2', 'bboreham/weave2')).toThrow('plugin bboreham/weave2:latest is in use');
    sim.serviceRemove('web');
    sim.settle();
    // the last task gone, the engine detaches the network and releases the plugin
    expect(sim.pluginDisable('node2', 'bboreham/weave2').enabled).toBe(false);
  });

  it('a plugin change reaches the scheduler only on the next description refresh', () => {
    const sim = swarm(2);
    sim.networkCreate('node1', { name: 'overlaynet', driver: 'overlay' });
    sim.pluginInstall('node1', 'bboreham/weave2');
    // Before the refresh the manager has not heard of the plugin.
    expect(sim.world.nodes.get(sim.world.machines.get('node1')!.nodeId!)!.description!.engine.plugins.some((p) => p.name === 'bboreham/weave2:latest')).toBe(false);
    const t0 = sim.now;
    sim.settle();
    expect(sim.now - t0).toBeGreaterThan(0);
    expect(sim.now - t0).toBeLessThanOrEqual(20_000);
    expect(sim.world.nodes.get(sim.world.machines.get('node1')!.nodeId!)!.description!.engine.plugins.some((p) => p.name === 'bboreham/weave2:latest')).toBe(true);
    void serviceSpec;
  });
});
