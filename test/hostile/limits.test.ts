import { describe, expect, it } from 'vitest';
import { runDocker } from '../../sim/docker/run.js';
import { SCENARIO_LIMITS } from '../../sim/scenario/limits.js';
import { parseScenario, ScenarioError } from '../../sim/scenario/parse.js';
import { Simulation } from '../../sim/simulation.js';
import { snapshot } from '../../sim/snapshot.js';

const file = (...lines: string[]): string => lines.join('\n') + '\n';

function parseError(text: string): string {
  try {
    parseScenario(text, 't.swarm');
  } catch (e) {
    if (e instanceof ScenarioError) return e.toString();
    throw e;
  }
  return '(parsed)';
}

describe('scenario dimensions past their limits are located errors', () => {
  it('a file over 10,000,000 characters', () => {
    const big = 'node1$ docker swarm init\n' + '# ' + 'x'.repeat(99_000) + '\n';
    expect(parseError(big.repeat(Math.ceil(SCENARIO_LIMITS.maxFileChars / big.length) + 1))).toBe(
      "t.swarm:1:1: file is larger than 10,000,000 characters (swarmsim's limit)",
    );
  });
  it('a line over 100,000 characters, wherever it is (here a here-document line)', () => {
    expect(parseError(file('node1$ docker stack deploy -c - s <<EOF', 'x'.repeat(100_001), 'EOF'))).toBe(
      "t.swarm:2:100001: line is longer than 100,000 characters (swarmsim's limit)",
    );
    expect(parseError(file('node1$ docker swarm init', 'x'.repeat(100_000)))).toBe('(parsed)');
  });
  it('a here-document over 1,000,000 characters, at its operator', () => {
    const body = Array.from({ length: 11 }, () => 'x'.repeat(99_999));
    expect(parseError(file('node1$ docker stack deploy -c - s <<EOF', ...body, 'EOF'))).toBe(
      "t.swarm:1:35: here-document is longer than 1,000,000 characters (swarmsim's limit)",
    );
  });
  it('a command of more than 10,000 words (200,000 --label flags was a 2.4 MB file)', () => {
    const flags = Array.from({ length: 5000 }, (_, i) => `  --label k${i}=v \\`);
    expect(parseError(file('node1$ docker service create \\', ...flags, '  nginx'))).toBe(
      "t.swarm:5000:11: command has more than 10,000 words (swarmsim's limit)",
    );
  });
  it('more than 10,000 machines, at the step naming the 10,001st', () => {
    expect(parseError(file('m[00001-10000]$ docker info', 'extra$ docker info'))).toBe(
      "t.swarm:2:1: more than 10,000 machines in one scenario (swarmsim's limit)",
    );
    expect(parseError(file('m[00001-09999]$ docker info', 'extra$ docker info'))).toBe('(parsed)');
  });
  it("durations stop at Go's limit (2562047h47m16.854775807s): time is virtual and event-driven, so the longest sleep is cheap", () => {
    expect(parseError(file('sim$ sleep 2562048h'))).toBe('t.swarm:1:12: invalid duration "2562048h": expected a Go duration like 500ms, 30s, 5m, 1h or 1m30s');
    expect(parseError(file('sim$ sleep 2562047h'))).toBe('(parsed)');
  });
});

describe('services asking for more tasks than are simulated are refused, changing nothing', () => {
  const world = (): Simulation => {
    const sim = new Simulation({ seed: 2 });
    runDocker(sim, 'node1', ['swarm', 'init']);
    runDocker(sim, 'node1', ['service', 'create', '-d', '--name', 'web', 'nginx']);
    return sim;
  };
  const refusal = 'Error response from daemon: rpc error: code = InvalidArgument desc = swarmsim simulates at most 1000000 replicas per service, got 100000000\n';
  const cases: [string, string[], string | null][] = [
    ['service create --replicas', ['service', 'create', '-d', '--replicas', '100000000', 'nginx'], null],
    ['service scale', ['service', 'scale', '-d', 'web=100000000'], null],
    ['service update --replicas', ['service', 'update', '-d', '--replicas', '100000000', 'web'], null],
    ['stack deploy', ['stack', 'deploy', '-c', '-', 's'], 'version: "3.8"\nservices:\n  api:\n    image: nginx\n    deploy:\n      replicas: 100000000\n'],
  ];
  for (const [what, argv, stdin] of cases) {
    it(what, () => {
      const control = world();
      const sim = world();
      const r = runDocker(sim, 'node1', argv, stdin);
      expect(r.exitCode).not.toBe(0);
      expect(r.stderr).toContain(refusal.trim().replace(/^Error response from daemon: /, ''));
      // A stack creates its networks before its services, as docker does: only the services can be compared.
      const of = (x: Simulation): unknown => (stdin ? snapshot(x).services : snapshot(x));
      expect(JSON.stringify(of(sim))).toBe(JSON.stringify(of(control)));
    });
  }
});
