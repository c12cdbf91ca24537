import { describe, expect, it } from 'vitest';
import { runDocker } from '../../sim/docker/run.js';
import { pinnedImage } from '../../sim/engine/images.js';
import { Simulation } from '../../sim/simulation.js';
import { snapshot } from '../../sim/snapshot.js';

import { docker as typed, lines, swarm, type Typed } from './typed.js';

/** Stack tests settle after every command, detached or not. */
const docker = (sim: Simulation, host: string, line: string, stdin: string | null = null): Typed => typed(sim, host, line, stdin, 'always');

const DETACH_WARNING = 'Since --detach=false was not specified, tasks will be created in the background.\nIn a future release, --detach=false will become the default.\n';

const COMPOSE = `version: "3.8"
services:
  web:
    image: nginx:alpine
    ports:
      - "8080:80"
    networks:
      - front
    environment:
      MODE: prod
    deploy:
      replicas: 2
      labels:
        team: web
      placement:
        constraints: [node.role==worker]
        max_replicas_per_node: 1
      resources:
        reservations:
          cpus: "0.25"
          memory: 64M
      update_config:
        parallelism: 2
        delay: 10s
  db:
    image: redis
    volumes:
      - data:/data
    deploy:
      restart_policy:
        condition: on-failure
        delay: 2s
  agent:
    image: busybox
    command: top -d 5
    networks: [weave]
    logging:
      driver: json-file
      options:
        max-size: 1m
    deploy:
      mode: global
networks:
  front:
    driver: overlay
    attachable: true
  weave:
    driver: bboreham/weave2:latest
volumes:
  data:
    driver: vieux/sshfs
    driver_opts:
      sshcmd: user@host:/data
`;

/** weave2 only on the manager, the sshfs volume plugin only on the worker. */
function setup(): Simulation {
  const sim = swarm(21, 2);
  sim.pluginInstall('node1', 'bboreham/weave2');
  sim.pluginInstall('node2', 'vieux/sshfs');
  sim.settle();
  return sim;
}

