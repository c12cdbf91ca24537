/**
 * The scenario library (scenarios/*.swarm): every scenario parses, runs,
 * prints what its transcript expects and keeps the library's rules (the
 * rules of `swarmsim lint`, sim/scenario/lint.ts, which the README states);
 * and the two examples of Docker's "Using Volume and Network plugins in
 * Docker services" end where the documents say they end, checked on the
 * simulation itself rather than on output lines that a loosened regex could
 * let through.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../sim/scenario/ast.js';
import { DOCUMENT_EXAMPLES, formatProblem, lintRun, lintScenario } from '../sim/scenario/lint.js';
import { parseScenario } from '../sim/scenario/parse.js';
import { runScenario, type ScenarioRun, type StepRun } from '../sim/scenario/run.js';
import type { SimSnapshot } from '../sim/snapshot.js';

const DIR = new URL('../scenarios/', import.meta.url);
const FILES = readdirSync(DIR)
  .filter((f) => f.endsWith('.swarm'))
  .sort();

/** The documents' two examples keep the names the UI opens them by (web/app/scenarios.ts, test/web). */
const WEAVE2 = 'weave2-network-plugin.swarm';
const VOLUME = 'volume-plugin-on-worker.swarm';

/** Each scenario is parsed and run once, on first use. */
const cache = new Map<string, { text: string; scenario: Scenario; run: ScenarioRun }>();
function load(file: string): { text: string; scenario: Scenario; run: ScenarioRun } {
  let hit = cache.get(file);
  if (!hit) {
    const text = readFileSync(new URL(file, DIR), 'utf8');
    const scenario = parseScenario(text, `scenarios/${file}`);
    hit = { text, scenario, run: runScenario(scenario) };
    cache.set(file, hit);
  }
  return hit;
}

const where = (file: string, s: StepRun): string => `scenarios/${file}:${s.step.line}: ${s.host}$ ${s.command.split('\n')[0]}`;

/** Tasks of `service` that run and should run, counted by node hostname. */
function running(snap: SimSnapshot, service: string): Record<string, number> {
  const svc = snap.services.find((s) => s.name === service);
  expect(svc, `service ${service} exists`).toBeDefined();
  const host = new Map(snap.nodes.map((n) => [n.id, n.hostname]));
  const out: Record<string, number> = {};
  for (const t of snap.tasks) {
    if (t.serviceId !== svc!.id || t.desiredState !== 'running' || t.status.state !== 'running') continue;
    const h = host.get(t.nodeId) ?? `?${t.nodeId}`;
    out[h] = (out[h] ?? 0) + 1;
  }
  return out;
}

/** Tasks of `service` that should run, whatever their state. */
const wanted = (snap: SimSnapshot, service: string) => {
  const svc = snap.services.find((s) => s.name === service)!;
  return snap.tasks.filter((t) => t.serviceId === svc.id && t.desiredState === 'running');
};

/** The run of the first step typed on `host` whose command starts with `command`. */
function stepOf(run: ScenarioRun, host: string, command: string, from = 0): StepRun {
  const s = run.steps.slice(from).find((x) => x.host === host && x.command.startsWith(command));
  expect(s, `a step "${host}$ ${command}"`).toBeDefined();
  return s!;
}

/** True when some expected line of the step (literal, or a `(re)` line) matches `line`. */
function expects(step: StepRun, line: string): boolean {
  return (step.step.expected?.lines ?? []).some((e) => (e.regex ? e.regex.test(line) : e.text === line));
}

/**
 * Lines of Docker's "Using Volume and Network plugins in Docker services", as
 * the documents print them (an older CLI: other IDs, times, column widths and
 * digest-pinned images). Each must be matched by an expected line of the step
 * that runs the same command: the scenario's regexes accept the documents'
 * output, modulo IDs and times.
 */
