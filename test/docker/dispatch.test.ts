import { describe, expect, it } from 'vitest';
import type { Command } from '../../sim/docker/command.js';
import { registerCommands, runDocker } from '../../sim/docker/run.js';
import { flagUsages } from '../../sim/docker/help.js';
import { streams } from './streams.js';
import { DockerError } from '../../sim/errors.js';
import { Simulation } from '../../sim/simulation.js';
import { state, swarm } from '../core/world.js';

// The dispatcher: command lookup, cobra/pflag errors, help, daemon and manager checks.
// Texts: docker/cli cmd/docker/docker.go, cli/cobra.go FlagErrorFunc, cli/required.go.

const docker = (sim: Simulation, host: string, line: string, stdin: string | null = null) => streams(runDocker(sim, host, line.split(' ').filter(Boolean), stdin));

describe('unknown commands', () => {
  it('an unknown top-level command', () => {
    const sim = new Simulation();
    expect(docker(sim, 'node1', 'foo')).toEqual({
      stdout: '',
      stderr: "docker: unknown command: docker foo\n\nRun 'docker --help' for more information\n",
      exitCode: 1,
    });
  });

  it('an unknown subcommand of a management command shows the group usage line', () => {
    const sim = swarm(1);
    const before = state(sim);
    expect(docker(sim, 'node1', 'node nope')).toEqual({
      stdout: '',
      stderr: "docker: unknown command: docker node nope\n\nUsage:  docker node\n\nRun 'docker node --help' for more information\n",
      exitCode: 1,
    });
    // volume/cmd.go declares Use "volume COMMAND"
    expect(docker(sim, 'node1', 'volume nope').stderr).toBe(
      "docker: unknown command: docker volume nope\n\nUsage:  docker volume COMMAND\n\nRun 'docker volume --help' for more information\n",
    );
    expect(state(sim)).toBe(before);
  });

  it('a management command alone prints its help on stderr and succeeds', () => {
    const r = docker(new Simulation(), 'node1', 'swarm');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'Usage:  docker swarm COMMAND\n\nManage Swarm\n\nCommands:\n' +
        '  init        Initialize a swarm\n' +
        '  join        Join a swarm as a node and/or manager\n' +
        '  join-token  Manage join tokens\n' +
        '  leave       Leave the swarm\n' +
        '  update      Update the swarm\n' +
        "\nRun 'docker swarm COMMAND --help' for more information on a command.\n",
    );
  });

  it('--help on a management command goes to stdout', () => {
    const r = docker(new Simulation(), 'node1', 'plugin --help');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^Usage:  docker plugin COMMAND\n\nManage plugins\n\nCommands:\n  create      Create a plugin from a rootfs and configuration. Plugin data directory must contain config.json and rootfs directory.\n  disable     Disable a plugin\n/);
  });
});

describe('flag errors (exit 125)', () => {
  it('an unknown flag', () => {
    const sim = swarm(1);
    const before = state(sim);
    expect(docker(sim, 'node1', 'node ls --nope')).toEqual({
      stdout: '',
      stderr: "unknown flag: --nope\n\nUsage:  docker node ls [OPTIONS]\n\nRun 'docker node ls --help' for more information\n",
      exitCode: 125,
    });
    expect(state(sim)).toBe(before);
  });

  it('an unknown shorthand and a bad value', () => {
    const sim = new Simulation();
    expect(docker(sim, 'node1', 'swarm init -z').stderr).toBe(
      "unknown shorthand flag: 'z' in -z\n\nUsage:  docker swarm init [OPTIONS]\n\nRun 'docker swarm init --help' for more information\n",
    );
    const r = docker(sim, 'node1', 'swarm init --task-history-limit many');
    expect(r.exitCode).toBe(125);
    expect(r.stderr).toBe(
      'invalid argument "many" for "--task-history-limit" flag: strconv.ParseInt: parsing "many": invalid syntax\n\n' +
        "Usage:  docker swarm init [OPTIONS]\n\nRun 'docker swarm init --help' for more information\n",
    );
    expect(sim.world.swarm).toBeNull();
  });

  it('a value a command validates itself: --filter without =', () => {
    const sim = swarm(1);
    expect(docker(sim, 'node1', 'node ls -f role')).toEqual({
      stdout: '',
      stderr:
        'invalid argument "role" for "-f, --filter" flag: bad format of filter (expected name=value)\n\n' +
        "Usage:  docker node ls [OPTIONS]\n\nRun 'docker node ls --help' for more information\n",
      exitCode: 125,
    });
  });

  it('a flag needing a value at the end', () => {
    const r = docker(new Simulation(), 'node1', 'volume create --driver');
    expect(r.exitCode).toBe(125);
    expect(r.stderr).toBe(
      "flag needs an argument: --driver\n\nUsage:  docker volume create [OPTIONS] [VOLUME]\n\nRun 'docker volume create --help' for more information\n",
    );
  });
});

