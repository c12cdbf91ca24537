/**
 * `swarmsim import`'s logic, without I/O: a bundle's text to a scenario, the
 * bundle's validator, and the comparison of real and simulated placements.
 */
export { BUNDLE_LIMITS, BUNDLE_VERSION, BundleError, parseBundle, validateBundle, type Bundle } from './bundle.js';
export { importScenario, isManagedPlugin, type ImportOptions, type ImportResult } from './scenario.js';
export { placementOf, realTasks, type Placement } from './checks.js';
export { comparePlacements, formatComparison, placementOfSnapshot, type PlacementComparison } from './compare.js';
export { collectBundle, CollectError, isReadOnly, READ_ONLY_COMMANDS, type DockerRunner } from './collect.js';
export { machinesOf } from './names.js';

import { parseBundle } from './bundle.js';
import { importScenario, type ImportOptions, type ImportResult } from './scenario.js';

/** Bundle text to scenario text; throws BundleError for a malformed bundle. */
export function importBundle(text: string, opts: ImportOptions = {}): ImportResult {
  return importScenario(parseBundle(text), opts);
}
