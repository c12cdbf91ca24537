import { describe, expect, it } from 'vitest';
import { parseScenario, ScenarioError, type DockerStep, type SimStep } from '../../sim/scenario/parse.js';
import { file } from './helpers.js';

const docker = (text: string, index = 0): DockerStep => {
  const step = parseScenario(text, 't.swarm').steps[index];
  if (step.kind !== 'docker') throw new Error(`step ${index} is ${step.kind}`);
  return step;
};

describe('a whole scenario', () => {
  const text = file(
    '---',
    'title: Plugins on two nodes',
    'description: |',
    '  Volume plugin placement.',
    'seed: 42',
    'tags: [plugins, volumes]',
    '---',
    '# Two machines.',
    '#',
    '#   Indented narration keeps its indent.',
    'sim$ machine node1 --cpus 2 --memory 2GiB',
    '',
    '# Start the swarm.',
    'node1$ docker swarm init',
    'Swarm initialized: current node \\(\\w+\\) is now a manager. (re)',
    '',
    'worker-2$ docker node ls',
    '[1]',
    '',
  );
  const s = parseScenario(text, 'demo.swarm');

  it('reads the front matter', () => {
    expect(s.meta).toEqual({
      title: 'Plugins on two nodes',
      description: 'Volume plugin placement.\n',
      seed: 42,
      tags: ['plugins', 'volumes'],
    });
  });

  it('records hosts in order of first appearance, directives included', () => {
    expect(s.file).toBe('demo.swarm');
    expect(s.hosts).toEqual(['node1', 'worker-2']);
  });

  it('locates each step and attaches the comments above it', () => {
    expect(s.steps.map((st) => [st.kind, st.line, st.column, st.endLine, st.narration])).toEqual([
      ['sim', 11, 6, 11, ['Two machines.', '', '  Indented narration keeps its indent.']],
      ['docker', 14, 8, 14, ['Start the swarm.']],
      ['docker', 17, 11, 17, []],
    ]);
  });

  it('parses the directive into typed values', () => {
    const sim = s.steps[0] as SimStep;
    expect(sim.argv).toEqual(['machine', 'node1', '--cpus', '2', '--memory', '2GiB']);
    expect(sim.directive).toEqual({
      name: 'machine',
      machine: 'node1',
      cpus: 2,
      memoryBytes: 2 * 1024 ** 3,
      os: null,
      arch: null,
      engineLabels: [],
      ip: null,
    });
    // Blank lines up to the next comment are output, but trailing blank output is dropped.
    expect(sim.expected).toBeNull();
  });

  it('compiles (re) lines anchored and keeps their text', () => {
    const st = s.steps[1] as DockerStep;
    expect(st.host).toBe('node1');
    expect(st.argv).toEqual(['swarm', 'init']);
    expect(st.expected?.exitCode).toBe(0);
    const [line] = st.expected!.lines;
    expect(line.text).toBe('Swarm initialized: current node \\(\\w+\\) is now a manager. (re)');
    expect(line.line).toBe(15);
    expect(line.regex?.test('Swarm initialized: current node (x1y2) is now a manager.')).toBe(true);
    expect(line.regex?.test('Swarm initialized: current node (x1y2) is now a manager. Yes')).toBe(false);
    expect(line.regex?.test('> Swarm initialized: current node (x1y2) is now a manager.')).toBe(false);
  });

  it('reads a final [N] as the exit status, with empty output', () => {
    expect(s.steps[2].expected).toEqual({ lines: [], exitCode: 1 });
  });
});

describe('front matter', () => {
  it('defaults to seed 1 and no tags without front matter', () => {
    expect(parseScenario('', 'e.swarm')).toEqual({ file: 'e.swarm', meta: { seed: 1, tags: [] }, hosts: [], steps: [] });
  });

  it('defaults when the front matter is empty', () => {
    expect(parseScenario(file('---', '---'), 'e.swarm').meta).toEqual({ seed: 1, tags: [] });
  });

  it('accepts a negative seed and trailing spaces on the fences', () => {
    expect(parseScenario(file('--- ', 'seed: -7', '---  '), 'e.swarm').meta).toEqual({ seed: -7, tags: [] });
  });
});

