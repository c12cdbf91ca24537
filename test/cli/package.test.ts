/**
 * The npm package as a user gets it: `npm pack` (which builds lib/), checked
 * by publint and arethetypeswrong (offline: both read the tarball), then
 * installed into an empty project (from npm's cache when it can),
 * where the CLI runs through npx (loading only what its command needs), both
 * entry points load from plain `.mjs` and from CommonJS, and a strict TypeScript consumer (the README's property-test example)
 * type-checks against the published declarations, compiles and runs.
 *
 * Slow by nature (a build, an install from npm's cache): one pack and one
 * install, shared by every test of the file.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PKG = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  peerDependencies: Record<string, string>;
};

/** The environment of a fresh shell: none of the npm_* settings of the `npm test` that runs us. */
const cleanEnv = (): NodeJS.ProcessEnv =>
  Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) && k !== 'NODE_OPTIONS' && k !== 'VITEST'));

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...cleanEnv(), ...env }, timeout: 180_000 });
}

/** Fails with the command's own output, which says what went wrong. */
function ok(r: SpawnSyncReturns<string>, what: string): string {
  if (r.error) throw new Error(`${what}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${what}: exit ${r.status}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`);
  return r.stdout;
}

/** The README's TypeScript example that follows the marker `<!-- example: NAME -->`. */
export function readmeExample(name: string): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const m = new RegExp(`<!-- example: ${name} -->\\s*\`\`\`ts\\n([\\s\\S]*?)\`\`\``).exec(readme);
  if (!m) throw new Error(`README.md has no example "${name}"`);
  return m[1];
}

let work = '';
let tarball = '';
let project = '';

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'swarmsim-pack-'));
  ok(run('npm', ['pack', '--silent', '--pack-destination', work], ROOT), 'npm pack');
  const tgz = readdirSync(work).filter((f) => f.endsWith('.tgz'));
  expect(tgz).toEqual([`swarmsim-${PKG.version}.tgz`]);
  tarball = join(work, tgz[0]);

  project = join(work, 'project');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2));
  // fast-check is an optional peer: a user of swarmsim/testing installs it.
  ok(
    run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', tarball, `fast-check@${PKG.peerDependencies['fast-check']}`], project),
    'npm install of the tarball',
  );
}, 300_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packed tarball', () => {
  it('passes publint (strict)', () => {
    const out = ok(run(process.execPath, [join(ROOT, 'node_modules/publint/src/cli.js'), 'run', '--strict', tarball], ROOT), 'publint');
    expect(out).toContain('All good!');
  });

  it('passes arethetypeswrong (ESM-only profile: no CommonJS entry is promised)', () => {
    const out = ok(run(join(ROOT, 'node_modules/.bin/attw'), ['--profile', 'esm-only', '--no-definitely-typed', '--no-color', '--no-emoji', tarball], ROOT), 'attw');
    expect(out).toMatch(/node16 \(from ESM\)/);
  });

  it('ships the compiled library, its sources and the license; no tests, no UI, no CI', () => {
    const files = ok(run('tar', ['-tzf', tarball], work), 'tar').split('\n').filter(Boolean);
    for (const f of ['package/LICENSE', 'package/README.md', 'package/bin/swarmsim.js', 'package/lib/index.js', 'package/lib/index.d.ts', 'package/lib/index.js.map', 'package/lib/testing/index.d.ts', 'package/lib/cli/main.js']) {
      expect(files, f).toContain(f);
    }
    expect(files.filter((f) => /^package\/(test|web|scenarios|\.ci|node_modules)\//.test(f))).toEqual([]);
    expect(readFileSync(join(ROOT, 'LICENSE'), 'utf8')).toContain('Apache License\n                           Version 2.0, January 2004');
  });

  it('installs without tsx or esbuild', () => {
    const installed = readdirSync(join(project, 'node_modules'));
    expect(installed).toContain('swarmsim');
    expect(installed).not.toContain('tsx');
    expect(installed).not.toContain('esbuild');
    expect(installed).not.toContain('typescript');
  });
});

