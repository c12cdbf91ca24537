/**
 * A stack's secrets and configs: the Compose file's top-level `secrets:` and
 * `configs:` (docker/cli v28.2.2 cli/compose/loader loadFileObjectConfig,
 * cli/compose/convert/compose.go Secrets, Configs), created or updated by
 * `stack deploy` (cli/command/stack/swarm/deploy_composefile.go
 * createSecrets, createConfigs), the services' references to them
 * (cli/compose/convert/service.go convertServiceSecrets,
 * convertServiceConfigObjs, convertFileObject) and their removal by
 * `stack rm` (swarm/remove.go removeSecrets, removeConfigs).
 *
 * A `file:` is read from the machine, relative to the Compose file's
 * directory (the CLI's working directory for `-c -`).
 */
import { cliError, DockerError } from '../../errors.js';
import {
  createObject,
  objectsOf,
  removeObject,
  resolveObject,
  updateObject,
  type ConfigRef,
  type SecretRef,
  type SwarmObject,
  type SwarmObjectKind,
  type SwarmObjectSpec,
} from '../../cluster/swarmObjects.js';
import type { ServiceSpec } from '../../model/types.js';
import type { CommandContext } from '../command.js';
import { absolutePath, readMachineFile } from '../files.js';
import { goQuote } from '../format/text.js';
import { inGoMapOrder } from './cliMapOrder.js';
import { resolveConfigs, resolveSecrets } from './service/refs.js';
import { isDict, LABEL_NAMESPACE, labelMap, mustDict, strMap, type Dict } from './stackLoad.js';
import { secretDriverProblem } from './swarmObjects.js';

const KINDS = ['secret', 'config'] as const;
const section = (kind: SwarmObjectKind): 'secrets' | 'configs' => (kind === 'secret' ? 'secrets' : 'configs');

/** One top-level entry as the loader leaves it: its name resolved, its file made absolute. */
interface FileObject {
  readonly key: string;
  readonly name: string;
  readonly external: boolean;
  readonly file: string;
  readonly driver: string;
  readonly raw: Dict;
}

/** loadFileObjectConfig for every entry of both sections: the loader's refusals, before anything is deployed. */
export function loadStackObjects(cfg: Dict, workingDir: string): Record<SwarmObjectKind, FileObject[]> {
  const out: Record<SwarmObjectKind, FileObject[]> = { secret: [], config: [] };
  for (const kind of KINDS) {
    for (const [key, v] of Object.entries(mustDict(cfg[section(kind)], section(kind)))) {
      const raw = mustDict(v, `${section(kind)}.${key}`);
      const ext = raw.external;
      const external = ext === true || isDict(ext);
      let name = typeof raw.name === 'string' ? raw.name : '';
      const driver = kind === 'secret' && typeof raw.driver === 'string' ? raw.driver : '';
      let file = typeof raw.file === 'string' ? raw.file : '';
      if (external) {
        const extName = isDict(ext) && typeof ext.name === 'string' ? ext.name : '';
        if (extName !== '') {
          if (name !== '') throw cliError(`${kind} ${key}: ${kind}.external.name and ${kind}.name conflict; only use ${kind}.name`);
          name = extName;
        } else if (name === '') name = key;
      } else if (driver !== '') {
        if (file !== '') throw cliError(`${kind} ${key}: ${kind}.driver and ${kind}.file conflict; only use ${kind}.driver`);
      } else file = file.startsWith('/') ? file : absolutePath(file, workingDir);
      out[kind].push({ key, name, external, file, driver, raw });
    }
  }
  return out;
}

/** fileObjectConfig / driverObjectConfig: the spec the CLI sends for an entry that is not external. */
function specOf(ctx: CommandContext, ns: string, kind: SwarmObjectKind, o: FileObject): SwarmObjectSpec {
  const name = o.name !== '' ? o.name : `${ns}_${o.key}`;
  const labels = { ...labelMap(o.raw.labels), [LABEL_NAMESPACE]: ns };
  const template = typeof o.raw.template_driver === 'string' && o.raw.template_driver !== '' ? { templating: { name: o.raw.template_driver } } : {};
  if (o.driver !== '') return { name, labels, data: '', driver: { name: o.driver, options: strMap(o.raw.driver_opts) }, ...template };
  // os.ReadFile's error, as is.
  return { name, labels, data: readMachineFile(ctx.sim.ensureMachine(ctx.host), o.file), ...template };
}

/**
 * createSecrets then createConfigs, each in the order the CLI ranges over
 * its Go map: an object that exists is updated (only its labels may change),
 * a new one is created with `Creating secret NAME`.
 */
