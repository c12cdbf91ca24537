/**
 * `docker node ls | inspect | update | promote | demote | rm`
 * (docker/cli cli/command/node/*.go; filters: moby daemon/cluster/filters.go
 * and swarmkit manager/controlapi/node.go ListNodes). `node ps` lives in
 * task.ts with the other task listings.
 */
import { cliError, daemonError } from '../../errors.js';
import type { NodeAvailability, NodeRole, SwarmNode } from '../../model/types.js';
import type { Simulation } from '../../simulation.js';
import type { Command, CommandContext } from '../command.js';
import { executeTemplate, goStruct } from '../format/template.js';
import { bytesSize, goQuote, prettyPrint } from '../format/text.js';
import { Filters } from '../filters.js';
import { flagBool, flagList, flagStr } from '../flags.js';
import { GoTime, goTimeString } from '../format/goTime.js';
import { formatHelp, inspectFormatHelp, type HelpFlag } from '../help.js';
import { naturalSort } from '../naturalSort.js';
import { kvMap } from '../opts.js';
import { removeEach, writeInspect, writeList } from '../output.js';

/** What the manager's raft reports for a manager node (Leader / reachable / unreachable). */
function managerStatus(sim: Simulation, n: SwarmNode): { leader: boolean; reachability: string; addr: string } | null {
  if (n.role !== 'manager') return null;
  const m = sim.world.machineOf(n);
  const up = m.running && n.status !== 'down';
  return { leader: sim.world.swarm?.leaderNodeId === n.id, reachability: up ? 'reachable' : 'unreachable', addr: `${m.ip}:2377` };
}

function currentNodeId(ctx: CommandContext): string {
  return ctx.sim.ensureMachine(ctx.host).nodeId ?? '';
}

// --- node ls ------------------------------------------------------------------

const LS_FLAGS: readonly HelpFlag[] = [
  { name: 'filter', short: 'f', type: 'list', typeName: 'filter', help: 'Filter output based on conditions provided' },
  { name: 'format', type: 'string', help: formatHelp() },
  { name: 'quiet', short: 'q', type: 'bool', help: 'Only display IDs' },
];

/** daemon/cluster/filters.go newListNodesFilters + controlapi ListNodes. */
function nodeFilter(f: Filters): (n: SwarmNode) => boolean {
  f.validate(['name', 'id', 'label', 'role', 'membership', 'node.label']);
  const roles: string[] = [];
  for (const r of f.get('role')) {
    if (['WORKER', 'MANAGER'].includes(r.toUpperCase())) roles.push(r.toLowerCase());
    else if (r !== '') throw daemonError(`Invalid role filter: '${r}'`);
  }
  for (const mship of f.get('membership')) {
    if (!['PENDING', 'ACCEPTED'].includes(mship.toUpperCase()) && mship !== '')
      throw daemonError(`Invalid membership filter: '${mship}'`);
  }
  const memberships = f.get('membership').filter((x) => x !== '').map((x) => x.toLowerCase());
  const names = f.get('name');
  const ids = f.get('id');
  const labels = kvMap(f.get('label'));
  const nodeLabels = kvMap(f.get('node.label'));
  const matchLabels = (have: Readonly<Record<string, string>>, want: Record<string, string>): boolean =>
    Object.entries(want).every(([k, v]) => k in have && (v === '' || have[k] === v));
  return (n) =>
    (names.length === 0 || names.some((p) => n.machine.startsWith(p))) &&
    (ids.length === 0 || ids.some((p) => n.id.startsWith(p))) &&
    matchLabels(n.description?.engine.labels ?? {}, labels) &&
    matchLabels(n.labels, nodeLabels) &&
    (roles.length === 0 || roles.includes(n.role)) &&
    // Every node that joined is "accepted": swarmsim has no pending memberships.
    (memberships.length === 0 || memberships.includes('accepted'));
}

