import type { Task } from '../../model/types.js';
import { firstUnmet, nodeValue, parseConstraints, NODE_LABEL_PREFIX, type Constraint } from '../constraint.js';
import type { NodeInfo } from '../nodeInfo.js';
import { nodes, type Filter, type Fix } from './filter.js';

/** ConstraintFilter: every placement constraint holds. A constraint that does not parse disables it, as upstream. */
export class ConstraintFilter implements Filter {
  readonly name = 'Constraint' as const;
  private constraints: Constraint[] = [];
  setTask(t: Task): boolean {
    if (t.spec.placement.constraints.length === 0) return false;
    try {
      this.constraints = parseConstraints(t.spec.placement.constraints);
      return true;
    } catch {
      return false;
    }
  }
  check(n: NodeInfo): boolean {
    return firstUnmet(this.constraints, n.node) === null;
  }
  explain(count: number): string {
    return `scheduling constraints not satisfied on ${nodes(count)}`;
  }
  private unmet(n: NodeInfo): Constraint[] {
    return this.constraints.filter((c) => firstUnmet([c], n.node) !== null);
  }
  reason(n: NodeInfo): string {
    return this.unmet(n)
      .map((c) => {
        const v = nodeValue(c.key, n.node);
        return v === undefined ? `${c.key}${c.op}${c.exp}: unknown key` : `${c.key}${c.op}${c.exp} (is "${v}")`;
      })
      .join('; ');
  }
  fixes(n: NodeInfo): Fix[] {
    const host = n.node.machine;
    return this.unmet(n).map((c) => {
      const lower = c.key.toLowerCase();
      if (lower.startsWith(NODE_LABEL_PREFIX)) {
        const label = c.key.slice(NODE_LABEL_PREFIX.length);
        return c.op === '=='
          ? { text: `label ${host} with ${label}=${c.exp}`, command: `docker node update --label-add ${label}=${c.exp} ${host}` }
          : { text: `remove label ${label} from ${host}`, command: `docker node update --label-rm ${label} ${host}` };
      }
      if (lower === 'node.role') {
        const promote = c.op === '==' ? c.exp.toLowerCase() === 'manager' : c.exp.toLowerCase() !== 'manager';
        return promote
          ? { text: `promote ${host}`, command: `docker node promote ${host}` }
          : { text: `demote ${host}`, command: `docker node demote ${host}` };
      }
      return { text: `change ${c.key} on ${host} to satisfy ${c.key}${c.op}${c.exp}`, command: null };
    });
  }
}
