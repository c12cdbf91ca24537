import { describe, expect, it } from 'vitest';
import { runDocker } from '../../sim/docker/run.js';
import { streams } from './streams.js';
import { state, swarm } from '../core/world.js';
import type { Simulation } from '../../sim/simulation.js';

// ContainerSpec flags of service create/update that swarmsim stores and shows
// but does not act on (docker/cli v28.2.2 cli/command/service/opts.go,
// update.go updateHealthcheck).

const run = (sim: Simulation, args: string[]) => streams(runDocker(sim, 'node1', args));
const cspec = (sim: Simulation, name: string) =>
  JSON.parse(run(sim, ['service', 'inspect', '-f', '{{json .Spec.TaskTemplate.ContainerSpec}}', name]).stdout) as Record<string, unknown>;
const usage = (msg: string) =>
  `${msg}\n\nUsage:  docker service create [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nRun 'docker service create --help' for more information\n`;

describe('service create', () => {
  it('stores each field under its Go name, in ContainerSpec order, zero values omitted', () => {
    const sim = swarm(1);
    expect(
      run(sim, ['service', 'create', '-d', '--name', 'a', '-w', '/app', '-u', '1000:1000', '--hostname', 'h', '-t', '--read-only', '--stop-signal', 'SIGINT',
        '--stop-grace-period', '1m30s', '--init', '--health-cmd', 'curl -f localhost', '--health-interval', '5s', '--health-start-period', '1.5s', '--health-retries', '3', 'nginx']).exitCode,
    ).toBe(0);
    const c = cspec(sim, 'a');
    expect(Object.keys(c)).toEqual(['Image', 'Hostname', 'Dir', 'User', 'Init', 'StopSignal', 'TTY', 'ReadOnly', 'StopGracePeriod', 'Healthcheck', 'DNSConfig', 'Isolation']);
    expect(c).toMatchObject({ Hostname: 'h', Dir: '/app', User: '1000:1000', Init: true, StopSignal: 'SIGINT', TTY: true, ReadOnly: true, StopGracePeriod: 90e9 });
    expect(c.Healthcheck).toEqual({ Test: ['CMD-SHELL', 'curl -f localhost'], Interval: 5e9, StartPeriod: 1.5e9, Retries: 3 });
    expect(run(sim, ['service', 'inspect', '-f', '{{.Spec.TaskTemplate.ContainerSpec.Dir}}', 'a']).stdout).toBe('/app\n');
  });

  it('without them the spec is what it was: Init false, the 10s grace period docker inserts', () => {
    const sim = swarm(1);
    run(sim, ['service', 'create', '-d', '--name', 'b', 'nginx']);
    const c = cspec(sim, 'b');
    expect([c.Init, c.StopGracePeriod, 'Healthcheck' in c, 'Dir' in c]).toEqual([false, 10e9, false, false]);
    run(sim, ['service', 'create', '-d', '--name', 'n', '--no-healthcheck', 'nginx']);
    expect(cspec(sim, 'n').Healthcheck).toEqual({ Test: ['NONE'] });
  });

  it.each([
    [['--health-interval', '-1s'], usage('invalid argument "-1s" for "--health-interval" flag: duration cannot be negative'), 125],
    [['--health-timeout', '5'], usage('invalid argument "5" for "--health-timeout" flag: time: missing unit in duration "5"'), 125],
    [['--stop-grace-period', 'soon'], usage('invalid argument "soon" for "--stop-grace-period" flag: time: invalid duration "soon"'), 125],
    [['--health-retries', 'x'], usage('invalid argument "x" for "--health-retries" flag: strconv.ParseInt: parsing "x": invalid syntax'), 125],
    [['--no-healthcheck', '--health-cmd', 'true'], '--no-healthcheck conflicts with --health-* options\n', 1],
    [['--no-healthcheck', '--health-retries', '2'], '--no-healthcheck conflicts with --health-* options\n', 1],
  ])('%j is refused and changes nothing', (flags, stderr, exitCode) => {
    const sim = swarm(1);
    const before = state(sim);
    expect(run(sim, ['service', 'create', '-d', ...flags, 'nginx'])).toEqual({ stdout: '', stderr, exitCode });
    expect(state(sim)).toBe(before);
  });

  it('--help marks them as stored, not simulated', () => {
    // pflag wraps the usage at 80 columns: compare with the wrapping undone.
    const help = run(swarm(1), ['service', 'create', '--help']).stdout.replace(/\n +/g, ' ');
    expect(help).toMatch(/-w, --workdir string +Working directory inside the container \(swarmsim: stored, not simulated\)/);
    expect(help).toMatch(/--stop-grace-period duration +Time to wait before force killing a container \(ns\|us\|ms\|s\|m\|h\) \(default 10s\) \(swarmsim: stored, not simulated\)/);
    expect(run(swarm(1), ['service', 'update', '--help']).stdout.replace(/\n +/g, ' ')).toMatch(/--health-cmd string +Command to run to check health \(swarmsim: stored, not simulated\)/);
  });
});

