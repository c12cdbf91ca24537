import { describe, expect, it } from 'vitest';
import { runDocker } from '../../sim/docker/run.js';
import { normalizeImage, parseCpus, parseMount, parsePort, portsText, goDuration, shlexSplit } from '../../sim/docker/commands/service.js';
import { Simulation } from '../../sim/simulation.js';
import { pinnedImage } from '../../sim/engine/images.js';
import { snapshot } from '../../sim/snapshot.js';

import { docker, lines, swarm } from './typed.js';

const FULL_BAR = `[${'='.repeat(50)}>] `;

// --- the documents' examples ---

describe('Plugins and Services: volume plugin on the worker only', () => {
  function setup(): Simulation {
    const sim = swarm(1);
    sim.pluginInstall('node2', 'tiborvass/sample-volume-plugin');
    sim.volumeCreate('node2', 'pluginVol', 'tiborvass/sample-volume-plugin');
    sim.settle();
    return sim;
  }

  it('service create prints the ID and the converged progress frame; the task lands on node2', () => {
    const sim = setup();
    const r = docker(
      sim,
      'node1',
      'docker service create --name my-service --mount type=volume,volume-driver=tiborvass/sample-volume-plugin,source=pluginVol,destination=/tmp busybox top',
    );
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    // Exact, trailing spaces included: the frame a wide terminal shows.
    expect(r.out).toBe(
      'gllprwza9antl5ts4n2lzpkq1\n' +
        'overall progress: 1 out of 1 tasks \n' +
        `1/1: running   ${FULL_BAR}\n` +
        'verify: Service gllprwza9antl5ts4n2lzpkq1 converged \n',
    );
    expect(lines(docker(sim, 'node1', 'docker service ls').out)).toBe(
      lines(`ID             NAME         MODE         REPLICAS   IMAGE            PORTS
gllprwza9ant   my-service   replicated   1/1        busybox:latest`),
    );
    expect(lines(docker(sim, 'node1', 'docker service ps my-service').out)).toBe(
      lines(`ID             NAME           IMAGE            NODE      DESIRED STATE   CURRENT STATE           ERROR     PORTS
vsag80fmmb9a   my-service.1   busybox:latest   node2     Running         Running 5 seconds ago`),
    );
    expect(docker(sim, 'node2', "docker ps --format '{{.ID}}\\t {{.Status}} {{.Names}} {{.Command}}'").out).toBe(
      '8412daafff77\t Up 5 seconds my-service.1.vsag80fmmb9axw8d8q619tbla "top"\n',
    );
    expect(lines(docker(sim, 'node1', 'docker ps').out)).toBe('CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES');
  });

  it('before the plugin is anywhere the task is pending, and the frame ends as an interrupted docker would', () => {
    const sim = swarm(3);
    const r = docker(sim, 'node1', 'docker service create --name pv --mount type=volume,volume-driver=tiborvass/sample-volume-plugin,source=pluginVol,destination=/tmp busybox top');
    expect(r.code).toBe(0);
    const [id] = r.out.split('\n');
    expect(r.out).toBe(
      `${id}\n` +
        'overall progress: 0 out of 1 tasks \n' +
        '1/1: no suitable node (missing plugin on 2 nodes) \n' +
        'Operation continuing in background.\n' +
        `Use \`docker service ps ${id}\` to check progress.\n`,
    );
    const ps = lines(docker(sim, 'node1', 'docker service ps pv').out).split('\n');
    expect(ps[1]).toBe(`${sim.world.tasks.values().next().value!.id.slice(0, 12)}   pv.1      busybox:latest             Running         Pending less than a second ago   "no suitable node (missing plu…"`);
    expect(lines(docker(sim, 'node1', 'docker service ps --no-trunc pv').out)).toContain('"no suitable node (missing plugin on 2 nodes)"');
  });
});

