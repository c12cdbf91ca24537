import type { Task } from '../../model/types.js';
import type { NodeInfo } from '../nodeInfo.js';
import { nodes, type Filter, type Fix } from './filter.js';

const cpus = (nano: number): string => String(Math.round(nano / 1e6) / 1e3);
const mib = (bytes: number): string => `${Math.round((bytes / 2 ** 20) * 10) / 10}MiB`;

/** ResourceFilter: reserved CPU and memory fit what the node has left. */
export class ResourceFilter implements Filter {
  readonly name = 'Resource' as const;
  private cpu = 0;
  private mem = 0;
  private serviceId = '';
  setTask(t: Task): boolean {
    this.serviceId = t.serviceId;
    this.cpu = t.spec.reservations.nanoCPUs;
    this.mem = t.spec.reservations.memoryBytes;
    return this.cpu !== 0 || this.mem !== 0;
  }
  check(n: NodeInfo): boolean {
    return this.cpu <= n.availableCPUs && this.mem <= n.availableMemory;
  }
  explain(count: number): string {
    return `insufficient resources on ${nodes(count)}`;
  }
  reason(n: NodeInfo): string {
    const parts: string[] = [];
    if (this.cpu > n.availableCPUs) parts.push(`needs ${cpus(this.cpu)} CPU, ${cpus(Math.max(0, n.availableCPUs))} free`);
    if (this.mem > n.availableMemory) parts.push(`needs ${mib(this.mem)} memory, ${mib(Math.max(0, n.availableMemory))} free`);
    return parts.join('; ');
  }
  fixes(n: NodeInfo): Fix[] {
    const host = n.node.machine;
    const out: Fix[] = [];
    // The change that needs no other service touched: reserve no more than the node has free.
    const freeCpu = Math.max(0, n.availableCPUs);
    const freeMib = Math.floor(Math.max(0, n.availableMemory) / 2 ** 20);
    if (this.cpu > n.availableCPUs)
      out.push({ text: `free ${cpus(this.cpu - n.availableCPUs)} CPU on ${host}, or reserve at most ${cpus(freeCpu)}`, command: `docker service update --reserve-cpu ${cpus(freeCpu)} ${this.serviceId}` });
    if (this.mem > n.availableMemory)
      out.push({ text: `free ${mib(this.mem - n.availableMemory)} memory on ${host}, or reserve at most ${freeMib}MiB`, command: `docker service update --reserve-memory ${freeMib}MiB ${this.serviceId}` });
    return out;
  }
}
