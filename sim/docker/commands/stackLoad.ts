/**
 * Loading a Compose file for `docker stack deploy` (docker/cli v28.2.2
 * cli/command/stack/loader and cli/compose/loader, schema): the file or
 * standard input, YAML with yaml.v3's limits, the v3 schema's keys,
 * interpolation, env files, and the options the CLI ignores or refuses.
 */
import { isAlias, isMap, isSeq, LineCounter, parseDocument, visit, YAMLParseError, type Document, type ScalarTag } from 'yaml';
import { duplicateKeyErrors } from './composeKeys.js';
import { yamlAliasProblem, yamlInputProblem, type YamlProblem } from '../../yamlLimits.js';
import type { CommandContext } from '../command.js';
import { cliError, DockerError } from '../../errors.js';
import type { Machine } from '../../model/types.js';
import { absolutePath, readMachineFile, WORKING_DIRECTORY } from '../files.js';
import { goQuote } from '../format/text.js';
import { parseKVFile } from '../opts.js';
import { parseNormalizedNamed, ReferenceError } from '../reference.js';
import { isDict, mergeComposeConfigs, type Dict } from './composeMerge.js';

const fail = (msg: string): DockerError => cliError(msg);

export { isDict, type Dict };

/** convert.LabelNamespace: every object a stack makes carries it. */
export const LABEL_NAMESPACE = 'com.docker.stack.namespace';

export const strMap = (v: unknown): Record<string, string> =>
  Object.fromEntries(Object.entries(isDict(v) ? v : {}).map(([k, x]) => [k, x === null || x === undefined ? '' : String(x)]));

/** A label list (`k=v` strings) or mapping, as compose allows both. */
export function labelMap(v: unknown): Record<string, string> {
  if (Array.isArray(v)) {
    const out: Record<string, string> = {};
    for (const s of v.map(String)) {
      const eq = s.indexOf('=');
      out[eq < 0 ? s : s.slice(0, eq)] = eq < 0 ? '' : s.slice(eq + 1);
    }
    return out;
  }
  return strMap(v);
}


// ===========================================================================
// Loading (cli/compose/loader, schema)
// ===========================================================================

/** Keys the v3 schema allows (config_schema_v3.13.json), per object. */
const ALLOWED: Record<string, readonly string[]> = {
  root: ['version', 'services', 'networks', 'volumes', 'secrets', 'configs'],
  service: [
    'deploy', 'build', 'cap_add', 'cap_drop', 'cgroupns_mode', 'cgroup_parent', 'command', 'configs', 'container_name',
    'credential_spec', 'depends_on', 'devices', 'dns', 'dns_search', 'domainname', 'entrypoint', 'env_file', 'environment',
    'expose', 'external_links', 'extra_hosts', 'healthcheck', 'hostname', 'image', 'init', 'ipc', 'isolation', 'labels',
    'links', 'logging', 'mac_address', 'network_mode', 'networks', 'pid', 'ports', 'privileged', 'read_only', 'restart',
    'security_opt', 'shm_size', 'secrets', 'sysctls', 'stdin_open', 'stop_grace_period', 'stop_signal', 'tmpfs', 'tty',
    'ulimits', 'oom_score_adj', 'user', 'userns_mode', 'volumes', 'working_dir',
  ],
  deploy: ['mode', 'endpoint_mode', 'replicas', 'labels', 'rollback_config', 'update_config', 'resources', 'restart_policy', 'placement'],
  resources: ['limits', 'reservations'],
  limits: ['cpus', 'memory', 'pids'],
  reservations: ['cpus', 'memory', 'generic_resources'],
  placement: ['constraints', 'preferences', 'max_replicas_per_node'],
  restart_policy: ['condition', 'delay', 'max_attempts', 'window'],
  update_config: ['parallelism', 'delay', 'failure_action', 'monitor', 'max_failure_ratio', 'order'],
  logging: ['driver', 'options'],
  network: ['name', 'driver', 'driver_opts', 'ipam', 'external', 'internal', 'attachable', 'labels'],
  volume: ['name', 'driver', 'driver_opts', 'external', 'labels', 'x-cluster-spec'],
  secret: ['name', 'file', 'external', 'labels', 'driver', 'driver_opts', 'template_driver'],
  config: ['name', 'file', 'external', 'labels', 'template_driver'],
};

