import { describe, expect, it } from 'vitest';
import { parseUintBase0 } from '../../sim/docker/commands/service/refs.js';
import { writeMachineFile } from '../../sim/docker/files.js';
import type { Simulation } from '../../sim/simulation.js';
import { state } from '../core/world.js';
import { docker, swarm } from './typed.js';

// service create/update --secret, --config and their -add/-rm (docker/cli v28.2.2 opts/swarmopts/secret.go,
// config.go; cli/command/service/parse.go, update.go; swarmkit controlapi/service.go validateSecretRefsSpec),
// and a stack's secrets and configs (cli/compose/convert, cli/command/stack/swarm).

const run = (sim: Simulation, line: string, stdin: string | null = null) => docker(sim, 'node1', line, stdin);
const fail = (err: string, code = 1) => ({ out: '', err: err + '\n', code });
const id = (sim: Simulation, kind: 'secrets' | 'configs', name: string) => [...sim.world[kind].values()].find((o) => o.spec.name === name)!.id;
const cspec = (sim: Simulation, name: string) => sim.world.serviceNamed(name)!.spec.task.container as Record<string, unknown>;
const flagError = (value: string, flag: string, why: string, cmd = 'create') =>
  fail(
    `invalid argument "${value}" for "--${flag}" flag: ${why}\n\nUsage:  docker service ${cmd} [OPTIONS] ${cmd === 'create' ? 'IMAGE [COMMAND] [ARG...]' : 'SERVICE'}\n\nRun 'docker service ${cmd} --help' for more information`,
    125,
  );

function withObjects(): Simulation {
  const sim = swarm(1);
  run(sim, 'docker secret create db_pw -', 'pw');
  run(sim, 'docker secret create api_key -', 'k');
  run(sim, 'docker config create nginx_conf -', 'conf');
  return sim;
}

