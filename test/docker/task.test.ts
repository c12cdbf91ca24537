import { describe, expect, it } from 'vitest';
import { runDocker } from '../../sim/docker/run.js';
import { familiarImage, naturalCompare } from '../../sim/docker/commands/task.js';
import { Simulation } from '../../sim/simulation.js';
import { snapshot } from '../../sim/snapshot.js';

import { docker, lines, swarm } from './typed.js';

function failedOnce(): Simulation {
  const sim = swarm(11, 3);
  docker(sim, 'node1', 'docker service create -d --name web --replicas 3 -p mode=host,published=8080,target=80 nginx');
  sim.settle();
  sim.failTask('web.1');
  sim.settle();
  sim.advance(60_000);
  return sim;
}

describe('docker service ps', () => {
  it('the task table: history indented under its slot, errors quoted and cut, host ports', () => {
    const sim = failedOnce();
    expect(lines(docker(sim, 'node1', 'docker service ps web').out)).toBe(
      lines(`ID             NAME        IMAGE          NODE      DESIRED STATE   CURRENT STATE                ERROR                       PORTS
evqja9czo339   web.1       nginx:latest   node3     Running         Running about a minute ago                               *:8080->80/tcp,*:8080->80/tcp
dq3nzlx6f49l    \\_ web.1   nginx:latest   node3     Shutdown        Failed about a minute ago    "task: non-zero exit (1)"   *:8080->80/tcp,*:8080->80/tcp
ui2ffxm3oakr   web.2       nginx:latest   node1     Running         Running about a minute ago                               *:8080->80/tcp,*:8080->80/tcp
t796ocni7qyj   web.3       nginx:latest   node2     Running         Running about a minute ago                               *:8080->80/tcp,*:8080->80/tcp`),
    );
  });

  it('--no-trunc shows whole IDs; -q prints full IDs only; custom formats are not indented', () => {
    const sim = failedOnce();
    const noTrunc = lines(docker(sim, 'node1', 'docker service ps --no-trunc web').out).split('\n');
    expect(noTrunc[1].startsWith('evqja9czo3391fijzbhscux31   web.1  ')).toBe(true);
    expect(noTrunc[2].startsWith('dq3nzlx6f49ldseyz1r1dk4yp    \\_ web.1   ')).toBe(true);
    expect(docker(sim, 'node1', 'docker service ps -q web').out).toBe(
      'evqja9czo3391fijzbhscux31\ndq3nzlx6f49ldseyz1r1dk4yp\nui2ffxm3oakrit5qq4trd76vq\nt796ocni7qyjkupuj1n5achbs\n',
    );
    expect(lines(docker(sim, 'node1', 'docker service ps --format "{{.Name}} {{.Node}} {{.Error}}" web').out)).toBe(
      lines(`web.1 node3
web.1 node3 "task: non-zero exit (1)"
web.2 node1
web.3 node2`),
    );
    expect(lines(docker(sim, 'node1', 'docker service ps --format "table {{.Name}}\\t{{.CurrentState}}" --filter desired-state=running web').out)).toBe(
      lines(`NAME      CURRENT STATE
web.1     Running about a minute ago
web.2     Running about a minute ago
web.3     Running about a minute ago`),
    );
    const noResolve = lines(docker(sim, 'node1', 'docker service ps --no-resolve web').out).split('\n');
    const svc = sim.resolveService('web')!;
    expect(noResolve[1]).toContain(`${svc.id}.1`);
    expect(noResolve[2]).toContain(` \\_ ${svc.id}.1`);
  });

  it('filters: node (by hostname), name prefix, desired-state; daemon refusals', () => {
    const sim = failedOnce();
    expect(lines(docker(sim, 'node1', 'docker service ps --filter node=node2 web').out).split('\n').slice(1)).toEqual([
      't796ocni7qyj   web.3     nginx:latest   node2     Running         Running about a minute ago             *:8080->80/tcp,*:8080->80/tcp',
    ]);
    expect(lines(docker(sim, 'node1', 'docker service ps -f name=web.1 -q web').out)).toBe('evqja9czo3391fijzbhscux31\ndq3nzlx6f49ldseyz1r1dk4yp');
    expect(lines(docker(sim, 'node1', 'docker service ps -f desired-state=shutdown -q web').out)).toBe('dq3nzlx6f49ldseyz1r1dk4yp');
    const before = JSON.stringify(snapshot(sim));
    expect(docker(sim, 'node1', 'docker service ps --filter desired-state=bogus web')).toEqual({
      out: '',
      err: "Error response from daemon: Invalid desired-state filter: 'bogus'\n",
      code: 1,
    });
    expect(docker(sim, 'node1', 'docker service ps --filter node=nope web')).toEqual({ out: '', err: 'Error response from daemon: node nope not found\n', code: 1 });
    expect(docker(sim, 'node1', 'docker service ps --filter foo=1 web')).toEqual({ out: '', err: "Error response from daemon: invalid filter 'foo'\n", code: 1 });
    expect(JSON.stringify(snapshot(sim))).toBe(before);
  });

  it('unknown services: `no such service`, after the table when others were found', () => {
    const sim = failedOnce();
    expect(docker(sim, 'node1', 'docker service ps nope')).toEqual({ out: '', err: 'no such service: nope\n', code: 1 });
    const r = docker(sim, 'node1', 'docker service ps -q nope web other');
    expect(r.out.split('\n')).toHaveLength(5);
    expect(r.err).toBe('no such service: nope\nno such service: other\n');
    expect(r.code).toBe(1);
  });

  it('names sort naturally (web.2 before web.10)', () => {
    const sim = swarm(12, 2);
    docker(sim, 'node1', 'docker service create -d --name web --replicas 11 busybox top');
    sim.settle();
    const names = lines(docker(sim, 'node1', 'docker service ps --format "{{.Name}}" web').out).split('\n');
    expect(names).toEqual(Array.from({ length: 11 }, (_, i) => `web.${i + 1}`));
  });
});

