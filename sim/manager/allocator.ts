/**
 * The allocator (swarmkit manager/allocator), on the leader: a new task is
 * PENDING once its networks are allocated, and a service's ingress ports
 * published as 0 get the lowest free port from 30000 to 32767
 * (allocator/network/portallocator.go), kept across updates.
 */
import type { World } from '../cluster/world.js';
import { stateGt } from '../model/taskState.js';
import type { PortConfig, Service, ServiceSpec, Task } from '../model/types.js';
import type { Timers } from './term.js';

export const INGRESS_PORT_RANGE = { first: 30000, last: 32767 } as const;

export class Allocator {
  constructor(
    private readonly world: World,
    private readonly timers: Timers,
  ) {}

  /** NEW -> PENDING, in the next instant. */
  taskChanged(t: Task): void {
    if (t.status.state !== 'new') return;
    this.timers.schedule(0, `allocate ${t.id}`, () => {
      if (this.world.tasks.get(t.id) !== t || t.status.state !== 'new') return;
      this.world.as('allocator', () => {
        if (stateGt(t.desiredState, 'running') && t.desiredState !== 'complete') this.world.moveTask(t, 'SHUTDOWN', 'shutdown');
        else this.world.moveTask(t, 'ALLOCATE', 'pending task scheduling');
      });
    });
  }

  /** A new leader's allocator picks up every task still NEW. */
  leaderStarted(): void {
    for (const t of this.world.tasks.values()) this.taskChanged(t);
  }
}

/** The endpoint ports of `svc` under `spec`: explicit ones as given, 0 -> the lowest free ingress port. */
export function allocatePorts(world: World, svc: Service, spec: ServiceSpec): PortConfig[] {
  // Only a port published as 0 needs the others': a stack of thousands of services mostly has none.
  if (!spec.ports.some((p) => p.publishMode === 'ingress' && p.publishedPort === 0)) return [...spec.ports];
  const taken = new Set<string>();
  for (const s of world.services.values())
    if (s !== svc) for (const p of s.endpointPorts) if (p.publishMode === 'ingress') taken.add(`${p.protocol}/${p.publishedPort}`);
  for (const p of spec.ports) if (p.publishMode === 'ingress' && p.publishedPort !== 0) taken.add(`${p.protocol}/${p.publishedPort}`);
  return spec.ports.map((p) => {
    if (p.publishMode !== 'ingress' || p.publishedPort !== 0) return p;
    const before = svc.endpointPorts.find((q) => q.protocol === p.protocol && q.targetPort === p.targetPort && q.publishMode === 'ingress');
    if (before && !taken.has(`${p.protocol}/${before.publishedPort}`)) {
      taken.add(`${p.protocol}/${before.publishedPort}`);
      return { ...p, publishedPort: before.publishedPort };
    }
    for (let port = INGRESS_PORT_RANGE.first; port <= INGRESS_PORT_RANGE.last; port++) {
      if (taken.has(`${p.protocol}/${port}`)) continue;
      taken.add(`${p.protocol}/${port}`);
      return { ...p, publishedPort: port };
    }
    return p;
  });
}
