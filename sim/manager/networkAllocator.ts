/**
 * What the leader's network allocator gives a swarm network when it is
 * created (swarmkit manager/allocator/cnmallocator with libnetwork's default
 * IPAM, as vendored by moby v28.2.2): each requested subnet as given, a
 * network that asks for none gets the lowest free block of the swarm's
 * default address pools (libnetwork/ipams/defaultipam addrSpace
 * allocatePredefinedPool: first fit, around every subnet in use), and a
 * subnet without a gateway gets its first address. The overlay driver's
 * VXLAN IDs are handed out serially from 4096 (drivers/overlay/ovmanager,
 * idm GetID(serial)).
 */
import type { SwarmInfo } from '../cluster/world.js';
import type { Network, NetworkIpamConfig } from '../model/types.js';
import { formatBlock, formatIP, overlaps, parseCIDR, type Block } from '../model/ip.js';

export const FIRST_VXLAN_ID = 4096;

const blockOf = (subnet: string): Block | null => {
  try {
    return parseCIDR(subnet);
  } catch {
    return null;
  }
};

/** The first address of a subnet, its gateway unless one is given. */
function firstAddress(subnet: string): string {
  const b = blockOf(subnet);
  return b ? formatIP({ bits: b.bits, value: b.network + 1n }) : '';
}

/** The lowest block of `size` bits in the pools that overlaps no subnet in use; null when the pools are full. */
function freeBlock(pools: readonly string[], size: number, used: readonly Block[]): Block | null {
  for (const pool of pools) {
    const p = blockOf(pool);
    if (!p || p.bits !== 32 || size < p.prefix || size > 32) continue;
    const step = 1n << BigInt(32 - size);
    const end = p.network + (1n << BigInt(32 - p.prefix));
    for (let at = p.network; at < end; at += step) {
      const candidate: Block = { bits: 32, network: at, prefix: size };
      if (!used.some((u) => overlaps(u, candidate))) return candidate;
    }
  }
  return null;
}

/** The subnets, ranges and gateways a new swarm network gets, given the networks there are. */
export function allocateIpam(swarm: SwarmInfo, requested: readonly NetworkIpamConfig[], existing: Iterable<Network>): NetworkIpamConfig[] {
  const used: Block[] = [];
  for (const n of existing) for (const c of n.ipam?.configs ?? []) {
    const b = blockOf(c.subnet);
    if (b) used.push(b);
  }
  if (requested.length > 0) return requested.map((c) => ({ ...c, gateway: c.gateway || firstAddress(c.subnet) }));
  const block = freeBlock(swarm.settings.defaultAddrPool, swarm.settings.subnetSize, used);
  if (!block) return [];
  const subnet = formatBlock(block);
  return [{ subnet, ipRange: '', gateway: firstAddress(subnet), auxAddresses: {} }];
}