describe('docker stack deploy with networks, volumes and deploy settings', () => {
  it('creates the networks, then the services, and warns that it did not wait', () => {
    const sim = setup();
    const r = docker(sim, 'node1', 'docker stack deploy -c - app', COMPOSE);
    expect(r).toEqual({
      out: 'Creating network app_default\nCreating network app_front\nCreating network app_weave\nCreating service app_agent\nCreating service app_db\nCreating service app_web\n',
      err: DETACH_WARNING,
      code: 0,
    });
    const nets = [...sim.world.networks.values()].filter((n) => n.stack === 'app');
    expect(nets.map((n) => [n.name, n.driver, n.scope, n.attachable, n.labels['com.docker.stack.namespace']])).toEqual([
      ['app_default', 'overlay', 'swarm', false, 'app'],
      ['app_front', 'overlay', 'swarm', true, 'app'],
      ['app_weave', 'bboreham/weave2:latest', 'swarm', false, 'app'],
    ]);
  });

  it('turns the compose settings into the service specs', () => {
    const sim = setup();
    docker(sim, 'node1', 'docker stack deploy -c - app', COMPOSE);
    const net = (name: string): string => sim.resolveNetwork(name)!.id;
    const web = sim.resolveService('app_web')!;
    expect(web.stack).toBe('app');
    expect(web.spec.labels).toEqual({ team: 'web', 'com.docker.stack.namespace': 'app', 'com.docker.stack.image': 'nginx:alpine' });
    expect(web.spec.mode).toEqual({ kind: 'replicated', replicas: 2 });
    expect(web.spec.task.env).toEqual(['MODE=prod']);
    expect(web.spec.task.placement).toEqual({ constraints: ['node.role==worker'], preferences: [], maxReplicas: 1, platforms: [] });
    expect(web.spec.task.reservations).toEqual({ nanoCPUs: 250_000_000, memoryBytes: 64 * 2 ** 20 });
    expect(web.spec.task.networks).toEqual([net('app_front')]);
    expect(web.spec.update).toEqual({ parallelism: 2, delay: 10_000, failureAction: 'pause', monitor: 0, maxFailureRatio: 0, order: 'stop-first' });
    expect(web.spec.ports).toEqual([{ protocol: 'tcp', targetPort: 80, publishedPort: 8080, publishMode: 'ingress' }]);

    const db = sim.resolveService('app_db')!;
    // --resolve-image always (the default): pinned to the registry's digest.
    expect(db.spec.task.image).toBe(pinnedImage('redis:latest'));
    expect(db.spec.task.mounts).toEqual([
      {
        type: 'volume',
        source: 'app_data',
        target: '/data',
        readonly: false,
        volumeDriver: 'vieux/sshfs',
        volumeOptions: { sshcmd: 'user@host:/data' },
        // convert/volume.go: the stack's namespace label on the volume it creates.
        volumeLabels: { 'com.docker.stack.namespace': 'app' },
      },
    ]);
    expect(db.spec.task.restart).toEqual({ condition: 'on-failure', delay: 2000, maxAttempts: 0, window: 0 });
    expect(db.spec.task.networks).toEqual([net('app_default')]);

    const agent = sim.resolveService('app_agent')!;
    expect(agent.spec.mode).toEqual({ kind: 'global' });
    expect(agent.spec.task.args).toEqual(['top', '-d', '5']);
    expect(agent.spec.task.logDriver).toEqual({ name: 'json-file', options: { 'max-size': '1m' } });
    expect(agent.spec.task.networks).toEqual([net('app_weave')]);

    // The inspect view shows the stack's container label and network alias.
    const [json] = JSON.parse(docker(sim, 'node1', 'docker service inspect app_db').out);
    expect(json.Spec.TaskTemplate.ContainerSpec.Labels).toEqual({ 'com.docker.stack.namespace': 'app' });
    expect(json.Spec.TaskTemplate.Networks).toEqual([{ Target: net('app_default'), Aliases: ['db'] }]);
    expect(json.Spec.TaskTemplate.ContainerSpec.Mounts).toEqual([
      {
        Type: 'volume',
        Source: 'app_data',
        Target: '/data',
        VolumeOptions: { Labels: { 'com.docker.stack.namespace': 'app' }, DriverConfig: { Name: 'vieux/sshfs', Options: { sshcmd: 'user@host:/data' } } },
      },
    ]);
    // Field order of api/types/mount.VolumeOptions: Labels before DriverConfig.
    expect(Object.keys(json.Spec.TaskTemplate.ContainerSpec.Mounts[0].VolumeOptions)).toEqual(['Labels', 'DriverConfig']);
  });

  it("the volume a stack's task creates on its node carries the stack's label", () => {
    const sim = setup();
    docker(sim, 'node1', 'docker stack deploy -c - app', COMPOSE);
    sim.settle();
    // The sshfs plugin is only on node2, so app_db runs there and its engine creates app_data.
    expect(docker(sim, 'node2', 'docker volume ls --filter label=com.docker.stack.namespace=app --format "{{.Driver}} {{.Name}}"').out).toBe('vieux/sshfs:latest app_data\n');
    expect(docker(sim, 'node2', 'docker volume inspect --format "{{json .Labels}}" app_data').out).toBe('{"com.docker.stack.namespace":"app"}\n');
  });

  it('stack ls, services and ps; the plugins and constraints decide where tasks go', () => {
    const sim = setup();
    docker(sim, 'node1', 'docker stack deploy -c - app', COMPOSE);
    expect(lines(docker(sim, 'node1', 'docker stack ls').out)).toBe('NAME      SERVICES\napp       3');
    expect(lines(docker(sim, 'node1', 'docker stack services app').out)).toBe(
      lines(`ID             NAME        MODE         REPLICAS               IMAGE            PORTS
1q0v42twaa79   app_agent   global       1/2                    busybox:latest
s3fy1ibw90h6   app_db      replicated   1/1                    redis:latest
epxv568nt9m3   app_web     replicated   1/2 (max 1 per node)   nginx:alpine     *:8080->80/tcp`),
    );
    expect(lines(docker(sim, 'node1', 'docker stack ps app').out)).toBe(
      lines(`ID             NAME                                  IMAGE            NODE      DESIRED STATE   CURRENT STATE            ERROR                              PORTS
26kzn5m9zz5v   app_agent.09a8jwyg8913d3f49pr131ecf   busybox:latest   node2     Running         Pending 19 seconds ago   "missing plugin on 1 node"
gul4osxdexyb   app_agent.owysx5u0fuodcmtrwxlcqlpw6   busybox:latest   node1     Running         Running 18 seconds ago
gynbg1vvc3l7   app_db.1                              redis:latest     node2     Running         Running 18 seconds ago
p23qs2d8pasw   app_web.1                             nginx:alpine     node2     Running         Running 18 seconds ago
xdlwntiy9us9   app_web.2                             nginx:alpine               Running         Pending 19 seconds ago   "no suitable node (scheduling …"`),
    );
    expect(docker(sim, 'node1', 'docker stack services --format "{{.Name}} {{.Mode}}" app').out).toBe('app_agent global\napp_db replicated\napp_web replicated\n');
    expect(docker(sim, 'node1', 'docker stack services -q --filter name=app_w app').out).toBe('epxv568nt9m3\n');
    expect(docker(sim, 'node1', 'docker stack ps -q --filter node=node1 app').out).toBe('gul4osxdexyb\n');
  });

  it('deploying again updates; --prune removes what the file no longer has; -d=false waits with progress', () => {
    const sim = setup();
    docker(sim, 'node1', 'docker stack deploy -c - app', COMPOSE);
    const again = docker(sim, 'node1', 'docker stack deploy -c - app', COMPOSE);
    const id = (name: string): string => sim.resolveService(name)!.id;
    expect(again.out).toBe(
      `Updating service app_agent (id: ${id('app_agent')})\nUpdating service app_db (id: ${id('app_db')})\nUpdating service app_web (id: ${id('app_web')})\n`,
    );
    expect(id('app_web')).toBe('epxv568nt9m3ighoq1e7sld5k');
    const pruned = docker(sim, 'node1', 'docker stack deploy --prune -d=false -c - app', 'services:\n  web:\n    image: nginx:alpine\n');
    expect(pruned).toEqual({
      out:
        'Removing service app_agent\nRemoving service app_db\nUpdating service app_web (id: epxv568nt9m3ighoq1e7sld5k)\n' +
        'overall progress: 1 out of 1 tasks \n' +
        `1/1: running   [${'='.repeat(50)}>] \n` +
        'verify: Service epxv568nt9m3ighoq1e7sld5k converged \n',
      err: '',
      code: 0,
    });
    expect([...sim.world.services.values()].map((s) => s.spec.name)).toEqual(['app_web']);
    expect(sim.resolveService('app_web')!.spec.task.networks).toEqual([sim.resolveNetwork('app_default')!.id]);
  });

  it('stack rm removes services then networks; an empty stack is only reported', () => {
    const sim = setup();
    docker(sim, 'node1', 'docker stack deploy -c - app', COMPOSE);
    expect(docker(sim, 'node1', 'docker stack rm app')).toEqual({
      out: 'Removing service app_agent\nRemoving service app_db\nRemoving service app_web\nRemoving network app_default\nRemoving network app_front\nRemoving network app_weave\n',
      err: '',
      code: 0,
    });
    expect(sim.world.services.size).toBe(0);
    expect([...sim.world.networks.values()].map((n) => n.name)).toEqual(['ingress']);
    expect(lines(docker(sim, 'node1', 'docker stack ls').out)).toBe('NAME      SERVICES');
    expect(docker(sim, 'node1', 'docker stack rm app')).toEqual({ out: '', err: 'Nothing found in stack: app\n', code: 0 });
    expect(docker(sim, 'node1', 'docker stack services app')).toEqual({ out: '', err: 'Nothing found in stack: app\n', code: 0 });
    expect(docker(sim, 'node1', 'docker stack ps app')).toEqual({ out: '', err: 'nothing found in stack: app\n', code: 1 });
  });

  it('ignored keys are reported on stderr; ${VAR:-default} takes the default', () => {
    const sim = setup();
    const r = docker(
      sim,
      'node1',
      'docker stack deploy -c - x',
      'services:\n  s:\n    image: busybox:${TAG:-1.36}\n    build: .\n    restart: always\n    container_name: c\n',
    );
    expect(r.code).toBe(0);
    expect(r.err).toBe(
      'Ignoring unsupported options: build, restart\n\n' +
        'Ignoring deprecated options:\n\ncontainer_name: Setting the container name is not supported.\n\n' +
        DETACH_WARNING,
    );
    expect(sim.resolveService('x_s')!.spec.task.image).toBe(pinnedImage('busybox:1.36'));
  });

  it('--resolve-image: never sends the image as written; changed asks the registry for a changed image only', () => {
    const sim = setup();
    const file = (tag: string): string => `services:\n  s:\n    image: busybox:${tag}\n`;
    const image = (): string => sim.resolveService('x_s')!.spec.task.image;
    docker(sim, 'node1', 'docker stack deploy --resolve-image never -c - x', file('1.36'));
    expect(image()).toBe('busybox:1.36');
    docker(sim, 'node1', 'docker stack deploy --resolve-image changed -c - x', file('1.36'));
    expect(image()).toBe('busybox:1.36');
    docker(sim, 'node1', 'docker stack deploy --resolve-image changed -c - x', file('1.37'));
    expect(image()).toBe(pinnedImage('busybox:1.37'));
    docker(sim, 'node1', 'docker stack deploy --resolve-image never -c - x', file('1.37'));
    expect(image()).toBe(pinnedImage('busybox:1.37'));
  });
});

