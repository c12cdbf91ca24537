/**
 * The harness's private network: one namespace holding a bridge, and one
 * namespace per machine with a veth on that bridge. Nothing has a default
 * route, so nothing can leave the machine; the addresses are the simulator's
 * (192.168.99.100, .101, ...) and only ever exist inside these namespaces.
 */
import { existsSync } from 'node:fs';
import { run } from './proc.js';

export const SUBNET_PREFIX = 24;
/** The bridge's own address: the offline registry listens here. */
export const BRIDGE_IP = '192.168.99.2';

export interface Lab {
  /** Short and unique per run: namespaces and interfaces are named after it. */
  readonly id: string;
  readonly bridgeNs: string;
  readonly machines: Map<string, MachineNet>;
}

export interface MachineNet {
  readonly name: string;
  readonly ns: string;
  readonly ip: string;
  /** The file `ip netns add` made: what nsenter --net= takes. */
  readonly nsFile: string;
}

const ip = (...args: string[]): void => void run(['ip', ...args]);
const inNs = (ns: string, ...args: string[]): void => void run(['ip', '-n', ns, ...args]);

export function createLab(id: string): Lab {
  const bridgeNs = `${id}br`;
  destroyNamespaces(id);
  ip('netns', 'add', bridgeNs);
  inNs(bridgeNs, 'link', 'set', 'lo', 'up');
  inNs(bridgeNs, 'link', 'add', 'br0', 'type', 'bridge');
  inNs(bridgeNs, 'addr', 'add', `${BRIDGE_IP}/${SUBNET_PREFIX}`, 'dev', 'br0');
  inNs(bridgeNs, 'link', 'set', 'br0', 'up');
  return { id, bridgeNs, machines: new Map() };
}

export function addMachine(lab: Lab, name: string, address: string): MachineNet {
  const index = lab.machines.size + 1;
  const ns = `${lab.id}m${index}`;
  const peer = `${lab.id}v${index}`;
  ip('netns', 'add', ns);
  ip('link', 'add', peer, 'netns', lab.bridgeNs, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns);
  inNs(lab.bridgeNs, 'link', 'set', peer, 'master', 'br0', 'up');
  inNs(ns, 'link', 'set', 'lo', 'up');
  inNs(ns, 'addr', 'add', `${address}/${SUBNET_PREFIX}`, 'dev', 'eth0');
  inNs(ns, 'link', 'set', 'eth0', 'up');
  const m: MachineNet = { name, ns, ip: address, nsFile: `/run/netns/${ns}` };
  lab.machines.set(name, m);
  return m;
}

/** Process IDs inside a namespace (`ip netns pids`). */
export function pidsIn(ns: string): number[] {
  if (!existsSync(`/run/netns/${ns}`)) return [];
  const r = run(['ip', 'netns', 'pids', ns], { check: false });
  return r.stdout.split(/\s+/).filter(Boolean).map(Number);
}

/** Removes every namespace of this lab id, killing what still runs in them. */
export function destroyNamespaces(id: string): void {
  const r = run(['ip', 'netns', 'list'], { check: false });
  for (const line of r.stdout.split('\n')) {
    const ns = line.split(' ')[0];
    if (!ns || !ns.startsWith(id) || !/^(br|m\d+)$/.test(ns.slice(id.length))) continue;
    for (const pid of pidsIn(ns)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    run(['ip', 'netns', 'del', ns], { check: false });
  }
}

/** Labs left behind by harness processes that are gone (killed before they could clean up). */
export function destroyStaleLabs(): void {
  const r = run(['ip', 'netns', 'list'], { check: false });
  const ids = new Set<string>();
  for (const line of r.stdout.split('\n')) {
    const m = /^(ss(\d+)[a-z])(?:br|m\d+)\b/.exec(line);
    if (m && !alive(Number(m[2]))) ids.add(m[1]);
  }
  for (const id of ids) destroyNamespaces(id);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