describe('docker node ps', () => {
  it('defaults to the current node; several nodes are listed together; unknown nodes are daemon errors', () => {
    const sim = failedOnce();
    expect(lines(docker(sim, 'node1', 'docker node ps').out)).toBe(
      lines(`ID             NAME      IMAGE          NODE      DESIRED STATE   CURRENT STATE                ERROR     PORTS
ui2ffxm3oakr   web.2     nginx:latest   node1     Running         Running about a minute ago             *:8080->80/tcp,*:8080->80/tcp`),
    );
    expect(lines(docker(sim, 'node1', 'docker node ps node2 node3').out)).toBe(
      lines(`ID             NAME        IMAGE          NODE      DESIRED STATE   CURRENT STATE                ERROR                       PORTS
evqja9czo339   web.1       nginx:latest   node3     Running         Running about a minute ago                               *:8080->80/tcp,*:8080->80/tcp
dq3nzlx6f49l    \\_ web.1   nginx:latest   node3     Shutdown        Failed about a minute ago    "task: non-zero exit (1)"   *:8080->80/tcp,*:8080->80/tcp
t796ocni7qyj   web.3       nginx:latest   node2     Running         Running about a minute ago                               *:8080->80/tcp,*:8080->80/tcp`),
    );
    // node ps -q keeps IDs truncated (unlike service ps).
    expect(docker(sim, 'node1', 'docker node ps -q node2').out).toBe('t796ocni7qyj\n');
    expect(docker(sim, 'node1', 'docker node ps nope')).toEqual({ out: '', err: 'Error response from daemon: node nope not found\n', code: 1 });
    const partly = docker(sim, 'node1', 'docker node ps -q node2 nope');
    expect(partly).toEqual({ out: 't796ocni7qyj\n', err: 'Error response from daemon: node nope not found\n', code: 1 });
  });

  it('is refused on a worker', () => {
    const sim = failedOnce();
    const r = docker(sim, 'node2', 'docker node ps');
    expect(r.code).toBe(1);
    expect(r.err).toContain('This node is not a swarm manager.');
  });
});

