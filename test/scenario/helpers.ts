import { ScenarioError, parseScenario } from '../../sim/scenario/parse.js';

/** Lines joined by "\n", so tests can write files one line per string. */
export const file = (...lines: string[]): string => lines.join('\n') + '\n';

/** The located error text, or a marker when parsing succeeded (so the assertion fails readably). */
export function parseError(text: string, name = 't.swarm'): string {
  try {
    parseScenario(text, name);
  } catch (e) {
    if (e instanceof ScenarioError) return e.toString();
    throw e;
  }
  return '(parsed without error)';
}
