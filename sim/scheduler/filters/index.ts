import type { Filter } from './filter.js';
import { ConstraintFilter } from './constraint.js';
import { HostPortFilter } from './hostPort.js';
import { MaxReplicasFilter } from './maxReplicas.js';
import { PlatformFilter } from './platform.js';
import { PluginFilter } from './plugin.js';
import { ReadyFilter } from './ready.js';
import { ResourceFilter } from './resource.js';

export type { Filter, FilterName, Fix } from './filter.js';

/**
 * SwarmKit's filter order (pipeline.go defaultFilters). The order matters:
 * a node counts only against the first filter it fails. The CSI VolumesFilter
 * is not modelled (cluster volumes are out of scope).
 */
export function defaultFilters(): Filter[] {
  return [
    new ReadyFilter(),
    new ResourceFilter(),
    new PluginFilter(),
    new ConstraintFilter(),
    new PlatformFilter(),
    new HostPortFilter(),
    new MaxReplicasFilter(),
  ];
}