describe('Plugins and Services: weave2 network plugin on both nodes, then removed from node2', () => {
  it('8 replicas spread 4/4; scale to 0; plugin rm -f on node2; scale to 8 puts all 8 on node1', () => {
    const sim = swarm(1);
    sim.pluginInstall('node1', 'bboreham/weave2');
    sim.pluginInstall('node2', 'bboreham/weave2');
    sim.settle();
    sim.networkCreate('node1', { name: 'globalnet', driver: 'bboreham/weave2:latest' });

    const create = docker(sim, 'node1', 'docker service create --network globalnet --name myservice --replicas=8 mrjana/simpleweb simpleweb');
    expect(create.code).toBe(0);
    const frame = create.out.split('\n');
    expect(frame[0]).toBe('k0j4z40ds91v5sq3d4imyacu7');
    expect(frame[1]).toBe('overall progress: 8 out of 8 tasks ');
    expect(frame.slice(2, 10)).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((i) => `${i}/8: running   ${FULL_BAR}`));
    expect(frame[10]).toBe('verify: Service k0j4z40ds91v5sq3d4imyacu7 converged ');

    const rows = (host: string): string[] => lines(docker(sim, host, 'docker ps').out).split('\n').slice(1);
    expect(rows('node1')).toHaveLength(4);
    expect(rows('node2')).toHaveLength(4);
    expect(lines(docker(sim, 'node2', 'docker ps').out)).toBe(
      lines(`CONTAINER ID   IMAGE                     COMMAND       CREATED          STATUS          PORTS     NAMES
2edcf210cd57   mrjana/simpleweb:latest   "simpleweb"   23 seconds ago   Up 23 seconds             myservice.3.jvsc48g0m4gb8ky35sq10g1zz
a4b2a5d3b846   mrjana/simpleweb:latest   "simpleweb"   23 seconds ago   Up 23 seconds             myservice.5.d32k46m52832jcu0z9gb2hdsc
e24f32f932b8   mrjana/simpleweb:latest   "simpleweb"   23 seconds ago   Up 23 seconds             myservice.1.acl2nr9xrlung1bayvahdijqr
f7e4b84c4894   mrjana/simpleweb:latest   "simpleweb"   23 seconds ago   Up 23 seconds             myservice.7.ypui2ffxm3oakrit5qq4trd76`),
    );

    const zero = docker(sim, 'node1', 'docker service scale myservice=0');
    expect(zero.out).toBe('myservice scaled to 0\noverall progress: 0 out of 0 tasks \nverify: Service myservice converged \n');
    expect(rows('node1')).toEqual([]);

    sim.pluginRemove('node2', 'bboreham/weave2', true);
    sim.settle();
    const eight = docker(sim, 'node1', 'docker service scale myservice=8');
    expect(eight.out.split('\n')[0]).toBe('myservice scaled to 8');
    expect(eight.out).toContain('verify: Service myservice converged ');

    expect(lines(docker(sim, 'node1', 'docker service ps myservice').out)).toBe(
      lines(`ID             NAME          IMAGE                     NODE      DESIRED STATE   CURRENT STATE            ERROR     PORTS
rwfdai9uzgca   myservice.1   mrjana/simpleweb:latest   node1     Running         Running 23 seconds ago
jpqpzb420j38   myservice.2   mrjana/simpleweb:latest   node1     Running         Running 23 seconds ago
dcmiq580x0lu   myservice.3   mrjana/simpleweb:latest   node1     Running         Running 23 seconds ago
n6f3jnn1d4zm   myservice.4   mrjana/simpleweb:latest   node1     Running         Running 23 seconds ago
5y0101fxt7y2   myservice.5   mrjana/simpleweb:latest   node1     Running         Running 23 seconds ago
1v9l6nk9zufp   myservice.6   mrjana/simpleweb:latest   node1     Running         Running 23 seconds ago
41u0nhqgo41j   myservice.7   mrjana/simpleweb:latest   node1     Running         Running 23 seconds ago
fteyy7913x2s   myservice.8   mrjana/simpleweb:latest   node1     Running         Running 23 seconds ago`),
    );
    expect(rows('node1')).toHaveLength(8);
    expect(rows('node2')).toEqual([]);
    expect(lines(docker(sim, 'node2', 'docker ps').out)).toBe('CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES');
    expect(lines(docker(sim, 'node1', 'docker service ls').out)).toBe(
      lines(`ID             NAME        MODE         REPLICAS   IMAGE                     PORTS
k0j4z40ds91v   myservice   replicated   8/8        mrjana/simpleweb:latest`),
    );

    // A global service on the same network: node2 no longer has the plugin.
    const g = docker(sim, 'node1', 'docker service create --name agent --mode global --network globalnet busybox top');
    expect(g.out).toBe(
      'd6rf761smsuw00798bu0zswp4\n' +
        'overall progress: 1 out of 2 tasks \n' +
        `otf0lcg3wf0r: running   ${FULL_BAR}\n` +
        '1s8vtye0ajmh: missing plugin on 1 node \n' +
        'Operation continuing in background.\n' +
        'Use `docker service ps d6rf761smsuw00798bu0zswp4` to check progress.\n',
    );
    expect(lines(docker(sim, 'node1', 'docker service ps agent').out)).toBe(
      lines(`ID             NAME                              IMAGE            NODE      DESIRED STATE   CURRENT STATE                    ERROR                        PORTS
270rffwgw5on   agent.1s8vtye0ajmhpyafqqg8eybmy   busybox:latest   node2     Running         Pending 1 second ago             "missing plugin on 1 node"
2x0grjf7zki5   agent.otf0lcg3wf0rn3j02kzdisibz   busybox:latest   node1     Running         Running less than a second ago`),
    );
    expect(lines(docker(sim, 'node1', 'docker service ls').out)).toBe(
      lines(`ID             NAME        MODE         REPLICAS   IMAGE                     PORTS
d6rf761smsuw   agent       global       1/2        busybox:latest
k0j4z40ds91v   myservice   replicated   8/8        mrjana/simpleweb:latest`),
    );
  });
});

// --- create, ls, inspect, update, rollback ---