describe('service update', () => {
  function world(): Simulation {
    const sim = swarm(1);
    run(sim, ['service', 'create', '-d', '--name', 'a', '-u', 'app', '--health-cmd', 'check', '--health-interval', '5s', 'nginx']);
    sim.settle();
    return sim;
  }

  it('replaces what it names, keeps the rest; an empty string clears a field', () => {
    const sim = world();
    expect(run(sim, ['service', 'update', '-d', '-u', '', '-w', '/w', '--health-retries', '4', 'a']).exitCode).toBe(0);
    const c = cspec(sim, 'a');
    expect(['User' in c, c.Dir, c.Healthcheck]).toEqual([false, '/w', { Test: ['CMD-SHELL', 'check'], Interval: 5e9, Retries: 4 }]);
    run(sim, ['service', 'update', '-d', '--health-cmd', '', 'a']);
    expect(cspec(sim, 'a').Healthcheck).toEqual({ Interval: 5e9, Retries: 4 });
  });

  it('--no-healthcheck replaces the check; a health flag after it drops NONE', () => {
    const sim = world();
    run(sim, ['service', 'update', '-d', '--no-healthcheck', 'a']);
    expect(cspec(sim, 'a').Healthcheck).toEqual({ Test: ['NONE'] });
    run(sim, ['service', 'update', '-d', '--health-timeout', '2s', 'a']);
    expect(cspec(sim, 'a').Healthcheck).toEqual({ Timeout: 2e9 });
    expect(run(sim, ['service', 'update', '-d', '--no-healthcheck', '--health-timeout', '1s', 'a']).stderr).toBe('--no-healthcheck conflicts with --health-* options\n');
  });

  it('--health-start-interval alone does not reach the health check (as in v28.2.2)', () => {
    const sim = world();
    run(sim, ['service', 'update', '-d', '--health-start-interval', '1s', 'a']);
    expect(cspec(sim, 'a').Healthcheck).toEqual({ Test: ['CMD-SHELL', 'check'], Interval: 5e9 });
  });

  it('a change makes the tasks dirty (a rolling update); an update without one does not', () => {
    const sim = world();
    const tasks = () => sim.world.tasksOfService(sim.resolveService('a')!.id).length;
    const n = tasks();
    run(sim, ['service', 'update', '-d', '--replicas', '1', 'a']);
    sim.settle();
    expect(tasks()).toBe(n);
    run(sim, ['service', 'update', '-d', '--stop-signal', 'SIGTERM', 'a']);
    sim.settle();
    expect(tasks()).toBe(n + 1);
  });
});

