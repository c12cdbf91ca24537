/**
 * swarmsim's own fuzzer: hostile and careless inputs for the scenario
 * parser, the docker front end (random command lines against states built by
 * random commands, with a snapshot before and after each refused one),
 * compose files and --format templates. Seeded: input K of seed S is always
 * the same, so a finding is reproduced by `npm run fuzz -- --area A --seed S
 * --only K`.
 *
 * A finding is an exception other than the input's own error kind (an
 * `internal error`, exit 70 in the CLI), an input that takes longer than the
 * hang budget, a refused command that changed the state (random source
 * included), or two runs of the same input that differ.
 */
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runDocker } from '../../sim/docker/run.js';
import { executeTemplate, TemplateError } from '../../sim/docker/format/template.js';
import { parseScenario, ScenarioError } from '../../sim/scenario/parse.js';
import { Simulation } from '../../sim/simulation.js';
import { snapshot } from '../../sim/snapshot.js';

export type Area = 'parser' | 'docker' | 'compose' | 'template' | 'cli';
/** The in-process areas, then the CLI's (asynchronous: test/fuzz/cli.ts, run by fuzzAll). */
export const AREAS: readonly Area[] = ['parser', 'docker', 'compose', 'template', 'cli'];

export interface Finding {
  area: Area;
  seed: number;
  index: number;
  kind: 'crash' | 'hang' | 'changed-on-refusal' | 'nondeterministic';
  detail: string;
  /** The input as a scenario file (what `swarmsim run` reproduces). */
  scenario: string;
}

export interface FuzzOptions {
  seed: number;
  /** Inputs per area. */
  inputs: number;
  areas?: readonly Area[];
  /** Run only this input index (a reproducer). */
  only?: number;
  /** Only the indices K with K % of === index (one of several processes sharing a run). */
  shard?: { index: number; of: number };
  /** Milliseconds one input may take before it counts as a hang. */
  hangMs?: number;
  onFinding?: (f: Finding) => void;
  /** Called before each input: a long run says where it is, and which input a slow one was. */
  onInput?: (area: Area, index: number) => void;
}

const ROOT = new URL('../../', import.meta.url).pathname;
const LIBRARY = readdirSync(join(ROOT, 'scenarios'))
  .filter((f) => f.endsWith('.swarm'))
  .sort()
  .map((f) => readFileSync(join(ROOT, 'scenarios', f), 'utf8'));

/** Strings that have broken parsers before, or could. */
const HOSTILE = [
  '', ' ', '\t', '\n', '\r\n', '\\', '\\\n', "'", '"', '`', '$', '$(', '${', '#', '---', '<<EOF', '\nEOF\n', '(re)', ' (re)', '[1]', '[256]',
  '{{', '}}', '{{(', '{{if 1}}', '{{end}}', '{{range .}}', '{{.ID}}', '{{json .}}', '&a', '*a', '[', ']', '{', '}', ':', '- ', '? ',
  '(a+)+b (re)', 'x(a)\\1 (re)', '(?=x) (re)', '\u0000', '\uFEFF', '\u2028', 'é', '😀', '-1', '0', '99999999999999999999', '1e309', 'NaN',
  '--', '-', '--help', '-h', '=', ',', 'node1$ ', 'sim$ ', 'sim$ sleep 1h', 'm[1-3]$ docker info', 'm[1-100000]$ docker info',
];

const seedOf = (seed: number, index: number): number => (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + index * 0x27d4eb2f) | 0;
const one = <T>(arb: fc.Arbitrary<T>, seed: number, index: number): T => fc.sample(arb, { seed: seedOf(seed, index), numRuns: 1 })[0];

// --- parser: library scenarios, mutated -------------------------------------------

const mutation = fc.oneof(
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 12 })) }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ op: fc.constant('repeat' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 30 }), times: fc.integer({ min: 2, max: 300 }) }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function mutate(text: string, muts: readonly Mutation[]): string {
  let s = text;
  for (const m of muts) {
    const at = s.length === 0 ? 0 : m.at % (s.length + 1);
    if (m.op === 'insert') s = s.slice(0, at) + m.text + s.slice(at);
    else if (m.op === 'delete') s = s.slice(0, at) + s.slice(at + m.len);
    else if (m.op === 'repeat') s = s.slice(0, at) + s.slice(at, at + m.len).repeat(m.times) + s.slice(at + m.len);
    else s = s.slice(0, at);
  }
  return s;
}