describe('argument counts (cli/required.go, exit 1)', () => {
  const sim = swarm(1);
  it('ExactArgs (and nothing changes)', () => {
    const before = state(sim);
    expect(docker(sim, 'node1', 'node update')).toEqual({
      stdout: '',
      stderr:
        "docker: 'docker node update' requires 1 argument\n\nUsage:  docker node update [OPTIONS] NODE\n\nRun 'docker node update --help' for more information\n",
      exitCode: 1,
    });
    expect(state(sim)).toBe(before);
  });
  it('RequiresMinArgs (note: "See", not "Run")', () => {
    expect(docker(sim, 'node1', 'plugin set foo').stderr).toBe(
      "docker: 'docker plugin set' requires at least 2 arguments\n\nUsage:  docker plugin set PLUGIN KEY=VALUE [KEY=VALUE...]\n\nSee 'docker plugin set --help' for more information\n",
    );
    expect(docker(sim, 'node1', 'node promote').stderr).toBe(
      "docker: 'docker node promote' requires at least 1 argument\n\nUsage:  docker node promote NODE [NODE...]\n\nSee 'docker node promote --help' for more information\n",
    );
  });
  it('NoArgs', () => {
    expect(docker(sim, 'node1', 'node ls extra')).toEqual({
      stdout: '',
      stderr: "docker: 'docker node ls' accepts no arguments\n\nUsage:  docker node ls [OPTIONS]\n\nRun 'docker node ls --help' for more information\n",
      exitCode: 1,
    });
  });
  it('RequiresRangeArgs and RequiresMaxArgs', () => {
    expect(docker(sim, 'node1', 'plugin upgrade a b c').stderr).toBe(
      "docker: 'docker plugin upgrade' requires at least 1 and at most 2 arguments\n\nUsage:  docker plugin upgrade [OPTIONS] PLUGIN [REMOTE]\n\nRun 'docker plugin upgrade --help' for more information\n",
    );
    expect(docker(sim, 'node1', 'volume create a b').stderr).toBe(
      "docker: 'docker volume create' requires at most 1 argument\n\nUsage:  docker volume create [OPTIONS] [VOLUME]\n\nSRun 'docker volume create --help' for more information\n", // sic: cli/required.go v28.2.2
    );
  });
});

