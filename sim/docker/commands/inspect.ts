/**
 * Top-level `docker inspect`: one command for every object kind, as docker/cli
 * v28.2.2 cli/command/system/inspect.go does it. Without --type each name is
 * tried against the kinds in docker's order (container, image, network,
 * volume, service, task, node, plugin, secret, config), a not-found answer
 * moving on to the next kind and swarm kinds skipped off a manager; the first
 * hit is printed by the kind's own inspect writer. With --type only that kind
 * is asked and its error is printed as the daemon gave it.
 *
 * Modelled kinds: network, volume, service, node, plugin, secret, config.
 * The simulator has no container, image or task objects to inspect: those
 * kinds always answer "not found" (the texts dockerd 20.10 gives).
 */
import { daemonError, DockerError, cliError } from '../../errors.js';
import { findPlugin } from '../../engine/engine.js';
import type { Simulation } from '../../simulation.js';
import type { Command } from '../command.js';
import { goQuote } from '../format/text.js';
import { flagBool, flagStr } from '../flags.js';
import { inspectFormatHelp } from '../help.js';
import { writeInspect } from '../output.js';
import { inspectNetwork } from './network.js';
import { nodeObject } from './node.js';
import { pluginObject } from './plugin.js';
import { serviceJSON } from './service/inspect.js';
import { inspectVolume } from './volume.js';
import { inspectObject } from './swarmObjects.js';

/** system/inspect.go allTypes: the order of the error texts. */
const ALL_TYPES = ['config', 'container', 'image', 'network', 'node', 'plugin', 'secret', 'service', 'task', 'volume'] as const;
type ObjectType = (typeof ALL_TYPES)[number];

interface Kind {
  readonly type: ObjectType;
  readonly swarm: boolean;
  readonly sizeSupported: boolean;
  get(sim: Simulation, host: string, ref: string): object;
}

/** A swarm kind asks the manager: off one the daemon refuses (only reached with --type). */
function onManager<T>(sim: Simulation, host: string, f: () => T): T {
  sim.requireManager(host);
  return f();
}

/** inspectAll's inspectAutodetect, in its order. */
const KINDS: readonly Kind[] = [
  // moby daemon/container.go, daemon/images/image.go: the engine's not-found texts.
  { type: 'container', swarm: false, sizeSupported: true, get: (_s, _h, ref) => { throw daemonError(`No such container: ${ref}`); } },
  { type: 'image', swarm: false, sizeSupported: false, get: (_s, _h, ref) => { throw daemonError(`No such image: ${ref}`); } },
  { type: 'network', swarm: false, sizeSupported: false, get: inspectNetwork },
  { type: 'volume', swarm: false, sizeSupported: false, get: inspectVolume },
  {
    type: 'service',
    swarm: true,
    sizeSupported: false,
    // moby daemon/cluster/helpers.go getService.
    get: (sim, host, ref) =>
      onManager(sim, host, () => {
        const s = sim.resolveService(ref);
        if (!s) throw daemonError(`service ${ref} not found`);
        return serviceJSON(s);
      }),
  },
  { type: 'task', swarm: true, sizeSupported: false, get: (sim, host, ref) => onManager(sim, host, () => { throw daemonError(`task ${ref} not found`); }) },
  { type: 'node', swarm: true, sizeSupported: false, get: (sim, host, ref) => onManager(sim, host, () => nodeObject(sim, sim.resolveNode(ref))) },
  { type: 'plugin', swarm: false, sizeSupported: false, get: (sim, host, ref) => pluginObject(findPlugin(sim.ensureMachine(host), ref)) },
  { type: 'secret', swarm: true, sizeSupported: false, get: (sim, host, ref) => onManager(sim, host, () => inspectObject(sim, 'secret', ref)) },
  { type: 'config', swarm: true, sizeSupported: false, get: (sim, host, ref) => onManager(sim, host, () => inspectObject(sim, 'config', ref)) },
];

/**
 * isErrSkippable: errdefs.IsNotFound, or a text saying "not supported" or
 * "invalid reference format". The simulator's not-found errors carry no
 * class, so their texts stand for it.
 */
function isSkippable(e: DockerError): boolean {
  return /not found|no such/i.test(e.message) || e.message.includes('not supported') || e.message.includes('invalid reference format');
}

function isSwarmManager(sim: Simulation, host: string): boolean {
  try {
    sim.requireManager(host);
    return true;
  } catch (e) {
    if (e instanceof DockerError) return false;
    throw e;
  }
}

const quotedTypes = `"${ALL_TYPES.join('", "')}"`;

const inspect: Command = {
  path: ['inspect'],
  usage: 'docker inspect [OPTIONS] NAME|ID [NAME|ID...]',
  summary: 'Return low-level information on Docker objects',
  flags: [
    { name: 'format', short: 'f', type: 'string', help: inspectFormatHelp() },
    { name: 'size', short: 's', type: 'bool', help: 'Display total file sizes if the type is container' },
    { name: 'type', type: 'string', help: 'Only inspect objects of the given type' },
  ],
  args: { min: 1 },
  run(ctx, a) {
    const type = flagStr(a, 'type');
    if (a.changed.has('type') && type === '') throw cliError(`type is empty: must be one of ${quotedTypes}`);
    if (type !== '' && !(ALL_TYPES as readonly string[]).includes(type))
      throw cliError(`unknown type: ${goQuote(type)}: must be one of ${quotedTypes}`);
    const size = flagBool(a, 'size');
    let swarm: boolean | null = null; // asked once per name, as inspectAll does
    writeInspect(ctx, a.args, flagStr(a, 'format'), (ref) => {
      swarm = null;
      for (const kind of KINDS) {
        if (type !== '' && kind.type !== type) continue;
        if (type === '' && kind.swarm && !(swarm ??= isSwarmManager(ctx.sim, ctx.host))) continue;
        let obj: object;
        try {
          obj = kind.get(ctx.sim, ctx.host, ref);
        } catch (e) {
          if (type === '' && e instanceof DockerError && isSkippable(e)) continue;
          throw e;
        }
        if (size && !kind.sizeSupported) ctx.err(`WARNING: --size ignored for ${kind.type}`);
        return obj;
      }
      throw cliError(`Error: No such object: ${ref}`);
    }, { raw: true }); // inspectAll's kinds are all ...InspectWithRaw (system/inspect.go)
  },
};

export const inspectCommands: Command[] = [inspect];