const scenarioText = fc
  .tuple(fc.nat({ max: LIBRARY.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 6 }))
  .map(([k, muts]) => mutate(LIBRARY[k], muts));

function parseOutcome(text: string): string {
  try {
    const s = parseScenario(text, 'fuzz.swarm');
    return `ok ${s.steps.length} ${JSON.stringify(s.meta)}`;
  } catch (e) {
    if (e instanceof ScenarioError) return `error ${e.toString()}`;
    throw e;
  }
}

// --- docker: command lines against states ---------------------------------------

const NAMES = ['web', 'api', 'nope', 'web.1', 'node1', 'node2', 'net1', 'vol1', 'vendor/plugin', 'nope/plugin', 's', ''];
const WORDS = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NAMES) },
  { weight: 3, arbitrary: fc.constantFrom('nginx', 'busybox', 'top', '3', '0', '-1', '100000000', '1s', '10m', 'a=b', 'k', 'node.role==worker', 'type=volume,src=v,dst=/d', '80:80', 'spread=node.labels.z', '{{.ID}}', '{{json .}}', 'table {{.Name}}', 'true', 'false') },
  { weight: 2, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
);
const FLAGS = ['-d', '-q', '-f', '--name', '--replicas', '--mode', '--network', '--mount', '--label', '--env', '--constraint', '--placement-pref', '--publish', '--format', '--filter', '--force', '--detach', '--driver', '-d', '--opt', '--scale', '--image', '--rollback', '--restart-condition', '--restart-delay', '--limit-memory', '--reserve-cpu', '--update-parallelism', '--availability', '--role', '--label-add', '--grant-all-permissions', '--disable', '--no-trunc', '--all', '--token', '--advertise-addr', '--compose-file', '-c', '--help'];
const COMMANDS = [
  'swarm init', 'swarm join', 'swarm leave', 'swarm join-token worker', 'node ls', 'node ps', 'node inspect', 'node update', 'node rm', 'node promote', 'node demote',
  'service create', 'service ls', 'service ps', 'service inspect', 'service update', 'service scale', 'service rm', 'service rollback', 'service logs',
  'network create', 'network ls', 'network rm', 'network inspect', 'volume create', 'volume ls', 'volume rm', 'volume inspect',
  'plugin install', 'plugin ls', 'plugin enable', 'plugin disable', 'plugin rm', 'plugin set', 'plugin inspect', 'stack deploy', 'stack ls', 'stack ps', 'stack rm', 'stack services',
  'info', 'version', 'ps', 'system info', 'help', 'nope',
];
/** Flags with values of their own kind, so that commands get past usage errors into the daemon's rules. */
const VALUED: Record<string, readonly string[]> = {
  '--name': ['web', 'api', 'x', 'web2', 'UPPER', 'a_b', ''],
  '--replicas': ['0', '1', '3', '10001', '-1', 'x'],
  '--mode': ['replicated', 'global', 'replicated-job', 'global-job', 'nope'],
  '--network': ['net1', 'nope', 'ingress', 'bridge', 'host'],
  '--mount': ['type=volume,src=vol1,dst=/d', 'type=volume,src=v,dst=/d,volume-driver=vendor/plugin', 'type=volume,src=v,dst=/d,volume-driver=nope/plugin', 'type=bind,src=/x,dst=/y', 'type=tmpfs,dst=/t', 'dst=/only'],
  '--constraint': ['node.role==worker', 'node.role==manager', 'node.labels.z==a', 'node.hostname!=node1', 'bad'],
  '--placement-pref': ['spread=node.labels.z', 'spread=', 'nope=x'],
  '--publish': ['80:80', '8080:80/udp', 'published=81,target=80,mode=host', '99999:80', 'x'],
  '--driver': ['overlay', 'local', 'vendor/plugin', 'nope/plugin', 'bridge', 'macvlan'],
  '--restart-condition': ['any', 'on-failure', 'none', 'nope'],
  '--restart-delay': ['1s', '0s', '-1s', '1h', 'x'],
  '--limit-memory': ['1g', '4m', '0', '999999999999g', 'x'],
  '--reserve-cpu': ['0.5', '1', '100', '-1'],
  '--update-parallelism': ['0', '2', '-1'],
  '--availability': ['active', 'pause', 'drain', 'nope'],
  '--role': ['worker', 'manager', 'nope'],
  '--label-add': ['z=a', 'z=b', '=x'],
  '--label': ['a=b', 'com.docker.stack.namespace=s', ''],
  '--image': ['busybox', 'nginx:alpine', 'UPPER', ''],
  '--filter': ['name=web', 'label=a', 'desired-state=running', 'nope=x', 'mode=global', 'node=node2'],
  '--format': ['{{.ID}}', '{{json .}}', 'table {{.Name}}\t{{.Mode}}', '{{.Nope}}', '{{', 'json', 'pretty'],
};
const valuedFlag = fc.constantFrom(...Object.keys(VALUED)).chain((f) => fc.constantFrom(...VALUED[f]).map((v) => (v.startsWith('-') ? [`${f}=${v}`] : [f, v])));
const structured = fc
  .tuple(
    fc.constantFrom('service create', 'service create -d', 'service update -d', 'service scale -d', 'network create', 'volume create', 'plugin install --grant-all-permissions', 'node update', 'service ls', 'service ps', 'node ls', 'service inspect', 'service rm', 'network rm', 'volume rm', 'plugin rm -f', 'plugin disable', 'swarm leave --force', 'swarm init'),
    fc.array(valuedFlag, { maxLength: 5 }),
    fc.array(fc.constantFrom('nginx', 'busybox', 'web', 'web=3', 'web=0', 'api', 'node1', 'node2', 'net1', 'vol1', 'vendor/plugin', 'nope/plugin', 'nope'), { maxLength: 2 }),
    fc.constantFrom('node1', 'node2'),
  )
  .map(([cmd, flags, positionals, host]) => ({ host, argv: [...cmd.split(' '), ...flags.flat(), ...positionals] }));
