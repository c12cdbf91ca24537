/**
 * Writing a scenario: expectations generalised from actual output,
 * `swarmsim test --update`, the library's rules (`swarmsim lint`), and errors
 * as JSON for `run --json` and `explain --json`.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { checkExpected } from '../../sim/scenario/expect.js';
import { expectationLines, generalizeLines } from '../../sim/scenario/generalize.js';
import { lintRecording, lintRun, lintScenario, type LintProblem } from '../../sim/scenario/lint.js';
import { parseScenario } from '../../sim/scenario/parse.js';
import { runScenario } from '../../sim/scenario/run.js';
import { updateExpectations } from '../../sim/scenario/update.js';
import { cli, FIX } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'swarmsim-authoring-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** True when `expected` (lines under a step) accepts `output` and `exitCode`. */
function accepts(expected: string[], output: string, exitCode: number): boolean {
  const step = parseScenario(`n1$ docker x\n${expected.join('\n')}\n`, 'g.swarm').steps[0];
  return checkExpected(step, output, exitCode).ok;
}

describe('expectations from actual output', () => {
  it.each([
    ['Swarm initialized: current node (dxn1zf6l61qsb1josjja83ngz) is now a manager.', String.raw`Swarm initialized: current node \([0-9a-z]{25}\) is now a manager\. (re)`],
    ['    docker swarm join --token SWMTKN-1-49nj1cmql0jkz5s954yi3oex3nedyz0fb0xx14ie39trti4wxv-8vxv8rssmk743ojnwacrr2e7c 192.168.99.100:2377', String.raw`    docker swarm join --token SWMTKN-1-[0-9a-z]+-[0-9a-z]+ \d+\.\d+\.\d+\.\d+:2377 (re)`],
    ['Digest: sha256:2780330cc15644b60809637ee8bd68b4c85c893d973cb17f2981aabfadfb6d72', String.raw`Digest: sha256:[0-9a-f]{64} (re)`],
    ['7718f575adf7: Download complete', String.raw`[0-9a-z]{12}: Download complete (re)`],
    ['"CreatedAt": "2024-01-01T00:00:05.5Z",', String.raw`"CreatedAt": "\d{4}-\d\d-\d\dT[\d:.]+(?:Z|[+-]\d\d:\d\d)", (re)`],
    ['2024-01-01 00:00:05.5 +0000 UTC', String.raw`\d{4}-\d\d-\d\d [\d:.]+ [+-]\d{4} \w+ (re)`],
    ['Up Less than a second', String.raw`Up (?:\d+|[Ll]ess than a|[Aa]bout an?) \w+ (re)`],
    ['Running About a minute ago', String.raw`Running (?:\d+|[Ll]ess than a|[Aa]bout an?) \w+ ago (re)`],
    // Words of 12 or 25 letters without a digit are words, not IDs.
    ['Installation successfully', 'Installation successfully'],
    ['myservice scaled to 8', 'myservice scaled to 8'],
    // Lines the parser would read as something else.
    ['# not a comment', String.raw`\# not a comment (re)`],
    ['node1$ docker ps', String.raw`node1\$ docker ps (re)`],
    ['ends in (re)', String.raw`ends in \(re\) (re)`],
  ])('%s', (line, want) => {
    expect(generalizeLines([line])).toEqual([want]);
    expect(accepts([want], line, 0)).toBe(true);
  });

  it('a 12-character ID without a digit is known from the simulation', () => {
    expect(generalizeLines(['abcdefghijkl  web.1'])).toEqual(['abcdefghijkl  web.1']);
    expect(generalizeLines(['abcdefghijkl  web.1'], { knownIds: ['abcdefghijklmnopqrstuvwxy'] })).toEqual([String.raw`[0-9a-z]{12}  web\.1 (re)`]);
  });

  it('a table whose ages vary in width gets " +" for its column gaps, header included', () => {
    const out = ['ID             NAME    CURRENT STATE', 'x1y2z3a4b5c6   web.1   Running 5 seconds ago', 'q1w2e3r4t5y6   web.2   Running less than a second ago'];
    expect(generalizeLines(out)).toEqual([
      'ID +NAME +CURRENT STATE (re)',
      String.raw`[0-9a-z]{12} +web\.1 +Running (?:\d+|[Ll]ess than a|[Aa]bout an?) \w+ ago (re)`,
      String.raw`[0-9a-z]{12} +web\.2 +Running (?:\d+|[Ll]ess than a|[Aa]bout an?) \w+ ago (re)`,
    ]);
    // IDs have one width: a table of IDs alone keeps its spacing.
    expect(generalizeLines(['ID             NAME', 'x1y2z3a4b5c6   web'])).toEqual(['ID             NAME', String.raw`[0-9a-z]{12}   web (re)`]);
  });

  it('the exit status last; a final "[N]" of the output itself is escaped; nothing for a silent success', () => {
    expect(expectationLines('oops\n', 3)).toEqual(['oops', '[3]']);
    expect(expectationLines('[3]\n', 0)).toEqual([String.raw`\[3\] (re)`]);
    expect(accepts(expectationLines('[3]\n', 0), '[3]\n', 0)).toBe(true);
    expect(expectationLines('', 0)).toEqual([]);
    expect(expectationLines('a  \n\n\n', 0)).toEqual(['a']);
  });

  it('an output line that reads as a host-range prompt is written escaped (found by the property below)', () => {
    const output = '0[2]node1$ \nm[001-200]$ docker ps';
    const expected = expectationLines(output, 0);
    expect(expected.every((l) => l.endsWith(' (re)'))).toBe(true);
    expect(accepts(expected, output, 0)).toBe(true);
  });

  it('whatever the output, what is written accepts it (property)', () => {
    const fragment = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom('#', 'node1$ ', ' (re)', '[2]', '  ', '\t', '\\', '(', '.*', 'sha256:' + 'a'.repeat(64), 'x1y2z3a4b5c6', 'dxn1zf6l61qsb1josjja83ngz', '5 seconds', 'About a minute', '10.0.0.12', '2024-01-01T00:00:05Z', 'SWMTKN-1-abc123-def456'),
    );
    const line = fc.array(fragment, { maxLength: 6 }).map((parts) => parts.join('').replace(/[\n\r]/g, ''));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 6 }), fc.integer({ min: 0, max: 255 }), (lines, exitCode) => {
        const output = lines.join('\n');
        const expected = expectationLines(output, exitCode);
        if (expected.length === 0) return; // a silent success: nothing to check
        expect(accepts(expected, output, exitCode)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

const NEW_SCENARIO = [
  '---',
  'title: Two nodes, one service',
  'description: |',
  '  A manager and a worker share the replicas of a service.',
  '  The spread preference puts two on each.',
  'tags: [placement]',
  '---',
  '# node1 starts the swarm.',
  'node1$ docker swarm init',
  '',
  '# node2 joins it as a worker.',
  'node2$ docker swarm join --token SWMTKN-1-49nj1cmql0jkz5s954yi3oex3nedyz0fb0xx14ie39trti4wxv-8vxv8rssmk743ojnwacrr2e7c 192.168.99.100:2377',
  '# Four replicas.',
  'node1$ docker service create --name web --replicas 4 nginx',
  '# Two on each node.',
  'node1$ docker service ps web',
  '# A mistake, and its exit status.',
  'node1$ docker service scale web',
  '',
].join('\n');

describe('swarmsim test --update', () => {
  it('takes a new scenario to a passing, library-conformant file in one run', async () => {
    writeFileSync(join(dir, 'placement-two-nodes.swarm'), NEW_SCENARIO);
    const before = await cli(['test', 'placement-two-nodes.swarm'], '', false, dir);
    expect(before.code).toBe(1);
    expect(before.stdout).toContain('no expected output under this step: 0 of 5 steps have some, at least 3 must ("swarmsim test --update" writes it) [expected-output]');

    const r = await cli(['test', '--update', 'placement-two-nodes.swarm'], '', false, dir);
    expect(r).toEqual({
      code: 0,
      stdout: 'PASS placement-two-nodes.swarm\nplacement-two-nodes.swarm: updated the expected output of 5 steps (lines 9, 12, 14, 16, 18)\n1 passed, 0 failed\n',
      stderr: '',
    });
    const text = readFileSync(join(dir, 'placement-two-nodes.swarm'), 'utf8');
    expect(text).toContain('node2$ docker swarm join --token SWMTKN-1-49nj1cmql0jkz5s954yi3oex3nedyz0fb0xx14ie39trti4wxv-8vxv8rssmk743ojnwacrr2e7c 192.168.99.100:2377\nThis node joined a swarm as a worker.\n\n# Four replicas.\n');
    expect(text).toContain('\nverify: Service [0-9a-z]{25} converged (re)\n');
    expect(text).toMatch(/^\[0-9a-z\]\{12\} \+web\\\.1 \+nginx:latest \+node[12] \+Running \+Running \(\?:/m);
    expect(text).toContain("invalid scale specifier 'web'.\nSee 'docker service scale --help'.");
    expect(text.trimEnd().endsWith('[1]')).toBe(true);
    // The front matter and narration are as written.
    expect(text.startsWith(NEW_SCENARIO.slice(0, NEW_SCENARIO.indexOf('node1$')))).toBe(true);

    // Once more: nothing to update, it passes as it stands.
    const again = await cli(['test', '--update', 'placement-two-nodes.swarm'], '', false, dir);
    expect(again.stdout).toBe('PASS placement-two-nodes.swarm\n1 passed, 0 failed\n');
    expect(readFileSync(join(dir, 'placement-two-nodes.swarm'), 'utf8')).toBe(text);
  });

  it('leaves passing steps alone and keeps the expected lines that still match', () => {
    const text = [
      'node1$ docker swarm init',
      'Swarm initialized: current node (.*) is now a manager\\. (re)',
      'this line is wrong',
      '',
      'node1$ docker info --format "{{.Swarm.LocalNodeState}}"',
      'active   ',
      '',
      'node1$ docker node ls --format "{{.Hostname}}"',
      'node9',
      '',
    ].join('\n');
    const run = runScenario(parseScenario(text, 'x.swarm'));
    const { text: next, updated } = updateExpectations(text, run);
    expect(updated).toEqual([1, 8]);
    const lines = next.split('\n');
    // The author's regex is kept; the rest of that output is written from the run.
    expect(lines[1]).toBe('Swarm initialized: current node (.*) is now a manager\\. (re)');
    expect(lines[2]).toBe('');
    expect(lines[3]).toBe('To add a worker to this swarm, run the following command:');
    // The passing step keeps even its trailing blanks.
    expect(next).toContain('\nactive   \n\nnode1$ docker node ls --format "{{.Hostname}}"\nnode1\n');
    const again = runScenario(parseScenario(next, 'x.swarm'));
    expect(again.steps.map((s) => s.check?.ok)).toEqual([true, true, true]);
    expect(updateExpectations(next, again).updated).toEqual([]);
  });

  it('a checked step that now prints nothing expects "[0]"; CRLF files stay CRLF', () => {
    const text = 'sim$ machine node1\nsomething\r\n\r\nsim$ sleep 1s\r\n';
    const { text: next } = updateExpectations(text, runScenario(parseScenario(text, 'x.swarm')));
    expect(next).toBe('sim$ machine node1\r\n[0]\r\n\r\nsim$ sleep 1s\r\n');
  });

  it('a malformed scenario is not touched', async () => {
    writeFileSync(join(dir, 'bad.swarm'), 'sim$ slep 1s\n');
    const r = await cli(['test', '-u', 'bad.swarm'], '', false, dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('FAIL bad.swarm\nbad.swarm:1:6: unknown directive "slep" (expected machine, registry, sleep, stop, start, fail or file)\n0 passed, 1 failed\n');
    expect(readFileSync(join(dir, 'bad.swarm'), 'utf8')).toBe('sim$ slep 1s\n');
  });
});

describe("the library's rules (swarmsim lint)", () => {
  const lint = (text: string, file = 'scenarios/plugin-x.swarm'): LintProblem[] => lintScenario(parseScenario(text, file), text);
  const GOOD = ['---', 'title: T', 'description: |', '  one', '  two', 'tags: [t]', '---', '# a', 'sim$ machine n1', '[0]', '', '# b', 'sim$ sleep 1s', '[0]', ''].join('\n');

  it('a conformant scenario has no problem', () => {
    expect(lint(GOOD)).toEqual([]);
  });

  it('names: <topic>-<name>.swarm, with the two document examples kept', () => {
    expect(lint(GOOD, 'scenarios/Plugin_X.swarm').map((p) => [p.rule, p.line, p.column])).toEqual([['file-name', 1, 1]]);
    expect(lint(GOOD, 'x/network-plugin.swarm')[0]?.message).toBe(
      'file name "network-plugin.swarm": name a scenario <topic>-<name>.swarm, with <topic> one of doc, plugin, node, placement, lifecycle, stack and lower-case letters, digits and dashes',
    );
    expect(lint(GOOD, 'scenarios/weave2-network-plugin.swarm')).toEqual([]);
    expect(lint(GOOD, 'scenarios/volume-plugin-on-worker.swarm')).toEqual([]);
    for (const ok of ['doc-a.swarm', 'node-a-b.swarm', 'placement-x1.swarm', 'lifecycle-a.swarm', 'stack-a.swarm']) expect(lint(GOOD, ok)).toEqual([]);
  });

  it('front matter: a title, 2 to 4 lines of description, tags; located at their keys', () => {
    const none = lint('# a\nsim$ machine n1\n[0]\n');
    expect(none.map((p) => `${p.line}:${p.column} ${p.rule}: ${p.message}`)).toEqual([
      '1:1 title: the front matter needs a "title"',
      '1:1 description: the front matter needs a "description" of 2 to 4 lines: what the scenario shows and which rule decides it',
      '1:1 tags: the front matter needs "tags" (at least one, such as plugins, network, placement)',
    ]);
    const short = lint(GOOD.replace('  one\n  two\n', '  one\n'));
    expect(short.map((p) => `${p.line}:${p.column} ${p.rule}: ${p.message}`)).toEqual(['3:1 description: "description" has 1 line: write 2 to 4']);
    expect(lint(GOOD.replace('  two\n', '  two\n  3\n  4\n  5\n'))[0]?.message).toBe('"description" has 5 lines: write 2 to 4');
  });

  it('at most 25 steps, and at least one', () => {
    const many = GOOD + Array.from({ length: 24 }, (_, k) => `# s${k}\nsim$ sleep 1s\n[0]\n`).join('');
    const p = lint(many);
    expect(p.map((x) => [x.rule, x.message])).toEqual([['steps', '26 steps: keep a scenario to 25 at most (split it in two)']]);
    expect(p[0].line).toBe(parseScenario(many, 'm.swarm').steps[25].line);
    expect(lint(GOOD.slice(0, GOOD.indexOf('# a'))).map((x) => x.rule)).toEqual(['steps']);
  });

  it('narration on at least 75% of the steps: each silent step is named', () => {
    const text = GOOD + 'sim$ sleep 2s\n[0]\nsim$ sleep 3s\n[0]\n';
    expect(lint(text).map((p) => `${p.line} ${p.rule}: ${p.message}`)).toEqual([
      '15 narration: no narration above this step: 2 of 4 steps have none, at most 1 may (a "# ..." comment says what happens and why)',
      '17 narration: no narration above this step: 2 of 4 steps have none, at most 1 may (a "# ..." comment says what happens and why)',
    ]);
    expect(lint(GOOD + '# c\nsim$ sleep 2s\n[0]\nsim$ sleep 3s\n[0]\n')).toEqual([]);
  });

  it('expected output under more than half of the steps: each unchecked step is named', () => {
    const text = GOOD.replaceAll('[0]\n', '');
    expect(lint(text).map((p) => `${p.line} ${p.rule}: ${p.message}`)).toEqual([
      '9 expected-output: no expected output under this step: 0 of 2 steps have some, at least 2 must ("swarmsim test --update" writes it)',
      '12 expected-output: no expected output under this step: 0 of 2 steps have some, at least 2 must ("swarmsim test --update" writes it)',
    ]);
  });

  it('swarmsim lint: PASS or FAIL per file, a problem per line, exit 1; the library passes', async () => {
    writeFileSync(join(dir, 'mine.swarm'), GOOD);
    writeFileSync(join(dir, 'broken.swarm'), 'sim$ slep 1s\nnode1$ dokcer ps\n');
    const r = await cli(['lint', 'mine.swarm', 'broken.swarm'], '', false, dir);
    expect(r).toEqual({
      code: 1,
      stdout: [
        'FAIL mine.swarm',
        'mine.swarm:1:1: file name "mine.swarm": name a scenario <topic>-<name>.swarm, with <topic> one of doc, plugin, node, placement, lifecycle, stack and lower-case letters, digits and dashes [file-name]',
        'FAIL broken.swarm',
        'broken.swarm:1:6: unknown directive "slep" (expected machine, registry, sleep, stop, start, fail or file)',
        'broken.swarm:2:8: expected "docker" after "node1$", found "dokcer"',
        '0 passed, 2 failed',
        '',
      ].join('\n'),
      stderr: '',
    });
    const library = await cli(['lint', 'scenarios']);
    expect(library.code).toBe(0);
    expect(library.stdout.trimEnd().split('\n').at(-1)).toMatch(/^\d+ passed, 0 failed$/);
    expect((await cli(['lint'])).stderr).toBe('swarmsim: lint: missing FILE or DIR (see "swarmsim lint --help")\n');
  });

  it('swarmsim test lints (and checks that every step settles); --no-lint does not', async () => {
    const r = await cli(['test', `${FIX}/directives.swarm`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${FIX}/directives.swarm:1:1: file name "directives.swarm"`);
    expect(r.stdout).toContain('[narration]');
    expect((await cli(['test', '--no-lint', `${FIX}/directives.swarm`])).code).toBe(0);
  });

  it('settles: a step after which the simulation still changes is named', () => {
    const scenario = parseScenario(GOOD, 'plugin-x.swarm');
    const run = runScenario(scenario);
    expect(lintRun(scenario, run)).toEqual([]);
    const looping = { ...run, steps: run.steps.map((st, k) => (k === 1 ? { ...st, settled: false } : st)) };
    expect(lintRun(scenario, looping)).toEqual([
      { file: 'plugin-x.swarm', line: 13, column: 1, rule: 'settles', message: 'the simulation did not settle after this step (something keeps changing, such as a task failing over and over)' },
    ]);
  });

  it('settles: a crash loop passes only in a scenario tagged crash-loop, a time limit never', () => {
    const scenario = parseScenario(GOOD, 'plugin-x.swarm');
    const run = runScenario(scenario);
    const unsettled = (why: 'crash-loop' | 'time-limit') => ({ ...run, steps: run.steps.map((st, k) => (k === 1 ? { ...st, settled: false, unsettled: why } : st)) });
    const tagged = { ...scenario, meta: { ...scenario.meta, tags: [...scenario.meta.tags, 'crash-loop'] } };
    expect(lintRun(scenario, unsettled('crash-loop')).map((p) => p.rule)).toEqual(['settles']);
    expect(lintRun(tagged, unsettled('crash-loop'))).toEqual([]);
    expect(lintRun(tagged, unsettled('time-limit')).map((p) => p.rule)).toEqual(['settles']);
  });
});

describe("the library's rule of a checkout: recorded on a real Swarm", () => {
  const GOOD = ['---', 'title: T', 'description: |', '  one', '  two', 'tags: [t]', '---', '# a', 'sim$ machine node1', '[0]', '', '# b', 'sim$ sleep 1s', '[0]', ''].join('\n');
  const where = { path: 'test/real/recorded/plugin-x.json', scenario: 'scenarios/plugin-x.swarm' };
  const record = 'as root, "npm run real -- --record scenarios/plugin-x.swarm" records it (the README\'s "The real Swarm")';
  const check = (text: string, sources: string[] | null) => lintRecording(parseScenario(text, 'scenarios/plugin-x.swarm'), { ...where, sources }).map((p) => `${p.line}:${p.column} ${p.rule}: ${p.message}`);

  it('a scenario of at most 8 machines needs a recording of its steps as they are now', () => {
    expect(check(GOOD, ['sim$ machine node1', 'sim$ sleep 1s'])).toEqual([]);
    expect(check(GOOD, null)).toEqual([
      `1:1 recorded: no recording on a real Swarm (test/real/recorded/plugin-x.json), which npm test compares a library scenario of at most 8 machines with: ${record}`,
    ]);
    expect(check(GOOD, ['sim$ machine node1', 'sim$ sleep 2s'])).toEqual([
      `13:1 recorded: this step changed since the scenario was recorded on a real Swarm (test/real/recorded/plugin-x.json): re-record it; ${record}`,
    ]);
    expect(check(GOOD, ['sim$ machine node1'])[0]).toMatch(/^13:1 recorded: this step changed/);
    const nine = GOOD + Array.from({ length: 9 }, (_, k) => `# m${k}\nsim$ machine m${k}\n[0]\n`).join('');
    expect(check(nine, null)).toEqual([]);
  });

  it('swarmsim lint and test check it for ROOT/scenarios/*.swarm beside ROOT/test/real/recorded/, and nowhere else', async () => {
    const root = join(dir, 'checkout');
    mkdirSync(join(root, 'scenarios'), { recursive: true });
    writeFileSync(join(root, 'scenarios/plugin-x.swarm'), GOOD);
    // Not a checkout yet: no test/real/recorded/.
    expect((await cli(['lint', 'scenarios/plugin-x.swarm'], '', false, root)).code).toBe(0);
    mkdirSync(join(root, 'test/real/recorded'), { recursive: true });
    const lint = await cli(['lint', 'scenarios'], '', false, root);
    expect(lint.code).toBe(1);
    expect(lint.stdout).toContain('scenarios/plugin-x.swarm:1:1: no recording on a real Swarm (test/real/recorded/plugin-x.json)');
    const test = await cli(['test', 'plugin-x.swarm'], '', false, join(root, 'scenarios'));
    expect(test.code).toBe(1);
    expect(test.stdout).toContain('plugin-x.swarm:1:1: no recording on a real Swarm (../test/real/recorded/plugin-x.json), which npm test compares');
    expect(test.stdout).toContain('"npm run real -- --record scenarios/plugin-x.swarm"');
    writeFileSync(join(root, 'test/real/recorded/plugin-x.json'), JSON.stringify({ steps: [{ source: 'sim$ machine node1' }, { source: 'sim$ sleep 1s' }] }));
    expect(await cli(['test', 'scenarios'], '', false, root)).toEqual({ code: 0, stdout: 'PASS scenarios/plugin-x.swarm\n1 passed, 0 failed\n', stderr: '' });
    // --no-lint compares output only.
    rmSync(join(root, 'test/real/recorded/plugin-x.json'));
    expect((await cli(['test', '--no-lint', 'scenarios'], '', false, root)).code).toBe(0);
  });
});

describe('every parse error in one run', () => {
  const FOUR = ['---', 'title: "unclosed', '---', 'sim$ slep 1s', 'node1$ dokcer ps', 'node1$ docker ps', 'ok', '[a-z (re)', ''].join('\n');

  it('as FILE:LINE:COL lines on stderr, each where it is (a YAML error at its quote)', async () => {
    writeFileSync(join(dir, 'four.swarm'), FOUR);
    const r = await cli(['run', 'four.swarm'], '', false, dir);
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr: [
        'four.swarm:2:8: invalid front matter: Missing closing "quote',
        'four.swarm:4:6: unknown directive "slep" (expected machine, registry, sleep, stop, start, fail or file)',
        'four.swarm:5:8: expected "docker" after "node1$", found "dokcer"',
        'four.swarm:8:1: invalid regular expression: Unterminated character class',
        '',
      ].join('\n'),
    });
  });

  it('run --json and explain --json: {errors: [{kind, file, line, column, message}]} on stdout, exit 2', async () => {
    writeFileSync(join(dir, 'four.swarm'), FOUR);
    for (const args of [['run', '--json', 'four.swarm'], ['explain', '--json', 'four.swarm', 'web.1']]) {
      const r = await cli(args, '', false, dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe('');
      const doc = JSON.parse(r.stdout);
      expect(Object.keys(doc)).toEqual(['errors']);
      expect(doc.errors).toHaveLength(4);
      for (const e of doc.errors) expect(Object.keys(e)).toEqual(['kind', 'file', 'line', 'column', 'message']);
      expect(doc.errors[0]).toEqual({ kind: 'scenario', file: 'four.swarm', line: 2, column: 8, message: 'invalid front matter: Missing closing "quote' });
      expect(doc.errors.map((e: { line: number }) => e.line)).toEqual([2, 4, 5, 8]);
    }
  });

  it('--json: a missing file, a usage mistake and an unknown task are JSON errors too', async () => {
    const missing = await cli(['run', '--json', 'nope.swarm'], '', false, dir);
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.stdout)).toEqual({ errors: [{ kind: 'file', file: 'nope.swarm', line: null, column: null, message: 'no such file or directory' }] });
    const usage = await cli(['run', '--json', '--sed', '1', 'x.swarm'], '', false, dir);
    expect(JSON.parse(usage.stdout)).toEqual({ errors: [{ kind: 'usage', file: null, line: null, column: null, message: 'run: unknown option --sed (see "swarmsim run --help")' }] });
    const task = await cli(['explain', '--json', `${FIX}/volume-plugin.swarm`, 'web.1']);
    expect(task.code).toBe(2);
    expect(JSON.parse(task.stdout).errors[0]).toMatchObject({ kind: 'usage', message: 'explain: no task "web.1" at the end of the scenario (tasks: my-service.1)' });
    // Without --json the same mistakes stay one line on stderr.
    expect(await cli(['run', 'nope.swarm'], '', false, dir)).toEqual({ code: 2, stdout: '', stderr: 'swarmsim: nope.swarm: no such file or directory\n' });
  });
});