describe('service create --secret / --config', () => {
  it('the short form and the CSV form, resolved to IDs, stored in the ContainerSpec and shown by inspect', () => {
    const sim = withObjects();
    expect(run(sim, 'docker service create -d --name web --secret db_pw --secret source=api_key,target=key,uid=33,gid=33,mode=0400 --config src=nginx_conf,target=/etc/nginx/nginx.conf nginx').code).toBe(0);
    const c = cspec(sim, 'web');
    expect(c.Secrets).toEqual(
      expect.arrayContaining([
        { File: { Name: 'db_pw', UID: '0', GID: '0', Mode: 0o444 }, SecretID: id(sim, 'secrets', 'db_pw'), SecretName: 'db_pw' },
        { File: { Name: 'key', UID: '33', GID: '33', Mode: 0o400 }, SecretID: id(sim, 'secrets', 'api_key'), SecretName: 'api_key' },
      ]),
    );
    expect(c.Configs).toEqual([{ File: { Name: '/etc/nginx/nginx.conf', UID: '0', GID: '0', Mode: 292 }, ConfigID: id(sim, 'configs', 'nginx_conf'), ConfigName: 'nginx_conf' }]);
    const inspected = JSON.parse(run(sim, 'docker service inspect web').out)[0].Spec.TaskTemplate.ContainerSpec;
    expect(Object.keys(inspected)).toEqual(['Image', 'Init', 'StopGracePeriod', 'DNSConfig', 'Secrets', 'Configs', 'Isolation']);
    expect(inspected.Configs[0].File.Mode).toBe(292);
    const pretty = run(sim, 'docker service inspect --pretty web').out;
    expect(pretty).toContain('\n Init:\t\tfalse\nConfigs:\n Target:\t/etc/nginx/nginx.conf\n  Source:\tnginx_conf\nSecrets:\n Target:\t');
    expect(pretty).toContain(' Target:\tkey\n  Source:\tapi_key');
    expect(pretty).toContain(' Target:\tdb_pw\n  Source:\tdb_pw');
  });

  it('the order of the references is the CLI map walk, from its own random source: the same for a seed', () => {
    const order = (seed: number) => {
      const sim = swarm(seed);
      for (const n of ['a', 'b', 'c', 'd']) run(sim, `docker secret create ${n} -`, 'x');
      run(sim, 'docker service create -d --name s --secret a --secret b --secret c --secret d nginx');
      return (cspec(sim, 's').Secrets as { SecretName: string }[]).map((r) => r.SecretName).join('');
    };
    expect(order(3)).toBe(order(3));
    expect(new Set([1, 2, 3, 4, 5, 6].map(order)).size).toBeGreaterThan(1);
  });

  it('refusals change nothing: flag values (exit 125), unknown names, duplicate targets', () => {
    const sim = withObjects();
    const before = state(sim);
    expect(run(sim, 'docker service create -d --secret source= nginx')).toEqual(flagError('source=', 'secret', 'source is required'));
    expect(run(sim, 'docker service create -d --secret a,b nginx')).toEqual(flagError('a,b', 'secret', "invalid field 'a' must be a key=value pair"));
    expect(run(sim, 'docker service create -d --secret mode=abc,source=x nginx')).toEqual(
      flagError('mode=abc,source=x', 'secret', 'invalid mode specified: strconv.ParseUint: parsing "abc": invalid syntax'),
    );
    expect(run(sim, 'docker service create -d --secret bogus=1 nginx')).toEqual(flagError('bogus=1', 'secret', 'invalid field in secret request: bogus'));
    expect(run(sim, 'docker service create -d --config bogus=1 nginx')).toEqual(flagError('bogus=1', 'config', 'invalid field in config request: bogus'));
    expect(run(sim, 'docker service create -d --secret nosuch nginx')).toEqual(fail('secret not found: nosuch'));
    expect(run(sim, 'docker service create -d --config nosuch nginx')).toEqual(fail('config not found: nosuch'));
    // A name is looked up exactly, though the daemon is asked for it as a prefix.
    expect(run(sim, 'docker service create -d --secret db nginx')).toEqual(fail('secret not found: db'));
    expect(run(sim, 'docker service create -d --secret db_pw --secret source=api_key,target=db_pw nginx')).toEqual(fail('duplicate secret target for api_key not allowed'));
    expect(state(sim)).toBe(before);
  });

  it('strconv.ParseUint with base 0, as the mode is read', () => {
    expect([parseUintBase0('0400', 32), parseUintBase0('0o400', 32), parseUintBase0('0x1_ff', 32), parseUintBase0('256', 32), parseUintBase0('0', 32)]).toEqual([256, 256, 511, 256, 0]);
    expect(() => parseUintBase0('09', 32)).toThrow('strconv.ParseUint: parsing "09": invalid syntax');
    expect(() => parseUintBase0('1__0', 32)).toThrow('invalid syntax');
    expect(() => parseUintBase0('4294967296', 32)).toThrow('strconv.ParseUint: parsing "4294967296": value out of range');
    expect(() => parseUintBase0('', 32)).toThrow('invalid syntax');
  });
});

