/**
 * `docker volume create | ls | rm | inspect`
 * (docker/cli cli/command/volume/*.go and cli/command/formatter/volume.go;
 * list filters: moby daemon/volume/service/convert.go filtersToBy).
 * Volumes are local to the engine the command is typed on.
 */
import { goStruct } from '../format/template.js';
import { cliError, daemonError } from '../../errors.js';
import { stateGt, stateLe } from '../../model/taskState.js';
import type { Volume } from '../../model/types.js';
import { reachableVolumes, volumeDriverProblem } from '../../engine/engine.js';
import type { Simulation } from '../../simulation.js';
import type { Command } from '../command.js';
import { Filters } from '../filters.js';
import { flagBool, flagList, flagStr } from '../flags.js';
import { GoParseError, parseBytes } from '../format/text.js';
import { goTime } from '../format/goTime.js';
import { formatHelp, inspectFormatHelp, type HelpFlag } from '../help.js';
import { naturalSort } from '../naturalSort.js';
import { kvMap, validateLabels } from '../opts.js';
import { removeEach, writeInspect, writeList } from '../output.js';

/** Names of the volumes that containers (running tasks' mounts) on this machine use. */
function volumesInUse(sim: Simulation, host: string): Set<string> {
  const used = new Set<string>();
  for (const t of sim.world.tasks.values()) {
    if (sim.world.nodes.get(t.nodeId)?.machine !== host) continue;
    if (!stateLe('assigned', t.status.state) || stateGt(t.status.state, 'running')) continue;
    for (const mt of t.spec.mounts) if (mt.type === 'volume' && mt.source) used.add(mt.source);
  }
  return used;
}

/** The engine's volume.Volume (moby api/types/volume/volume.go). */
function volumeObject(sim: Simulation, host: string, v: Volume): Record<string, unknown> {
  const local = v.driver === 'local';
  const plugin = sim.ensureMachine(host).plugins.find((p) => p.name === v.driver);
  return goStruct({
    CreatedAt: goTime(v.createdAt).replace(/\.\d+Z$/, 'Z'), // the local driver stores seconds (time.RFC3339)
    Driver: v.driver,
    Labels: new Map(Object.entries(v.labels)),
    Mountpoint: local
      ? `/var/lib/docker/volumes/${v.name}/_data`
      : plugin
        ? `/var/lib/docker/plugins/${plugin.id}/propagated-mount/${v.name}`
        : '',
    Name: v.name,
    Options: new Map(Object.entries(v.options)),
    Scope: 'local',
  }, 'volume.Volume');
}

function requireVolume(sim: Simulation, host: string, name: string): Volume {
  const m = sim.ensureMachine(host);
  const v = m.volumes.find((x) => x.name === name);
  if (!v) throw daemonError(`get ${name}: no such volume`);
  // The engine asks the volume's own driver, which may be gone (moby volume/service/store.go Get).
  const problem = volumeDriverProblem(m, v.driver);
  if (problem) throw daemonError(`get ${name}: error while checking if volume "${name}" exists in driver "${v.driver}": ${problem}`);
  return v;
}

// --- create ---------------------------------------------------------------------

/** opts.MemBytes.Set (go-units RAMInBytes), at parse time as pflag calls it: the refusal, or null. */
function memBytesProblem(raw: string): string | null {
  try {
    parseBytes(raw);
    return null;
  } catch (e) {
    if (e instanceof GoParseError) return e.message;
    throw e;
  }
}

/**
 * Cluster (CSI) volume flags of docker/cli v28.2.2 cli/command/volume/create.go,
 * annotated `swarm: manager`. swarmsim has no CSI plugins or cluster volume
 * scheduling, so it parses them (with their types) and then says so.
 */
