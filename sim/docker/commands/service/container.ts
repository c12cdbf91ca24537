/**
 * Flags of `docker service create` and `update` that set ContainerSpec
 * fields the simulator stores, shows in `service inspect` and otherwise
 * ignores: no process runs, so a working directory, a user or a health
 * check changes nothing but the spec (and so, as in SwarmKit, makes the
 * tasks dirty). Types, defaults and errors are docker/cli v28.2.2's
 * (cli/command/service/opts.go addServiceFlags, toHealthConfig;
 * update.go updateService, updateHealthcheck).
 */
import { cliError } from '../../../errors.js';
import type { HelpFlag } from '../../help.js';
import { durationMs, type Opts } from './options.js';
import { checkListValues, CREATE_LIST_FLAGS, listsFromCreate, listsFromUpdate, UPDATE_LIST_FLAGS } from './containerLists.js';

const NS = 1_000_000; // per ms
const STORED = ' (swarmsim: stored, not simulated)';

/** The container flags both commands take. */
export const CONTAINER_FLAGS: readonly HelpFlag[] = [
  { name: 'workdir', short: 'w', type: 'string', help: 'Working directory inside the container' + STORED },
  { name: 'user', short: 'u', type: 'string', help: 'Username or UID (format: <name|uid>[:<group|gid>])' + STORED },
  { name: 'hostname', type: 'string', help: 'Container hostname' + STORED },
  { name: 'tty', short: 't', type: 'bool', help: 'Allocate a pseudo-TTY' + STORED },
  { name: 'read-only', type: 'bool', help: "Mount the container's root filesystem as read only" + STORED },
  { name: 'stop-signal', type: 'string', help: 'Signal to stop the container' + STORED },
  {
    name: 'stop-grace-period',
    type: 'string',
    typeName: 'duration',
    help: 'Time to wait before force killing a container (ns|us|ms|s|m|h) (default 10s)' + STORED,
  },
  { name: 'init', type: 'bool', help: 'Use an init inside each service container to forward signals and reap processes' + STORED },
  { name: 'health-cmd', type: 'string', help: 'Command to run to check health' + STORED },
  { name: 'health-interval', type: 'string', typeName: 'duration', help: 'Time between running the check (ms|s|m|h)' + STORED },
  { name: 'health-timeout', type: 'string', typeName: 'duration', help: 'Maximum time to allow one check to run (ms|s|m|h)' + STORED },
  { name: 'health-retries', type: 'int', help: 'Consecutive failures needed to report unhealthy' + STORED },
  {
    name: 'health-start-period',
    type: 'string',
    typeName: 'duration',
    help: 'Start period for the container to initialize before counting retries towards unstable (ms|s|m|h)' + STORED,
  },
  {
    name: 'health-start-interval',
    type: 'string',
    typeName: 'duration',
    help: 'Time between running the check during the start period (ms|s|m|h)' + STORED,
  },
  { name: 'no-healthcheck', type: 'bool', help: 'Disable any container-specified HEALTHCHECK' + STORED },
  { name: 'cap-add', type: 'list', help: 'Add Linux capabilities' + STORED },
  { name: 'cap-drop', type: 'list', help: 'Drop Linux capabilities' + STORED },
  { name: 'isolation', type: 'string', help: 'Service container isolation mode' + STORED },
  { name: 'oom-score-adj', type: 'int', help: "Tune host's OOM preferences (-1000 to 1000) " + STORED },
];

/** opts.NormalizeCapability: upper case, CAP_ prefixed, ALL and RESET kept. */
function normalizeCapability(c: string): string {
  const up = c.trim().toUpperCase();
  return up === 'ALL' || up === 'RESET' || up.startsWith('CAP_') ? up : `CAP_${up}`;
}
const capSet = (caps: readonly string[]): Set<string> => new Set(caps.map(normalizeCapability));
const capsList = (s: ReadonlySet<string>): string[] => [...s].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** opts.EffectiveCapAddCapDrop: ALL alone wins its side; a capability both added and dropped is added; RESET is dropped. */
function effectiveCaps(add: readonly string[], drop: readonly string[]): { add: string[]; drop: string[] } {
  let a = capSet(add);
  let d = capSet(drop);
  if (a.has('ALL')) a = new Set(['ALL']);
  if (d.has('ALL')) d = new Set(['ALL']);
  return { add: capsList(new Set([...a].filter((c) => c !== 'RESET'))), drop: capsList(new Set([...d].filter((c) => !a.has(c) && c !== 'RESET'))) };
}

