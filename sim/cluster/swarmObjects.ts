/**
 * Swarm secrets and configs: the cluster store's objects and the control
 * API's rules for them (moby/swarmkit as vendored by moby v28.2.2:
 * manager/controlapi/{secret,config,common}.go, api/validation/secrets.go;
 * the daemon's look-up by ID, name or ID prefix is moby daemon/cluster
 * helpers.go getSecret/getConfig). The simulator stores them and the
 * services' references to them; it mounts nothing into containers.
 *
 * Every function validates before it changes anything and throws the
 * daemon's text as a DockerError.
 */
import { daemonError } from '../errors.js';
import type { Service, ServiceSpec } from '../model/types.js';
import type { World } from './world.js';

export type SwarmObjectKind = 'secret' | 'config';

/** A swarm.Driver (secret driver, template driver). */
export interface ObjectDriver {
  readonly name: string;
  readonly options?: Readonly<Record<string, string>>;
}

/** SecretSpec / ConfigSpec: Annotations, Data, Driver (secrets only), Templating. */
export interface SwarmObjectSpec {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /** The payload as text; '' with a secret driver (the driver fetches it). */
  readonly data: string;
  readonly driver?: ObjectDriver;
  readonly templating?: ObjectDriver;
}

export interface SwarmObject {
  readonly kind: SwarmObjectKind;
  readonly id: string;
  spec: SwarmObjectSpec;
  /** Meta.Version.Index: 11 at creation, one more per update (not a raft index). */
  version: number;
  readonly createdAt: number;
  updatedAt: number;
}

/**
 * A service's reference to a secret or config (swarm.SecretReference /
 * ConfigReference), stored under ContainerSpec.Secrets / Configs by their
 * Go JSON names. A config with no File is a Runtime target (credential spec).
 */
export interface FileTarget {
  readonly Name: string;
  readonly UID: string;
  readonly GID: string;
  readonly Mode: number;
}
export interface SecretRef {
  readonly File: FileTarget;
  readonly SecretID: string;
  readonly SecretName: string;
}
export interface ConfigRef {
  readonly File?: FileTarget;
  readonly Runtime?: Record<string, never>;
  readonly ConfigID: string;
  readonly ConfigName: string;
}

/** swarmkit api/validation MaxSecretSize and controlapi MaxConfigSize, in bytes. */
export const MAX_SECRET_SIZE = 500 * 1024;
export const MAX_CONFIG_SIZE = 1000 * 1024;

/** controlapi/common.go isValidConfigOrSecretName. */
const VALID_NAME = /^[a-zA-Z0-9]+(?:[a-zA-Z0-9-_.]*[a-zA-Z0-9])?$/;

const rpc = (code: string, desc: string) => daemonError(`rpc error: code = ${code} desc = ${desc}`);

/** The UTF-8 length of a payload: swarmkit counts bytes. */
export const byteLength = (s: string): number => new TextEncoder().encode(s).length;

export function objectsOf(world: World, kind: SwarmObjectKind): Map<string, SwarmObject> {
  return kind === 'secret' ? world.secrets : world.configs;
}

/** A service's references of one kind. */
export function secretRefs(spec: ServiceSpec): readonly SecretRef[] {
  return (spec.task.container?.Secrets as SecretRef[] | undefined) ?? [];
}
export function configRefs(spec: ServiceSpec): readonly ConfigRef[] {
  return (spec.task.container?.Configs as ConfigRef[] | undefined) ?? [];
}
function refIds(kind: SwarmObjectKind, spec: ServiceSpec): string[] {
  return kind === 'secret' ? secretRefs(spec).map((r) => r.SecretID) : configRefs(spec).map((r) => r.ConfigID);
}

/** validateConfigOrSecretAnnotations, then the payload rule of each kind (validateSecretSpec, validateConfigSpec). */
function validateSpec(kind: SwarmObjectKind, spec: SwarmObjectSpec): void {
  if (spec.name === '') throw rpc('InvalidArgument', 'name must be provided');
  if (spec.name.length > 64 || !VALID_NAME.test(spec.name))
    throw rpc('InvalidArgument', 'invalid name, only 64 [a-zA-Z0-9-_.] characters allowed, and the start and end character must be [a-zA-Z0-9]');
  if (kind === 'secret' && spec.driver) {
    if (spec.driver.name === '') throw rpc('InvalidArgument', 'secret driver must have a name');
    return; // a driver's secret has no payload to check
  }
  const n = byteLength(spec.data);
  const max = kind === 'secret' ? MAX_SECRET_SIZE : MAX_CONFIG_SIZE;
  if (n >= max || n < 1) throw rpc('InvalidArgument', `${kind} data must be larger than 0 and less than ${max} bytes`);
}

/**
 * CreateSecret / CreateConfig. `driverProblem` answers for the leader's
 * plugin store (drivers/provider.go NewSecretDriver): the text of its
 * refusal, which gRPC reports as Unknown, or null.
 */
export function createObject(world: World, kind: SwarmObjectKind, spec: SwarmObjectSpec, driverProblem: (name: string) => string | null = () => null): SwarmObject {
  validateSpec(kind, spec);
  if (kind === 'secret' && spec.driver) {
    const problem = driverProblem(spec.driver.name);
    if (problem) throw rpc('Unknown', problem);
  }
  const store = objectsOf(world, kind);
  // The store refuses a second object of a name (store.ErrNameConflict).
  if ([...store.values()].some((o) => o.spec.name === spec.name)) throw rpc('AlreadyExists', `${kind} ${spec.name} already exists`);
  const obj: SwarmObject = { kind, id: world.rng.swarmId(), spec, version: 11, createdAt: world.now, updatedAt: world.now };
  store.set(obj.id, obj);
  world.record(`${kind}.created`, obj.id, null, spec.name);
  return obj;
}