describe('help', () => {
  it('--help prints Usage, summary, aliases and options (pflag layout, 80 columns)', () => {
    const r = docker(new Simulation(), 'node1', 'plugin install --help');
    expect(r).toEqual({
      stdout:
        'Usage:  docker plugin install [OPTIONS] PLUGIN [KEY=VALUE...]\n\nInstall a plugin\n\nOptions:\n' +
        '      --alias string            Local name for plugin\n' +
        '      --disable                 Do not enable the plugin on install\n' +
        '      --disable-content-trust   Skip image verification (default true)\n' +
        // pflag wraps at 79 columns when the terminal size is unknown
        '      --grant-all-permissions   Grant all permissions necessary to run\n' +
        '                                the plugin\n',
      stderr: '',
      exitCode: 0,
    });
  });

  it('aliases and defaults', () => {
    const r = docker(new Simulation(), 'node1', 'volume rm --help');
    expect(r.stdout).toBe(
      'Usage:  docker volume rm [OPTIONS] VOLUME [VOLUME...]\n\n' +
        'Remove one or more volumes. You cannot remove a volume that is in use by a container.\n\n' +
        'Aliases:\n  docker volume rm, docker volume remove\n\n' +
        'Options:\n  -f, --force   Force the removal of one or more volumes\n',
    );
    expect(docker(new Simulation(), 'node1', 'volume create --help').stdout).toBe(
      'Usage:  docker volume create [OPTIONS] [VOLUME]\n\nCreate a volume\n\nOptions:\n' +
        '  -d, --driver string   Specify volume driver name (default "local")\n' +
        '      --label list      Set metadata for a volume\n' +
        '  -o, --opt map         Set driver specific options (default map[])\n',
    );
  });

  it('a command without flags has no Options section; -h works but is deprecated', () => {
    const r = docker(new Simulation(), 'node1', 'node promote -h');
    expect(r.stdout).toBe('Usage:  docker node promote NODE [NODE...]\n\nPromote one or more nodes to manager in the swarm\n');
    expect(r.stderr).toBe('Flag shorthand -h has been deprecated, use --help\n');
    expect(r.exitCode).toBe(0);
  });

  it('help needs no daemon and changes nothing', () => {
    const sim = new Simulation();
    sim.machine('node1');
    sim.stopMachine('node1');
    const before = state(sim);
    expect(docker(sim, 'node1', 'swarm init --help').exitCode).toBe(0);
    expect(state(sim)).toBe(before);
  });

  it('pflag wraps long usages under the usage column', () => {
    const text = flagUsages([
      { name: 'x', type: 'string', help: 'a b c d e f g h i j k l m n o p q r s t u v w x y z aa bb cc dd ee ff gg hh ii jj kk' },
    ]);
    expect(text).toBe(
      // indent 19, width 79 - 19 - 5 (slop) = 55: the break is the last space before column 55
      '      --x string   a b c d e f g h i j k l m n o p q r s t u v w x y z aa\n' +
        '                   bb cc dd ee ff gg hh ii jj kk\n',
    );
  });

  it('docker help COMMAND prints that help on stdout', () => {
    const sim = new Simulation();
    expect(docker(sim, 'node1', 'help node ls')).toEqual(docker(sim, 'node1', 'node ls --help'));
    expect(docker(sim, 'node1', 'help volume').stdout).toMatch(/^Usage:  docker volume COMMAND\n/);
    expect(docker(sim, 'node1', 'help nope').stderr).toMatch(/^Unknown help topic \[`nope`\]\nUsage:  docker \[OPTIONS\] COMMAND\n/);
  });

  it('docker --version and the root usage', () => {
    const sim = new Simulation();
    expect(docker(sim, 'node1', '--version').stdout).toBe('Docker version 28.2.2, build e6534b4\n');
    const root = docker(sim, 'node1', '');
    expect(root.exitCode).toBe(0);
    expect(root.stderr).toMatch(/^Usage:  docker \[OPTIONS\] COMMAND\n\nA self-sufficient runtime for containers\n/);
    expect(root.stderr).toContain('\nSwarm Commands:\n  config      Manage Swarm configs\n  node        Manage Swarm nodes\n  secret      Manage Swarm secrets\n  service     Manage Swarm services\n');
  });
});

describe('aliases', () => {
  it('ls/list, rm/remove and docker system info', () => {
    const sim = swarm(2);
    expect(docker(sim, 'node1', 'node list').stdout).toBe(docker(sim, 'node1', 'node ls').stdout);
    expect(docker(sim, 'node1', 'system info').stdout).toBe(docker(sim, 'node1', 'info').stdout);
    docker(sim, 'node1', 'volume create v1');
    expect(docker(sim, 'node1', 'volume remove v1')).toEqual({ stdout: 'v1\n', stderr: '', exitCode: 0 });
  });
});

