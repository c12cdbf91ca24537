/**
 * The list-valued ContainerSpec flags of `docker service create` and
 * `update` that swarmsim stores and shows but does not act on: container
 * labels, supplementary groups, DNS settings and extra hosts. Validators,
 * conversions and the update rules are docker/cli v28.2.2's
 * (opts/opts.go ValidateIPAddress, ValidateDNSSearch; opts/hosts.go
 * ValidateExtraHost; cli/command/service/opts.go
 * convertExtraHostsToSwarmHosts; update.go updateContainerLabels,
 * updateGroups, updateDNSConfig, updateHosts).
 */
import type { HelpFlag } from '../../help.js';
import { goQuote } from '../../format/text.js';
import { ValueError, validateLabel } from './options.js';
import type { Opts } from './options.js';

const STORED = ' (swarmsim: stored, not simulated)';
const list = (name: string, help: string): HelpFlag => ({ name, type: 'list', help: help + STORED });

export const CREATE_LIST_FLAGS: readonly HelpFlag[] = [
  list('container-label', 'Container labels'),
  list('group', 'Set one or more supplementary user groups for the container'),
  list('dns', 'Set custom DNS servers'),
  list('dns-option', 'Set DNS options'),
  list('dns-search', 'Set custom DNS search domains'),
  list('host', 'Set one or more custom host-to-IP mappings (host:ip)'),
  { name: 'ulimit', type: 'list', typeName: 'ulimit', shownDefault: '[]', help: 'Ulimit options' + STORED },
];

export const UPDATE_LIST_FLAGS: readonly HelpFlag[] = [
  list('container-label-add', 'Add or update a container label'),
  list('container-label-rm', 'Remove a container label by its key'),
  list('group-add', 'Add an additional supplementary user group to the container'),
  list('group-rm', 'Remove a previously added supplementary user group from the container'),
  list('dns-add', 'Add or update a custom DNS server'),
  list('dns-rm', 'Remove a custom DNS server'),
  list('dns-option-add', 'Add or update a DNS option'),
  list('dns-option-rm', 'Remove a DNS option'),
  list('dns-search-add', 'Add or update a custom DNS search domain'),
  list('dns-search-rm', 'Remove a DNS search domain'),
  list('host-add', 'Add a custom host-to-IP mapping ("host:ip")'),
  list('host-rm', 'Remove a custom host-to-IP mapping ("host:ip")'),
  { name: 'ulimit-add', type: 'list', typeName: 'ulimit', shownDefault: '[]', help: 'Add or update a ulimit option' + STORED },
  list('ulimit-rm', 'Remove a ulimit option'),
];

const ULIMIT_NAMES = new Set(['core', 'cpu', 'data', 'fsize', 'locks', 'memlock', 'msgqueue', 'nice', 'nofile', 'nproc', 'rss', 'rtprio', 'rttime', 'sigpending', 'stack']);

/** strconv.ParseInt(s, 10, 64), with its errors. */
function parseInt64(s: string): number {
  if (!/^[+-]?\d+$/.test(s)) throw new ValueError(`strconv.ParseInt: parsing ${goQuote(s)}: invalid syntax`);
  const n = BigInt(s);
  if (n > 2n ** 63n - 1n || n < -(2n ** 63n)) throw new ValueError(`strconv.ParseInt: parsing ${goQuote(s)}: value out of range`);
  return Number(n);
}

interface Ulimit {
  Name: string;
  Hard: number;
  Soft: number;
}

/** go-units ParseUlimit: `name=soft[:hard]` (hard defaults to soft). */
export function parseUlimit(val: string): Ulimit {
  const eq = val.indexOf('=');
  if (eq < 0) throw new ValueError(`invalid ulimit argument: ${val}`);
  const name = val.slice(0, eq);
  if (!ULIMIT_NAMES.has(name)) throw new ValueError(`invalid ulimit type: ${name}`);
  const limits = val.slice(eq + 1).split(':');
  if (limits.length > 2) throw new ValueError(`too many limit value arguments - ${val.slice(eq + 1)}, can only have up to two, \`soft[:hard]\``);
  const hardGiven = limits.length === 2 ? parseInt64(limits[1]) : null; // parsed first, as the fallthrough does
  const soft = parseInt64(limits[0]);
  const hard = hardGiven ?? soft;
  if (hard !== -1) {
    if (soft === -1) throw new ValueError(`ulimit soft limit must be less than or equal to hard limit: soft: -1 (unlimited), hard: ${hard}`);
    if (soft > hard) throw new ValueError(`ulimit soft limit must be less than or equal to hard limit: ${soft} > ${hard}`);
  }
  return { Name: name, Hard: hard, Soft: soft };
}

