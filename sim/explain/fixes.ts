import { DEFAULT_MACHINE, ENGINE_VERSION } from '../engine/engines.js';
import { isBuiltinDriver } from '../engine/engine.js';
import type { SwarmNode } from '../model/types.js';
import type { Filter, Fix, FilterName } from '../scheduler/filters/index.js';
import { NodeInfo } from '../scheduler/nodeInfo.js';
import type { SimSnapshot, TaskView } from '../snapshot.js';

/**
 * Completes a filter's fixes into scenario lines that run as printed: a
 * manager's command gets the leader's prompt and the service's name, a
 * taken host port names the service to remove. A change with no such line
 * is dropped (null), so a node it would need is not offered.
 */
export function runnableFixes(snap: SimSnapshot, filter: FilterName, fixes: readonly Fix[], nodeId: string, serviceId: string): Fix[] | null {
  const out: Fix[] = [];
  for (const f of fixes) {
    const done = runnable(snap, filter, f, nodeId, serviceId);
    if (!done) return null;
    out.push(done);
  }
  return out.length > 0 ? out : null;
}

/** Whether `docker node demote` would be accepted: not the last manager, and quorum kept (controlapi.ts checkDemote's rules). */
function demotable(snap: SimSnapshot, nodeId: string): boolean {
  const managers = snap.nodes.filter((n) => n.role === 'manager');
  if (managers.length <= 1) return false;
  const running = (host: string): boolean => snap.machines.find((m) => m.name === host)?.running ?? false;
  const up = managers.filter((n) => n.id !== nodeId && running(n.hostname));
  return up.length * 2 > managers.length - 1;
}

/** The host a manager's command is typed on: the leader, else any reachable manager. */
export function managerHost(snap: SimSnapshot): string | null {
  const leader = snap.nodes.find((n) => n.leader);
  return leader?.hostname ?? snap.nodes.find((n) => n.role === 'manager' && n.status === 'ready')?.hostname ?? null;
}

function runnable(snap: SimSnapshot, filter: FilterName, f: Fix, nodeId: string, serviceId: string): Fix | null {
  const manager = managerHost(snap);
  const serviceName = (id: string): string => snap.services.find((s) => s.id === id)?.name ?? id;
  if (f.command === null) {
    if (filter !== 'HostPort' || !manager) return null;
    // "free port 8080/tcp on node2": the task holding it belongs to another service, which can go.
    const m = /^free port (\d+)\/(\w+) on /.exec(f.text);
    if (!m) return null;
    const holder = snap.tasks.find(
      (t) =>
        t.nodeId === nodeId &&
        t.serviceId !== serviceId &&
        ['assigned', 'accepted', 'preparing', 'ready', 'starting', 'running'].includes(t.status.state) &&
        t.hostPorts.some((p) => p.publishMode === 'host' && String(p.publishedPort) === m[1] && p.protocol === m[2]),
    );
    if (!holder) return null;
    const name = serviceName(holder.serviceId);
    return { text: `${f.text}: remove service ${name}, whose task ${holder.name} holds it`, command: `${manager}$ docker service rm ${name}` };
  }
  if (/^[\w.-]+\$ /.test(f.command)) return f;
  if (!manager) return null;
  if (f.command.startsWith('docker node demote ') && !demotable(snap, nodeId)) return null;
  const command = f.command.replace(serviceId, serviceName(serviceId));
  return { text: f.text.replace(serviceId, serviceName(serviceId)), command: `${manager}$ ${command}` };
}

/**
 * The token of Docker's own documents (docs.docker.com, swarm tutorial):
 * swarmsim accepts any well-formed token, so a suggested join runs as
 * printed; on a real swarm, `docker swarm join-token worker` prints yours.
 */
export const DOCUMENTS_WORKER_TOKEN = 'SWMTKN-1-49nj1cmql0jkz5s954yi3oex3nedyz0fb0xx14ie39trti4wxv-8vxv8rssmk743ojnwacrr2e7c';

/** A machine name no machine of the snapshot has: node<N>, from one past their count. */
export function newMachineName(snap: SimSnapshot): string {
  const taken = new Set(snap.machines.map((m) => m.name));
  let k = snap.machines.length + 1;
  while (taken.has(`node${k}`)) k++;
  return `node${k}`;
}

/**
 * A fresh worker as `node<N>$ docker swarm join` would make it (a default
 * machine: engines.ts DEFAULT_MACHINE, the built-in drivers only), for
 * checking that the task would pass every filter there.
 */
