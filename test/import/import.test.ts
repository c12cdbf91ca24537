/**
 * swarmsim import from a fixture bundle shaped as Docker 20.10 / CLI 28
 * print it (test/import/fixtures/shop.json: two managers, one drained, two
 * workers with labels and plugins, a stale down entry, four services with
 * secrets, environment values and driver options that must not be copied).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBundle } from '../../sim/import/bundle.js';
import { importScenario } from '../../sim/import/scenario.js';
import { checkImport, withSeed } from '../../sim/import/simulate.js';
import { parseScenario } from '../../sim/scenario/parse.js';
import { runScenario } from '../../sim/scenario/run.js';
import { nanoDecimal, goDuration } from '../../sim/import/services.js';
import { hostPrompts } from '../../sim/import/names.js';
import { expandHostRange } from '../../sim/scenario/hostRange.js';

const FIXTURE = join(import.meta.dirname, 'fixtures/shop.json');
const text = readFileSync(FIXTURE, 'utf8');
const bundle = parseBundle(text);
const result = importScenario(bundle, { source: 'shop.json' });
const lines = result.text.split('\n');

describe('the imported scenario', () => {
  it('parses, and names each node a machine (the stale down entry of wrk1 left out)', () => {
    expect(() => parseScenario(result.text, 'shop.swarm')).not.toThrow();
    expect([...result.machines.values()]).toEqual(['mgr1', 'mgr2', 'wrk1', 'wrk2']);
    expect(result.notes[0]).toMatch(/^node a1c4e7g0i3k6m9o2q5s8u1w4y \(wrk1, down\) left out/);
  });

  it('makes the machines with their resources, platform, engine labels and addresses (the leader at its manager address)', () => {
    expect(lines).toContain('sim$ machine mgr1 --cpus 4 --memory 8346034176 --os linux --arch x86_64 --ip 192.168.1.10');
    expect(lines).toContain('sim$ machine wrk1 --cpus 8 --memory 16663883776 --os linux --arch x86_64 --engine-label storage=fast --ip 192.168.1.21');
    expect(lines).toContain('sim$ machine wrk2 --cpus 4 --memory 4124520448 --os linux --arch aarch64 --ip 192.168.1.22');
  });

  it('builds the swarm: the leader inits, the others join, managers are promoted, labels and availability set', () => {
    expect(lines).toContain('mgr1$ docker swarm init --advertise-addr 192.168.1.10');
    expect(lines.filter((l) => / docker swarm join --token SWMTKN-1-\w+-\w+ 192\.168\.1\.10:2377$/.test(l)).map((l) => l.split('$')[0])).toEqual(['mgr2', 'wrk[1-2]']);
    expect(lines).toContain('mgr1$ docker node promote mgr2');
    expect(lines).toContain('mgr1$ docker node update --label-add zone=a --label-add disk=ssd wrk1');
    expect(lines).toContain('mgr1$ docker node update --availability drain mgr2');
  });

  it('installs each node\'s plugins, the disabled one seen by plugin inspect disabled, an unknown one registered first', () => {
    expect(lines).toContain('wrk1$ docker plugin install --grant-all-permissions vieux/sshfs:latest');
    expect(lines).toContain('mgr1$ docker plugin install --grant-all-permissions --disable vieux/sshfs:latest');
    const reg = lines.indexOf('sim$ registry registry.corp.example:5000/acme/logger:1.2 --type logdriver');
    expect(reg).toBeGreaterThan(0);
    expect(lines.indexOf('wrk2$ docker plugin install --grant-all-permissions registry.corp.example:5000/acme/logger:1.2')).toBeGreaterThan(reg);
    // Built-in drivers are not plugins.
    expect(result.text).not.toMatch(/plugin install [^\n]*(json-file|overlay|local)\b/);
  });

  it('creates the swarm networks but ingress and local ones, without the allocator\'s VXLAN IDs', () => {
    expect(lines).toContain('mgr1$ docker network create --driver bboreham/weave2:latest --attachable weavenet');
    expect(lines).toContain('mgr1$ docker network create --driver overlay --label com.docker.stack.namespace=shop --subnet 10.0.9.0/24 --gateway 10.0.9.1 backend');
    expect(result.text).not.toContain('vxlanid');
    expect(result.text).not.toMatch(/network create[^\n]* (ingress|bridge)$/m);
  });

  it('creates each service from its spec, oldest first', () => {
    const creates = lines.filter((l) => l.includes('docker service create'));
    expect(creates.map((l) => /--name (\S+)/.exec(l)?.[1])).toEqual(['web', 'db', 'agent', 'logs']);
    expect(creates[0]).toContain('--replicas 4 --label com.docker.stack.namespace=shop --constraint node.role==worker --placement-pref spread=node.labels.zone --reserve-cpu 0.25 --limit-memory 268435456 --network weavenet --publish mode=ingress,target=80,published=8080,protocol=tcp');
    expect(creates[1]).toContain('--mount type=volume,source=dbdata,target=/var/lib/postgresql/data,volume-driver=vieux/sshfs:latest');
    expect(creates[1]).toContain('--restart-condition on-failure --restart-delay 10s --restart-max-attempts 3 --restart-window 60s --network backend');
    expect(creates[2]).toMatch(/--mode global --no-resolve-image busybox:1\.36@sha256:[0-9a-f]{64} sleep infinity$/);
    expect(creates[3]).toMatch(/--replicas-max-per-node 1 --log-driver registry\.corp\.example:5000\/acme\/logger:1\.2 .* sh -c 'while true; do date; sleep 5; done'$/);
  });

  it('copies no secret: environment values, secret names, driver options and plugin settings stay out, and the file says so', () => {
    for (const secret of ['supersecret-api-key', 'hunter2', 's3cr3t-token', 'plugin-secret', 'tls.key', 'backup@10.1.1.1', 'BEGIN CERTIFICATE']) {
      expect(result.text).not.toContain(secret);
    }
    expect(result.text).toContain('# web: not copied: environment (API_KEY, LOG_LEVEL: values not copied); 1 secret;');
    expect(result.text).toContain('# db: not copied: environment (POSTGRES_PASSWORD: values not copied); volume driver options of /var/lib/postgresql/data (may hold credentials).');
    expect(result.text).toMatch(/^# Made by "swarmsim import"\. Not copied from the swarm: secrets, configs, environment$/m);
  });

  it('ends with the real state as expected output: nodes, plugins, services and tasks per node', () => {
    const at = (cmd: string): string[] => {
      const i = lines.findIndex((l) => l.includes(cmd));
      const out: string[] = [];
      for (let k = i + 1; k < lines.length && lines[k] !== '' && !lines[k].includes('$ docker'); k++) out.push(lines[k]);
      return out;
    };
    expect(at('docker node ls --format')).toEqual(['mgr1 Ready Active Leader', 'mgr2 Ready Drain Reachable', 'wrk1 Ready Active', 'wrk2 Ready Active']);
    expect(at('docker node inspect --format')).toEqual([
      'mgr1: Network:bboreham/weave2:latest',
      'mgr2: Network:bboreham/weave2:latest',
      'wrk1: Network:bboreham/weave2:latest Volume:vieux/sshfs:latest',
      'wrk2: Log:registry.corp.example:5000/acme/logger:1.2 Network:bboreham/weave2:latest',
    ]);
    expect(at('docker plugin ls --format')).toEqual(['bboreham/weave2:latest true', 'vieux/sshfs:latest false']);
    expect(at('docker service ls --format')).toEqual(['agent global 3/3', 'db replicated 1/1', 'logs replicated 1/2 (max 1 per node)', 'web replicated 4/4']);
    expect(at('docker node ps wrk1 ')).toEqual(['agent', 'db', 'web', 'web']);
    expect(at('docker node ps mgr2 ')).toEqual(['[0]']);
  });

  it('simulated, reproduces the swarm under the seed the check finds (spread ties fall either way)', () => {
    const check = checkImport(result.text, bundle, { seeds: 16 });
    expect(check.comparison.differences).toEqual([]);
    expect(check.differingSteps).toEqual([]);
    const run = runScenario(parseScenario(withSeed(result.text, check.seed), 'shop.swarm'));
    expect(run.steps.filter((s) => s.check && !s.check.ok).map((s) => s.step.line)).toEqual([]);
    expect(run.steps.every((s) => s.exitCode === 0)).toBe(true);
  });

  it('lists a real difference, service by service, when no seed reproduces it', () => {
    // The real swarm had all four web tasks on wrk1: spread over zones never does that.
    const moved = JSON.parse(text) as { tasks: { Name: string; Node: string }[] };
    for (const t of moved.tasks) if (t.Name.startsWith('web.')) t.Node = 'wrk1';
    const b = parseBundle(JSON.stringify(moved));
    const r = importScenario(b);
    const check = checkImport(r.text, b, { seeds: 4 });
    expect(check.tried).toBe(4);
    expect(check.comparison.differences.map((d) => d.service)).toEqual(['web']);
    const web = check.comparison.differences[0];
    expect(web.nodes.find((n) => n.node === 'wrk1')?.real).toBe(4);
    expect(web.nodes.find((n) => n.node === 'wrk2')).toMatchObject({ real: 0 });
    expect(check.differingSteps.map((s) => s.command)).toEqual([
      `docker node ps wrk1 --filter desired-state=running --format '{{index (split .Name ".") 0}}'`,
      `docker node ps wrk2 --filter desired-state=running --format '{{index (split .Name ".") 0}}'`,
    ]);
  });
});

describe('values back to flags', () => {
  it('nano-CPUs as exact decimals, nanoseconds as Go durations', () => {
    expect([nanoDecimal(250_000_000), nanoDecimal(4_000_000_000), nanoDecimal(1), nanoDecimal(1_500_000_001)]).toEqual(['0.25', '4', '0.000000001', '1.500000001']);
    expect([goDuration(0), goDuration(5e9), goDuration(1_500_000), goDuration(1_500), goDuration(7)]).toEqual(['0s', '5s', '1500us', '1500ns', '7ns']);
  });
});

describe('machines as host ranges', () => {
  it('numbered names collapse into pdsh ranges that expand back to exactly them; others stay single', () => {
    const hosts = ['m002', 'm003', 'm004', 'm010', 'db', 'web9', 'web10', 'web11', 'x1', '42', 'm099'];
    const prompts = hostPrompts(hosts);
    expect(prompts).toEqual(['m[002-004,010,099]', 'db', 'web[9,10-11]', 'x1', '42']);
    const expanded = prompts.flatMap((p) => (p.includes('[') ? expandHostRange(p).hosts : [p]));
    expect([...expanded].sort()).toEqual([...hosts].sort());
  });
});
