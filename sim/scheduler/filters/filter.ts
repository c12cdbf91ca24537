import type { Task } from '../../model/types.js';
import type { NodeInfo } from '../nodeInfo.js';

/** A change that would let a node pass a filter, in the words of a command or an action. */
export interface Fix {
  /** A short instruction: `install plugin bboreham/weave2:latest on node2`. */
  readonly text: string;
  /**
   * A command that would do it, when there is one: `node2$ docker plugin install ...`,
   * or a manager's command without its prompt (`docker node update ...`,
   * naming a service by ID) that explanations complete with the leader's host.
   */
  readonly command: string | null;
}

/**
 * One scheduling rule, shaped like swarmkit's Filter (manager/scheduler/filter.go):
 * `setTask` says whether the rule applies to the task, `check` whether a node
 * passes, `explain(n)` what n failures mean in SwarmKit's own words. `reason`
 * and `fixes` go deeper than SwarmKit: why this node fails, and what would
 * make it pass.
 */
export interface Filter {
  readonly name: FilterName;
  setTask(t: Task): boolean;
  check(n: NodeInfo): boolean;
  explain(nodes: number): string;
  reason(n: NodeInfo): string;
  fixes(n: NodeInfo): Fix[];
}

export type FilterName = 'Ready' | 'Resource' | 'Plugin' | 'Constraint' | 'Platform' | 'HostPort' | 'MaxReplicas';

/** "%d nodes" or "1 node", as every count-taking Explain in filter.go. */
export const nodes = (n: number): string => (n === 1 ? '1 node' : `${n} nodes`);
