/**
 * `docker swarm init | join | join-token | leave`
 * (docker/cli cli/command/swarm/{init,join,join_token,leave,opts}.go).
 */
import { cliError } from '../../errors.js';
import type { NodeAvailability, NodeRole } from '../../model/types.js';
import type { Simulation, SwarmUpdate } from '../../simulation.js';
import type { Command, CommandContext } from '../command.js';
import type { ParsedArgs } from '../flags.js';
import { flagBool, flagList, flagNum, flagStr } from '../flags.js';
import { parseDuration } from '../format/text.js';
import { parseCIDR } from '../../model/ip.js';
import { csvFields } from './service/options.js';
import type { HelpFlag } from '../help.js';

const ADDR_HELP = 'Advertised address (format: "<ip|interface>[:port]")';
const LISTEN_HELP = 'Listen address (format: "<ip|interface>[:port]")';
const DATA_ADDR_HELP = 'Address or interface to use for data path traffic (format: "<ip|interface>")';
const AVAILABILITY_HELP = 'Availability of the node ("active", "pause", "drain")';

const INIT_FLAGS: readonly HelpFlag[] = [
  { name: 'advertise-addr', type: 'string', help: ADDR_HELP },
  { name: 'autolock', type: 'bool', help: 'Enable manager autolocking (requiring an unlock key to start a stopped manager)' },
  { name: 'availability', type: 'string', default: 'active', help: AVAILABILITY_HELP },
  { name: 'cert-expiry', type: 'duration', default: '2160h0m0s', help: 'Validity period for node certificates (ns|us|ms|s|m|h)' },
  { name: 'data-path-addr', type: 'string', help: DATA_ADDR_HELP },
  {
    name: 'data-path-port',
    type: 'uint',
    typeName: 'uint32',
    help: 'Port number to use for data path traffic (1024 - 49151). If no value is set or is set to 0, the default port (4789) is used.',
  },
  { name: 'default-addr-pool', type: 'list', typeName: 'ipNetSlice', shownDefault: '[]', check: checkCidrs, help: 'default address pool in CIDR format' },
  { name: 'default-addr-pool-mask-length', type: 'uint', typeName: 'uint32', default: 24, help: 'default address pool subnet mask length' },
  { name: 'dispatcher-heartbeat', type: 'duration', default: '5s', help: 'Dispatcher heartbeat period (ns|us|ms|s|m|h)' },
  { name: 'external-ca', type: 'list', typeName: 'external-ca', check: checkExternalCA, help: 'Specifications of one or more certificate signing endpoints' },
  { name: 'force-new-cluster', type: 'bool', help: 'Force create a new cluster from current state' },
  { name: 'listen-addr', type: 'string', typeName: 'node-addr', default: '0.0.0.0:2377', shownDefault: '0.0.0.0:2377', help: LISTEN_HELP },
  { name: 'max-snapshots', type: 'uint', help: 'Number of additional Raft snapshots to retain' },
  { name: 'snapshot-interval', type: 'uint', default: 10000, help: 'Number of log entries between Raft snapshots' },
  { name: 'task-history-limit', type: 'int', default: 5, help: 'Task history retention limit' },
];

/** swarm/opts.go addSwarmFlags: the cluster spec flags init and update share. */
function swarmSpecFlags(): HelpFlag[] {
  return INIT_FLAGS.filter((f) => ['cert-expiry', 'dispatcher-heartbeat', 'external-ca', 'max-snapshots', 'snapshot-interval', 'task-history-limit'].includes(f.name));
}

const UPDATE_FLAGS: readonly HelpFlag[] = [
  { name: 'autolock', type: 'bool', help: 'Change manager autolocking setting (true|false)' },
  ...swarmSpecFlags(),
];

const JOIN_FLAGS: readonly HelpFlag[] = [
  { name: 'advertise-addr', type: 'string', help: ADDR_HELP },
  { name: 'availability', type: 'string', default: 'active', help: AVAILABILITY_HELP },
  { name: 'data-path-addr', type: 'string', help: DATA_ADDR_HELP },
  { name: 'listen-addr', type: 'string', typeName: 'node-addr', default: '0.0.0.0:2377', shownDefault: '0.0.0.0:2377', help: LISTEN_HELP },
  { name: 'token', type: 'string', help: 'Token for entry into the swarm' },
];

