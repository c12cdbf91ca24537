/**
 * A managed plugin's config.json, as `docker plugin create` reads it (moby
 * v28.2.2 api/types/plugin.go PluginConfig): what the simulator keeps of it
 * is what placement and the CLI use, the interface types (capabilities),
 * socket, description, settable environment and the privileges moby
 * computes from it (plugin/v2/plugin.go ComputePrivileges).
 */
import { PLUGIN_CAPABILITIES, type PluginCapability, type Privilege } from '../model/types.js';

export interface PluginConfigImage {
  readonly description: string;
  readonly capabilities: readonly PluginCapability[];
  readonly socket: string;
  readonly privileges: readonly Privilege[];
  readonly settings: Readonly<Record<string, string>>;
}

export class PluginConfigError extends Error {}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * encoding/json's scanner (scanner.go) on the first bad byte: what it was
 * looking for decides the words. A json.Decoder (what the CLI uses) reports
 * an input that ends early as `unexpected EOF`, an empty one as `EOF`.
 */
function syntaxError(text: string): PluginConfigError | number {
  if (text.trim() === '') return new PluginConfigError('EOF');
  type Ctx = 'value' | 'key' | 'colon' | 'objectNext' | 'arrayNext' | 'top';
  const stack: ('{' | '[')[] = [];
  let want: Ctx = 'value';
  let i = 0;
  const ws = (): void => {
    while (i < text.length && ' \t\r\n'.includes(text[i])) i++;
  };
  const bad = (what: string): PluginConfigError => {
    const c = text[i];
    const shown = c === "'" ? "'\\''" : c === '"' ? `'"'` : JSON.stringify(c).replace(/^"(.*)"$/, "'$1'");
    return new PluginConfigError(`invalid character ${shown} ${what}`);
  };
  const afterValue = (): Ctx => (stack.length === 0 ? 'top' : stack[stack.length - 1] === '{' ? 'objectNext' : 'arrayNext');
  const scalar = (): boolean => {
    const m = /^(?:"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i));
    if (!m) return false;
    i += m[0].length;
    return true;
  };
  for (;;) {
    ws();
    if (i >= text.length) return want === 'top' ? i : new PluginConfigError('unexpected EOF');
    const c = text[i];
    switch (want) {
      case 'value':
        if (c === '{') { stack.push('{'); i++; want = 'key'; ws(); if (text[i] === '}') { stack.pop(); i++; want = afterValue(); } continue; }
        if (c === '[') { stack.push('['); i++; want = 'value'; ws(); if (text[i] === ']') { stack.pop(); i++; want = afterValue(); } continue; }
        if (!scalar()) throw bad('looking for beginning of value');
        want = afterValue();
        continue;
      case 'key':
        if (c !== '"' || !scalar()) throw bad('looking for beginning of object key string');
        want = 'colon';
        continue;
      case 'colon':
        if (c !== ':') throw bad('after object key');
        i++;
        want = 'value';
        continue;
      case 'objectNext':
        if (c === ',') { i++; want = 'key'; continue; }
        if (c === '}') { stack.pop(); i++; want = afterValue(); continue; }
        throw bad('after object key:value pair');
      case 'arrayNext':
        if (c === ',') { i++; want = 'value'; continue; }
        if (c === ']') { stack.pop(); i++; want = afterValue(); continue; }
        throw bad('after array element');
      case 'top':
        return i; // a Decoder reads one value: what follows it is left unread
    }
  }
}

/** json.Unmarshal's type error for a field of PluginConfig. */
const typeError = (got: unknown, field: string, type: string): PluginConfigError =>
  new PluginConfigError(`json: cannot unmarshal ${Array.isArray(got) ? 'array' : got === null ? 'null' : typeof got === 'object' ? 'object' : typeof got} into Go struct field PluginConfig.${field} of type ${type}`);

function str(o: Json, key: string, field: string): string {
  const v = o[key];
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') throw typeError(v, field, 'string');
  return v;
}

function list(o: Json, key: string, field: string, type: string): unknown[] {
  const v = o[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw typeError(v, field, type);
  return v;
}

/** Parses config.json; a PluginConfigError carries Go's text. Keys match case-insensitively, as encoding/json's do. */
export function parsePluginConfig(text: string): PluginConfigImage {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    const found = syntaxError(text);
    if (typeof found !== 'number') throw found;
    raw = JSON.parse(text.slice(0, found));
  }
  if (!isObject(raw)) throw new PluginConfigError(`json: cannot unmarshal ${Array.isArray(raw) ? 'array' : typeof raw} into Go value of type types.PluginConfig`);
  const fold = (o: Json): Json => Object.fromEntries(Object.entries(o).map(([k, v]) => [k.toLowerCase(), v]));
  const cfg = fold(raw);
  const iface = isObject(cfg.interface) ? fold(cfg.interface) : {};
  const capabilities: PluginCapability[] = [];
  for (const t of list(iface, 'types', 'Interface.Types', '[]types.PluginInterfaceType')) {
    if (typeof t !== 'string') throw new PluginConfigError(`${JSON.stringify(JSON.stringify(t))} is not a plugin interface type`);
    // PluginInterfaceType.UnmarshalJSON: PREFIX.CAPABILITY/VERSION; the docker prefix names the ones the engine knows.
    const m = /^(?:([^/]*)\.)?([^./]*)(?:\/.*)?$/.exec(t);
    const cap = m?.[2] ?? '';
    if (m?.[1] === 'docker' && (PLUGIN_CAPABILITIES as readonly string[]).includes(cap) && !capabilities.includes(cap as PluginCapability))
      capabilities.push(cap as PluginCapability);
  }
  const linux = isObject(cfg.linux) ? fold(cfg.linux) : {};
  const network = isObject(cfg.network) ? fold(cfg.network) : {};
  const privileges: Privilege[] = [];
  const netType = str(network, 'type', 'Network.Type');
  if (netType !== '' && netType !== 'null' && netType !== 'bridge') privileges.push({ name: 'network', value: [netType] });
  if (cfg.ipchost === true) privileges.push({ name: 'host ipc namespace', value: ['true'] });
  if (cfg.pidhost === true) privileges.push({ name: 'host pid namespace', value: ['true'] });
  for (const m of list(cfg, 'mounts', 'Mounts', '[]types.PluginMount'))
    if (isObject(m) && typeof fold(m).source === 'string') privileges.push({ name: 'mount', value: [fold(m).source as string] });
  for (const d of list(linux, 'devices', 'Linux.Devices', '[]types.PluginDevice'))
    if (isObject(d) && typeof fold(d).path === 'string') privileges.push({ name: 'device', value: [fold(d).path as string] });
  if (linux.allowalldevices === true) privileges.push({ name: 'allow-all-devices', value: ['true'] });
  const caps = list(linux, 'capabilities', 'Linux.Capabilities', '[]string');
  if (caps.length > 0) privileges.push({ name: 'capabilities', value: caps.map(String) });
  const settings: Record<string, string> = {};
  for (const e of list(cfg, 'env', 'Env', '[]types.PluginEnv')) {
    if (!isObject(e)) continue;
    const env = fold(e);
    if (typeof env.name === 'string') settings[env.name] = typeof env.value === 'string' ? env.value : '';
  }
  return {
    description: str(cfg, 'description', 'Description'),
    capabilities,
    socket: str(iface, 'socket', 'Interface.Socket') || 'plugin.sock',
    privileges,
    settings,
  };
}
