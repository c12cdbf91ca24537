/**
 * `docker info` and `docker version`
 * (docker/cli cli/command/system/{info,version}.go; the daemon's plugin
 * lists: moby daemon/info.go showPluginsInfo, which sorts each list).
 *
 * Only what the model knows is printed: no storage driver, kernel, runtimes,
 * security options, registries or warnings. These commands print their
 * client part even when the engine is stopped, then fail.
 */
import { DockerError } from '../../errors.js';
import { describePlugins } from '../../engine/engine.js';
import type { Machine, PluginDescriptionType } from '../../model/types.js';
import type { Simulation } from '../../simulation.js';
import type { Command, CommandContext } from '../command.js';
import { executeTemplateTo, goStruct, TemplateError } from '../format/template.js';
import { tabwriteText } from '../format/tabwriter.js';
import { bytesSize, humanDuration } from '../format/text.js';
import { CLI_BUILD } from '../build.js';
import { flagStr } from '../flags.js';
import { goTime } from '../format/goTime.js';
import { goJSON } from '../format/json.js';
import { inspectFormatHelp } from '../help.js';

const DAEMON_DOWN = 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?';

/** Go's runtime.GOARCH for a machine's architecture (uname -m). */
function goArch(arch: string): string {
  return ({ x86_64: 'amd64', aarch64: 'arm64', armv7l: 'arm', i686: '386' } as Record<string, string>)[arch] ?? arch;
}

// --- info -------------------------------------------------------------------------------

interface Counts {
  containers: number;
  running: number;
  stopped: number;
  images: number;
}

/** Containers are the swarm tasks this engine has created a container for. */
function containerCounts(sim: Simulation, m: Machine): Counts {
  const tasks = m.nodeId ? sim.world.tasksOnNode(m.nodeId).filter((t) => t.containerId !== '') : [];
  const running = tasks.filter((t) => t.status.state === 'running').length;
  return { containers: tasks.length, running, stopped: tasks.length - running, images: new Set(tasks.map((t) => t.spec.image)).size };
}

/** The daemon's system.Info for the fields the model has (moby api/types/system/info.go names). */
function infoObject(sim: Simulation, m: Machine): Record<string, unknown> {
  const plugins = describePlugins(m);
  const of = (type: PluginDescriptionType): string[] => plugins.filter((p) => p.type === type).map((p) => p.name);
  const c = containerCounts(sim, m);
  const node = m.nodeId ? sim.world.nodes.get(m.nodeId) : undefined;
  const sw = sim.world.swarm;
  const managers = [...sim.world.nodes.values()].filter((n) => n.role === 'manager');
  const swarm: Record<string, unknown> = goStruct({
    NodeID: node?.id ?? '',
    NodeAddr: node ? m.ip : '',
    LocalNodeState: node ? 'active' : 'inactive',
    ControlAvailable: node?.role === 'manager',
    Error: '',
    RemoteManagers: node
      ? managers.map((n) => ({ NodeID: n.id, Addr: `${sim.world.machineOf(n).ip}:2377` })).sort((a, b) => (a.Addr < b.Addr ? -1 : 1))
      : null,
  }, 'swarm.Info');
  if (node?.role === 'manager' && sw) {
    swarm.Nodes = sim.world.nodes.size;
    swarm.Managers = managers.length;
    const st = sw.settings;
    swarm.Cluster = {
      ID: sw.id,
      Spec: {
        Orchestration: { TaskHistoryRetentionLimit: sw.taskHistoryLimit },
        Raft: { SnapshotInterval: st.snapshotInterval, KeepOldSnapshots: st.keepOldSnapshots, HeartbeatTick: 1, ElectionTick: 10 },
        Dispatcher: { HeartbeatPeriod: st.heartbeatPeriodMs * 1_000_000 },
        CAConfig: {
          NodeCertExpiry: st.certExpiryMs * 1_000_000,
          ExternalCAs: st.externalCAs.length ? st.externalCAs.map((c) => ({ Protocol: c.protocol, URL: c.url })) : undefined,
          ForceRotate: 0,
        },
        EncryptionConfig: { AutoLockManagers: false },
      },
      RootRotationInProgress: false,
      DefaultAddrPool: [...st.defaultAddrPool],
      SubnetSize: st.subnetSize,
      DataPathPort: st.dataPathPort,
    };
  }
  return {
    Containers: c.containers,
    ContainersRunning: c.running,
    ContainersPaused: 0,
    ContainersStopped: c.stopped,
    Images: c.images,
    Plugins: { Volume: of('Volume'), Network: of('Network'), Authorization: null, Log: of('Log') },
    // The daemon's clock, RFC 3339 with nanoseconds (daemon/info.go: time.Now().Format(time.RFC3339Nano)).
    SystemTime: goTime(sim.now),
    LoggingDriver: 'json-file',
    OSType: m.os,
    Architecture: m.arch,
    NCPU: m.cpus,
    MemTotal: m.memoryBytes,
    DockerRootDir: '/var/lib/docker',
    Name: m.name,
    Labels: Object.entries(m.engineLabels).map(([k, v]) => `${k}=${v}`),
    ExperimentalBuild: false,
    ServerVersion: m.engineVersion,
    Swarm: swarm,
    LiveRestoreEnabled: false,
    Debug: false,
  };
}

