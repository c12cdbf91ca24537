/**
 * `--secret` and `--config` of `docker service create`, `--secret-add`,
 * `--secret-rm`, `--config-add` and `--config-rm` of `update`: the option
 * values (docker/cli v28.2.2 opts/swarmopts/{secret,config}.go), their
 * resolution to IDs by name (cli/command/service/parse.go ParseSecrets,
 * ParseConfigs) and the update rules (update.go getUpdatedSecrets,
 * getUpdatedConfigs, removeConfigs). The references are stored under
 * ContainerSpec.Secrets and Configs; the daemon's checks of them are
 * sim/cluster/swarmObjects.ts validateServiceRefs.
 */
import { cliError } from '../../../errors.js';
import { listObjects, type ConfigRef, type FileTarget, type SecretRef, type SwarmObjectKind } from '../../../cluster/swarmObjects.js';
import type { Simulation } from '../../../simulation.js';
import { TemplateError } from '../../format/template.js';
import { goQuote } from '../../format/text.js';
import type { HelpFlag } from '../../help.js';
import { inGoMapOrder } from '../cliMapOrder.js';
import { csvFields, ValueError, type Opts } from './options.js';

const STORED = ' (swarmsim: stored, not mounted)';
const CREDENTIAL_SPEC: HelpFlag = {
  name: 'credential-spec',
  type: 'string',
  typeName: 'credential-spec',
  help: 'Credential spec for managed service account (Windows only) (swarmsim: stored, not simulated)',
};

export const REF_CREATE_FLAGS: readonly HelpFlag[] = [
  CREDENTIAL_SPEC,
  { name: 'secret', type: 'list', typeName: 'secret', help: 'Specify secrets to expose to the service' + STORED },
  { name: 'config', type: 'list', typeName: 'config', help: 'Specify configurations to expose to the service' + STORED },
];
export const REF_UPDATE_FLAGS: readonly HelpFlag[] = [
  CREDENTIAL_SPEC,
  { name: 'secret-add', type: 'list', typeName: 'secret', help: 'Add or update a secret on a service' + STORED },
  { name: 'secret-rm', type: 'list', help: 'Remove a secret' },
  { name: 'config-add', type: 'list', typeName: 'config', help: 'Add or update a config file on a service' + STORED },
  { name: 'config-rm', type: 'list', help: 'Remove a configuration file' },
];

/** strconv.ParseUint(s, 0, bits): a 0x, 0o, 0b or 0 prefix picks the base; `_` may separate digits (underscoreOK). */
export function parseUintBase0(s: string, bits: number): number {
  let base = 10;
  let body = s;
  const m = /^0([xXoObB])/.exec(s);
  if (m) {
    base = { x: 16, o: 8, b: 2 }[m[1].toLowerCase() as 'x' | 'o' | 'b'];
    body = s.slice(2).replace(/^_/, '');
  } else if (s.length > 1 && s[0] === '0') base = 8;
  const digit = base === 16 ? '[0-9a-fA-F]' : base === 8 ? '[0-7]' : base === 2 ? '[01]' : '[0-9]';
  if (!new RegExp(`^${digit}(?:_?${digit})*$`).test(body)) throw new ValueError(`strconv.ParseUint: parsing ${goQuote(s)}: invalid syntax`);
  let n = 0n;
  for (const c of body.replace(/_/g, '')) n = n * BigInt(base) + BigInt(parseInt(c, base));
  if (n >= 1n << BigInt(bits)) throw new ValueError(`strconv.ParseUint: parsing ${goQuote(s)}: value out of range`);
  return Number(n);
}

interface Requested {
  readonly name: string;
  readonly file: FileTarget;
}

/** SecretOpt.Set / ConfigOpt.Set: `name`, or CSV `source=,target=,uid=,gid=,mode=` (keys case-insensitive). */
function parseRef(kind: SwarmObjectKind, value: string): Requested {
  if (value === '') throw new ValueError('EOF'); // csv.Reader.Read of an empty input
  const fields = csvFields(value);
  const file = { Name: '', UID: '0', GID: '0', Mode: 0o444 };
  if (fields.length === 1 && !fields[0].includes('=')) return { name: fields[0], file: { ...file, Name: fields[0] } };
  let name = '';
  for (const field of fields) {
    const eq = field.indexOf('=');
    if (eq <= 0) throw new ValueError(`invalid field '${field}' must be a key=value pair`);
    const key = field.slice(0, eq);
    const val = field.slice(eq + 1);
    switch (key.toLowerCase()) {
      case 'source':
      case 'src':
        name = val;
        break;
      case 'target':
        file.Name = val;
        break;
      case 'uid':
        file.UID = val;
        break;
      case 'gid':
        file.GID = val;
        break;
      case 'mode':
        try {
          file.Mode = parseUintBase0(val, 32);
        } catch (e) {
          if (e instanceof ValueError) throw new ValueError(`invalid mode specified: ${e.message}`);
          throw e;
        }
        break;
      default:
        throw new ValueError(`invalid field in ${kind} request: ${key}`);
    }
  }
  if (name === '') throw new ValueError('source is required');
  if (file.Name === '') file.Name = name;
  return { name, file };
}
export const parseSecretOpt = (v: string): Requested => parseRef('secret', v);
export const parseConfigOpt = (v: string): Requested => parseRef('config', v);