describe('list flags: container labels, groups, DNS, extra hosts, entrypoint', () => {
  function world(): Simulation {
    const sim = swarm(1);
    const r = run(sim, ['service', 'create', '-d', '--name', 'a', '--entrypoint', 'sh -c', '--container-label', 'a=1', '--group', 'wheel', '--group', 'adm',
      '--dns', '8.8.8.8', '--dns', '2001:DB8::0:1', '--dns', '::ffff:10.1.2.3', '--dns-search', 'example.com', '--dns-option', 'ndots:2',
      '--host', 'db:10.0.0.2', '--host', 'v6=[::1]', 'nginx', 'echo', 'hi']);
    expect(r.exitCode).toBe(0);
    return sim;
  }

  it('create: validated and converted as docker does (canonical IPs, hosts-file lines), in the ContainerSpec', () => {
    const c = cspec(world(), 'a');
    expect(c).toMatchObject({
      Labels: { a: '1' },
      Command: ['sh', '-c'],
      Args: ['echo', 'hi'],
      Groups: ['wheel', 'adm'],
      Hosts: ['10.0.0.2 db', '::1 v6'],
      DNSConfig: { Nameservers: ['8.8.8.8', '2001:db8::1', '10.1.2.3'], Search: ['example.com'], Options: ['ndots:2'] },
    });
    expect(Object.keys(c)).toEqual(['Image', 'Labels', 'Command', 'Args', 'Groups', 'Init', 'StopGracePeriod', 'Hosts', 'DNSConfig', 'Isolation']);
  });

  it('update: removals and additions, sorted and deduplicated where docker sorts them', () => {
    const sim = world();
    expect(run(sim, ['service', 'update', '-d', '--group-add', 'b', '--group-rm', 'wheel', '--dns-rm', '8.8.8.8', '--dns-add', '1.1.1.1', '--dns-add', '1.1.1.1',
      '--host-rm', 'db', '--host-add', 'x:1.2.3.4', '--container-label-rm', 'a', '--container-label-add', 'b=2', '--entrypoint', 'bash', 'a']).exitCode).toBe(0);
    expect(cspec(sim, 'a')).toMatchObject({
      Labels: { b: '2' },
      Command: ['bash'],
      Groups: ['adm', 'b'],
      Hosts: ['::1 v6', '1.2.3.4 x'],
      DNSConfig: { Nameservers: ['1.1.1.1', '10.1.2.3', '2001:db8::1'], Search: ['example.com'], Options: ['ndots:2'] },
    });
    run(sim, ['service', 'update', '-d', '--host-rm', 'v6:::1', '--host-rm', 'x:9.9.9.9', '--group-rm', 'adm', '--group-rm', 'b', 'a']);
    const c = cspec(sim, 'a');
    expect([c.Hosts, 'Groups' in c]).toEqual([['1.2.3.4 x'], false]);
  });

  it('a stack service keeps its namespace label beside the container labels', () => {
    const sim = swarm(1);
    expect(runDocker(sim, 'node1', ['stack', 'deploy', '-d', '-c', '-', 's'], 'services:\n  web:\n    image: nginx\n').exitCode).toBe(0);
    run(sim, ['service', 'update', '-d', '--container-label-add', 'x=y', 's_web']);
    expect(cspec(sim, 's_web').Labels).toEqual({ x: 'y', 'com.docker.stack.namespace': 's' });
  });

  it.each([
    [['--dns', '1.2.3'], 'invalid argument "1.2.3" for "--dns" flag: IP address is not correctly formatted: 1.2.3'],
    [['--dns', '010.0.0.1'], 'invalid argument "010.0.0.1" for "--dns" flag: IP address is not correctly formatted: 010.0.0.1'],
    [['--dns-search', '-x'], 'invalid argument "-x" for "--dns-search" flag: -x is not a valid domain'],
    [['--dns-search', '123'], 'invalid argument "123" for "--dns-search" flag: 123 is not a valid domain'],
    [['--host', 'nohost'], 'invalid argument "nohost" for "--host" flag: bad format for add-host: "nohost"'],
    [['--host', 'h:999.1.1.1'], 'invalid argument "h:999.1.1.1" for "--host" flag: invalid IP address in add-host: "999.1.1.1"'],
    [['--container-label', '=x'], 'invalid argument "=x" for "--container-label" flag: invalid label \'=x\': empty name'],
  ])('%j is a flag error (exit 125) and changes nothing', (flags, message) => {
    const sim = swarm(1);
    const before = state(sim);
    expect(run(sim, ['service', 'create', '-d', ...flags, 'nginx'])).toEqual({ stdout: '', stderr: usage(message), exitCode: 125 });
    expect(state(sim)).toBe(before);
  });

  it('update validates its -add values the same way', () => {
    const sim = world();
    expect(run(sim, ['service', 'update', '--dns-add', 'zz', 'a'])).toEqual({
      stdout: '',
      stderr: `invalid argument "zz" for "--dns-add" flag: IP address is not correctly formatted: zz\n\nUsage:  docker service update [OPTIONS] SERVICE\n\nRun 'docker service update --help' for more information\n`,
      exitCode: 125,
    });
    expect(run(sim, ['service', 'update', '--host-add', 'h:gw', 'a']).stderr).toMatch(/^invalid argument "h:gw" for "--host-add" flag: invalid IP address in add-host: "gw"\n/);
    expect(run(sim, ['service', 'update', '-d', '--host-add', 'h:host-gateway', 'a']).exitCode).toBe(0);
  });
});

