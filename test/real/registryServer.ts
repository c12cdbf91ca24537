/**
 * The offline registry's HTTP server (Docker Registry HTTP API V2, read
 * only). It runs as its own process inside the lab's bridge namespace, where
 * the engines can reach it: `registryServer.ts CONFIG.json`. The plugin list
 * is re-read from its file on every request, so `sim$ registry` lines added
 * during a replay are served at once.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { RegistryPlugin } from '../../sim/model/types.js';
import { blobOf, MEDIA, RegistryContent, repositoryOf, type Layer } from './registry.js';

interface ServerConfig {
  host: string;
  port: number;
  imageLayer: { file: string; diffId: string };
  pluginLayer: { file: string; diffId: string };
  pluginsFile: string;
}

const config = JSON.parse(readFileSync(process.argv[2], 'utf8')) as ServerConfig;
const layer = (l: { file: string; diffId: string }): Layer => ({ blob: blobOf(readFileSync(l.file)), diffId: l.diffId });
const plugins = (): RegistryPlugin[] => JSON.parse(readFileSync(config.pluginsFile, 'utf8')) as RegistryPlugin[];
const content = new RegistryContent(layer(config.imageLayer), layer(config.pluginLayer), plugins());

const notFound = (code: string): string => JSON.stringify({ errors: [{ code, message: code.toLowerCase().replace('_', ' ') }] });

createServer((req, res) => {
  const path = decodeURIComponent((req.url ?? '/').split('?')[0]);
  const head = req.method === 'HEAD';
  if (path === '/v2/' || path === '/v2') {
    res.writeHead(200, { 'Docker-Distribution-API-Version': 'registry/2.0', 'Content-Type': 'application/json' });
    res.end('{}');
    return;
  }
  const m = /^\/v2\/(.+)\/(manifests|blobs)\/([^/]+)$/.exec(path);
  if (!m) {
    res.writeHead(404).end();
    return;
  }
  if (m[2] === 'manifests') content.setPlugins(plugins());
  const b = m[2] === 'manifests' ? content.manifest(repositoryOf(m[1]), m[3]) : content.blob(m[3]);
  if (!b) {
    res.writeHead(404, { 'Content-Type': 'application/json' });
    res.end(notFound(m[2] === 'manifests' ? 'MANIFEST_UNKNOWN' : 'BLOB_UNKNOWN'));
    return;
  }
  res.writeHead(200, {
    'Content-Type': m[2] === 'manifests' ? MEDIA.manifest : 'application/octet-stream',
    'Content-Length': b.size,
    'Docker-Content-Digest': b.digest,
  });
  res.end(head ? undefined : b.bytes);
}).listen(config.port, config.host, () => process.stdout.write('ready\n'));