describe('service create, ls, inspect, update and rollback', () => {
  const WEB =
    'docker service create --name web --replicas 3 --replicas-max-per-node 2 -p 8080:80 -p 8081:81 --label tier=front --env A=1 ' +
    '--reserve-cpu 0.5 --reserve-memory 64M --constraint node.role!=nothing --placement-pref spread=node.labels.az ' +
    '--update-delay 10s --restart-condition on-failure --log-driver json-file --log-opt max-size=10m nginx:alpine';

  it('lists with max-per-node, merged port ranges, job and global rows; filters; quiet; custom formats', () => {
    const sim = swarm(2);
    expect(docker(sim, 'node1', WEB).code).toBe(0);
    docker(sim, 'node1', 'docker service create -d --name j --mode replicated-job --replicas 2 busybox true');
    sim.settle();
    docker(sim, 'node1', 'docker service create --name g --mode global busybox top');
    expect(lines(docker(sim, 'node1', 'docker service ls').out)).toBe(
      lines(`ID             NAME      MODE             REPLICAS               IMAGE            PORTS
1oh581zy2p58   g         global           2/2                    busybox:latest
lwcga82w30os   j         replicated job   0/2 (2/2 completed)    busybox:latest
sppw2h6ewucg   web       replicated       3/3 (max 2 per node)   nginx:alpine     *:8080-8081->80-81/tcp`),
    );
    expect(docker(sim, 'node1', 'docker service ls --filter mode=global -q').out).toBe('1oh581zy2p58\n');
    expect(docker(sim, 'node1', 'docker service ls -f name=w -f name=j -q').out).toBe('lwcga82w30os\nsppw2h6ewucg\n');
    expect(lines(docker(sim, 'node1', 'docker service ls --filter label=tier=front').out).split('\n')).toHaveLength(2);
    expect(docker(sim, 'node1', 'docker service ls --format "{{.Name}}: {{.Replicas}} {{.Ports}}" --filter name=web').out).toBe(
      'web: 3/3 (max 2 per node) *:8080-8081->80-81/tcp\n',
    );
    expect(docker(sim, 'node1', 'docker service ls --filter foo=bar')).toEqual({ out: '', err: "Error response from daemon: invalid filter 'foo'\n", code: 1 });
    const bad = docker(sim, 'node1', 'docker service ls --filter foo');
    expect(bad.code).toBe(125);
    expect(bad.err.split('\n')[0]).toBe('invalid argument "foo" for "-f, --filter" flag: bad format of filter (expected name=value)');
  });

  it('inspect prints the Engine API object (4-space JSON) and --pretty the human form', () => {
    const sim = swarm(2);
    docker(sim, 'node1', WEB);
    const r = docker(sim, 'node1', 'docker service inspect web');
    expect(r.out.startsWith('[\n    {\n        "ID": "sppw2h6ewucg8fphm5avufj5v",\n')).toBe(true);
    const [svc] = JSON.parse(r.out);
    expect(svc.Spec).toEqual({
      Name: 'web',
      Labels: { tier: 'front' },
      TaskTemplate: {
        // The CLI asked the registry for the digest (create.go QueryRegistry) and pinned the image.
        ContainerSpec: { Image: pinnedImage('nginx:alpine'), Env: ['A=1'], Init: false, StopGracePeriod: 10000000000, DNSConfig: {}, Isolation: 'default' },
        Resources: { Limits: {}, Reservations: { NanoCPUs: 500000000, MemoryBytes: 67108864 } },
        RestartPolicy: { Condition: 'on-failure', Delay: 5000000000, MaxAttempts: 0 },
        Placement: { Constraints: ['node.role!=nothing'], Preferences: [{ Spread: { SpreadDescriptor: 'node.labels.az' } }], MaxReplicas: 2 },
        LogDriver: { Name: 'json-file', Options: { 'max-size': '10m' } },
        ForceUpdate: 0,
        Runtime: 'container',
      },
      Mode: { Replicated: { Replicas: 3 } },
      UpdateConfig: { Parallelism: 1, Delay: 10000000000, FailureAction: 'pause', Monitor: 5000000000, MaxFailureRatio: 0, Order: 'stop-first' },
      RollbackConfig: { Parallelism: 1, FailureAction: 'pause', Monitor: 5000000000, MaxFailureRatio: 0, Order: 'stop-first' },
      EndpointSpec: {
        Mode: 'vip',
        Ports: [
          { Protocol: 'tcp', TargetPort: 80, PublishedPort: 8080, PublishMode: 'ingress' },
          { Protocol: 'tcp', TargetPort: 81, PublishedPort: 8081, PublishMode: 'ingress' },
        ],
      },
    });
    expect(Object.keys(svc)).toEqual(['ID', 'Version', 'CreatedAt', 'UpdatedAt', 'Spec', 'Endpoint']);
    expect(lines(docker(sim, 'node1', 'docker service inspect --pretty web').out)).toBe(
      lines(`
ID:		sppw2h6ewucg8fphm5avufj5v
Name:		web
Labels:
 tier=front
Service Mode:	Replicated
 Replicas:	3
Placement:
 Constraints:	[node.role!=nothing]
 Preferences:   [spread=node.labels.az]
 Max Replicas Per Node:   2
UpdateConfig:
 Parallelism:	1
 Delay:		10s
 On failure:	pause
 Monitoring Period: 5s
 Max failure ratio: 0
 Update order:      stop-first
RollbackConfig:
 Parallelism:	1
 On failure:	pause
 Monitoring Period: 5s
 Max failure ratio: 0
 Rollback order:    stop-first
ContainerSpec:
 Image:		${pinnedImage('nginx:alpine')}
 Env:		A=1
 Init:		false
Log Driver:
 Name:		json-file
 LogOpts:
  max-size:       10m

Resources:
 Reservations:
  CPU:		0.5
  Memory:	64MiB
Endpoint Mode:	vip
Ports:
 PublishedPort = 8080
  Protocol = tcp
  TargetPort = 80
  PublishMode = ingress
 PublishedPort = 8081
  Protocol = tcp
  TargetPort = 81
  PublishMode = ingress`),
    );
    expect(docker(sim, 'node1', 'docker service inspect --format "{{.Spec.Mode.Replicated.Replicas}}" web nope')).toEqual({
      out: '3\n',
      err: 'no such service: nope\n',
      code: 1,
    });
    expect(docker(sim, 'node1', 'docker service inspect nope')).toEqual({ out: '[]\n', err: 'no such service: nope\n', code: 1 });
    expect(docker(sim, 'node1', 'docker service inspect --format prettyx web')).toEqual({
      out: '',
      err: 'cannot supply extra formatting options to the pretty template\n',
      code: 1,
    });
  });

  it('update rolls the tasks (history indented in service ps); rollback shows its own frame', () => {
    const sim = swarm(2);
    docker(sim, 'node1', WEB);
    const up = docker(sim, 'node1', 'docker service update --image nginx:1.27 --env-add B=2 --publish-rm 81 web');
    expect(up.out).toBe(
      'web\noverall progress: 3 out of 3 tasks \n' + [1, 2, 3].map((i) => `${i}/3: running   ${FULL_BAR}\n`).join('') + 'verify: Service web converged \n',
    );
    expect(lines(docker(sim, 'node1', 'docker service ps web').out)).toBe(
      lines(`ID             NAME        IMAGE          NODE      DESIRED STATE   CURRENT STATE             ERROR     PORTS
0a6p7iee65vl   web.1       nginx:1.27     node1     Running         Running 26 seconds ago
l6tjoiw2e8iw    \\_ web.1   nginx:alpine   node2     Shutdown        Shutdown 27 seconds ago
cga82w30oscm   web.2       nginx:1.27     node1     Running         Running 38 seconds ago
fy2fcsnq9gii    \\_ web.2   nginx:alpine   node1     Shutdown        Shutdown 39 seconds ago
4xxf9sqo0rc2   web.3       nginx:1.27     node2     Running         Running 15 seconds ago
ohuh7zgzzdzs    \\_ web.3   nginx:alpine   node2     Shutdown        Shutdown 16 seconds ago`),
    );
    const spec = sim.resolveService('web')!.spec;
    expect(spec.task.env).toEqual(['A=1', 'B=2']);
    expect(spec.ports.map((p) => p.targetPort)).toEqual([80]);
    expect(docker(sim, 'node1', 'docker service update --rollback --replicas 2 web')).toEqual({
      out: '',
      err: 'other flags may not be combined with --rollback\n',
      code: 1,
    });
    const rb = docker(sim, 'node1', 'docker service rollback web');
    expect(rb.out).toBe(
      'web\nrollback: manually requested rollback \n' +
        'overall progress: rolling back update: 3 out of 3 tasks \n' +
        [1, 2, 3].map((i) => `${i}/3: running   ${FULL_BAR}\n`).join('') +
        // The rollback finishes after the tasks have run for the monitor period, so the CLI,
        // which stops 5 s after convergence, never sees "rollback completed" (as on a real Swarm).
        'verify: Service web converged \n',
    );
    expect(sim.resolveService('web')!.spec.task.image).toBe(pinnedImage('nginx:alpine'));
    // A later change starts afresh: the finished rollback is not shown again.
    expect(docker(sim, 'node1', 'docker service scale web=2').out).toBe(
      'web scaled to 2\noverall progress: 2 out of 2 tasks \n' + [1, 2].map((i) => `${i}/2: running   ${FULL_BAR}\n`).join('') + 'verify: Service web converged \n',
    );
    expect(docker(sim, 'node1', 'docker service update -d --replicas 1 web').out).toBe('web\n');
    expect(docker(sim, 'node1', 'docker service update -q --force web').out).toBe('web\n');
    expect(sim.resolveService('web')!.spec.task.forceUpdate).toBe(1);
  });

  it('jobs finish with "job complete"; a name is generated when none is given; -d prints only the ID', () => {
    const sim = swarm(4);
    const job = docker(sim, 'node1', 'docker service create --name job --mode replicated-job --replicas 3 busybox true');
    expect(job.out.split('\n').slice(1).join('\n')).toBe(
      `job progress: 3 out of 3 complete ${FULL_BAR}\n` +
        'active tasks: 0 out of 0 tasks \n' +
        [1, 2, 3].map((i) => `${i}/3: complete  ${FULL_BAR}\n`).join('') +
        'job complete\n',
    );
    const d = docker(sim, 'node1', 'docker service create -d busybox top');
    expect(d.out).toMatch(/^[0-9a-z]{25}\n$/);
    expect(sim.world.services.get(d.out.trim())!.spec.name).toMatch(/^[a-z]+_[a-z]+$/);
    const q = docker(sim, 'node1', 'docker service create -q --name quiet busybox top');
    expect(q.out).toMatch(/^[0-9a-z]{25}\n$/);
  });
});

