/**
 * swarmsim against a real Swarm, for every bundled scenario: its output,
 * exit status and placements, step by step, against the transcript recorded
 * on real engines (npm run real -- --record). Runs offline: the recordings
 * are files. See accepted.ts for the differences allowed, and why.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../sim/scenario/parse.js';
import { ACCEPTED } from './accepted.js';
import { compareScenario, recordingOf } from './differential.js';
import { LAB_MAX_MACHINES, machinesOf } from './replay.js';

const ROOT = resolve(import.meta.dirname, '../..');
const files = readdirSync(join(ROOT, 'scenarios'))
  .filter((f) => f.endsWith('.swarm'))
  .sort();
const used = new Set<string>();

describe('swarmsim against the recorded real Swarm', () => {
  for (const f of files) {
    it(f, () => {
      const file = join('scenarios', f);
      const rec = recordingOf(file);
      const scenario = parseScenario(readFileSync(join(ROOT, file), 'utf8'), file);
      // A swarm larger than the lab can run is not recorded (harness limit): nothing to compare.
      if (!rec && machinesOf(scenario).length > LAB_MAX_MACHINES) return;
      expect(rec, `${file} has no recording: npm run real -- --record ${file}`).toBeDefined();
      const bad = compareScenario(file, scenario, rec!, used).filter((c) => c.problems.length > 0);
      const report = bad.map((c) => `${file}:${c.line} ${c.command}\n${c.problems.join('\n')}`).join('\n\n');
      expect(report, report).toBe('');
    });
  }

  it('uses every accepted difference', () => {
    const unused = ACCEPTED.filter((a) => !used.has(a.id)).map((a) => a.id);
    expect(unused, `accepted differences no step needs: ${unused.join(', ')}`).toEqual([]);
  });
});
