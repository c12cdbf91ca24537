/**
 * `docker secret create | ls | inspect | rm` and `docker config create | ls |
 * inspect | rm`: one implementation for both kinds, as upstream's two
 * packages are line for line alike (docker/cli v28.2.2
 * cli/command/secret/{create,ls,inspect,remove,formatter}.go and
 * cli/command/config/*.go). The daemon's rules are sim/cluster/swarmObjects.ts.
 *
 * A file is read from the machine the command is typed on (`sim$ file`);
 * `-` reads standard input (a here-document). Secret data is never shown
 * (the daemon strips it); config data is, base64 in JSON as Go marshals a
 * []byte, as text in `inspect --pretty`.
 */
import { cliError, DockerError } from '../../errors.js';
import { findPlugin } from '../../engine/engine.js';
import {
  createObject,
  listObjects,
  removeObject,
  resolveObject,
  type SwarmObject,
  type SwarmObjectKind,
  type SwarmObjectSpec,
} from '../../cluster/swarmObjects.js';
import type { Simulation } from '../../simulation.js';
import type { Command, CommandContext } from '../command.js';
import { Filters } from '../filters.js';
import { flagBool, flagList, flagStr, type ParsedArgs } from '../flags.js';
import { GoTime, goTimeString } from '../format/goTime.js';
import { executeTemplate, goStruct, GO_STRING, GO_TYPE } from '../format/template.js';
import { goQuote, humanDuration } from '../format/text.js';
import { readMachineFile } from '../files.js';
import { formatHelp, inspectFormatHelp, type HelpFlag } from '../help.js';
import { naturalSort } from '../naturalSort.js';
import { kvMap, validateLabels } from '../opts.js';
import { removeEach, writeInspect, writeList } from '../output.js';

// ===========================================================================
// The API objects (moby v28.2.2 api/types/swarm/{secret,config,common}.go)
// ===========================================================================

/** A []byte as Go shows it: `%v` is the list of byte values, JSON is base64. */
function goBytes(text: string): object {
  const bytes = new TextEncoder().encode(text);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return { [GO_TYPE]: '[]uint8', [GO_STRING]: () => `[${[...bytes].join(' ')}]`, toJSON: () => btoa(bin) };
}

const driverJSON = (d: { name: string; options?: Readonly<Record<string, string>> }): Record<string, unknown> => ({
  ...(d.name ? { Name: d.name } : {}),
  ...(d.options && Object.keys(d.options).length ? { Options: new Map(Object.entries(d.options)) } : {}),
});

/** swarm.Secret / swarm.Config as the daemon returns it (a secret's Data stripped by controlapi). */
export function objectJSON(o: SwarmObject): Record<string, unknown> {
  const spec: Record<string, unknown> = { Name: o.spec.name, Labels: new Map(Object.entries(o.spec.labels)) };
  if (o.kind === 'config') spec.Data = goBytes(o.spec.data);
  if (o.spec.driver) spec.Driver = driverJSON(o.spec.driver);
  if (o.spec.templating) spec.Templating = driverJSON(o.spec.templating);
  const type = o.kind === 'secret' ? 'swarm.Secret' : 'swarm.Config';
  return goStruct(
    {
      ID: o.id,
      Version: { Index: o.version },
      CreatedAt: new GoTime(o.createdAt),
      UpdatedAt: new GoTime(o.updatedAt),
      Spec: goStruct(spec, o.kind === 'secret' ? 'swarm.SecretSpec' : 'swarm.ConfigSpec'),
    },
    type,
  );
}

/** What SecretInspectWithRaw / ConfigInspectWithRaw return for `ref` (top-level `docker inspect` too). */
export const inspectObject = (sim: Simulation, kind: SwarmObjectKind, ref: string): object => objectJSON(resolveObject(sim.world, kind, ref));

// ===========================================================================
// create
// ===========================================================================

/** readSecretData / readConfigData: `-` is standard input, else the file; empty is refused. */
function readData(ctx: CommandContext, kind: SwarmObjectKind, file: string): string {
  if (file === '-') {
    const data = ctx.stdin ?? '';
    if (data === '') throw cliError('error reading from STDIN: data is empty');
    return data;
  }
  if (file === '') throw cliError(`${kind} file is required`);
  let data: string;
  try {
    data = readMachineFile(ctx.sim.ensureMachine(ctx.host), file);
  } catch (e) {
    if (e instanceof DockerError) throw cliError(`error reading from ${file}: ${e.message}`);
    throw e;
  }
  if (data === '') throw cliError(`error reading from ${file}: data is empty`);
  return data;
}

/**
 * The leader's plugin store asked for a secret driver (moby plugin/store.go
 * Get with the "secretprovider" capability, plugin/v2 FilterByCap): no
 * plugin the simulator installs provides secrets.
 */
