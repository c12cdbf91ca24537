import type { Fix, FilterName } from '../scheduler/filters/index.js';
import type { SimSnapshot } from '../snapshot.js';

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
  const command = f.command.replace(serviceId, serviceName(serviceId));
  return { text: f.text.replace(serviceId, serviceName(serviceId)), command: `${manager}$ ${command}` };
}