describe('capabilities, sysctls, isolation, OOM score', () => {
  it('create: opts.EffectiveCapAddCapDrop (normalized, sorted, an added capability not dropped), the rest as given', () => {
    const sim = swarm(1);
    expect(run(sim, ['service', 'create', '-d', '--name', 'a', '--cap-add', 'net_admin', '--cap-add', 'CAP_SYS_TIME', '--cap-drop', ' chown', '--cap-drop', 'net_admin',
      '--isolation', 'process', '--oom-score-adj', '-500', '--sysctl', 'net.core.somaxconn=1024', 'nginx']).exitCode).toBe(0);
    const c = cspec(sim, 'a');
    expect(c).toMatchObject({ Isolation: 'process', Sysctls: { 'net.core.somaxconn': '1024' }, CapabilityAdd: ['CAP_NET_ADMIN', 'CAP_SYS_TIME'], CapabilityDrop: ['CAP_CHOWN'], OomScoreAdj: -500 });
    expect(Object.keys(c).slice(-5)).toEqual(['Isolation', 'Sysctls', 'CapabilityAdd', 'CapabilityDrop', 'OomScoreAdj']);
    run(sim, ['service', 'create', '-d', '--name', 'all', '--cap-add', 'ALL', '--cap-add', 'chown', '--cap-drop', 'RESET', 'nginx']);
    expect([cspec(sim, 'all').CapabilityAdd, 'CapabilityDrop' in cspec(sim, 'all')]).toEqual([['ALL'], false]);
  });

  it('update: a drop cancels an add and the other way round; RESET clears a side; sysctls by key', () => {
    const sim = swarm(1);
    run(sim, ['service', 'create', '-d', '--name', 'a', '--cap-add', 'net_admin', '--cap-add', 'sys_time', '--cap-drop', 'chown', '--sysctl', 'x=1', 'nginx']);
    run(sim, ['service', 'update', '-d', '--cap-drop', 'sys_time', '--cap-drop', 'mknod', '--cap-add', 'chown', '--sysctl-rm', 'x', '--sysctl-add', 'y=2', '--isolation', 'default', 'a']);
    expect(cspec(sim, 'a')).toMatchObject({ CapabilityAdd: ['CAP_NET_ADMIN'], CapabilityDrop: ['CAP_MKNOD'], Sysctls: { y: '2' }, Isolation: 'default' });
    run(sim, ['service', 'update', '-d', '--cap-add', 'RESET', '--cap-drop', 'RESET', 'a']);
    const c = cspec(sim, 'a');
    expect(['CapabilityAdd' in c, 'CapabilityDrop' in c]).toEqual([false, false]);
  });

  it('--oom-score-adj takes an int64', () => {
    expect(run(swarm(1), ['service', 'create', '-d', '--oom-score-adj', '1.5', 'nginx'])).toEqual({
      stdout: '',
      stderr: usage('invalid argument "1.5" for "--oom-score-adj" flag: strconv.ParseInt: parsing "1.5": invalid syntax'),
      exitCode: 125,
    });
  });
});

describe('--ulimit (go-units ParseUlimit)', () => {
  it('name=soft[:hard], the last per name, sorted by name; update removes by name, then adds', () => {
    const sim = swarm(1);
    run(sim, ['service', 'create', '-d', '--name', 'a', '--ulimit', 'nofile=1024:2048', '--ulimit', 'core=-1', '--ulimit', 'nproc=10', '--ulimit', 'nproc=20', 'nginx']);
    expect(cspec(sim, 'a').Ulimits).toEqual([
      { Name: 'core', Hard: -1, Soft: -1 },
      { Name: 'nofile', Hard: 2048, Soft: 1024 },
      { Name: 'nproc', Hard: 20, Soft: 20 },
    ]);
    run(sim, ['service', 'update', '-d', '--ulimit-rm', 'core', '--ulimit-rm', 'nproc', '--ulimit-add', 'stack=1:2', 'a']);
    expect(cspec(sim, 'a').Ulimits).toEqual([{ Name: 'nofile', Hard: 2048, Soft: 1024 }, { Name: 'stack', Hard: 2, Soft: 1 }]);
    run(sim, ['service', 'update', '-d', '--ulimit-rm', 'nofile', '--ulimit-rm', 'stack', 'a']);
    expect('Ulimits' in cspec(sim, 'a')).toBe(false);
  });

  it.each([
    ['x', 'invalid ulimit argument: x'],
    ['foo=1', 'invalid ulimit type: foo'],
    ['nofile=1:2:3', 'too many limit value arguments - 1:2:3, can only have up to two, `soft[:hard]`'],
    ['nofile=2:1', 'ulimit soft limit must be less than or equal to hard limit: 2 > 1'],
    ['nofile=-1:5', 'ulimit soft limit must be less than or equal to hard limit: soft: -1 (unlimited), hard: 5'],
    ['nofile=a:b', 'strconv.ParseInt: parsing "b": invalid syntax'],
    ['nofile=99999999999999999999', 'strconv.ParseInt: parsing "99999999999999999999": value out of range'],
  ])('%s', (v, why) => {
    expect(run(swarm(1), ['service', 'create', '-d', '--ulimit', v, 'nginx'])).toEqual({
      stdout: '',
      stderr: usage(`invalid argument "${v}" for "--ulimit" flag: ${why}`),
      exitCode: 125,
    });
  });
});