/** update.go updateCapabilities: RESET clears its side first; a drop cancels an add and the other way round. */
function updateCaps(o: Opts, c: Fields): void {
  let capAdd = capSet((c.CapabilityAdd as string[] | undefined) ?? []);
  let capDrop = capSet((c.CapabilityDrop as string[] | undefined) ?? []);
  const toAdd = o.changed('cap-add') ? capSet(o.list('cap-add')) : new Set<string>();
  const toDrop = o.changed('cap-drop') ? capSet(o.list('cap-drop')) : new Set<string>();
  if (toAdd.delete('RESET')) capAdd = new Set();
  if (toDrop.delete('RESET')) capDrop = new Set();
  for (const x of toDrop) if (!toAdd.has(x)) (capAdd.has(x) ? capAdd.delete(x) : capDrop.add(x));
  for (const x of toAdd) (capDrop.has(x) ? capDrop.delete(x) : capAdd.add(x));
  setOrDelete(c, 'CapabilityAdd', capAdd.size ? capsList(capAdd) : undefined);
  setOrDelete(c, 'CapabilityDrop', capDrop.size ? capsList(capDrop) : undefined);
}

/** --sysctl (create), --sysctl-add and --sysctl-rm (update): opts.ConvertKVStringsToMap, no validation. */
export const SYSCTL_CREATE_FLAG: HelpFlag = { name: 'sysctl', type: 'list', help: 'Sysctl options' + STORED };
export const SYSCTL_UPDATE_FLAGS: readonly HelpFlag[] = [
  { name: 'sysctl-add', type: 'list', help: 'Add or update a Sysctl option' + STORED },
  { name: 'sysctl-rm', type: 'list', help: 'Remove a Sysctl option' + STORED },
];
const kv = (values: readonly string[]): Record<string, string> =>
  Object.fromEntries(values.map((v) => (v.includes('=') ? [v.slice(0, v.indexOf('=')), v.slice(v.indexOf('=') + 1)] : [v, ''])));

/** The Go JSON names these flags set, in ContainerSpec's field order. */
export { CREATE_LIST_FLAGS, UPDATE_LIST_FLAGS };

type Fields = Record<string, unknown>;

/** Parses every value now: a bad duration is a flag error (exit 125) before anything happens. */
export function checkContainerValues(o: Opts, update: boolean): void {
  checkListValues(o, update);
  if (o.changed('stop-grace-period')) o.duration('stop-grace-period');
  for (const f of ['health-interval', 'health-timeout', 'health-start-period', 'health-start-interval'])
    if (o.changed(f)) o.duration(f, true); // opts.PositiveDurationOpt
}

const nanos = (o: Opts, f: string, nonNegative: boolean): number => Math.round(o.one(f, (v) => durationMs(v, nonNegative)) * NS);

/** Go's `json:",omitempty"`: zero values are left out. */
function setOrDelete(c: Fields, key: string, v: unknown): void {
  if (v === '' || v === false || v === 0 || v === undefined) delete c[key];
  else c[key] = v;
}

/** ToService: the fields as `service create` sets them. */
export function containerFromCreate(o: Opts): Fields {
  const c: Fields = {};
  setOrDelete(c, 'Hostname', o.str('hostname'));
  setOrDelete(c, 'Dir', o.str('workdir'));
  setOrDelete(c, 'User', o.str('user'));
  c.Init = o.bool('init'); // Init: &options.init, always set
  setOrDelete(c, 'StopSignal', o.str('stop-signal'));
  setOrDelete(c, 'TTY', o.bool('tty'));
  setOrDelete(c, 'ReadOnly', o.bool('read-only'));
  if (o.changed('stop-grace-period')) c.StopGracePeriod = nanos(o, 'stop-grace-period', false);
  const health = healthFromCreate(o);
  if (health) c.Healthcheck = health;
  listsFromCreate(o, c);
  const caps = effectiveCaps(o.list('cap-add'), o.list('cap-drop'));
  setOrDelete(c, 'CapabilityAdd', caps.add.length ? caps.add : undefined);
  setOrDelete(c, 'CapabilityDrop', caps.drop.length ? caps.drop : undefined);
  setOrDelete(c, 'Isolation', o.str('isolation')); // "" shows as docker's inserted "default"
  setOrDelete(c, 'OomScoreAdj', o.num('oom-score-adj'));
  const sysctls = kv(o.list('sysctl'));
  if (Object.keys(sysctls).length) c.Sysctls = sysctls;
  return c;
}