describe('in an empty project', () => {
  const SCENARIO = [
    '---',
    'title: A user scenario',
    '---',
    'node1$ docker swarm init',
    'node2$ docker swarm join --token SWMTKN-1-49nj1cmql0jkz5s954yi3oex3nedyz0fb0xx14ie39trti4wxv-8vxv8rssmk743ojnwacrr2e7c 192.168.99.100:2377',
    'This node joined a swarm as a worker.',
    '',
    'node1$ docker service create --detach --name web --replicas 4 nginx',
    '\\w{25} (re)',
    '',
    'sim$ sleep 10s',
    'node1$ docker service ls --format "{{.Name}} {{.Replicas}}"',
    'web 4/4',
    '',
  ].join('\n');

  it('npx swarmsim runs, tests and explains a scenario', () => {
    writeFileSync(join(project, 'mine.swarm'), SCENARIO);
    const help = ok(run('npx', ['--no-install', 'swarmsim', '--help'], project), 'swarmsim --help');
    expect(help).toMatch(/^swarmsim - /);
    expect(ok(run('npx', ['--no-install', 'swarmsim', '--version'], project), 'version')).toBe(`swarmsim ${PKG.version}\n`);

    const transcript = ok(run('npx', ['--no-install', 'swarmsim', 'run', 'mine.swarm'], project), 'swarmsim run');
    expect(transcript).toContain('node1$ docker swarm init\nSwarm initialized: current node (');
    expect(transcript).toContain('web 4/4\n');

    const test = run('npx', ['--no-install', 'swarmsim', 'test', '--no-lint', 'mine.swarm'], project);
    expect(ok(test, 'swarmsim test')).toBe('PASS mine.swarm\n1 passed, 0 failed\n');

    const explain = ok(run('npx', ['--no-install', 'swarmsim', 'explain', 'mine.swarm', 'web.1'], project), 'swarmsim explain');
    expect(explain).toContain('Task web.1 (');

    // A user's mistake: one line, no stack trace, exit 2.
    writeFileSync(join(project, 'bad.swarm'), 'sim$ slep 1s\n');
    const bad = run('npx', ['--no-install', 'swarmsim', 'run', 'bad.swarm'], project);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('bad.swarm:1:6: unknown directive "slep" (expected machine, registry, sleep, stop, start, fail or file)\n');
  });

  it('swarmsim --help loads the dispatch and the help texts, none of the simulator nor its dependencies', () => {
    // What start-up costs is what it loads: `npm run bench:startup` gives the figures (no test times anything).
    writeFileSync(
      join(project, 'trace-hooks.mjs'),
      "import { appendFileSync } from 'node:fs';\nexport async function load(url, context, next) {\n  if (url.startsWith('file:')) appendFileSync(process.env.SWARMSIM_TRACE, url + '\\n');\n  return next(url, context);\n}\n",
    );
    writeFileSync(join(project, 'trace.mjs'), "import { register } from 'node:module';\nregister('./trace-hooks.mjs', import.meta.url);\n");
    const loaded = (args: string[]): string[] => {
      const trace = join(project, `trace-${args.join('-')}.txt`);
      ok(run(process.execPath, ['--import', './trace.mjs', 'node_modules/swarmsim/bin/swarmsim.js', ...args], project, { SWARMSIM_TRACE: trace }), `swarmsim ${args.join(' ')}`);
      const prefix = new URL('node_modules/swarmsim/', `file://${project}/`).href;
      return readFileSync(trace, 'utf8').split('\n').filter((u) => u.startsWith('file:')).map((u) => u.replace(prefix, '')).sort();
    };
    const help = loaded(['--help']);
    expect(help).toContain('lib/cli/help.js');
    expect(help.filter((f) => !/^(bin\/swarmsim\.js|lib\/cli\/(main|cli|errors|help|io)\.js|lib\/scenario\/errors\.js)$/.test(f))).toEqual([]);
    expect(loaded(['run', '--help'])).toEqual(help);
    // A command loads what it needs, on use.
    writeFileSync(join(project, 'start.swarm'), 'node1$ docker swarm init\n');
    expect(loaded(['run', 'start.swarm'])).toEqual(expect.arrayContaining([...help, 'lib/cli/run.js', 'lib/simulation.js']));
  });

  it('imports both entry points from plain .mjs', () => {
    writeFileSync(
      join(project, 'use.mjs'),
      [
        "import { Simulation, parseScenario, runScenario, explainTask, snapshot, runDocker } from 'swarmsim';",
        "import { DEFAULT_INVARIANTS, checkInvariants, swarmCommands, toScenario } from 'swarmsim/testing';",
        "const run = runScenario(parseScenario('node1$ docker swarm init\\nnode1$ docker service create -q --name web nginx\\n', 'x.swarm'));",
        "const task = run.steps.at(-1).snapshot.tasks[0];",
        "const sim = new Simulation({ seed: 2 });",
        "runDocker(sim, 'node1', ['swarm', 'init']);",
        "console.log(JSON.stringify({",
        "  state: task.status.state,",
        "  explained: explainTask(run.steps.at(-1).snapshot, task.id).task.name,",
        "  violations: checkInvariants(run.sim).length,",
        "  nodes: snapshot(sim).nodes.length,",
        "  testing: [typeof swarmCommands, typeof toScenario, DEFAULT_INVARIANTS.length > 0],",
        "}));",
      ].join('\n'),
    );
    const out = JSON.parse(ok(run(process.execPath, ['use.mjs'], project), 'node use.mjs'));
    expect(out).toEqual({ state: 'running', explained: 'web.1', violations: 0, nodes: 1, testing: ['function', 'function', true] });
  });

  it('require()s both entry points from CommonJS (npm init\'s default), as Node 20.19 loads ES modules', () => {
    writeFileSync(
      join(project, 'use.cjs'),
      [
        "const { parseScenario, runScenario } = require('swarmsim');",
        "const { checkInvariants } = require('swarmsim/testing');",
        "const run = runScenario(parseScenario('node1$ docker swarm init\\n', 'x.swarm'));",
        'console.log(run.steps[0].exitCode, checkInvariants(run.sim).length);',
      ].join('\n'),
    );
    const r = run(process.execPath, ['use.cjs'], project);
    expect(ok(r, 'node use.cjs')).toBe('0 0\n');
    expect(r.stderr).toBe('');
  });

  it("type-checks a strict TypeScript consumer (the README's examples), which then runs", () => {
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify(
        {
          compilerOptions: {
            target: 'ES2022',
            module: 'NodeNext',
            moduleResolution: 'NodeNext',
            strict: true,
            noUncheckedIndexedAccess: true,
            exactOptionalPropertyTypes: true,
            skipLibCheck: false,
            types: [],
            outDir: 'out',
          },
          include: ['src'],
        },
        null,
        2,
      ),
    );
    mkdirSync(join(project, 'src'), { recursive: true });
    writeFileSync(join(project, 'src/placement.test.ts'), readmeExample('property'));
    writeFileSync(join(project, 'src/example.ts'), readmeExample('api'));
    writeFileSync(
      join(project, 'src/api.ts'),
      [
        "import { Simulation, parseScenario, runScenario, explainTask, ScenarioError, type PlacementExplanation, type SimSnapshot, type Task } from 'swarmsim';",
        "import { swarmCase, type SwarmCase } from 'swarmsim/testing';",
        "import fc from 'fast-check';",
        "const snap: SimSnapshot = runScenario(parseScenario('node1$ docker swarm init\\n', 'x.swarm')).initial;",
        "const why: PlacementExplanation | null = explainTask(snap, 'none');",
        "const first: Task | undefined = snap.tasks[0];",
        "const cases: fc.Arbitrary<SwarmCase> = swarmCase({ maxMachines: 3 });",
        "const err: ScenarioError | null = null;",
        "export const used = [new Simulation(), why, first, cases, err];",
      ].join('\n'),
    );
    ok(run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', '.'], project), 'tsc on the strict consumer');
    const out = ok(run(process.execPath, ['out/placement.test.js'], project, { SWARMSIM_PROP_RUNS: '20' }), 'node out/placement.test.js');
    expect(out).toMatch(/^property x86 placement: 20 cases in \d+\.\d s \(\d+ cases\/s, seed -?\d+\)$/m);
    const example = ok(run(process.execPath, ['out/example.js'], project), 'node out/example.js').split('\n');
    expect(example[0]).toBe('pending no suitable node (missing plugin on 2 nodes)');
    expect(example[1]).toMatch(/^node\d\$ docker plugin install --grant-all-permissions vieux\/sshfs$/);
  });
});