/**
 * ParseSecrets / ParseConfigs: one reference per target file (the later
 * duplicate named in the refusal), IDs looked up by name among the objects
 * the daemon lists for the names given (as prefixes); the references come
 * back in the order the CLI ranges over its Go map of them.
 */
function resolveRefs(
  sim: Simulation,
  kind: SwarmObjectKind,
  requested: readonly Requested[],
  runtime: readonly string[] = [],
): { name: string; file?: FileTarget; id: string }[] {
  if (requested.length === 0 && runtime.length === 0) return [];
  const byTarget = new Map<string, Requested>();
  for (const r of requested) {
    if (byTarget.has(r.file.Name)) throw cliError(`duplicate ${kind} target for ${r.name} not allowed`);
    byTarget.set(r.file.Name, r);
  }
  // A Runtime target (a credential spec's config) is needed once, however often it is named.
  const runtimeNames = [...new Set(runtime)];
  const refs = [...byTarget.values()];
  const found = new Map<string, string>();
  const listed = listObjects(sim.world, kind, { names: [], namePrefixes: [...refs.map((r) => r.name), ...runtimeNames], idPrefixes: [], labels: {} });
  for (const o of listed) found.set(o.spec.name, o.id);
  const lookup = (name: string): string => {
    const id = found.get(name);
    if (id === undefined) throw cliError(`${kind} not found: ${name}`);
    return id;
  };
  const files = inGoMapOrder(sim, [...byTarget.entries()]).map(([, r]) => ({ name: r.name, file: r.file, id: lookup(r.name) }));
  const runtimes = inGoMapOrder(sim, runtimeNames.map((n) => [n, n] as const)).map(([n]) => ({ name: n, id: lookup(n) }));
  return [...files, ...runtimes];
}

export function resolveSecrets(sim: Simulation, requested: readonly Requested[]): SecretRef[] {
  return resolveRefs(sim, 'secret', requested).map((r) => ({ File: r.file!, SecretID: r.id, SecretName: r.name }));
}
/** Configs, and the Runtime targets a credential spec names (after the files, as ParseConfigs appends them). */
export function resolveConfigs(sim: Simulation, requested: readonly Requested[], runtime: readonly string[] = []): ConfigRef[] {
  return resolveRefs(sim, 'config', requested, runtime).map((r) =>
    r.file ? { File: r.file, ConfigID: r.id, ConfigName: r.name } : { Runtime: {}, ConfigID: r.id, ConfigName: r.name },
  );
}

// ===========================================================================
// --credential-spec (opts.go credentialSpecOpt; create.go setConfigs; update.go updateCredSpecConfig)
// ===========================================================================

interface CredentialSpec {
  readonly Config: string;
  readonly File: string;
  readonly Registry: string;
}

/** credentialSpecOpt.Set: `config://NAME`, `file://PATH`, `registry://KEY`, or '' (none). */
export function parseCredentialSpec(v: string): CredentialSpec | null {
  const spec = { Config: '', File: '', Registry: '' };
  if (v.startsWith('config://')) spec.Config = v.slice('config://'.length);
  else if (v.startsWith('file://')) spec.File = v.slice('file://'.length);
  else if (v.startsWith('registry://')) spec.Registry = v.slice('registry://'.length);
  else if (v === '') return null;
  else throw new ValueError('invalid credential spec: value must be prefixed with "config://", "file://", or "registry://"');
  return spec;
}

/** swarm.Privileges as the daemon returns it: SELinuxContext nil, NoNewPrivileges false. */
const privileges = (cred: CredentialSpec | null, old?: Fields): Fields => ({
  CredentialSpec: cred,
  SELinuxContext: old?.SELinuxContext ?? null,
  NoNewPrivileges: old?.NoNewPrivileges ?? false,
});
/** The credential spec with its config's name swapped for the ID the references give it. */
const withConfigId = (cred: CredentialSpec, configs: readonly ConfigRef[]): CredentialSpec =>
  cred.Config === '' ? cred : { ...cred, Config: configs.find((r) => r.ConfigName === cred.Config)?.ConfigID ?? cred.Config };

