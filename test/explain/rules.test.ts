/**
 * One placed and one pending task per placement rule, from the scenario
 * library: the sentence that decided, word for word, and fixes that are
 * scenario lines which place the task when run as printed.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { explainTask } from '../../sim/explain.js';
import { parseScenario } from '../../sim/scenario/parse.js';
import { runScenario, ScenarioSession } from '../../sim/scenario/run.js';
import { commands, explainJson } from './helpers.js';

const because = async (file: string, task: string, step?: number): Promise<string> =>
  (await explainJson(file, task, ...(step ? ['--step', String(step)] : []))).because;

describe('placement rules, placed and pending', () => {
  it('plugin: the only node with the plugin; pending while none has it', async () => {
    expect(await because('weave2-network-plugin', 'myservice.5')).toBe(
      'node1 was the only node that passed every filter (node2: Network plugin bboreham/weave2:latest not installed (has: none)).',
    );
    expect(await because('volume-plugin-on-worker', 'my-service.1', 3)).toBe(
      "At the scheduler's last pass no node passed every filter: node1 and node2 failed Plugin (Volume plugin tiborvass/sample-volume-plugin not installed (has: none)).",
    );
  });

  it('constraint: the only labelled node; pending with a label fix typed on the leader', async () => {
    expect(await because('placement-constraints-labels-roles', 'db.1', 7)).toBe(
      'node2 was the only node that passed every filter (node1: node.labels.disk==ssd (is ""); node3: node.labels.disk==ssd (is "hdd")).',
    );
    const e = await explainJson('placement-constraints-labels-roles', 'cache.1', '--step', '12');
    expect(e.because).toBe(
      "At the scheduler's last pass no node passed every filter: node1 failed Constraint (node.labels.disk==nvme (is \"\")); node2 failed Constraint (node.labels.disk==nvme (is \"ssd\")); node3 failed Constraint (node.labels.disk==nvme (is \"hdd\")).",
    );
    expect(commands(e)).toEqual([
      'node1$ docker node update --label-add disk=nvme node1',
      'node1$ docker node update --label-add disk=nvme node2',
      'node1$ docker node update --label-add disk=nvme node3',
    ]);
  });

  it('constraint on the platform: a tie among the matching nodes; pending when none matches', async () => {
    expect(await because('placement-platform-constraints', 'legacy.1', 6)).toBe(
      "Tie between node2 and node1 (each had 1 task of legacy, 1 in all), broken by the seed: the order of the scheduler's Go map of nodes put node2 ahead of node1.",
    );
    const e = await explainJson('placement-platform-constraints', 'legacy.1', '--step', '6');
    expect(e.otherSeeds).toEqual([
      { seed: 2, node: 'node2' },
      { seed: 3, node: 'node2' },
      { seed: 4, node: 'node2' },
      { seed: 5, node: 'node1' },
    ]);
    const p = await explainJson('placement-platform-constraints', 'armjob2.1');
    expect(p.because).toBe(
      "At the scheduler's last pass no node passed every filter: node1 and node2 failed Constraint (node.platform.arch==arm64 (is \"x86_64\")); node3 failed Constraint (node.platform.arch==arm64 (is \"aarch64\")).",
    );
    // A node's platform is no label: no line changes it, so the fix points the constraint at a node's platform.
    expect(p.fixes).toEqual([
      {
        node: 'node1 or node2',
        changes: [
          {
            text: "constrain to node1's node.platform.arch instead: node.platform.arch==x86_64",
            command: 'node1$ docker service update --constraint-rm node.platform.arch==arm64 --constraint-add node.platform.arch==x86_64 armjob2',
          },
        ],
      },
      {
        node: 'node3',
        changes: [
          {
            text: "constrain to node3's node.platform.arch instead: node.platform.arch==aarch64 (engines report aarch64, not arm64)",
            command: 'node1$ docker service update --constraint-rm node.platform.arch==arm64 --constraint-add node.platform.arch==aarch64 armjob2',
          },
        ],
      },
    ]);
  });

  it('resources: fewer tasks of the service; pending with reservations that would fit', async () => {
    expect(await because('placement-insufficient-resources', 'batch.1', 9)).toBe('node1 had 0 tasks of batch, node2 had 1.');
    expect(await because('placement-insufficient-resources', 'batch.5', 11)).toBe(
      'node1 was the only node that passed every filter (node2: needs 1.5 CPU, 0.5 free; needs 3072MiB memory, 1024MiB free; node3: needs 1.5 CPU, 0.5 free; needs 3072MiB memory, 1024MiB free).',
    );
    const e = await explainJson('placement-insufficient-resources', 'batch.4', '--step', '11');
    expect(e.because).toBe(
      "At the scheduler's last pass no node passed every filter: node1 failed Resource (needs 1.5 CPU, 1 free; needs 3072MiB memory, 2048MiB free); node2 and node3 failed Resource (needs 1.5 CPU, 0.5 free; needs 3072MiB memory, 1024MiB free).",
    );
    expect(commands(e).slice(0, 2)).toEqual(['node1$ docker service update --reserve-cpu 1 batch', 'node1$ docker service update --reserve-memory 2048MiB batch']);
  });

  it('host ports: a three-way tie; pending when every node has the port taken by the service itself (a new node, or fewer replicas)', async () => {
    expect(await because('placement-host-port-conflict', 'edge.1', 4)).toBe(
      "Tie between node3, node1 and node2 (each had 0 tasks of edge, 0 in all), broken by the seed: the order of the scheduler's Go map of nodes put node3 ahead of node1 and node2.",
    );
    const e = await explainJson('placement-host-port-conflict', 'edge.4', '--step', '4');
    expect(e.because).toBe("At the scheduler's last pass no node passed every filter: node1, node2 and node3 failed HostPort (port 8080/tcp in use).");
    expect(e.fixes.map((f: { node: string }) => f.node)).toEqual(['node4 (a new node)', 'service edge', 'service edge']);
    expect(commands(e)).toEqual([
      'node4$ docker swarm join --token SWMTKN-1-49nj1cmql0jkz5s954yi3oex3nedyz0fb0xx14ie39trti4wxv-8vxv8rssmk743ojnwacrr2e7c 192.168.99.100:2377',
      'node1$ docker service update --publish-rm published=8080,target=80,mode=host --publish-add published=8080,target=80 edge',
      'node1$ docker service scale edge=3',
    ]);
  });

  it('max replicas per node: pending on three full nodes, then the only node with room', async () => {
    const e = await explainJson('placement-max-replicas-per-node', 'api.4', '--step', '4');
    expect(e.because).toBe("At the scheduler's last pass no node passed every filter: node1, node2 and node3 failed MaxReplicas (1 of max 1 replicas already on node).");
    // The same line for every node: one option.
    expect(e.fixes.map((f: { node: string }) => f.node)).toEqual(['node1 or node2 or node3']);
    expect(commands(e)).toEqual(['node1$ docker service update --replicas-max-per-node 2 api']);
    expect(await because('placement-max-replicas-per-node', 'api.4')).toBe(
      'node4 was the only node that passed every filter (node1: 1 of max 1 replicas already on node; node2: 1 of max 1 replicas already on node; node3: 1 of max 1 replicas already on node).',
    );
  });

  it('spread preference: the split over the label values, then the node within the value', async () => {
    expect(await because('placement-spread-zones', 'web.1', 7)).toBe(
      "Spread over node.labels.zone evens out the tasks of web per value (before the pass east 0, west 0; the pass's 6 tasks made it 3, 3), and this one fell to east; node1 was the only node there.",
    );
    expect(await because('placement-spread-zones', 'web.7')).toBe(
      "Spread over node.labels.zone evens out the tasks of web per value (before the pass east 3, west 3, (no label) 0; the pass's 3 tasks made it 3, 3, 3), and this one fell to (no label); node4 was the only node there.",
    );
  });
});

describe('fixes run as printed', () => {
  const session = (file: string, step: number): ScenarioSession => {
    const path = `scenarios/${file}.swarm`;
    return new ScenarioSession(runScenario(parseScenario(readFileSync(path, 'utf8'), path), { untilStep: step }), path);
  };

  for (const [file, task, step] of [
    ['volume-plugin-on-worker', 'my-service.1', 3],
    ['placement-constraints-labels-roles', 'cache.1', 12],
    ['placement-max-replicas-per-node', 'api.4', 4],
  ] as const) {
    it(`${file}: each offered line, typed after step ${step}, places ${task}`, async () => {
      const e = await explainJson(file, task, '--step', String(step));
      expect(e.fixes.length).toBeGreaterThan(0);
      for (const f of e.fixes) {
        const s = session(file, step);
        for (const c of f.changes) expect(s.exec(c.command).exitCode, c.command).toBe(0);
        const sim = s.sim;
        const t = [...sim.world.tasks.values()].find((x) => x.slot === Number(task.split('.')[1]) && x.desiredState === 'running' && sim.world.services.get(x.serviceId)?.spec.name === task.split('.')[0]);
        expect(t?.status.state, `${f.node}: ${f.changes.map((c: { command: string }) => c.command).join('; ')}`).toBe('running');
      }
    });
  }
});

describe('explainTask without a CLI', () => {
  it('says placed tasks are placed, not "none" as an error', () => {
    const path = 'scenarios/weave2-network-plugin.swarm';
    const run = runScenario(parseScenario(readFileSync(path, 'utf8'), path), { untilStep: 7 });
    const snap = run.steps.at(-1)!.snapshot;
    for (const t of snap.tasks) {
      const e = explainTask(snap, t.id)!;
      expect(e.swarmkitMessage).toBe('');
      expect(e.because).not.toMatch(/none|nothing/);
    }
  });
});

describe('explain --node: bad input', () => {
  it('an unknown node lists the known ones; a TASK beside --node is refused; exit 2', async () => {
    const { cli } = await import('../cli/helpers.js');
    expect(await cli(['explain', 'scenarios/weave2-network-plugin.swarm', '--node', 'nope'])).toMatchObject({
      code: 2,
      stdout: '',
      stderr: 'swarmsim: explain: no node "nope" at the end of the scenario (nodes: node1, node2)\n',
    });
    expect(await cli(['explain', 'scenarios/weave2-network-plugin.swarm', '--node', 'node1', 'myservice.1'])).toMatchObject({
      code: 2,
      stderr: 'swarmsim: explain: unexpected argument "myservice.1" (see "swarmsim explain --help")\n',
    });
  });
});
