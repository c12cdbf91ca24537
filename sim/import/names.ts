/**
 * Names of the imported swarm in scenario form: a machine per node (its
 * hostname when the scenario language allows it), the leader, and words
 * quoted for the scenario's shell.
 */
import { machineNameProblem } from '../scenario/directives.js';
import { compressHosts, MAX_RANGE_HOSTS } from '../scenario/hostRange.js';
import type { Bundle, ImportedNode } from './bundle.js';

export interface Machines {
  /** Node ID -> machine name. */
  byId: Map<string, string>;
  /** The nodes kept, leader first, then as listed. */
  nodes: ImportedNode[];
  leader: ImportedNode;
  /** Nodes left out or renamed, with why. */
  notes: string[];
}

/**
 * Real swarms keep the entry of a node that left and came back under the same
 * hostname: a down node whose hostname another node has is that stale entry,
 * left out. Other clashes and names the scenario language refuses are renamed.
 */
export function machinesOf(b: Bundle): Machines {
  const notes: string[] = [];
  const live = new Set(b.nodes.filter((n) => n.state !== 'down').map((n) => n.hostname));
  const kept = b.nodes.filter((n) => {
    if (n.state === 'down' && live.has(n.hostname)) {
      notes.push(`node ${n.id} (${n.hostname}, down) left out: another node has its hostname (a stale entry; "docker node rm" removes it)`);
      return false;
    }
    return true;
  });
  const leader = kept.find((n) => n.leader) ?? kept.find((n) => n.role === 'manager') ?? kept[0];
  if (!leader.leader) notes.push(`no node is marked leader: ${leader.hostname} starts the swarm`);
  const nodes = [leader, ...kept.filter((n) => n !== leader)];
  const used = new Set<string>();
  const byId = new Map<string, string>();
  for (const n of nodes) {
    let name = n.hostname;
    if (machineNameProblem(name) !== null) name = sanitize(name);
    if (used.has(name)) {
      let k = 2;
      while (used.has(`${name}-${k}`)) k++;
      name = `${name}-${k}`;
    }
    if (name !== n.hostname) notes.push(`node ${n.id} (hostname ${JSON.stringify(n.hostname)}) is machine ${name}`);
    used.add(name);
    byId.set(n.id, name);
  }
  return { byId, nodes, leader, notes };
}

function sanitize(hostname: string): string {
  const s = hostname.replace(/[^A-Za-z0-9._-]/g, '-').replace(/^[^A-Za-z0-9]+/, '');
  return s === '' || s.toLowerCase() === 'sim' ? `node-${s}`.replace(/-$/, '') : s;
}

const PLAIN = /^[A-Za-z0-9_.,:/=@%+^-]+$/;

/**
 * Text on one line: a scenario is read line by line, so a line break in a
 * label or a name would start a step of its own. Control characters become spaces.
 */
export function oneLine(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, ' ');
}

/** A word as the scenario's shell reads it back: bare when safe, else single-quoted. */
export function quote(word: string): string {
  const w = oneLine(word);
  if (w !== '' && PLAIN.test(w)) return w;
  return `'${w.replace(/'/g, `'\\''`)}'`;
}

export function commandLine(host: string, argv: readonly string[]): string {
  return `${host}$ docker ${argv.map(quote).join(' ')}`;
}

/**
 * Machines as few prompts as pdsh ranges allow (`m[002-200]`), so that a
 * fleet joins in one step: names ending in a number are grouped by what
 * precedes it; the rest stay single. Order: groups as their first host comes.
 */
export function hostPrompts(hosts: readonly string[]): string[] {
  const groups = new Map<string, string[]>();
  const order: string[] = [];
  for (const h of hosts) {
    const m = /^(.*\D)(\d+)$/.exec(h);
    const key = m ? m[1] : `\u0000${h}`;
    if (!groups.has(key)) {
      groups.set(key, []);
      order.push(key);
    }
    groups.get(key)!.push(h);
  }
  const out: string[] = [];
  for (const key of order) {
    const list = groups.get(key)!;
    if (key.startsWith('\u0000') || list.length === 1) {
      out.push(...list);
      continue;
    }
    const sorted = [...list].sort((a, b) => Number(a.slice(key.length)) - Number(b.slice(key.length)) || a.length - b.length);
    for (let i = 0; i < sorted.length; i += MAX_RANGE_HOSTS) out.push(compressHosts(key, '', sorted.slice(i, i + MAX_RANGE_HOSTS)));
  }
  return out;
}

export function rangeLine(hosts: readonly string[], argv: readonly string[]): string[] {
  return hostPrompts(hosts).map((p) => commandLine(p, argv));
}

/** A plugin reference with its tag, as distribution/reference allows it (familiar form). */
const PLUGIN_REF = /^[A-Za-z0-9][A-Za-z0-9._/:-]{0,254}:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/**
 * A managed plugin as the engine names it: a reference with a tag
 * (`bboreham/weave2:latest`). Built-in drivers (overlay, bridge, local,
 * json-file...) never carry one.
 */
export function isManagedPlugin(name: string): boolean {
  return name.lastIndexOf(':') > name.lastIndexOf('/') && PLUGIN_REF.test(name);
}
