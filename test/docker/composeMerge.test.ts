/**
 * `docker stack deploy -c A -c B`: B overrides A as docker/cli v28.2.2
 * cli/compose/loader/merge.go does (mergo WithOverride, WithAppendSlice and
 * merge.go's transformers), tested on the specs the merged stack makes.
 */
import { describe, expect, it } from 'vitest';
import { writeMachineFile } from '../../sim/docker/files.js';
import { mergeComposeConfigs } from '../../sim/docker/commands/composeMerge.js';
import type { Simulation } from '../../sim/simulation.js';
import { state } from '../core/world.js';
import { docker, swarm } from './typed.js';

const BASE = `version: "3.8"
services:
  web:
    image: nginx:1.25
    command: ["nginx", "-g", "daemon off;"]
    environment:
      - MODE=dev
      - DEBUG=1
    labels:
      tier: front
    ports:
      - "8080:80"
      - target: 443
        published: 8443
    volumes:
      - data:/var/data
      - /etc/hosts:/etc/hosts:ro
    logging:
      driver: json-file
      options:
        max-size: 10m
    deploy:
      replicas: 3
      placement:
        constraints: [node.role == worker]
    networks: [front]
  db:
    image: postgres:16
networks:
  front:
    attachable: true
volumes:
  data: {}
`;

const PROD = `version: "3.8"
services:
  web:
    image: nginx:1.27
    environment:
      MODE: prod
    ports:
      - "8080:8080"
    volumes:
      - other:/var/data
    logging:
      options:
        max-file: "3"
    deploy:
      replicas: 0
      placement:
        constraints: [node.labels.zone == a]
  cache:
    image: redis:7
networks:
  front:
    driver: overlay
volumes:
  other: {}
`;

function deploy(files: Record<string, string>, args: string): { sim: Simulation; r: ReturnType<typeof docker> } {
  const sim = swarm(7, 2);
  for (const [path, text] of Object.entries(files)) writeMachineFile(sim.ensureMachine('node1'), path, text);
  return { sim, r: docker(sim, 'node1', `docker stack deploy ${args} app`, null) };
}

describe('stack deploy with several Compose files', () => {
  it('overrides, merges maps, appends lists and merges ports and volumes by their keys', () => {
    const { sim, r } = deploy({ 'docker-compose.yml': BASE, 'docker-compose.prod.yml': PROD }, '-d -c docker-compose.yml -c docker-compose.prod.yml');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Creating service app_cache\nCreating service app_db\nCreating service app_web\n');
    const web = sim.resolveService('app_web')!.spec;
    expect(web.task.image.startsWith('nginx:1.27@sha256:')).toBe(true);
    // deploy.replicas is a *uint64: the override's 0 replaces 3.
    expect(web.mode).toEqual({ kind: 'replicated', replicas: 0 });
    expect(web.task.args).toEqual(['nginx', '-g', 'daemon off;']); // no command in the override: kept
    expect(web.task.env).toEqual(['DEBUG=1', 'MODE=prod']);
    expect(web.task.placement.constraints).toEqual(['node.role == worker', 'node.labels.zone == a']);
    expect(web.ports.map((p) => `${p.publishedPort}->${p.targetPort}`)).toEqual(['8443->443', '8080->8080']); // as the spec orders them (PortConfig.Compare)
    expect(web.task.mounts.map((m) => `${m.source}:${m.target}`)).toEqual(['/etc/hosts:/etc/hosts', 'app_other:/var/data']);
    expect(web.task.logDriver).toEqual({ name: 'json-file', options: { 'max-file': '3', 'max-size': '10m' } });
    // Top-level entries are replaced by name: front loses attachable.
    expect(sim.resolveNetwork('app_front')!.attachable).toBe(false);
  });

  it('a later file with a different version is refused before anything is created', () => {
    const { sim, r } = deploy({ 'a.yml': BASE, 'b.yml': PROD.replace('"3.8"', '"3.9"') }, '-c a.yml -c b.yml');
    expect(r).toEqual({ out: '', err: 'version mismatched between two composefiles : 3.8 and 3.9\n', code: 1 });
    expect([...sim.world.services.values()]).toEqual([]);
  });

  it('-c a.yml,b.yml is two files too (a StringSlice), and the first missing file is the error', () => {
    const sim = swarm(7, 2);
    writeMachineFile(sim.ensureMachine('node1'), 'a.yml', BASE);
    const before = state(sim);
    expect(docker(sim, 'node1', 'docker stack deploy -c a.yml,b.yml app', null)).toEqual({ out: '', err: 'open b.yml: no such file or directory\n', code: 1 });
    expect(state(sim)).toBe(before);
  });

  it('the quirks of merge.go stay: ports without a published port share key 0; a null environment entry replaces nothing', () => {
    const merged = mergeComposeConfigs([
      { services: { s: { image: 'a', ports: ['80', '443'], environment: { A: '1' } } } },
      { services: { s: { ports: ['8080:80'], environment: ['A'] } } },
    ]);
    const s = (merged.services as Record<string, Record<string, unknown>>).s;
    expect(s.ports).toEqual([
      { mode: 'ingress', target: 443, published: 0, protocol: 'tcp' },
      { mode: 'ingress', target: 80, published: 8080, protocol: 'tcp' },
    ]);
    expect(s.environment).toEqual({ A: '1' });
  });

  it('a logging driver that differs replaces the whole logging section; a service new in the override is added', () => {
    const merged = mergeComposeConfigs([
      { services: { s: { image: 'a', logging: { driver: 'json-file', options: { a: '1' } } } } },
      { services: { s: { logging: { driver: 'syslog' } }, t: { image: 'b' } } },
    ]);
    expect(merged.services).toEqual({ s: { image: 'a', logging: { driver: 'syslog' } }, t: { image: 'b' } });
  });
});