const commandLine = fc.oneof(
  structured,
  fc
    .tuple(fc.constantFrom(...COMMANDS), fc.array(fc.oneof(fc.constantFrom(...FLAGS), WORDS), { maxLength: 8 }), fc.constantFrom('node1', 'node2'))
    .map(([cmd, rest, host]) => ({ host, argv: [...cmd.split(' '), ...rest] })),
);
const session = fc.array(commandLine, { minLength: 1, maxLength: 12 });

/** A small swarm every session starts from: two nodes, a plugin in the registry, a service. */
function startState(seed: number): Simulation {
  const sim = new Simulation({ seed });
  sim.addRegistryPlugin({ repository: 'vendor/plugin', tags: ['latest'], capabilities: ['volumedriver'], scope: 'local', privileges: [], description: '', settings: {} });
  runDocker(sim, 'node1', ['swarm', 'init']);
  runDocker(sim, 'node2', ['swarm', 'join', '--token', 'SWMTKN-1-49nj1cmql0jkz5s954yi3oex3nedyz0fb0xx14ie39trti4wxv-8vxv8rssmk743ojnwacrr2e7c', '192.168.99.100:2377']);
  runDocker(sim, 'node1', ['service', 'create', '-d', '--name', 'web', '--replicas', '2', 'nginx']);
  return sim;
}

/**
 * What a later command can observe: the snapshot, the trace and the random
 * source's next draws (drawn from a copy), as a digest fed task by task: a
 * state of a million tasks is more text than one JavaScript string holds.
 */
function observable(sim: Simulation): string {
  const rng = sim.world.rng.save();
  const draws = Array.from({ length: 4 }, () => sim.world.rng.int(1 << 30));
  sim.world.rng.restore(rng);
  const snap = snapshot(sim);
  const h = createHash('sha256');
  h.update(JSON.stringify({ snap: { ...snap, tasks: snap.tasks.length }, trace: sim.world.trace.length, time: sim.now, draws }));
  // A pass's record is shared by every task it placed (or left pending): each is hashed once.
  const shared = new Set<object>();
  const once = (k: string, v: unknown): unknown => {
    if ((k === 'group' || k === 'lastPass') && typeof v === 'object' && v !== null) {
      shared.add(v);
      return undefined;
    }
    return v;
  };
  for (const t of snap.tasks) h.update(JSON.stringify(t, once));
  for (const o of shared) h.update(JSON.stringify(o));
  return h.digest('hex');
}