/** getSecret / getConfig: a full ID, then an exact name, then a unique ID prefix. */
export function resolveObject(world: World, kind: SwarmObjectKind, ref: string): SwarmObject {
  const store = objectsOf(world, kind);
  const byId = store.get(ref);
  if (byId) return byId;
  const all = [...store.values()];
  let hits = all.filter((o) => o.spec.name === ref);
  if (hits.length === 0) hits = all.filter((o) => o.id.startsWith(ref));
  if (hits.length === 0) throw daemonError(`${kind} ${ref} not found`);
  if (hits.length > 1) throw daemonError(`${kind} ${ref} is ambiguous (${hits.length} matches found)`);
  return hits[0];
}

/** The services that reference an object (store.ByReferencedSecretID / ByReferencedConfigID), in the store's ID order. */
export function servicesUsing(world: World, obj: SwarmObject): Service[] {
  return [...world.services.values()].filter((s) => refIds(obj.kind, s.spec).includes(obj.id)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** RemoveSecret / RemoveConfig: refused while a service references it. */
export function removeObject(world: World, kind: SwarmObjectKind, ref: string): SwarmObject {
  const obj = resolveObject(world, kind, ref);
  const users = servicesUsing(world, obj);
  if (users.length > 0)
    throw rpc(
      'InvalidArgument',
      `${kind} '${obj.spec.name}' is in use by the following ${users.length === 1 ? 'service' : 'services'}: ${users.map((s) => s.spec.name).join(', ')}`,
    );
  objectsOf(world, kind).delete(obj.id);
  world.record(`${kind}.removed`, obj.id, obj.spec.name, null);
  return obj;
}

/** UpdateSecret / UpdateConfig (what `stack deploy` sends for an object that exists): only the labels may change. */
export function updateObject(world: World, obj: SwarmObject, spec: SwarmObjectSpec): void {
  if (spec.name !== obj.spec.name || spec.data !== obj.spec.data) throw rpc('InvalidArgument', 'only updates to Labels are allowed');
  obj.spec = { ...obj.spec, labels: spec.labels };
  obj.version++;
  obj.updatedAt = world.now;
  world.record(`${obj.kind}.updated`, obj.id, String(obj.version - 1), String(obj.version));
}

/** ListSecrets / ListConfigs filters (moby daemon/cluster/filters.go newListSecretsFilters). */
export interface ObjectFilters {
  /** `names`: exact names (secrets only). */
  readonly names: readonly string[];
  /** `name`: name prefixes. */
  readonly namePrefixes: readonly string[];
  /** `id`: ID prefixes. */
  readonly idPrefixes: readonly string[];
  /** `label`: `k` or `k=v`. */
  readonly labels: Readonly<Record<string, string>>;
}

/** The store's answer: any of the name/ID filters (store.Or), then every label (filterMatchLabels); in ID order. */
export function listObjects(world: World, kind: SwarmObjectKind, f: ObjectFilters): SwarmObject[] {
  const any = f.names.length + f.namePrefixes.length + f.idPrefixes.length > 0;
  return [...objectsOf(world, kind).values()]
    .filter(
      (o) =>
        !any ||
        f.names.includes(o.spec.name) ||
        f.namePrefixes.some((p) => o.spec.name.startsWith(p)) ||
        f.idPrefixes.some((p) => o.id.startsWith(p)),
    )
    .filter((o) => Object.entries(f.labels).every(([k, v]) => k in o.spec.labels && (v === '' || o.spec.labels[k] === v)))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * What CreateService and UpdateService check of a spec's references:
 * validateSecretRefsSpec and validateConfigRefsSpec (one file target per
 * name; a credential spec's config among the Runtime references), then, in
 * the store transaction, checkSecretExistence and checkConfigExistence.
 */
export function validateServiceRefs(world: World, spec: ServiceSpec): void {
  const files = (kindName: SwarmObjectKind, refs: readonly { File?: FileTarget; name: string }[]): void => {
    const seen = new Map<string, string>();
    for (const r of refs) {
      if (!r.File) continue;
      if (r.File.Name === '') throw rpc('InvalidArgument', `malformed file ${kindName} reference, invalid target file name provided`);
      const prev = seen.get(r.File.Name);
      if (prev !== undefined) throw rpc('InvalidArgument', `${kindName} references '${prev}' and '${r.name}' have a conflicting target: '${r.File.Name}'`);
      seen.set(r.File.Name, r.name);
    }
  };
  const secrets = secretRefs(spec);
  const configs = configRefs(spec);
  files('secret', secrets.map((r) => ({ File: r.File, name: r.SecretName })));
  files('config', configs.map((r) => ({ File: r.File, name: r.ConfigName })));
  const cred = (spec.task.container?.Privileges as { CredentialSpec?: { Config?: string } } | undefined)?.CredentialSpec?.Config ?? '';
  if (cred !== '' && !configs.some((r) => r.Runtime && r.ConfigID === cred))
    throw rpc('InvalidArgument', `CredentialSpec references config '${cred}', but that config isn't in config references with RuntimeTarget`);
  const missing = (kindName: SwarmObjectKind, refs: readonly { id: string; name: string }[]): void => {
    const store = objectsOf(world, kindName);
    const failed = refs.filter((r) => store.get(r.id)?.spec.name !== r.name).map((r) => r.name);
    if (failed.length > 0) throw rpc('InvalidArgument', `${kindName}${failed.length === 1 ? '' : 's'} not found: ${failed.join(', ')}`);
  };
  missing('secret', secrets.map((r) => ({ id: r.SecretID, name: r.SecretName })));
  missing('config', configs.map((r) => ({ id: r.ConfigID, name: r.ConfigName })));
}