/** toHealthConfig. */
function healthFromCreate(o: Opts): Fields | null {
  const durations = ['health-interval', 'health-timeout', 'health-start-period', 'health-start-interval'];
  const have = o.str('health-cmd') !== '' || durations.some((f) => o.changed(f)) || o.num('health-retries') !== 0;
  if (o.bool('no-healthcheck')) {
    if (have) throw cliError('--no-healthcheck conflicts with --health-* options');
    return { Test: ['NONE'] };
  }
  if (!have) return null;
  const h: Fields = {};
  if (o.str('health-cmd') !== '') h.Test = ['CMD-SHELL', o.str('health-cmd')];
  const keys: Record<string, string> = {
    'health-interval': 'Interval',
    'health-timeout': 'Timeout',
    'health-start-period': 'StartPeriod',
    'health-start-interval': 'StartInterval',
  };
  for (const [f, k] of Object.entries(keys)) if (o.changed(f)) setOrDelete(h, k, nanos(o, f, true));
  setOrDelete(h, 'Retries', o.num('health-retries'));
  return h;
}

/** updateService: each changed flag replaces its field; the others are kept. */
export function containerFromUpdate(o: Opts, old: Readonly<Fields> | undefined): Readonly<Fields> | undefined {
  // Untouched, the fields stay the same object: a spec that did not change must not make the tasks dirty.
  if (!o.changed(...[...CONTAINER_FLAGS, ...UPDATE_LIST_FLAGS, ...SYSCTL_UPDATE_FLAGS].map((f) => f.name))) return old;
  const c: Fields = { ...(old ?? {}) };
  if (o.changed('hostname')) setOrDelete(c, 'Hostname', o.str('hostname'));
  if (o.changed('workdir')) setOrDelete(c, 'Dir', o.str('workdir'));
  if (o.changed('user')) setOrDelete(c, 'User', o.str('user'));
  if (o.changed('init')) c.Init = o.bool('init');
  if (o.changed('stop-signal')) setOrDelete(c, 'StopSignal', o.str('stop-signal'));
  if (o.changed('tty')) setOrDelete(c, 'TTY', o.bool('tty'));
  if (o.changed('read-only')) setOrDelete(c, 'ReadOnly', o.bool('read-only'));
  if (o.changed('stop-grace-period')) c.StopGracePeriod = nanos(o, 'stop-grace-period', false);
  updateHealth(o, c);
  listsFromUpdate(o, c);
  if (o.changed('cap-add', 'cap-drop')) updateCaps(o, c);
  if (o.changed('isolation')) setOrDelete(c, 'Isolation', o.str('isolation'));
  if (o.changed('oom-score-adj')) setOrDelete(c, 'OomScoreAdj', o.num('oom-score-adj'));
  if (o.changed('sysctl-add', 'sysctl-rm')) {
    // updateSysCtls: removals by key, then additions.
    const s: Record<string, string> = { ...((c.Sysctls as Record<string, string> | undefined) ?? {}) };
    for (const k of Object.keys(kv(o.list('sysctl-rm')))) delete s[k];
    Object.assign(s, kv(o.list('sysctl-add')));
    if (Object.keys(s).length) c.Sysctls = s;
    else delete c.Sysctls;
  }
  return c;
}

/**
 * updateHealthcheck, quirks included: --health-start-interval alone does
 * not reach it (v28.2.2 leaves it out of the flags it looks at), and an
 * empty --health-cmd clears the test.
 */
function updateHealth(o: Opts, c: Fields): void {
  const fields = ['health-cmd', 'health-interval', 'health-retries', 'health-timeout', 'health-start-period'];
  if (!o.changed('no-healthcheck', ...fields)) return;
  const h: Fields = { ...((c.Healthcheck as Fields | undefined) ?? {}) };
  if (o.bool('no-healthcheck')) {
    if (o.changed(...fields)) throw cliError('--no-healthcheck conflicts with --health-* options');
    c.Healthcheck = { Test: ['NONE'] };
    return;
  }
  if (Array.isArray(h.Test) && h.Test[0] === 'NONE') delete h.Test;
  const keys: Record<string, string> = { 'health-interval': 'Interval', 'health-timeout': 'Timeout', 'health-start-period': 'StartPeriod' };
  for (const [f, k] of Object.entries(keys)) if (o.changed(f)) setOrDelete(h, k, nanos(o, f, true));
  if (o.changed('health-retries')) setOrDelete(h, 'Retries', o.num('health-retries'));
  if (o.changed('health-cmd')) {
    if (o.str('health-cmd') !== '') h.Test = ['CMD-SHELL', o.str('health-cmd')];
    else delete h.Test;
  }
  c.Healthcheck = h;
}