const UNSUPPORTED = [
  'build', 'cgroupns_mode', 'cgroup_parent', 'devices', 'domainname', 'external_links', 'ipc', 'links', 'mac_address',
  'network_mode', 'pid', 'privileged', 'restart', 'security_opt', 'shm_size', 'userns_mode',
];
const DEPRECATED: Record<string, string> = {
  container_name: 'Setting the container name is not supported.',
  expose: "Exposing ports is unnecessary - services on the same network can access each other's containers on any port.",
};
const FORBIDDEN: Record<string, string> = {
  extends: 'Support for `extends` is not implemented yet.',
  volume_driver:
    'Instead of setting the volume driver on the service, define a volume using the top-level `volumes` option and specify the driver there.',
};

/** gojsonschema's `additionalProperties: false`, reported as the loader words it. */
function checkKeys(obj: Dict, kind: string, field: string): void {
  for (const k of Object.keys(obj)) {
    if ((kind === 'root' || kind === 'secret' || kind === 'config') && k.startsWith('x-')) continue;
    if (!ALLOWED[kind].includes(k)) throw fail(`${field} Additional property ${k} is not allowed`);
  }
}

export function mustDict(v: unknown, field: string): Dict {
  if (v === undefined || v === null) return {};
  if (!isDict(v)) throw fail(`${field} must be a mapping`);
  return v;
}

/** The shape checks of the schema that matter to the simulator, outermost first. */
function validateSchema(cfg: Dict): void {
  checkKeys(cfg, 'root', '(root)');
  const services = mustDict(cfg.services, 'services');
  for (const [name, raw] of Object.entries(services)) {
    const field = `services.${name}`;
    // A service must be an object (the schema's "service" definition); deploy and the like may be null.
    if (raw === null) throw fail(`${field} must be a mapping`);
    const svc = mustDict(raw, field);
    checkKeys(svc, 'service', field);
    const deploy = mustDict(svc.deploy, `${field}.deploy`);
    checkKeys(deploy, 'deploy', `${field}.deploy`);
    const res = mustDict(deploy.resources, `${field}.deploy.resources`);
    checkKeys(res, 'resources', `${field}.deploy.resources`);
    for (const part of ['limits', 'reservations'] as const) checkKeys(mustDict(res[part], `${field}.deploy.resources.${part}`), part, `${field}.deploy.resources.${part}`);
    checkKeys(mustDict(deploy.placement, `${field}.deploy.placement`), 'placement', `${field}.deploy.placement`);
    checkKeys(mustDict(deploy.restart_policy, `${field}.deploy.restart_policy`), 'restart_policy', `${field}.deploy.restart_policy`);
    for (const part of ['update_config', 'rollback_config'])
      checkKeys(mustDict(deploy[part], `${field}.deploy.${part}`), 'update_config', `${field}.deploy.${part}`);
    checkKeys(mustDict(svc.logging, `${field}.logging`), 'logging', `${field}.logging`);
    if (deploy.replicas !== undefined && !Number.isInteger(deploy.replicas)) throw fail(`${field}.deploy.replicas must be a integer`);
    if (svc.image !== undefined && typeof svc.image !== 'string') throw fail(`${field}.image must be a string`);
  }
  for (const kind of ['networks', 'volumes'] as const) {
    for (const [name, raw] of Object.entries(mustDict(cfg[kind], kind))) checkKeys(mustDict(raw, `${kind}.${name}`), kind.slice(0, -1), `${kind}.${name}`);
  }
  for (const kind of ['secrets', 'configs'] as const) {
    for (const [name, raw] of Object.entries(mustDict(cfg[kind], kind))) {
      // The schema's patternProperties for their names, then the object's own keys.
      if (!/^[a-zA-Z0-9._-]+$/.test(name)) throw fail(`${kind} Additional property ${name} is not allowed`);
      checkKeys(mustDict(raw, `${kind}.${name}`), kind.slice(0, -1), `${kind}.${name}`);
    }
  }
}

/** schema.Version and its normalisation: no version, `3` and `` mean the latest 3.x. */
function composeVersion(cfg: Dict): string {
  if (!('version' in cfg)) return '3.13';
  const v = String(cfg.version);
  return v === '' || v === '3' ? '3.13' : v;
}

/**
 * cli/compose/template Substitute with the CLI's environment, which in the
 * simulator is empty: `$$` is a dollar, `${VAR:-default}` / `${VAR-default}`
 * give the default, other variables are blank.
 */
function interpolate(v: unknown): unknown {
  if (typeof v === 'string')
    return v.replace(/\$(\$|\{([^}]*)\}|[A-Za-z_][A-Za-z0-9_]*)/g, (_m, body: string, braced: string | undefined) => {
      if (body === '$') return '$';
      if (braced === undefined) return '';
      const m = /^[A-Za-z_][A-Za-z0-9_]*(:?-)(.*)$/.exec(braced);
      return m ? m[2] : '';
    });
  if (Array.isArray(v)) return v.map(interpolate);
  if (isDict(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, interpolate(x)]));
  return v;
}