const CLUSTER_FLAGS: readonly HelpFlag[] = [
  { name: 'availability', type: 'string', default: 'active', managerOnly: true, help: 'Cluster Volume availability ("active", "pause", "drain")' },
  { name: 'group', type: 'string', managerOnly: true, help: 'Cluster Volume group (cluster volumes)' },
  { name: 'limit-bytes', type: 'string', typeName: 'bytes', check: memBytesProblem, managerOnly: true, help: 'Minimum size of the Cluster Volume in bytes' },
  { name: 'required-bytes', type: 'string', typeName: 'bytes', check: memBytesProblem, managerOnly: true, help: 'Maximum size of the Cluster Volume in bytes' },
  { name: 'scope', type: 'string', default: 'single', managerOnly: true, help: 'Cluster Volume access scope ("single", "multi")' },
  { name: 'secret', type: 'list', typeName: 'map', shownDefault: 'map[]', managerOnly: true, help: 'Cluster Volume secrets' },
  { name: 'sharing', type: 'string', default: 'none', managerOnly: true, help: 'Cluster Volume access sharing ("none", "readonly", "onewriter", "all")' },
  { name: 'topology-preferred', type: 'list', managerOnly: true, help: 'A topology that the Cluster Volume would be preferred in' },
  { name: 'topology-required', type: 'list', managerOnly: true, help: 'A topology that the Cluster Volume must be accessible from' },
  { name: 'type', type: 'string', default: 'block', managerOnly: true, help: 'Cluster Volume access type ("mount", "block")' },
];

const CREATE_FLAGS: readonly HelpFlag[] = [
  { name: 'driver', short: 'd', type: 'string', default: 'local', help: 'Specify volume driver name' },
  { name: 'label', type: 'list', help: 'Set metadata for a volume' },
  { name: 'name', type: 'string', hidden: true, help: 'Specify volume name' },
  { name: 'opt', short: 'o', type: 'list', typeName: 'map', shownDefault: 'map[]', help: 'Set driver specific options' },
  ...CLUSTER_FLAGS,
];

/** create.go hasClusterVolumeOptionSet (which looks for "secrets", so --secret alone does not count, nor do the topologies). */
const CLUSTER_TRIGGERS = ['group', 'scope', 'sharing', 'availability', 'type', 'limit-bytes', 'required-bytes'];

const create: Command = {
  path: ['volume', 'create'],
  usage: 'docker volume create [OPTIONS] [VOLUME]',
  summary: 'Create a volume',
  flags: CREATE_FLAGS,
  args: { max: 1 },
  run(ctx, a) {
    validateLabels(CREATE_FLAGS, 'label', flagList(a, 'label'));
    let name = flagStr(a, 'name');
    if (a.args.length === 1) {
      if (name !== '') throw cliError('conflicting options: cannot specify a volume-name through both --name and as a positional arg');
      name = a.args[0];
    }
    const cluster = CLUSTER_TRIGGERS.filter((f) => a.changed.has(f));
    if (cluster.length > 0)
      throw cliError(`swarmsim does not model cluster (CSI) volumes: drop ${cluster.map((f) => '--' + f).join(', ')}`);
    // MapOpts.Set: `k=v`, a bare `k` is k="" (later values win).
    const v = ctx.sim.volumeCreate(ctx.host, name, flagStr(a, 'driver'), kvMap(flagList(a, 'opt')), kvMap(flagList(a, 'label')));
    ctx.out(v.name);
  },
};

// --- ls -----------------------------------------------------------------------------

const LS_FLAGS: readonly HelpFlag[] = [
  { name: 'cluster', type: 'bool', help: 'Display only cluster volumes, and use cluster volume list formatting' },
  { name: 'filter', short: 'f', type: 'list', typeName: 'filter', help: 'Provide filter values (e.g. "dangling=true")' },
  { name: 'format', type: 'string', help: formatHelp() },
  { name: 'quiet', short: 'q', type: 'bool', help: 'Only display volume names' },
];

