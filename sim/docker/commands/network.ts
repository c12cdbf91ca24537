/**
 * `docker network create | ls | rm | inspect`
 * (docker/cli cli/command/network/*.go; list filters: moby
 * daemon/network/filter.go).
 *
 * What an engine lists: its local networks, plus the swarm's networks. A
 * manager sees every swarm network (the cluster store); a worker only the
 * ingress network and the swarm networks its running tasks are attached to
 * (the engine creates those on demand). docker_gwbridge is not modelled.
 */
import { cliError, DockerError } from '../../errors.js';
import { stateGt, stateLe } from '../../model/taskState.js';
import type { Network } from '../../model/types.js';
import type { Simulation } from '../../simulation.js';
import type { Command } from '../command.js';
import { truncateID } from '../format/text.js';
import { Filters } from '../filters.js';
import { flagBool, flagList, flagStr } from '../flags.js';
import { GoTime, goTimeString } from '../format/goTime.js';
import { goStruct } from '../format/template.js';
import { formatHelp, inspectFormatHelp, type HelpFlag } from '../help.js';
import { naturalSort } from '../naturalSort.js';
import { createIpamConfig } from '../ipam.js';
import { kvMap, validateLabels } from '../opts.js';
import { writeInspect, writeList } from '../output.js';
import { confirm } from '../prompt.js';

/** moby daemon/network IsPredefined (linux). */
const PREDEFINED = new Set(['bridge', 'host', 'none', 'default']);

/** The networks engine `host` knows, local first. */
function visibleNetworks(sim: Simulation, host: string): Network[] {
  const m = sim.ensureMachine(host);
  const node = m.nodeId ? sim.world.nodes.get(m.nodeId) : undefined;
  if (!node) return [...m.localNetworks];
  const swarm = [...sim.world.networks.values()];
  if (node.role === 'manager') return [...m.localNetworks, ...swarm];
  const used = new Set<string>();
  for (const t of sim.world.tasksOnNode(node.id)) {
    if (stateLe('assigned', t.status.state) && !stateGt(t.status.state, 'running')) for (const n of t.networks) used.add(n.networkId);
  }
  return [...m.localNetworks, ...swarm.filter((n) => n.ingress || used.has(n.id))];
}

/** Whether services (swarm networks) or containers (local ones) use a network: the `dangling` filter. */
function inUse(sim: Simulation, n: Network): boolean {
  if (n.scope === 'swarm')
    return [...sim.world.services.values()].some(
      (s) => s.spec.task.networks.includes(n.id) || (n.ingress && s.spec.ports.some((p) => p.publishMode === 'ingress')),
    );
  return false; // containers outside swarm tasks are not modelled
}

/** The engine's lookup: full ID, then name, then a unique ID prefix. */
function findNetwork(sim: Simulation, host: string, ref: string): Network {
  const nets = visibleNetworks(sim, host);
  const hit =
    nets.find((n) => n.id === ref) ??
    nets.find((n) => n.name === ref) ??
    (ref !== '' && nets.filter((n) => n.id.startsWith(ref)).length === 1 ? nets.find((n) => n.id.startsWith(ref)) : undefined);
  if (!hit) throw new DockerError(`network ${ref} not found`);
  return hit;
}

