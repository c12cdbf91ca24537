/**
 * The model of fast-check's model-based testing: what commands need to know
 * to decide whether they make sense now (a machine exists, a plugin is
 * installed, a service is replicated...). It is not a second simulator:
 * after each step it is read back from the real simulation, so it is always
 * exact, and commands use it only to avoid wasting a step on a refusal.
 */
import type { NodeRole } from '../model/types.js';
import type { Simulation } from '../simulation.js';

export interface MachineModel {
  readonly running: boolean;
  /** The engine is part of the swarm (it has a node). */
  readonly joined: boolean;
  readonly role: NodeRole | null;
  /** Installed plugins by local name with tag (`vieux/sshfs:latest`): enabled or not. */
  readonly plugins: ReadonlyMap<string, boolean>;
  readonly volumes: ReadonlySet<string>;
}

export interface ServiceModel {
  readonly global: boolean;
  readonly replicas: number;
}

export interface SwarmModel {
  machines: ReadonlyMap<string, MachineModel>;
  swarm: boolean;
  /** Swarm-scoped networks by name: their driver as given. */
  networks: ReadonlyMap<string, string>;
  services: ReadonlyMap<string, ServiceModel>;
}

/** The model of the simulation as it is now. */
export function modelOf(sim: Simulation): SwarmModel {
  const w = sim.world;
  const machines = new Map<string, MachineModel>();
  for (const m of w.machines.values()) {
    const node = w.nodeOf(m);
    machines.set(m.name, {
      running: m.running,
      joined: node !== undefined,
      role: node?.role ?? null,
      plugins: new Map(m.plugins.map((p) => [p.name, p.enabled])),
      volumes: new Set(m.volumes.map((v) => v.name)),
    });
  }
  const networks = new Map<string, string>();
  for (const n of w.networks.values()) if (!n.ingress) networks.set(n.name, n.driver);
  const services = new Map<string, ServiceModel>();
  for (const s of w.services.values()) {
    const mode = s.spec.mode;
    services.set(s.spec.name, {
      global: mode.kind === 'global' || mode.kind === 'global-job',
      replicas: mode.kind === 'replicated' ? mode.replicas : mode.kind === 'replicated-job' ? mode.totalCompletions : 0,
    });
  }
  return { machines, swarm: w.swarm !== null, networks, services };
}

/** The host that runs `docker swarm init` and every cluster command. */
export const MANAGER = 'node1';

/** The manager's engine runs and is a manager: cluster commands can be served. */
export function managerUp(m: Readonly<SwarmModel>): boolean {
  const mm = m.machines.get(MANAGER);
  return m.swarm && !!mm && mm.running && mm.role === 'manager';
}