/**
 * yaml.v3 resolves a plain integer with strconv.ParseInt(s, 0, 64)
 * (resolve.go), so a leading 0 is octal, as in `mode: 0440` (288), where
 * YAML 1.2's core schema reads 440. Only that case differs between them.
 */
const LEADING_ZERO_OCTAL: ScalarTag = {
  identify: () => false,
  default: true,
  tag: 'tag:yaml.org,2002:int',
  test: /^[-+]?0[0-7]+$/,
  resolve: (s: string) => (s.startsWith('-') ? -1 : 1) * parseInt(s.replace(/^[-+]/, ''), 8),
};

/**
 * loader.ParseYAML: the text to plain values, with yaml.v3's refusals (and
 * swarmsim's lower depth limit) checked around the parser so that no input
 * can overflow the stack or expand into billions of nodes.
 */
function parseCompose(src: string): unknown {
  const refuse = (p: YamlProblem): DockerError => fail(p.located ? `yaml: line ${p.line}: ${p.message}` : `yaml: ${p.message}`);
  const tooBig = yamlInputProblem(src);
  if (tooBig) throw refuse(tooBig);
  // yaml.v3 reads YAML 1.1 merge keys (`<<: *defaults`), which compose files use for shared settings.
  // Duplicate keys are found below, in one pass and in yaml.v3's words.
  const lines = new LineCounter();
  const doc = parseDocument(src, { merge: true, uniqueKeys: false, lineCounter: lines, customTags: (tags) => [LEADING_ZERO_OCTAL, ...(tags as ScalarTag[])] });
  const e = doc.errors[0];
  if (e instanceof YAMLParseError) throw fail(`yaml: line ${e.linePos?.[0].line ?? 1}: ${e.message.split(' at line')[0].split('\n')[0]}`);
  const aliases = yamlAliasProblem(doc, src);
  if (aliases) throw refuse(aliases);
  const duplicates = duplicateKeyErrors(doc, lines);
  if (duplicates) throw fail(duplicates);
  const badKey = collectionKey(doc);
  if (badKey !== undefined) throw fail(`yaml: invalid map key: ${goSyntax(badKey)}`);
  // Checked above with yaml.v3's own rule; the package's cruder count would refuse documents docker reads.
  try {
    return doc.toJS({ maxAliasCount: -1 });
  } catch (e) {
    // yaml.v3 decode.go failWantMap: `<<: 3` or `<<: [a, b]`.
    if (e instanceof Error && e.message.startsWith('Merge sources must be')) throw fail('yaml: map merge requires map or sequence of maps as the value');
    throw e;
  }
}

/**
 * The first mapping key that is itself a mapping or a sequence, decoded, in
 * document order: yaml.v3 decode.go refuses it (`invalid map key: %#v`) when
 * it decodes into docker's map[string]any.
 */
