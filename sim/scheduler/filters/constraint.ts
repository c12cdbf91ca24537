import type { Task } from '../../model/types.js';
import { firstUnmet, nodeValue, parseConstraints, NODE_LABEL_PREFIX, type Constraint } from '../constraint.js';
import type { NodeInfo } from '../nodeInfo.js';
import { nodes, type Filter, type Fix } from './filter.js';

/** ConstraintFilter: every placement constraint holds. A constraint that does not parse disables it, as upstream. */
export class ConstraintFilter implements Filter {
  readonly name = 'Constraint' as const;
  private constraints: Constraint[] = [];
  /** The constraints as the spec holds them, in the same order: `--constraint-rm` matches them exactly. */
  private raw: readonly string[] = [];
  private serviceId = '';
  setTask(t: Task): boolean {
    if (t.spec.placement.constraints.length === 0) return false;
    try {
      this.constraints = parseConstraints(t.spec.placement.constraints);
      this.raw = t.spec.placement.constraints;
      this.serviceId = t.serviceId;
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
      return this.retarget(c, n);
    });
  }

  /**
   * A constraint no node update can satisfy (node.hostname, node.id, node.ip,
   * the platform, engine labels: the node reports them): point the service
   * at this node instead (`==`), or drop the constraint (`!=`). docker/cli
   * v28.2.2 service/update.go updatePlacementConstraints adds first, then
   * removes the exact strings given to --constraint-rm.
   */
  private retarget(c: Constraint, n: NodeInfo): Fix {
    const host = n.node.machine;
    const raw = this.raw[this.constraints.indexOf(c)] ?? `${c.key}${c.op}${c.exp}`;
    const rm = `--constraint-rm ${shellWord(raw)}`;
    if (c.op === '!=') return { text: `drop the constraint ${raw}, which ${host} fails`, command: `docker service update ${rm} ${this.serviceId}` };
    const v = c.key.toLowerCase() === 'node.ip' ? (n.node.description?.addr ?? '') : nodeValue(c.key, n.node);
    if (!v || !/^[\w.:\-/]+$/.test(v)) return { text: `change ${c.key} on ${host} to satisfy ${raw}`, command: null };
    const next = `${c.key}==${v}`;
    // The engine reports uname's machine: aarch64 and x86_64, never Go's arm64 and amd64.
    const alias = c.key.toLowerCase() === 'node.platform.arch' && GO_ARCH[v.toLowerCase()] === c.exp.toLowerCase() ? ` (engines report ${v}, not ${c.exp})` : '';
    return { text: `constrain to ${host}'s ${c.key} instead: ${next}${alias}`, command: `docker service update ${rm} --constraint-add ${shellWord(next)} ${this.serviceId}` };
  }
}

const GO_ARCH: Record<string, string> = { x86_64: 'amd64', aarch64: 'arm64' };

/** A word a shell reads back as it is: quoted unless made only of characters no shell treats specially. */
function shellWord(s: string): string {
  return /^[\w.=:/@+-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`;
}