export function secretDriverProblem(sim: Simulation, name: string): string | null {
  const leader = sim.world.swarm ? sim.world.nodes.get(sim.world.swarm.leaderNodeId) : undefined;
  if (!leader) return `plugin ${goQuote(name)} not found`;
  try {
    const p = findPlugin(sim.world.machineOf(leader), name);
    if (!p.enabled) return `plugin ${name} found but disabled`;
    return 'plugin does not provide "secretprovider" capability';
  } catch (e) {
    if (e instanceof DockerError) return e.message;
    throw e;
  }
}

/** The spec `secret create` / `config create` sends. */
function createSpec(ctx: CommandContext, kind: SwarmObjectKind, a: ParsedArgs): SwarmObjectSpec {
  const name = a.args[0];
  const file = a.args[1] ?? '';
  const driver = kind === 'secret' ? flagStr(a, 'driver') : '';
  let data = '';
  if (driver !== '') {
    if (file !== '') throw cliError('When using secret driver secret data must be empty');
  } else if (kind === 'secret') data = readData(ctx, kind, file);
  else {
    try {
      data = readData(ctx, kind, file);
    } catch (e) {
      if (e instanceof DockerError) throw cliError(`Error reading content from ${goQuote(file)}: ${e.message}`);
      throw e;
    }
  }
  const template = flagStr(a, 'template-driver');
  return {
    name,
    labels: kvMap(flagList(a, 'label')),
    data,
    ...(driver !== '' ? { driver: { name: driver } } : {}),
    ...(template !== '' ? { templating: { name: template } } : {}),
  };
}

function createCommand(kind: SwarmObjectKind): Command {
  const Kind = kind === 'secret' ? 'Secret' : 'Config';
  const flags: HelpFlag[] = [
    ...(kind === 'secret' ? [{ name: 'driver', short: 'd', type: 'string' as const, help: 'Secret driver' }] : []),
    { name: 'label', short: 'l', type: 'list', help: `${Kind} labels` },
    { name: 'template-driver', type: 'string', help: 'Template driver' },
  ];
  return {
    path: [kind, 'create'],
    usage: kind === 'secret' ? 'secret create [OPTIONS] SECRET [file|-]' : 'config create [OPTIONS] CONFIG file|-',
    summary: kind === 'secret' ? 'Create a secret from a file or STDIN as content' : 'Create a config from a file or STDIN',
    flags,
    args: kind === 'secret' ? { min: 1, max: 2 } : { min: 2, max: 2 },
    run(ctx, a) {
      // Flag values, then the client's reading of the data, then the daemon.
      validateLabels(flags, 'label', flagList(a, 'label'));
      const spec = createSpec(ctx, kind, a);
      ctx.sim.requireManager(ctx.host);
      const obj = createObject(ctx.sim.world, kind, spec, (d) => secretDriverProblem(ctx.sim, d));
      ctx.out(obj.id);
    },
  };
}

// ===========================================================================
// ls
// ===========================================================================

const LS_FLAGS: readonly HelpFlag[] = [
  { name: 'filter', short: 'f', type: 'list', typeName: 'filter', help: 'Filter output based on conditions provided' },
  { name: 'format', type: 'string', help: formatHelp() },
  { name: 'quiet', short: 'q', type: 'bool', help: 'Only display IDs' },
];

function lsCommand(kind: SwarmObjectKind): Command {
  const secret = kind === 'secret';
  return {
    path: [kind, 'ls'],
    usage: `${kind} ls [OPTIONS]`,
    summary: secret ? 'List secrets' : 'List configs',
    flags: LS_FLAGS,
    args: { max: 0 },
    run(ctx, a) {
      const f = Filters.parse(LS_FLAGS, flagList(a, 'filter'));
      // The daemon: a manager first (GetSecrets), then newListSecretsFilters
      ctx.sim.requireManager(ctx.host);
      // newListSecretsFilters / newListConfigsFilters: configs have no `names`.
      f.validate(secret ? ['names', 'name', 'id', 'label'] : ['name', 'id', 'label']);
      const objs = listObjects(ctx.sim.world, kind, {
        names: f.get('names'),
        namePrefixes: f.get('name'),
        idPrefixes: f.get('id'),
        labels: kvMap(f.get('label')),
      });
      const ago = (t: number): string => `${humanDuration(ctx.sim.now - t)} ago`;
      // secretContext / configContext: what a template sees of each row.
      const rows = naturalSort(objs, (o) => o.spec.name).map((o) => ({
        ID: o.id,
        Name: o.spec.name,
        ...(secret ? { Driver: o.spec.driver?.name ?? '' } : {}),
        CreatedAt: ago(o.createdAt),
        UpdatedAt: ago(o.updatedAt),
        Labels: Object.entries(o.spec.labels)
          .map(([k, v]) => `${k}=${v}`)
          .sort()
          .join(','),
      }));
      writeList(
        ctx,
        flagStr(a, 'format'),
        flagBool(a, 'quiet'),
        {
          table: secret ? 'table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.CreatedAt}}\t{{.UpdatedAt}}' : 'table {{.ID}}\t{{.Name}}\t{{.CreatedAt}}\t{{.UpdatedAt}}',
          quiet: '{{.ID}}',
        },
        rows,
        { ID: 'ID', Name: 'NAME', ...(secret ? { Driver: 'DRIVER' } : {}), CreatedAt: 'CREATED', UpdatedAt: 'UPDATED', Labels: 'LABELS' },
        secret ? '*secret.secretContext' : '*config.configContext',
      );
    },
  };
}