/** init.go/join.go: --availability is checked by the CLI, case-insensitively, only when given. */
function availabilityFlag(a: ParsedArgs): NodeAvailability | undefined {
  if (!a.changed.has('availability')) return undefined;
  const raw = flagStr(a, 'availability');
  const v = raw.toLowerCase();
  if (v !== 'active' && v !== 'pause' && v !== 'drain')
    throw cliError(`invalid availability ${JSON.stringify(raw)}, only active, pause and drain are supported`);
  return v;
}

/** pflag ipNetSlice Set (Go net.ParseCIDR on each comma-separated value). */
function checkCidrs(raw: string): string | null {
  for (const piece of raw.split(',').map((p) => p.trim())) {
    try {
      parseCIDR(piece);
    } catch {
      return `invalid string being converted to CIDR: ${piece}`;
    }
  }
  return null;
}

/**
 * ExternalCAOption.Set (docker/cli v28.2.2 cli/command/swarm/opts.go
 * parseExternalCA): a CSV record of key=value fields with protocol=cfssl and
 * a url. The cacert file is read when the swarm is made, not here.
 */
function checkExternalCA(raw: string): string | null {
  let fields: string[];
  try {
    fields = csvFields(raw);
  } catch (e) {
    return (e as Error).message;
  }
  let protocol = false;
  let url = false;
  for (const field of fields) {
    const eq = field.indexOf('=');
    if (eq < 0) return `invalid field '${field}' must be a key=value pair`;
    const key = field.slice(0, eq).toLowerCase();
    const value = field.slice(eq + 1);
    if (key === 'protocol') {
      if (value.toLowerCase() !== 'cfssl') return `unrecognized external CA protocol ${value}`;
      protocol = true;
    } else if (key === 'url') url = true;
  }
  if (!protocol) return 'the external-ca option needs a protocol= parameter';
  if (!url) return 'the external-ca option needs a url= parameter';
  return null;
}

/** An external CA as parseExternalCA keeps it (already checked by the flag). */
function externalCA(raw: string): { protocol: string; url: string } {
  let url = '';
  for (const field of csvFields(raw)) {
    const eq = field.indexOf('=');
    if (field.slice(0, eq).toLowerCase() === 'url') url = field.slice(eq + 1);
  }
  return { protocol: 'cfssl', url };
}

/** opts.go mergeSwarmSpec: the cluster spec settings of the flags given, in milliseconds. */
function specSettings(a: ParsedArgs): SwarmUpdate['settings'] & {} {
  const out: { -readonly [K in keyof NonNullable<SwarmUpdate['settings']>]?: NonNullable<SwarmUpdate['settings']>[K] } = {};
  if (a.changed.has('dispatcher-heartbeat')) out.heartbeatPeriodMs = parseDuration(flagStr(a, 'dispatcher-heartbeat'));
  if (a.changed.has('cert-expiry')) out.certExpiryMs = parseDuration(flagStr(a, 'cert-expiry'));
  if (a.changed.has('snapshot-interval')) out.snapshotInterval = a.flags['snapshot-interval'] as number;
  if (a.changed.has('max-snapshots')) out.keepOldSnapshots = a.flags['max-snapshots'] as number;
  if (a.changed.has('external-ca')) out.externalCAs = flagList(a, 'external-ca').map(externalCA);
  return out;
}

/** The `addr:port` a manager advertises: an IP as given (port 2377 unless given), else the machine's IP. */
function advertised(sim: Simulation, host: string, flag: string): string {
  const ip = sim.ensureMachine(host).ip;
  const m = /^(\d{1,3}(?:\.\d{1,3}){3})(?::(\d+))?$/.exec(flag);
  if (!m) return `${ip}:2377`; // empty or an interface name: the machine's address
  return `${m[1]}:${m[2] ?? '2377'}`;
}

/** join_token.go printJoinCommand. */
function joinCommandText(token: string, role: NodeRole, addr: string): string {
  return `To add a ${role} to this swarm, run the following command:\n\n    docker swarm join --token ${token} ${addr}\n\n`;
}