/** info.go prettyPrintServerInfo, for the lines the model has. */
function serverLines(info: Record<string, unknown>): string[] {
  const i = info as {
    Containers: number;
    ContainersRunning: number;
    ContainersPaused: number;
    ContainersStopped: number;
    Images: number;
    ServerVersion: string;
    LoggingDriver: string;
    Plugins: { Volume: string[]; Network: string[]; Log: string[] };
    Swarm: Record<string, unknown>;
    OSType: string;
    Architecture: string;
    NCPU: number;
    MemTotal: number;
    Name: string;
    DockerRootDir: string;
    Labels: string[];
  };
  const out = [
    ` Containers: ${i.Containers}`,
    `  Running: ${i.ContainersRunning}`,
    `  Paused: ${i.ContainersPaused}`,
    `  Stopped: ${i.ContainersStopped}`,
    ` Images: ${i.Images}`,
    ` Server Version: ${i.ServerVersion}`,
    ` Logging Driver: ${i.LoggingDriver}`,
    ' Plugins:',
    `  Volume: ${i.Plugins.Volume.join(' ')}`,
    `  Network: ${i.Plugins.Network.join(' ')}`,
    `  Log: ${i.Plugins.Log.join(' ')}`,
    ` Swarm: ${i.Swarm.LocalNodeState}`,
    ...swarmLines(i.Swarm),
    ` OSType: ${i.OSType}`,
    ` Architecture: ${i.Architecture}`,
    ` CPUs: ${i.NCPU}`,
    ` Total Memory: ${bytesSize(i.MemTotal)}`,
    ` Name: ${i.Name}`,
    ` Docker Root Dir: ${i.DockerRootDir}`,
    ' Debug Mode: false',
  ];
  if (i.Labels.length) out.push(' Labels:', ...i.Labels.map((l) => '  ' + l));
  out.push(' Experimental: false', ' Live Restore Enabled: false', '');
  return out;
}

/** info.go printSwarmInfo. */
function swarmLines(s: Record<string, unknown>): string[] {
  if (s.LocalNodeState !== 'active') return [];
  const out = [`  NodeID: ${s.NodeID}`, `  Is Manager: ${s.ControlAvailable}`];
  const cluster = s.Cluster as
    | {
        ID: string;
        Spec: {
          Orchestration: { TaskHistoryRetentionLimit: number };
          Raft: { SnapshotInterval: number; KeepOldSnapshots: number };
          Dispatcher: { HeartbeatPeriod: number };
          CAConfig: { NodeCertExpiry: number; ExternalCAs?: { Protocol: string; URL: string }[] };
        };
        DefaultAddrPool: string[];
        SubnetSize: number;
        DataPathPort: number;
      }
    | undefined;
  if (cluster && s.ControlAvailable) {
    out.push(
      `  ClusterID: ${cluster.ID}`,
      `  Managers: ${s.Managers}`,
      `  Nodes: ${s.Nodes}`,
      `  Default Address Pool: ${cluster.DefaultAddrPool.map((p) => p + '  ').join('')}`,
      `  SubnetSize: ${cluster.SubnetSize}`,
      `  Data Path Port: ${cluster.DataPathPort}`,
      '  Orchestration:',
      `   Task History Retention Limit: ${cluster.Spec.Orchestration.TaskHistoryRetentionLimit}`,
      '  Raft:',
      `   Snapshot Interval: ${cluster.Spec.Raft.SnapshotInterval}`,
      `   Number of Old Snapshots to Retain: ${cluster.Spec.Raft.KeepOldSnapshots}`,
      '   Heartbeat Tick: 1',
      '   Election Tick: 10',
      '  Dispatcher:',
      `   Heartbeat Period: ${humanDuration(cluster.Spec.Dispatcher.HeartbeatPeriod / 1_000_000)}`,
      '  CA Configuration:',
      `   Expiry Duration: ${humanDuration(cluster.Spec.CAConfig.NodeCertExpiry / 1_000_000)}`,
      '   Force Rotate: 0',
      ...(cluster.Spec.CAConfig.ExternalCAs ? ['   External CAs:', ...cluster.Spec.CAConfig.ExternalCAs.map((c) => `     ${c.Protocol}: ${c.URL}`)] : []),
      '  Autolock Managers: false',
      '  Root Rotation In Progress: false',
    );
  }
  out.push(`  Node Address: ${s.NodeAddr}`);
  const managers = (s.RemoteManagers as { Addr: string }[] | null) ?? [];
  if (managers.length) out.push('  Manager Addresses:', ...managers.map((x) => `   ${x.Addr}`));
  return out;
}

