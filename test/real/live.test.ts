/**
 * The differential test against a live Swarm: the documents' two examples
 * and a manager-loss scenario are replayed on real engines made on this
 * machine (lab.ts), and swarmsim must match what they print, step by step,
 * as in differential.test.ts. Where the lab cannot be made (no root, no
 * docker.io, no network namespaces), the test says so loudly and is skipped:
 * `.ci/run` installs what it needs.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../sim/scenario/parse.js';
import { compareScenario } from './differential.js';
import { prerequisites } from './lab.js';
import { replay } from './replay.js';

const ROOT = resolve(import.meta.dirname, '../..');
export const LIVE_SCENARIOS = ['weave2-network-plugin', 'volume-plugin-on-worker', 'node-manager-quorum-loss'];

const missing = process.env.SWARMSIM_REAL === '0' ? ['SWARMSIM_REAL=0 (turned off)'] : prerequisites();
if (missing.length > 0) {
  const bar = '!'.repeat(78);
  process.stderr.write(`\n${bar}\n!! The live real-Swarm test is SKIPPED: this machine lacks ${missing.join(', ')}.\n!! Run .ci/run (as root) to install docker.io, busybox-static and iproute2.\n${bar}\n\n`);
}

describe.skipIf(missing.length > 0)('swarmsim against a live Swarm', () => {
  // Concurrently: each scenario gets its own lab (namespaces, engines, registry).
  it.concurrent.each(LIVE_SCENARIOS)(
    '%s',
    async (name) => {
      const file = join('scenarios', `${name}.swarm`);
      const scenario = parseScenario(readFileSync(join(ROOT, file), 'utf8'), file);
      const rec = await replay({ file, scenario });
      const bad = compareScenario(file, scenario, rec).filter((c) => c.problems.length > 0);
      const report = bad.map((c) => `${file}:${c.line} ${c.command}\n${c.problems.join('\n')}`).join('\n\n');
      expect(report, `${report}\n\nengine logs:\n${rec.logs}`).toBe('');
    },
    15 * 60_000,
  );
});
