import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { complete } from '../../sim/cli/complete.js';
import { ScenarioSession } from '../../sim/scenario/run.js';
import { knownNames } from '../../sim/cli/shell.js';
import { cli, FIX, lastLine, ROOT, STACK } from './helpers.js';

describe('swarmsim run', () => {
  it('prints a transcript: narration, prompts, output, [N]', async () => {
    const r = await cli(['run', `${FIX}/directives.swarm`]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      [
        '# node1 is configured; node2 exists from its first mention.',
        'sim$ machine node1 --cpus 4 --memory 8GiB --os linux --arch aarch64 --engine-label zone=a --ip 10.0.0.5',
        'sim$ registry acme/vol:1.0 --type volumedriver --scope global --privilege mount=/a --privilege mount=/b',
        'sim$ sleep 1500ms',
        'sim$ stop node2',
        'sim$ start node2',
        '',
        '# Failing a task that does not exist is an error on stderr.',
        'sim$ fail web.1',
        'no such task: web.1',
        '[1]',
        '',
      ].join('\n'),
    );
  });

  it('a transcript reads back as a passing scenario', async () => {
    const { parseScenario } = await import('../../sim/scenario/parse.js');
    const { runScenario } = await import('../../sim/scenario/run.js');
    const r = await cli(['run', `${FIX}/volume-plugin.swarm`]);
    const again = runScenario(parseScenario(r.stdout, 'transcript.swarm'));
    const checked = again.steps.filter((s) => s.check);
    expect(checked.length).toBeGreaterThan(0);
    expect(checked.filter((s) => !s.check!.ok).map((s) => s.check!.diff)).toEqual([]);
  });

  it('--json prints one document with the contract fields', async () => {
    const r = await cli(['run', '--json', `${FIX}/volume-plugin.swarm`]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc)).toEqual(['seed', 'steps', 'final']);
    expect(doc.seed).toBe(1);
    for (const s of doc.steps) expect(Object.keys(s)).toEqual(['line', 'host', 'command', 'output', 'exitCode', 'time']);
    expect(doc.steps[0]).toMatchObject({ line: 12, host: 'node1', command: 'docker swarm init --advertise-addr 192.168.99.100', exitCode: 0 });
    expect(doc.steps.find((s: { host: string }) => s.host === 'sim')).toMatchObject({ command: 'sim sleep 30s', output: '', exitCode: 0 });

    const final = doc.final;
    expect(Object.keys(final)).toEqual(['time', 'nodes', 'services', 'tasks']);
    expect(final.time).toBe(doc.steps.at(-1).time);
    expect(final.nodes).toHaveLength(2);
    for (const n of final.nodes) {
      expect(Object.keys(n)).toEqual(['id', 'hostname', 'role', 'leader', 'availability', 'status', 'plugins']);
      for (const p of n.plugins) expect(Object.keys(p)).toEqual(['name', 'types', 'enabled']);
    }
    const [n1, n2] = final.nodes;
    expect(n1).toMatchObject({ hostname: 'node1', role: 'manager', leader: true, availability: 'active', status: 'ready', plugins: [] });
    expect(n2).toMatchObject({
      hostname: 'node2',
      role: 'worker',
      leader: false,
      plugins: [{ name: 'tiborvass/sample-volume-plugin:latest', types: ['volumedriver'], enabled: true }],
    });
    expect(final.services).toHaveLength(1);
    expect(Object.keys(final.services[0])).toEqual(['id', 'name', 'mode', 'replicas']);
    expect(final.services[0]).toMatchObject({ name: 'my-service', mode: 'replicated', replicas: 1 });
    expect(final.tasks).toHaveLength(1);
    expect(Object.keys(final.tasks[0])).toEqual(['id', 'name', 'service', 'slot', 'node', 'desiredState', 'state', 'error']);
    expect(final.tasks[0]).toMatchObject({ name: 'my-service.1', service: 'my-service', slot: 1, node: 'node2', desiredState: 'running', state: 'running', error: null });
  });

  it('--json of a step with a pending task: node null, lower-case state, the error', async () => {
    const { runScenario } = await import('../../sim/scenario/run.js');
    const { parseScenario } = await import('../../sim/scenario/parse.js');
    const { jsonRun } = await import('../../sim/cli/format.js');
    const text = (await import('node:fs')).readFileSync(`${ROOT}/${FIX}/volume-plugin.swarm`, 'utf8');
    const doc = jsonRun(runScenario(parseScenario(text, 'v.swarm'), { untilStep: 4 }));
    expect(doc.final.tasks[0]).toMatchObject({ node: null, state: 'pending', desiredState: 'running' });
    expect(doc.final.tasks[0].error).toContain('missing plugin');
  });

  it('--seed overrides the scenario seed', async () => {
    const r = await cli(['run', '--json', '--seed', '42', `${FIX}/directives.swarm`]);
    expect(JSON.parse(r.stdout).seed).toBe(42);
  });

  it('a malformed scenario: FILE:LINE:COL: message, nothing runs, exit 2, no stack trace', async () => {
    const r = await cli(['run', `${FIX}/malformed.swarm`]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`${FIX}/malformed.swarm:3:6: unknown directive "slep" (expected machine, registry, sleep, stop, start, fail or file)\n`);
  });

  it('user mistakes are one line and exit 2', async () => {
    const missing = await cli(['run', `${FIX}/nope.swarm`]);
    expect(missing).toEqual({ code: 2, stdout: '', stderr: `swarmsim: ${FIX}/nope.swarm: no such file or directory\n` });
    const flag = await cli(['run', '--sed', '3', `${FIX}/directives.swarm`]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toBe('swarmsim: run: unknown option --sed (see "swarmsim run --help")\n');
    const seed = await cli(['run', '--seed', 'x', `${FIX}/directives.swarm`]);
    expect(seed).toMatchObject({ code: 2, stderr: 'swarmsim: run: --seed must be an integer, got "x"\n' });
    const none = await cli(['run']);
    expect(none).toMatchObject({ code: 2, stderr: 'swarmsim: run: missing FILE (see "swarmsim run --help")\n' });
    const dir = await cli(['run', FIX]);
    expect(dir.code).toBe(2);
    expect(dir.stderr).toMatch(/^swarmsim: test\/fixtures: is a directory/);
    for (const r of [missing, flag, seed, none, dir]) expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});

describe('swarmsim test', () => {
  it('a passing scenario', async () => {
    const r = await cli(['test', '--no-lint', `${FIX}/directives.swarm`]);
    expect(r).toEqual({ code: 0, stdout: `PASS ${FIX}/directives.swarm\n1 passed, 0 failed\n`, stderr: '' });
  });

  it('a passing scenario of docker commands, regexes and exit statuses', async () => {
    const r = await cli(['test', '--no-lint', `${FIX}/docker-pass.swarm`]);
    expect(r).toEqual({ code: 0, stdout: `PASS ${FIX}/docker-pass.swarm\n1 passed, 0 failed\n`, stderr: '' });
  });

  it('a mismatching scenario: diffs headed FILE:LINE, exit 1', async () => {
    const r = await cli(['test', '--no-lint', `${FIX}/mismatch.swarm`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      [
        `FAIL ${FIX}/mismatch.swarm`,
        `${FIX}/mismatch.swarm:3`,
        '--- expected',
        '+++ actual',
        '@@ -1,1 +1,1 @@',
        '-no such task: web.2',
        '+no such task: web.1',
        `${FIX}/mismatch.swarm:7`,
        'exit status: expected 0, got 1',
        '0 passed, 1 failed',
        '',
      ].join('\n'),
    );
  });

  it('a malformed scenario fails with FILE:LINE:COL and no stack trace', async () => {
    const r = await cli(['test', '--no-lint', `${FIX}/malformed.swarm`, `${FIX}/directives.swarm`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`FAIL ${FIX}/malformed.swarm\n${FIX}/malformed.swarm:3:6: unknown directive "slep"`);
    expect(r.stdout).toContain(`PASS ${FIX}/directives.swarm\n`);
    expect(lastLine(r.stdout)).toBe('1 passed, 1 failed');
    expect(r.stdout + r.stderr).not.toMatch(STACK);
  });

  it('searches directories for *.swarm, in order', async () => {
    const r = await cli(['test', '--no-lint', `${FIX}/cli/suite`]);
    expect(r).toEqual({
      code: 0,
      stdout: `PASS ${FIX}/cli/suite/a.swarm\nPASS ${FIX}/cli/suite/nested/b.swarm\n2 passed, 0 failed\n`,
      stderr: '',
    });
  });

  it('reports progress on stderr only when it is a terminal', async () => {
    const tty = await cli(['test', '--no-lint', `${FIX}/cli/suite`], '', true);
    expect(tty.stderr).toContain(`\r\x1b[K[2/2] ${FIX}/cli/suite/nested/b.swarm`);
    expect(tty.stderr.endsWith('\r\x1b[K')).toBe(true);
    expect(tty.stdout).toBe(`PASS ${FIX}/cli/suite/a.swarm\nPASS ${FIX}/cli/suite/nested/b.swarm\n2 passed, 0 failed\n`);
    const json = await cli(['run', '--json', `${FIX}/directives.swarm`], '', true);
    expect(json.stderr).toContain('step 6/6');
    expect(JSON.parse(json.stdout).steps).toHaveLength(6);
  });

  it('counts scenarios, whatever their number of failing steps', async () => {
    const r = await cli(['test', '--no-lint', `${FIX}/mismatch.swarm`, `${FIX}/cli/suite`, `${FIX}/volume-plugin.swarm`]);
    expect(r.code).toBe(1);
    expect(lastLine(r.stdout)).toBe('3 passed, 1 failed');
    const all = await cli(['test', '--no-lint', FIX]);
    expect(all.stdout.split('\n').filter((l) => /^(PASS|FAIL) /.test(l))).toEqual([
      `PASS ${FIX}/cli/suite/a.swarm`,
      `PASS ${FIX}/cli/suite/nested/b.swarm`,
      `PASS ${FIX}/directives.swarm`,
      `PASS ${FIX}/docker-pass.swarm`,
      `FAIL ${FIX}/malformed.swarm`,
      `FAIL ${FIX}/mismatch.swarm`,
      `PASS ${FIX}/volume-plugin.swarm`,
    ]);
    expect(lastLine(all.stdout)).toBe('5 passed, 2 failed');
  });

  it('usage mistakes exit 2', async () => {
    expect(await cli(['test'])).toMatchObject({ code: 2, stderr: 'swarmsim: test: missing FILE or DIR (see "swarmsim test --help")\n' });
    expect(await cli(['test', 'no/such/dir'])).toMatchObject({ code: 2, stderr: 'swarmsim: no/such/dir: no such file or directory\n' });
    expect(await cli(['test', '--no-lint', `${FIX}/cli/empty`])).toMatchObject({ code: 2, stderr: `swarmsim: ${FIX}/cli/empty: no .swarm files in this directory\n` });
  });
});

describe('swarmsim explain', () => {
  const file = `${FIX}/volume-plugin.swarm`;

  it('before the plugin is installed: missing plugin, and the fix', async () => {
    const r = await cli(['explain', file, 'my-service.1', '--step', '4']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('missing plugin');
    expect(r.stdout).toMatch(/^NODE\s+Ready\s+Plugin$/m);
    expect(r.stdout).toMatch(/^node1\s+ok\s+Volume plugin tiborvass\/sample-volume-plugin not installed \(has: none\)$/m);
    expect(r.stdout).toContain('SwarmKit says: no suitable node (missing plugin on 2 nodes)');
    expect(r.stdout).toContain('install plugin tiborvass/sample-volume-plugin');
  });

  it('at the end: placed on node2', async () => {
    const r = await cli(['explain', file, 'my-service.1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('state running, desired running, node node2');
    expect(r.stdout).toMatch(/^node2\s+ok\s+ok$/m);
  });

  it('--json prints the PlacementExplanation', async () => {
    const r = await cli(['explain', '--json', '--step=4', file, 'my-service.1']);
    const e = JSON.parse(r.stdout);
    expect(e.task).toMatchObject({ name: 'my-service.1', state: 'pending', node: null });
    expect(e.filters).toContain('Plugin');
    expect(e.matrix).toHaveLength(2);
    expect(e.swarmkitMessage).toContain('missing plugin');
    expect(e.fixes.length).toBeGreaterThan(0);
  });

  it('finds a task by ID prefix', async () => {
    const json = JSON.parse((await cli(['explain', '--json', file, 'my-service.1'])).stdout);
    const r = await cli(['explain', file, json.task.id.slice(0, 6)]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Task my-service.1 (${json.task.id})`);
  });

  it('unknown task or step: one line, exit 2', async () => {
    const r = await cli(['explain', file, 'web.1']);
    expect(r).toMatchObject({ code: 2, stdout: '', stderr: 'swarmsim: explain: no task "web.1" at the end of the scenario (tasks: my-service.1)\n' });
    const past = await cli(['explain', file, 'my-service.1', '--step', '99']);
    expect(past).toMatchObject({ code: 2, stderr: `swarmsim: explain: --step 99 is past the end: ${file} has 9 steps\n` });
    const zero = await cli(['explain', file, 'my-service.1', '--step', '0']);
    expect(zero).toMatchObject({ code: 2, stderr: 'swarmsim: explain: --step must be at least 1, got 0\n' });
    expect((await cli(['explain', file])).stderr).toBe('swarmsim: explain: missing TASK (see "swarmsim explain --help")\n');
  });
});

describe('swarmsim shell', () => {
  it('runs typed lines and prints their output; errors point at the column', async () => {
    const r = await cli(['shell', '--seed', '4'], ['sim$ machine node1', 'sim$ fail web.1', 'node1$ dokcer ps', '.help', '.exit', 'sim$ fail never.1', ''].join('\n'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('node1$ sim$ fail web.1\nno such task: web.1\n[1]\n');
    expect(r.stdout).toContain('node1$ node1$ dokcer ps\nnode1$ dokcer ps\n       ^\nerror: expected "docker" after "node1$", found "dokcer"\n');
    expect(r.stdout).toContain('.exit');
    expect(r.stdout).not.toContain('never.1\n');
  });

  it('continues a scenario given as FILE, and continued lines', async () => {
    const r = await cli(['shell', `${FIX}/directives.swarm`], 'sim$ machine node3 \\\n  --cpus 2\nsim$ stop node3\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^# node1 is configured/);
    expect(r.stdout).toContain('node1$ sim$ machine node3 \\\n...> ');
  });

  it('completes commands, directives and hostnames', () => {
    const known = { hosts: ['node1', 'node2'], services: ['web'], tasks: ['web.1'] };
    expect(complete('', known)[0]).toEqual(['node1$ ', 'node2$ ', 'sim$ ', '.exit', '.explain', '.help', '.host', '.save']);
    expect(complete('no', known)).toEqual([['node1$ ', 'node2$ '], 'no']);
    expect(complete('node1$ ', known)).toEqual([['docker '], '']);
    expect(complete('node1$ docker ser', known)).toEqual([['service '], 'ser']);
    expect(complete('node1$ docker service s', known)).toEqual([['scale '], 's']);
    expect(complete('node1$ docker node ps n', known)).toEqual([['node1 ', 'node2 '], 'n']);
    expect(complete('node1$ docker service scale w', known)).toEqual([['web '], 'w']);
    expect(complete('sim$ s', known)).toEqual([['sleep ', 'stop ', 'start '], 's']);
    expect(complete('sim$ stop ', known)).toEqual([['node1 ', 'node2 '], '']);
    expect(complete('sim$ fail w', known)).toEqual([['web.1 '], 'w']);
    expect(complete('sim$ machine node1 --c', known)).toEqual([['--cpus '], '--c']);
    // The front end's own command table, when given.
    const table = { ...known, commands: [['info'], ['swarm', 'init'], ['swarm', 'join'], ['volume', 'ls']] };
    expect(complete('node1$ docker ', table)).toEqual([['info ', 'swarm ', 'volume '], '']);
    expect(complete('node1$ docker swarm j', table)).toEqual([['join '], 'j']);
  });

  it('completion knows what the simulation knows', () => {
    const s = new ScenarioSession();
    s.exec('sim$ machine alpha');
    s.exec('sim$ stop beta');
    expect(knownNames(s).hosts).toEqual(['alpha', 'beta']);
    expect(complete('b', knownNames(s))[0]).toEqual(['beta$ ']);
  });
});

describe('the tool', () => {
  it('--help for the tool and every command; --version', async () => {
    const tool = await cli(['--help']);
    expect(tool.code).toBe(0);
    for (const c of ['run', 'test', 'explain', 'shell', 'import']) {
      expect(tool.stdout).toContain(`swarmsim ${c}`);
      const h = await cli([c, '--help']);
      expect(h.code).toBe(0);
      expect(h.stdout).toMatch(new RegExp(`^Usage: swarmsim ${c} `));
      expect((await cli(['help', c])).stdout).toBe(h.stdout);
      expect((await cli([c, '-h'])).stdout).toBe(h.stdout);
    }
    expect(await cli(['--version'])).toEqual({ code: 0, stdout: 'swarmsim 0.1.0\n', stderr: '' });
  });

  it('an unknown command or no command is a usage error', async () => {
    const r = await cli(['rnu']);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toBe('swarmsim: unknown command "rnu" (commands: run, test, lint, explain, shell, import; see "swarmsim --help")\n');
    const none = await cli([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Usage:');
  });

  it('bin/swarmsim.js runs lib/ (the compiled CLI, tested from the packed tarball in package.test.ts) and says when it is not built', () => {
    const dir = mkdtempSync(join(tmpdir(), 'swarmsim-bin-'));
    try {
      mkdirSync(join(dir, 'bin'));
      copyFileSync(join(ROOT, 'bin/swarmsim.js'), join(dir, 'bin/swarmsim.js'));
      writeFileSync(join(dir, 'package.json'), '{"type": "module"}');
      const r = spawnSync(process.execPath, [join(dir, 'bin/swarmsim.js'), '--help'], { cwd: dir, encoding: 'utf8' });
      expect(r.status).toBe(70);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe('swarmsim: lib/ is not built: run "npm run build:lib" (or "npm run swarmsim -- ARGS" in a checkout)\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