const ls: Command = {
  path: ['volume', 'ls'],
  usage: 'docker volume ls [OPTIONS]',
  summary: 'List volumes',
  flags: LS_FLAGS,
  args: { max: 0 },
  run(ctx, a) {
    const f = Filters.parse(LS_FLAGS, flagList(a, 'filter'));
    f.validate(['dangling', 'name', 'driver', 'label']);
    const dangling = f.contains('dangling') ? f.getBool('dangling', false) : null;
    const used = volumesInUse(ctx.sim, ctx.host);
    const drivers = f.get('driver');
    // Only drivers that answer are listed (store.go list): a volume whose plugin is gone disappears.
    let vols = reachableVolumes(ctx.sim.ensureMachine(ctx.host)).filter(
      (v) =>
        (drivers.length === 0 || drivers.includes(v.driver)) &&
        (!f.contains('name') || f.match('name', v.name)) &&
        f.matchKVList('label', v.labels) &&
        (dangling === null || used.has(v.name) !== dangling),
    );
    // --cluster lists CSI cluster volumes only; swarmsim has none.
    const cluster = flagBool(a, 'cluster');
    if (cluster) vols = [];
    const rows = naturalSort(vols, (v) => v.name).map((v) => ({
      Name: v.name,
      Driver: v.driver,
      Scope: 'local',
      Mountpoint: volumeObject(ctx.sim, ctx.host, v).Mountpoint,
      Labels: Object.entries(v.labels)
        .map(([k, x]) => `${k}=${x}`)
        .sort()
        .join(','),
      Links: 'N/A',
      Size: 'N/A',
      Group: 'N/A',
      Availability: 'N/A',
      Status: 'N/A',
    }));
    let format = flagStr(a, 'format');
    if (cluster && format === '') format = flagBool(a, 'quiet') ? 'table' : 'table {{.Name}}\t{{.Group}}\t{{.Driver}}\t{{.Availability}}\t{{.Status}}';
    writeList(
      ctx,
      format,
      flagBool(a, 'quiet'),
      { table: 'table {{.Driver}}\t{{.Name}}', quiet: '{{.Name}}', raw: 'name: {{.Name}}\\ndriver: {{.Driver}}\\n', rawQuiet: 'name: {{.Name}}' },
      rows,
      {
        ID: 'ID',
        Name: 'VOLUME NAME',
        Group: 'GROUP',
        Driver: 'DRIVER',
        Scope: 'SCOPE',
        Availability: 'AVAILABILITY',
        Mountpoint: 'MOUNTPOINT',
        Labels: 'LABELS',
        Links: 'LINKS',
        Size: 'SIZE',
        Status: 'STATUS',
      },
      '*formatter.volumeContext',
    );
  },
};

// --- rm / inspect ----------------------------------------------------------------------

const rm: Command & { long: string } = {
  path: ['volume', 'rm'],
  usage: 'docker volume rm [OPTIONS] VOLUME [VOLUME...]',
  summary: 'Remove one or more volumes',
  long: 'Remove one or more volumes. You cannot remove a volume that is in use by a container.',
  flags: [{ name: 'force', short: 'f', type: 'bool', help: 'Force the removal of one or more volumes' }],
  args: { min: 1 },
  run(ctx, a) {
    removeEach(ctx, a.args, (name) => ctx.sim.volumeRemove(ctx.host, name, flagBool(a, 'force')));
  },
};

const inspect: Command = {
  path: ['volume', 'inspect'],
  usage: 'docker volume inspect [OPTIONS] VOLUME [VOLUME...]',
  summary: 'Display detailed information on one or more volumes',
  flags: [{ name: 'format', short: 'f', type: 'string', help: inspectFormatHelp() }],
  args: { min: 1 },
  run(ctx, a) {
    writeInspect(ctx, a.args, flagStr(a, 'format'), (name) => volumeObject(ctx.sim, ctx.host, requireVolume(ctx.sim, ctx.host, name)));
  },
};

/** What the engine's VolumeInspect returns for `name` (top-level `docker inspect`). */
export const inspectVolume = (sim: Simulation, host: string, name: string): object => volumeObject(sim, host, requireVolume(sim, host, name));

export const volumeCommands: Command[] = [create, ls, rm, inspect];