describe('expected output', () => {
  it('keeps blank lines inside the output and drops trailing whitespace', () => {
    const st = docker(file('n1$ docker version', 'Client:   ', '', '  Version: 28 ', '', ''));
    expect(st.expected).toEqual({
      lines: [
        { text: 'Client:', regex: null, line: 2 },
        { text: '', regex: null, line: 3 },
        { text: '  Version: 28', regex: null, line: 4 },
      ],
      exitCode: 0,
    });
  });

  it('ends at a comment, and lines before [N] keep their order', () => {
    const s = parseScenario(file('n1$ docker x', 'Error: no', '', '[125]', '# next', 'n1$ docker y'), 't');
    expect(s.steps[0].expected).toEqual({ lines: [{ text: 'Error: no', regex: null, line: 2 }], exitCode: 125 });
    expect(s.steps[1].narration).toEqual(['next']);
    expect(s.steps[1].expected).toBeNull();
  });

  it('takes [N] literally when it is not the last line', () => {
    const st = docker(file('n1$ docker x', '[2]', 'done'));
    expect(st.expected).toEqual({
      lines: [
        { text: '[2]', regex: null, line: 2 },
        { text: 'done', regex: null, line: 3 },
      ],
      exitCode: 0,
    });
  });

  it('accepts an explicit [0] to check that the output is empty', () => {
    expect(docker(file('n1$ docker x', '[0]')).expected).toEqual({ lines: [], exitCode: 0 });
  });

  it('leaves a step with nothing after it unchecked', () => {
    const s = parseScenario(file('n1$ docker a', '', '', 'n1$ docker b'), 't');
    expect(s.steps.map((st) => st.expected)).toEqual([null, null]);
  });

  it('lets a directive have expected output too', () => {
    const s = parseScenario(file('sim$ fail web.1', 'oops'), 't');
    expect(s.steps[0].expected).toEqual({ lines: [{ text: 'oops', regex: null, line: 2 }], exitCode: 0 });
  });

  it('treats an indented # as output, not as a comment', () => {
    const st = docker(file('n1$ docker x', '  # not a comment'));
    expect(st.expected?.lines.map((l) => l.text)).toEqual(['  # not a comment']);
  });

  it('needs a space before (re), and anchors alternations as a whole', () => {
    const st = docker(file('n1$ docker x', 'a(re)', 'a|b (re)'));
    const [literal, alt] = st.expected!.lines;
    expect(literal.regex).toBeNull();
    expect(alt.regex?.test('a')).toBe(true);
    expect(alt.regex?.test('ab')).toBe(false);
    expect(alt.regex?.source).toBe('^(?:a|b)$');
  });

  it('parses CRLF files like LF ones', () => {
    const s = parseScenario('\uFEFFn1$ docker ps  \r\nID\r\n', 't');
    expect((s.steps[0] as DockerStep).argv).toEqual(['ps']);
    expect(s.steps[0].expected?.lines).toEqual([{ text: 'ID', regex: null, line: 2 }]);
  });
});