const init: Command = {
  path: ['swarm', 'init'],
  usage: 'docker swarm init [OPTIONS]',
  summary: 'Initialize a swarm',
  flags: INIT_FLAGS,
  args: { max: 0 },
  run(ctx, a) {
    const availability = availabilityFlag(a);
    // Not modelled; refusing is better than pretending.
    if (flagBool(a, 'autolock')) throw cliError('swarmsim does not model autolocked managers: drop --autolock');
    if (flagBool(a, 'force-new-cluster')) throw cliError('swarmsim does not model --force-new-cluster: there is one swarm per simulation');
    const advertiseAddr = flagStr(a, 'advertise-addr');
    const pools = flagList(a, 'default-addr-pool').flatMap((v) => v.split(',').map((p) => p.trim()));
    const res = ctx.sim.swarmInit(ctx.host, {
      advertiseAddr: advertiseAddr || undefined,
      availability,
      taskHistoryLimit: a.flags['task-history-limit'] as number,
      settings: {
        ...specSettings(a),
        ...(pools.length ? { defaultAddrPool: pools } : {}),
        ...(a.changed.has('default-addr-pool-mask-length') ? { subnetSize: a.flags['default-addr-pool-mask-length'] as number } : {}),
        ...(flagNum(a, 'data-path-port') > 0 ? { dataPathPort: flagNum(a, 'data-path-port') } : {}),
      },
    });
    const addr = advertised(ctx.sim, ctx.host, advertiseAddr);
    ctx.out(`Swarm initialized: current node (${res.nodeId}) is now a manager.\n\n`);
    ctx.out(joinCommandText(res.workerToken, 'worker', addr));
    ctx.out("To add a manager to this swarm, run 'docker swarm join-token manager' and follow the instructions.");
  },
};

const join: Command = {
  path: ['swarm', 'join'],
  usage: 'docker swarm join [OPTIONS] HOST:PORT',
  summary: 'Join a swarm as a node and/or manager',
  flags: JOIN_FLAGS,
  args: { min: 1, max: 1 },
  run(ctx, a) {
    const availability = availabilityFlag(a);
    const role = ctx.sim.swarmJoin(ctx.host, flagStr(a, 'token'), a.args[0], availability ?? 'active');
    ctx.out(`This node joined a swarm as a ${role}.`);
  },
};

const joinToken: Command = {
  path: ['swarm', 'join-token'],
  usage: 'docker swarm join-token [OPTIONS] (worker|manager)',
  summary: 'Manage join tokens',
  flags: [
    { name: 'quiet', short: 'q', type: 'bool', help: 'Only display token' },
    { name: 'rotate', type: 'bool', help: 'Rotate join token' },
  ],
  args: { min: 1, max: 1 },
  // The role is checked before the daemon is asked anything, so the
  // manager check is made in run().
  run(ctx: CommandContext, a) {
    const role = a.args[0];
    if (role !== 'worker' && role !== 'manager') throw cliError(`unknown role ${role}`);
    const node = ctx.sim.requireManager(ctx.host);
    // Rotation would change the swarm without a trace event to replay it by.
    if (flagBool(a, 'rotate')) throw cliError('swarmsim does not model join token rotation: drop --rotate');
    const quiet = flagBool(a, 'quiet');
    const token = ctx.sim.joinToken(role);
    if (quiet) {
      ctx.out(token);
      return;
    }
    const addr = `${ctx.sim.world.machineOf(node).ip}:2377`;
    ctx.out(joinCommandText(token, role, addr));
  },
};

const leave: Command = {
  path: ['swarm', 'leave'],
  usage: 'docker swarm leave [OPTIONS]',
  summary: 'Leave the swarm',
  flags: [{ name: 'force', short: 'f', type: 'bool', help: 'Force this node to leave the swarm, ignoring warnings' }],
  args: { max: 0 },
  run(ctx, a) {
    ctx.sim.swarmLeave(ctx.host, flagBool(a, 'force'));
    ctx.out('Node left the swarm.');
  },
};

/**
 * `docker swarm update` (update.go): the flags given merged into the cluster
 * spec; no flag at all prints the help (its PreRunE returns pflag.ErrHelp).
 */
const update: Command = {
  path: ['swarm', 'update'],
  usage: 'docker swarm update [OPTIONS]',
  summary: 'Update the swarm',
  flags: UPDATE_FLAGS,
  args: { max: 0 },
  helpWithoutFlags: true,
  needsManager: true,
  run(ctx, a) {
    if (flagBool(a, 'autolock')) throw cliError('swarmsim does not model autolocked managers: drop --autolock');
    ctx.sim.swarmUpdate(ctx.host, {
      taskHistoryLimit: a.changed.has('task-history-limit') ? (a.flags['task-history-limit'] as number) : undefined,
      settings: specSettings(a),
    });
    ctx.out('Swarm updated.');
  },
};

export const swarmCommands: Command[] = [init, join, joinToken, leave, update];