const info: Command = {
  path: ['info'],
  usage: 'docker info [OPTIONS]',
  summary: 'Display system-wide information',
  flags: [{ name: 'format', short: 'f', type: 'string', help: inspectFormatHelp() }],
  args: { max: 0 },
  run(ctx, a) {
    const m = ctx.sim.ensureMachine(ctx.host);
    const format = flagStr(a, 'format');
    const client = { Debug: false, Version: m.engineVersion, Context: 'default', Plugins: [] as unknown[] };
    if (format === '') {
      ctx.out(`Client: ${CLI_BUILD.platform}\n Version:    ${m.engineVersion}\n Context:    default\n Debug Mode: false\n\nServer:`);
      if (!m.running) throw new DockerError(DAEMON_DOWN, false);
      // The last line is the empty one info.go prints after the server section.
      ctx.out(serverLines(infoObject(ctx.sim, m)).join('\n') + '\n');
      return;
    }
    if (!m.running) throw new DockerError(DAEMON_DOWN, false);
    const data = { ...infoObject(ctx.sim, m), ClientInfo: client };
    // formatInfo: `json` is {{json .}}; a bad template is exit 64.
    if (format === 'json') {
      ctx.out(goJSON(data));
      return;
    }
    // formatInfo: tmpl.Execute(output, info), then a newline, and the execution error as it is.
    const r = runTemplate(format, goStruct(data, 'system.dockerInfo'), '');
    ctx.out(r.text + '\n');
    if (r.error) throw new DockerError(r.error.message, false);
  },
};

/**
 * A typed template (no raw fallback: info and version have no JSON to fall
 * back on): a parse error is docker's exit 64, an execution error is returned
 * with what was written before it (both commands print it, then fail).
 */
function runTemplate(format: string, data: unknown, name: string): { text: string; error: TemplateError | null } {
  try {
    return executeTemplateTo(format, data, { name });
  } catch (e) {
    if (e instanceof TemplateError) throw new DockerError(e.dockerMessage, false, 64);
    throw e;
  }
}

// --- version ------------------------------------------------------------------------------

/**
 * Components a docker-ce 28.2.2 install reports besides the engine: the
 * containerd.io package shipped with it (containerd 1.7.27 with runc 1.2.5) and
 * tini as docker-init.
 */
const COMPONENTS: readonly { name: string; version: string; gitCommit: string }[] = [
  { name: 'containerd', version: '1.7.27', gitCommit: '05044ec0a9a75232cad458027ca83437aae3f4da' },
  { name: 'runc', version: '1.2.5', gitCommit: 'v1.2.5-0-g59923ef' },
  { name: 'docker-init', version: '0.19.0', gitCommit: 'de40ad0' },
];

/**
 * version.go versionInfo, with its Go names: `APIVersion` is the Go field
 * of both clientVersion and types.Version, `ApiVersion` only their JSON key.
 */
