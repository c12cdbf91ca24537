/**
 * What the lab's registry serves, built offline on this machine: the stub
 * program (compiled static from stub/stub.c), an image layer whose every
 * command is the stub, and a plugin layer holding it. Tarballs are made
 * reproducibly (sorted names, fixed times and owners), so digests only change
 * with their content.
 */
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, lstatSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { IMAGE_CONFIG } from '../../sim/engine/images.js';
import { run } from './proc.js';
import type { Layer } from './registry.js';
import { blobOf } from './registry.js';

const HERE = import.meta.dirname;
export const STUB_SOURCE = join(HERE, 'stub', 'stub.c');

/** Compiles the stub once per source version into `cacheDir`. */
export function buildStub(cacheDir: string): string {
  const source = readFileSync(STUB_SOURCE);
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 16);
  const out = join(cacheDir, `stub-${hash}`);
  if (existsSync(out)) return out;
  mkdirSync(cacheDir, { recursive: true });
  const cc = ['cc', 'gcc'].find((c) => run(['sh', '-c', `command -v ${c}`], { check: false }).code === 0);
  if (!cc) throw new Error('the real-Swarm harness needs a C compiler (cc or gcc) to build its stub program');
  run([cc, '-static', '-O2', '-Wall', '-o', `${out}.tmp`, STUB_SOURCE], { timeoutMs: 120_000 });
  run(['mv', `${out}.tmp`, out]);
  return out;
}

function tarLayer(root: string): Layer {
  const bytes = tarBytes(root);
  return { blob: blobOf(gzipSync(bytes)), diffId: `sha256:${createHash('sha256').update(bytes).digest('hex')}` };
}

function tarBytes(root: string): Buffer {
  const file = `${root}.tar`;
  run(['tar', '-C', root, '--sort=name', '--mtime=@0', '--owner=0', '--group=0', '--numeric-owner', '-cf', file, '.'], { timeoutMs: 120_000 });
  const bytes = readFileSync(file);
  rmSync(file);
  return bytes;
}

/** True when something is at `path`, a link that only resolves inside the image included. */
function present(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Commands every image can run: those of the known images, plus common shells and tools. */
const ALWAYS = ['sh', 'bash', 'top', 'sleep', 'tail', 'true', 'cat'];

/**
 * The image layer: /bin/stub and, for every command name an image or a
 * scenario may run, a link to it on the PATH (and at its absolute path).
 */
export function buildImageLayer(workDir: string, stub: string, commands: readonly string[]): Layer {
  const root = join(workDir, 'image-rootfs');
  rmSync(root, { recursive: true, force: true });
  for (const d of ['bin', 'usr/local/bin', 'tmp', 'etc', 'proc', 'sys', 'dev']) mkdirSync(join(root, d), { recursive: true });
  copyFileSync(stub, join(root, 'bin/stub'));
  chmodSync(join(root, 'bin/stub'), 0o755);
  writeFileSync(join(root, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\n');
  const names = new Set<string>(ALWAYS);
  for (const cfg of Object.values(IMAGE_CONFIG)) for (const w of [...cfg.entrypoint, ...cfg.cmd.slice(0, 1)]) names.add(w);
  for (const c of commands) names.add(c);
  for (const name of [...names].sort()) {
    if (!/^\/?[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(name) || name.includes('..')) continue;
    const at = name.startsWith('/') ? join(root, name) : join(root, 'usr/local/bin', name);
    if (present(at)) continue;
    mkdirSync(dirname(at), { recursive: true });
    symlinkSync('/bin/stub', at);
    const inBin = join(root, 'bin', name);
    if (!name.includes('/') && !present(inBin)) symlinkSync('/bin/stub', inBin);
  }
  return tarLayer(root);
}

/** The plugin layer: the stub at /stub, the socket directory and the volumes' directory. */
export function buildPluginLayer(workDir: string, stub: string): Layer {
  const root = join(workDir, 'plugin-rootfs');
  rmSync(root, { recursive: true, force: true });
  for (const d of ['run/docker/plugins', 'data', 'tmp', 'etc', 'proc', 'sys', 'dev']) mkdirSync(join(root, d), { recursive: true });
  copyFileSync(stub, join(root, 'stub'));
  chmodSync(join(root, 'stub'), 0o755);
  return tarLayer(root);
}
