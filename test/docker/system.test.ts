import { describe, expect, it } from 'vitest';
import { runDocker } from '../../sim/docker/run.js';
import { streams } from './streams.js';
import { serviceSpec } from '../../sim/model/defaults.js';
import { Simulation } from '../../sim/simulation.js';
import { swarm } from '../core/world.js';

// docker info / docker version (docker/cli cli/command/system/{info,version}.go).

const docker = (sim: Simulation, host: string, line: string) => streams(runDocker(sim, host, line.split(' ').filter(Boolean)));
const argv = (sim: Simulation, host: string, ...args: string[]) => streams(runDocker(sim, host, args));
const DOWN = 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n';

const CLIENT = 'Client: Docker Engine - Community\n Version:    28.2.2\n Context:    default\n Debug Mode: false\n\nServer:\n';

describe('docker info', () => {
  it('an engine outside a swarm', () => {
    const sim = new Simulation();
    sim.machine('solo', { cpus: 4, memoryBytes: 8 * 2 ** 30, engineLabels: { zone: 'a' } });
    expect(docker(sim, 'solo', 'info')).toEqual({
      stdout:
        CLIENT +
        ' Containers: 0\n' +
        '  Running: 0\n' +
        '  Paused: 0\n' +
        '  Stopped: 0\n' +
        ' Images: 0\n' +
        ' Server Version: 28.2.2\n' +
        ' Logging Driver: json-file\n' +
        ' Plugins:\n' +
        '  Volume: local\n' +
        '  Network: bridge host ipvlan macvlan null overlay\n' +
        '  Log: awslogs fluentd gcplogs gelf journald json-file local splunk syslog\n' +
        ' Swarm: inactive\n' +
        ' OSType: linux\n' +
        ' Architecture: x86_64\n' +
        ' CPUs: 4\n' +
        ' Total Memory: 8GiB\n' +
        ' Name: solo\n' +
        ' Docker Root Dir: /var/lib/docker\n' +
        ' Debug Mode: false\n' +
        ' Labels:\n' +
        '  zone=a\n' +
        ' Experimental: false\n' +
        ' Live Restore Enabled: false\n' +
        '\n',
      stderr: '',
      exitCode: 0,
    });
  });

  it('enabled plugins join the sorted driver lists (daemon/info.go sorts them)', () => {
    const sim = new Simulation();
    docker(sim, 'n', 'plugin install --grant-all-permissions bboreham/weave2');
    docker(sim, 'n', 'plugin install --grant-all-permissions vieux/sshfs');
    docker(sim, 'n', 'plugin install --grant-all-permissions --disable rexray/ebs');
    const out = docker(sim, 'n', 'info').stdout;
    expect(out).toContain('\n  Volume: local vieux/sshfs:latest\n');
    expect(out).toContain('\n  Network: bboreham/weave2:latest bridge host ipvlan macvlan null overlay\n');
  });

  it('the Swarm section on a manager and on a worker (printSwarmInfo)', () => {
    const sim = swarm(3, 1, 2);
    const n1 = sim.world.machines.get('node1')!.nodeId!;
    const n3 = sim.world.machines.get('node3')!.nodeId!;
    const manager = docker(sim, 'node1', 'info').stdout;
    expect(manager).toContain(
      ' Swarm: active\n' +
        `  NodeID: ${n1}\n` +
        '  Is Manager: true\n' +
        `  ClusterID: ${sim.world.swarm!.id}\n` +
        '  Managers: 2\n' +
        '  Nodes: 3\n' +
        '  Default Address Pool: 10.0.0.0/8  \n' +
        '  SubnetSize: 24\n' +
        '  Data Path Port: 4789\n' +
        '  Orchestration:\n' +
        '   Task History Retention Limit: 5\n' +
        '  Raft:\n' +
        '   Snapshot Interval: 10000\n' +
        '   Number of Old Snapshots to Retain: 0\n' +
        '   Heartbeat Tick: 1\n' +
        '   Election Tick: 10\n' +
        '  Dispatcher:\n' +
        '   Heartbeat Period: 5 seconds\n' +
        '  CA Configuration:\n' +
        '   Expiry Duration: 3 months\n' +
        '   Force Rotate: 0\n' +
        '  Autolock Managers: false\n' +
        '  Root Rotation In Progress: false\n' +
        '  Node Address: 192.168.99.100\n' +
        '  Manager Addresses:\n' +
        '   192.168.99.100:2377\n' +
        '   192.168.99.101:2377\n' +
        ' OSType: linux\n',
    );
    expect(docker(sim, 'node3', 'info').stdout).toContain(
      ` Swarm: active\n  NodeID: ${n3}\n  Is Manager: false\n  Node Address: 192.168.99.102\n  Manager Addresses:\n   192.168.99.100:2377\n   192.168.99.101:2377\n OSType: linux\n`,
    );
  });

  it('counts the containers of its tasks', () => {
    const sim = swarm(1);
    sim.serviceCreate(serviceSpec({ name: 'web', replicas: 2, image: 'nginx:latest' }));
    sim.settle();
    expect(docker(sim, 'node1', 'info').stdout).toContain(' Containers: 2\n  Running: 2\n  Paused: 0\n  Stopped: 0\n Images: 1\n');
  });

  it('--format', () => {
    const sim = swarm(2);
    expect(docker(sim, 'node2', 'info --format {{.Swarm.LocalNodeState}}/{{.Swarm.ControlAvailable}}/{{.Name}}')).toEqual({
      stdout: 'active/false/node2\n',
      stderr: '',
      exitCode: 0,
    });
    expect(argv(sim, 'node1', 'info', '-f', '{{json .Plugins.Volume}}').stdout).toBe('["local"]\n');
    // The daemon's virtual clock, as RFC 3339 with nanoseconds.
    sim.advance(1_500);
    expect(docker(sim, 'node1', 'info -f {{.SystemTime}}').stdout).toMatch(/^2024-06-01T12:\d\d:\d\d(\.\d+)?Z\n$/);
    expect(docker(sim, 'node1', 'info -f {{.Nope')).toEqual({ stdout: '', stderr: 'template parsing error: template: :1: unclosed action\n', exitCode: 64 });
  });

  it('a stopped engine: the client part, then the error', () => {
    const sim = swarm(2);
    sim.stopMachine('node2');
    expect(docker(sim, 'node2', 'info')).toEqual({ stdout: CLIENT, stderr: DOWN, exitCode: 1 });
  });
});