describe('docker ps (the task containers of the machine)', () => {
  it('running containers, newest first; -a adds the exited ones; -q and --no-trunc', () => {
    const sim = failedOnce();
    expect(lines(docker(sim, 'node3', 'docker ps').out)).toBe(
      lines(`CONTAINER ID   IMAGE          COMMAND                  CREATED              STATUS              PORTS                                     NAMES
f6904f228542   nginx:latest   "/docker-entrypoint.…"   About a minute ago   Up About a minute   0.0.0.0:8080->80/tcp, [::]:8080->80/tcp   web.1.evqja9czo3391fijzbhscux31`),
    );
    expect(lines(docker(sim, 'node3', 'docker ps -a').out)).toBe(
      lines(`CONTAINER ID   IMAGE          COMMAND                  CREATED              STATUS                          PORTS                                     NAMES
f6904f228542   nginx:latest   "/docker-entrypoint.…"   About a minute ago   Up About a minute               0.0.0.0:8080->80/tcp, [::]:8080->80/tcp   web.1.evqja9czo3391fijzbhscux31
f620d9ce5cb6   nginx:latest   "/docker-entrypoint.…"   About a minute ago   Exited (1) About a minute ago                                             web.1.dq3nzlx6f49ldseyz1r1dk4yp`),
    );
    expect(docker(sim, 'node3', 'docker ps -q').out).toBe('f6904f228542\n');
    expect(docker(sim, 'node3', 'docker ps -aq --no-trunc').out).toBe(
      'f6904f2285420e1f530e413e9523bc5ca4b2a5d3b846eeef0202d8938ee43527\nf620d9ce5cb6ed15fcb2c08c00498042f6c5294dd93f848b7cf8eed8cbf19a2e\n',
    );
    expect(lines(docker(sim, 'node3', 'docker ps --no-trunc').out)).toContain('"/docker-entrypoint.sh nginx -g daemon off;"');
  });

  it('filters by name (regular expression), status and label; formats', () => {
    const sim = failedOnce();
    expect(docker(sim, 'node3', 'docker ps -a -q --filter status=exited').out).toBe('f620d9ce5cb6\n');
    expect(docker(sim, 'node3', 'docker ps -q --filter name=web.1').out).toBe('f6904f228542\n');
    expect(docker(sim, 'node3', 'docker ps -q --filter name=^nope').out).toBe('');
    expect(docker(sim, 'node3', 'docker ps -aq --filter label=com.docker.swarm.service.name=web').out.split('\n')).toHaveLength(3);
    expect(docker(sim, 'node3', 'docker ps --format "{{.Names}} {{.State}} {{.Ports}}"').out).toBe(
      'web.1.evqja9czo3391fijzbhscux31 running 0.0.0.0:8080->80/tcp, [::]:8080->80/tcp\n',
    );
    expect(docker(sim, 'node3', 'docker ps --filter bogus=1')).toEqual({ out: '', err: "Error response from daemon: invalid filter 'bogus'\n", code: 1 });
  });

  it('a fresh container is `Up Less than a second`; a machine without tasks prints the header only', () => {
    const sim = swarm(13, 2);
    docker(sim, 'node1', 'docker service create -d --name one --constraint node.hostname==node2 busybox top');
    sim.settle();
    expect(lines(docker(sim, 'node2', 'docker ps --format "{{.Status}}|{{.RunningFor}}|{{.Command}}|{{.Image}}"').out)).toBe(
      'Up Less than a second|Less than a second ago|"top"|busybox:latest',
    );
    expect(lines(docker(sim, 'node1', 'docker ps').out)).toBe('CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES');
    // Creation time in whole seconds, as time.Unix(created, 0).String() prints it.
    expect(lines(docker(sim, 'node2', 'docker ps --format "{{.CreatedAt}}"').out)).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+0000 UTC$/);
  });

  it('works outside a swarm, and on a stopped engine says so', () => {
    const sim = new Simulation({ seed: 1 });
    sim.machine('solo');
    expect(lines(docker(sim, 'solo', 'docker ps').out)).toBe('CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES');
    sim.stopMachine('solo');
    const r = docker(sim, 'solo', 'docker ps');
    expect(r.code).toBe(1);
    expect(r.err).toBe('Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n');
  });
});

describe('helpers', () => {
  it('natural order (fvbommel/sortorder)', () => {
    const names = ['web.10', 'web.2', 'web.1', 'a10b', 'a2b', 'a02b', 'x', 'web.1.0'];
    expect([...names].sort(naturalCompare)).toEqual(['a2b', 'a02b', 'a10b', 'web.1', 'web.1.0', 'web.2', 'web.10', 'x']);
  });

  it('familiar image names drop the digest but keep the tag', () => {
    expect(familiarImage('docker.io/library/busybox:latest')).toBe('busybox:latest');
    expect(familiarImage('mrjana/simpleweb:latest@sha256:317d')).toBe('mrjana/simpleweb:latest');
    expect(familiarImage('mrjana/simpleweb@sha256:317d')).toBe('mrjana/simpleweb@sha256:317d');
  });
});
