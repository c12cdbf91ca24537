/**
 * Tab completion for the shell: docker commands, directives, and the names
 * the simulation knows (hostnames, services, tasks). Pure: the shell passes
 * what the simulation knows, so this is tested without a terminal.
 */
import { DIRECTIVE_NAMES } from '../scenario/directives.js';

/**
 * The docker commands worth completing, by group. Completion only suggests:
 * the front end decides what runs, and says so when something does not.
 */
export const DOCKER_COMMANDS: Readonly<Record<string, readonly string[]>> = {
  swarm: ['init', 'join', 'join-token', 'leave', 'update'],
  node: ['demote', 'inspect', 'ls', 'promote', 'ps', 'rm', 'update'],
  service: ['create', 'inspect', 'logs', 'ls', 'ps', 'rm', 'rollback', 'scale', 'update'],
  plugin: ['create', 'disable', 'enable', 'inspect', 'install', 'ls', 'rm', 'set', 'upgrade'],
  volume: ['create', 'inspect', 'ls', 'rm'],
  network: ['create', 'inspect', 'ls', 'rm'],
  stack: ['deploy', 'ls', 'ps', 'rm', 'services'],
};
export const DOCKER_TOP = ['info', 'version'];

const DIRECTIVE_FLAGS: Readonly<Record<string, readonly string[]>> = {
  machine: ['--arch', '--cpus', '--engine-label', '--ip', '--memory', '--os'],
  registry: ['--privilege', '--scope', '--type'],
};

/** Node commands whose operands are nodes; service commands whose operands are services. */
const NODE_OPERANDS = new Set(['demote', 'inspect', 'promote', 'ps', 'rm', 'update']);
const SERVICE_OPERANDS = new Set(['inspect', 'logs', 'ps', 'rm', 'rollback', 'scale', 'update']);

export interface Known {
  /** Docker command paths (`['service', 'create']`); DOCKER_COMMANDS when absent. */
  commands?: readonly (readonly string[])[];
  hosts: readonly string[];
  services: readonly string[];
  /** Task names (`web.1`) a `sim$ fail` can name. */
  tasks: readonly string[];
  /** The shell's default host: a line without a prompt is typed on it. */
  defaultHost?: string;
}

export const SHELL_COMMANDS = ['.exit', '.explain', '.help', '.host', '.save'];

/** readline's completer contract: the candidates and the part of the line they replace. */
export function complete(line: string, known: Known): [string[], string] {
  const pick = (cands: readonly string[], partial: string): [string[], string] => [
    cands.filter((c) => c.startsWith(partial)),
    partial,
  ];
  const prompt = /^([A-Za-z0-9][A-Za-z0-9._-]*)\$[ \t]+/.exec(line);
  if (!prompt) {
    const onDefault = known.defaultHost && !line.startsWith('.') ? complete(`${known.defaultHost}$ ${line}`, known) : null;
    if (/\s/.test(line)) return onDefault ?? [[], line];
    const [words] = onDefault ?? [[]];
    return [[...pick([...known.hosts.map((h) => `${h}$ `), 'sim$ ', ...SHELL_COMMANDS], line)[0], ...words], line];
  }
  const host = prompt[1];
  const rest = line.slice(prompt[0].length);
  const words = rest.split(/[ \t]+/);
  const partial = words.pop() ?? '';
  const n = words.length;
  const word = (cands: readonly string[]): [string[], string] => pick(cands.map((c) => c + ' '), partial);

  if (host === 'sim') {
    if (n === 0) return word(DIRECTIVE_NAMES);
    const directive = words[0];
    if (partial.startsWith('-')) return word(DIRECTIVE_FLAGS[directive] ?? []);
    if (n === 1 && ['machine', 'stop', 'start'].includes(directive)) return word(known.hosts);
    if (n === 1 && directive === 'fail') return word(known.tasks);
    return [[], partial];
  }
  if (n === 0) return word(['docker']);
  if (words[0] !== 'docker') return [[], partial];
  const { groups, top } = commandTable(known.commands);
  if (n === 1) return word([...new Set([...Object.keys(groups), ...top])].sort());
  const group = words[1];
  if (n === 2) return word(groups[group] ?? []);
  if (partial.startsWith('-')) return [[], partial];
  const sub = words[2];
  if (group === 'node' && NODE_OPERANDS.has(sub)) return word(known.hosts);
  if (group === 'service' && SERVICE_OPERANDS.has(sub)) return word(known.services);
  return [[], partial];
}

/** Groups with their subcommands, and the commands without a group (`info`). */
function commandTable(paths: Known['commands']): { groups: Record<string, readonly string[]>; top: readonly string[] } {
  if (!paths || paths.length === 0) return { groups: DOCKER_COMMANDS, top: DOCKER_TOP };
  const groups: Record<string, string[]> = {};
  const top: string[] = [];
  for (const p of paths) {
    if (p.length === 1) top.push(p[0]);
    else if (p.length >= 2) {
      const subs = (groups[p[0]] ??= []);
      if (!subs.includes(p[1])) subs.push(p[1]);
    }
  }
  for (const g of Object.values(groups)) g.sort();
  return { groups, top };
}