function collectionKey(doc: Document): unknown {
  let found: unknown;
  visit(doc, {
    Pair(_, pair) {
      const key = isAlias(pair.key) ? pair.key.resolve(doc) : pair.key;
      if (isMap(key) || isSeq(key)) {
        found = key.toJS(doc, { maxAliasCount: -1 });
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** Go's %#v of what yaml.v3 decodes into an interface{}: maps (keys sorted), slices, strings, numbers, bools, nil. */
function goSyntax(v: unknown, nested = false): string {
  if (v === null || v === undefined) return nested ? 'interface {}(nil)' : '<nil>';
  if (Array.isArray(v)) return `[]interface {}{${v.map((x) => goSyntax(x, true)).join(', ')}}`;
  if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `map[string]interface {}{${entries.map(([k, x]) => `${goQuote(k)}:${goSyntax(x, true)}`).join(', ')}}`;
  }
  if (typeof v === 'string') return goQuote(v);
  return String(v);
}

/**
 * loadComposeFile (stack/loader/loader.go) and loader.Load: each file parsed,
 * checked and interpolated on its own, then merged (composeMerge.ts); the
 * ignored keys of all files are warned about (stderr), and the images checked.
 */
export function loadCompose(ctx: CommandContext, files: readonly string[]): Dict {
  if (files.length === 0) throw fail('Specify a Compose file (with --compose-file)'); // v28.2.2 stack/loader/loader.go
  // loadConfigFile: "-" is standard input, anything else os.ReadFile, in order (the first missing file is the error).
  const machine = ctx.sim.ensureMachine(ctx.host);
  const texts = files.map((f) => (f === '-' ? (ctx.stdin ?? '') : readMachineFile(machine, f)));
  const workingDir = composeWorkingDir(files);
  const raws = texts.map((t) => {
    const raw = parseCompose(t);
    if (!isDict(raw)) throw fail('top-level object must be a mapping');
    return raw;
  });
  let version: string | null = null;
  const configs = raws.map((raw) => {
    const v = composeVersion(raw);
    if (version === null) version = v;
    if (v !== version) throw fail(`version mismatched between two composefiles : ${version} and ${v}`);
    return loadOne(machine, raw, v, workingDir);
  });
  const cfg = configs.length === 1 ? configs[0] : mergeComposeConfigs(configs);
  const unsupported = new Set<string>();
  const deprecated = new Map<string, string>();
  for (const raw of raws) {
    for (const svc of Object.values(isDict(raw.services) ? raw.services : {})) {
      for (const k of UNSUPPORTED) if (isDict(svc) && k in svc) unsupported.add(k);
      for (const k of Object.keys(DEPRECATED)) if (isDict(svc) && k in svc) deprecated.set(k, DEPRECATED[k]);
    }
  }
  if (unsupported.size > 0) ctx.err(`Ignoring unsupported options: ${[...unsupported].sort().join(', ')}\n\n`);
  if (deprecated.size > 0) ctx.err(`Ignoring deprecated options:\n\n${[...deprecated].map(([k, v]) => `${k}: ${v}`).sort().join('\n\n')}\n\n`);
  for (const [name, svc] of Object.entries(mustDict(cfg.services, 'services'))) {
    const image = (svc as Dict).image;
    if (image === undefined || image === '') throw fail(`invalid image reference for service ${name}: no image specified`);
    // reference.ParseAnyReference: a 64-hex ID is a digest reference, anything else a name.
    if (!/^[a-f0-9]{64}$/.test(String(image))) {
      try {
        parseNormalizedNamed(String(image));
      } catch (e) {
        if (e instanceof ReferenceError) throw fail(`invalid image reference for service ${name}: ${e.message}`);
        throw e;
      }
    }
  }
  return cfg;
}

/** loader.Load for one file: forbidden keys, interpolation, the schema, then each service's env files. */
function loadOne(machine: Machine, raw: Dict, version: string, workingDir: string): Dict {
  const forbidden = new Map<string, string>();
  for (const svc of Object.values(isDict(raw.services) ? raw.services : {}))
    if (isDict(svc)) for (const k of Object.keys(FORBIDDEN)) if (k in svc) forbidden.set(k, FORBIDDEN[k]);
  if (forbidden.size > 0)
    throw fail(`Compose file contains unsupported options:\n\n${[...forbidden].map(([k, v]) => `${k}: ${v}`).sort().join('\n\n')}\n`);
  const cfg = interpolate(raw) as Dict;
  const minor = /^3\.(\d+)$/.exec(version);
  if (!minor || Number(minor[1]) > 13) throw fail(`unsupported Compose file version: ${version}`);
  validateSchema(cfg);
  const services = mustDict(cfg.services, 'services');
  for (const name of Object.keys(services).sort()) {
    const svc = services[name];
    if (isDict(svc) && svc.env_file !== undefined) svc.environment = resolveEnvironment(machine, svc, workingDir);
  }
  return cfg;
}

/**
 * loader.go resolveEnvironment: the env files' variables (opts.ParseEnvFile,
 * each path joined to the working directory unless absolute), in order, then
 * `environment`, which wins. The CLI's environment, which would fill empty
 * values, is empty in the simulator.
 */
function resolveEnvironment(machine: Machine, svc: Dict, workingDir: string): Dict {
  const env: Dict = {};
  const files = Array.isArray(svc.env_file) ? svc.env_file.map(String) : [String(svc.env_file)];
  for (const f of files) {
    const path = f.startsWith('/') ? f : absolutePath(f, workingDir);
    for (const kv of parseKVFile(path, readMachineFile(machine, path))) env[kv.slice(0, kv.indexOf('='))] = kv.slice(kv.indexOf('=') + 1);
  }
  const own = svc.environment;
  if (Array.isArray(own))
    for (const s of own.map(String)) {
      const eq = s.indexOf('=');
      env[eq < 0 ? s : s.slice(0, eq)] = eq < 0 ? null : s.slice(eq + 1);
    }
  else if (isDict(own)) Object.assign(env, own);
  return env;
}

/** GetConfigDetails: the working directory is the first file's, or the CLI's for "-". */
export const composeWorkingDir = (files: readonly string[]): string => (files[0] === '-' ? WORKING_DIRECTORY : dirname(absolutePath(files[0])));

const dirname = (abs: string): string => abs.slice(0, abs.lastIndexOf('/')) || '/';
