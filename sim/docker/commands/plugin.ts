/**
 * `docker plugin install | ls | enable | disable | rm | set | upgrade | inspect`
 * (docker/cli cli/command/plugin/*.go; the engine's side is the core,
 * mirroring moby daemon/pkg/plugin).
 */
import { cliError, daemonError, DockerError } from '../../errors.js';
import { findPlugin } from '../../engine/engine.js';
import { splitTag, withTag } from '../../engine/registry.js';
import type { InstalledPlugin, Privilege, RegistryPlugin } from '../../model/types.js';
import type { Simulation } from '../../simulation.js';
import type { Command, CommandContext } from '../command.js';
import { ellipsis, goQuote, truncateID } from '../format/text.js';
import { Filters } from '../filters.js';
import { flagBool, flagList, flagNum, flagStr } from '../flags.js';
import { GO_STRING, GO_TYPE, goStruct } from '../format/template.js';
import { parseNormalizedNamed, ReferenceError, type Reference } from '../reference.js';
import { formatHelp, inspectFormatHelp, type HelpFlag } from '../help.js';
import { naturalSort } from '../naturalSort.js';
import { removeEach, writeInspect, writeList } from '../output.js';
import { confirm } from '../prompt.js';

// --- references (distribution/reference, as far as the CLI shows them) -----------