function versionObject(m: Machine): { Client: Record<string, unknown>; Server: Record<string, unknown> | null } {
  const arch = goArch(m.arch);
  const renamed = { APIVersion: 'ApiVersion' };
  return goStruct({
    Client: goStruct({
      Platform: goStruct({ Name: CLI_BUILD.platform }, 'system.platformInfo'),
      Version: m.engineVersion,
      ApiVersion: CLI_BUILD.apiVersion,
      DefaultAPIVersion: CLI_BUILD.apiVersion,
      GitCommit: CLI_BUILD.gitCommit,
      GoVersion: CLI_BUILD.goVersion,
      Os: m.os,
      Arch: arch,
      BuildTime: CLI_BUILD.buildTime,
      Context: 'default',
    }, 'system.clientVersion', renamed),
    Server: m.running
      ? goStruct({
          Platform: goStruct({ Name: CLI_BUILD.platform }, 'struct { Name string }'),
          Version: m.engineVersion,
          ApiVersion: CLI_BUILD.apiVersion,
          MinAPIVersion: CLI_BUILD.minApiVersion,
          Os: m.os,
          Arch: arch,
          Components: [
            goStruct({
              Name: 'Engine',
              Version: m.engineVersion,
              Details: new Map([
                ['ApiVersion', CLI_BUILD.apiVersion],
                ['Arch', arch],
                ['BuildTime', CLI_BUILD.buildTime],
                ['Experimental', 'false'],
                ['GitCommit', CLI_BUILD.engineGitCommit],
                ['GoVersion', CLI_BUILD.goVersion],
                ['MinAPIVersion', CLI_BUILD.minApiVersion],
                ['Os', m.os],
              ]),
            }, 'types.ComponentVersion'),
            ...COMPONENTS.map((c) =>
              goStruct({ Name: c.name, Version: c.version, Details: new Map([['GitCommit', c.gitCommit]]) }, 'types.ComponentVersion'),
            ),
          ],
          GitCommit: CLI_BUILD.engineGitCommit,
          GoVersion: CLI_BUILD.goVersion,
          BuildTime: CLI_BUILD.buildTime,
        }, 'types.Version', renamed)
      : null,
  }, 'system.versionInfo');
}

/** version.go defaultVersionTemplate, written out (its tab stops are set by the tabwriter below). */
function defaultVersionText(v: ReturnType<typeof versionObject>): string {
  const c = v.Client as Record<string, string>;
  let s =
    `Client: ${CLI_BUILD.platform}\n Version:\t${c.Version}\n API version:\t${c.ApiVersion}\n Go version:\t${c.GoVersion}\n` +
    ` Git commit:\t${c.GitCommit}\n Built:\t${c.BuildTime}\n OS/Arch:\t${c.Os}/${c.Arch}\n Context:\t${c.Context}`;
  if (v.Server) {
    const srv = v.Server as { Components: { Name: string; Version: string; Details: Map<string, string> }[] };
    s += `\n\nServer: ${CLI_BUILD.platform}`;
    for (const comp of srv.Components) {
      s += `\n ${comp.Name}:`;
      const d = comp.Details;
      if (comp.Name === 'Engine') {
        s +=
          `\n  Version:\t${comp.Version}\n  API version:\t${d.get('ApiVersion')} (minimum version ${d.get('MinAPIVersion')})` +
          `\n  Go version:\t${d.get('GoVersion')}\n  Git commit:\t${d.get('GitCommit')}\n  Built:\t${d.get('BuildTime')}` +
          `\n  OS/Arch:\t${d.get('Os')}/${d.get('Arch')}\n  Experimental:\t${d.get('Experimental')}`;
      } else {
        s += `\n  Version:\t${comp.Version}`;
        for (const k of [...d.keys()].sort()) s += `\n  ${k}:\t${d.get(k)}`;
      }
    }
  }
  return s;
}

const version: Command = {
  path: ['version'],
  usage: 'docker version [OPTIONS]',
  summary: 'Show the Docker version information',
  flags: [{ name: 'format', short: 'f', type: 'string', help: inspectFormatHelp() }],
  args: { max: 0 },
  run(ctx: CommandContext, a) {
    const m = ctx.sim.ensureMachine(ctx.host);
    const format = flagStr(a, 'format');
    const v = versionObject(m);
    let text: string;
    let error: TemplateError | null = null;
    if (format === '') text = defaultVersionText(v);
    else if (format === 'json') text = goJSON(v);
    else ({ text, error } = runTemplate(format, v, 'version')); // templates.New("version")
    // prettyPrintVersion: tabwriter.NewWriter(out, 20, 1, 1, ' ', 0), then a newline.
    ctx.out(tabwriteText(text + '\n', { minwidth: 20, tabwidth: 1, padding: 1, padchar: ' ' }));
    // The daemon's error wins over the template's (runVersion keeps the first).
    if (!m.running) throw new DockerError(DAEMON_DOWN, false);
    if (error) throw new DockerError(error.message, false);
  },
};

export const systemCommands: Command[] = [info, version];