describe('--endpoint-mode', () => {
  it('create lower-cases it; inspect and --pretty show it; "vip" is the default and is not stored', () => {
    const sim = swarm(1);
    expect(run(sim, ['service', 'create', '-d', '--name', 'a', '--endpoint-mode', 'DNSRR', 'nginx']).exitCode).toBe(0);
    expect(run(sim, ['service', 'inspect', '-f', '{{json .Spec.EndpointSpec}} {{json .Endpoint.Spec}}', 'a']).stdout).toBe('{"Mode":"dnsrr"} {"Mode":"dnsrr"}\n');
    expect(run(sim, ['service', 'inspect', '--pretty', 'a']).stdout).toContain('\nEndpoint Mode:\tdnsrr');
    run(sim, ['service', 'create', '-d', '--name', 'b', '--endpoint-mode', '', 'nginx']);
    expect(sim.resolveService('b')!.spec.endpointMode).toBeUndefined();
    expect(run(sim, ['service', 'create', '--help']).stdout.replace(/\n +/g, ' ')).toMatch(/--endpoint-mode string +Endpoint mode \(vip or dnsrr\) \(default "vip"\)/);
  });

  it('the daemon refuses an unknown mode and dnsrr with an ingress port (a host-mode port is fine); update takes the value as given', () => {
    const sim = swarm(1);
    run(sim, ['service', 'create', '-d', '--name', 'a', '--endpoint-mode', 'dnsrr', 'nginx']);
    const before = state(sim);
    expect(run(sim, ['service', 'create', '-d', '--endpoint-mode', 'foo', 'nginx'])).toEqual({ stdout: '', stderr: 'Error response from daemon: invalid resolution mode: "foo"\n', exitCode: 1 });
    expect(run(sim, ['service', 'create', '-d', '--endpoint-mode', 'dnsrr', '-p', '80:80', 'nginx']).stderr).toBe(
      "Error response from daemon: rpc error: code = InvalidArgument desc = EndpointSpec: port published with ingress mode can't be used with dnsrr mode\n",
    );
    expect(run(sim, ['service', 'update', '-d', '--publish-add', '8080:80', 'a']).exitCode).toBe(1);
    expect(run(sim, ['service', 'update', '-d', '--endpoint-mode', 'VIP', 'a']).stderr).toBe('Error response from daemon: invalid resolution mode: "VIP"\n');
    expect(state(sim)).toBe(before);
    expect(run(sim, ['service', 'create', '-d', '--endpoint-mode', 'dnsrr', '-p', 'published=81,target=80,mode=host', 'nginx']).exitCode).toBe(0);
    expect(run(sim, ['service', 'update', '-d', '--endpoint-mode', 'vip', '--publish-add', '8080:80', 'a']).exitCode).toBe(0);
    expect(sim.resolveService('a')!.spec.endpointMode).toBeUndefined();
  });
});

describe('--limit-pids', () => {
  it('Resources.Limits.Pids, after NanoCPUs and MemoryBytes; --pretty PIDs; update replaces it, 0 removes it', () => {
    const sim = swarm(1);
    run(sim, ['service', 'create', '-d', '--name', 'a', '--limit-cpu', '0.5', '--limit-pids', '100', 'nginx']);
    const limits = () => run(sim, ['service', 'inspect', '-f', '{{json .Spec.TaskTemplate.Resources.Limits}}', 'a']).stdout;
    expect(limits()).toBe('{"NanoCPUs":500000000,"Pids":100}\n');
    expect(run(sim, ['service', 'inspect', '--pretty', 'a']).stdout).toContain('\n Limits:\n  CPU:\t\t0.5\n  PIDs:\t\t100\n');
    run(sim, ['service', 'update', '-d', '--limit-pids', '7', 'a']);
    expect(limits()).toBe('{"NanoCPUs":500000000,"Pids":7}\n');
    run(sim, ['service', 'update', '-d', '--limit-pids', '0', 'a']);
    expect(limits()).toBe('{"NanoCPUs":500000000}\n');
    expect(run(sim, ['service', 'create', '-d', '--limit-pids', 'many', 'nginx']).stderr).toBe(
      usage('invalid argument "many" for "--limit-pids" flag: strconv.ParseInt: parsing "many": invalid syntax'),
    );
  });
});