/** Every value through its parser now: a bad one is a flag error (exit 125) before anything happens. */
export function checkRefValues(o: Opts, update: boolean): void {
  o.each(update ? 'secret-add' : 'secret', parseSecretOpt);
  o.each(update ? 'config-add' : 'config', parseConfigOpt);
  if (o.changed('credential-spec')) o.one('credential-spec', parseCredentialSpec);
}

const credentialOf = (o: Opts): CredentialSpec | null => (o.changed('credential-spec') ? o.one('credential-spec', parseCredentialSpec) : null);

type Fields = Record<string, unknown>;

/** create.go: the references resolved when any are given. */
export function refsFromCreate(sim: Simulation, o: Opts): Fields {
  const out: Fields = {};
  const secrets = resolveSecrets(sim, o.each('secret', parseSecretOpt));
  if (secrets.length) out.Secrets = secrets;
  const cred = credentialOf(o);
  const configs = resolveConfigs(sim, o.each('config', parseConfigOpt), cred?.Config ? [cred.Config] : []);
  if (configs.length) out.Configs = configs;
  if (cred) out.Privileges = privileges(withConfigId(cred, configs));
  return out;
}

/** updateService's secrets and configs: removal by name, then the additions resolved; untouched, the fields stay as they were. */
export function refsFromUpdate(sim: Simulation, o: Opts, container: Readonly<Fields> | undefined): Readonly<Fields> | undefined {
  if (!o.changed('secret-add', 'secret-rm', 'config-add', 'config-rm', 'credential-spec')) return container;
  const c: Fields = { ...(container ?? {}) };
  if (o.changed('secret-add', 'secret-rm')) {
    const rm = new Set(o.list('secret-rm'));
    const kept = ((c.Secrets as SecretRef[] | undefined) ?? []).filter((r) => !rm.has(r.SecretName));
    const secrets = [...kept, ...resolveSecrets(sim, o.each('secret-add', parseSecretOpt))];
    if (secrets.length) c.Secrets = secrets;
    else delete c.Secrets;
  }
  if (o.changed('config-add', 'config-rm', 'credential-spec')) {
    // getUpdatedConfigs: a new credential spec names its config; else the current one's ID is kept.
    const cred = credentialOf(o);
    const oldPrivileges = c.Privileges as { CredentialSpec?: CredentialSpec | null } | undefined;
    const credName = cred?.Config ?? '';
    const credId = o.changed('credential-spec') ? '' : (oldPrivileges?.CredentialSpec?.Config ?? '');
    const rm = new Set(o.list('config-rm'));
    // removeConfigs: a Runtime reference stays only while a credential spec uses it; files go by name.
    const kept = ((c.Configs as ConfigRef[] | undefined) ?? []).filter((r) =>
      r.Runtime !== undefined ? (credName !== '' && r.ConfigName === credName) || (credId !== '' && r.ConfigID === credId) : !rm.has(r.ConfigName),
    );
    const configs = [...kept, ...resolveConfigs(sim, o.each('config-add', parseConfigOpt), credName ? [credName] : [])];
    if (configs.length) c.Configs = configs;
    else delete c.Configs;
    // updateCredSpecConfig: '' removes the credential spec; a value replaces it.
    if (o.changed('credential-spec')) {
      if (cred === null) {
        if (oldPrivileges) c.Privileges = privileges(null, oldPrivileges as Fields);
      } else c.Privileges = privileges(withConfigId(cred, configs), oldPrivileges as Fields | undefined);
    }
  }
  return c;
}

/**
 * `--pretty`'s Configs and Secrets sections (formatter.go), after the mounts.
 * A credential spec's Runtime reference has no File: the template's
 * `{{$config.File.Name}}` (line 110, column 11 of serviceInspectPrettyTemplate)
 * fails on the nil pointer, and with it the whole `--pretty`, as in docker.
 */
export function prettyRefs(container: Readonly<Fields> | undefined): string {
  let s = '';
  const configs = (container?.Configs as ConfigRef[] | undefined) ?? [];
  const secrets = (container?.Secrets as SecretRef[] | undefined) ?? [];
  if (configs.some((r) => !r.File))
    throw new TemplateError('template: :110:11: executing "" at <$config.File.Name>: nil pointer evaluating *swarm.ConfigReferenceFileTarget.Name');
  if (configs.length) s += '\nConfigs:' + configs.map((r) => `\n Target:\t${r.File!.Name}\n  Source:\t${r.ConfigName}`).join('');
  if (secrets.length) s += '\nSecrets:' + secrets.map((r) => `\n Target:\t${r.File.Name}\n  Source:\t${r.SecretName}`).join('');
  return s;
}
