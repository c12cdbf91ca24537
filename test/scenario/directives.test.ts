import { describe, expect, it } from 'vitest';
import { parseScenario, type Directive } from '../../sim/scenario/parse.js';
import { parseError } from './helpers.js';

const directive = (line: string): Directive => {
  const step = parseScenario(line + '\n', 't.swarm').steps[0];
  if (step.kind !== 'sim') throw new Error('not a directive');
  return step.directive;
};

describe('sim$ machine', () => {
  it('parses every flag, in both spellings', () => {
    expect(
      directive(
        'sim$ machine edge-1.eu --cpus=0.5 --memory 512MiB --os linux --arch=arm64 ' +
          '--engine-label zone=eu --engine-label=disk= --ip 10.0.0.255',
      ),
    ).toEqual({
      name: 'machine',
      machine: 'edge-1.eu',
      cpus: 0.5,
      memoryBytes: 512 * 1024 ** 2,
      os: 'linux',
      arch: 'arm64',
      engineLabels: [
        { key: 'zone', value: 'eu' },
        { key: 'disk', value: '' },
      ],
      ip: '10.0.0.255',
    });
  });

  it.each([
    ['1073741824', 1024 ** 3],
    ['2g', 2 * 1024 ** 3],
    ['1.5GB', 1.5 * 1024 ** 3],
    ['2GiB', 2 * 1024 ** 3],
    ['"1 kb"', 1024],
    ['100b', 100],
    ['1.7b', 1],
    ['1t', 1024 ** 4],
  ])('reads --memory %s with binary units, like docker', (size, bytes) => {
    expect(directive(`sim$ machine a --memory ${size}`)).toMatchObject({ memoryBytes: bytes });
  });

  it('accepts the NAME after the flags', () => {
    expect(directive('sim$ machine --cpus 4 n2')).toMatchObject({ machine: 'n2', cpus: 4 });
  });

  it('makes the machine a host before any prompt names it', () => {
    const s = parseScenario('sim$ machine b\na$ docker ps\nsim$ stop c\nsim$ start a\nsim$ fail b.1\n', 't');
    expect(s.hosts).toEqual(['b', 'a', 'c']);
  });

  it.each([
    ['sim$ machine', '1:6: "machine" needs a NAME'],
    ['sim$ machine a b', '1:16: unexpected argument "b": "machine" takes one NAME'],
    ['sim$ machine sim', '1:14: machine name "sim" is reserved for directives ("sim$ ...")'],
    ['sim$ machine _x', '1:14: invalid machine name "_x": use letters, digits, ".", "_" and "-", starting with a letter or digit'],
    ['sim$ machine a --cpus 0', '1:23: --cpus must be a positive number, got "0"'],
    ['sim$ machine a --cpus -1', '1:23: --cpus must be a positive number, got "-1"'],
    ['sim$ machine a --cpus=1e3', '1:16: --cpus must be a positive number, got "1e3"'],
    ['sim$ machine a --cpus', '1:16: flag --cpus needs a value'],
    ['sim$ machine a --cpus --memory 1g', '1:16: flag --cpus needs a value'],
    ['sim$ machine a --os=', '1:16: flag --os needs a value'],
    ['sim$ machine a --cpus 1 --cpus 2', '1:25: flag --cpus given twice'],
    ['sim$ machine a --gpus 1', '1:16: unknown flag "--gpus" for "machine" (expected --cpus, --memory, --os, --arch, --engine-label or --ip)'],
    ['sim$ machine a --memory 2XB', '1:25: --memory must be a size like 2GiB, 512MiB, 2g, 1.5GB or 1073741824, got "2XB"'],
    ['sim$ machine a --memory 1ib', '1:25: --memory must be a size like 2GiB, 512MiB, 2g, 1.5GB or 1073741824, got "1ib"'],
    ['sim$ machine a --memory -1g', '1:25: --memory must be a size like 2GiB, 512MiB, 2g, 1.5GB or 1073741824, got "-1g"'],
    ['sim$ machine a --memory inf', '1:25: --memory must be a size like 2GiB, 512MiB, 2g, 1.5GB or 1073741824, got "inf"'],
    ['sim$ machine a --memory 99999999p', '1:25: --memory must be a size like 2GiB, 512MiB, 2g, 1.5GB or 1073741824, got "99999999p"'],
    ['sim$ machine a --memory 0',  '1:25: --memory must be at least one byte, got "0"'],
    ['sim$ machine a --engine-label zone', '1:31: --engine-label must be KEY=VALUE, got "zone"'],
    ['sim$ machine a --engine-label =x', '1:31: --engine-label must be KEY=VALUE, got "=x"'],
    ['sim$ machine a --engine-label k=1 --engine-label k=2', '1:50: engine label "k" given twice'],
    ['sim$ machine a --ip 10.0.0.256', '1:21: --ip must be a dotted IPv4 address like 10.0.0.5, got "10.0.0.256"'],
    ['sim$ machine a --ip 10.0.0', '1:21: --ip must be a dotted IPv4 address like 10.0.0.5, got "10.0.0"'],
    ['sim$ machine a --ip 10.0.0.01', '1:21: --ip must be a dotted IPv4 address like 10.0.0.5, got "10.0.0.01"'],
  ])('%s', (line, message) => {
    expect(parseError(line)).toBe(`t.swarm:${message}`);
  });
});