const DOCS_WEAVE2: [host: string, command: string, lines: string[]][] = [
  ['node1', 'docker plugin install bboreham/weave2', [
    'Plugin "bboreham/weave2" is requesting the following privileges:',
    'Do you grant the above permissions? [y/N] y',
    'latest: Pulling from bboreham/weave2',
    '7718f575adf7: Download complete',
    'Digest: sha256:2780330cc15644b60809637ee8bd68b4c85c893d973cb17f2981aabfadfb6d72',
    // Not 'Status: Downloaded newer image for bboreham/weave2:latest': the documents' older CLI
    // printed it; docker 28.2.2 does not (as a real Swarm shows: test/real/recorded/).
    'Installed plugin bboreham/weave2',
  ]],
  ['node1', 'docker network ls', [
    'NETWORK ID          NAME                DRIVER                   SCOPE',
    'qlj7ueteg6ly        globalnet           bboreham/weave2:latest   swarm',
  ]],
  ['node1', 'docker service create --network globalnet --name myservice --replicas=8 mrjana/simpleweb simpleweb', ['w90drnfzw85nygbie9kb89vpa']],
  ['node1', 'docker ps', [
    'CONTAINER ID        IMAGE                                                                                      COMMAND             CREATED             STATUS              PORTS               NAMES',
    '87520965206a        mrjana/simpleweb@sha256:317d7f221d68c86d503119b0ea12c29de42af0a22ca087d522646ad1069a47a4   "simpleweb"         5 seconds ago       Up 4 seconds                            myservice.4.ytdzpktmwor82zjxkh118uf1v',
  ]],
  ['node2', 'docker ps', [
    '53c0ae7c1dae        mrjana/simpleweb@sha256:317d7f221d68c86d503119b0ea12c29de42af0a22ca087d522646ad1069a47a4   "simpleweb"         2 seconds ago       Up Less than a second                       myservice.7.x44tvvdm3iwkt9kif35f7ykz1',
  ]],
  ['node1', 'docker service scale myservice=0', ['myservice scaled to 0']],
  ['node2', 'docker plugin rm -f bboreham/weave2', ['bboreham/weave2']],
  ['node1', 'docker service scale myservice=8', ['myservice scaled to 8']],
];

const DOCS_VOLUME: [host: string, command: string, lines: string[]][] = [
  ['node1', 'docker swarm init', ['Swarm initialized: current node (dxn1zf6l61qsb1josjja83ngz) is now a manager.']],
  ['node2', 'docker plugin install tiborvass/sample-volume-plugin', [
    'latest: Pulling from tiborvass/sample-volume-plugin',
    'eb9c16fbdc53: Download complete',
    'Digest: sha256:00b42de88f3a3e0342e7b35fa62394b0a9ceb54d37f4c50be5d3167899994639',
    'Installed plugin tiborvass/sample-volume-plugin',
  ]],
  ['node1', 'docker service ls', ['z1sj8bb8jnfn  my-service   replicated  1/1       busybox:latest']],
  ['node2', "docker ps --format '{{.ID}}\\t {{.Status}} {{.Names}} {{.Command}}'", ['83fc1e842599     Up 2 days my-service.1.9jn59qzn7nbc3m0zt1hij12xs "top"']],
];

/** The commands of a scenario, as typed, in order (continuation lines joined). */
const commands = (run: ScenarioRun): string[] =>
  run.steps.map((s) => `${s.host}$ ${s.command.replace(/\s*\\\n\s*/g, ' ')}`);

describe('the scenario library', () => {
  it('has at least 15 scenarios', () => {
    expect(FILES.length).toBeGreaterThanOrEqual(15);
  });

  it('keeps the names the UI opens the two document examples by', () => {
    expect(DOCUMENT_EXAMPLES).toEqual([WEAVE2, VOLUME]);
    expect(FILES).toContain(WEAVE2);
    expect(FILES).toContain(VOLUME);
  });
});

