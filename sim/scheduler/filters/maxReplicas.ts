import type { Task } from '../../model/types.js';
import type { NodeInfo } from '../nodeInfo.js';
import type { Filter, Fix } from './filter.js';

/** MaxReplicasFilter: fewer active tasks of this service on the node than --replicas-max-per-node. */
export class MaxReplicasFilter implements Filter {
  readonly name = 'MaxReplicas' as const;
  private serviceId = '';
  private max = 0;
  setTask(t: Task): boolean {
    this.serviceId = t.serviceId;
    this.max = t.spec.placement.maxReplicas;
    return this.max > 0;
  }
  check(n: NodeInfo): boolean {
    return n.tasksOfService(this.serviceId) < this.max;
  }
  // Upstream's text takes no count and reads as it does.
  explain(_count: number): string {
    return 'max replicas per node limit exceed';
  }
  reason(n: NodeInfo): string {
    return `${n.tasksOfService(this.serviceId)} of max ${this.max} replicas already on node`;
  }
  fixes(_n: NodeInfo): Fix[] {
    return [{ text: `raise --replicas-max-per-node above ${this.max}`, command: `docker service update --replicas-max-per-node ${this.max + 1} ${this.serviceId}` }];
  }
}