describe('sim$ registry', () => {
  it('parses capabilities, scope and privileges', () => {
    expect(
      directive(
        'sim$ registry vieux/sshfs:latest --type volumedriver,logdriver --scope global ' +
          '--privilege mount=/var/lib/docker/plugins --privilege=mount=/dev --privilege capabilities=CAP_SYS_ADMIN',
      ),
    ).toEqual({
      name: 'registry',
      plugin: 'vieux/sshfs:latest',
      types: ['volumedriver', 'logdriver'],
      scope: 'global',
      privileges: [
        { key: 'mount', value: '/var/lib/docker/plugins' },
        { key: 'mount', value: '/dev' },
        { key: 'capabilities', value: 'CAP_SYS_ADMIN' },
      ],
    });
  });

  it('defaults the scope to local and does not name a host', () => {
    const s = parseScenario('sim$ registry weave --type=networkdriver,ipamdriver\n', 't');
    expect(s.steps[0].kind === 'sim' && s.steps[0].directive).toEqual({
      name: 'registry',
      plugin: 'weave',
      types: ['networkdriver', 'ipamdriver'],
      scope: 'local',
      privileges: [],
    });
    expect(s.hosts).toEqual([]);
  });

  it.each([
    ['sim$ registry p', '1:6: "registry" needs --type CAP[,CAP] (volumedriver, networkdriver, ipamdriver, logdriver, authz or metricscollector)'],
    ['sim$ registry --type authz', '1:6: "registry" needs a PLUGIN name'],
    ['sim$ registry p --type authz,volume', '1:24: unknown plugin capability "volume" (expected volumedriver, networkdriver, ipamdriver, logdriver, authz or metricscollector)'],
    ['sim$ registry p --type=authz,', '1:17: unknown plugin capability "" (expected volumedriver, networkdriver, ipamdriver, logdriver, authz or metricscollector)'],
    ['sim$ registry p --type authz,authz', '1:24: plugin capability "authz" given twice'],
    ['sim$ registry p --type authz --type logdriver', '1:30: flag --type given twice'],
    ['sim$ registry p --type authz --scope swarm', '1:38: --scope must be "local" or "global", got "swarm"'],
    ['sim$ registry p --type authz --privilege network', '1:42: --privilege must be NAME=VALUE, got "network"'],
    ['sim$ registry p --type authz --privilege network=', '1:42: --privilege must be NAME=VALUE, got "network="'],
    ['sim$ registry "a b" --type authz', '1:15: invalid plugin name "a b"'],
  ])('%s', (line, message) => {
    expect(parseError(line)).toBe(`t.swarm:${message}`);
  });
});

describe('sim$ sleep, stop, start, fail', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['1m30s', 90_000],
    ['1.5h', 5_400_000],
    ['.5s', 500],
    ['1.1s', 1100],
    ['1500us', 1.5],
    ['2µs', 0.002],
    ['0', 0],
    ['1h2m3s4ms', 3_723_004],
    ['1.s', 1000],
    ['+2m', 120_000],
    ['-0s', 0],
    ['1ns', 0.000001],
    ['2562047h', 2562047 * 3_600_000],
  ])('sleep %s is %d ms', (text, ms) => {
    expect(directive(`sim$ sleep ${text}`)).toEqual({ name: 'sleep', ms });
  });

  it('parses stop, start and fail', () => {
    expect(directive('sim$ stop node-2')).toEqual({ name: 'stop', machine: 'node-2' });
    expect(directive('sim$ start node-2')).toEqual({ name: 'start', machine: 'node-2' });
    expect(directive('sim$ fail web.node-2')).toEqual({ name: 'fail', task: 'web.node-2' });
    expect(directive("sim$ fail 'x9z2k'")).toEqual({ name: 'fail', task: 'x9z2k' });
  });

  it.each([
    ['sim$ sleep', '1:6: "sleep" needs a DURATION (like 500ms, 30s, 5m, 1h or 1m30s)'],
    ['sim$ sleep 5', '1:12: invalid duration "5": expected a Go duration like 500ms, 30s, 5m, 1h or 1m30s'],
    // The count of arguments is checked before their values: here the stray "s" is the mistake.
    ['sim$ sleep 5 s', '1:14: unexpected argument "s": "sleep" takes one DURATION (like 500ms, 30s, 5m, 1h or 1m30s)'],
    ['sim$ sleep 1S', '1:12: invalid duration "1S": expected a Go duration like 500ms, 30s, 5m, 1h or 1m30s'],
    ['sim$ sleep 1d', '1:12: invalid duration "1d": expected a Go duration like 500ms, 30s, 5m, 1h or 1m30s'],
    ['sim$ sleep .s', '1:12: invalid duration ".s": expected a Go duration like 500ms, 30s, 5m, 1h or 1m30s'],
    ['sim$ sleep 2562048h', '1:12: invalid duration "2562048h": expected a Go duration like 500ms, 30s, 5m, 1h or 1m30s'],
    ['sim$ sleep -1s', '1:12: sleep duration must not be negative, got "-1s"'],
    ['sim$ sleep 1s 2s', '1:15: unexpected argument "2s": "sleep" takes one DURATION (like 500ms, 30s, 5m, 1h or 1m30s)'],
    ['sim$ sleep --for 1s', '1:12: unknown flag "--for": "sleep" takes no flags'],
    ['sim$ stop', '1:6: "stop" needs a machine NAME'],
    ['sim$ start a b', '1:14: unexpected argument "b": "start" takes one machine NAME'],
    ['sim$ stop "a b"', '1:11: invalid machine name "a b": use letters, digits, ".", "_" and "-", starting with a letter or digit'],
    ['sim$ fail', '1:6: "fail" needs a TASK (a task ID, SERVICE.SLOT or SERVICE.NODE)'],
    ["sim$ fail ''", '1:11: TASK must not be empty'],
  ])('%s', (line, message) => {
    expect(parseError(line)).toBe(`t.swarm:${message}`);
  });
});
