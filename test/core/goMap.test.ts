import { describe, expect, it } from 'vitest';
import { Rng } from '../../sim/rng.js';
import { GoMap } from '../../sim/scheduler/goMap.js';

const map = (seed: number, keys: string[]): GoMap => {
  const m = new GoMap(new Rng(seed));
  for (const k of keys) m.set(k);
  return m;
};

describe('Go map iteration order (runtime/map.go)', () => {
  it('ranges over a small map as a rotation of insertion order', () => {
    const keys = ['a', 'b', 'c', 'd', 'e'];
    for (let seed = 0; seed < 50; seed++) {
      const order = map(seed, keys).keys();
      const i = keys.indexOf(order[0]);
      expect(order).toEqual([...keys.slice(i), ...keys.slice(0, i)]);
    }
  });

  it('puts the first key first 7 times in 8 when it holds two keys', () => {
    let first = 0;
    const runs = 4000;
    const m = map(7, ['node1', 'node2']);
    for (let i = 0; i < runs; i++) if (m.keys()[0] === 'node1') first++;
    expect(first / runs).toBeGreaterThan(0.84);
    expect(first / runs).toBeLessThan(0.91);
  });

  it('gives a freed slot to the next key', () => {
    const m = map(1, ['a', 'b', 'c']);
    m.delete('a');
    m.set('d');
    for (let i = 0; i < 20; i++) {
      const order = m.keys();
      const ring = ['d', 'b', 'c'];
      const at = ring.indexOf(order[0]);
      expect(order).toEqual([...ring.slice(at), ...ring.slice(0, at)]);
    }
  });

  it('grows at the ninth key, after which order is no longer a rotation', () => {
    const keys = Array.from({ length: 9 }, (_, i) => `k${i}`);
    let rotations = 0;
    for (let seed = 0; seed < 40; seed++) {
      const order = map(seed, keys).keys();
      expect([...order].sort()).toEqual([...keys].sort());
      const i = keys.indexOf(order[0]);
      if (order.join() === [...keys.slice(i), ...keys.slice(0, i)].join()) rotations++;
    }
    expect(rotations).toBeLessThan(40);
  });

  it('is the same for the same seed', () => {
    const keys = Array.from({ length: 30 }, (_, i) => `task${i}`);
    expect(map(3, keys).keys()).toEqual(map(3, keys).keys());
    expect(map(3, keys).keys()).not.toEqual(map(4, keys).keys());
  });
});