describe('times in inspect templates', () => {
  it('print as Go time.Time: String() for {{.CreatedAt}}, RFC 3339 for json', () => {
    const sim = swarm(5, 1);
    sim.advance(1_250);
    docker(sim, 'node1', 'docker service create -d --name web busybox top');
    docker(sim, 'node1', 'docker network create -d overlay backend');
    const goString = /^2024-06-01 12:00:\d\d(\.\d+)? \+0000 UTC$/;
    expect(lines(docker(sim, 'node1', 'docker service inspect --format "{{.CreatedAt}}" web').out)).toMatch(goString);
    expect(lines(docker(sim, 'node1', 'docker service inspect --format "{{json .CreatedAt}}" web').out)).toMatch(/^"2024-06-01T12:00:\d\d(\.\d+)?Z"$/);
    expect(lines(docker(sim, 'node1', 'docker node inspect --format "{{.CreatedAt}}" self').out)).toMatch(goString);
    expect(lines(docker(sim, 'node1', 'docker network inspect --format "{{.Created}}" backend').out)).toMatch(goString);
    // The whole object as JSON keeps RFC 3339.
    expect(docker(sim, 'node1', 'docker service inspect web').out).toMatch(/"CreatedAt": "2024-06-01T12:00:\d\d(\.\d+)?Z"/);
  });
});

