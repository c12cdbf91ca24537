/**
 * The UI's pure parts on real runs of the library: step diffs summed over
 * machines, the overview's fit, slide narration, search, and the reasons an
 * empty node gives (the adapter over sim/explain.ts).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../sim/scenario/parse.js';
import { runScenario, type ScenarioRun } from '../../sim/scenario/run.js';
import { videoPositions } from '../../web/app/video.js';
import { buildCluster } from '../../web/model/cluster.js';
import { diffSnapshots } from '../../web/model/diff.js';
import { firstSentence, splitNarration, withoutReferences } from '../../web/model/narration.js';
import { networkLines } from '../../web/model/layout.js';
import { layoutOverview } from '../../web/model/overview.js';
import { search } from '../../web/model/search.js';
import { chipText } from '../../web/render/task.js';
import { emptyNodeReasons } from '../../web/worker/nodeReasons.js';

const runs = new Map<string, ScenarioRun>();
function load(name: string): ScenarioRun {
  let r = runs.get(name);
  if (!r) {
    const file = `scenarios/${name}.swarm`;
    runs.set(name, (r = runScenario(parseScenario(readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8'), file))));
  }
  return r;
}
const stepOf = (r: ScenarioRun, command: string) => r.steps.find((s) => s.command.startsWith(command))!;
const before = (r: ScenarioRun, command: string) => {
  const s = stepOf(r, command);
  return s.index === 0 ? r.initial : r.steps[s.index - 1].snapshot;
};

describe('step diffs', () => {
  it('tell a change on many machines once: "100 tasks of net removed from N nodes", per-machine lines kept', () => {
    const r = load('plugin-network-200-machines');
    const d = diffSnapshots(before(r, 'docker service scale net=400'), stepOf(r, 'docker service scale net=400').snapshot);
    const removed = d.changes.filter((c) => c.kind === 'task-removed');
    expect(removed).toHaveLength(1);
    expect(removed[0].text).toMatch(/^100 tasks of net removed from \d+ nodes$/);
    expect(removed[0].machine).toBeNull();
    expect(removed[0].details.length).toBe(removed[0].machines.length);
    expect(removed[0].details[0]).toMatch(/^\d tasks? of net removed from m\d{3}$/);
    expect(d.changes.length).toBeLessThan(5);
  });

  it('keep per-machine lines for a few machines, and say where the step acted', () => {
    const r = load('weave2-network-plugin');
    const create = stepOf(r, 'docker service create');
    const d = diffSnapshots(before(r, 'docker service create'), create.snapshot);
    expect(d.changes.map((c) => c.text)).toEqual(expect.arrayContaining(['4 tasks of myservice placed on node1', '4 tasks of myservice placed on node2', 'service myservice created']));
    expect(d.where).toEqual(['node1', 'node2']);
    const rm = stepOf(r, 'docker plugin rm');
    const d2 = diffSnapshots(before(r, 'docker plugin rm'), rm.snapshot);
    expect(d2.changes.map((c) => [c.kind, c.machine, c.text])).toEqual([['plugin-removed', 'node2', 'plugin bboreham/weave2:latest removed from node2']]);
  });

  it('sum up 999 joins in one line', () => {
    const r = load('node-fleet-1000-machines');
    const join = stepOf(r, 'docker swarm join');
    const d = diffSnapshots(before(r, 'docker swarm join'), join.snapshot);
    expect(d.changes.map((c) => c.text)).toEqual(['999 machines added', '999 nodes joined the swarm as workers']);
  });
});

describe('the overview', () => {
  it('puts every machine of the 200-node scenario on one screen of the stage at 1440x900', () => {
    const r = load('plugin-network-200-machines');
    const model = buildCluster(r.steps.at(-1)!.snapshot);
    // The cluster region of a 1440x900 window, beside the editor and the side panels.
    const o = layoutOverview(model, 700, 560);
    expect(o.cells).toHaveLength(200);
    expect(o.height).toBeLessThanOrEqual(560);
    expect(Math.max(...o.cells.map((c) => c.x + c.w))).toBeLessThanOrEqual(700);
    expect(o.mark).toBeGreaterThanOrEqual(4);
    // Marks: one per live task, coloured by service; m050 is drained and holds none.
    expect(o.cells.reduce((n, c) => n + c.marks.length, 0)).toBe(2000);
    expect(o.cells.find((c) => c.card.name === 'm050')!.marks).toEqual([]);
    expect(new Set(o.cells.flatMap((c) => c.marks.map((m) => m.chip.colour)))).toEqual(new Set([0, 1]));
  });

  it('fits 1,000 nodes too, with smaller marks', () => {
    const r = load('node-fleet-1000-machines');
    const o = layoutOverview(buildCluster(r.steps.at(-1)!.snapshot), 700, 560);
    expect(o.cells).toHaveLength(1000);
    expect(o.height).toBeLessThanOrEqual(560);
    expect(o.lines.map((l) => l.text)).toEqual(['⇄ ingress · driver overlay · swarm · can attach: 1000 of 1000 nodes (m0001 … m1000)']);
  });
});

describe('slide narration', () => {
  it('takes a # short: line, else the first sentence without upstream references', () => {
    expect(splitNarration(['short: All 8 on node1.', 'PluginFilter (swarmkit manager/scheduler/filter.go) rejects node2.'])).toEqual({
      paragraphs: ['PluginFilter (swarmkit manager/scheduler/filter.go) rejects node2.'],
      short: 'All 8 on node1.',
      explicit: true,
      cites: true,
    });
    const n = splitNarration(['3. A service on globalnet. PluginFilter (swarmkit manager/scheduler/filter.go)', 'checks it.']);
    expect(n.short).toBe('A service on globalnet.');
    expect(n.explicit).toBe(false);
    expect(withoutReferences('the scheduler prefers fewer tasks (scheduler.go nodeLess): 4/4.')).toBe('the scheduler prefers fewer tasks: 4/4.');
    expect(firstSentence('Use labels, e.g. disk=ssd. Then more.')).toBe('Use labels, e.g. disk=ssd.');
  });
});

describe('search', () => {
  it('finds machines by name, plugin and task; an exact task name is the one to select', () => {
    const r = load('weave2-network-plugin');
    const model = buildCluster(r.steps.at(-1)!.snapshot);
    expect([...search(model, 'node2')!.machines]).toEqual(['node2']);
    expect([...search(model, 'weave2')!.machines]).toEqual(['node1']);
    const t = search(model, 'myservice.3')!;
    expect(t.exact?.label).toBe('myservice.3');
    expect([...t.machines]).toEqual(['node1']);
    expect(search(model, 'nothing-like-this')!.machines.size).toBe(0);
    expect(search(model, '  ')).toBeNull();
  });
});

describe('chips', () => {
  it('keep the slot when the name is too long', () => {
    expect(chipText('myservice.3')).toBe('myservice.3');
    expect(chipText('verylongservicename.12')).toBe('verylon….12');
    expect(chipText('verylongservicename')).toBe('verylongse…');
  });
});

describe('reasons of empty nodes (worker/nodeReasons.ts)', () => {
  it('at the end of the weave2 lesson, node2 says it has no weave2', () => {
    const r = load('weave2-network-plugin');
    const reasons = emptyNodeReasons(r.steps.at(-1)!.snapshot);
    expect(reasons).toEqual([
      { machine: 'node2', reasons: [{ service: 'myservice', text: 'Network plugin bboreham/weave2:latest not installed (has: none)', filter: 'Plugin' }] },
    ]);
  });

  it('a drained node says so; a node that could take tasks says that', () => {
    const r = load('node-drain');
    const drain = stepOf(r, 'docker node update --availability drain');
    const at = r.steps[drain.index + 1].snapshot;
    const node1 = emptyNodeReasons(at).find((n) => n.machine === 'node1')!;
    expect(node1.reasons).toEqual([{ service: 'web', text: 'availability is drain', filter: 'Ready' }]);
    const back = stepOf(r, 'docker node update --availability active').snapshot;
    expect(emptyNodeReasons(back).find((n) => n.machine === 'node1')!.reasons[0]).toEqual({ service: 'web', text: 'could run here; its 6 tasks are on other nodes', filter: null });
  });
});

describe('the video export', () => {
  it('plays each step over 1.6 s and holds its result', () => {
    const p = videoPositions(2, 4, 10);
    expect(p.slice(0, 6)).toEqual([2, 2, 2, 2, 2, 2]);
    expect(p[6]).toBeCloseTo(2 + 1 / 16);
    expect(p.filter((u) => u === 3)).toHaveLength(7);
    expect(p.at(-1)).toBe(4);
    expect(p).toHaveLength(6 + 2 * (16 + 6));
  });

  it('wrap a network line that is too long for the width before "can attach", and keep a short one whole', () => {
    const row = { id: 'n1', name: 'globalnet', driver: 'bboreham/weave2:latest', scope: 'swarm', attach: ['node1'] };
    expect(networkLines(row, 2, 120)).toEqual(['⇄ globalnet · driver bboreham/weave2:latest · swarm · can attach: node1']);
    expect(networkLines(row, 2, 52)).toEqual(['⇄ globalnet · driver bboreham/weave2:latest · swarm', '  can attach: node1']);
    for (const l of networkLines(row, 2, 24)) expect(l.length).toBeLessThanOrEqual(24);
  });
});
