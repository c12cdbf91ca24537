import type { PortConfig, Task } from '../../model/types.js';
import type { NodeInfo } from '../nodeInfo.js';
import { nodes, type Filter, type Fix } from './filter.js';

const NONE: PortConfig[] = [];

/** HostPortFilter: no host-mode published port of the task is taken on the node. */
export class HostPortFilter implements Filter {
  readonly name = 'HostPort' as const;
  private ports: PortConfig[] = [];
  setTask(t: Task): boolean {
    this.ports = t.hostPorts.length === 0 ? NONE : t.hostPorts.filter((p) => p.publishMode === 'host' && p.publishedPort !== 0);
    return this.ports.length > 0;
  }
  check(n: NodeInfo): boolean {
    return !this.ports.some((p) => n.hostPortUsed(p));
  }
  explain(count: number): string {
    return `host-mode port already in use on ${nodes(count)}`;
  }
  private taken(n: NodeInfo): PortConfig[] {
    return this.ports.filter((p) => n.hostPortUsed(p));
  }
  reason(n: NodeInfo): string {
    return this.taken(n).map((p) => `port ${p.publishedPort}/${p.protocol} in use`).join('; ');
  }
  fixes(n: NodeInfo): Fix[] {
    return this.taken(n).map((p) => ({ text: `free port ${p.publishedPort}/${p.protocol} on ${n.node.machine}`, command: null }));
  }
}