const shellWord = (w: string): string => (/^[A-Za-z0-9_./:=,@%+-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`);
const sessionScenario = (cmds: readonly { host: string; argv: string[]; stdin?: string | null }[]): string =>
  [
    'sim$ registry vendor/plugin --type volumedriver',
    'node1$ docker swarm init',
    'node2$ docker swarm join --token SWMTKN-1-49nj1cmql0jkz5s954yi3oex3nedyz0fb0xx14ie39trti4wxv-8vxv8rssmk743ojnwacrr2e7c 192.168.99.100:2377',
    'node1$ docker service create -d --name web --replicas 2 nginx',
    ...cmds.map((c) => `${c.host}$ docker ${c.argv.map(shellWord).join(' ')}${c.stdin != null ? ` <<'FUZZEOF'\n${c.stdin}${c.stdin.endsWith('\n') ? '' : '\n'}FUZZEOF` : ''}`),
  ].join('\n') + '\n';

/** Runs the commands; returns the transcript, or a finding's kind and detail. */
function runSession(seed: number, cmds: readonly { host: string; argv: string[]; stdin?: string | null }[]): { transcript: string } | { kind: Finding['kind']; detail: string } {
  const sim = startState(seed);
  let transcript = '';
  for (const c of cmds) {
    const before = observable(sim);
    const changes = sim.world.changes;
    let res;
    try {
      res = runDocker(sim, c.host, c.argv, c.stdin ?? null);
    } catch (e) {
      return { kind: 'crash', detail: `docker ${c.argv.join(' ')}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}` };
    }
    transcript += `${res.exitCode}\n${res.output}\n`;
    if (res.exitCode !== 0 && sim.world.changes === changes && observable(sim) !== before) {
      return { kind: 'changed-on-refusal', detail: `docker ${c.argv.join(' ')} (exit ${res.exitCode}: ${res.stderr.split('\n')[0]}) changed the state` };
    }
  }
  return { transcript };
}

// --- compose files and templates ----------------------------------------------------

const yamlScalar = fc.oneof(fc.constantFrom('nginx', '3', '"3.8"', 'x', '80:80', '1s', 'true', '~', '*a', '&a x', '[', '{', ']', '}', '|', '>', '- x', '${X}', '$$', "'", '"'), fc.string({ maxLength: 6 }));
const yamlDoc = fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    yamlScalar,
    fc.array(tie('node'), { maxLength: 3 }).map((xs) => `[${xs.join(', ')}]`),
    fc.array(fc.tuple(fc.constantFrom('services', 'web', 'image', 'deploy', 'replicas', 'networks', 'volumes', 'x-a', 'labels', 'ports', 'mode', '<<'), tie('node')), { maxLength: 3 }).map(
      (kv) => `{${kv.map(([k, v]) => `${k}: ${v}`).join(', ')}}`,
    ),
  ),
})).node;
const composeFile = fc.oneof(
  yamlDoc.map((services) => `version: "3.8"\nservices: ${services}\n`),
  fc.tuple(fc.constantFrom(...LIBRARY_COMPOSE()), fc.array(mutation, { minLength: 1, maxLength: 4 })).map(([c, muts]) => mutate(c, muts)),
);

function LIBRARY_COMPOSE(): string[] {
  const docs = [
    'version: "3.8"\nservices:\n  web:\n    image: nginx\n    ports:\n      - "8080:80"\n    deploy:\n      replicas: 2\n      placement:\n        constraints: [node.role==worker]\n',
    'version: "3.8"\nx-common: &common\n  image: busybox\nservices:\n  a:\n    <<: *common\n  b:\n    <<: *common\n    deploy:\n      mode: global\nnetworks:\n  front:\n    driver: overlay\n',
  ];
  return docs;
}

const TEMPLATE_PARTS = ['{{', '}}', '{{.ID}}', '{{.Name}}', '{{json .}}', '{{if .ID}}', '{{else}}', '{{end}}', '{{range .Labels}}', '{{with .Spec}}', '(', ')', '|', ' ', '-', '{{-', '-}}', '"x"', '`r`', '$x :=', '$x', '.', 'printf', 'index', 'len', 'upper', 'split', 'join', 'table ', '\\t', '\n', '{{/*', '*/}}', '1', '1.5', 'nil', 'true', 'eq', 'lt'];
const template = fc.array(fc.oneof(fc.constantFrom(...TEMPLATE_PARTS), fc.string({ maxLength: 4 })), { maxLength: 24 }).map((xs) => xs.join(''));
const TEMPLATE_DATA = { ID: 'abc', Name: 'web', Labels: { a: 'b' }, Spec: { Name: 'web', Mode: { Replicated: { Replicas: 2 } } }, List: [1, 2, 3] };

function templateOutcome(t: string): string {
  try {
    return `ok ${executeTemplate(t, TEMPLATE_DATA)}`;
  } catch (e) {
    if (e instanceof TemplateError) return `error ${e.message}`;
    throw e;
  }
}

// --- the driver ---------------------------------------------------------------------

function timed<T>(hangMs: number, fn: () => T): { value: T; hang: boolean } {
  const start = performance.now();
  const value = fn();
  return { value, hang: performance.now() - start > hangMs };
}

/** One input of one area: null when it behaved. */
export function fuzzOne(area: Area, seed: number, index: number, hangMs = 2000): Finding | null {
  const found = (kind: Finding['kind'], detail: string, scenario: string): Finding => ({ area, seed, index, kind, detail, scenario });
  const crash = (e: unknown): string => (e instanceof Error ? (e.stack ?? e.message) : String(e));
  switch (area) {
    case 'parser': {
      const text = one(scenarioText, seed, index);
      try {
        const a = timed(hangMs, () => parseOutcome(text));
        if (a.hang) return found('hang', `parsing took more than ${hangMs} ms`, text);
        if (parseOutcome(text) !== a.value) return found('nondeterministic', 'two parses of the same text differ', text);
      } catch (e) {
        return found('crash', crash(e), text);
      }
      return null;
    }
    case 'docker':
    case 'compose': {
      const cmds =
        area === 'docker'
          ? one(session, seed, index)
          : [{ host: 'node1', argv: ['stack', 'deploy', '-c', '-', 's'], stdin: one(composeFile, seed, index) }];
      const scenario = sessionScenario(cmds);
      const a = timed(hangMs, () => runSession(seed, cmds));
      if ('kind' in a.value) return found(a.value.kind, a.value.detail, scenario);
      if (a.hang) return found('hang', `the commands took more than ${hangMs} ms`, scenario);
      const b = runSession(seed, cmds);
      if (!('transcript' in b) || b.transcript !== a.value.transcript) return found('nondeterministic', 'two runs of the same commands differ', scenario);
      return null;
    }
    case 'cli':
      throw new Error('the cli area is asynchronous: run it with fuzzAll');
    case 'template': {
      const t = one(template, seed, index);
      const scenario = sessionScenario([{ host: 'node1', argv: ['service', 'ls', '--format', t] }]);
      try {
        const a = timed(hangMs, () => templateOutcome(t));
        if (a.hang) return found('hang', `the template took more than ${hangMs} ms`, scenario);
        if (templateOutcome(t) !== a.value) return found('nondeterministic', 'two runs of the same template differ', scenario);
      } catch (e) {
        return found('crash', `template ${JSON.stringify(t)}: ${crash(e)}`, scenario);
      }
      return null;
    }
  }
}

/** Runs `inputs` inputs of each synchronous area (not cli); returns the findings. */
export function fuzz(opts: FuzzOptions): Finding[] {
  const findings: Finding[] = [];
  for (const area of (opts.areas ?? AREAS).filter((a) => a !== 'cli')) {
    const shard = opts.shard ?? { index: 0, of: 1 };
    const indices = opts.only !== undefined ? [opts.only] : Array.from({ length: opts.inputs }, (_, k) => k).filter((k) => k % shard.of === shard.index);
    for (const k of indices) {
      opts.onInput?.(area, k);
      let f: Finding | null;
      try {
        f = fuzzOne(area, opts.seed, k, opts.hangMs);
      } catch (e) {
        // The harness itself failed on this input: reported like any finding, so that it can be reproduced.
        f = { area, seed: opts.seed, index: k, kind: 'crash', detail: `the fuzzer failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`, scenario: '' };
      }
      if (f) {
        findings.push(f);
        opts.onFinding?.(f);
      }
    }
  }
  return findings;
}

/** Every area, the CLI's included: `cliInputs` (default `inputs`) for the CLI, whose inputs cost more. */
export async function fuzzAll(opts: FuzzOptions & { cliInputs?: number }): Promise<Finding[]> {
  const findings = fuzz(opts);
  if (!(opts.areas ?? AREAS).includes('cli')) return findings;
  const { fuzzCliOne } = await import('./cli.js');
  const shard = opts.shard ?? { index: 0, of: 1 };
  const n = opts.cliInputs ?? opts.inputs;
  const indices = opts.only !== undefined ? [opts.only] : Array.from({ length: n }, (_, k) => k).filter((k) => k % shard.of === shard.index);
  for (const k of indices) {
    opts.onInput?.('cli', k);
    const f = await fuzzCliOne(opts.seed, k);
    if (f) {
      findings.push(f);
      opts.onFinding?.(f);
    }
  }
  return findings;
}