describe('--mount volume-label', () => {
  it('labels the volume the engine creates for the task, and shows in the spec', () => {
    const sim = swarm(5, 1);
    const r = docker(sim, 'node1', 'docker service create -d --name db --mount type=volume,src=dbdata,dst=/data,volume-label=team=db busybox top');
    expect(r.code).toBe(0);
    sim.settle();
    expect(docker(sim, 'node1', 'docker volume ls -q --filter label=team=db').out).toBe('dbdata\n');
    expect(docker(sim, 'node1', 'docker service inspect --format "{{json .Spec.TaskTemplate.ContainerSpec.Mounts}}" db').out).toBe(
      '[{"Type":"volume","Source":"dbdata","Target":"/data","VolumeOptions":{"Labels":{"team":"db"}}}]\n',
    );
  });
});

describe('progress frames: long errors, paused updates, automatic rollbacks', () => {
  it('a long task error is cut at 75 bytes with an ellipsis', () => {
    const sim = swarm(32, 3);
    sim.nodeUpdate('node2', { availability: 'drain' });
    sim.pluginInstall('node1', 'vieux/sshfs');
    sim.settle();
    docker(sim, 'node1', 'docker service create --name big --reserve-memory 1536M --constraint node.hostname==node1 busybox top');
    const r = docker(sim, 'node1', 'docker service create --name p --reserve-memory 1G --mount type=volume,source=v,target=/v,volume-driver=vieux/sshfs busybox top');
    const line = r.out.split('\n')[2];
    expect(line).toBe('1/1: no suitable node (1 node not available for new tasks; insufficient resourc… ');
    expect(Buffer.byteLength(line.slice(5, -2))).toBe(74);
    expect(sim.resolveService('p')!.id).toBe(r.out.split('\n')[0]);
    expect(lines(docker(sim, 'node1', 'docker service ps --no-trunc --format "{{.Error}}" p').out)).toBe(
      '"no suitable node (1 node not available for new tasks; insufficient resources on 1 node; missing plugin on 1 node)"',
    );
  });

  it('an update whose new tasks fail pauses: the frame, then `service update paused` (exit 1)', () => {
    const sim = swarm(31, 2);
    sim.pluginInstall('node1', 'vieux/sshfs');
    sim.pluginInstall('node2', 'vieux/sshfs');
    sim.settle();
    docker(sim, 'node1', 'docker service create --name web --replicas 2 busybox top');
    // Disabled plugins still show in the nodes' descriptions until the next refresh: the engines reject the tasks.
    sim.pluginDisable('node1', 'vieux/sshfs');
    sim.pluginDisable('node2', 'vieux/sshfs');
    const r = docker(sim, 'node1', 'docker service update --mount-add type=volume,source=v,target=/v,volume-driver=vieux/sshfs web');
    expect(r.code).toBe(1);
    expect(r.out).toBe('web\noverall progress: 0 out of 2 tasks \n1/2: no suitable node (missing plugin on 2 nodes) \n2/2:   \n');
    expect(r.err).toMatch(/^service update paused: update paused due to failure or early termination of task [0-9a-z]{25}\n$/);
    const pretty = docker(sim, 'node1', 'docker service inspect --pretty web').out;
    expect(pretty).toContain('UpdateStatus:\n State:\t\tpaused\n Started:\t21 seconds ago\n Message:\tupdate paused due to failure');
  });
});

describe('an update that fails with --update-failure-action rollback', () => {
  it('the rollback line appears below the lines already drawn, the overall line turns into "rolling back"', () => {
    const sim = swarm(31, 2);
    sim.pluginInstall('node1', 'vieux/sshfs');
    sim.pluginInstall('node2', 'vieux/sshfs');
    sim.settle();
    docker(sim, 'node1', 'docker service create --name web --replicas 2 --update-failure-action rollback busybox top');
    sim.pluginDisable('node1', 'vieux/sshfs');
    sim.pluginDisable('node2', 'vieux/sshfs');
    const r = docker(sim, 'node1', 'docker service update --mount-add type=volume,source=v,target=/v,volume-driver=vieux/sshfs web');
    // updater.go names the task whose failure triggered the rollback.
    const failed = [...sim.world.tasks.values()].find((t) => t.status.state === 'rejected' || t.status.state === 'failed')!;
    expect(r).toEqual({
      out:
        'web\noverall progress: rolling back update: 2 out of 2 tasks \n' +
        [1, 2].map((i) => `${i}/2: running   ${FULL_BAR}\n`).join('') +
        `rollback: update rolled back due to failure or early termination of task ${failed.id} \n` +
        // "rollback completed" comes a monitor period after the last slot: after the CLI has gone.
        'verify: Service web converged \n',
      err: '',
      code: 0,
    });
    expect(sim.resolveService('web')!.spec.task.mounts).toEqual([]);
  });
});