/** UlimitOpt: the last value of a name wins; GetList sorts by name. */
function ulimitList(values: readonly Ulimit[]): Ulimit[] {
  const byName = new Map<string, Ulimit>();
  for (const u of values) byName.set(u.Name, u);
  return [...byName.values()].sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0));
}

/** net.ParseIP, then IP.String(): the canonical form, or null. */
export function parseIP(s: string): string | null {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (v4) {
    // Go 1.17+ refuses leading zeros, as an octal reading would be ambiguous.
    const parts = v4.slice(1);
    return parts.every((p) => Number(p) <= 255 && (p === '0' || !p.startsWith('0'))) ? parts.map(Number).join('.') : null;
  }
  if (!s.includes(':') || !/^[0-9A-Fa-f:.]+$/.test(s)) return null;
  let host: string;
  try {
    host = new URL(`http://[${s}]/`).hostname.slice(1, -1); // WHATWG's IPv6 serializer compresses as RFC 5952 does
  } catch {
    return null;
  }
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
  if (mapped) {
    const [a, b] = [parseInt(mapped[1], 16), parseInt(mapped[2], 16)];
    return [a >> 8, a & 255, b >> 8, b & 255].join('.'); // Go prints an IPv4-mapped address as IPv4
  }
  return host;
}

/** opts.ValidateIPAddress. */
export function validateIPAddress(v: string): string {
  const ip = parseIP(v.trim());
  if (ip === null) throw new ValueError(`IP address is not correctly formatted: ${v}`);
  return ip;
}

