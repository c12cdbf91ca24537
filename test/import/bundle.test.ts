/**
 * Malformed bundles: every one is refused with the JSON path of each problem
 * (a BundleError), never a crash, and every bundle that is accepted imports
 * to a scenario that parses.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUNDLE_LIMITS, BundleError, parseBundle, validateBundle } from '../../sim/import/bundle.js';
import { importScenario } from '../../sim/import/scenario.js';
import { parseScenario } from '../../sim/scenario/parse.js';
import { runScenario } from '../../sim/scenario/run.js';

const shop = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures/shop.json'), 'utf8')) as Record<string, unknown>;
const node = (shop.nodes as unknown[])[0];

function problems(v: unknown): readonly string[] {
  try {
    (typeof v === 'string' ? parseBundle : validateBundle)(v as string);
  } catch (e) {
    if (e instanceof BundleError) return e.problems;
    throw e;
  }
  return [];
}

describe('malformed bundles', () => {
  it('not JSON, not an object, the wrong version', () => {
    expect(problems('{"version":1,')[0]).toMatch(/^not JSON: /);
    expect(problems('[1,2]')).toEqual(['bundle: expected an object, got an array']);
    expect(problems('{"nodes":[]}')).toEqual(['version: expected 1, got none']);
    expect(problems('{"version":"1"}')).toEqual(['version: expected 1, got "1"']);
  });

  it('each problem at its JSON path, all of them at once', () => {
    const bad = {
      version: 1,
      nodes: [{ ID: 7, Spec: { Role: 'boss', Availability: 'active', Labels: { zone: 3 } }, Description: { Hostname: 'n1', Resources: { NanoCPUs: -1 } }, Status: {} }],
      services: [{ ID: 's', Spec: { Name: 'web', TaskTemplate: { ContainerSpec: {} } } }],
      tasks: {},
      extra: true,
    };
    expect(problems(bad)).toEqual([
      'extra: unknown key (expected version, nodes, services, networks, tasks, plugins, volumes)',
      'nodes[0].ID: expected a string, got the number 7',
      'nodes[0].Spec.Role: expected one of manager, worker, got "boss"',
      'nodes[0].Spec.Labels.zone: expected a string, got the number 3',
      'nodes[0].Description.Resources.NanoCPUs: expected a non-negative integer, got the number -1',
      'services[0].Spec.TaskTemplate.ContainerSpec.Image: missing (expected a string)',
      'tasks: expected an array, got an object',
    ]);
  });

  it('no nodes, a node or a service listed twice', () => {
    expect(problems({ version: 1, nodes: [], services: [] })).toEqual(['nodes: is empty: a swarm has at least one node']);
    expect(problems({ version: 1, nodes: [node, node], services: [] })).toEqual(['nodes[1].ID: node k2x7ybq0m1fh4c8zt6w3e5rdn is listed twice']);
    const svc = (shop.services as unknown[])[0];
    expect(problems({ version: 1, nodes: [node], services: [svc, svc] })).toEqual(['services[1].Spec.Name: service "web" is listed twice']);
  });

  it('limits: size, nesting and counts are refused before any work', () => {
    expect(problems(' '.repeat(BUNDLE_LIMITS.chars + 1))).toEqual([`bundle is larger than ${BUNDLE_LIMITS.chars} characters (${BUNDLE_LIMITS.chars + 1})`]);
    expect(problems('['.repeat(100_000))).toEqual([`bundle nests arrays and objects more than ${BUNDLE_LIMITS.depth} deep`]);
    // Brackets inside strings are not nesting.
    expect(problems(JSON.stringify({ ...shop, comment: '['.repeat(1000) }))).toEqual([]);
    expect(problems({ version: 1, nodes: Array(BUNDLE_LIMITS.nodes + 1).fill(node), services: [] })).toEqual([
      `nodes: has ${BUNDLE_LIMITS.nodes + 1} items, more than the limit of ${BUNDLE_LIMITS.nodes}`,
    ]);
    expect(problems({ version: 1, nodes: [{ ...(node as object), ID: 'x'.repeat(BUNDLE_LIMITS.stringChars + 1) }], services: [] })[0]).toMatch(/^nodes\[0\]\.ID: string of 100001 characters/);
  });

  it('a key "__proto__" stays a key', () => {
    const text = JSON.stringify({ version: 1, nodes: [node], services: [], plugins: {} }).replace('"plugins":{}', '"plugins":{"__proto__":[]}');
    const b = parseBundle(text);
    expect(Object.keys(b.plugins)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('at most 50 problems are listed', () => {
    const nodes = Array.from({ length: 200 }, () => ({ ID: 1 }));
    expect(problems({ version: 1, nodes, services: [] })).toHaveLength(BUNDLE_LIMITS.errors);
  });
});

/** Replaces the value at a random path of the fixture with a random JSON value, or deletes it. */
function mutate(root: unknown, path: number[], replacement: unknown): unknown {
  const copy = structuredClone(root);
  let at: unknown = copy;
  for (let depth = 0; depth < path.length; depth++) {
    if (typeof at !== 'object' || at === null) break;
    const keys = Object.keys(at);
    if (keys.length === 0) break;
    const key = keys[path[depth] % keys.length];
    const child = (at as Record<string, unknown>)[key];
    if (depth === path.length - 1 || typeof child !== 'object' || child === null) {
      if (replacement === undefined) delete (at as Record<string, unknown>)[key];
      else (at as Record<string, unknown>)[key] = replacement;
      break;
    }
    at = child;
  }
  return copy;
}

describe('any bundle', () => {
  it('is refused with a BundleError, or imports to a scenario that parses (fast-check, mutations of the fixture)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 1, maxLength: 8 }), fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant(undefined)), (path, value) => {
        const b = mutate(shop, path, value);
        let bundle;
        try {
          bundle = validateBundle(b);
        } catch (e) {
          expect(e).toBeInstanceOf(BundleError);
          return;
        }
        const r = importScenario(bundle);
        expect(() => parseScenario(r.text, 'mutated.swarm')).not.toThrow();
      }),
      { numRuns: 300, seed: 20261206 },
    );
  });

  it('an accepted mutation runs: the scenario it makes never crashes the simulation (fast-check, fewer runs: each simulates)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 2, maxLength: 6 }), fc.oneof(fc.jsonValue({ maxDepth: 1 }), fc.constant(undefined)), (path, value) => {
        let bundle;
        try {
          bundle = validateBundle(mutate(shop, path, value));
        } catch {
          return;
        }
        const run = runScenario(parseScenario(importScenario(bundle).text, 'mutated.swarm'));
        expect(run.steps.filter((s) => /internal error/.test(s.output)).map((s) => s.output)).toEqual([]);
      }),
      { numRuns: 40, seed: 20261206 },
    );
  });

  it('random JSON is refused with a BundleError or accepted, never thrown otherwise', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (v) => {
        try {
          validateBundle(v);
        } catch (e) {
          expect(e).toBeInstanceOf(BundleError);
        }
      }),
      { numRuns: 300, seed: 20261206 },
    );
  });
});