/** The engine's network.Inspect (moby v28.2.2 api/types/network/network.go: `ID string \`json:"Id"\``). */
function networkObject(n: Network): Record<string, unknown> {
  return goStruct({
    Name: n.name,
    Id: n.id,
    Created: new GoTime(n.createdAt),
    Scope: n.scope,
    Driver: n.driver,
    EnableIPv4: true,
    EnableIPv6: n.enableIPv6 ?? false,
    // moby v28.2.2 daemon/cluster/convert/network.go BasicNetworkFromGRPC: the allocated IPAM;
    // local networks' addressing is not modelled.
    IPAM: goStruct({
      Driver: n.ipam?.driver ?? 'default',
      Options: n.ipam && Object.keys(n.ipam.options).length > 0 ? new Map(Object.entries(n.ipam.options)) : null,
      Config: (n.ipam?.configs ?? []).map((c) =>
        // Every field is omitempty: an empty one is left out of the JSON.
        goStruct({
          ...(c.subnet ? { Subnet: c.subnet } : {}),
          ...(c.ipRange ? { IPRange: c.ipRange } : {}),
          ...(c.gateway ? { Gateway: c.gateway } : {}),
          ...(Object.keys(c.auxAddresses).length > 0 ? { AuxiliaryAddresses: new Map(Object.entries(c.auxAddresses)) } : {}),
        }, 'network.IPAMConfig', { AuxAddress: 'AuxiliaryAddresses' }),
      ),
    }, 'network.IPAM'),
    Internal: n.internal,
    Attachable: n.attachable,
    Ingress: n.ingress,
    ConfigFrom: { Network: '' },
    ConfigOnly: false,
    Containers: new Map(),
    // The driver's state options: the overlay driver adds the VXLAN ID it allocated.
    Options: new Map([...Object.entries(n.options), ...(n.vxlanId !== undefined ? [['com.docker.network.driver.overlay.vxlanid_list', String(n.vxlanId)] as [string, string]] : [])]),
    Labels: new Map(Object.entries(n.labels)),
  }, 'network.Inspect', { ID: 'Id' });
}

// --- create --------------------------------------------------------------------------

const CREATE_FLAGS: readonly HelpFlag[] = [
  { name: 'attachable', type: 'bool', help: 'Enable manual container attachment' },
  { name: 'aux-address', type: 'list', typeName: 'map', shownDefault: 'map[]', help: 'Auxiliary IPv4 or IPv6 addresses used by Network driver' },
  { name: 'config-from', type: 'string', help: 'The network from which to copy the configuration' },
  { name: 'config-only', type: 'bool', help: 'Create a configuration only network' },
  { name: 'driver', short: 'd', type: 'string', default: 'bridge', help: 'Driver to manage the Network' },
  { name: 'gateway', type: 'list', typeName: 'strings', help: 'IPv4 or IPv6 Gateway for the master subnet' },
  { name: 'ingress', type: 'bool', help: 'Create swarm routing-mesh network' },
  { name: 'internal', type: 'bool', help: 'Restrict external access to the network' },
  { name: 'ip-range', type: 'list', typeName: 'strings', help: 'Allocate container ip from a sub-range' },
  { name: 'ipam-driver', type: 'string', default: 'default', help: 'IP Address Management Driver' },
  { name: 'ipam-opt', type: 'list', typeName: 'map', shownDefault: 'map[]', help: 'Set IPAM driver specific options' },
  { name: 'ipv4', type: 'bool', default: true, help: 'Enable or disable IPv4 address assignment' },
  { name: 'ipv6', type: 'bool', help: 'Enable or disable IPv6 address assignment' },
  { name: 'label', type: 'list', help: 'Set metadata on a network' },
  { name: 'opt', short: 'o', type: 'list', typeName: 'map', shownDefault: 'map[]', help: 'Set driver specific options' },
  { name: 'scope', type: 'string', help: "Control the network's scope" },
  { name: 'subnet', type: 'list', typeName: 'strings', help: 'Subnet in CIDR format that represents a network segment' },
];