export function deployStackObjects(ctx: CommandContext, ns: string, objects: Record<SwarmObjectKind, FileObject[]>): void {
  const world = ctx.sim.world;
  for (const kind of KINDS) {
    const specs = inGoMapOrder(
      ctx.sim,
      objects[kind].filter((o) => !o.external).map((o) => [o.key, o] as const),
    ).map(([, o]) => specOf(ctx, ns, kind, o));
    for (const spec of specs) {
      let existing: SwarmObject | null;
      try {
        existing = resolveObject(world, kind, spec.name);
      } catch (e) {
        if (!(e instanceof DockerError)) throw e;
        existing = null;
      }
      try {
        if (existing) updateObject(world, existing, spec);
        else {
          ctx.out(`Creating ${kind} ${spec.name}`);
          createObject(world, kind, spec, (d) => secretDriverProblem(ctx.sim, d));
        }
      } catch (e) {
        if (e instanceof DockerError) throw cliError(`failed to ${existing ? 'update' : 'create'} ${kind} ${spec.name}: ${e.display}`);
        throw e;
      }
    }
  }
}

/** A service's `secrets:` or `configs:` entries: `name` or `{source, target, uid, gid, mode}`. */
function serviceEntries(v: unknown): Dict[] {
  if (!Array.isArray(v)) return [];
  return v.map((x) => (typeof x === 'string' ? { source: x } : isDict(x) ? x : { source: String(x) }));
}

/** convertFileObject for each entry, then ParseSecrets / ParseConfigs, sorted by name for idempotence. */
function refsOf(ctx: CommandContext, ns: string, kind: SwarmObjectKind, entries: Dict[], declared: readonly FileObject[]) {
  const requested = entries.map((e) => {
    const source = typeof e.source === 'string' ? e.source : '';
    const obj = declared.find((o) => o.key === source);
    if (!obj) throw cliError(`undefined ${kind} ${goQuote(source)}`);
    const str = (x: unknown): string => (typeof x === 'string' && x !== '' ? x : '');
    return {
      name: obj.name !== '' ? obj.name : `${ns}_${source}`,
      file: { Name: str(e.target) || source, UID: str(e.uid) || '0', GID: str(e.gid) || '0', Mode: typeof e.mode === 'number' ? e.mode : 0o444 },
    };
  });
  const byName = <T>(refs: T[], name: (r: T) => string): T[] => [...refs].sort((a, b) => (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0));
  return kind === 'secret'
    ? { Secrets: byName(resolveSecrets(ctx.sim, requested), (r: SecretRef) => r.SecretName) }
    : { Configs: byName(resolveConfigs(ctx.sim, requested), (r: ConfigRef) => r.ConfigName) };
}

/**
 * convert.Services' references, once the stack's objects exist: each
 * service's spec with its ContainerSpec.Secrets and Configs; a refusal is
 * `service NAME: ...`.
 */
export function withStackRefs(
  ctx: CommandContext,
  ns: string,
  cfg: Dict,
  objects: Record<SwarmObjectKind, FileObject[]>,
  specs: readonly [string, ServiceSpec][],
): [string, ServiceSpec][] {
  const services = mustDict(cfg.services, 'services');
  return specs.map(([key, spec]) => {
    const svc = mustDict(services[key], `services.${key}`);
    const fields: Record<string, unknown> = {};
    try {
      for (const kind of KINDS) {
        const entries = serviceEntries(svc[section(kind)]);
        if (entries.length) Object.assign(fields, refsOf(ctx, ns, kind, entries, objects[kind]));
      }
    } catch (e) {
      if (e instanceof DockerError) throw cliError(`service ${key}: ${e.message}`);
      throw e;
    }
    if (Object.keys(fields).length === 0) return [key, spec];
    return [key, { ...spec, task: { ...spec.task, container: { ...(spec.task.container ?? {}), ...fields } } }];
  });
}

/** getStackSecrets / getStackConfigs: the objects with the stack's label, in the daemon's (ID) order. */
export function stackObjectsOf(ctx: CommandContext, ns: string): Record<SwarmObjectKind, SwarmObject[]> {
  const of = (kind: SwarmObjectKind): SwarmObject[] =>
    [...objectsOf(ctx.sim.world, kind).values()].filter((o) => o.spec.labels[LABEL_NAMESPACE] === ns).sort((a, b) => (a.id < b.id ? -1 : 1));
  return { secret: of('secret'), config: of('config') };
}

/** removeSecrets then removeConfigs: `Removing secret NAME`, failures on stderr; whether any failed. */
export function removeStackObjects(ctx: CommandContext, objects: Record<SwarmObjectKind, SwarmObject[]>): boolean {
  let failed = false;
  for (const kind of KINDS) {
    for (const o of objects[kind]) {
      ctx.out(`Removing ${kind} ${o.spec.name}`);
      try {
        removeObject(ctx.sim.world, kind, o.id);
      } catch (e) {
        if (!(e instanceof DockerError)) throw e;
        ctx.err(`Failed to remove ${kind} ${o.id}: ${e.display}`);
        failed = true;
      }
    }
  }
  return failed;
}