/** reference.ParseNormalizedNamed(ref).String(): `bboreham/weave2` -> `docker.io/bboreham/weave2`. */
export function normalizedRef(ref: string): string {
  const slash = ref.indexOf('/');
  const first = slash < 0 ? '' : ref.slice(0, slash);
  if (slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost')) return ref;
  return slash < 0 ? `docker.io/library/${ref}` : `docker.io/${ref}`;
}

/** reference.FamiliarString: drops `docker.io/` and `library/`. */
export function familiarRef(ref: string): string {
  return ref.replace(/^docker\.io\//, '').replace(/^library\//, '');
}

/** The remote reference a plugin was pulled from, as the engine reports it (PluginReference). */
const pluginReference = (p: InstalledPlugin): string => normalizedRef(p.reference);

// --- pull output ------------------------------------------------------------------

/** One layer and one manifest digest per image and simulation: the same on every node that pulls it. */
const pulled = new WeakMap<Simulation, Map<string, { layer: string; digest: string }>>();

/**
 * The progress lines of a plugin pull, as the last frame at a terminal shows
 * them (moby v28.2.2 plugin/fetch_linux.go withFetchProgress: "Pulling from",
 * then the manifest's "Digest", then each layer's line ending "Download
 * complete"; no "Status:" line, unlike an image pull). The layer ID and the
 * digest are drawn from the simulation's RNG the first time an image is
 * pulled, after the pull succeeded.
 */
/** The image's layer and manifest digest in this simulation, drawn the first time it is pulled or made. */
export function imageOf(sim: Simulation, ref: string): { layer: string; digest: string } {
  let images = pulled.get(sim);
  if (!images) pulled.set(sim, (images = new Map()));
  let image = images.get(ref);
  if (!image) {
    image = { layer: sim.world.rng.hex(12), digest: sim.world.rng.hex(64) };
    images.set(ref, image);
  }
  return image;
}

function pullLines(sim: Simulation, remote: string): string {
  const ref = withTag(familiarRef(remote));
  const { repository, tag } = splitTag(ref);
  const image = imageOf(sim, ref);
  return [
    `${tag}: Pulling from ${repository}`,
    `Digest: sha256:${image.digest}`,
    `${image.layer}: Download complete`,
  ].join('\n');
}

/**
 * install.go acceptPrivileges: lists the privileges and asks. No question
 * when the plugin asks for nothing or --grant-all-permissions was given.
 */
function grantPrivileges(ctx: CommandContext, name: string, image: RegistryPlugin, grantAll: boolean): boolean {
  if (grantAll || image.privileges.length === 0) return true;
  ctx.out(`Plugin ${goQuote(name)} is requesting the following privileges:`);
  for (const p of image.privileges) ctx.out(` - ${p.name}: [${p.value.join(' ')}]`);
  return confirm(ctx, 'Do you grant the above permissions?');
}

// --- plugin install -------------------------------------------------------------------

const GRANT: HelpFlag = { name: 'grant-all-permissions', type: 'bool', help: 'Grant all permissions necessary to run the plugin' };
// Deprecated flags still parse but are hidden (pflag MarkDeprecated).
/** command.AddTrustVerificationFlags (docker/cli v28.2.2 cli/command/trust.go): shown, true unless DOCKER_CONTENT_TRUST is set. */
const CONTENT_TRUST: HelpFlag = { name: 'disable-content-trust', type: 'bool', default: true, help: 'Skip image verification' };

/** A reference the CLI parses itself (distribution/reference), its error printed as is. */
export function cliReference(s: string): Reference {
  try {
    return parseNormalizedNamed(s);
  } catch (e) {
    if (e instanceof ReferenceError) throw cliError(e.message);
    throw e;
  }
}

const install: Command = {
  path: ['plugin', 'install'],
  usage: 'docker plugin install [OPTIONS] PLUGIN [KEY=VALUE...]',
  summary: 'Install a plugin',
  flags: [
    { name: 'alias', type: 'string', help: 'Local name for plugin' },
    { name: 'disable', type: 'bool', help: 'Do not enable the plugin on install' },
    CONTENT_TRUST,
    GRANT,
  ],
  args: { min: 1 },
  run(ctx, a) {
    const remote = a.args[0];
    const alias = flagStr(a, 'alias');
    // install.go runInstall (v28.2.2): the alias is a reference without a digest; then buildPullConfig parses the remote.
    if (alias !== '' && cliReference(alias).digest !== null) throw cliError(`invalid name: ${alias}`);
    cliReference(remote);
    const settings: Record<string, string> = {};
    for (const kv of a.args.slice(1)) {
      const eq = kv.indexOf('=');
      if (eq === 0) throw daemonError('invalid format, must be <name>[.<field>][=<value>]');
      settings[eq < 0 ? kv : kv.slice(0, eq)] = eq < 0 ? '' : kv.slice(eq + 1);
    }
    const opts = { alias: alias || undefined, disable: flagBool(a, 'disable'), settings };
    const image = ctx.sim.world.registry.lookup(remote);
    // An unknown image fails when the CLI asks for its privileges, before any prompt.
    if (!image) {
      ctx.sim.pluginInstall(ctx.host, remote, opts);
      return;
    }
    if (!grantPrivileges(ctx, remote, image, flagBool(a, 'grant-all-permissions')))
      throw cliError(`permission denied while installing plugin ${normalizedRef(remote)}`);
    ctx.sim.pluginInstall(ctx.host, remote, opts);
    ctx.out(pullLines(ctx.sim, remote));
    ctx.out(`Installed plugin ${remote}`);
  },
};

// --- plugin ls --------------------------------------------------------------------------

const LS_FLAGS: readonly HelpFlag[] = [
  { name: 'filter', short: 'f', type: 'list', typeName: 'filter', help: 'Provide filter values (e.g. "enabled=true")' },
  { name: 'format', type: 'string', help: formatHelp() },
  { name: 'no-trunc', type: 'bool', help: "Don't truncate output" },
  { name: 'quiet', short: 'q', type: 'bool', help: 'Only display plugin IDs' },
];

/** moby daemon/pkg/plugin backend_linux.go List. */
function pluginFilter(f: Filters): (p: InstalledPlugin) => boolean {
  f.validate(['enabled', 'capability']);
  const enabled = f.contains('enabled') ? f.getBool('enabled', false) : null;
  return (p) =>
    (enabled === null || p.enabled === enabled) &&
    // Every interface type of the plugin must match one of the values.
    (!f.contains('capability') || p.capabilities.every((c) => f.match('capability', c)));
}

const ls: Command = {
  path: ['plugin', 'ls'],
  usage: 'docker plugin ls [OPTIONS]',
  summary: 'List plugins',
  flags: LS_FLAGS,
  args: { max: 0 },
  run(ctx, a) {
    const keep = pluginFilter(Filters.parse(LS_FLAGS, flagList(a, 'filter')));
    const trunc = !flagBool(a, 'no-trunc');
    const plugins = naturalSort(ctx.sim.ensureMachine(ctx.host).plugins.filter(keep), (p) => p.name);
    // plugin/formatter.go pluginContext.
    const rows = plugins.map((p) => {
      const desc = p.description.replaceAll('\n', '').replaceAll('\r', '');
      return {
        ID: trunc ? truncateID(p.id) : p.id,
        Name: p.name,
        Description: trunc ? ellipsis(desc, 45) : desc,
        Enabled: p.enabled,
        PluginReference: pluginReference(p),
      };
    });
    writeList(
      ctx,
      flagStr(a, 'format'),
      flagBool(a, 'quiet'),
      {
        table: 'table {{.ID}}\t{{.Name}}\t{{.Description}}\t{{.Enabled}}',
        quiet: '{{.ID}}',
        raw: 'plugin_id: {{.ID}}\nname: {{.Name}}\ndescription: {{.Description}}\nenabled: {{.Enabled}}\n',
        rawQuiet: 'plugin_id: {{.ID}}',
      },
      rows,
      { ID: 'ID', Name: 'NAME', Description: 'DESCRIPTION', Enabled: 'ENABLED', PluginReference: 'IMAGE' },
      '*plugin.pluginContext',
    );
  },
};

// --- enable / disable / rm / set ------------------------------------------------------------

const enable: Command = {
  path: ['plugin', 'enable'],
  usage: 'docker plugin enable [OPTIONS] PLUGIN',
  summary: 'Enable a plugin',
  flags: [{ name: 'timeout', type: 'int', default: 30, help: 'HTTP client timeout (in seconds)' }],
  args: { min: 1, max: 1 },
  run(ctx, a) {
    const timeout = flagNum(a, 'timeout');
    if (timeout < 0) throw cliError(`negative timeout ${timeout} is invalid`);
    ctx.sim.pluginEnable(ctx.host, a.args[0]);
    ctx.out(a.args[0]);
  },
};

const disable: Command = {
  path: ['plugin', 'disable'],
  usage: 'docker plugin disable [OPTIONS] PLUGIN',
  summary: 'Disable a plugin',
  flags: [{ name: 'force', short: 'f', type: 'bool', help: 'Force the disable of an active plugin' }],
  args: { min: 1, max: 1 },
  run(ctx, a) {
    ctx.sim.pluginDisable(ctx.host, a.args[0], flagBool(a, 'force'));
    ctx.out(a.args[0]);
  },
};

const rm: Command = {
  path: ['plugin', 'rm'],
  usage: 'docker plugin rm [OPTIONS] PLUGIN [PLUGIN...]',
  summary: 'Remove one or more plugins',
  flags: [{ name: 'force', short: 'f', type: 'bool', help: 'Force the removal of an active plugin' }],
  args: { min: 1 },
  run(ctx, a) {
    removeEach(ctx, a.args, (name) => ctx.sim.pluginRemove(ctx.host, name, flagBool(a, 'force')));
  },
};

const set: Command = {
  path: ['plugin', 'set'],
  usage: 'docker plugin set PLUGIN KEY=VALUE [KEY=VALUE...]',
  summary: 'Change settings for a plugin',
  flags: [],
  args: { min: 2 },
  run(ctx, a) {
    // moby daemon/pkg/plugin/v2/settable.go newSettable.
    const settings: Record<string, string> = {};
    for (const kv of a.args.slice(1)) {
      const eq = kv.indexOf('=');
      if (eq === 0) throw daemonError('invalid format, must be <name>[.<field>][=<value>]');
      settings[eq < 0 ? kv : kv.slice(0, eq)] = eq < 0 ? '' : kv.slice(eq + 1);
    }
    ctx.sim.pluginSet(ctx.host, a.args[0], settings);
  },
};

// --- upgrade ---------------------------------------------------------------------------------

const upgrade: Command = {
  path: ['plugin', 'upgrade'],
  usage: 'docker plugin upgrade [OPTIONS] PLUGIN [REMOTE]',
  summary: 'Upgrade an existing plugin',
  flags: [
    CONTENT_TRUST,
    GRANT,
    { name: 'skip-remote-check', type: 'bool', help: 'Do not check if specified remote plugin matches existing plugin image' },
  ],
  args: { min: 1, max: 2 },
  run(ctx, a) {
    let p: InstalledPlugin;
    try {
      p = findPlugin(ctx.sim.ensureMachine(ctx.host), a.args[0]);
    } catch (e) {
      if (e instanceof DockerError) throw cliError(`error reading plugin data: ${e.display}`);
      throw e;
    }
    if (p.enabled) throw cliError('the plugin must be disabled before upgrading');
    const remote = a.args[1] ?? pluginReference(p);
    const to = withTag(familiarRef(remote));
    const from = withTag(familiarRef(pluginReference(p)));
    ctx.out(`Upgrading plugin ${p.name} from ${from} to ${to}`);
    if (!flagBool(a, 'skip-remote-check') && to !== from && !confirm(ctx, 'Plugin images do not match, are you sure?')) {
      // A cancelled command prints nothing more and exits 0 (errdefs.IsCanceled in main).
      throw new DockerError('', false, 0);
    }
    const image = ctx.sim.world.registry.lookup(to);
    if (image && !grantPrivileges(ctx, remote, image, flagBool(a, 'grant-all-permissions')))
      throw cliError(`permission denied while installing plugin ${normalizedRef(familiarRef(remote))}`);
    ctx.sim.pluginUpgrade(ctx.host, p.name, to);
    ctx.out(pullLines(ctx.sim, to));
    ctx.out(`Upgraded plugin ${p.name} to ${remote}`);
  },
};

// --- inspect -----------------------------------------------------------------------------------

function privilege(privs: readonly Privilege[], name: string): readonly string[] | null {
  const found = privs.filter((p) => p.name === name).flatMap((p) => p.value);
  return found.length ? found : null;
}

/**
 * types.PluginInterfaceType (moby v28.2.2 api/types/plugin_responses.go): a
 * struct to a template, its String() when printed, and a string in JSON.
 */
class PluginInterfaceType {
  readonly [GO_TYPE] = 'types.PluginInterfaceType';
  constructor(
    readonly Capability: string,
    readonly Prefix = 'docker',
    readonly Version = '1.0',
  ) {}
  [GO_STRING](): string {
    return `${this.Prefix}.${this.Capability}/${this.Version}`;
  }
  toJSON(): string {
    return this[GO_STRING]();
  }
}

/**
 * The engine's plugin.Plugin (moby api/types/plugin/plugin.go) as far as the
 * model knows it: interface types, privileges as the config that asked for
 * them, settings as Env (and `<name>.source` settings as mounts).
 */
export function pluginObject(p: InstalledPlugin): Record<string, unknown> {
  const env = Object.entries(p.settings).filter(([k]) => !k.includes('.'));
  const settableMounts = Object.entries(p.settings).filter(([k]) => k.endsWith('.source'));
  const mountPrivs = privilege(p.privileges, 'mount') ?? [];
  const devices = privilege(p.privileges, 'device') ?? [];
  const mounts = [
    ...mountPrivs.map((m) => ({ Description: '', Destination: m, Name: '', Options: ['rbind'], Settable: null, Source: m, Type: 'bind' })),
    ...settableMounts.map(([k, v]) => ({
      Description: '',
      Destination: '',
      Name: k.slice(0, -'.source'.length),
      Options: ['rbind'],
      Settable: ['source'],
      Source: v,
      Type: 'bind',
    })),
  ];
  const deviceObjs = devices.map((d) => ({ Description: '', Name: '', Path: d, Settable: null }));
  const short = splitTag(p.reference).repository.split('/').pop() ?? p.name;
  return goStruct({
    Config: {
      Args: { Description: '', Name: '', Settable: null, Value: null },
      Description: p.description,
      Documentation: '',
      Entrypoint: null,
      Env: env.map(([k, v]) => ({ Description: '', Name: k, Settable: ['value'], Value: v })),
      Interface: { Socket: `${short}.sock`, Types: p.capabilities.map((c) => new PluginInterfaceType(c)) },
      IpcHost: false,
      Linux: {
        AllowAllDevices: (privilege(p.privileges, 'allow-all-devices') ?? [])[0] === 'true',
        Capabilities: privilege(p.privileges, 'capabilities'),
        Devices: deviceObjs.length ? deviceObjs : null,
      },
      Mounts: mounts,
      Network: { Type: (privilege(p.privileges, 'network') ?? [''])[0] },
      PidHost: false,
      PropagatedMount: '',
      User: {},
      WorkDir: '',
    },
    Enabled: p.enabled,
    Id: p.id,
    Name: p.name,
    PluginReference: pluginReference(p),
    Settings: {
      Args: [],
      Devices: deviceObjs,
      Env: env.map(([k, v]) => `${k}=${v}`),
      Mounts: mounts,
    },
  }, 'types.Plugin', { ID: 'Id' }); // `ID string \`json:"Id,omitempty"\`` (moby v28.2.2 api/types/plugin.go)
}

const inspect: Command = {
  path: ['plugin', 'inspect'],
  usage: 'docker plugin inspect [OPTIONS] PLUGIN [PLUGIN...]',
  summary: 'Display detailed information on one or more plugins',
  flags: [{ name: 'format', short: 'f', type: 'string', help: inspectFormatHelp() }],
  args: { min: 1 },
  run(ctx, a) {
    const m = ctx.sim.ensureMachine(ctx.host);
    // PluginInspectWithRaw: a template may name the JSON keys too (plugin/inspect.go).
    writeInspect(ctx, a.args, flagStr(a, 'format'), (ref) => pluginObject(findPlugin(m, ref)), { raw: true });
  },
};

export const pluginCommands: Command[] = [install, ls, enable, disable, rm, set, upgrade, inspect];
