import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findCycle, importsOf } from './importGraph.js';

// sim/docker is layered: the dispatcher (run.ts) imports the commands, the
// commands import shared helpers, and nothing imports back up. An import
// cycle would let a module see another's exports uninitialised while the
// cycle is evaluated (the old run.ts needed lazily built tables for that).
// Type-only imports count too: they are a dependency all the same.

const ROOT = resolve(import.meta.dirname, '../..');

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

function graph(dir: string): Map<string, string[]> {
  const files = tsFiles(dir);
  const inside = new Set(files);
  const g = new Map<string, string[]>();
  for (const f of files) {
    const deps = importsOf(readFileSync(f, 'utf8'))
      .filter((s) => s.startsWith('.'))
      .map((s) => resolve(dirname(f), s.replace(/\.js$/, '.ts')))
      .filter((p) => inside.has(p));
    g.set(f, deps);
  }
  return g;
}

describe('the import graph', () => {
  it('finds import and export-from specifiers, type-only ones included, and skips comments and strings', () => {
    const src = [
      "import { a } from './a.js';",
      "import type { B } from './b.js';",
      'import {',
      '  c,',
      "} from './c.js';",
      "export { d } from './d.js';",
      "export * from './e.js';",
      "import './f.js';",
      "// import { x } from './commented.js';",
      "/* import { y } from './block.js'; */",
      "const s = \"import { z } from './in-string.js'\";",
    ].join('\n');
    expect(importsOf(src)).toEqual(['./a.js', './b.js', './c.js', './d.js', './e.js', './f.js']);
  });

  it('reports a cycle, and none in a tree', () => {
    expect(findCycle(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']]]))).toEqual(['a', 'b', 'c', 'a']);
    expect(findCycle(new Map([['a', ['b', 'c']], ['b', ['c']], ['c', []]]))).toBeNull();
  });

  it('sim/docker has no import cycle', () => {
    const cycle = findCycle(graph(join(ROOT, 'sim/docker')));
    expect(cycle?.map((f) => relative(ROOT, f)) ?? null).toBeNull();
  });

  it('web/ has no import cycle: main.ts composes the page, its modules do not reach back', () => {
    const cycle = findCycle(graph(join(ROOT, 'web')));
    expect(cycle?.map((f) => relative(ROOT, f)) ?? null).toBeNull();
  });

  it('every module of sim/ and web/ (scripts and style sheets) is under 800 lines', () => {
    const sources = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? sources(join(dir, e.name)) : /\.(ts|css)$/.test(e.name) ? [join(dir, e.name)] : [],
      );
    const files = [...sources(join(ROOT, 'sim')), ...sources(join(ROOT, 'web'))];
    // The walk finds the modules it is meant to: a wrong root would pass with nothing to check.
    expect(files.map((f) => relative(ROOT, f))).toEqual(expect.arrayContaining(['sim/docker/run.ts', 'web/main.ts', 'web/styles.css']));
    const long = files
      .map((f) => [relative(ROOT, f), readFileSync(f, 'utf8').split('\n').length] as const)
      .filter(([, n]) => n >= 800);
    expect(long).toEqual([]);
  });
});
