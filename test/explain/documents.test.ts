/**
 * The documents' two examples, explained word for word: a placed task reads
 * the decision recorded when it was placed, a pending one the state now, and
 * the node form names the missing plugin and the step that removed it.
 */
import { describe, expect, it } from 'vitest';
import { explainJson, explainText } from './helpers.js';

describe('weave2: a network plugin on both nodes, then on one', () => {
  it('a task of the first 8 replicas: a tie between the two nodes, and where another seed puts it', async () => {
    expect(await explainText('weave2-network-plugin', 'myservice.2', '--step', '7')).toBe(`Explaining myservice.2 after step 7 (line 83).

Task myservice.2 (ID)
  state running, desired running, node node2

Placed during step 7 (line 83): task 3 of 8 placed in one pass ("scheduler assigned task to node").
The filters as the scheduler saw them then:
NODE   Ready  Plugin
node1  ok     ok
node2  ok     ok

Nodes that passed, best first (fewer tasks of myservice, then fewer tasks in all), when it was placed:
NODE   TASKS OF myservice  TASKS IN ALL
node2  1                   1             <- chosen
node1  1                   1

Why node2: Tie between node2 and node1 (each had 1 task of myservice, 1 in all), broken by the seed: the order of the scheduler's Go map of nodes put node2 ahead of node1. With seed 2 it lands on node1.
`);
  });

  it('the next task of the same pass: the node with fewer tasks of the service', async () => {
    const e = await explainJson('weave2-network-plugin', 'myservice.1', '--step', '7');
    expect(e.because).toBe('node1 had 0 tasks of myservice, node2 had 1.');
    expect(e.decision.ranking).toEqual([
      { node: 'node1', branch: [], tasksOfService: 0, totalTasks: 0, recentFailures: 0, chosen: true },
      { node: 'node2', branch: [], tasksOfService: 1, totalTasks: 1, recentFailures: 0, chosen: false },
    ]);
    expect(e.swarmkitMessage).toBe('');
    expect(e.placed).toBe(true);
    expect(e.evaluatedAt).toBe('decision');
  });

  it('after the plugin is removed from node2 and the service scaled back: node1 was the only node', async () => {
    expect(await explainText('weave2-network-plugin', 'myservice.2')).toBe(`Explaining myservice.2 at the end of the scenario.

Task myservice.2 (ID)
  state running, desired running, node node1

Placed during step 12 (line 135): task 2 of 8 placed in one pass ("scheduler assigned task to node").
The filters as the scheduler saw them then:
NODE   Ready  Plugin
node1  ok     ok
node2  ok     Network plugin bboreham/weave2:latest not installed (has: none)

Nodes that passed, best first (fewer tasks of myservice, then fewer tasks in all), when it was placed:
NODE   TASKS OF myservice  TASKS IN ALL
node1  1                   1             <- chosen

Why node1: node1 was the only node that passed every filter (node2: Network plugin bboreham/weave2:latest not installed (has: none)).
`);
  });

  it('the empty node2: the missing plugin, the step that removed it, and the line that brings it back', async () => {
    expect(await explainText('weave2-network-plugin', '--node', 'node2')).toBe(`Explaining node node2 at the end of the scenario.

myservice cannot run here: Network plugin bboreham/weave2:latest not installed (has: none) (removed at step 11: node2$ docker plugin rm -f bboreham/weave2).
  - install plugin bboreham/weave2:latest on node2
      node2$ docker plugin install --grant-all-permissions bboreham/weave2:latest
`);
    expect(await explainText('weave2-network-plugin', '--node', 'node1', '--step', '12')).toBe(`Explaining node node1 after step 12 (line 135).

myservice has 8 tasks here (myservice.1, myservice.2, myservice.3, myservice.4, myservice.5, myservice.6, myservice.7, myservice.8).
`);
  });
});

describe('volume plugin on the worker', () => {
  it('pending before any node has the plugin: the matrix of its last pass, SwarmKit\'s message and runnable fixes', async () => {
    expect(await explainText('volume-plugin-on-worker', 'my-service.1', '--step', '3')).toBe(`Explaining my-service.1 after step 3 (line 35).

Task my-service.1 (ID)
  state pending, desired running, node (none)
  error: no suitable node (missing plugin on 2 nodes)

The scheduler's last pass during step 3 (line 35, at 200 ms) could not place it; the filters as that pass saw them:
NODE   Ready  Plugin
node1  ok     Volume plugin tiborvass/sample-volume-plugin not installed (has: none)
node2  ok     Volume plugin tiborvass/sample-volume-plugin not installed (has: none)

SwarmKit counts each node against the first filter it fails:
  node1: Plugin
  node2: Plugin

Why pending: At the scheduler's last pass no node passed every filter: node1 and node2 failed Plugin (Volume plugin tiborvass/sample-volume-plugin not installed (has: none)).
SwarmKit says: no suitable node (missing plugin on 2 nodes)

Smallest changes that would place it (any one node, worked out against the state now):
  on node1:
    - install plugin tiborvass/sample-volume-plugin on node1
        node1$ docker plugin install --grant-all-permissions tiborvass/sample-volume-plugin
  on node2:
    - install plugin tiborvass/sample-volume-plugin on node2
        node2$ docker plugin install --grant-all-permissions tiborvass/sample-volume-plugin
`);
  });

  it('placed once node2 has the plugin: the matrix of that moment, not of a later one', async () => {
    const text = `
Task my-service.1 (ID)
  state running, desired running, node node2

Placed during step 5 (line 51): placed alone ("scheduler assigned task to node").
The filters as the scheduler saw them then:
NODE   Ready  Plugin
node1  ok     Volume plugin tiborvass/sample-volume-plugin not installed (has: none)
node2  ok     ok

Nodes that passed, best first (fewer tasks of my-service, then fewer tasks in all), when it was placed:
NODE   TASKS OF my-service  TASKS IN ALL
node2  0                    0             <- chosen

Why node2: node2 was the only node that passed every filter (node1: Volume plugin tiborvass/sample-volume-plugin not installed (has: none)).
`;
    expect(await explainText('volume-plugin-on-worker', 'my-service.1')).toBe(`Explaining my-service.1 at the end of the scenario.\n${text}`);
    expect(await explainText('volume-plugin-on-worker', 'my-service.1', '--step', '5')).toBe(`Explaining my-service.1 after step 5 (line 51).\n${text}`);
    expect(await explainText('volume-plugin-on-worker', '--node', 'node1')).toBe(`Explaining node node1 at the end of the scenario.

my-service cannot run here: Volume plugin tiborvass/sample-volume-plugin not installed (has: none) (never installed on node1).
  - install plugin tiborvass/sample-volume-plugin on node1
      node1$ docker plugin install --grant-all-permissions tiborvass/sample-volume-plugin
`);
  });
});
