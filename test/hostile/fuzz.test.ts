import { describe, expect, it } from 'vitest';
import { runDocker } from '../../sim/docker/run.js';
import { Simulation } from '../../sim/simulation.js';
import { cliInput } from '../fuzz/cli.js';
import { AREAS, fuzz, fuzzAll, fuzzOne } from '../fuzz/fuzz.js';

describe('npm run fuzz, a bounded slice', () => {
  for (const area of AREAS.filter((a) => a !== 'cli')) {
    it(`${area}: 400 seeded inputs, no crash, hang, change on refusal or nondeterminism`, () => {
      const findings = fuzz({ seed: 14, inputs: 400, areas: [area], hangMs: 5000 });
      expect(findings.map((f) => `${f.kind}: ${f.detail.split('\n')[0]} (npm run fuzz -- --area ${f.area} --seed ${f.seed} --only ${f.index})`)).toEqual([]);
    }, 120_000);
  }

  it('cli: 60 seeded command lines over random files, in process (and the first as a process when lib/ is built)', async () => {
    const findings = await fuzzAll({ seed: 14, inputs: 0, cliInputs: 60, areas: ['cli'] });
    expect(findings.map((f) => `${f.kind}: ${f.detail.split('\n')[0]} (npm run fuzz -- --area cli --seed ${f.seed} --only ${f.index})`)).toEqual([]);
  }, 120_000);

  it('an input is a function of the seed and its index', () => {
    expect(fuzzOne('parser', 3, 17)).toEqual(fuzzOne('parser', 3, 17));
    expect(cliInput(3, 17)).toEqual(cliInput(3, 17));
  });
});

describe('what the fuzzer found (seed 1)', () => {
  const deploy = (compose: string): { exitCode: number; stderr: string } => {
    const sim = new Simulation({ seed: 1 });
    runDocker(sim, 'node1', ['swarm', 'init']);
    const r = runDocker(sim, 'node1', ['stack', 'deploy', '-c', '-', 's'], compose);
    return { exitCode: r.exitCode, stderr: r.stderr };
  };
  it('a service with no body is refused as the schema refuses it (input compose 125)', () => {
    expect(deploy('version: "3.8"\nservices:\n  a:\n    image: busybox\n  b:\n')).toEqual({ exitCode: 1, stderr: 'services.b must be a mapping\n' });
  });
  it("a merge key whose value is not a mapping, in yaml.v3's words (input compose 88)", () => {
    expect(deploy('version: "3.8"\nservices:\n  a:\n    <<: 3\n    image: busybox\n')).toEqual({
      exitCode: 1,
      stderr: 'yaml: map merge requires map or sequence of maps as the value\n',
    });
  });
});