describe('service update --secret-add/--secret-rm, --config-add/--config-rm', () => {
  it('removes by name, adds resolved; the daemon refuses a target taken by another secret; nothing else changes when untouched', () => {
    const sim = withObjects();
    run(sim, 'docker service create -d --name web --secret source=api_key,target=key nginx');
    const svc = sim.world.serviceNamed('web')!;
    const untouched = svc.spec.task.container;
    run(sim, 'docker service update -d --env-add A=1 web');
    expect(sim.world.serviceNamed('web')!.spec.task.container).toBe(untouched);
    expect(run(sim, 'docker service update -d --secret-add db_pw --config-add nginx_conf web').code).toBe(0);
    expect((cspec(sim, 'web').Secrets as { SecretName: string }[]).map((r) => r.SecretName)).toEqual(['api_key', 'db_pw']);
    const before = state(sim);
    expect(run(sim, 'docker service update -d --secret-add source=db_pw,target=key web')).toEqual(
      fail("Error response from daemon: rpc error: code = InvalidArgument desc = secret references 'api_key' and 'db_pw' have a conflicting target: 'key'"),
    );
    expect(run(sim, 'docker service update -d --secret-add nosuch web')).toEqual(fail('secret not found: nosuch'));
    expect(run(sim, 'docker service update -d --config-add mode=x,source=y web')).toEqual(
      flagError('mode=x,source=y', 'config-add', 'invalid mode specified: strconv.ParseUint: parsing "x": invalid syntax', 'update'),
    );
    expect(state(sim)).toBe(before);
    run(sim, 'docker service update -d --secret-rm api_key --secret-rm db_pw --config-rm nginx_conf web');
    expect(cspec(sim, 'web').Secrets).toBeUndefined();
    expect(cspec(sim, 'web').Configs).toBeUndefined();
    expect(run(sim, 'docker secret rm api_key db_pw').out).toBe('api_key\ndb_pw\n');
  });

  it('the daemon refuses a reference whose secret is gone (checkSecretExistence)', () => {
    const sim = withObjects();
    run(sim, 'docker service create -d --name web --secret db_pw nginx');
    // The store lost the secret behind the service's back (only the API could do this).
    sim.world.secrets.delete(id(sim, 'secrets', 'db_pw'));
    expect(run(sim, 'docker service update -d --env-add A=1 web')).toEqual(fail('Error response from daemon: rpc error: code = InvalidArgument desc = secret not found: db_pw'));
  });

  it('the help lists the flags with their types as docker 28.2.2 does, marked as not mounted', () => {
    const sim = swarm(1);
    const help = run(sim, 'docker service update --help').out;
    expect(help).toContain('      --secret-add secret                  Add or update a secret on a\n                                           service (swarmsim: stored, not\n                                           mounted)\n');
    expect(help).toContain('      --secret-rm list                     Remove a secret\n');
    expect(help).toContain('      --config-add config                  Add or update a config file on\n                                           a service (swarmsim: stored,\n                                           not mounted)\n');
    expect(help).toContain('      --credential-spec credential-spec    Credential spec for managed\n');
    expect(run(sim, 'docker service create --help').out).toContain('      --secret secret                      Specify secrets to expose to\n                                           the service (swarmsim: stored,\n');
  });
});

describe('--credential-spec', () => {
  it('config://NAME adds a Runtime reference and stores the config ID in Privileges; update replaces or removes it', () => {
    const sim = withObjects();
    run(sim, 'docker config create cred -', '{}');
    expect(run(sim, 'docker service create -d --name w --credential-spec config://cred nginx').code).toBe(0);
    const credId = id(sim, 'configs', 'cred');
    expect(cspec(sim, 'w').Configs).toEqual([{ Runtime: {}, ConfigID: credId, ConfigName: 'cred' }]);
    const inspected = JSON.parse(run(sim, 'docker service inspect w').out)[0].Spec.TaskTemplate.ContainerSpec;
    expect(inspected.Privileges).toEqual({ CredentialSpec: { Config: credId, File: '', Registry: '' }, SELinuxContext: null, NoNewPrivileges: false });
    expect(Object.keys(inspected.Privileges)).toEqual(['CredentialSpec', 'SELinuxContext', 'NoNewPrivileges']);
    // formatter.go's {{$config.File.Name}} on the Runtime reference: a nil pointer, so --pretty fails as a whole.
    expect(run(sim, 'docker service inspect --pretty w')).toEqual(
      fail('template parsing error: template: :110:11: executing "" at <$config.File.Name>: nil pointer evaluating *swarm.ConfigReferenceFileTarget.Name'),
    );
    // Kept across an update of other configs; the Runtime target is not removed by name.
    run(sim, 'docker service update -d --config-add nginx_conf --config-rm cred w');
    expect((cspec(sim, 'w').Configs as { ConfigName: string }[]).map((r) => r.ConfigName)).toEqual(['cred', 'nginx_conf']);
    expect(run(sim, 'docker config rm cred').err).toContain("config 'cred' is in use by the following service: w");
    run(sim, 'docker service update -d --credential-spec registry://key w');
    expect(cspec(sim, 'w').Privileges).toEqual({ CredentialSpec: { Config: '', File: '', Registry: 'key' }, SELinuxContext: null, NoNewPrivileges: false });
    expect((cspec(sim, 'w').Configs as { ConfigName: string }[]).map((r) => r.ConfigName)).toEqual(['nginx_conf']);
    run(sim, 'docker service update -d --credential-spec "" w');
    expect((cspec(sim, 'w').Privileges as { CredentialSpec: unknown }).CredentialSpec).toBeNull();
  });

  it('refusals: a value without a known prefix (exit 125), a config that does not exist', () => {
    const sim = withObjects();
    const before = state(sim);
    expect(run(sim, 'docker service create -d --credential-spec bogus nginx')).toEqual(
      flagError('bogus', 'credential-spec', 'invalid credential spec: value must be prefixed with "config://", "file://", or "registry://"'),
    );
    expect(run(sim, 'docker service create -d --credential-spec config://nope nginx')).toEqual(fail('config not found: nope'));
    expect(state(sim)).toBe(before);
  });
});

