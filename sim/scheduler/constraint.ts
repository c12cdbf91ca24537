import type { SwarmNode } from '../model/types.js';

/**
 * Placement constraints, mirroring swarmkit manager/constraint/constraint.go:
 * `key==value` or `key!=value`, values compared case-insensitively, a missing
 * label reads as "", unknown keys never match.
 */
export interface Constraint {
  readonly key: string;
  readonly op: '==' | '!=';
  readonly exp: string;
}

export class ConstraintError extends Error {}

const KEY = /^[a-z_][a-z0-9\-_.]+$/i;
const VALUE = /^[a-z0-9:\-_\s.*()?+[\]\\^$|/]+$/i;
const OPERATORS = ['==', '!='] as const;

export const NODE_LABEL_PREFIX = 'node.labels.';
export const ENGINE_LABEL_PREFIX = 'engine.labels.';

export function parseConstraints(exprs: readonly string[]): Constraint[] {
  const out: Constraint[] = [];
  for (const e of exprs) {
    const op = OPERATORS.find((o) => e.includes(o));
    if (!op) throw new ConstraintError(`constraint expected one operator from ${OPERATORS.join(', ')}`);
    const at = e.indexOf(op);
    const key = e.slice(0, at).trim();
    const exp = e.slice(at + op.length).trim();
    if (!KEY.test(key)) throw new ConstraintError(`key '${key}' is invalid`);
    if (!VALUE.test(exp)) throw new ConstraintError(`value '${exp}' is invalid`);
    out.push({ key, op, exp });
  }
  return out;
}

const eqFold = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
const hasPrefixFold = (s: string, prefix: string): boolean =>
  s.length > prefix.length && eqFold(s.slice(0, prefix.length), prefix);

function matches(c: Constraint, what: string): boolean {
  const m = eqFold(c.exp, what);
  return c.op === '==' ? m : !m;
}

/** The value a node has for a constraint key, or undefined for an unknown key. */
export function nodeValue(key: string, node: SwarmNode): string | undefined {
  const d = node.description;
  if (eqFold(key, 'node.id')) return node.id;
  if (eqFold(key, 'node.hostname')) return d?.hostname ?? '';
  if (eqFold(key, 'node.ip')) return d?.addr ?? '';
  if (eqFold(key, 'node.role')) return node.role;
  if (eqFold(key, 'node.platform.os')) return d?.platform.os ?? '';
  if (eqFold(key, 'node.platform.arch')) return d?.platform.arch ?? '';
  if (hasPrefixFold(key, NODE_LABEL_PREFIX)) return node.labels[key.slice(NODE_LABEL_PREFIX.length)] ?? '';
  if (hasPrefixFold(key, ENGINE_LABEL_PREFIX)) return d?.engine.labels[key.slice(ENGINE_LABEL_PREFIX.length)] ?? '';
  return undefined;
}

/** The first constraint the node does not satisfy, or null. */
export function firstUnmet(constraints: readonly Constraint[], node: SwarmNode): Constraint | null {
  for (const c of constraints) {
    if (eqFold(c.key, 'node.ip')) {
      if (!ipMatches(c, node.description?.addr ?? '')) return c;
      continue;
    }
    const v = nodeValue(c.key, node);
    if (v === undefined || !matches(c, v)) return c;
  }
  return null;
}

export function nodeMatches(constraints: readonly Constraint[], node: SwarmNode): boolean {
  return firstUnmet(constraints, node) === null;
}

function ipMatches(c: Constraint, addr: string): boolean {
  const node = parseIPv4(addr);
  const single = parseIPv4(c.exp);
  let hit: boolean;
  if (single !== null) hit = node !== null && node === single;
  else {
    const cidr = parseCidr(c.exp);
    if (!cidr) return false; // neither an IP nor a CIDR: never matches
    hit = node !== null && (node & cidr.mask) >>> 0 === cidr.net;
  }
  return c.op === '==' ? hit : !hit;
}

function parseIPv4(s: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return null;
  return ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0;
}

function parseCidr(s: string): { net: number; mask: number } | null {
  const [ip, bits] = s.split('/');
  const base = parseIPv4(ip ?? '');
  const n = Number(bits);
  if (base === null || bits === undefined || !/^\d+$/.test(bits) || n > 32) return null;
  const mask = n === 0 ? 0 : (0xffffffff << (32 - n)) >>> 0;
  return { net: (base & mask) >>> 0, mask };
}