const ls: Command = {
  path: ['node', 'ls'],
  usage: 'docker node ls [OPTIONS]',
  summary: 'List nodes in the swarm',
  flags: LS_FLAGS,
  args: { max: 0 },
  needsManager: true,
  run(ctx, a) {
    const filters = Filters.parse(LS_FLAGS, flagList(a, 'filter'));
    const keep = nodeFilter(filters);
    const self = currentNodeId(ctx);
    const nodes = naturalSort(
      [...ctx.sim.world.nodes.values()].filter(keep),
      (n) => n.machine,
    );
    // node/formatter.go nodeContext: the fields a template (and {{json .}}) sees.
    const rows = nodes.map((n) => {
      const ms = managerStatus(ctx.sim, n);
      return {
        ID: n.id,
        Self: n.id === self,
        Hostname: n.machine,
        Status: prettyPrint(n.status),
        Availability: prettyPrint(n.availability),
        ManagerStatus: ms ? (ms.leader ? 'Leader' : prettyPrint(ms.reachability)) : '',
        TLSStatus: 'Unknown',
        EngineVersion: n.description?.engine.version ?? '',
      };
    });
    writeList(
      ctx,
      flagStr(a, 'format'),
      flagBool(a, 'quiet'),
      {
        table: 'table {{.ID}} {{if .Self}}*{{else}} {{ end }}\t{{.Hostname}}\t{{.Status}}\t{{.Availability}}\t{{.ManagerStatus}}\t{{.EngineVersion}}',
        quiet: '{{.ID}}',
        raw: 'node_id: {{.ID}}\\nhostname: {{.Hostname}}\\nstatus: {{.Status}}\\navailability: {{.Availability}}\\nmanager_status: {{.ManagerStatus}}\\n',
        rawQuiet: 'node_id: {{.ID}}',
      },
      rows,
      {
        ID: 'ID',
        Self: '',
        Hostname: 'HOSTNAME',
        Status: 'STATUS',
        Availability: 'AVAILABILITY',
        ManagerStatus: 'MANAGER STATUS',
        EngineVersion: 'ENGINE VERSION',
        TLSStatus: 'TLS STATUS',
      },
      '*node.nodeContext',
    );
  },
};

// --- node inspect ---------------------------------------------------------------

/** The engine's swarm.Node (moby api/types/swarm/node.go), field order and omitempty as Go marshals it. */
export function nodeObject(sim: Simulation, n: SwarmNode): Record<string, unknown> {
  const d = n.description;
  const m = sim.world.machineOf(n);
  const engine: Record<string, unknown> = {};
  if (d) {
    engine.EngineVersion = d.engine.version;
    if (Object.keys(d.engine.labels).length) engine.Labels = new Map(Object.entries(d.engine.labels));
    if (d.engine.plugins.length) engine.Plugins = d.engine.plugins.map((p) => ({ Type: p.type, Name: p.name }));
  }
  const status: Record<string, unknown> = { State: n.status };
  if (n.statusMessage) status.Message = n.statusMessage;
  status.Addr = d?.addr ?? m.ip;
  const out: Record<string, unknown> = {
    ID: n.id,
    Version: {}, // raft versions are not modelled
    CreatedAt: new GoTime(n.createdAt),
    UpdatedAt: new GoTime(n.updatedAt),
    Spec: { Labels: new Map(Object.entries(n.labels)), Role: n.role, Availability: n.availability },
    Description: {
      ...(d ? { Hostname: d.hostname } : {}),
      Platform: d ? { Architecture: d.platform.arch, OS: d.platform.os } : {},
      Resources: d ? { NanoCPUs: d.resources.nanoCPUs, MemoryBytes: d.resources.memoryBytes } : {},
      Engine: engine,
      TLSInfo: {}, // certificates are not modelled
    },
    Status: status,
  };
  const ms = managerStatus(sim, n);
  if (ms) out.ManagerStatus = { ...(ms.leader ? { Leader: true } : {}), Reachability: ms.reachability, Addr: ms.addr };
  return goStruct(out, 'swarm.Node');
}