describe('stack deploy refusals change nothing', () => {
  const cases: [string, string | null, string][] = [
    ['docker stack deploy app', null, 'Specify a Compose file (with --compose-file)'],
    ['docker stack deploy -c docker-compose.yml app', null, 'open docker-compose.yml: no such file or directory'],
    ['docker stack deploy -c - app', 'version: "2.4"\nservices:\n  web:\n    image: x\n', 'unsupported Compose file version: 2.4'],
    ['docker stack deploy -c - app', '- a\n- b\n', 'top-level object must be a mapping'],
    ['docker stack deploy -c - app', 'services:\n  web:\n    image: x\n    foo: 1\n', 'services.web Additional property foo is not allowed'],
    ['docker stack deploy -c - app', 'services:\n  web:\n    image: x\n    deploy:\n      replica: 2\n', 'services.web.deploy Additional property replica is not allowed'],
    ['docker stack deploy -c - app', 'services:\n  web:\n    command: top\n', 'invalid image reference for service web: no image specified'],
    ['docker stack deploy -c - app', 'services:\n  web:\n    image: x\n    extends: base\n', 'Compose file contains unsupported options:\n\nextends: Support for `extends` is not implemented yet.\n'],
    ['docker stack deploy -c - app', 'services:\n  web:\n    image: x\n    volumes: [nope:/x]\n', `service web: undefined volume "nope"`],
    ['docker stack deploy -c - app', 'services:\n  web:\n    image: x\n    networks: [nope]\n', 'service web: undefined network "nope"'],
    ['docker stack deploy -c - app', 'services:\n  web:\n    image: x\n    deploy:\n      mode: global\n      replicas: 2\n', 'service web: replicas can only be used with replicated or replicated-job mode'],
    [
      'docker stack deploy -c - app',
      'services:\n  web:\n    image: x\n    networks: [ext]\nnetworks:\n  ext:\n    external: true\n',
      'network "ext" is declared as external, but could not be found. You need to create a swarm-scoped network before the stack is deployed',
    ],
    ['docker stack deploy --resolve-image sometimes -c - app', 'services:\n  web:\n    image: x\n', 'invalid option sometimes for flag --resolve-image'],
    ["docker stack deploy -c - ' '", 'services:\n  web:\n    image: x\n', 'invalid stack name: " "'],
    // Duplicate keys, as the real 28.2.2 client reports them (yaml.v3 decode.go): every pair of a
    // mapping, by raw text ("a" and a clash, "1" and 1 too), and nothing inside a mapping that has one.
    [
      'docker stack deploy -c - app',
      'services:\n  a:\n    image: nginx\n  "a":\n    image: redis\n  b:\n    image: x\n    image: y\n  a:\n    image: z\n  1:\n    image: q\n  "1":\n    image: w\n',
      'yaml: unmarshal errors:\n  line 4: mapping key "a" already defined at line 2\n  line 9: mapping key "a" already defined at line 2\n' +
        '  line 9: mapping key "a" already defined at line 4\n  line 13: mapping key "1" already defined at line 11',
    ],
    ['docker stack deploy -c - app', 'services:\n  b:\n    image: x\n    image: y\n', 'yaml: unmarshal errors:\n  line 4: mapping key "image" already defined at line 3'],
  ];
  for (const [line, stdin, message] of cases) {
    it(`${line} ${stdin ? JSON.stringify(stdin.split('\n').find((l) => l.trim().length > 0 && !l.startsWith('services'))) : ''}`, () => {
      const sim = setup();
      const before = JSON.stringify(snapshot(sim));
      const r = docker(sim, 'node1', line, stdin);
      expect(r.code).toBe(1);
      expect(r.out).toBe('');
      // The CLI prints the error with Println; a message ending in a newline keeps just that one here.
      expect(r.err.replace(DETACH_WARNING, '')).toBe(message.endsWith('\n') ? message : message + '\n');
      expect(JSON.stringify(snapshot(sim))).toBe(before);
    });
  }

  it('on a worker: the stack command says to use a manager', () => {
    const sim = setup();
    const before = JSON.stringify(snapshot(sim));
    const r = docker(sim, 'node2', 'docker stack deploy -c - app', 'services:\n  web:\n    image: x\n');
    expect(r.err).toBe(
      DETACH_WARNING + 'this node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again\n',
    );
    expect(r.code).toBe(1);
    expect(JSON.stringify(snapshot(sim))).toBe(before);
  });

  it('an external network that exists is used as is', () => {
    const sim = setup();
    const ext = sim.networkCreate('node1', { name: 'shared', driver: 'overlay' });
    const r = docker(sim, 'node1', 'docker stack deploy -c - app', 'services:\n  web:\n    image: x\n    networks: [shared]\nnetworks:\n  shared:\n    external: true\n');
    expect(r.out).toBe('Creating service app_web\n');
    expect(sim.resolveService('app_web')!.spec.task.networks).toEqual([ext.id]);
  });
});

describe('duplicate keys at scale', () => {
  it('a key repeated thousands of times is reported up to the limit, then summed up, without comparing every pair', async () => {
    const { MAX_DUPLICATE_REPORTS } = await import('../../sim/docker/commands/composeKeys.js');
    const sim = new Simulation({ seed: 1 });
    docker(sim, 'node1', 'docker swarm init');
    const n = 3000;
    const r = docker(sim, 'node1', 'docker stack deploy -c - app', 'services:\n' + '  a:\n    image: x\n'.repeat(n));
    const lines = r.err.trimEnd().split('\n');
    expect(r.code).toBe(1);
    expect(lines[0]).toBe('yaml: unmarshal errors:');
    expect(lines[1]).toBe('  line 4: mapping key "a" already defined at line 2');
    expect(lines[MAX_DUPLICATE_REPORTS]).toBe(`  line ${2 + 2 * MAX_DUPLICATE_REPORTS}: mapping key "a" already defined at line 2`);
    expect(lines.at(-1)).toBe(`  ... and ${(n * (n - 1)) / 2 - MAX_DUPLICATE_REPORTS} more duplicate keys (swarmsim reports at most ${MAX_DUPLICATE_REPORTS})`);
  });
});