describe('image digests (the CLI queries the registry)', () => {
  it('create and update --image pin the image to its digest; --no-resolve-image sends it as written; the tables show the tag', () => {
    const sim = swarm(3);
    docker(sim, 'node1', 'docker service create --name a busybox top');
    docker(sim, 'node1', 'docker service create --name b --no-resolve-image busybox top');
    const image = (name: string): string => sim.resolveService(name)!.spec.task.image;
    expect(image('a')).toMatch(/^busybox:latest@sha256:[0-9a-f]{64}$/);
    expect(image('b')).toBe('busybox:latest');
    // A digest depends on the reference only: the same image resolves the same.
    expect(pinnedImage('busybox:latest')).toBe(image('a'));
    expect(pinnedImage('busybox:1.36')).not.toBe(image('a'));
    expect(docker(sim, 'node1', 'docker service ls --format "{{.Name}} {{.Image}}"').out).toBe('a busybox:latest\nb busybox:latest\n');
    expect(docker(sim, 'node1', 'docker service ps --format "{{.Image}}" a').out).toBe('busybox:latest\n');
    expect(docker(sim, 'node1', 'docker service ps --no-trunc --format "{{.Image}}" a').out).toBe(`${image('a')}\n`);
    docker(sim, 'node1', 'docker service update --env-add X=1 b');
    expect(image('b')).toBe('busybox:latest');
    docker(sim, 'node1', 'docker service update --image busybox:1.36 b');
    expect(image('b')).toBe(pinnedImage('busybox:1.36'));
  });
});

describe('service ls while a node is down', () => {
  it('a task left RUNNING on the down node no longer counts: 3/3, not 4/3', () => {
    const sim = swarm(51, 3);
    docker(sim, 'node1', 'docker service create -d --name web --replicas 3 busybox top');
    sim.settle();
    sim.stopMachine('node3');
    sim.settle();
    expect(lines(docker(sim, 'node1', 'docker service ls --format "{{.Replicas}}"').out)).toBe('3/3');
    const ps = lines(docker(sim, 'node1', 'docker service ps --format "{{.Name}}|{{.Node}}|{{.DesiredState}}|{{.CurrentState}}" web').out).split('\n');
    // Spread puts one task on each node; node3's is shut down, though its agent never said so.
    expect(ps.filter((r) => r.includes('|node3|'))).toEqual([expect.stringMatching(/^web\.\d\|node3\|Shutdown\|Running 18 seconds ago$/)]);
  });
});

// --- refusals ---