/** node/formatter.go nodeInspectPrettyTemplate (its tabs are real tabs; no tabwriter is applied). */
const PRETTY = [
  'ID:\t\t\t{{.ID}}',
  '{{- if .Name }}',
  'Name:\t\t\t{{.Name}}',
  '{{- end }}',
  '{{- if .Labels }}',
  'Labels:',
  '{{- range $k, $v := .Labels }}',
  ' - {{ $k }}{{if $v }}={{ $v }}{{ end }}',
  '{{- end }}{{ end }}',
  'Hostname:              \t{{.Hostname}}',
  'Joined at:             \t{{.CreatedAt}}',
  'Status:',
  ' State:\t\t\t{{.StatusState}}',
  ' {{- if .HasStatusMessage}}',
  ' Message:              \t{{.StatusMessage}}',
  ' {{- end}}',
  ' Availability:         \t{{.SpecAvailability}}',
  ' {{- if .Status.Addr}}',
  ' Address:\t\t{{.StatusAddr}}',
  ' {{- end}}',
  '{{- if .HasManagerStatus}}',
  'Manager Status:',
  ' Address:\t\t{{.ManagerStatusAddr}}',
  ' Raft Status:\t\t{{.ManagerStatusReachability}}',
  ' {{- if .IsManagerStatusLeader}}',
  ' Leader:\t\tYes',
  ' {{- else}}',
  ' Leader:\t\tNo',
  ' {{- end}}',
  '{{- end}}',
  'Platform:',
  ' Operating System:\t{{.PlatformOS}}',
  ' Architecture:\t\t{{.PlatformArchitecture}}',
  'Resources:',
  ' CPUs:\t\t\t{{.ResourceNanoCPUs}}',
  ' Memory:\t\t{{.ResourceMemory}}',
  '{{- if .HasEnginePlugins}}',
  'Plugins:',
  '{{- range $k, $v := .EnginePlugins }}',
  ' {{ $k }}:{{if $v }}\t\t{{ $v }}{{ end }}',
  '{{- end }}',
  '{{- end }}',
  'Engine Version:\t\t{{.EngineVersion}}',
  '{{- if .EngineLabels}}',
  'Engine Labels:',
  '{{- range $k, $v := .EngineLabels }}',
  ' - {{ $k }}{{if $v }}={{ $v }}{{ end }}',
  '{{- end }}{{- end }}',
  '{{- if .HasTLSInfo}}',
  'TLS Info:',
  ' TrustRoot:',
  '{{.TLSInfoTrustRoot}}',
  ' Issuer Subject:\t{{.TLSInfoCertIssuerSubject}}',
  ' Issuer Public Key:\t{{.TLSInfoCertIssuerPublicKey}}',
  '{{- end}}',
].join('\n');

/** node/formatter.go nodeInspectContext, as plain fields. */
function prettyContext(sim: Simulation, n: SwarmNode): Record<string, unknown> {
  const d = n.description;
  const ms = managerStatus(sim, n);
  const byType = new Map<string, string[]>();
  for (const p of d?.engine.plugins ?? []) byType.set(p.type, [...(byType.get(p.type) ?? []), p.name]);
  const addr = d?.addr ?? sim.world.machineOf(n).ip;
  return {
    ID: n.id,
    Name: '',
    Labels: new Map(Object.entries(n.labels)),
    Hostname: d?.hostname ?? '',
    CreatedAt: prettyPrint(goTimeString(n.createdAt)),
    StatusState: prettyPrint(n.status),
    HasStatusMessage: n.statusMessage !== '',
    StatusMessage: prettyPrint(n.statusMessage),
    SpecAvailability: prettyPrint(n.availability),
    Status: { State: n.status, Message: n.statusMessage, Addr: addr },
    StatusAddr: addr,
    HasManagerStatus: ms !== null,
    ManagerStatusAddr: ms?.addr ?? '',
    ManagerStatusReachability: prettyPrint(ms?.reachability ?? ''),
    IsManagerStatusLeader: ms?.leader ?? false,
    PlatformOS: d?.platform.os ?? '',
    PlatformArchitecture: d?.platform.arch ?? '',
    ResourceNanoCPUs: Math.trunc((d?.resources.nanoCPUs ?? 0) / 1e9),
    ResourceMemory: d && d.resources.memoryBytes ? bytesSize(d.resources.memoryBytes) : '',
    HasEnginePlugins: (d?.engine.plugins.length ?? 0) > 0,
    EnginePlugins: new Map([...byType].map(([k, v]) => [k, v.join(', ')])),
    EngineLabels: new Map(Object.entries(d?.engine.labels ?? {})),
    EngineVersion: d?.engine.version ?? '',
    HasTLSInfo: false,
  };
}

const inspect: Command = {
  path: ['node', 'inspect'],
  usage: 'docker node inspect [OPTIONS] self|NODE [NODE...]',
  summary: 'Display detailed information on one or more nodes',
  flags: [
    { name: 'format', short: 'f', type: 'string', help: inspectFormatHelp() },
    { name: 'pretty', type: 'bool', help: 'Print the information in a human friendly format' },
  ],
  args: { min: 1 },
  needsManager: true,
  run(ctx, a) {
    const format = flagBool(a, 'pretty') ? 'pretty' : flagStr(a, 'format');
    const resolve = (ref: string): SwarmNode => ctx.sim.resolveNode(ref === 'self' ? currentNodeId(ctx) : ref);
    if (format.startsWith('pretty') && format !== 'pretty') throw cliError('cannot supply extra formatting options to the pretty template');
    if (format !== 'pretty') {
      writeInspect(ctx, a.args, format, (ref) => nodeObject(ctx.sim, resolve(ref)));
      return;
    }
    // inspectFormatWrite through formatter.Context.Write: a node that cannot
    // be found fails the whole command before anything is printed.
    let text = '';
    for (const ref of a.args) text += renderPretty(prettyContext(ctx.sim, resolve(ref)));
    ctx.out(text);
  },
};

