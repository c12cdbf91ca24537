/**
 * A real multi-node Docker Swarm on this machine, made and torn down by the
 * harness: the private network (netns.ts), the offline registry in the
 * bridge's namespace (registry.ts), and one engine per machine (engine.ts).
 * The client is the machine's docker CLI 28.2.2, talking to each engine's
 * socket; the engines are Debian's docker.io (dockerd 20.10).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { RegistryPlugin } from '../../sim/model/types.js';
import { PluginRegistry } from '../../sim/engine/registry.js';
import { api, apiGet } from './api.js';
import { buildImageLayer, buildPluginLayer, buildStub } from './artifacts.js';
import { Engine } from './engine.js';
import { addMachine, BRIDGE_IP, createLab, destroyNamespaces, destroyStaleLabs, type Lab as Net } from './netns.js';
import { run } from './proc.js';
import { REGISTRY_PORT, type Layer } from './registry.js';
import { stateOfApi, type ApiNode, type ApiService, type ApiTask, type ClusterState } from './state.js';
import { runInTerminal, type TerminalRun } from './terminal.js';

const ROOT = resolve(import.meta.dirname, '../..');
export const CLIENT_VERSION = '28.2.2';

export interface MachineSpec {
  readonly name: string;
  readonly ip: string;
  readonly engineLabels: Readonly<Record<string, string>>;
}

export interface LabOptions {
  readonly machines: readonly MachineSpec[];
  /** Command names the scenarios run inside containers: each becomes the stub in the image. */
  readonly commands: readonly string[];
  /** Where the lab lives; a fresh directory under /tmp by default. */
  readonly dir?: string;
  /** Keep the lab's files after destroy() (engine logs, for a failure report). */
  readonly keep?: boolean;
}

/** What the harness needs of the host; each missing piece is named in one error. */
export function prerequisites(): string[] {
  const missing: string[] = [];
  if (process.getuid?.() !== 0) missing.push('root (network namespaces and dockerd need it)');
  for (const cmd of ['dockerd', 'containerd', 'runc', 'ip', 'nsenter', 'unshare', 'script', 'tar']) {
    if (run(['sh', '-c', `command -v ${cmd}`], { check: false }).code !== 0) missing.push(cmd);
  }
  if (!clientPath()) missing.push(`docker CLI ${CLIENT_VERSION}`);
  if (run(['sh', '-c', 'command -v cc || command -v gcc'], { check: false }).code !== 0) missing.push('a C compiler (cc)');
  return missing;
}

/** The docker client of version 28.2.2 among those on the PATH (Debian's docker.io adds a 20.10 one). */
export function clientPath(): string | null {
  const r = run(['sh', '-c', 'which -a docker'], { check: false });
  for (const p of r.stdout.split('\n').filter(Boolean)) {
    const v = run([p, 'version', '--format', '{{.Client.Version}}'], { check: false, env: { ...process.env, DOCKER_HOST: 'unix:///nonexistent' } });
    if (v.stdout.trim() === CLIENT_VERSION) return p;
  }
  return null;
}

export function engineVersion(): string {
  return run(['dockerd', '--version']).stdout.trim();
}

let labSeq = 0;

export class Lab {
  readonly engines = new Map<string, Engine>();
  readonly dir: string;
  readonly client: string;
  private net: Net | null = null;
  private registry: ChildProcess | null = null;
  private pluginsFile = '';
  private readonly plugins: RegistryPlugin[];

  private constructor(readonly o: LabOptions) {
    // One process may run several labs at once (live.test.ts does): a letter per lab keeps
    // their namespaces apart; the pid lets a later run clear labs whose process died.
    const id = `ss${process.pid}${String.fromCharCode(97 + (labSeq++ % 26))}`;
    this.dir = o.dir ?? join('/tmp', `${id}-${Date.now().toString(36)}`);
    this.client = clientPath() ?? 'docker';
    this.plugins = new PluginRegistry().all();
    this.id = id;
  }

