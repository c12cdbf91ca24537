import { describe, expect, it } from 'vitest';
import { FlagError, parseFlags, type FlagSpec } from '../../sim/docker/flags.js';
import { runDocker } from '../../sim/docker/run.js';
import { Simulation } from '../../sim/simulation.js';

const specs: FlagSpec[] = [
  { name: 'detach', short: 'd', type: 'bool' },
  { name: 'quiet', short: 'q', type: 'bool' },
  { name: 'name', type: 'string' },
  { name: 'replicas', type: 'uint' },
  { name: 'publish', short: 'p', type: 'list' },
];

describe('pflag semantics', () => {
  it('parses long, short, grouped and = forms, with flags after positionals', () => {
    const a = parseFlags(['--name=web', 'busybox', '-dq', '--replicas', '3', '-p', '80:80', '-p8080:80'], specs);
    expect(a.flags).toEqual({ detach: true, quiet: true, name: 'web', replicas: 3, publish: ['80:80', '8080:80'] });
    expect(a.args).toEqual(['busybox']);
    expect([...a.changed].sort()).toEqual(['detach', 'name', 'publish', 'quiet', 'replicas']);
  });
  it('stops at the first positional when not interspersed, and at --', () => {
    expect(parseFlags(['-d', 'busybox', 'ping', '-c', '3'], specs, { interspersed: false }).args).toEqual(['busybox', 'ping', '-c', '3']);
    expect(parseFlags(['--', '-d'], specs).args).toEqual(['-d']);
  });
  it("reports errors in pflag's words", () => {
    const msg = (argv: string[]): string => {
      try {
        parseFlags(argv, specs);
        return 'no error';
      } catch (e) {
        return (e as FlagError).message;
      }
    };
    expect(msg(['--nope'])).toBe('unknown flag: --nope');
    expect(msg(['-x'])).toBe("unknown shorthand flag: 'x' in -x");
    expect(msg(['--name'])).toBe('flag needs an argument: --name');
    expect(msg(['--replicas', 'abc'])).toBe('invalid argument "abc" for "--replicas" flag: strconv.ParseUint: parsing "abc": invalid syntax');
    expect(msg(['--detach=maybe'])).toBe('invalid argument "maybe" for "-d, --detach" flag: strconv.ParseBool: parsing "maybe": invalid syntax');
  });
});

describe('service create takes the container command verbatim', () => {
  it('passes `ping -c 3 host` to the task, not to docker', () => {
    const sim = new Simulation();
    sim.machine('node1');
    sim.swarmInit('node1');
    const r = runDocker(sim, 'node1', ['service', 'create', '-d', '--name', 'p', 'busybox', 'ping', '-c', '3', 'host'], null);
    expect(r.exitCode).toBe(0);
    const svc = sim.resolveService('p')!;
    expect([...svc.spec.task.command, ...svc.spec.task.args]).toEqual(['ping', '-c', '3', 'host']);
  });
});
