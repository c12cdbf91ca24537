import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCollection, isPair, parseDocument, stringify } from 'yaml';
import { runDocker } from '../../sim/docker/run.js';
import { parseScenario, ScenarioError } from '../../sim/scenario/parse.js';
import { Simulation } from '../../sim/simulation.js';
import { snapshot } from '../../sim/snapshot.js';
import { YAML_LIMITS, yamlInputProblem } from '../../sim/yamlLimits.js';

const BOMB = [
  'version: "3.8"',
  'a: &a [x,x,x,x,x,x,x,x,x,x]',
  'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]',
  'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]',
  'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]',
  'e: [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]',
  'services:',
  '  web:',
  '    image: nginx',
  '',
].join('\n');

const DEEP_FLOW = 'version: "3.8"\nservices:\n  web:\n    image: nginx\n    labels: ' + '['.repeat(5000) + ']'.repeat(5000) + '\n';
const DEEP_BLOCK = Array.from({ length: 1200 }, (_, i) => ' '.repeat(i) + 'k:').join('\n') + '\n';
const DEEP_SEQ = '- '.repeat(5000) + 'x\n';
// Found by npm run fuzz (compose, seed 20261204, input 58503): keys after keys on one line.
const DEEP_KEYS = 'version: "3.8"\nservices:\n  b:\n    image: busybox\n    deploy:\n      mode: ' + 'gl: '.repeat(3000) + 'x\n';
const DEPTH_WORDS = `exceeded max depth of ${YAML_LIMITS.maxDepth} (swarmsim's limit; docker's is 10000)`;

function swarm(): Simulation {
  const sim = new Simulation({ seed: 3 });
  runDocker(sim, 'node1', ['swarm', 'init']);
  return sim;
}

function deploy(sim: Simulation, compose: string): { exitCode: number; stderr: string } {
  const r = runDocker(sim, 'node1', ['stack', 'deploy', '-c', '-', 's'], compose);
  return { exitCode: r.exitCode, stderr: r.stderr };
}

/** Runs `fn` with `frames` more stack frames under it: a result must not depend on how deep the caller is. */
function atDepth<T>(frames: number, fn: () => T): T {
  return frames === 0 ? fn() : atDepth(frames - 1, fn);
}

describe('compose files (docker stack deploy -c -) that would exhaust the parser', () => {
  const cases: [string, string, string][] = [
    ['an alias bomb', BOMB, 'yaml: document contains excessive aliasing\n'],
    ['5,000 nested brackets', DEEP_FLOW, `yaml: line 5: ${DEPTH_WORDS}\n`],
    ['1,200 nested mappings', DEEP_BLOCK, `yaml: line 101: ${DEPTH_WORDS}\n`],
    ['5,000 compact sequences', DEEP_SEQ, `yaml: line 1: ${DEPTH_WORDS}\n`],
    ['3,000 keys on one line', DEEP_KEYS, `yaml: line 6: ${DEPTH_WORDS}\n`],
    ['an alias to no anchor', 'version: "3.8"\nservices: *nope\n', "yaml: unknown anchor 'nope' referenced\n"],
    ['an anchor containing itself', 'version: "3.8"\nservices: &s\n  web: *s\n', "yaml: anchor 's' value contains itself\n"],
  ];
  for (const [what, compose, stderr] of cases) {
    it(`${what}: docker's kind of error, exit 1, nothing changed, the same from any stack depth`, () => {
      const control = swarm();
      const sim = swarm();
      const first = deploy(sim, compose);
      expect(first).toEqual({ exitCode: 1, stderr });
      expect(atDepth(3000, () => deploy(sim, compose))).toEqual(first);
      expect(JSON.stringify(snapshot(sim))).toBe(JSON.stringify(snapshot(control)));
    });
  }

  it('anchors nested through aliases deeper than the limit are refused before the loader recurses', () => {
    const lines = ['version: "3.8"', 'x0: &x0 [[[[[[[[[[1]]]]]]]]]]'];
    for (let i = 1; i < 60; i++) lines.push(`x${i}: &x${i} [[[[[[[[[[*x${i - 1}]]]]]]]]]]`);
    lines.push('services:', '  web:', '    image: nginx', '    labels: *x59', '');
    const r = deploy(swarm(), lines.join('\n'));
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^yaml: line \d+: exceeded max depth of 100 /);
  });

  it('ordinary anchors, aliases and merge keys still deploy', () => {
    const compose = [
      'version: "3.8"',
      'x-common: &common',
      '  image: nginx',
      '  deploy: &deploy',
      '    replicas: 1',
      'services:',
      '  web:',
      '    <<: *common',
      '  api:',
      '    image: busybox',
      '    deploy: *deploy',
      '',
    ].join('\n');
    const sim = swarm();
    const r = deploy(sim, compose);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(sim.world.services.size).toBe(2);
  });

  it('a few hundred aliases in a small file pass, as they do with yaml.v3 (at most 99% of the nodes from aliases)', () => {
    const labels = Array.from({ length: 300 }, (_, i) => `      l${i}: *v`).join('\n');
    const compose = `version: "3.8"\nx-v: &v value\nservices:\n  web:\n    image: nginx\n    labels:\n${labels}\n`;
    expect(deploy(swarm(), compose).exitCode).toBe(0);
  });
});

