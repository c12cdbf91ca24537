/**
 * The cards' reason lines from the worker's answer (worker/nodeReasons.ts),
 * with what the replay knows besides: the step that removed a plugin a
 * service needs ("(removed at step 11)").
 */
import type { CardReason } from '../model/cluster.js';
import type { NodeReasons } from '../worker/nodeReasons.js';

export function cardReasons(
  nodes: readonly NodeReasons[],
  lastRemoval: (machine: string) => { step: number; plugin: string } | null,
): Map<string, CardReason[]> {
  const map = new Map<string, CardReason[]>();
  for (const n of nodes) {
    if (!n.reasons.length) continue;
    const removal = lastRemoval(n.machine);
    const repo = removal?.plugin.replace(/:[^:/]+$/, '');
    map.set(
      n.machine,
      n.reasons.map((x) => {
        const when = removal && x.filter === 'Plugin' && repo && x.text.includes(repo) ? ` (removed at step ${removal.step})` : '';
        return { service: x.service, text: `${x.text}${when}` };
      }),
    );
  }
  return map;
}