describe('refused commands: docker texts, nothing changed', () => {
  function setup(): Simulation {
    const sim = swarm(5);
    docker(sim, 'node1', 'docker service create --name web busybox top');
    docker(sim, 'node1', 'docker service create --name globalsvc --mode global busybox top');
    return sim;
  }

  const cases: [string, string, number][] = [
    ['docker service create --mode global --replicas 2 busybox', 'replicas can only be used with replicated or replicated-job mode', 1],
    ['docker service create --mode global --replicas-max-per-node 2 busybox', 'replicas-max-per-node can only be used with replicated or replicated-job mode', 1],
    ['docker service create --max-concurrent 2 busybox', 'max-concurrent can only be used with replicated-job mode', 1],
    ['docker service create --mode nope busybox', 'Unknown mode: nope, only replicated and global supported', 1],
    // opts.DurationOpt takes a negative delay; swarmkit's validateRestartPolicy refuses it.
    ['docker service create --restart-delay -1s busybox', 'Error response from daemon: rpc error: code = InvalidArgument desc = TaskSpec: restart-delay cannot be negative', 1],
    ['docker service create --restart-window -1s busybox', 'Error response from daemon: rpc error: code = InvalidArgument desc = TaskSpec: restart-window cannot be negative', 1],
    ['docker service create --mode replicated-job --update-delay 1s busybox', 'update and rollback configuration is not supported for jobs', 1],
    ['docker service create --network nope busybox', 'Error response from daemon: network nope not found', 1],
    ['docker service create --constraint node.role busybox', 'Error response from daemon: rpc error: code = Unknown desc = constraint expected one operator from ==, !=', 1],
    ['docker service create --name web busybox', 'Error response from daemon: rpc error: code = AlreadyExists desc = name conflicts with an existing object: service web already exists', 1],
    ['docker service create --restart-condition sometimes busybox', 'Error response from daemon: invalid RestartCondition: "sometimes"', 1],
    ['docker service create --update-failure-action explode busybox', 'Error response from daemon: rpc error: code = InvalidArgument desc = unrecognized update failure action explode', 1],
    ['docker service create Busybox', 'Error response from daemon: rpc error: code = InvalidArgument desc = ContainerSpec: "Busybox" is not a valid repository/tag', 1],
    ['docker service scale globalsvc=2', 'globalsvc: scale can only be used with replicated or replicated-job mode', 1],
    ['docker service scale web=x', 'web: invalid replicas value x: strconv.ParseUint: parsing "x": invalid syntax', 1],
    ['docker service scale nope=2', 'nope: Error response from daemon: service nope not found', 1],
    [
      'docker service scale web',
      "invalid scale specifier 'web'.\nSee 'docker service scale --help'.\n\nUsage:  docker service scale SERVICE=REPLICAS [SERVICE=REPLICAS...]\n\nScale one or multiple replicated services",
      1,
    ],
    ['docker service update --replicas 2 globalsvc', 'replicas can only be used with replicated mode', 1],
    ['docker service update --network-add nope web', 'Error response from daemon: network nope not found', 1],
    ['docker service update --image x nope', 'Error response from daemon: service nope not found', 1],
    ['docker service rollback web', 'Error response from daemon: rpc error: code = FailedPrecondition desc = service ' , 1],
    ['docker service rm nope', 'Error response from daemon: service nope not found', 1],
  ];

  for (const [line, message, code] of cases) {
    it(line, () => {
      const sim = setup();
      const before = JSON.stringify(snapshot(sim));
      const r = docker(sim, 'node1', line);
      expect(r.code).toBe(code);
      expect(r.out).toBe('');
      expect(r.err.startsWith(message)).toBe(true);
      if (!line.includes('rollback')) expect(r.err).toBe(message + '\n');
      expect(JSON.stringify(snapshot(sim))).toBe(before);
    });
  }

  const flagCases: [string, string][] = [
    ['docker service create --placement-pref foo busybox', 'invalid argument "foo" for "--placement-pref" flag: placement preference must be of the format "<strategy>=<arg>"'],
    ['docker service create --placement-pref foo=bar busybox', 'invalid argument "foo=bar" for "--placement-pref" flag: unsupported placement preference foo (only spread is supported)'],
    ['docker service create --reserve-memory 10x busybox', `invalid argument "10x" for "--reserve-memory" flag: invalid suffix: 'x'`],
    ['docker service create --reserve-cpu abc busybox', 'invalid argument "abc" for "--reserve-cpu" flag: failed to parse abc as a rational number'],
    ['docker service create --restart-delay 5x busybox', 'invalid argument "5x" for "--restart-delay" flag: time: unknown unit "x" in duration "5x"'],
    ['docker service create --health-interval -1s busybox', 'invalid argument "-1s" for "--health-interval" flag: duration cannot be negative'],
    ['docker service create --mount type=volume,foo=bar busybox', `invalid argument "type=volume,foo=bar" for "--mount" flag: unexpected key 'foo' in 'foo=bar'`],
    ['docker service create --mount type=volume,source=v busybox', `invalid argument "type=volume,source=v" for "--mount" flag: target is required`],
    ['docker service create --mount type=bind,volume-driver=x,target=/x busybox', `invalid argument "type=bind,volume-driver=x,target=/x" for "--mount" flag: cannot mix 'volume-*' options with mount type 'bind'`],
    ['docker service create -p published=80 busybox', `invalid argument "published=80" for "-p, --publish" flag: missing mandatory field 'target'`],
    ['docker service create -p 1.2.3.4:80:80 busybox', 'invalid argument "1.2.3.4:80:80" for "-p, --publish" flag: hostip is not supported'],
    ['docker service create -e =x busybox', 'invalid argument "=x" for "-e, --env" flag: invalid environment variable: =x'],
    ['docker service create -l =x busybox', `invalid argument "=x" for "-l, --label" flag: invalid label '=x': empty name`],
  ];
  for (const [line, message] of flagCases) {
    it(line, () => {
      const sim = setup();
      const before = JSON.stringify(snapshot(sim));
      const r = docker(sim, 'node1', line);
      expect(r.code).toBe(125);
      expect(r.err).toBe(`${message}\n\nUsage:  docker service create [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nRun 'docker service create --help' for more information\n`);
      expect(JSON.stringify(snapshot(sim))).toBe(before);
    });
  }

  it('scale applies what it can and reports the rest together', () => {
    const sim = setup();
    const r = docker(sim, 'node1', 'docker service scale -d web=x nope=1 globalsvc=3 web=2');
    expect(r.out).toBe('web scaled to 2\n');
    expect(r.err).toBe(
      'web: invalid replicas value x: strconv.ParseUint: parsing "x": invalid syntax\n' +
        'nope: Error response from daemon: service nope not found\n' +
        'globalsvc: scale can only be used with replicated or replicated-job mode\n',
    );
    expect(r.code).toBe(1);
    expect(sim.resolveService('web')!.spec.mode).toEqual({ kind: 'replicated', replicas: 2 });
  });

  it('rm removes what exists, prints each, and reports the rest', () => {
    const sim = setup();
    expect(docker(sim, 'node1', 'docker service rm web nope globalsvc')).toEqual({
      out: 'web\nglobalsvc\n',
      err: 'Error response from daemon: service nope not found\n',
      code: 1,
    });
    expect(sim.world.services.size).toBe(0);
  });

  it('on a worker the engine refuses', () => {
    const sim = setup();
    const r = docker(sim, 'node2', 'docker service ls');
    expect(r.code).toBe(1);
    expect(r.err).toContain("This node is not a swarm manager. Worker nodes can't be used to view or modify cluster state.");
  });
});

// --- option parsers ---