  private readonly id: string;

  static async create(o: LabOptions): Promise<Lab> {
    const missing = prerequisites();
    if (missing.length) throw new Error(`the real Swarm needs: ${missing.join(', ')}`);
    destroyStaleLabs();
    const lab = new Lab(o);
    LIVE.add(lab);
    try {
      await lab.setUp();
    } catch (e) {
      await lab.destroy();
      throw e;
    }
    return lab;
  }

  private async setUp(): Promise<void> {
    rmSync(this.dir, { recursive: true, force: true });
    mkdirSync(join(this.dir, 'registry'), { recursive: true });
    mkdirSync(join(this.dir, 'client'), { recursive: true });
    const stub = buildStub(join(homedir(), '.cache', 'swarmsim-real'));
    const writeLayer = (name: string, l: Layer): { file: string; diffId: string } => {
      const file = join(this.dir, 'registry', `${name}.tar.gz`);
      writeFileSync(file, l.blob.bytes);
      return { file, diffId: l.diffId };
    };
    const imageLayer = writeLayer('image', buildImageLayer(join(this.dir, 'registry'), stub, this.o.commands));
    const pluginLayer = writeLayer('plugin', buildPluginLayer(join(this.dir, 'registry'), stub));
    this.pluginsFile = join(this.dir, 'registry', 'plugins.json');
    this.writePlugins();
    // Host paths that plugins bind-mount (their "mount" privileges) must exist.
    for (const p of this.plugins) for (const pr of p.privileges) if (pr.name === 'mount') for (const v of pr.value) mkdirSync(v, { recursive: true });

    this.net = createLab(this.id);
    const config = join(this.dir, 'registry', 'server.json');
    writeFileSync(config, JSON.stringify({ host: BRIDGE_IP, port: REGISTRY_PORT, imageLayer, pluginLayer, pluginsFile: this.pluginsFile }));
    await this.startRegistry(config);

    for (const m of this.o.machines) {
      const net = addMachine(this.net, m.name, m.ip);
      this.engines.set(
        m.name,
        new Engine({ machine: net, dir: join(this.dir, m.name), engineLabels: m.engineLabels, registryMirror: `http://${BRIDGE_IP}:${REGISTRY_PORT}` }),
      );
    }
    await Promise.all([...this.engines.values()].map((e) => e.start()));
  }

