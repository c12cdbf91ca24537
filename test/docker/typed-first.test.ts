import { describe, expect, it } from 'vitest';
import { runDocker } from '../../sim/docker/run.js';
import { executeTemplate, goStruct, rawJSON, TemplateError } from '../../sim/docker/format/template.js';
import { streams } from './streams.js';
import { Simulation } from '../../sim/simulation.js';
import { state, swarm } from '../core/world.js';

// A --format template runs on the typed Go value first; network and plugin
// inspect, and top-level `docker inspect`, fall back to the daemon's raw JSON
// decoded into maps, with missingkey=error, and report that run's error
// (docker/cli v28.2.2 cli/command/inspect/inspector.go tryRawInspectFallback).
// service, node and volume inspect have no raw JSON (their getRef returns
// nil), and version and info execute their template on the typed value only.

const run = (sim: Simulation, args: string[], host = 'node1') => streams(runDocker(sim, host, args));

function world(): Simulation {
  const sim = swarm(2);
  for (const line of ['plugin install tiborvass/sample-volume-plugin', 'network create -d overlay backend', 'service create --name web nginx:alpine'])
    expect(runDocker(sim, 'node1', line.split(' ')).exitCode).toBe(0);
  return sim;
}
const PLUGIN = 'tiborvass/sample-volume-plugin';
const fails = (stderr: string) => ({ stdout: '\n', stderr: `template parsing error: ${stderr}\n`, exitCode: 1 });

describe('network inspect: the Go field and the JSON key', () => {
  const sim = world();
  const id = sim.resolveNetwork('backend')!.id;

  it('{{.ID}} is network.Inspect.ID; {{.Id}} fails there and is found in the raw JSON', () => {
    expect(run(sim, ['network', 'inspect', '-f', '{{.ID}}', 'backend'])).toEqual({ stdout: `${id}\n`, stderr: '', exitCode: 0 });
    expect(run(sim, ['network', 'inspect', '-f', '{{.Id}}', 'backend'])).toEqual({ stdout: `${id}\n`, stderr: '', exitCode: 0 });
  });

  it('a template that fails both ways reports the raw run: map has no entry for key', () => {
    expect(run(sim, ['network', 'inspect', '-f', '{{.Nope}}', 'backend'])).toEqual(
      fails('template: :1:2: executing "" at <.Nope>: map has no entry for key "Nope"'),
    );
    // One template naming both spellings works on neither value.
    expect(run(sim, ['network', 'inspect', '-f', '{{.ID}} {{.Id}}', 'backend'])).toEqual(
      fails('template: :1:2: executing "" at <.ID>: map has no entry for key "ID"'),
    );
  });

  it('the raw value is JSON: a time is its RFC 3339 text, null is no value, a field of it is an error', () => {
    const typed = run(sim, ['network', 'inspect', '-f', '{{.Created}}', 'backend']).stdout;
    expect(typed).toMatch(/^2024-06-01 12:00:\d\d(\.\d+)? \+0000 UTC\n$/);
    // .Id forces the raw run, where Created is a string.
    expect(run(sim, ['network', 'inspect', '-f', '{{.Id}} {{.Created}}', 'backend']).stdout).toMatch(new RegExp(`^${id} 2024-06-01T12:00:\\d\\d(\\.\\d+)?Z\\n$`));
    expect(run(sim, ['network', 'inspect', '-f', '{{.Id}} {{.IPAM.Options}}', 'backend']).stdout).toBe(`${id} <no value>\n`);
    expect(run(sim, ['network', 'inspect', '-f', '{{.Id}} {{.IPAM.Options.x}}', 'backend'])).toEqual(
      fails('template: :1:15: executing "" at <.IPAM.Options.x>: nil data; no entry for key "x"'),
    );
  });

  it('each object falls back on its own; the refusal changes nothing', () => {
    expect(runDocker(sim, 'node1', ['network', 'create', '-d', 'overlay', 'front']).exitCode).toBe(0);
    const front = sim.resolveNetwork('front')!.id;
    const before = state(sim);
    expect(run(sim, ['network', 'inspect', '-f', '{{.Id}}', 'backend', 'nope', 'front'])).toEqual({
      stdout: `${id}\n${front}\n`,
      stderr: 'Error response from daemon: network nope not found\n',
      exitCode: 1,
    });
    expect(state(sim)).toBe(before);
  });
});

describe('plugin inspect', () => {
  const sim = world();
  const id = sim.world.machines.get('node1')!.plugins[0].id;

  it('{{.ID}} and {{.Id}}; an interface type is a struct to the typed run and a string in JSON', () => {
    expect(run(sim, ['plugin', 'inspect', '-f', '{{.ID}}', PLUGIN]).stdout).toBe(`${id}\n`);
    expect(run(sim, ['plugin', 'inspect', '-f', '{{.Id}}', PLUGIN]).stdout).toBe(`${id}\n`);
    expect(run(sim, ['plugin', 'inspect', '-f', '{{.Config.Interface.Types}} {{(index .Config.Interface.Types 0).Capability}}', PLUGIN]).stdout).toBe(
      '[docker.volumedriver/1.0] volumedriver\n',
    );
    expect(run(sim, ['plugin', 'inspect', '-f', '{{json .Config.Interface.Types}}', PLUGIN]).stdout).toBe('["docker.volumedriver/1.0"]\n');
    // In the raw JSON the type is a string: it has no Capability (Go's error names the last node it evaluated, the 0).
    expect(run(sim, ['plugin', 'inspect', '-f', '{{.Id}}{{(index .Config.Interface.Types 0).Capability}}', PLUGIN])).toEqual(
      fails('template: :1:40: executing "" at <0>: can\'t evaluate field Capability in type string'),
    );
  });
});

