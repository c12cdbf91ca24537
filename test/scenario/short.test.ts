/** The front matter's `short:`: one sentence for a slide, beside the description. */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../sim/scenario/parse.js';
import { file, parseError } from './helpers.js';

describe('front matter short:', () => {
  it('is one sentence for a slide, kept beside the description', () => {
    const s = parseScenario(file('---', 'title: t', 'short: "Eight tasks: all on node1."', '---', 'node1$ docker swarm init'), 't.swarm');
    expect(s.meta.short).toBe('Eight tasks: all on node1.');
    expect(parseScenario(file('node1$ docker swarm init'), 't.swarm').meta.short).toBeUndefined();
  });

  it('must be a string', () => {
    expect(parseError(file('---', 'short: [a]', '---'))).toBe('t.swarm:2:8: front matter "short" must be a string');
  });
});