  private async startRegistry(config: string): Promise<void> {
    const net = this.net!;
    const child = spawn('nsenter', [`--net=/run/netns/${net.bridgeNs}`, process.execPath, '--import', 'tsx', join(ROOT, 'test/real/registryServer.ts'), config], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.registry = child;
    let err = '';
    child.stderr?.on('data', (b: Buffer) => (err += b.toString()));
    const ready = await new Promise<boolean>((ok) => {
      const t = setTimeout(() => ok(false), 30_000);
      child.stdout?.on('data', (b: Buffer) => {
        if (b.toString().includes('ready')) {
          clearTimeout(t);
          ok(true);
        }
      });
      child.on('exit', () => {
        clearTimeout(t);
        ok(false);
      });
    });
    if (!ready) throw new Error(`the offline registry did not start: ${err.slice(0, 2000)}`);
  }

  private writePlugins(): void {
    writeFileSync(this.pluginsFile, JSON.stringify(this.plugins));
  }

  /** `sim$ registry`: one more plugin the registry serves. */
  addPlugin(p: RegistryPlugin): void {
    const i = this.plugins.findIndex((x) => x.repository === p.repository);
    if (i >= 0) this.plugins[i] = p;
    else this.plugins.push(p);
    this.writePlugins();
  }

  engine(name: string): Engine {
    const e = this.engines.get(name);
    if (!e) throw new Error(`no machine ${name} in this lab`);
    return e;
  }

  /** Runs `docker ARGV` on machine HOST at a terminal. */
  docker(host: string, argv: readonly string[], stdin: string | null = null, timeoutMs?: number): Promise<TerminalRun> {
    const e = this.engine(host);
    return runInTerminal({ client: this.client, socket: e.socket, configDir: join(this.dir, 'client'), argv, stdin, workDir: this.dir, timeoutMs });
  }

  /** A running engine whose swarm has a leader, to read cluster state from; undefined if there is none. */
  async manager(): Promise<Engine | undefined> {
    for (const e of this.engines.values()) {
      if (!e.running) continue;
      const info = await apiGet<{ Swarm?: { ControlAvailable?: boolean } }>(e.socket, '/info');
      if (!info?.Swarm?.ControlAvailable) continue;
      if ((await apiGet<unknown[]>(e.socket, '/nodes')) !== undefined) return e;
    }
    return undefined;
  }

  /** The compared state, read from a manager; undefined when no manager answers (no leader, say). */
  async state(): Promise<ClusterState | undefined> {
    const e = await this.manager();
    if (!e) return undefined;
    const [nodes, services, tasks] = await Promise.all([
      apiGet<ApiNode[]>(e.socket, '/nodes'),
      apiGet<ApiService[]>(e.socket, '/services'),
      apiGet<ApiTask[]>(e.socket, '/tasks'),
    ]);
    if (!nodes || !services || !tasks) return undefined;
    return stateOfApi(nodes, services, tasks);
  }

  async joinTokens(): Promise<{ Worker: string; Manager: string } | undefined> {
    const e = await this.manager();
    if (!e) return undefined;
    const sw = await apiGet<{ JoinTokens: { Worker: string; Manager: string } }>(e.socket, '/swarm');
    return sw?.JoinTokens;
  }

  /**
   * `sim$ fail TASK`: the task's container exits 1 (the stub exits 1 on
   * SIGUSR1). TASK is `service.slot`, `service.HOST` or a task ID prefix. The
   * container is found on the engines themselves, by the labels SwarmKit's
   * executor puts on it, so this works with no leader too.
   */
  async failTask(ref: string): Promise<string | null> {
    const dot = ref.lastIndexOf('.');
    const service = dot > 0 ? ref.slice(0, dot) : '';
    const key = dot > 0 ? ref.slice(dot + 1) : '';
    for (const e of this.engines.values()) {
      if (!e.running) continue;
      const containers = (await apiGet<{ Id: string; Labels: Record<string, string> }[]>(e.socket, '/containers/json')) ?? [];
      const c = containers.find((x) => {
        const l = x.Labels;
        if (l['com.docker.swarm.task.id']?.startsWith(ref)) return true;
        if (l['com.docker.swarm.service.name'] !== service) return false;
        return (l['com.docker.swarm.task.name'] ?? '').startsWith(`${service}.${key}.`) || key === e.name;
      });
      if (!c) continue;
      const r = await api(e.socket, 'POST', `/containers/${c.Id}/kill?signal=USR1`);
      return r.status === 204 ? null : `kill ${c.Id}: ${JSON.stringify(r.body)}`;
    }
    return `no running container for ${ref}`;
  }

  /** Engine logs of every machine, for a failure report. */
  logs(lines = 30): string {
    return [...this.engines.values()].map((e) => `--- ${e.name} (${e.logFile})\n${e.logTail(lines)}`).join('\n');
  }

  async destroy(): Promise<void> {
    LIVE.delete(this);
    await Promise.all([...this.engines.values()].map((e) => e.stop().catch(() => undefined)));
    this.registry?.kill('SIGKILL');
    destroyNamespaces(this.id);
    if (!this.o.keep) rmSync(this.dir, { recursive: true, force: true });
  }
}


/** Labs of this process: an interrupted run still takes its engines and namespaces down. */
const LIVE = new Set<Lab>();
let hooked = false;
function hookSignals(): void {
  if (hooked) return;
  hooked = true;
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      void Promise.all([...LIVE].map((l) => l.destroy())).finally(() => process.exit(130));
    });
  }
}
hookSignals();