describe('top-level docker inspect falls back; service, node and volume inspect do not', () => {
  const sim = world();
  const svc = sim.resolveService('web')!.id;

  it('docker inspect {{.Id}} of a network and a plugin', () => {
    const net = sim.resolveNetwork('backend')!.id;
    expect(run(sim, ['inspect', '-f', '{{.Id}}', 'backend']).stdout).toBe(`${net}\n`);
    expect(run(sim, ['inspect', '-f', '{{.ID}}', 'backend', 'web']).stdout).toBe(`${net}\n${svc}\n`);
  });

  it('a service has no Id field, and no Id key: the raw error', () => {
    expect(run(sim, ['inspect', '-f', '{{.Id}}', 'web'])).toEqual(fails('template: :1:2: executing "" at <.Id>: map has no entry for key "Id"'));
  });

  it('service inspect reports the typed error, with the Go type', () => {
    expect(run(sim, ['service', 'inspect', '-f', '{{.Id}}', 'web'])).toEqual(
      fails('template: :1:2: executing "" at <.Id>: can\'t evaluate field Id in type swarm.Service'),
    );
    expect(run(sim, ['service', 'inspect', '-f', '{{.Spec.Nope}}', 'web'])).toEqual(
      fails('template: :1:7: executing "" at <.Spec.Nope>: can\'t evaluate field Nope in type swarm.ServiceSpec'),
    );
    expect(run(sim, ['node', 'inspect', '-f', '{{.Id}}', 'node1'])).toEqual(
      fails('template: :1:2: executing "" at <.Id>: can\'t evaluate field Id in type swarm.Node'),
    );
  });
});

describe('docker version and info: typed only, the error after what was printed', () => {
  it('{{.Client.APIVersion}} is the Go field; {{.Client.ApiVersion}} is not', () => {
    const sim = new Simulation();
    sim.machine('node1');
    expect(run(sim, ['version', '--format', '{{.Client.APIVersion}}/{{.Server.APIVersion}}'])).toEqual({ stdout: '1.50/1.50\n', stderr: '', exitCode: 0 });
    expect(run(sim, ['version', '--format', 'api {{.Client.ApiVersion}}'])).toEqual({
      stdout: 'api \n',
      stderr: 'template: version:1:13: executing "version" at <.Client.ApiVersion>: can\'t evaluate field ApiVersion in type system.clientVersion\n',
      exitCode: 1,
    });
    expect(run(sim, ['version', '--format', '{{.Server.ApiVersion}}']).stderr).toBe(
      'template: version:1:9: executing "version" at <.Server.ApiVersion>: can\'t evaluate field ApiVersion in type types.Version\n',
    );
    // The JSON keeps the JSON names.
    expect(JSON.parse(run(sim, ['version', '--format', 'json']).stdout).Client.ApiVersion).toBe('1.50');
    // A parse error is exit 64, before anything is printed, in the template named "version".
    expect(run(sim, ['version', '--format', '{{.Client'])).toEqual({ stdout: '', stderr: 'template parsing error: template: version:1: unclosed action\n', exitCode: 64 });
  });

  it('a stopped engine: the daemon error wins over the template error', () => {
    const sim = new Simulation();
    sim.machine('node1');
    sim.stopMachine('node1');
    const r = run(sim, ['version', '--format', '{{.Client.Version}} {{.Server.Version}}']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^Cannot connect to the Docker daemon/);
  });

  it('info: system.dockerInfo, the partial output and a newline, exit 1', () => {
    const sim = swarm(1);
    expect(run(sim, ['info', '--format', 'name={{.Name}} {{.Swarm.Nope}}'])).toEqual({
      stdout: 'name=node1 \n',
      stderr: 'template: :1:23: executing "" at <.Swarm.Nope>: can\'t evaluate field Nope in type swarm.Info\n',
      exitCode: 1,
    });
    expect(run(sim, ['info', '--format', '{{.Nope}}']).stderr).toBe(
      'template: :1:2: executing "" at <.Nope>: can\'t evaluate field Nope in type system.dockerInfo\n',
    );
  });
});

describe('the value model', () => {
  it('goStruct renames fields for templates only; rawJSON decodes as json.Decoder with UseNumber', () => {
    const v = goStruct({ Id: 'x', N: 3, F: 1.5, Nil: null, Skip: undefined, M: new Map([['k', 1]]), A: [1, null] }, 'pkg.T', { ID: 'Id' });
    expect(executeTemplate('{{.ID}}', v)).toBe('x');
    expect(() => executeTemplate('{{.Id}}', v)).toThrow(new TemplateError('template: :1:2: executing "" at <.Id>: can\'t evaluate field Id in type pkg.T'));
    expect(JSON.stringify(v)).toBe('{"Id":"x","N":3,"F":1.5,"Nil":null,"M":{},"A":[1,null]}');
    const raw = rawJSON(v) as Map<string, unknown>;
    expect([...raw.keys()]).toEqual(['Id', 'N', 'F', 'Nil', 'M', 'A']);
    expect(executeTemplate('{{.Id}} {{.N}} {{.F}} {{.Nil}} {{.M.k}} {{.A}} {{printf "%T" .N}}', raw)).toBe('x 3 1.5 <no value> 1 [1 <nil>] string');
    expect(() => executeTemplate('{{.Nope}}', raw, { missingKey: 'error' })).toThrow('map has no entry for key "Nope"');
    expect(executeTemplate('{{.Nope}}', raw)).toBe('<no value>');
  });
});