describe.each(FILES)('scenarios/%s', (file) => {
  it("keeps the library's rules (swarmsim lint, and every step settles)", () => {
    const { text, scenario, run } = load(file);
    const problems = [...lintScenario(scenario, text), ...lintRun(scenario, run)];
    expect(problems.map(formatProblem)).toEqual([]);
  });

  it('prints what its transcript expects, at every checked step', () => {
    const { run } = load(file);
    for (const s of run.steps.filter((x) => x.check !== null)) {
      expect(s.check!.ok, `${where(file, s)}\n${s.check!.diff}`).toBe(true);
    }
  });
});

describe(`the weave2 example (scenarios/${WEAVE2})`, () => {
  const doc = (): ScenarioRun => load(WEAVE2).run;

  it("types the documents' commands, in the documents' order", () => {
    const typed = commands(doc());
    const expected = [
      'node1$ docker plugin install bboreham/weave2',
      'node2$ docker plugin install bboreham/weave2',
      'node1$ docker network create --driver=bboreham/weave2:latest globalnet',
      'node1$ docker network ls',
      'node1$ docker service create --network globalnet --name myservice --replicas=8 mrjana/simpleweb simpleweb',
      'node1$ docker ps',
      'node2$ docker ps',
      'node1$ docker service scale myservice=0',
      'node2$ docker plugin rm -f bboreham/weave2',
      'node1$ docker service scale myservice=8',
      'node1$ docker ps',
      'node2$ docker ps',
    ];
    let at = 0;
    for (const c of expected) {
      const k = typed.indexOf(c, at);
      expect(k, `"${c}" after step ${at}`).toBeGreaterThanOrEqual(at);
      at = k + 1;
    }
    expect(typed[0]).toBe('node1$ docker swarm init');
    expect(typed[1]).toMatch(/^node2\$ docker swarm join --token SWMTKN-1-49nj1cmql0jkz5s954yi3oex3nedyz0fb0xx14ie39trti4wxv-8vxv8rssmk743ojnwacrr2e7c 192\.168\.99\.100:2377$/);
  });

  it('answers the privileges prompt as the documents show, and rm -f prints the plugin name', () => {
    const r = doc();
    for (const host of ['node1', 'node2']) {
      const install = stepOf(r, host, 'docker plugin install bboreham/weave2');
      expect(install.output).toContain('Plugin "bboreham/weave2" is requesting the following privileges:');
      expect(install.output).toContain('Do you grant the above permissions? [y/N] y');
      expect(install.output.trimEnd().split('\n').at(-1)).toBe('Installed plugin bboreham/weave2');
    }
    const rm = stepOf(r, 'node2', 'docker plugin rm -f bboreham/weave2');
    expect(rm.exitCode).toBe(0);
    expect(rm.output.trim()).toBe('bboreham/weave2');
  });

  it("expects output that the documents' transcript also matches, modulo IDs and times", () => {
    const r = doc();
    for (const [host, command, lines] of DOCS_WEAVE2) {
      const step = stepOf(r, host, command);
      for (const line of lines) expect(expects(step, line), `${where(WEAVE2, step)} accepts: ${line}`).toBe(true);
    }
    // The second node1 `docker ps` lists 8 containers, the last node2 one only the header.
    const ps1 = r.steps.filter((s) => s.host === 'node1' && s.command === 'docker ps').at(-1)!;
    expect(expects(ps1, 'cf4b0ec2415e        mrjana/simpleweb@sha256:317d7f221d68c86d503119b0ea12c29de42af0a22ca087d522646ad1069a47a4   "simpleweb"         39 seconds ago      Up 36 seconds                           myservice.3.r7p5o208jmlzpcbm2ytl3q6n1')).toBe(true);
    expect(ps1.step.expected!.lines).toHaveLength(9);
    const ps2 = r.steps.filter((s) => s.host === 'node2' && s.command === 'docker ps').at(-1)!;
    expect(ps2.step.expected!.lines).toHaveLength(1);
    expect(expects(ps2, 'CONTAINER ID        IMAGE               COMMAND             CREATED             STATUS              PORTS               NAMES')).toBe(true);
  });

  it('spreads the 8 replicas 4/4 while both nodes have the plugin', () => {
    const r = doc();
    const create = stepOf(r, 'node1', 'docker service create --network globalnet --name myservice');
    expect(running(create.snapshot, 'myservice')).toEqual({ node1: 4, node2: 4 });
    const scale0 = stepOf(r, 'node1', 'docker service scale myservice=0');
    expect(running(scale0.snapshot, 'myservice')).toEqual({});
  });

  it('ends with all 8 tasks of myservice running on node1, none on node2, and no plugin on node2', () => {
    const r = doc();
    const end = r.steps.at(-1)!.snapshot;
    expect(running(end, 'myservice')).toEqual({ node1: 8 });
    const node2 = end.nodes.find((n) => n.hostname === 'node2')!;
    expect(wanted(end, 'myservice').filter((t) => t.nodeId === node2.id)).toEqual([]);
    expect(end.machines.find((m) => m.name === 'node2')!.plugins).toEqual([]);
    const weave = end.machines.find((m) => m.name === 'node1')!.plugins.find((p) => p.name === 'bboreham/weave2:latest');
    expect(weave?.enabled).toBe(true);
    // The last `docker ps` on node2 prints only the header, as in the documents.
    const lastPs = [...r.steps].reverse().find((s) => s.host === 'node2' && s.command === 'docker ps')!;
    expect(lastPs.output.trim().split('\n')).toHaveLength(1);
    expect(lastPs.output).toMatch(/^CONTAINER ID\s+IMAGE\s+COMMAND\s+CREATED\s+STATUS\s+PORTS\s+NAMES\s*$/);
  });
});