describe('shell words', () => {
  const argv = (cmd: string): string[] => docker(file(`n1$ docker ${cmd}`)).argv;

  it('removes single quotes and keeps their content literal', () => {
    expect(argv(`ps --format '{{.Names}} $HOME \\n'`)).toEqual(['ps', '--format', '{{.Names}} $HOME \\n']);
  });

  it('honours only \\\\ \\" \\$ \\` inside double quotes', () => {
    expect(argv('run "a\\"b" "\\$x \\\\ \\` \\n"')).toEqual(['run', 'a"b', '$x \\ ` \\n']);
  });

  it('escapes the next character outside quotes and glues adjacent parts', () => {
    expect(argv(`run a\\ b x'y'"z" \\| ""`)).toEqual(['run', 'a b', 'xyz', '|', '']);
  });

  it('keeps a dollar that starts no expansion, and glob characters, literally', () => {
    expect(argv('run $ a$ "$" * ? [x] ~ {a,b}')).toEqual(['run', '$', 'a$', '$', '*', '?', '[x]', '~', '{a,b}']);
  });

  it('joins continued lines and records where each word starts', () => {
    const st = docker(file('n1$ docker service create \\', '  --name web\\', 'server \\', "  'nginx'", 'OUT'));
    expect(st.argv).toEqual(['service', 'create', '--name', 'webserver', 'nginx']);
    expect(st.argvPos).toEqual([
      { line: 1, column: 12 },
      { line: 1, column: 20 },
      { line: 2, column: 3 },
      { line: 2, column: 10 },
      { line: 4, column: 3 },
    ]);
    expect(st.endLine).toBe(4);
    expect(st.source).toBe("n1$ docker service create \\\n  --name web\\\nserver \\\n  'nginx'");
    expect(st.expected?.lines).toEqual([{ text: 'OUT', regex: null, line: 5 }]);
  });

  it('continues a double-quoted word on the next line', () => {
    expect(argv('run "a\\\nb"')).toEqual(['run', 'ab']);
  });
});

describe('here-documents', () => {
  it('records the body as stdin and ends the command at the delimiter', () => {
    const st = docker(
      file('n1$ docker config create app - <<EOF', 'key: $value', '  indented', 'EOF', 'abc123'),
    );
    expect(st.argv).toEqual(['config', 'create', 'app', '-']);
    expect(st.stdin).toBe('key: $value\n  indented\n');
    expect(st.endLine).toBe(4);
    expect(st.source).toBe('n1$ docker config create app - <<EOF\nkey: $value\n  indented\nEOF');
    expect(st.expected?.lines).toEqual([{ text: 'abc123', regex: null, line: 5 }]);
  });

  it('accepts quoted delimiters, a space after <<, and a continued command', () => {
    expect(docker(file("n1$ docker x <<'END'", 'a', 'END')).stdin).toBe('a\n');
    expect(docker(file('n1$ docker x << "E O F"', 'E O', 'E O F')).stdin).toBe('E O\n');
    const st = docker(file('n1$ docker x <<EOF \\', '  - y', 'body', 'EOF'));
    expect(st.argv).toEqual(['x', '-', 'y']);
    expect(st.stdin).toBe('body\n');
  });

  it('gives an empty body as empty stdin, not null', () => {
    expect(docker(file('n1$ docker x <<EOF', 'EOF')).stdin).toBe('');
  });

  it('leaves stdin null without a here-document', () => {
    expect(docker(file('n1$ docker x')).stdin).toBeNull();
  });

  it('takes body lines that look like steps or comments as data', () => {
    const s = parseScenario(file('n1$ docker x <<EOF', '# data', 'n2$ docker y', 'EOF'), 't');
    expect(s.steps).toHaveLength(1);
    expect(s.hosts).toEqual(['n1']);
    expect((s.steps[0] as DockerStep).stdin).toBe('# data\nn2$ docker y\n');
  });
});

describe('ScenarioError', () => {
  it('carries its location and prints FILE:LINE:COL: message', () => {
    try {
      parseScenario(file('# intro', 'node1$ ls -l'), 'dir/a.swarm');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ScenarioError);
      expect(e).toBeInstanceOf(Error);
      const err = e as ScenarioError;
      expect([err.file, err.line, err.column, err.name]).toEqual(['dir/a.swarm', 2, 8, 'ScenarioError']);
      expect(err.message).toBe('expected "docker" after "node1$", found "ls"');
      expect(err.toString()).toBe('dir/a.swarm:2:8: expected "docker" after "node1$", found "ls"');
    }
  });
});
