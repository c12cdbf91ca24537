import type { Mount, Placement, RestartPolicy, ServiceMode, ServiceSpec, TaskSpec, UpdateConfig } from './types.js';

/** SwarmKit's defaults (api/defaults/service.go). */
export const DEFAULT_RESTART: RestartPolicy = { condition: 'any', delay: 5000, maxAttempts: 0, window: 0 };
export const DEFAULT_UPDATE: UpdateConfig = {
  parallelism: 1,
  delay: 0,
  failureAction: 'pause',
  monitor: 5000,
  maxFailureRatio: 0,
  order: 'stop-first',
};
export const DEFAULT_PLACEMENT: Placement = { constraints: [], preferences: [], maxReplicas: 0, platforms: [] };

export interface ServiceSpecInput {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  env?: string[];
  mode?: ServiceMode;
  replicas?: number;
  mounts?: Partial<Mount>[];
  networks?: string[];
  placement?: Partial<Placement>;
  reserveCpus?: number;
  reserveMemory?: number;
  restart?: Partial<RestartPolicy>;
  update?: Partial<UpdateConfig>;
  rollback?: Partial<UpdateConfig>;
  logDriver?: string | null;
  ports?: ServiceSpec['ports'];
  labels?: Record<string, string>;
}

/** A complete spec from the few fields a caller cares about. */
export function serviceSpec(i: ServiceSpecInput): ServiceSpec {
  const mode: ServiceMode = i.mode ?? { kind: 'replicated', replicas: i.replicas ?? 1 };
  const isJob = mode.kind === 'replicated-job' || mode.kind === 'global-job';
  const task: TaskSpec = {
    image: i.image ?? 'busybox:latest',
    command: i.command ?? [],
    args: i.args ?? [],
    env: i.env ?? [],
    mounts: (i.mounts ?? []).map((m) => ({
      type: m.type ?? 'volume',
      source: m.source ?? '',
      target: m.target ?? '/data',
      readonly: m.readonly ?? false,
      volumeDriver: m.volumeDriver ?? '',
      volumeOptions: m.volumeOptions ?? {},
      volumeLabels: m.volumeLabels ?? {},
    })),
    placement: { ...DEFAULT_PLACEMENT, ...(i.placement ?? {}) },
    reservations: { nanoCPUs: Math.round((i.reserveCpus ?? 0) * 1e9), memoryBytes: i.reserveMemory ?? 0 },
    limits: { nanoCPUs: 0, memoryBytes: 0 },
    // Jobs restart on failure only (docker/cli service opts for jobs).
    restart: { ...DEFAULT_RESTART, ...(isJob ? { condition: 'on-failure' as const } : {}), ...(i.restart ?? {}) },
    logDriver: i.logDriver ? { name: i.logDriver, options: {} } : null,
    networks: i.networks ?? [],
    forceUpdate: 0,
  };
  return {
    name: i.name,
    labels: i.labels ?? {},
    mode,
    task,
    update: { ...DEFAULT_UPDATE, ...(i.update ?? {}) },
    rollback: { ...DEFAULT_UPDATE, ...(i.rollback ?? {}) },
    ports: i.ports ?? [],
  };
}
