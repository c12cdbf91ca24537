/**
 * The `swarmsim` command as users call it, fuzzed: random subcommands,
 * flags and arguments over scenario files, directories and import bundles in
 * a fresh temporary directory (hostile text, small generated scenarios,
 * mutated library ones), and random shell input. Each input runs in process
 * twice (each on its own copy of the directory: `test --update` writes);
 * every PROCESS_EVERY-th one also runs as a real process (`node
 * bin/swarmsim.js`, the compiled lib/) and must answer the same.
 *
 * A finding: an exception out of main, exit 70 or the words `internal
 * error`, a stack trace in the output, a hang, two runs that differ, or a
 * process that answers otherwise than the in-process run.
 */
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { main } from '../../sim/cli/cli.js';
import type { Finding } from './fuzz.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const LIBRARY = readdirSync(join(ROOT, 'scenarios'))
  .filter((f) => f.endsWith('.swarm'))
  .sort()
  .map((f) => readFileSync(join(ROOT, 'scenarios', f), 'utf8'));
const BUNDLE = readFileSync(join(ROOT, 'test/import/fixtures/shop.json'), 'utf8');

/** Every how many inputs one also runs as a process (a process costs about 150 ms). */
export const PROCESS_EVERY = 250;

const HOSTILE = ['', '\n', '---\n', '---\nseed: x\n---\n', '\uFEFF', 'node1$ ', 'sim$ ', '<<EOF', '# x\n', '\u0000', '😀', 'node1$ docker info <<EOF\n', 'sim$ file node1:a < ../x\n', 'm[1-99999]$ docker info\n'];

const LINES = [
  'node1$ docker swarm init',
  'node2$ docker swarm join --token SWMTKN-1-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-bbbbbbbbbbbbbbbbbbbbbbbbb 192.168.99.100:2377',
  'node1$ docker service create --name web --replicas 3 nginx',
  'node1$ docker service create -d --name web nginx',
  'node1$ docker service ps web',
  'node1$ docker service scale web=0',
  'node1$ docker plugin install --grant-all-permissions vieux/sshfs',
  'node2$ docker plugin rm -f vieux/sshfs',
  'node1$ docker node update --availability drain node2',
  'node1$ docker service update --constraint-add node.role==worker web',
  'sim$ sleep 10s',
  'sim$ stop node2',
  'sim$ machine node3 --cpus 1',
  'node1$ docker service ls',
  '[1]',
  'ID (re)',
  '(a+)+b (re)',
  'node1$ docker nope',
];

const fileText = fc.oneof(
  { weight: 4, arbitrary: fc.array(fc.oneof(fc.constantFrom(...LINES), fc.constantFrom(...HOSTILE), fc.string({ maxLength: 10 })), { maxLength: 8 }).map((ls) => ls.join('\n') + '\n') },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.nat({ max: LIBRARY.length - 1 }), fc.nat(), fc.constantFrom(...HOSTILE, ''))
      .map(([k, at, ins]) => LIBRARY[k].slice(0, at % (LIBRARY[k].length + 1)) + ins),
  },
);

const bundleText = fc.oneof(
  fc.constant(BUNDLE),
  fc.tuple(fc.nat(), fc.constantFrom('', '{', '}', '"', 'null', '[]', '-1', '1e999', '"x"')).map(([at, ins]) => BUNDLE.slice(0, at % (BUNDLE.length + 1)) + ins),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
);

const COMMANDS = ['run', 'test', 'lint', 'explain', 'import', 'shell', 'help', '--help', '-h', '--version', 'nope', ''];
const FLAGS: readonly string[][] = [
  ['--json'], ['--seed', '3'], ['--seed', 'x'], ['--seed', '-1'], ['--seed', '99999999999999999999'], ['--step', '2'], ['--step', '999'], ['--step', 'x'],
  ['--node', 'node2'], ['--node', 'nope'], ['--until', '3'], ['--update'], ['--no-lint'], ['-o', 'out.swarm'], ['--help'], ['--'], ['--nope'], ['-x'],
];
const ARGS = ['a.swarm', 'dir', 'nope.swarm', 'bundle.json', 'web.1', 'web', 'node2', '', '-', '../a.swarm', '/etc/passwd'];

export interface CliInput {
  argv: string[];
  file: string;
  other: string;
  bundle: string;
  stdin: string;
}

/** Mostly commands that read files, with the file and task arguments they want, then random flags and words. */
const command = fc.oneof(
  { weight: 4, arbitrary: fc.constant(['run', 'a.swarm']) },
  { weight: 3, arbitrary: fc.constantFrom(['test', 'a.swarm'], ['test', 'dir'], ['test', '--update', 'a.swarm']) },
  { weight: 2, arbitrary: fc.constantFrom(['lint', 'a.swarm'], ['lint', 'dir']) },
  { weight: 3, arbitrary: fc.constantFrom(['explain', 'a.swarm', 'web.1'], ['explain', 'a.swarm', '--node', 'node2'], ['explain', 'a.swarm', 'web.2', '--step', '3']) },
  { weight: 2, arbitrary: fc.constantFrom(['import', 'bundle.json'], ['import', 'bundle.json', '-o', 'out.swarm']) },
  { weight: 1, arbitrary: fc.constantFrom(['shell'], ['shell', '--seed', '2']) },
  { weight: 1, arbitrary: fc.constantFrom(...COMMANDS).map((c) => (c === '' ? [] : [c])) },
);