/** One node through the pretty template, followed by a newline (formatter.Context.Write). */
function renderPretty(data: Record<string, unknown>): string {
  return executeTemplate(PRETTY, data, { typeName: '*node.nodeInspectContext' }) + '\n';
}

// --- node update / promote / demote -----------------------------------------------

const UPDATE_FLAGS: readonly HelpFlag[] = [
  { name: 'availability', type: 'string', help: 'Availability of the node ("active", "pause", "drain")' },
  { name: 'label-add', type: 'list', help: 'Add or update a node label ("key=value")' },
  { name: 'label-rm', type: 'list', help: 'Remove a node label if exists' },
  { name: 'role', type: 'string', help: 'Role of the node ("worker", "manager")' },
];

/**
 * update.go mergeNodeUpdate then the daemon's conversion (moby
 * daemon/cluster/convert/node.go): every check is made before the core
 * changes anything.
 */
function updateNode(
  sim: Simulation,
  ref: string,
  u: { role?: string; availability?: string; labelAdd?: Record<string, string>; labelRm?: string[] },
): SwarmNode {
  const node = sim.resolveNode(ref);
  for (const k of u.labelRm ?? []) {
    if (!(k in node.labels) && !(u.labelAdd && k in u.labelAdd)) throw cliError(`key ${k} doesn't exist in node's labels`);
  }
  if (u.role !== undefined && u.role !== 'worker' && u.role !== 'manager') throw daemonError(`invalid Role: ${goQuote(u.role)}`);
  if (u.availability !== undefined && !['active', 'pause', 'drain'].includes(u.availability))
    throw daemonError(`invalid Availability: ${goQuote(u.availability)}`);
  return sim.nodeUpdate(node.id, {
    role: u.role as NodeRole | undefined,
    availability: u.availability as NodeAvailability | undefined,
    labelAdd: u.labelAdd,
    labelRm: u.labelRm,
  });
}

const update: Command = {
  path: ['node', 'update'],
  usage: 'docker node update [OPTIONS] NODE',
  summary: 'Update a node',
  flags: UPDATE_FLAGS,
  args: { min: 1, max: 1 },
  needsManager: true,
  run(ctx, a) {
    updateNode(ctx.sim, a.args[0], {
      role: a.changed.has('role') ? flagStr(a, 'role') : undefined,
      availability: a.changed.has('availability') ? flagStr(a, 'availability') : undefined,
      labelAdd: a.changed.has('label-add') ? kvMap(flagList(a, 'label-add')) : undefined,
      labelRm: a.changed.has('label-rm') ? flagList(a, 'label-rm') : undefined,
    });
    ctx.out(a.args[0]);
  },
};

/** promote.go / demote.go: nodes one by one; the first error ends the command. */
function changeRole(ctx: CommandContext, refs: readonly string[], role: NodeRole): void {
  for (const ref of refs) {
    const node = ctx.sim.resolveNode(ref);
    if (node.role === role) {
      ctx.out(`Node ${node.id} is already a ${role}.`);
      continue;
    }
    updateNode(ctx.sim, node.id, { role });
    ctx.out(role === 'manager' ? `Node ${ref} promoted to a manager in the swarm.` : `Manager ${ref} demoted in the swarm.`);
  }
}

const promote: Command = {
  path: ['node', 'promote'],
  usage: 'docker node promote NODE [NODE...]',
  summary: 'Promote one or more nodes to manager in the swarm',
  flags: [],
  args: { min: 1 },
  needsManager: true,
  run: (ctx, a) => changeRole(ctx, a.args, 'manager'),
};

const demote: Command = {
  path: ['node', 'demote'],
  usage: 'docker node demote NODE [NODE...]',
  summary: 'Demote one or more nodes from manager in the swarm',
  flags: [],
  args: { min: 1 },
  needsManager: true,
  run: (ctx, a) => changeRole(ctx, a.args, 'worker'),
};

// --- node rm ------------------------------------------------------------------

const rm: Command = {
  path: ['node', 'rm'],
  usage: 'docker node rm [OPTIONS] NODE [NODE...]',
  summary: 'Remove one or more nodes from the swarm',
  flags: [{ name: 'force', short: 'f', type: 'bool', help: 'Force remove a node from the swarm' }],
  args: { min: 1 },
  needsManager: true,
  run(ctx, a) {
    removeEach(ctx, a.args, (ref) => ctx.sim.nodeRemove(ref, flagBool(a, 'force')));
  },
};

export const nodeCommands: Command[] = [ls, inspect, update, promote, demote, rm];
