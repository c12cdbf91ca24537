/** IP addresses and CIDR blocks as Go's net package (and net/netip) reads and writes them. */

export interface Address {
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

export interface Block {
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

export function contains(block: Block, ip: Address | null): boolean {
  if (!ip || ip.bits !== block.bits) return false;
  return ip.value >> BigInt(block.bits - block.prefix) === block.network >> BigInt(block.bits - block.prefix);
}

/** The dotted form of an IPv4 address held as a number. */
export function formatIPv4(v: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => String((v >> s) & 255n)).join('.');
}

/** Whether two blocks share an address (netip.Prefix.Overlaps). */
export function overlaps(a: Block, b: Block): boolean {
  if (a.bits !== b.bits) return false;
  const p = BigInt(a.bits - Math.min(a.prefix, b.prefix));
  return a.network >> p === b.network >> p;
}

/** A block's text, `10.0.1.0/24`, for IPv4. */
export function formatBlock(b: Block): string {
  return `${formatIPv4(b.network)}/${b.prefix}`;
}

/** net/netip's text for an IPv6 address: lower-case hex, the longest run of two or more zero groups as `::`. */
export function formatIPv6(v: bigint): string {
  const groups = Array.from({ length: 8 }, (_, i) => Number((v >> BigInt(112 - 16 * i)) & 0xffffn));
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j;
  }
  const hex = (gs: number[]): string => gs.map((g) => g.toString(16)).join(':');
  return best < 0 ? hex(groups) : `${hex(groups.slice(0, best))}::${hex(groups.slice(best + bestLen))}`;
}

/** An address in the form of its family. */
export const formatIP = (a: Address): string => (a.bits === 32 ? formatIPv4(a.value) : formatIPv6(a.value));
