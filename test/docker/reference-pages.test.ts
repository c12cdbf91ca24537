/**
 * "Commands from Docker's own reference pages run as printed": every
 * `$ docker ...` line of the docker/cli v28.2.2 reference pages for the
 * swarm commands (test/docker/fixtures/reference-commands.tsv) runs on a
 * simulated swarm, page by page in the page's order. A command may fail as
 * the daemon would in that state (the pages assume objects of their own:
 * `service redis not found`), but never as a command or flag swarmsim does
 * not know (exit 125, `unknown command`), a simulator limit not listed
 * below, or an internal error.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runDocker } from '../../sim/docker/run.js';
import { parseScenario } from '../../sim/scenario/parse.js';
import { Simulation } from '../../sim/simulation.js';

const rows = readFileSync(new URL('./fixtures/reference-commands.tsv', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l !== '' && !l.startsWith('#'))
  .map((l) => {
    const tab = l.indexOf('\t');
    return { page: l.slice(0, tab), line: l.slice(tab + 1) };
  });

/** Commands of other docker groups (containers, login): outside what swarmsim models. */
const OTHER_GROUPS = /^docker (run|login) /;

/** Limits the simulator states instead of pretending, each with the reason. */
const STATED_LIMITS: Record<string, RegExp> = {
  'a custom ingress network (its own routing mesh)': /does not model custom ingress networks/,
};

/** The pages' machines: a manager and two workers (worker1 is the name the pages use). */
function cluster(): Simulation {
  const sim = new Simulation({ seed: 1 });
  for (const h of ['node1', 'worker1', 'node3']) sim.machine(h);
  const init = sim.swarmInit('node1');
  sim.swarmJoin('worker1', init.workerToken, '192.168.99.100:2377');
  sim.swarmJoin('node3', init.workerToken, '192.168.99.100:2377');
  // The plugin pages start with the sample plugin installed, as their listings show.
  sim.pluginInstall('node1', 'tiborvass/sample-volume-plugin');
  sim.settle();
  return sim;
}

const pages = [...new Set(rows.map((r) => r.page))];
const succeeded: string[] = [];

describe("the commands of Docker's reference pages (docker/cli v28.2.2)", () => {
  it('the fixture holds the pages of every swarm command the issue names', () => {
    for (const p of ['service_create', 'service_update', 'node_update', 'network_create', 'volume_create', 'plugin_install', 'plugin_create', 'plugin_push', 'stack_deploy', 'swarm_init', 'swarm_join', 'swarm_update'])
      expect(pages).toContain(p);
    expect(rows.length).toBeGreaterThan(100);
  });

  it.each(pages)('%s', (page) => {
    const sim = cluster();
    const problems: string[] = [];
    let ran = 0;
    for (const { line } of rows.filter((r) => r.page === page)) {
      if (OTHER_GROUPS.test(line)) continue;
      // The plugin_set page writes `docker plugins set` (sic) for three of its examples.
      const step = parseScenario(`node1$ ${line.replace(/^docker plugins /, 'docker plugin ')}\n`, `${page}.md`).steps[0];
      const r = runDocker(sim, 'node1', step.argv, null);
      sim.settle();
      ran++;
      if (r.exitCode === 0) succeeded.push(line);
      const first = r.stderr.split('\n')[0];
      const limit = Object.keys(STATED_LIMITS).some((k) => STATED_LIMITS[k].test(r.stderr));
      if (r.exitCode === 125 || /unknown command|unknown flag|internal error/.test(r.stderr) || (/swarmsim/.test(r.stderr) && !limit))
        problems.push(`${line}\n  -> exit ${r.exitCode}: ${first}`);
    }
    expect(problems).toEqual([]);
    expect(ran).toBeGreaterThan(0);
  });

  it('most of them succeed in the pages\' order (the rest fail as the daemon would, for objects the pages assume)', () => {
    expect(succeeded.length).toBeGreaterThanOrEqual(SUCCEEDING);
  });
});

/** How many succeed today: a change that refuses more of the pages' commands fails the test above. */
const SUCCEEDING = 67;