describe('--generic-resource', () => {
  const resources = (sim: Simulation, name: string) => JSON.parse(run(sim, `docker service inspect ${name}`).out)[0].Spec.TaskTemplate.Resources.Reservations;

  it('discrete resources stored under Reservations.GenericResources; update adds by kind, then removes', () => {
    const sim = swarm(1);
    expect(run(sim, 'docker service create -d --name w --generic-resource GPU=2 nginx').code).toBe(0);
    expect(resources(sim, 'w')).toEqual({ GenericResources: [{ DiscreteResourceSpec: { Kind: 'GPU', Value: 2 } }] });
    run(sim, 'docker service update -d --generic-resource-add GPU=3 --generic-resource-add SSD=0 w');
    const kinds = (resources(sim, 'w').GenericResources as { DiscreteResourceSpec: { Kind: string; Value?: number } }[]).map((r) => r.DiscreteResourceSpec);
    expect(kinds).toEqual(expect.arrayContaining([{ Kind: 'GPU', Value: 3 }, { Kind: 'SSD' }]));
    expect(kinds).toHaveLength(2);
    run(sim, 'docker service update -d --generic-resource-rm GPU --generic-resource-rm SSD w');
    expect(resources(sim, 'w')).toEqual({});
  });

  it("refusals with the CLI's and swarmkit's texts; nothing changes", () => {
    const sim = swarm(1);
    run(sim, 'docker service create -d --name w nginx');
    const before = state(sim);
    expect(run(sim, 'docker service create -d --generic-resource GPU nginx')).toEqual(
      flagError('GPU', 'generic-resource', 'invalid generic-resource format `GPU` expected `name=value`'),
    );
    const spec = 'invalid generic resource specification: could not parse GenericResource: ';
    expect(run(sim, 'docker service create -d --generic-resource GPU=-1 nginx')).toEqual(fail(spec + 'cannot ask for negative resource GPU'));
    expect(run(sim, 'docker service create -d --generic-resource GPU=1 --generic-resource GPU=a nginx')).toEqual(fail(spec + "mixed discrete and named resources in expression 'GPU=[1 a]'"));
    expect(run(sim, 'docker service create -d --generic-resource a=b=c nginx')).toEqual(fail(spec + "incorrect term a=b=c, missing '=' or malformed expression"));
    expect(run(sim, 'docker service create -d --generic-resource GPU=uuid1 nginx')).toEqual(
      fail('invalid generic-resource request `GPU=uuid1`, Named Generic Resources is not supported for service create or update'),
    );
    expect(run(sim, 'docker service update -d --generic-resource-rm nope w')).toEqual(fail('could not find generic-resource `nope` to remove it'));
    expect(state(sim)).toBe(before);
  });
});

const COMPOSE = `services:
  web:
    image: nginx
    secrets:
      - db_pw
      - source: api
        target: api_key
        uid: "33"
        mode: 0440
    configs:
      - source: nginx
        target: /etc/nginx/nginx.conf
secrets:
  db_pw:
    file: ./pw.txt
    labels: [tier=db]
  api:
    external: true
configs:
  nginx:
    file: nginx.conf
`;

