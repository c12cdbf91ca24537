/**
 * One real Docker engine per machine: dockerd inside the machine's network
 * namespace, in its own UTS (hostname = machine name, which `docker node ls`
 * shows), mount and PID namespaces. The PID namespace makes a stop exact:
 * killing its first process ends dockerd, containerd, the shims, plugins and
 * containers together, as a machine losing power would, and the mount
 * namespace takes their mounts with it. `ip netns exec` is not used: it
 * remounts /sys, which breaks dockerd.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { apiGet } from './api.js';
import type { MachineNet } from './netns.js';
import { pidsIn } from './netns.js';
import { sleep, waitFor } from './proc.js';

export interface EngineOptions {
  readonly machine: MachineNet;
  /** Per-engine state: data root, exec root, socket, log. Kept short: unix socket paths have a 108-byte limit. */
  readonly dir: string;
  readonly engineLabels: Readonly<Record<string, string>>;
  readonly registryMirror: string;
}

export const ENGINE_START_TIMEOUT_MS = 60_000;
export const ENGINE_STOP_TIMEOUT_MS = 30_000;

export class Engine {
  readonly name: string;
  readonly socket: string;
  readonly logFile: string;
  private child: ChildProcess | null = null;

  constructor(readonly o: EngineOptions) {
    this.name = o.machine.name;
    this.socket = join(o.dir, 'd.sock');
    this.logFile = join(o.dir, 'dockerd.log');
    mkdirSync(o.dir, { recursive: true });
  }

  get running(): boolean {
    return this.child !== null;
  }

  get ip(): string {
    return this.o.machine.ip;
  }

  private dockerdArgs(): string[] {
    const d = this.o.dir;
    return [
      'dockerd',
      `--data-root=${join(d, 'data')}`,
      `--exec-root=${join(d, 'x')}`,
      `--host=unix://${this.socket}`,
      `--pidfile=${join(d, 'pid')}`,
      '--storage-driver=vfs',
      // The default bridge lives in the machine's namespace; no iptables rules are written, so
      // nothing is routed or masqueraded anywhere.
      '--iptables=false',
      '--ip-masq=false',
      `--registry-mirror=${this.o.registryMirror}`,
      ...Object.entries(this.o.engineLabels).map(([k, v]) => `--label=${k}=${v}`),
    ];
  }

  async start(): Promise<void> {
    if (this.child) return;
    // A machine that stopped lost its runtime state, as /run does on a reboot: a pid file of
    // dockerd or containerd from the dead PID namespace would name some other process now.
    rmSync(join(this.o.dir, 'pid'), { force: true });
    rmSync(join(this.o.dir, 'x'), { recursive: true, force: true });
    rmSync(this.socket, { force: true });
    const log = openSync(this.logFile, 'a');
    const quoted = this.dockerdArgs().map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    const child = spawn(
      'nsenter',
      [
        `--net=${this.o.machine.nsFile}`,
        'unshare',
        '--uts',
        '--pid',
        '--fork',
        '--kill-child=SIGKILL',
        '--mount-proc',
        'sh',
        '-c',
        `hostname '${this.name}' && exec ${quoted}`,
      ],
      { stdio: ['ignore', log, log], detached: true },
    );
    closeSync(log);
    this.child = child;
    child.on('exit', () => {
      if (this.child === child) this.child = null;
    });
    const up = await waitFor(async () => ((await apiGet<string>(this.socket, '/_ping')) === 'OK' ? true : undefined), ENGINE_START_TIMEOUT_MS);
    if (!up) throw new Error(`engine ${this.name} did not answer within ${ENGINE_START_TIMEOUT_MS / 1000} s:\n${this.logTail()}`);
  }

  /** Stops the engine as a power cut would: everything in its PID namespace dies at once. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = null;
    try {
      if (child.pid) process.kill(child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    const gone = await waitFor(() => (pidsIn(this.o.machine.ns).length === 0 ? true : undefined), ENGINE_STOP_TIMEOUT_MS);
    if (!gone) throw new Error(`engine ${this.name} still has processes ${ENGINE_STOP_TIMEOUT_MS / 1000} s after being killed`);
    await sleep(100);
  }

  logTail(lines = 40): string {
    if (!existsSync(this.logFile)) return '(no log)';
    return readFileSync(this.logFile, 'utf8').split('\n').slice(-lines).join('\n');
  }
}
