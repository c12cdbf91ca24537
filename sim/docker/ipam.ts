/**
 * IP addresses and CIDR blocks as Go's net package reads them, and the
 * checks the CLI makes on `network create`'s addressing flags before asking
 * the daemon (docker/cli v28.2.2 cli/command/network/create.go
 * createIPAMConfig, subnetMatches).
 */

interface Address {
  readonly bits: 32 | 128;
  readonly value: bigint;
}

/** Go net.ParseIP for dotted IPv4 (no leading zeros, as Go 1.17 and later). */
function parseIPv4(s: string): bigint | null {
  const parts = s.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255)) return null;
  return parts.reduce((acc, p) => (acc << 8n) | BigInt(p), 0n);
}

/** Go net.ParseIP for IPv6: eight groups, one `::` at most, an IPv4 tail allowed. */
function parseIPv6(s: string): bigint | null {
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const words = (h: string): number[] | null => {
    if (h === '') return [];
    const out: number[] = [];
    const groups = h.split(':');
    for (const [i, g] of groups.entries()) {
      if (i === groups.length - 1 && g.includes('.')) {
        const v4 = parseIPv4(g);
        if (v4 === null) return null;
        out.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      } else if (/^[0-9a-fA-F]{1,4}$/.test(g)) out.push(parseInt(g, 16));
      else return null;
    }
    return out;
  };
  const head = words(halves[0]);
  const tail = halves.length === 2 ? words(halves[1]) : [];
  if (!head || !tail) return null;
  const gap = 8 - head.length - tail.length;
  if (halves.length === 2 ? gap < 1 : gap !== 0) return null;
  return [...head, ...Array<number>(gap).fill(0), ...tail].reduce((acc, w) => (acc << 16n) | BigInt(w), 0n);
}

/** Go net.ParseIP, or null where it returns nil. */
export function parseIP(s: string): Address | null {
  const v4 = parseIPv4(s);
  if (v4 !== null) return { bits: 32, value: v4 };
  const v6 = parseIPv6(s);
  return v6 === null ? null : { bits: 128, value: v6 };
}

interface Block {
  readonly bits: 32 | 128;
  readonly network: bigint;
  readonly prefix: number;
}

/** Go net.ParseCIDR; its error text is `invalid CIDR address: S`. */
export function parseCIDR(s: string): Block {
  const slash = s.indexOf('/');
  const ip = slash < 0 ? null : parseIP(s.slice(0, slash));
  const len = slash < 0 ? '' : s.slice(slash + 1);
  if (!ip || !/^\d{1,3}$/.test(len) || Number(len) > ip.bits) throw new Error(`invalid CIDR address: ${s}`);
  const prefix = Number(len);
  const host = (1n << BigInt(ip.bits - prefix)) - 1n;
  return { bits: ip.bits, network: ip.value & ~host, prefix };
}

function contains(block: Block, ip: Address | null): boolean {
  if (!ip || ip.bits !== block.bits) return false;
  return ip.value >> BigInt(block.bits - block.prefix) === block.network >> BigInt(block.bits - block.prefix);
}

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
 * createIPAMConfig's refusals, in its order: the reason, or null when the
 * addressing is consistent. (Go ranges over the aux-address map in a random
 * order; here it is the order given.)
 */
export function ipamProblem(o: IpamOptions): string | null {
  if (o.subnets.length < o.ipRanges.length || o.subnets.length < o.gateways.length)
    return 'every ip-range or gateway must have a corresponding subnet';
  try {
    const seen: string[] = [];
    for (const s of o.subnets) {
      for (const k of seen) if (subnetMatches(s, k) || subnetMatches(k, s)) return 'multiple overlapping subnet configuration is not supported';
      seen.push(s);
    }
    const ranges = new Map<string, string>();
    for (const r of o.ipRanges) {
      let match = false;
      for (const s of o.subnets) {
        parseCIDR(r);
        if (!subnetMatches(s, r)) continue;
        const had = ranges.get(s);
        if (had !== undefined) return `cannot configure multiple ranges (${r}, ${had}) on the same subnet (${s})`;
        ranges.set(s, r);
        match = true;
      }
      if (!match) return `no matching subnet for range ${r}`;
    }
    const gateways = new Map<string, string>();
    for (const g of o.gateways) {
      let match = false;
      for (const s of o.subnets) {
        if (!subnetMatches(s, g)) continue;
        const had = gateways.get(s);
        if (had !== undefined) return `cannot configure multiple gateways (${g}, ${had}) for the same subnet (${s})`;
        gateways.set(s, g);
        match = true;
      }
      if (!match) return `no matching subnet for gateway ${g}`;
    }
    for (const aa of o.auxAddresses.values()) {
      let match = false;
      for (const s of o.subnets) if (subnetMatches(s, aa)) match = true;
      if (!match) return `no matching subnet for aux-address ${aa}`;
    }
  } catch (e) {
    return (e as Error).message;
  }
  return null;
}