describe('daemon and manager checks', () => {
  it('a stopped engine: Cannot connect to the Docker daemon', () => {
    const sim = swarm(2);
    sim.stopMachine('node2');
    const before = state(sim);
    expect(docker(sim, 'node2', 'plugin install vieux/sshfs')).toEqual({
      stdout: '',
      stderr: 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n',
      exitCode: 1,
    });
    expect(state(sim)).toBe(before);
  });

  it('docker system info prints its client part first, like docker info', () => {
    const sim = swarm(1);
    sim.stopMachine('node1');
    const r = docker(sim, 'node1', 'system info');
    expect(r.stdout).toMatch(/^Client: Docker Engine - Community\n/);
    expect(r.exitCode).toBe(1);
  });

  it('cluster state on a worker, and outside a swarm', () => {
    const sim = swarm(2);
    const before = state(sim);
    expect(docker(sim, 'node2', 'node ls')).toEqual({
      stdout: '',
      stderr:
        "Error response from daemon: This node is not a swarm manager. Worker nodes can't be used to view or modify cluster state. Please run this command on a manager node or promote the current node to a manager.\n",
      exitCode: 1,
    });
    expect(state(sim)).toBe(before);
    // moby daemon/cluster/cluster.go (v20.10.24) errNoManager: no swarm node at all.
    expect(docker(new Simulation(), 'solo', 'node ls').stderr).toBe(
      'Error response from daemon: This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.\n',
    );
  });

  it('the machine is created on first mention', () => {
    const sim = new Simulation();
    expect(sim.world.machines.has('fresh')).toBe(false);
    expect(docker(sim, 'fresh', 'volume ls')).toEqual({ stdout: 'DRIVER    VOLUME NAME\n', stderr: '', exitCode: 0 });
    expect(sim.world.machines.has('fresh')).toBe(true);
  });
});

describe('registered commands', () => {
  let ran = 0;
  const probe: Command = {
    path: ['zz-probe', 'go'],
    usage: 'zz-probe go [OPTIONS] X',
    summary: 'A test command',
    flags: [{ name: 'detach', short: 'd', type: 'bool', help: 'Exit immediately' }],
    args: { min: 1, max: 1 },
    needsManager: true,
    settles: true,
    run(ctx, a) {
      ran++;
      if (a.args[0] === 'fail') throw new DockerError('refused', false, 3);
      if (a.args[0] === 'bug') throw new Error('a bug');
      ctx.out('ok ' + a.args[0]);
      ctx.err('warning');
    },
  };
  registerCommands([probe]);

  it('runs with ctx.out/ctx.err, exits with the DockerError status, rethrows bugs', () => {
    const sim = swarm(1);
    expect(docker(sim, 'node1', 'zz-probe go x')).toEqual({ stdout: 'ok x\n', stderr: 'warning\n', exitCode: 0 });
    expect(docker(sim, 'node1', 'zz-probe go fail')).toEqual({ stdout: '', stderr: 'refused\n', exitCode: 3 });
    expect(() => docker(sim, 'node1', 'zz-probe go bug')).toThrow('a bug');
    // usage written without "docker " still reads as a docker usage line
    expect(docker(sim, 'node1', 'zz-probe go --help').stdout).toMatch(/^Usage:  docker zz-probe go \[OPTIONS\] X\n/);
  });

  it('needsManager is checked before run', () => {
    const sim = swarm(2);
    const n = ran;
    expect(docker(sim, 'node2', 'zz-probe go x').exitCode).toBe(1);
    expect(ran).toBe(n);
  });

  it('settles unless --detach', () => {
    const sim = swarm(1);
    sim.pluginInstall('node1', 'vieux/sshfs', {});
    // the node description refresh is pending until settled
    expect(sim.descriptionsFresh).toBe(false);
    docker(sim, 'node1', 'zz-probe go -d x');
    expect(sim.descriptionsFresh).toBe(false);
    docker(sim, 'node1', 'zz-probe go x');
    expect(sim.descriptionsFresh).toBe(true);
  });
});

describe('what a terminal shows', () => {
  it('interleaves stdout and stderr in the order they were written', () => {
    const sim = new Simulation();
    sim.machine('node1');
    sim.swarmInit('node1');
    const compose = 'version: "3.8"\nservices:\n  web:\n    image: nginx\n';
    const r = runDocker(sim, 'node1', ['stack', 'deploy', '-c', '-', 'shop'], compose);
    // docker/cli stack deploy warns (stderr) before it creates anything (stdout)
    expect(r.output!.indexOf('Since --detach=false')).toBe(0);
    expect(r.output!.indexOf('Creating network shop_default')).toBeGreaterThan(0);
    expect(r.stdout.startsWith('Creating network shop_default')).toBe(true);
  });
});