export function freshWorker(snap: SimSnapshot, name: string): SwarmNode | null {
  const leader = snap.nodes.find((n) => n.leader);
  if (!leader?.description) return null;
  const d = leader.description;
  return {
    id: `new-${name}`,
    machine: name,
    role: 'worker',
    availability: 'active',
    labels: {},
    status: 'ready',
    statusMessage: '',
    createdAt: snap.time,
    updatedAt: snap.time,
    lastHeartbeat: snap.time,
    description: {
      hostname: name,
      platform: { os: DEFAULT_MACHINE.os, arch: DEFAULT_MACHINE.arch },
      resources: { nanoCPUs: Math.round(DEFAULT_MACHINE.cpus * 1e9), memoryBytes: DEFAULT_MACHINE.memoryBytes },
      engine: { version: ENGINE_VERSION, labels: {}, plugins: d.engine.plugins.filter((p) => isBuiltinDriver(p.type, p.name)) },
      addr: '',
    },
  };
}

/**
 * Changes beyond one node, when no node of the swarm can be changed to take
 * the task: a new worker that would pass every filter (its join line, typed
 * on the new machine), and, when the nodes refuse it only because the
 * service's own tasks hold its host port there, scaling the service down to
 * the tasks that have a node.
 */
export function swarmFixes(snap: SimSnapshot, task: TaskView, enabled: readonly Filter[], nodes: readonly NodeInfo[]): { node: string; changes: Fix[] }[] {
  const out: { node: string; changes: Fix[] }[] = [];
  const leader = snap.nodes.find((n) => n.leader);
  const manager = managerHost(snap);
  if (!leader || !manager || task.preassigned) return out;
  const name = newMachineName(snap);
  const fresh = freshWorker(snap, name);
  if (fresh && enabled.every((f) => f.check(new NodeInfo(fresh)))) {
    out.push({
      node: `${name} (a new node)`,
      changes: [
        {
          text: `add a worker ${name} (a machine of ${DEFAULT_MACHINE.cpus} CPUs and ${DEFAULT_MACHINE.memoryBytes / 2 ** 30}GiB; on a real swarm use the token docker swarm join-token worker prints)`,
          command: `${name}$ docker swarm join --token ${DOCUMENTS_WORKER_TOKEN} ${leader.ip}:2377`,
        },
      ],
    });
  }
  const service = snap.services.find((s) => s.id === task.serviceId);
  const ownPorts = nodes.length > 0 && nodes.every((n) => enabled.every((f) => f.check(n) || (f.name === 'HostPort' && portsHeldBy(snap, n.id, task, task.serviceId))));
  if (service && ownPorts) {
    // Through the routing mesh the port is the swarm's, not one node's: replicas can share a node.
    const ports = task.hostPorts.filter((p) => p.publishMode === 'host' && p.publishedPort !== 0);
    const spec = (p: (typeof ports)[number]): string => `published=${p.publishedPort},target=${p.targetPort}${p.protocol === 'tcp' ? '' : `,protocol=${p.protocol}`}`;
    out.push({
      node: `service ${service.name}`,
      changes: [
        {
          text: `publish ${ports.map((p) => `${p.publishedPort}/${p.protocol}`).join(', ')} through the routing mesh (ingress mode) instead of on each node: replicas can then share a node`,
          command: `${manager}$ docker service update ${ports.map((p) => `--publish-rm ${spec(p)},mode=host --publish-add ${spec(p)}`).join(' ')} ${service.name}`,
        },
      ],
    });
  }
  if (service && service.spec.mode.kind === 'replicated' && ownPorts) {
    const placed = snap.tasks.filter((t) => t.serviceId === task.serviceId && t.nodeId !== '' && ACTIVE.has(t.status.state) && t.desiredState === 'running').length;
    if (placed < service.spec.mode.replicas)
      out.push({
        node: `service ${service.name}`,
        changes: [
          {
            text: `scale ${service.name} down to the ${placed} replica${placed === 1 ? '' : 's'} that have a node: each node takes one task publishing the port`,
            command: `${manager}$ docker service scale ${service.name}=${placed}`,
          },
        ],
      });
  }
  return out;
}

const ACTIVE: ReadonlySet<string> = new Set(['assigned', 'accepted', 'preparing', 'ready', 'starting', 'running']);

/** Whether every host port of `task` taken on the node is held by a task of `serviceId`. */
function portsHeldBy(snap: SimSnapshot, nodeId: string, task: TaskView, serviceId: string): boolean {
  const wanted = task.hostPorts.filter((p) => p.publishMode === 'host' && p.publishedPort !== 0);
  const holders = snap.tasks.filter((t) => t.nodeId === nodeId && t.id !== task.id && ACTIVE.has(t.status.state));
  return wanted.every((p) => {
    const held = holders.filter((t) => t.hostPorts.some((q) => q.publishMode === 'host' && q.publishedPort === p.publishedPort && q.protocol === p.protocol));
    return held.every((t) => t.serviceId === serviceId);
  });
}
