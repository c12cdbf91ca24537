/**
 * The command tree as cobra builds it: command words, management groups,
 * aliases, and the walk from `docker WORDS...` to a command
 * (spf13/cobra command.go Traverse and findNext, docker/cli's annotations).
 */
import type { Command } from './command.js';

/** Short descriptions of the command groups (docker/cli cli/command/<group>/cmd.go). */
export const GROUPS: Record<string, { short: string; use?: string }> = {
  config: { short: 'Manage Swarm configs' },
  container: { short: 'Manage containers' },
  network: { short: 'Manage networks' },
  node: { short: 'Manage Swarm nodes' },
  plugin: { short: 'Manage plugins' },
  secret: { short: 'Manage Swarm secrets' },
  service: { short: 'Manage Swarm services' },
  stack: { short: 'Manage Swarm stacks' },
  swarm: { short: 'Manage Swarm' },
  system: { short: 'Manage Docker' },
  // volume/cmd.go declares `Use: "volume COMMAND"`, which shows in its usage line.
  volume: { short: 'Manage volumes', use: 'volume COMMAND' },
};
/** Groups listed under "Swarm Commands" in the root help (annotation "swarm"). */
export const SWARM_GROUPS = new Set(['config', 'node', 'secret', 'service', 'stack', 'swarm']);

/** cobra `Aliases` of leaf commands (the last path word). */
export const ALIASES: Record<string, readonly string[]> = {
  'network ls': ['list'],
  'network rm': ['remove'],
  'node ls': ['list'],
  'node rm': ['remove'],
  'plugin ls': ['list'],
  'plugin rm': ['remove'],
  'service ls': ['list'],
  'service rm': ['remove'],
  'stack deploy': ['up'],
  'stack ls': ['list'],
  'stack rm': ['remove', 'down'],
  'volume ls': ['list'],
  'volume rm': ['remove'],
  'container ls': ['list', 'ps'],
  'secret ls': ['list'],
  'secret rm': ['remove'],
  'config ls': ['list'],
  'config rm': ['remove'],
};
/** Commands reachable under two paths (annotation "aliases" in docker/cli). */
const PATH_ALIASES: Record<string, string> = {
  'system info': 'info',
  'container ls': 'ps',
  'container list': 'ps',
  'container ps': 'ps',
};
export const ANNOTATED_ALIASES: Record<string, string> = {
  info: 'docker system info, docker info',
  ps: 'docker container ls, docker container list, docker container ps, docker ps',
};
/** Root-help "Common Commands" (annotation "category-top"), in their order. */
export const TOP_COMMANDS = ['ps', 'version', 'info'];

export interface TreeNode {
  name: string;
  path: string[];
  command?: Command;
  children: Map<string, TreeNode>;
}

export function buildTree(cmds: readonly Command[]): TreeNode {
  const root: TreeNode = { name: 'docker', path: [], children: new Map() };
  const add = (path: readonly string[], cmd: Command): void => {
    let node = root;
    path.forEach((w, i) => {
      let next = node.children.get(w);
      if (!next) {
        next = { name: w, path: path.slice(0, i + 1), children: new Map() };
        node.children.set(w, next);
      }
      node = next;
    });
    node.command ??= cmd;
  };
  for (const c of cmds) add(c.path, c);
  const have = new Set(cmds.map((c) => c.path.join(' ')));
  for (const [alias, target] of Object.entries(PATH_ALIASES)) {
    const cmd = cmds.find((c) => c.path.join(' ') === target);
    if (cmd && !have.has(alias)) add(alias.split(' '), cmd);
  }
  return root;
}

/** cobra findNext: a child by name or alias. */
function findChild(node: TreeNode, word: string): TreeNode | undefined {
  const direct = node.children.get(word);
  if (direct) return direct;
  for (const child of node.children.values()) {
    if ((ALIASES[child.path.join(' ')] ?? []).includes(word)) return child;
  }
  return undefined;
}

/** cobra Traverse: follows command words while they name a child; returns the node and where its arguments start. */
export function traverse(root: TreeNode, argv: readonly string[]): [TreeNode, number] {
  let node = root;
  let i = 0;
  while (i < argv.length && !argv[i].startsWith('-')) {
    const next = findChild(node, argv[i]);
    if (!next) break;
    node = next;
    i++;
  }
  return [node, i];
}
