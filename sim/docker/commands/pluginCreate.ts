/**
 * `docker plugin create PLUGIN DIR` and `docker plugin push PLUGIN`
 * (docker/cli v28.2.2 cli/command/plugin/{create,push}.go; moby v28.2.2
 * plugin/backend_linux.go CreateFromContext and Push). DIR is a directory of
 * the machine's files (`sim$ file`) holding config.json and a rootfs/; the
 * made plugin is installed disabled, and a push puts it in the registry that
 * every engine installs from.
 */
import { cliError, daemonError } from '../../errors.js';
import { PluginConfigError, parsePluginConfig } from '../../engine/pluginConfig.js';
import { splitTag } from '../../engine/registry.js';
import type { Command } from '../command.js';
import { absolutePath, readMachineFile } from '../files.js';
import { flagBool } from '../flags.js';
import { parseNormalizedNamed, type Reference } from '../reference.js';
import { cliReference, familiarRef, imageOf } from './plugin.js';

/** reference.FamiliarString(reference.TagNameOnly(ref)): `user/plugin:latest`. */
function familiarTagged(ref: Reference): string {
  return `${familiarRef(ref.name)}:${ref.tag ?? 'latest'}`;
}

const create: Command = {
  path: ['plugin', 'create'],
  usage: 'docker plugin create [OPTIONS] PLUGIN PLUGIN-DATA-DIR',
  summary: 'Create a plugin from a rootfs and configuration. Plugin data directory must contain config.json and rootfs directory.',
  flags: [{ name: 'compress', type: 'bool', help: 'Compress the context using gzip' }],
  args: { min: 2 },
  run(ctx, a) {
    const [name, dir] = a.args;
    cliReference(name); // validateTag
    const m = ctx.sim.ensureMachine(ctx.host);
    const files = m.files ?? new Map<string, string>();
    const abs = absolutePath(dir);
    // validateContextDir: os.Lstat of the absolute path; directories exist as the parents of files.
    if (files.has(abs)) throw cliError('context must be a directory');
    const inside = [...files.keys()].filter((p) => abs === '/' || p.startsWith(abs + '/'));
    if (inside.length === 0) throw cliError(`lstat ${abs}: no such file or directory`);
    // validateConfig: filepath.Join(path, "config.json"), decoded into types.PluginConfig.
    const configPath = `${dir.replace(/\/+$/, '')}/config.json`.replace(/^\.\//, '');
    let image;
    try {
      image = parsePluginConfig(readMachineFile(m, configPath));
    } catch (e) {
      if (e instanceof PluginConfigError) throw cliError(e.message);
      throw e;
    }
    void flagBool(a, 'compress'); // only the transfer is compressed
    // CreateFromContext: the name, then the tar's rootfs/ (the stream ends with no rootfs entry).
    const ref = parseNormalizedNamed(name);
    if (ref.digest) throw daemonError('canonical references are not permitted');
    const local = familiarTagged(ref);
    if (m.plugins.some((p) => p.name === local)) throw daemonError(`plugin ${local} already exists`);
    if (!inside.some((p) => p.startsWith(`${abs === '/' ? '' : abs}/rootfs/`))) throw daemonError('no rootfs found: EOF');
    ctx.sim.pluginCreate(ctx.host, local, image);
    imageOf(ctx.sim, local);
    ctx.out(name);
  },
};

const push: Command = {
  path: ['plugin', 'push'],
  usage: 'docker plugin push [OPTIONS] PLUGIN[:TAG]',
  summary: 'Push a plugin to a registry',
  flags: [{ name: 'disable-content-trust', type: 'bool', default: true, help: 'Skip image signing' }],
  args: { min: 1, max: 1 },
  run(ctx, a) {
    const ref = cliReference(a.args[0]);
    if (ref.digest) throw cliError(`invalid name: ${a.args[0]}`);
    const local = familiarTagged(ref);
    ctx.sim.pluginPush(ctx.host, local);
    const image = imageOf(ctx.sim, local);
    const { tag } = splitTag(local);
    // distribution's push progress, the last frame at a terminal: the repository, each layer, the manifest.
    ctx.out(`The push refers to repository [${ref.name}]`);
    ctx.out(`${image.layer}: Pushed`);
    // The size is nominal: a one-layer plugin manifest's, whatever the files hold.
    ctx.out(`${tag}: digest: sha256:${image.digest} size: 525`);
  },
};

export const pluginBuildCommands: Command[] = [create, push];