describe(`the volume plugin example (scenarios/${VOLUME})`, () => {
  const doc = (): ScenarioRun => load(VOLUME).run;

  it("types the documents' commands", () => {
    const typed = commands(doc());
    for (const c of [
      'node1$ docker swarm init',
      'node2$ docker swarm join --token SWMTKN-1-49nj1cmql0jkz5s954yi3oex3nedyz0fb0xx14ie39trti4wxv-8vxv8rssmk743ojnwacrr2e7c 192.168.99.100:2377',
      'node2$ docker plugin install tiborvass/sample-volume-plugin',
      'node2$ docker volume create -d tiborvass/sample-volume-plugin --name pluginVol',
      'node1$ docker service create --name my-service --mount type=volume,volume-driver=tiborvass/sample-volume-plugin,source=pluginVol,destination=/tmp busybox top',
      'node1$ docker service ls',
      "node2$ docker ps --format '{{.ID}}\\t {{.Status}} {{.Names}} {{.Command}}'",
    ]) {
      expect(typed, c).toContain(c);
    }
  });

  it("expects output that the documents' transcript also matches, modulo IDs and times", () => {
    const r = doc();
    for (const [host, command, lines] of DOCS_VOLUME) {
      const step = stepOf(r, host, command);
      for (const line of lines) expect(expects(step, line), `${where(VOLUME, step)} accepts: ${line}`).toBe(true);
    }
  });

  it('keeps the task pending with "missing plugin on 2 nodes" until a node reports the plugin', () => {
    const create = stepOf(doc(), 'node1', 'docker service create --name my-service');
    const [task] = wanted(create.snapshot, 'my-service');
    expect(task.status.state).toBe('pending');
    expect(task.nodeId).toBe('');
    expect(task.status.err).toBe('no suitable node (missing plugin on 2 nodes)');
  });

  it("ends with my-service's task running on node2, where the plugin and the volume are", () => {
    const end = doc().steps.at(-1)!.snapshot;
    expect(running(end, 'my-service')).toEqual({ node2: 1 });
    expect(wanted(end, 'my-service')).toHaveLength(1);
    const node2 = end.machines.find((m) => m.name === 'node2')!;
    expect(node2.plugins.map((p) => p.name)).toEqual(['tiborvass/sample-volume-plugin:latest']);
    expect(node2.volumes.map((v) => [v.name, v.driver])).toEqual([['pluginVol', 'tiborvass/sample-volume-plugin:latest']]);
    expect(end.machines.find((m) => m.name === 'node1')!.plugins).toEqual([]);
  });
});
