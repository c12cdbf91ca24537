import { serviceSpec, type ServiceSpecInput } from '../../sim/model/defaults.js';
import type { NodeDescription, PluginDescription, SwarmNode, Task, TaskNetwork } from '../../sim/model/types.js';
import { NodeInfo } from '../../sim/scheduler/nodeInfo.js';

let seq = 0;

export function node(id: string, opts: Partial<SwarmNode> & { plugins?: PluginDescription[]; cpus?: number; memory?: number; os?: string; arch?: string; engineLabels?: Record<string, string> } = {}): SwarmNode {
  const description: NodeDescription = {
    hostname: id,
    platform: { os: opts.os ?? 'linux', arch: opts.arch ?? 'x86_64' },
    resources: { nanoCPUs: (opts.cpus ?? 2) * 1e9, memoryBytes: opts.memory ?? 2 * 2 ** 30 },
    engine: { version: '28.2.2', labels: opts.engineLabels ?? {}, plugins: opts.plugins ?? [] },
    addr: opts.description?.addr ?? '10.0.0.1',
  };
  return {
    id,
    machine: id,
    role: opts.role ?? 'worker',
    availability: opts.availability ?? 'active',
    labels: opts.labels ?? {},
    status: opts.status ?? 'ready',
    statusMessage: '',
    description: opts.description === null ? null : description,
    createdAt: 0,
    updatedAt: 0,
    lastHeartbeat: 0,
  };
}

export function info(n: SwarmNode): NodeInfo {
  return new NodeInfo(n);
}

export function task(spec: Partial<ServiceSpecInput> = {}, extra: { serviceId?: string; networks?: TaskNetwork[]; nodeId?: string; hostPorts?: Task['hostPorts'] } = {}): Task {
  const s = serviceSpec({ name: 'svc', ...spec });
  return {
    id: `task${++seq}`,
    serviceId: extra.serviceId ?? 'svc1',
    slot: 1,
    nodeId: extra.nodeId ?? '',
    desiredState: 'running',
    status: { state: 'pending', timestamp: 0, message: 'pending task scheduling', err: '' },
    specVersion: 1,
    spec: s.task,
    networks: extra.networks ?? [],
    hostPorts: extra.hostPorts ?? s.ports.filter((p) => p.publishMode === 'host'),
    createdAt: 0,
    containerId: '',
    jobIteration: 1,
    preassigned: false,
  };
}