const input: fc.Arbitrary<CliInput> = fc.record({
  argv: fc
    .tuple(command, fc.array(fc.oneof(fc.constantFrom(...FLAGS), fc.constantFrom(...ARGS).map((a) => [a])), { maxLength: 3 }))
    .map(([cmd, rest]) => [...cmd, ...rest.flat()]),
  file: fileText,
  other: fileText,
  bundle: bundleText,
  stdin: fc.array(fc.oneof(fc.constantFrom(...LINES), fc.constantFrom('.help', '.exit', 'exit', '.host node2', '.save s.swarm', '.explain web.1', 'y', 'n', '.nope')), { maxLength: 5 }).map((ls) => ls.join('\n') + '\n'),
});

const seedOf = (seed: number, index: number): number => (Math.imul(seed ^ 0x5bd1e995, 0x85ebca6b) + index * 0x27d4eb2f) | 0;
export const cliInput = (seed: number, index: number): CliInput => fc.sample(input, { seed: seedOf(seed, index), numRuns: 1 })[0];

function workspace(inp: CliInput): string {
  const dir = mkdtempSync(join(tmpdir(), 'swarmsim-fuzz-'));
  writeFileSync(join(dir, 'a.swarm'), inp.file);
  mkdirSync(join(dir, 'dir'));
  writeFileSync(join(dir, 'dir', 'b.swarm'), inp.other);
  writeFileSync(join(dir, 'bundle.json'), inp.bundle);
  return dir;
}

interface Answer {
  code: number;
  stdout: string;
  stderr: string;
}

async function inProcess(inp: CliInput, dir: string): Promise<Answer> {
  let stdout = '';
  let stderr = '';
  const code = await main(inp.argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
    stdin: Readable.from([inp.stdin]),
    cwd: dir,
    env: {},
  });
  return { code, stdout: stdout.replaceAll(dir, '<dir>'), stderr: stderr.replaceAll(dir, '<dir>') };
}

const BIN = join(ROOT, 'bin/swarmsim.js');

/** The compiled CLI is there to run as a process (npm run build:lib made lib/). */
export const processRuns = (): boolean => existsSync(join(ROOT, 'lib/cli/main.js'));

const badOutput = (a: Answer): string | null => {
  if (a.code === 70) return 'exit status 70';
  if (/internal error/i.test(a.stdout + a.stderr)) return '"internal error" in the output';
  if (/\n\s+at .+:\d+:\d+\)?\n/.test(a.stdout + a.stderr)) return 'a stack trace in the output';
  return null;
};

/** The input as a reproducer: the argv, and the files as a shell would make them. */
function describe(inp: CliInput): string {
  return `# swarmsim ${JSON.stringify(inp.argv)}\n# stdin: ${JSON.stringify(inp.stdin)}\n# a.swarm:\n${inp.file}`;
}

export async function fuzzCliOne(seed: number, index: number, hangMs = 5000): Promise<Finding | null> {
  const inp = cliInput(seed, index);
  const found = (kind: Finding['kind'], detail: string): Finding => ({ area: 'cli', seed, index, kind, detail: `swarmsim ${JSON.stringify(inp.argv)}: ${detail}`, scenario: describe(inp) });
  const base = workspace(inp);
  const copy = mkdtempSync(join(tmpdir(), 'swarmsim-fuzz-'));
  cpSync(base, copy, { recursive: true });
  try {
    let a: Answer;
    const start = performance.now();
    try {
      a = await inProcess(inp, base);
    } catch (e) {
      return found('crash', e instanceof Error ? (e.stack ?? e.message) : String(e));
    }
    if (performance.now() - start > hangMs) return found('hang', `took more than ${hangMs} ms`);
    const bad = badOutput(a);
    if (bad) return found('crash', `${bad}\n${a.stderr}${a.stdout}`.slice(0, 2000));
    const b = await inProcess(inp, copy);
    // Same directory name in both outputs, so only what the tool chose can differ.
    if (JSON.stringify(a) !== JSON.stringify(b)) return found('nondeterministic', `two runs differ:\n${JSON.stringify(a).slice(0, 600)}\n${JSON.stringify(b).slice(0, 600)}`);
    if (index % PROCESS_EVERY === 0 && processRuns()) {
      const fresh = workspace(inp);
      try {
        const r = spawnSync(process.execPath, [BIN, ...inp.argv], { cwd: fresh, input: inp.stdin, encoding: 'utf8', timeout: 30_000, env: { PATH: process.env.PATH } });
        const p: Answer = { code: r.status ?? -1, stdout: r.stdout.replaceAll(fresh, '<dir>'), stderr: r.stderr.replaceAll(fresh, '<dir>') };
        if (r.error || r.signal) return found('hang', `the process did not end: ${r.error?.message ?? r.signal}`);
        const pbad = badOutput(p);
        if (pbad) return found('crash', `as a process: ${pbad}\n${p.stderr}`.slice(0, 2000));
        if (p.code !== a.code) return found('nondeterministic', `as a process it exits ${p.code}, in process ${a.code}\n${p.stderr.slice(0, 400)}`);
      } finally {
        rmSync(fresh, { recursive: true, force: true });
      }
    }
    return null;
  } finally {
    rmSync(base, { recursive: true, force: true });
    rmSync(copy, { recursive: true, force: true });
  }
}
