import { describe, expect, it } from 'vitest';
import { runDocker } from '../../sim/docker/run.js';
import { parseScenario } from '../../sim/scenario/parse.js';
import { runScenario } from '../../sim/scenario/run.js';
import { Simulation } from '../../sim/simulation.js';
import { snapshot } from '../../sim/snapshot.js';

/** A swarm of two with a service, built the same way for every comparison. */
function world(): Simulation {
  const sim = new Simulation({ seed: 7 });
  runDocker(sim, 'node1', ['swarm', 'init']);
  runDocker(sim, 'node2', ['swarm', 'join', '--token', 'SWMTKN-1-49nj1cmql0jkz5s954yi3oex3nedyz0fb0xx14ie39trti4wxv-8vxv8rssmk743ojnwacrr2e7c', '192.168.99.100:2377']);
  runDocker(sim, 'node1', ['service', 'create', '--name', 'web', '--replicas', '2', 'nginx']);
  return sim;
}

/** Everything a later command can observe: the snapshot, the trace length and the next draws of the random source. */
function observable(sim: Simulation): string {
  const draws = Array.from({ length: 8 }, () => sim.world.rng.int(1_000_000));
  return JSON.stringify({ snap: snapshot(sim), trace: sim.world.trace.length, draws });
}

const REFUSED: string[][] = [
  ['service', 'create', '--network', 'nope', 'nginx'],
  ['service', 'create', '--network', 'nope', '--name', 'x', 'nginx'],
  ['volume', 'create', '--driver', 'nope/plugin'],
  ['volume', 'create', '--driver', 'nope/plugin', 'named'],
  ['service', 'create', '--mount', 'type=volume,src=v,dst=/d,volume-driver=nope/plugin', '--network', 'nope', 'nginx'],
  ['service', 'create', '--name', 'web', 'nginx'],
  ['network', 'create', '-d', 'nope/driver', 'net1'],
  ['plugin', 'install', '--grant-all-permissions', 'nope/nothere'],
  ['service', 'update', '--network-add', 'nope', 'web'],
];

describe('a refused command changes nothing, the seeded random source included', () => {
  for (const argv of REFUSED) {
    it(`docker ${argv.join(' ')}`, () => {
      const control = world();
      const sim = world();
      const res = runDocker(sim, 'node1', argv);
      expect(res.exitCode, res.output).not.toBe(0);
      expect(observable(sim)).toBe(observable(control));
    });
  }

  it('a scenario with the refused line gives the same later IDs and names as without it', () => {
    const head = ['node1$ docker swarm init', 'node1$ docker service create --name web nginx'];
    const tail = ['node1$ docker service create nginx', 'node1$ docker service ls', 'node1$ docker volume create', 'node1$ docker volume ls'];
    const refused = ['node1$ docker service create --network nope nginx', 'node1$ docker volume create --driver nope/plugin'];
    const outputs = (lines: string[]): string[] => {
      const run = runScenario(parseScenario(lines.join('\n') + '\n', 't.swarm'));
      return run.steps.filter((s) => s.exitCode === 0).map((s) => s.output);
    };
    const without = outputs([...head, ...tail]);
    const withRefusals = outputs([...head, ...refused, ...tail]);
    expect(withRefusals).toEqual(without);
  });
});
