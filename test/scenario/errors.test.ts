import { describe, expect, it } from 'vitest';
import { file, parseError } from './helpers.js';

const VAR_HINT = "(write '$IMAGE' in single quotes for a literal dollar)";

describe('located parse errors', () => {
  it.each([
    // Lines outside any step.
    ['x y', '1:1: expected a command "HOST$ docker ...", a directive "sim$ ..." or a comment'],
    ['\n   stray', '2:4: expected a command "HOST$ docker ...", a directive "sim$ ..." or a comment'],
    [file('n1$ docker a', 'out', '# next', 'stray'), '4:1: expected a command "HOST$ docker ...", a directive "sim$ ..." or a comment'],
    ['$ docker ps', '1:1: expected a command "HOST$ docker ...", a directive "sim$ ..." or a comment'],
    ['node1$docker ps', '1:7: expected a space after "node1$"'],
    // Prompts.
    ['node1$', '1:7: expected "docker" after "node1$"'],
    ['node1$   ', '1:10: expected "docker" after "node1$"'],
    ['node1$ ls -l', '1:8: expected "docker" after "node1$", found "ls"'],
    ['node1$ ls | grep x', '1:8: expected "docker" after "node1$", found "ls"'],
    ['node1$ "docker"x ps', '1:8: expected "docker" after "node1$", found "dockerx"'],
    ['SIM$ docker ps', '1:1: machine name "SIM" is reserved for directives ("sim$ ...")'],
    ['sim$', '1:5: expected a directive after "sim$" (machine, registry, sleep, stop, start, fail, file)'],
    ['sim$ bogus | x', '1:6: unknown directive "bogus" (expected machine, registry, sleep, stop, start, fail or file)'],
    // Unsupported shell syntax, named.
    ['n1$ docker ps | grep web', '1:15: unsupported shell syntax: pipe "|"'],
    ['n1$ docker ps > out', '1:15: unsupported shell syntax: output redirection ">"'],
    ['n1$ docker ps >> out', '1:15: unsupported shell syntax: output redirection ">>"'],
    ['n1$ docker ps 2>&1', '1:16: unsupported shell syntax: output redirection ">"'],
    ['n1$ docker ps; ls', '1:14: unsupported shell syntax: command separator ";"'],
    ['n1$ docker ps && ls', '1:15: unsupported shell syntax: operator "&&"'],
    ['n1$ docker ps || ls', '1:15: unsupported shell syntax: operator "||"'],
    ['n1$ docker ps &', '1:15: unsupported shell syntax: background job "&"'],
    ['n1$ docker rm $(docker ps -q)', '1:15: unsupported shell syntax: command substitution "$(...)"'],
    ['n1$ docker rm `docker ps -q`', '1:15: unsupported shell syntax: command substitution "`...`"'],
    ['n1$ docker rm "`x`"', '1:16: unsupported shell syntax: command substitution "`...`"'],
    ['n1$ docker run $IMAGE', `1:16: unsupported shell syntax: variable expansion "$IMAGE" ${VAR_HINT}`],
    ['n1$ docker run "x$IMAGE"', `1:18: unsupported shell syntax: variable expansion "$IMAGE" ${VAR_HINT}`],
    ['n1$ docker run "${X}"', '1:17: unsupported shell syntax: parameter expansion "${...}"'],
    ['n1$ docker run "$?"', '1:17: unsupported shell syntax: special parameter "$?"'],
    ["n1$ docker run $'a'", `1:16: unsupported shell syntax: ANSI-C quoting "$'...'"`],
    ['n1$ docker run (x)', '1:16: unsupported shell syntax: subshell "("'],
    ['n1$ docker run < in', '1:16: input redirection "<" reads a file beside the scenario, which only the swarmsim CLI can do: write "in" here as a here-document (<<EOF)'],
    ['n1$ docker run <&3', '1:16: unsupported shell syntax: input redirection "<"'],
    ['n1$ docker run <<<x', '1:16: unsupported shell syntax: here-string "<<<"'],
    ['n1$ docker run <<-EOF', '1:16: unsupported shell syntax: tab-stripping here-document "<<-" (use "<<")'],
    ['n1$ docker ps # all', '1:15: unsupported shell syntax: comment "#" after a command (quote it to pass a literal "#")'],
    // Quotes and continuations.
    ["n1$ docker run 'abc", '1:16: unterminated single quote (close it on the same line)'],
    [
      file('n1$ docker run "abc \\', 'def'),
      '1:16: unterminated double quote (close it on the same line, or end the line with a backslash to continue)',
    ],
    ['n1$ docker run \\', '1:16: backslash at the end of the file: there is no line to continue on'],
    [file('n1$ docker run \\', 'x |'), '2:3: unsupported shell syntax: pipe "|"'],
    // Here-documents.
    [file('n1$ docker x <<EOF', 'abc', 'EOF2'), '1:14: here-document is not terminated: expected a line "EOF" before the end of the file'],
    ['n1$ docker x <<A <<B', '1:18: only one here-document per command'],
    ['n1$ docker x <<', '1:14: expected a delimiter word after "<<" (as in <<EOF)'],
    ['n1$ docker x << | y', '1:14: expected a delimiter word after "<<" (as in <<EOF)'],
    [file('sim$ sleep 1s <<EOF', 'EOF'), '1:15: a directive takes no standard input (here-documents are for docker commands)'],
    // Expected output.
    [file('n1$ docker x', 'ok', '[a-z (re)'), '3:1: invalid regular expression: Unterminated character class'],
    [file('n1$ docker x', 'a)(b (re)'), '2:1: invalid regular expression: Unmatched \')\''],
    [file('n1$ docker x', '[256]'), '2:2: exit status must be between 0 and 255, got 256'],
    // Front matter.
    [file('---', 'title: x'), '1:1: front matter is not closed: expected a line "---"'],
    [file('---', 'title: a', 'sede: 3', '---'), '3:1: unknown front matter key "sede" (expected title, description, seed, tags, short)'],
    [file('---', 'seed: 1.5', '---'), '2:7: front matter "seed" must be an integer'],
    [file('---', 'seed: "1"', '---'), '2:7: front matter "seed" must be an integer'],
    [file('---', 'title: 12', '---'), '2:8: front matter "title" must be a string'],
    [file('---', 'description:', '---'), '2:13: front matter "description" must be a string'],
    [file('---', 'tags: [a, 3]', '---'), '2:11: front matter "tags" must be a list of strings'],
    [file('---', 'tags: a', '---'), '2:7: front matter "tags" must be a list of strings'],
    [file('---', '- a', '---'), '2:1: front matter must be a mapping with keys title, description, seed, tags, short'],
    [file('---', 'seed: 1', 'seed: 2', '---'), '3:1: invalid front matter: Map keys must be unique'],
    [file('---', '[1]: x', '---'), '2:1: front matter keys must be plain strings (title, description, seed, tags, short)'],
  ])('%j', (text, message) => {
    expect(parseError(text)).toBe(`t.swarm:${message}`);
  });

  it('reports YAML syntax errors at their line in the file', () => {
    expect(parseError(file('---', 'title: ok', 'tags: [a', '---'))).toMatch(/^t\.swarm:[34]:\d+: invalid front matter: /);
  });

  it('reports the first error of the file when there are several', () => {
    expect(parseError(file('n1$ docker a | b', 'n1$ ls'))).toBe('t.swarm:1:14: unsupported shell syntax: pipe "|"');
  });
});
