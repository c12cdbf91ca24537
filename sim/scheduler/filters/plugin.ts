import type { PluginDescription, PluginDescriptionType, Task } from '../../model/types.js';
import { isBuiltinDriver } from '../../engine/engine.js';
import type { NodeInfo } from '../nodeInfo.js';
import { nodes, type Filter, type Fix } from './filter.js';

/** A mount names a volume plugin when its driver is set and is not `local` (filter.go referencesVolumePlugin). */
export function volumePluginOf(t: Task): string[] {
  if (t.spec.mounts.length === 0) return [];
  return t.spec.mounts
    .filter((m) => m.type === 'volume' && m.volumeDriver !== '' && m.volumeDriver !== 'local')
    .map((m) => m.volumeDriver);
}

/**
 * The name rule of filter.go pluginExistsOnNode: exact, or the node's name is
 * the requested name plus `:latest`. No alias handling, no case folding.
 * Returns [typeFound, exists].
 */
export function pluginOnNode(type: PluginDescriptionType, name: string, reported: readonly PluginDescription[]): [boolean, boolean] {
  let typeFound = false;
  const latest = name.length + 7;
  for (const p of reported) {
    if (p.type !== type) continue;
    typeFound = true;
    if (p.name === name || (p.name.length === latest && p.name.endsWith(':latest') && p.name.startsWith(name))) return FOUND;
  }
  return typeFound ? TYPE_ONLY : NEITHER;
}

const FOUND: [boolean, boolean] = [true, true];
const TYPE_ONLY: [boolean, boolean] = [true, false];
const NEITHER: [boolean, boolean] = [false, false];

interface Requirement {
  readonly type: PluginDescriptionType;
  readonly name: string;
}

/** PluginFilter: the node reports every volume, network and log plugin the task needs. */
export class PluginFilter implements Filter {
  readonly name = 'Plugin' as const;
  private t: Task | null = null;

  setTask(t: Task): boolean {
    if (t.networks.length > 0 || t.spec.logDriver !== null || volumePluginOf(t).length > 0) {
      this.t = t;
      return true;
    }
    return false;
  }

  /** The hot path: the same rules as `missing`, without building the list. */
  check(n: NodeInfo): boolean {
    const t = this.t;
    const d = n.node.description;
    if (!t || !d) return true;
    const reported = d.engine.plugins;
    for (const m of t.spec.mounts)
      if (m.type === 'volume' && m.volumeDriver !== '' && m.volumeDriver !== 'local' && !pluginOnNode('Volume', m.volumeDriver, reported)[1]) return false;
    for (const net of t.networks) if (net.driver !== '' && !pluginOnNode('Network', net.driver, reported)[1]) return false;
    const log = t.spec.logDriver?.name ?? '';
    if (log !== '' && log !== 'none') {
      const [typeFound, exists] = pluginOnNode('Log', log, reported);
      if (typeFound && !exists) return false;
    }
    return true;
  }

  /** Requirements this node does not meet, in the order filter.go checks them. */
  missing(n: NodeInfo): Requirement[] {
    const t = this.t;
    const d = n.node.description;
    if (!t || !d) return []; // a node without an engine description passes
    const reported = d.engine.plugins;
    const out: Requirement[] = [];
    for (const v of volumePluginOf(t)) if (!pluginOnNode('Volume', v, reported)[1]) out.push({ type: 'Volume', name: v });
    for (const net of t.networks)
      if (net.driver !== '' && !pluginOnNode('Network', net.driver, reported)[1]) out.push({ type: 'Network', name: net.driver });
    const log = t.spec.logDriver?.name ?? '';
    if (log !== '' && log !== 'none') {
      // Old daemons report no Log entries at all; they pass.
      const [typeFound, exists] = pluginOnNode('Log', log, reported);
      if (typeFound && !exists) out.push({ type: 'Log', name: log });
    }
    return out;
  }

  explain(count: number): string {
    return `missing plugin on ${nodes(count)}`;
  }

  reason(n: NodeInfo): string {
    const reported = n.node.description?.engine.plugins ?? [];
    return this.missing(n)
      .map((r) => {
        const has = reported.filter((p) => p.type === r.type && !isBuiltinDriver(r.type, p.name)).map((p) => p.name);
        return `${r.type} plugin ${r.name} not installed (has: ${has.length ? has.join(', ') : 'none'})`;
      })
      .join('; ');
  }

  fixes(n: NodeInfo): Fix[] {
    const host = n.node.machine;
    return this.missing(n).map((r) => ({
      text: `install plugin ${r.name} on ${host}`,
      command: `${host}$ docker plugin install --grant-all-permissions ${r.name}`,
    }));
  }
}

