/**
 * `--generic-resource` of `docker service create`, `--generic-resource-add`
 * and `--generic-resource-rm` of `update`: user-defined resources a task
 * reserves (docker/cli v28.2.2 cli/command/service/generic_resource_opts.go,
 * update.go addGenericResources, removeGenericResources; the parser is
 * swarmkit's api/genericresource/parse.go Parse). Stored under
 * Resources.Reservations.GenericResources and shown by `service inspect`;
 * the simulator's nodes advertise none and its scheduler does not ask.
 */
import { cliError } from '../../../errors.js';
import type { Simulation } from '../../../simulation.js';
import type { HelpFlag } from '../../help.js';
import { inGoMapOrder } from '../cliMapOrder.js';
import { ValueError, type Opts } from './options.js';

export type GenericResource = { readonly kind: string; readonly value: number };

const STORED = ' (swarmsim: stored, not simulated)';
export const GENERIC_CREATE_FLAGS: readonly HelpFlag[] = [{ name: 'generic-resource', type: 'list', help: 'User defined resources' + STORED }];
export const GENERIC_UPDATE_FLAGS: readonly HelpFlag[] = [
  { name: 'generic-resource-add', type: 'list', help: 'Add a Generic resource' + STORED },
  { name: 'generic-resource-rm', type: 'list', help: 'Remove a Generic resource' },
];

/** ValidateSingleGenericResource: the flag's own check (a flag error, exit 125). */
export function validateGenericResource(v: string): string {
  if (!v.includes('=')) throw new ValueError(`invalid generic-resource format \`${v}\` expected \`name=value\``);
  return v;
}

/** strconv.ParseInt(s, 10, 64) succeeding. */
const isInt64 = (s: string): boolean => /^[+-]?\d+$/.test(s) && BigInt(s) <= 2n ** 63n - 1n && BigInt(s) >= -(2n ** 63n);

/**
 * ParseGenericResources: genericresource.Parse's terms grouped by kind (in
 * the order the CLI ranges over its Go map), then named resources refused.
 */
export function parseGenericResources(sim: Simulation, values: readonly string[]): GenericResource[] {
  if (values.length === 0) return [];
  const spec = (why: string) => cliError(`invalid generic resource specification: could not parse GenericResource: ${why}`);
  const tokens = new Map<string, string[]>();
  for (const term of values) {
    const kv = term.split('=');
    if (kv.length !== 2) throw spec(`incorrect term ${term}, missing '=' or malformed expression`);
    const key = kv[0].trim();
    tokens.set(key, [...(tokens.get(key) ?? []), kv[1].trim()]);
  }
  const out: GenericResource[] = [];
  // Parse makes named resources too; the CLI refuses the first of them once Parse is done.
  let named: string | null = null;
  for (const [kind, vals] of inGoMapOrder(sim, [...tokens.entries()])) {
    if (vals.length === 1 && isInt64(vals[0])) {
      const n = Number(vals[0]);
      if (n < 0) throw spec(`cannot ask for negative resource ${kind}`);
      out.push({ kind, value: n });
      continue;
    }
    if (vals.every((v) => !isInt64(v))) {
      named ??= `${kind}=${vals[0]}`;
      continue;
    }
    throw spec(`mixed discrete and named resources in expression '${kind}=[${vals.join(' ')}]'`);
  }
  if (named !== null) throw cliError(`invalid generic-resource request \`${named}\`, Named Generic Resources is not supported for service create or update`);
  return out;
}

export function checkGenericValues(o: Opts, update: boolean): void {
  o.each(update ? 'generic-resource-add' : 'generic-resource', validateGenericResource);
}

/** ToResourceRequirements' generic part. */
export function genericFromCreate(sim: Simulation, o: Opts): { genericResources?: GenericResource[] } {
  const generic = parseGenericResources(sim, o.each('generic-resource', validateGenericResource));
  return generic.length ? { genericResources: generic } : {};
}

/** addGenericResources, then removeGenericResources: by kind, the list rebuilt from a Go map each time. */
export function genericFromUpdate(sim: Simulation, o: Opts, current: readonly GenericResource[] | undefined): readonly GenericResource[] | undefined {
  if (!o.changed('generic-resource-add', 'generic-resource-rm')) return current;
  let list = [...(current ?? [])];
  const rebuild = (m: Map<string, GenericResource>): GenericResource[] => inGoMapOrder(sim, [...m.entries()]).map(([, r]) => r);
  if (o.changed('generic-resource-add')) {
    const m = new Map(list.map((r) => [r.kind, r]));
    for (const r of parseGenericResources(sim, o.each('generic-resource-add', validateGenericResource))) m.set(r.kind, r);
    list = rebuild(m);
  }
  if (o.changed('generic-resource-rm')) {
    const m = new Map(list.map((r) => [r.kind, r]));
    for (const k of o.list('generic-resource-rm')) {
      if (!m.delete(k)) throw cliError(`could not find generic-resource \`${k}\` to remove it`);
    }
    list = rebuild(m);
  }
  return list.length ? list : undefined;
}

/** The API's form: discrete resources, Value omitted when 0. */
export const genericJSON = (rs: readonly GenericResource[]): Record<string, unknown>[] =>
  rs.map((r) => ({ DiscreteResourceSpec: { Kind: r.kind, ...(r.value ? { Value: r.value } : {}) } }));
