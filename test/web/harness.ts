/**
 * Browser test harness: builds the site once with vite's build() API into a
 * temporary directory, serves it from 127.0.0.1 under a sub-path (so the
 * relative base is exercised), and drives Debian's Chromium with
 * playwright-core. Never downloads a browser.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { build } from 'vite';

export const CHROMIUM = '/usr/bin/chromium';
export const chromiumMissing = !existsSync(CHROMIUM);
export const ROOT = resolve(import.meta.dirname, '../..');
export const ARTIFACTS = join(ROOT, 'test-artifacts');

/** What the site is built from: a change to any of these makes a new build. */
const INPUTS = ['index.html', 'vite.config.ts', 'package-lock.json', 'test/web/harness.ts', 'web', 'sim', 'scenarios'];

function inputsKey(minify: boolean): string {
  const h = createHash('sha1').update(String(minify));
  const walk = (rel: string): void => {
    const abs = join(ROOT, rel);
    if (!existsSync(abs)) return;
    const st = statSync(abs);
    if (st.isDirectory()) for (const e of readdirSync(abs).sort()) walk(join(rel, e));
    else h.update(`${rel}\0${st.size}\0${st.mtimeMs}\n`);
  };
  for (const i of INPUTS) walk(i);
  return h.digest('hex').slice(0, 16);
}

/**
 * The built site, once per state of its inputs: test files that run at the
 * same time (or again) share one build in the temporary directory instead
 * of each spending seconds on its own. `minify: false` keeps function names,
 * for profiles.
 */
export async function buildSite(o: { minify?: boolean } = {}): Promise<string> {
  const minify = o.minify ?? true;
  const outDir = join(tmpdir(), `swarmsim-web-${inputsKey(minify)}`);
  const done = join(outDir, '.built');
  if (existsSync(done)) return outDir;
  try {
    mkdirSync(`${outDir}.lock`);
  } catch {
    // Another test file is building it: wait for it (a lock older than two minutes is stale).
    const started = Date.now();
    while (!existsSync(done)) {
      if (Date.now() - started > 120_000) throw new Error(`the site build in ${outDir} did not finish`);
      await new Promise((ok) => setTimeout(ok, 200));
    }
    return outDir;
  }
  try {
    const tmp = mkdtempSync(join(tmpdir(), 'swarmsim-build-'));
    // As `npm run build` builds it: vitest sets NODE_ENV=test, and vite would then
    // build with import.meta.env.DEV true (a module worker, which file:// refuses).
    const env = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await build({ root: ROOT, mode: 'production', logLevel: 'error', build: { outDir: tmp, emptyOutDir: true, reportCompressedSize: false, minify } });
    } finally {
      process.env.NODE_ENV = env;
    }
    rmSync(outDir, { recursive: true, force: true });
    // Same file system (both in tmpdir): a rename, so readers never see half a site.
    renameSync(tmp, outDir);
    writeFileSync(done, '');
  } finally {
    rmSync(`${outDir}.lock`, { recursive: true, force: true });
  }
  return outDir;
}


const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/** A static server for `dir` under `/prefix/`, like any static host. */
export async function serve(dir: string, prefix = '/swarmsim/'): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (!path.startsWith(prefix)) {
      res.writeHead(404).end('not found');
      return;
    }
    let file = normalize(join(dir, path.slice(prefix.length)));
    if (!file.startsWith(dir)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return { url: `http://127.0.0.1:${port}${prefix}`, close: () => new Promise((ok) => server.close(() => ok())) };
}

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage', '--no-first-run'],
  });
}

/** Builds are shared and kept (see buildSite); nothing to remove per test file. */
export function cleanup(_dir: string): void {}