describe('scenario front matter that would exhaust the parser', () => {
  const parseError = (frontMatter: string): string => {
    try {
      parseScenario(`---\n${frontMatter}\n---\nnode1$ docker swarm init\n`, 't.swarm');
    } catch (e) {
      if (e instanceof ScenarioError) return e.toString();
      throw e;
    }
    return '(parsed)';
  };
  it('an alias bomb', () => {
    expect(parseError(BOMB)).toBe('t.swarm:2:1: invalid front matter: document contains excessive aliasing');
  });
  it('deep nesting: located, and the same from any stack depth', () => {
    const deep = 'tags: ' + '['.repeat(5000) + ']'.repeat(5000);
    // The mapping is one level, the 100th bracket the 101st.
    const want = `t.swarm:2:${'tags: '.length + 100}: invalid front matter: ${DEPTH_WORDS}`;
    expect(parseError(deep)).toBe(want);
    expect(atDepth(3000, () => parseError(deep))).toBe(want);
    expect(parseError(DEEP_BLOCK)).toBe(`t.swarm:102:101: invalid front matter: ${DEPTH_WORDS}`);
  });
  it('an alias to no anchor says so', () => {
    expect(parseError('title: *nope')).toBe("t.swarm:2:8: invalid front matter: unknown anchor 'nope' referenced");
  });
});

/** Collection nesting of a parsed document (a scalar at the top is depth 0). */
function depthOf(node: unknown): number {
  if (isPair(node)) return Math.max(depthOf(node.key), depthOf(node.value));
  if (!isCollection(node)) return 0;
  let d = 0;
  for (const item of node.items) d = Math.max(d, depthOf(item));
  return d + 1;
}

describe('the depth check before parsing never under-counts', () => {
  it('a document it lets through nests no deeper than the limit, whatever its style', () => {
    const nested = fc.letrec<{ node: unknown }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.constant(null)),
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(fc.string({ maxLength: 4 }), tie('node'), { maxKeys: 3 }),
      ),
    })).node;
    const chain = fc.tuple(fc.integer({ min: 1, max: 130 }), fc.array(fc.constantFrom('seq', 'map'), { minLength: 1, maxLength: 4 }), nested).map(
      ([n, kinds, leaf]) => {
        let v: unknown = leaf;
        for (let i = 0; i < n; i++) v = kinds[i % kinds.length] === 'seq' ? [v, 'x'] : { k: v, "it's": '[' };
        return v;
      },
    );
    fc.assert(
      fc.property(chain, fc.constantFrom(0, 1, 3, 8), fc.boolean(), (value, flowLevel, compact) => {
        const src = stringify(value, { collectionStyle: flowLevel === 0 ? 'block' : 'any', indentSeq: !compact, lineWidth: 0 });
        if (yamlInputProblem(src) !== null) return;
        const doc = parseDocument(src);
        // The package's own stringify writes a few shapes it cannot read back (`k:\n[]`): not this check's concern.
        fc.pre(doc.errors.length === 0);
        expect(depthOf(doc.contents)).toBeLessThanOrEqual(YAML_LIMITS.maxDepth);
      }),
      { numRuns: 300, seed: 14 },
    );
  });

  it("nor on text made of YAML's punctuation, repeated (anchors and tags between entries included)", () => {
    expect(yamlInputProblem('? &a '.repeat(101))).not.toBeNull();
    expect(yamlInputProblem('- !t '.repeat(101) + 'x')).not.toBeNull();
    const frag = fc.constantFrom('[', '{', ']', '}', '- ', 'k: ', ': ', '? ', '"', "'", '#', '|', '>', '\n', ' ', '  ', 'k', ',', '&a ', '*a', '!t ', '\\', '\t', '-', ':');
    const text = fc
      .tuple(fc.array(frag, { maxLength: 8 }), fc.array(frag, { maxLength: 8 }), fc.integer({ min: 1, max: 250 }), fc.array(frag, { maxLength: 4 }))
      .map(([a, b, n, c]) => a.join('') + b.join('').repeat(n) + c.join(''));
    fc.assert(
      fc.property(text, (src) => {
        if (yamlInputProblem(src) !== null) return;
        const doc = parseDocument(src);
        expect(doc.errors.filter((e) => /call stack/.test(e.message))).toEqual([]);
        if (doc.errors.length === 0) expect(depthOf(doc.contents)).toBeLessThanOrEqual(YAML_LIMITS.maxDepth);
      }),
      { numRuns: 3000, seed: 3 },
    );
  });
});

describe('a mapping key that is a mapping or a sequence (found by npm run fuzz)', () => {
  // Texts as the real docker 28.2.2 client prints them (yaml.v3 decode.go: invalid map key: %#v).
  it.each([
    ['services:\n  web:\n    image: busybox\n    labels:\n      ? [a, 1, true, null, 1.5]\n      : c\n', 'yaml: invalid map key: []interface {}{"a", 1, true, interface {}(nil), 1.5}'],
    ['services:\n  ? {z: 1, a: {b: x}}\n  : c\n', 'yaml: invalid map key: map[string]interface {}{"a":map[string]interface {}{"b":"x"}, "z":1}'],
    ['x-a: &a {k: v}\nservices:\n  *a : 1\n', 'yaml: invalid map key: map[string]interface {}{"k":"v"}'],
  ])('%j is refused in yaml.v3\'s words, with no warning from the YAML library', async (compose, message) => {
    const warnings: string[] = [];
    const onWarning = (w: Error): void => void warnings.push(w.message);
    process.on('warning', onWarning);
    try {
      const sim = new Simulation();
      runDocker(sim, 'node1', ['swarm', 'init']);
      const r = runDocker(sim, 'node1', ['stack', 'deploy', '-c', '-', 's'], compose);
      expect({ stderr: r.stderr, exitCode: r.exitCode }).toEqual({ stderr: message + '\n', exitCode: 1 });
      // process.emitWarning reports on a later tick.
      await new Promise((done) => setImmediate(done));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).toEqual([]);
  });
});
