import type { Network, Service, Task, TaskNetwork } from '../model/types.js';
import type { TaskState } from '../model/taskState.js';
import type { World } from '../cluster/world.js';

/**
 * A new task for a service (swarmkit manager/orchestrator/task.go NewTask):
 * NEW, message `created`, carrying the service's current spec and version.
 * Network attachments are resolved here so the plugin filter can read their
 * drivers; ingress joins when a port is published in ingress mode.
 */
export function newTask(world: World, service: Service, slot: number, nodeId: string, desired: TaskState): Task {
  const spec = service.spec;
  const networks: TaskNetwork[] = [];
  const attach = (n: Network | undefined): void => {
    if (n && !networks.some((x) => x.networkId === n.id)) networks.push({ networkId: n.id, driver: n.driver });
  };
  if (spec.ports.some((p) => p.publishMode === 'ingress')) attach([...world.networks.values()].find((n) => n.ingress));
  for (const ref of spec.task.networks) attach(world.networks.get(ref) ?? [...world.networks.values()].find((n) => n.name === ref));
  return {
    id: world.rng.swarmId(),
    serviceId: service.id,
    slot,
    nodeId,
    desiredState: desired,
    status: { state: 'new', timestamp: world.now, message: 'created', err: '' },
    specVersion: service.specVersion,
    spec: spec.task,
    networks,
    hostPorts: spec.ports.filter((p) => p.publishMode === 'host'),
    createdAt: world.now,
    containerId: '',
    jobIteration: service.jobIteration,
    preassigned: nodeId !== '',
  };
}

/** Whether a task runs an older task template than its service (orchestrator IsTaskDirty, by value). */
export function isTaskDirty(service: Service, t: Task): boolean {
  return t.spec !== service.spec.task && specJson(t.spec) !== specJson(service.spec.task);
}

/** Task specs are never changed once made, so each one's JSON is made once (every reconcile compares). */
const SPEC_JSON = new WeakMap<Task['spec'], string>();
function specJson(spec: Task['spec']): string {
  let json = SPEC_JSON.get(spec);
  if (json === undefined) SPEC_JSON.set(spec, (json = JSON.stringify(spec)));
  return json;
}
