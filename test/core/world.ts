import { serviceSpec, type ServiceSpecInput } from '../../sim/model/defaults.js';
import { Simulation } from '../../sim/simulation.js';
import { snapshot } from '../../sim/snapshot.js';

/** A swarm of `n` machines (node1 the manager), settled. */
export function swarm(n: number, seed = 1, managers = 1): Simulation {
  const sim = new Simulation({ seed });
  for (let i = 1; i <= n; i++) sim.machine(`node${i}`);
  const init = sim.swarmInit('node1');
  for (let i = 2; i <= n; i++) sim.swarmJoin(`node${i}`, i <= managers ? init.managerToken : init.workerToken, '192.168.99.100:2377');
  sim.settle();
  return sim;
}

export function create(sim: Simulation, i: ServiceSpecInput) {
  const s = sim.serviceCreate(serviceSpec(i));
  sim.settle();
  return s;
}

/** Running tasks per hostname. */
export function running(sim: Simulation, serviceName?: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of sim.world.tasks.values()) {
    if (t.status.state !== 'running') continue;
    if (serviceName && sim.world.services.get(t.serviceId)?.spec.name !== serviceName) continue;
    const h = sim.world.nodes.get(t.nodeId)!.machine;
    out[h] = (out[h] ?? 0) + 1;
  }
  return out;
}

export const state = (sim: Simulation): string => JSON.stringify(snapshot(sim));
