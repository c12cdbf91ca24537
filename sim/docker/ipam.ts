/**
 * The checks the CLI makes on `network create`'s addressing flags before
 * asking the daemon (docker/cli v28.2.2 cli/command/network/create.go
 * createIPAMConfig, subnetMatches).
 */
import { contains, parseCIDR, parseIP, type Block } from '../model/ip.js';
import type { NetworkIpamConfig } from '../model/types.js';

/** subnetMatches: whether `data` (an address, or a block's address) lies in `subnet`. */
function subnetMatches(subnet: string, data: string): boolean {
  let block: Block;
  try {
    block = parseCIDR(subnet);
  } catch (e) {
    throw new Error(`invalid subnet: ${(e as Error).message}`);
  }
  if (data.includes('/')) {
    parseCIDR(data);
    return contains(block, parseIP(data.slice(0, data.indexOf('/'))));
  }
  return contains(block, parseIP(data));
}

export interface IpamOptions {
  readonly subnets: readonly string[];
  readonly ipRanges: readonly string[];
  readonly gateways: readonly string[];
  /** --aux-address as MapOpts keeps it: name to address, the last of each name. */
  readonly auxAddresses: ReadonlyMap<string, string>;
}

/**
 * createIPAMConfig: the configs by subnet (in the order given; Go ranges over
 * a map), or the reason it refuses them, in its order. (Go ranges over the
 * aux-address map in a random order; here it is the order given.)
 */
export function createIpamConfig(o: IpamOptions): NetworkIpamConfig[] | { error: string } {
  if (o.subnets.length < o.ipRanges.length || o.subnets.length < o.gateways.length)
    return { error: 'every ip-range or gateway must have a corresponding subnet' };
  const fail = (error: string) => ({ error });
  try {
    const data = new Map<string, { ipRange: string; gateway: string; auxAddresses: Record<string, string> }>();
    for (const s of o.subnets) {
      for (const k of data.keys()) if (subnetMatches(s, k) || subnetMatches(k, s)) return fail('multiple overlapping subnet configuration is not supported');
      data.set(s, { ipRange: '', gateway: '', auxAddresses: {} });
    }
    for (const r of o.ipRanges) {
      let match = false;
      for (const s of o.subnets) {
        parseCIDR(r);
        if (!subnetMatches(s, r)) continue;
        const d = data.get(s)!;
        if (d.ipRange !== '') return fail(`cannot configure multiple ranges (${r}, ${d.ipRange}) on the same subnet (${s})`);
        d.ipRange = r;
        match = true;
      }
      if (!match) return fail(`no matching subnet for range ${r}`);
    }
    for (const g of o.gateways) {
      let match = false;
      for (const s of o.subnets) {
        if (!subnetMatches(s, g)) continue;
        const d = data.get(s)!;
        if (d.gateway !== '') return fail(`cannot configure multiple gateways (${g}, ${d.gateway}) for the same subnet (${s})`);
        d.gateway = g;
        match = true;
      }
      if (!match) return fail(`no matching subnet for gateway ${g}`);
    }
    for (const [key, aa] of o.auxAddresses) {
      let match = false;
      for (const s of o.subnets) {
        if (!subnetMatches(s, aa)) continue;
        data.get(s)!.auxAddresses[key] = aa;
        match = true;
      }
      if (!match) return fail(`no matching subnet for aux-address ${aa}`);
    }
    return [...data].map(([subnet, d]) => ({ subnet, ...d }));
  } catch (e) {
    return fail((e as Error).message);
  }
}
