import { runDocker } from '../../sim/docker/run.js';
import { Simulation } from '../../sim/simulation.js';

/** Splits a command line as a shell would for these tests: spaces, '...' and "..." quoting. */
export function shellSplit(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === "'" || c === '"') {
      const end = line.indexOf(c, i + 1);
      cur += line.slice(i + 1, end);
      i = end;
      inWord = true;
    } else if (c === ' ') {
      if (inWord) out.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (inWord) out.push(cur);
  return out;
}

/** A settled swarm: node1 the manager, the others workers, joined through the core API. */
export function swarm(seed: number, n = 2): Simulation {
  const sim = new Simulation({ seed });
  for (let i = 1; i <= n; i++) sim.machine(`node${i}`);
  const init = sim.swarmInit('node1');
  for (let i = 2; i <= n; i++) sim.swarmJoin(`node${i}`, init.workerToken, '192.168.99.100:2377');
  sim.settle();
  return sim;
}

export interface Typed {
  out: string;
  err: string;
  code: number;
}

/**
 * `docker ...` typed on `host`, then settled as the scenario runner does:
 * unless detached, or always (`settle: 'always'`).
 */
export function docker(sim: Simulation, host: string, line: string, stdin: string | null = null, settle: 'unless-detached' | 'always' = 'unless-detached'): Typed {
  const argv = shellSplit(line).slice(1);
  const r = runDocker(sim, host, argv, stdin);
  if (settle === 'always' || !argv.some((a) => a === '-d' || a === '--detach')) sim.settle();
  return { out: r.stdout, err: r.stderr, code: r.exitCode };
}

/** Output without trailing blanks per line and without the final newline. */
export const lines = (s: string): string => s.replace(/[ \t]+$/gm, '').replace(/\n$/, '');