const create: Command = {
  path: ['network', 'create'],
  usage: 'docker network create [OPTIONS] NETWORK',
  summary: 'Create a network',
  flags: CREATE_FLAGS,
  args: { min: 1, max: 1 },
  run(ctx, a) {
    validateLabels(CREATE_FLAGS, 'label', flagList(a, 'label'));
    // StringSlice flags split each value at commas; MapOpts keeps the last value of a key.
    const slice = (n: string): string[] => flagList(a, n).flatMap((v) => v.split(','));
    const configs = createIpamConfig({
      subnets: slice('subnet'),
      ipRanges: slice('ip-range'),
      gateways: slice('gateway'),
      auxAddresses: new Map(Object.entries(kvMap(flagList(a, 'aux-address')))),
    });
    if (!Array.isArray(configs)) throw cliError(configs.error);
    // Not modelled: refused rather than silently ignored. (Addressing is kept
    // and shown for swarm networks; it does not change placement.)
    if (flagBool(a, 'ingress')) throw cliError('swarmsim does not model custom ingress networks: drop --ingress');
    if (flagBool(a, 'config-only') || flagStr(a, 'config-from') !== '')
      throw cliError('swarmsim does not model configuration-only networks: drop --config-only/--config-from');
    const scope = flagStr(a, 'scope');
    const net = ctx.sim.networkCreate(ctx.host, {
      name: a.args[0],
      driver: flagStr(a, 'driver'),
      scope: scope === 'swarm' || scope === 'local' ? scope : undefined,
      attachable: flagBool(a, 'attachable'),
      internal: flagBool(a, 'internal'),
      labels: kvMap(flagList(a, 'label')),
      options: kvMap(flagList(a, 'opt')),
      ipam: { driver: flagStr(a, 'ipam-driver'), options: kvMap(flagList(a, 'ipam-opt')), configs },
      enableIPv6: flagBool(a, 'ipv6'),
    });
    ctx.out(net.id);
  },
};

// --- ls ----------------------------------------------------------------------------------

const LS_FLAGS: readonly HelpFlag[] = [
  { name: 'filter', short: 'f', type: 'list', typeName: 'filter', help: 'Provide filter values (e.g. "driver=bridge")' },
  { name: 'format', type: 'string', help: formatHelp() },
  { name: 'no-trunc', type: 'bool', help: 'Do not truncate the output' },
  { name: 'quiet', short: 'q', type: 'bool', help: 'Only display network IDs' },
];

/** daemon/network/filter.go NewFilter + Matches. */
function networkFilter(sim: Simulation, f: Filters): (n: Network) => boolean {
  f.validate(['dangling', 'driver', 'id', 'label', 'name', 'scope', 'type']);
  let dangling: boolean | null = null;
  const d = f.get('dangling');
  if (d.length > 1) throw new DockerError('got more than one value for filter key "dangling"');
  if (d.length === 1) {
    if (d[0] === '1' || d[0] === 'true') dangling = true;
    else if (d[0] === '0' || d[0] === 'false') dangling = false;
    else throw new DockerError(`invalid value for filter 'dangling', must be "true" (or "1"), or "false" (or "0")`);
  }
  const types = f.get('type');
  for (const t of types) if (t !== 'builtin' && t !== 'custom') throw new DockerError(`invalid filter: 'type'='${t}'`);
  return (n) => {
    if (f.contains('driver') && !f.exactMatch('driver', n.driver)) return false;
    if (f.contains('name') && !f.match('name', n.name)) return false;
    if (f.contains('id') && !f.match('id', n.id)) return false;
    if (f.contains('label') && !f.matchKVList('label', n.labels)) return false;
    if (f.contains('scope') && !f.exactMatch('scope', n.scope)) return false;
    if (dangling !== null) {
      const used = PREDEFINED.has(n.name) || inUse(sim, n);
      if (dangling ? used : !used) return false;
    }
    // matchesType: the first value decides.
    if (types.length > 0 && (types[0] === 'builtin') !== PREDEFINED.has(n.name)) return false;
    return true;
  };
}