describe('docker version', () => {
  const VERSION =
    'Client: Docker Engine - Community\n' +
    ' Version:           28.2.2\n' +
    ' API version:       1.50\n' +
    ' Go version:        go1.24.3\n' +
    ' Git commit:        e6534b4\n' +
    ' Built:             Fri May 30 12:07:27 2025\n' +
    ' OS/Arch:           linux/amd64\n' +
    ' Context:           default\n';

  it('Client and Server blocks, tabwriter minwidth 20 padding 1', () => {
    const sim = new Simulation();
    expect(docker(sim, 'node1', 'version')).toEqual({
      stdout:
        VERSION +
        '\n' +
        'Server: Docker Engine - Community\n' +
        ' Engine:\n' +
        '  Version:          28.2.2\n' +
        '  API version:      1.50 (minimum version 1.24)\n' +
        '  Go version:       go1.24.3\n' +
        '  Git commit:       45873be\n' +
        '  Built:            Fri May 30 12:07:27 2025\n' +
        '  OS/Arch:          linux/amd64\n' +
        '  Experimental:     false\n' +
        ' containerd:\n' +
        '  Version:          1.7.27\n' +
        '  GitCommit:        05044ec0a9a75232cad458027ca83437aae3f4da\n' +
        ' runc:\n' +
        '  Version:          1.2.5\n' +
        '  GitCommit:        v1.2.5-0-g59923ef\n' +
        ' docker-init:\n' +
        '  Version:          0.19.0\n' +
        '  GitCommit:        de40ad0\n',
      stderr: '',
      exitCode: 0,
    });
  });

  it('--format and an arm64 machine', () => {
    const sim = new Simulation();
    sim.machine('pi', { arch: 'aarch64' });
    expect(docker(sim, 'pi', 'version --format {{.Server.Arch}}')).toEqual({ stdout: 'arm64\n', stderr: '', exitCode: 0 });
  });

  it('a stopped engine: the client block, then the error', () => {
    const sim = new Simulation();
    sim.machine('node1');
    sim.stopMachine('node1');
    expect(docker(sim, 'node1', 'version')).toEqual({ stdout: VERSION, stderr: DOWN, exitCode: 1 });
  });
});
