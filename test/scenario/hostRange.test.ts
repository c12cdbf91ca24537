/**
 * Host-range prompts (`m[002-200]$ docker ...`): pdsh's range syntax, its
 * errors, and a range step's run: every host in order, one settle, output
 * grouped as dshbak -c prints it, the largest exit status.
 */
import { describe, expect, it } from 'vitest';
import { compressHosts, expandHostRange, groupOutputs } from '../../sim/scenario/hostRange.js';
import { parseScenario, type DockerStep } from '../../sim/scenario/parse.js';
import { runScenario } from '../../sim/scenario/run.js';
import { file, parseError } from './helpers.js';

const TOKEN = 'SWMTKN-1-49nj1cmql0jkz5s954yi3oex3nedyz0fb0xx14ie39trti4wxv-8vxv8rssmk743ojnwacrr2e7c';

describe('expandHostRange', () => {
  it('pads to the width of a first number with a leading zero, as pdsh does', () => {
    expect(expandHostRange('m[008-011]').hosts).toEqual(['m008', 'm009', 'm010', 'm011']);
    expect(expandHostRange('n[9-11]').hosts).toEqual(['n9', 'n10', 'n11']);
  });

  it('takes lists, single numbers and a suffix', () => {
    expect(expandHostRange('node[1-2,5].lab').hosts).toEqual(['node1.lab', 'node2.lab', 'node5.lab']);
  });

  it('refuses backwards ranges, duplicates, junk and more than 10,000 hosts', () => {
    expect(() => expandHostRange('m[5-2]')).toThrow('host range 5-2 in "m[5-2]" runs backwards');
    expect(() => expandHostRange('m[1-3,2]')).toThrow('host m2 appears twice in "m[1-3,2]"');
    expect(() => expandHostRange('m[a-b]')).toThrow('invalid host range item "a-b"');
    expect(() => expandHostRange('m[]')).toThrow('invalid host range item ""');
    expect(() => expandHostRange('m[0-10000]')).toThrow('names more than 10,000 hosts');
    expect(expandHostRange('m[1-10000]').hosts).toHaveLength(10_000);
  });
});

describe('compressHosts and groupOutputs', () => {
  it('writes consecutive hosts back as ranges', () => {
    const r = expandHostRange('m[001-010]');
    expect(compressHosts('m', '', r.hosts)).toBe('m[001-010]');
    expect(compressHosts('m', '', ['m001', 'm002', 'm004', 'm009', 'm010'])).toBe('m[001-002,004,009-010]');
    expect(compressHosts('m', '', ['m003'])).toBe('m003');
  });

  it('prints each distinct output once, under the hosts that printed it; silent hosts have no block', () => {
    const r = expandHostRange('n[1-4]');
    expect(groupOutputs(r, ['ok\n', 'ok\n', '', 'no\n'])).toBe(
      ['----------------', 'n[1-2]', '----------------', 'ok', '----------------', 'n4', '----------------', 'no', ''].join('\n'),
    );
  });
});

describe('a scenario with host ranges', () => {
  const text = file(
    'm1$ docker swarm init --advertise-addr 192.168.99.100',
    `m[2-4]$ docker swarm join --token ${TOKEN} 192.168.99.100:2377`,
    '----------------',
    'm[2-4]',
    '----------------',
    'This node joined a swarm as a worker.',
    '',
    'm[1,3]$ docker node ls -q',
    '----------------',
    'm1',
    '----------------',
    '\\w{25} (re)',
    '\\w{25} (re)',
    '\\w{25} (re)',
    '\\w{25} (re)',
    '----------------',
    'm3',
    '----------------',
    "Error response from daemon: This node is not a swarm manager. Worker nodes can't be used to view or modify cluster state. Please run this command on a manager node or promote the current node to a manager.",
    '[1]',
  );

  it('parses the range into its hosts, keeping the prompt as written', () => {
    const s = parseScenario(text, 't.swarm');
    const join = s.steps[1] as DockerStep;
    expect(join.host).toBe('m[2-4]');
    expect(join.hosts).toEqual(['m2', 'm3', 'm4']);
    expect((s.steps[0] as DockerStep).hosts).toBeUndefined();
    expect(s.hosts).toEqual(['m1', 'm2', 'm3', 'm4']);
  });

  it('runs the command on each host, groups the output and exits with the largest status', () => {
    const run = runScenario(parseScenario(text, 't.swarm'));
    expect(run.steps.map((s) => s.check?.ok)).toEqual([undefined, true, true]);
    expect(run.steps[1].snapshot.nodes.map((n) => n.hostname)).toEqual(['m1', 'm2', 'm3', 'm4']);
    expect(run.steps[2].exitCode).toBe(1);
    expect(run.steps[1].host).toBe('m[2-4]');
  });

  it('locates range errors at the prompt', () => {
    expect(parseError('m[3-1]$ docker ps\n')).toBe('t.swarm:1:1: host range 3-1 in "m[3-1]" runs backwards');
    expect(parseError('m[1-2]$docker ps\n')).toBe('t.swarm:1:8: expected a space after "m[1-2]$"');
    expect(parseError(`m[1-2]$ sim stop m1\n`)).toBe('t.swarm:1:9: expected "docker" after "m[1-2]$", found "sim"');
  });
});