// ===========================================================================
// inspect
// ===========================================================================

/** secretInspectPrettyTemplate / configInspectPrettyTemplate (formatter.go), as their contexts fill them. */
const PRETTY: Record<SwarmObjectKind, string> = {
  secret:
    'ID:              {{.ID}}\nName:              {{.Name}}\n{{- if .Labels }}\nLabels:\n{{- range $k, $v := .Labels }}\n - {{ $k }}{{if $v }}={{ $v }}{{ end }}\n{{- end }}{{ end }}\n' +
    'Driver:            {{.Driver}}\nCreated at:        {{.CreatedAt}}\nUpdated at:        {{.UpdatedAt}}',
  config:
    'ID:\t\t\t{{.ID}}\nName:\t\t\t{{.Name}}\n{{- if .Labels }}\nLabels:\n{{- range $k, $v := .Labels }}\n - {{ $k }}{{if $v }}={{ $v }}{{ end }}\n{{- end }}{{ end }}\n' +
    'Created at:            \t{{.CreatedAt}}\nUpdated at:            \t{{.UpdatedAt}}\nData:\n{{.Data}}',
};

function prettyContext(o: SwarmObject): Record<string, unknown> {
  return {
    ID: o.id,
    Name: o.spec.name,
    Labels: new Map(Object.entries(o.spec.labels)),
    Driver: o.spec.driver?.name ?? '',
    CreatedAt: goTimeString(o.createdAt), // formatter.PrettyPrint: fmt's %s of a time.Time
    UpdatedAt: goTimeString(o.updatedAt),
    Data: o.spec.data,
  };
}

function inspectCommand(kind: SwarmObjectKind): Command {
  const KIND = kind.toUpperCase();
  return {
    path: [kind, 'inspect'],
    usage: `${kind} inspect [OPTIONS] ${KIND} [${KIND}...]`,
    summary: `Display detailed information on one or more ${kind}s`,
    flags: [
      { name: 'format', short: 'f', type: 'string', help: inspectFormatHelp() },
      { name: 'pretty', type: 'bool', help: 'Print the information in a human friendly format' },
    ],
    args: { min: 1 },
    run(ctx, a) {
      const format = flagBool(a, 'pretty') ? 'pretty' : flagStr(a, 'format');
      if (format.startsWith('pretty') && format !== 'pretty') throw cliError('cannot supply extra formatting options to the pretty template');
      // Each look-up asks the daemon, which answers only on a manager.
      const get = (ref: string): SwarmObject => {
        ctx.sim.requireManager(ctx.host);
        return resolveObject(ctx.sim.world, kind, ref);
      };
      if (format === 'pretty') {
        // formatter.Context.Write: the first missing object fails the whole write, nothing printed.
        const objs = a.args.map(get);
        ctx.out(objs.map((o) => executeTemplate(PRETTY[kind], prettyContext(o)) + '\n').join(''));
        return;
      }
      writeInspect(ctx, a.args, format, (ref) => objectJSON(get(ref)), { raw: true });
    },
  };
}

// ===========================================================================
// rm
// ===========================================================================

function rmCommand(kind: SwarmObjectKind): Command {
  const KIND = kind.toUpperCase();
  return {
    path: [kind, 'rm'],
    usage: `${kind} rm ${KIND} [${KIND}...]`,
    summary: `Remove one or more ${kind}s`,
    flags: [],
    args: { min: 1 },
    needsManager: true,
    run(ctx, a) {
      removeEach(ctx, a.args, (ref) => removeObject(ctx.sim.world, kind, ref));
    },
  };
}

export const swarmObjectCommands: Command[] = (['secret', 'config'] as const).flatMap((k) => [createCommand(k), lsCommand(k), inspectCommand(k), rmCommand(k)]);