const ls: Command = {
  path: ['network', 'ls'],
  usage: 'docker network ls [OPTIONS]',
  summary: 'List networks',
  flags: LS_FLAGS,
  args: { max: 0 },
  run(ctx, a) {
    const keep = networkFilter(ctx.sim, Filters.parse(LS_FLAGS, flagList(a, 'filter')));
    const trunc = !flagBool(a, 'no-trunc');
    const nets = naturalSort(visibleNetworks(ctx.sim, ctx.host).filter(keep), (n) => n.name);
    // network/formatter.go networkContext.
    const rows = nets.map((n) => ({
      ID: trunc ? truncateID(n.id) : n.id,
      Name: n.name,
      Driver: n.driver,
      Scope: n.scope,
      IPv4: 'true',
      IPv6: 'false',
      Internal: String(n.internal),
      Labels: Object.entries(n.labels)
        .map(([k, v]) => `${k}=${v}`)
        .sort()
        .join(','),
      CreatedAt: goTimeString(n.createdAt),
    }));
    writeList(
      ctx,
      flagStr(a, 'format'),
      flagBool(a, 'quiet'),
      {
        table: 'table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}',
        quiet: '{{.ID}}',
        raw: 'network_id: {{.ID}}\\nname: {{.Name}}\\ndriver: {{.Driver}}\\nscope: {{.Scope}}\\n',
        rawQuiet: 'network_id: {{.ID}}',
      },
      rows,
      {
        ID: 'NETWORK ID',
        Name: 'NAME',
        Driver: 'DRIVER',
        Scope: 'SCOPE',
        IPv4: 'IPV4',
        IPv6: 'IPV6',
        Internal: 'INTERNAL',
        Labels: 'LABELS',
        CreatedAt: 'CREATED AT',
      },
      '*network.networkContext',
    );
  },
};

// --- rm / inspect ---------------------------------------------------------------------------

/** network/remove.go ingressWarning. */
const INGRESS_WARNING =
  'WARNING! Before removing the routing-mesh network, make sure all the nodes in your swarm run the same docker engine version. ' +
  'Otherwise, removal may not be effective and functionality of newly create ingress networks will be impaired.\nAre you sure you want to continue?';

const rm: Command = {
  path: ['network', 'rm'],
  usage: 'docker network rm NETWORK [NETWORK...]',
  summary: 'Remove one or more networks',
  flags: [{ name: 'force', short: 'f', type: 'bool', help: 'Do not error if the network does not exist' }],
  args: { min: 1 },
  run(ctx, a) {
    // remove.go: errors are printed as they happen; the command then fails with "exit status 1".
    let failed = false;
    for (const name of a.args) {
      let target: Network | undefined;
      try {
        target = findNetwork(ctx.sim, ctx.host, name);
      } catch {
        target = undefined;
      }
      if (target?.ingress && !confirm(ctx, INGRESS_WARNING)) continue;
      try {
        ctx.sim.networkRemove(ctx.host, name);
        ctx.out(name);
      } catch (e) {
        if (!(e instanceof DockerError)) throw e;
        if (flagBool(a, 'force') && /^network .* not found$/.test(e.message)) continue;
        ctx.err(e.display);
        failed = true;
      }
    }
    if (failed) throw cliError('exit status 1');
  },
};

const inspect: Command = {
  path: ['network', 'inspect'],
  usage: 'docker network inspect [OPTIONS] NETWORK [NETWORK...]',
  summary: 'Display detailed information on one or more networks',
  flags: [
    { name: 'format', short: 'f', type: 'string', help: inspectFormatHelp() },
    { name: 'verbose', short: 'v', type: 'bool', help: 'Verbose output for diagnostics' },
  ],
  args: { min: 1 },
  run(ctx, a) {
    // NetworkInspectWithRaw: a template may name the JSON keys too (network/inspect.go).
    writeInspect(ctx, a.args, flagStr(a, 'format'), (ref) => networkObject(findNetwork(ctx.sim, ctx.host, ref)), { raw: true });
  },
};

/** What the engine's NetworkInspect returns for `ref` (top-level `docker inspect`). */
export const inspectNetwork = (sim: Simulation, host: string, ref: string): object => networkObject(findNetwork(sim, host, ref));

export const networkCommands: Command[] = [create, ls, rm, inspect];
