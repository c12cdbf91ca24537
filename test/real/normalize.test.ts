import { describe, expect, it } from 'vitest';
import { normalize, RULES } from './normalize.js';

const rule = (name: string) => {
  const r = RULES.find((x) => x.name === name);
  if (!r) throw new Error(`no rule ${name}`);
  return (t: string, argv: string[] = []) => r.apply(t, argv);
};

describe('normalization of outputs for the differential test', () => {
  it('hides join tokens', () => {
    expect(rule('join tokens')('--token SWMTKN-1-49nj1cmql0jkz5s954yi3oex3nedyz0fb0xx14ie39trti4wxv-8vxv8rssmk743ojnwacrr2e7c 1.2.3.4')).toBe(
      '--token SWMTKN-1-<token> 1.2.3.4',
    );
  });

  it('hides digests and 64-hex IDs, not shorter hex', () => {
    expect(rule('digests')('Digest: sha256:' + 'a'.repeat(64))).toBe('Digest: sha256:<digest>');
    expect(rule('long hex IDs')('id ' + 'ab'.repeat(32) + ' and cafe')).toBe('id <hex64> and cafe');
  });

  it('hides 25-character swarm IDs but not longer words', () => {
    expect(rule('swarm IDs')('current node (dxn1zf6l61qsb1josjja83ngz) is')).toBe('current node (<ID>) is');
    expect(rule('swarm IDs')('web.1.9jn59qzn7nbc3m0zt1hij12xs')).toBe('web.1.<ID>');
    expect(rule('swarm IDs')('a'.repeat(26))).toBe('a'.repeat(26));
  });

  it('hides 12-character IDs at the start of a row or holding a digit, not plain words', () => {
    expect(rule('short IDs')('z1sj8bb8jnfn   my-service\nabcdefghijkl   x')).toBe('<id>   my-service\n<id>   x');
    expect(rule('short IDs')('eb9c16fbdc53: Download complete')).toBe('<id>: Download complete');
    expect(rule('short IDs')('NAME   availability   x')).toBe('NAME   availability   x');
  });

  it('hides ages and uptimes of every unit', () => {
    const r = rule('ages');
    expect(r('Running 5 seconds ago')).toBe('Running <age> ago');
    expect(r('Running less than a second ago')).toBe('Running <age> ago');
    expect(r('Pending About a minute ago')).toBe('Pending <age> ago');
    expect(r('Up 2 days')).toBe('Up <age>');
    expect(r('Up Less than a second')).toBe('Up <age>');
    expect(r('Exited (1) 3 seconds ago')).toBe('Exited (1) <age> ago');
    expect(r('5 seconds')).toBe('5 seconds');
  });

  it('hides timestamps', () => {
    expect(rule('timestamps')('"CreatedAt": "2026-12-03T15:01:56.123456789Z"')).toBe('"CreatedAt": "<time>"');
    expect(rule('timestamps')('2026-12-03 15:01:56.1 +0000 UTC')).toBe('<time>');
  });

  it('makes column widths equal', () => {
    expect(rule('column widths')('ID    NAME      IMAGE   \nx     y         z')).toBe('ID   NAME   IMAGE\nx   y   z');
  });

  it("sorts a global service's progress rows, which come in map order", () => {
    expect(rule('global progress rows')('overall progress: 2 out of 3 tasks\n<id>: running\n<id>: missing plugin on 1 node\nverify: x')).toBe(
      'overall progress: 2 out of 3 tasks\n<id>: missing plugin on 1 node\n<id>: running\nverify: x',
    );
  });

  it('compares the slots of a task table as a set, each with its history', () => {
    const a = 'ID   NAME\n<id>   web.1   node1\n<id>   \\_ web.1   node2\n<id>   web.2   node2';
    const b = 'ID   NAME\n<id>   web.1   node2\n<id>   web.2   node1\n<id>   \\_ web.2   node2';
    expect(rule('slot numbers')(a, ['service', 'ps'])).toBe(rule('slot numbers')(b, ['service', 'ps']));
    expect(rule('slot numbers')(a, ['service', 'ps'])).not.toBe(rule('slot numbers')(a.replace('web.2   node2', 'web.2   node3'), ['service', 'ps']));
    expect(rule('slot numbers')('web.1', ['service', 'ls'])).toBe('web.1');
  });

  it('sorts container rows of docker ps only', () => {
    const t = 'CONTAINER ID   IMAGE\nb   x\na   y';
    expect(rule('container order')(t, ['ps'])).toBe('CONTAINER ID   IMAGE\na   y\nb   x');
    expect(rule('container order')(t, ['service', 'ps'])).toBe(t);
  });

  it('gives one text for a real and a simulated service ps that differ only by IDs and ages', () => {
    const real = 'ID             NAME    IMAGE\nll8jwr8c1d0y   web.1   nginx:latest   Running 8 seconds ago';
    const sim = 'ID           NAME    IMAGE\n3kq9zz0a1b2c   web.1   nginx:latest   Running 12 seconds ago';
    expect(normalize(real, ['service', 'ps'])).toBe(normalize(sim, ['service', 'ps']));
  });
});