const DOMAIN = /^(:?(:?[a-zA-Z0-9]|(:?[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))(:?\.(:?[a-zA-Z0-9]|(:?[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])))*)\.?\s*$/;

/** opts.ValidateDNSSearch and validateDomain. */
export function validateDNSSearch(raw: string): string {
  const v = raw.replace(/^ +| +$/g, '');
  if (v === '.') return v;
  const m = /[a-zA-Z]/.test(v) ? DOMAIN.exec(v) : null;
  if (m && m[1].length < 255) return m[1];
  throw new ValueError(`${v} is not a valid domain`);
}

/** opts.ValidateExtraHost: `host:ip` or `host=ip`, returned as `host:ip`. */
export function validateExtraHost(val: string): string {
  let cut = val.indexOf('=');
  if (cut < 0) cut = val.indexOf(':');
  const k = cut < 0 ? '' : val.slice(0, cut);
  let v = cut < 0 ? '' : val.slice(cut + 1);
  if (cut < 0 || k === '' || k.includes(':')) throw new ValueError(`bad format for add-host: ${goQuote(val)}`);
  if (v !== 'host-gateway') {
    if (v.length > 2 && v.startsWith('[') && v.endsWith(']')) v = v.slice(1, -1);
    if (parseIP(v.trim()) === null) throw new ValueError(`invalid IP address in add-host: ${goQuote(v)}`);
  }
  return `${k}:${v}`;
}

/** convertExtraHostsToSwarmHosts: `host:ip` becomes the hosts-file line `ip host`. */
const swarmHost = (h: string): string => `${h.slice(h.indexOf(':') + 1)} ${h.slice(0, h.indexOf(':'))}`;

/** Every value through its validator now: a bad one is a flag error (exit 125) before anything happens. */
export function checkListValues(o: Opts, update: boolean): void {
  const [label, dns, search, host] = update ? ['container-label-add', 'dns-add', 'dns-search-add', 'host-add'] : ['container-label', 'dns', 'dns-search', 'host'];
  o.each(label, validateLabel);
  o.each(dns, validateIPAddress);
  o.each(search, validateDNSSearch);
  o.each(host, validateExtraHost);
  o.each(update ? 'ulimit-add' : 'ulimit', parseUlimit);
}

type Fields = Record<string, unknown>;

const kvMap = (values: readonly string[]): Record<string, string> =>
  Object.fromEntries(values.map((v) => (v.includes('=') ? [v.slice(0, v.indexOf('=')), v.slice(v.indexOf('=') + 1)] : [v, ''])));
const nonEmpty = <T extends object>(o: T): Partial<T> => Object.fromEntries(Object.entries(o).filter(([, v]) => (Array.isArray(v) ? v.length > 0 : v !== undefined))) as Partial<T>;

/** ToService's list fields. */
export function listsFromCreate(o: Opts, c: Fields): void {
  const labels = kvMap(o.each('container-label', validateLabel));
  if (Object.keys(labels).length) c.Labels = labels;
  if (o.list('group').length) c.Groups = [...o.list('group')];
  const dns = nonEmpty({ Nameservers: o.each('dns', validateIPAddress), Search: o.each('dns-search', validateDNSSearch), Options: [...o.list('dns-option')] });
  if (Object.keys(dns).length) c.DNSConfig = dns;
  const hosts = o.each('host', validateExtraHost).map(swarmHost);
  if (hosts.length) c.Hosts = hosts;
  const ulimits = ulimitList(o.each('ulimit', parseUlimit));
  if (ulimits.length) c.Ulimits = ulimits;
}

const sorted = (xs: readonly string[]): string[] => [...xs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
const unique = (xs: readonly string[]): string[] => [...new Set(xs)];

/** updateService's list updates, each only when one of its flags is given. */
export function listsFromUpdate(o: Opts, c: Fields): void {
  if (o.changed('container-label-add', 'container-label-rm')) {
    const labels: Record<string, string> = { ...((c.Labels as Record<string, string> | undefined) ?? {}) };
    for (const k of o.list('container-label-rm')) delete labels[k];
    Object.assign(labels, kvMap(o.each('container-label-add', validateLabel)));
    if (Object.keys(labels).length) c.Labels = labels;
    else delete c.Labels;
  }
  if (o.changed('group-add', 'group-rm')) {
    const rm = new Set(o.list('group-rm'));
    const groups = sorted([...((c.Groups as string[] | undefined) ?? []), ...o.list('group-add')].filter((g) => !rm.has(g)));
    if (groups.length) c.Groups = groups;
    else delete c.Groups;
  }
  if (o.changed('dns-add', 'dns-rm', 'dns-option-add', 'dns-option-rm', 'dns-search-add', 'dns-search-rm')) {
    const old = (c.DNSConfig as { Nameservers?: string[]; Search?: string[]; Options?: string[] } | undefined) ?? {};
    const merge = (have: string[] | undefined, add: string[], rmFlag: string): string[] => {
      const rm = new Set(o.list(rmFlag));
      return sorted(unique([...(have ?? []), ...add]).filter((x) => !rm.has(x)));
    };
    c.DNSConfig = nonEmpty({
      Nameservers: merge(old.Nameservers, o.each('dns-add', validateIPAddress), 'dns-rm'),
      Search: merge(old.Search, o.each('dns-search-add', validateDNSSearch), 'dns-search-rm'),
      Options: merge(old.Options, o.list('dns-option-add'), 'dns-option-rm'),
    });
  }
  if (o.changed('host-add', 'host-rm')) {
    const rm = o.list('host-rm').map((e) => ({ host: e.includes(':') ? e.slice(0, e.indexOf(':')) : e, ip: e.includes(':') ? e.slice(e.indexOf(':') + 1) : '' }));
    const kept: string[] = [];
    for (const entry of (c.Hosts as string[] | undefined) ?? []) {
      const [ip, ...names] = entry.split(/\s+/).filter(Boolean);
      if (ip === undefined) continue;
      const left = names.filter((h) => !rm.some((r) => (r.ip === '' || r.ip === ip) && r.host === h));
      if (left.length) kept.push(`${ip} ${left.join(' ')}`);
    }
    const hosts = unique([...kept, ...o.each('host-add', validateExtraHost).map(swarmHost)]);
    if (hosts.length) c.Hosts = hosts;
    else delete c.Hosts;
  }
  if (o.changed('ulimit-add', 'ulimit-rm')) {
    // updateUlimits: removal by name, then additions, sorted by name.
    const rm = new Set(o.list('ulimit-rm').map((v) => (v.includes('=') ? v.slice(0, v.indexOf('=')) : v)));
    const kept = ((c.Ulimits as Ulimit[] | undefined) ?? []).filter((u) => !rm.has(u.Name));
    const ulimits = ulimitList([...kept, ...o.each('ulimit-add', parseUlimit)]);
    if (ulimits.length) c.Ulimits = ulimits;
    else delete c.Ulimits;
  }
}