describe('stack deploy: secrets and configs', () => {
  const setup = (): Simulation => {
    const sim = swarm(1);
    const m = sim.ensureMachine('node1');
    writeMachineFile(m, 'app/pw.txt', 'pw\n');
    writeMachineFile(m, 'app/nginx.conf', 'conf\n');
    writeMachineFile(m, 'app/docker-compose.yml', COMPOSE);
    return sim;
  };
  const WARN = 'Since --detach=false was not specified, tasks will be created in the background.\nIn a future release, --detach=false will become the default.\n';

  it('creates the stack objects (files relative to the Compose file) after the networks; an external one must exist', () => {
    const sim = setup();
    expect(run(sim, 'docker stack deploy -c app/docker-compose.yml shop')).toEqual({
      out: 'Creating network shop_default\nCreating secret shop_db_pw\nCreating config shop_nginx\n',
      err: WARN + 'service web: secret not found: api\n',
      code: 1,
    });
    const pw = [...sim.world.secrets.values()][0];
    expect(pw.spec).toEqual({ name: 'shop_db_pw', labels: { tier: 'db', 'com.docker.stack.namespace': 'shop' }, data: 'pw\n' });
    run(sim, 'docker secret create api -', 'k');
    expect(run(sim, 'docker stack deploy -c app/docker-compose.yml shop')).toEqual({ out: 'Creating service shop_web\n', err: WARN, code: 0 });
    const c = cspec(sim, 'shop_web');
    // Sorted by name for idempotence (convertServiceSecrets).
    expect(c.Secrets).toEqual([
      // yaml.v3 reads 0440 as octal (strconv.ParseInt base 0), as file modes are written.
      { File: { Name: 'api_key', UID: '33', GID: '0', Mode: 0o440 }, SecretID: id(sim, 'secrets', 'api'), SecretName: 'api' },
      { File: { Name: 'db_pw', UID: '0', GID: '0', Mode: 0o444 }, SecretID: id(sim, 'secrets', 'shop_db_pw'), SecretName: 'shop_db_pw' },
    ]);
    expect(c.Configs).toEqual([{ File: { Name: '/etc/nginx/nginx.conf', UID: '0', GID: '0', Mode: 0o444 }, ConfigID: id(sim, 'configs', 'shop_nginx'), ConfigName: 'shop_nginx' }]);
  });

  it('a second deploy updates the objects, where only labels may change; stack rm removes them before the networks', () => {
    const sim = setup();
    run(sim, 'docker secret create api -', 'k');
    run(sim, 'docker stack deploy -c app/docker-compose.yml shop');
    expect(run(sim, 'docker stack deploy -c app/docker-compose.yml shop').code).toBe(0);
    expect([...sim.world.secrets.values()].find((s) => s.spec.name === 'shop_db_pw')!.version).toBe(12);
    writeMachineFile(sim.ensureMachine('node1'), 'app/pw.txt', 'changed\n');
    expect(run(sim, 'docker stack deploy -c app/docker-compose.yml shop').err).toBe(
      WARN + 'failed to update secret shop_db_pw: Error response from daemon: rpc error: code = InvalidArgument desc = only updates to Labels are allowed\n',
    );
    expect(run(sim, 'docker stack rm shop')).toEqual({
      out: 'Removing service shop_web\nRemoving secret shop_db_pw\nRemoving config shop_nginx\nRemoving network shop_default\n',
      err: '',
      code: 0,
    });
    expect([...sim.world.secrets.values()].map((s) => s.spec.name)).toEqual(['api']);
  });

  it("the loader's refusals: unknown keys, a missing file, an undefined secret, driver and file together", () => {
    const sim = setup();
    const deploy = (yaml: string) => run(sim, 'docker stack deploy -c - s', yaml);
    expect(deploy('services: {a: {image: x}}\nsecrets: {p: {file: f, mode: 1}}\n').err).toBe('secrets.p Additional property mode is not allowed\n');
    expect(deploy('services: {a: {image: x}}\nconfigs: {p: {file: f, driver: d}}\n').err).toBe('configs.p Additional property driver is not allowed\n');
    expect(deploy('services: {a: {image: x}}\nsecrets: {p: {file: f, driver: d}}\n').err).toBe('secret p: secret.driver and secret.file conflict; only use secret.driver\n');
    expect(deploy('services: {a: {image: x}}\nsecrets: {p: {name: n, external: {name: m}}}\n').err).toBe('secret p: secret.external.name and secret.name conflict; only use secret.name\n');
    expect(deploy('services: {a: {image: x}}\nsecrets: {p: {file: nofile}}\n').err).toBe(WARN + 'open /root/nofile: no such file or directory\n');
    expect(deploy('services: {a: {image: x, secrets: [q]}}\n').err).toBe(WARN + 'service a: undefined secret "q"\n');
    expect(deploy('services: {a: {image: x, configs: [q]}}\n').err).toBe(WARN + 'service a: undefined config "q"\n');
  });
});
