import type { Task } from '../../model/types.js';
import type { NodeInfo } from '../nodeInfo.js';
import { nodes, type Filter, type Fix } from './filter.js';

/** ReadyFilter: the node is READY and ACTIVE. Always enabled. */
export class ReadyFilter implements Filter {
  readonly name = 'Ready' as const;
  setTask(_t: Task): boolean {
    return true;
  }
  check(n: NodeInfo): boolean {
    return n.node.status === 'ready' && n.node.availability === 'active';
  }
  explain(count: number): string {
    return `${nodes(count)} not available for new tasks`;
  }
  reason(n: NodeInfo): string {
    if (n.node.status !== 'ready') return `node is ${n.node.status}`;
    return `availability is ${n.node.availability}`;
  }
  fixes(n: NodeInfo): Fix[] {
    const host = n.node.machine;
    const out: Fix[] = [];
    if (n.node.status !== 'ready') out.push({ text: `start ${host}`, command: `sim$ start ${host}` });
    if (n.node.availability !== 'active')
      out.push({
        text: `set ${host} availability to active`,
        command: `docker node update --availability active ${host}`,
      });
    return out;
  }
}