describe('option parsers', () => {
  it('mounts (opts/mount.go)', () => {
    expect(parseMount('type=volume,volume-driver=d,source=v,destination=/tmp,volume-opt=a=b,readonly')).toEqual({
      type: 'volume',
      source: 'v',
      target: '/tmp',
      readonly: true,
      volumeDriver: 'd',
      volumeOptions: { a: 'b' },
      volumeLabels: {},
    });
    // volume-label, like volume-opt, is `k=v` or `k` (setValueOnMap).
    expect(parseMount('src=v,dst=/d,volume-label=team=db,volume-label=backup').volumeLabels).toEqual({ team: 'db', backup: '' });
    expect(() => parseMount('type=bind,src=/a,dst=/d,volume-label=x=y')).toThrow("cannot mix 'volume-*' options with mount type 'bind'");
    expect(parseMount('src=v,dst=/d').type).toBe('volume');
    expect(() => parseMount('source')).toThrow("invalid field 'source' must be a key=value pair");
    // v28.2.2 opts/mount.go: strconv.ParseBool's spellings, Go's texts, target required, no whitespace trimming.
    expect(() => parseMount('type=volume,ro=maybe,dst=/d')).toThrow('invalid value for ro: maybe');
    expect(parseMount('type=volume,ro=True,dst=/d').readonly).toBe(true);
    expect(() => parseMount('type=volume,src=v')).toThrow('target is required');
    expect(() => parseMount('type=volume, target=/x')).toThrow("unexpected key ' target' in ' target=/x'");
    expect(() => parseMount('')).toThrow('EOF');
    expect(() => parseMount('type=bind,src=/a,dst=/d,bind-recursive=writable')).toThrow("option 'bind-recursive=writable' requires 'readonly' to be specified in conjunction");
    expect(() => parseMount('type=bind,src=/a,dst=/d,bind-recursive=readonly,ro')).toThrow("option 'bind-recursive=readonly' requires 'bind-propagation=rprivate' to be specified in conjunction");
    expect(parseMount('type=bind,src=/a,dst=/d,bind-recursive=readonly,ro,bind-propagation=rprivate').type).toBe('bind');
  });

  it('ports (swarmopts/port.go): short, ranges and long syntax', () => {
    expect(parsePort('8080:80')).toEqual([{ protocol: 'tcp', targetPort: 80, publishedPort: 8080, publishMode: 'ingress' }]);
    expect(parsePort('53:53/udp')[0].protocol).toBe('udp');
    expect(parsePort('80')).toEqual([{ protocol: 'tcp', targetPort: 80, publishedPort: 0, publishMode: 'ingress' }]);
    expect(parsePort('8000-8001:80-81').map((p) => `${p.publishedPort}->${p.targetPort}`)).toEqual(['8000->80', '8001->81']);
    expect(parsePort('published=8080,target=80,mode=host')).toEqual([{ protocol: 'tcp', targetPort: 80, publishedPort: 8080, publishMode: 'host' }]);
    expect(() => parsePort('target=80,mode=x')).toThrow("invalid publish mode value (x): must be either 'ingress' or 'host'");
  });

  it('PORTS column merges consecutive ingress ports and skips host mode', () => {
    const p = (published: number, target: number, publishMode: 'ingress' | 'host' = 'ingress', protocol: 'tcp' | 'udp' = 'tcp') => ({ published, target, publishMode, protocol });
    const ports = [p(8080, 80), p(8081, 81), p(9000, 90, 'host'), p(53, 53, 'ingress', 'udp'), p(443, 443)].map((x) => ({
      protocol: x.protocol,
      targetPort: x.target,
      publishedPort: x.published,
      publishMode: x.publishMode,
    }));
    expect(portsText(ports)).toBe('*:443->443/tcp, *:8080-8081->80-81/tcp, *:53->53/udp');
  });

  it('CPUs, durations, images and shell words', () => {
    expect(parseCpus('0.5')).toBe(500_000_000);
    expect(parseCpus('1/4')).toBe(250_000_000);
    expect(() => parseCpus('0.0000000001')).toThrow('value is too precise');
    expect(goDuration(5000)).toBe('5s');
    expect(goDuration(90_000)).toBe('1m30s');
    expect(goDuration(3_600_000)).toBe('1h0m0s');
    expect(goDuration(1.5)).toBe('1.5ms');
    expect(normalizeImage('busybox')).toBe('busybox:latest');
    expect(normalizeImage('localhost:5000/app')).toBe('localhost:5000/app:latest');
    expect(normalizeImage('nginx:alpine')).toBe('nginx:alpine');
    expect(shlexSplit(`sh -c "echo 'hi there'" x\\ y`)).toEqual(['sh', '-c', "echo 'hi there'", 'x y']);
  });
});

describe('ingress ports published as 0', () => {
  it('get the lowest free port from 30000 (portallocator.go) and keep it across updates', () => {
    const sim = swarm(5, 1);
    docker(sim, 'node1', 'docker service create -d --name a -p 80 nginx');
    docker(sim, 'node1', 'docker service create -d --name b -p 8080:80 -p 443 nginx');
    const ls = docker(sim, 'node1', 'docker service ls --format {{.Name}}:{{.Ports}}').out;
    expect(ls).toBe('a:*:30000->80/tcp\nb:*:8080->80/tcp, *:30001->443/tcp\n');
    docker(sim, 'node1', 'docker service update -d --image nginx:1.27 a');
    expect(docker(sim, 'node1', 'docker service ls --filter name=a --format {{.Ports}}').out).toBe('*:30000->80/tcp\n');
    const conflict = docker(sim, 'node1', 'docker service create -d --name c -p 30001:80 nginx');
    expect(conflict.code).toBe(1);
    expect(conflict.err).toContain("port '30001' is already in use by service 'b'");
  });
});
