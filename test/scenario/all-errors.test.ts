/**
 * Every parse error of a file in one go, each at its own line and column,
 * and no error caused by another one: a step with an error is skipped whole
 * (its continuations, its here-document and the output under it).
 */
import { describe, expect, it } from 'vitest';
import { MAX_PARSE_ERRORS, parseScenario, ScenarioError } from '../../sim/scenario/parse.js';
import { file } from './helpers.js';

/** Every error as `LINE:COL: message`; [] when the text parses. */
function errors(text: string): string[] {
  try {
    parseScenario(text, 't.swarm');
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    expect(e.report()).toBe(e.errors.map(String).join('\n'));
    expect(`${e.file}:${e.line}:${e.column}: ${e.message}`).toBe(String(e.errors[0]));
    return e.errors.map((x) => `${x.line}:${x.column}: ${x.message}`);
  }
  return [];
}

describe('all the errors of a file', () => {
  it('one per step, in file order, front matter first', () => {
    expect(
      errors(file('---', 'title: "unclosed', '---', 'sim$ slep 1s', 'node1$ dokcer ps', 'node1$ docker ps', 'ok', '[a-z (re)', '[256]')),
    ).toEqual([
      '2:8: invalid front matter: Missing closing "quote',
      '4:6: unknown directive "slep" (expected machine, registry, sleep, stop, start, fail or file)',
      '5:8: expected "docker" after "node1$", found "dokcer"',
      '8:1: invalid regular expression: Unterminated character class',
      '9:2: exit status must be between 0 and 255, got 256',
    ]);
  });

  it('a YAML error located where it is, not at the closing "---"', () => {
    expect(errors(file('---', 'title: [a, b', '---'))).toEqual(['2:8: invalid front matter: Flow sequence in block collection must be sufficiently indented and end with a ]']);
    expect(errors(file('---', "title: 'x", '---'))).toEqual(["2:8: invalid front matter: Missing closing 'quote"]);
    expect(errors(file('---', 'seed: {a: 1', '---'))).toEqual(['2:7: invalid front matter: Flow map in block collection must be sufficiently indented and end with a }']);
  });

  it("every key's problem in the front matter, each at its key or value; a YAML error alone stops it", () => {
    expect(errors(file('---', 'title: x', 'seed: abc', 'tags: [a, 5, 6]', 'sede: 3', '3: x', 'description: [a]', '---', 'sim$ slep 1s'))).toEqual([
      '3:7: front matter "seed" must be an integer',
      '4:11: front matter "tags" must be a list of strings',
      '5:1: unknown front matter key "sede" (expected title, description, seed, tags, short)',
      '6:1: front matter keys must be plain strings (title, description, seed, tags, short)',
      '7:14: front matter "description" must be a string',
      '9:6: unknown directive "slep" (expected machine, registry, sleep, stop, start, fail or file)',
    ]);
    expect(errors(file('---', 'seed: abc', 'title: "x', '---'))).toEqual(['3:8: invalid front matter: Missing closing "quote']);
  });

  it('the lines of a bad step are not read again: continuations, here-document, output', () => {
    expect(
      errors(
        file(
          'n1$ docker run $X \\',
          '  --name "a|b" \\',
          '  x | y',
          'sim$ sleep 1s <<EOF',
          '# not narration: the body',
          'n1$ not a step either',
          'EOF',
          'n1$ dokcer ps',
          'this is output of a bad step',
          '# a comment',
          'n1$ docker ps',
        ),
      ),
    ).toEqual([
      `1:16: unsupported shell syntax: variable expansion "$X" (write '$X' in single quotes for a literal dollar)`,
      '4:15: a directive takes no standard input (here-documents are for docker commands)',
      '8:5: expected "docker" after "n1$", found "dokcer"',
    ]);
  });

  it('a here-document the lexer did not reach is skipped too', () => {
    expect(errors(file('n1$ docker stack deploy $BAD -c - s <<EOF', 'version: "3"', '# compose comment', 'EOF', 'n1$ docker ps'))).toEqual([
      `1:25: unsupported shell syntax: variable expansion "$BAD" (write '$BAD' in single quotes for a literal dollar)`,
    ]);
  });

  it('a block of stray lines is one error, at its first line', () => {
    expect(errors(file('stray one', 'stray two', '', 'stray three', 'n1$ docker ps', '# c', 'after a comment'))).toEqual([
      '1:1: expected a command "HOST$ docker ...", a directive "sim$ ..." or a comment',
      '4:1: expected a command "HOST$ docker ...", a directive "sim$ ..." or a comment',
      '7:1: expected a command "HOST$ docker ...", a directive "sim$ ..." or a comment',
    ]);
  });

  it('an unclosed front matter or here-document ends the reading', () => {
    expect(errors(file('---', 'title: x', 'sim$ slep'))).toEqual(['1:1: front matter is not closed: expected a line "---"']);
    expect(errors(file('n1$ docker x <<EOF', 'sim$ slep 1s'))).toEqual(['1:14: here-document is not terminated: expected a line "EOF" before the end of the file']);
  });

  it(`stops after ${MAX_PARSE_ERRORS} errors`, () => {
    const text = Array.from({ length: MAX_PARSE_ERRORS + 50 }, () => 'sim$ slep 1s').join('\n');
    expect(errors(text)).toHaveLength(MAX_PARSE_ERRORS);
  });

  it('a file with one error throws that error, alone', () => {
    try {
      parseScenario('sim$ slep 1s\n', 't.swarm');
      expect.unreachable();
    } catch (e) {
      const err = e as ScenarioError;
      expect(err.errors).toEqual([err]);
    }
  });
});
