/**
 * `swarmsim shell` with piped input (each line echoed after its prompt, so
 * the output reads as the screen would): the default host, the pointers for
 * other shells' words, narration, docker's questions asked for real, and
 * `.explain` and `.save`.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { complete } from '../../sim/cli/complete.js';
import { parseScenario } from '../../sim/scenario/parse.js';
import { runScenario, ScenarioSession, type Question, type StepRun } from '../../sim/scenario/run.js';
import { snapshot } from '../../sim/snapshot.js';
import { cli, FIX, ROOT } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'swarmsim-shell-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const shell = (lines: string[], args: string[] = []) => cli(['shell', ...args], lines.join('\n') + '\n', false, dir);

const JOIN = 'node2$ docker swarm join --token SWMTKN-1-49nj1cmql0jkz5s954yi3oex3nedyz0fb0xx14ie39trti4wxv-8vxv8rssmk743ojnwacrr2e7c 192.168.99.100:2377';

describe('the default host', () => {
  it('runs lines without a prompt on node1, shown as the prompt; .host changes it', async () => {
    const r = await shell(['docker swarm init', '.host', '.host node2', JOIN.replace('node2$ ', ''), 'node1$ docker node ls -q', '.host sim', 'sleep 1s', '.host bad!name', '.host a b']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^node1\$ docker swarm init\nSwarm initialized: current node \([0-9a-z]{25}\) is now a manager\.\n/);
    expect(r.stdout).toContain('node1$ .host\nlines without a prompt run on node1 (".host NAME" changes it)\n');
    expect(r.stdout).toContain('node2$ docker swarm join --token SWMTKN-1-');
    expect(r.stdout).toContain('\nThis node joined a swarm as a worker.\nnode2$ node1$ docker node ls -q\n');
    expect(r.stdout).toContain('sim$ sleep 1s\nsim$ .host bad!name\n.host: ');
    expect(r.stdout).toContain('.host takes one machine NAME\n');
  });

  it('completes docker commands on a line without a prompt', () => {
    const known = { hosts: ['node1'], services: ['web'], tasks: [], defaultHost: 'node1' };
    expect(complete('dock', known)).toEqual([['docker '], 'dock']);
    expect(complete('docker service sc', known)).toEqual([['scale '], 'sc']);
    expect(complete('docker service scale w', known)).toEqual([['web '], 'w']);
    expect(complete('no', known)).toEqual([['node1$ '], 'no']);
    expect(complete('.h', known)).toEqual([['.help', '.host'], '.h']);
  });
});

describe('words of other shells', () => {
  it.each([
    ['exit', 'exit: not a command here: to leave, type .exit (or Ctrl-D)'],
    ['quit', 'quit: not a command here: to leave, type .exit (or Ctrl-D)'],
    ['logout', 'logout: not a command here: to leave, type .exit (or Ctrl-D)'],
    ['help', `help: not a command here: type .help for help (and "docker --help" for docker's)`],
  ])('%s points to the shell command, and runs nothing', async (word, answer) => {
    const r = await shell([word, 'docker info --format "{{.Swarm.LocalNodeState}}"']);
    expect(r.stdout).toContain(`node1$ ${word}\n${answer}\nnode1$ `);
    expect(r.stdout).toContain('inactive\n');
  });

  it('.help lists the shell commands; .exit and .quit leave, and later lines are not run', async () => {
    const r = await shell(['.help', '.exit', 'docker swarm init']);
    for (const c of ['.host NAME', '.explain TASK', '.save [-f] FILE', '.help', '.exit']) expect(r.stdout).toContain(`  ${c}`);
    expect(r.stdout).not.toContain('Swarm initialized');
    expect((await shell(['.quit', 'docker swarm init'])).stdout).not.toContain('Swarm initialized');
    expect((await shell(['.nope'])).stdout).toContain('unknown shell command .nope (.help lists them)\n');
  });
});

describe("docker's questions", () => {
  it('plugin install asks for the privileges and waits for the answer: y installs', async () => {
    const r = await shell(['docker plugin install bboreham/weave2', 'y', 'docker plugin ls --format "{{.Name}} {{.Enabled}}"']);
    expect(r.stdout).toContain(
      [
        'node1$ docker plugin install bboreham/weave2',
        'Plugin "bboreham/weave2" is requesting the following privileges:',
        ' - network: [host]',
        ' - capabilities: [CAP_SYS_ADMIN CAP_NET_ADMIN]',
        'Do you grant the above permissions? [y/N] y',
        'latest: Pulling from bboreham/weave2',
      ].join('\n'),
    );
    expect(r.stdout).toContain('Installed plugin bboreham/weave2\nnode1$ docker plugin ls --format "{{.Name}} {{.Enabled}}"\nbboreham/weave2:latest true\n');
  });

  it('n refuses, with docker\'s error and status, and installs nothing', async () => {
    const r = await shell(['docker plugin install bboreham/weave2', 'n', 'docker plugin ls -q']);
    expect(r.stdout).toContain('Do you grant the above permissions? [y/N] n\npermission denied while installing plugin docker.io/bboreham/weave2\n[1]\nnode1$ docker plugin ls -q\nnode1$ \n');
  });

  it('the end of input answers no', async () => {
    const r = await cli(['shell'], 'docker plugin install bboreham/weave2\n', false, dir);
    expect(r.stdout).toMatch(/Do you grant the above permissions\? \[y\/N\] permission denied while installing plugin docker\.io\/bboreham\/weave2\n\[1\]\n\n$/);
  });

  it('a session answering at the prompt ends where one answering "y" by default ends', () => {
    const lines = ['node1$ docker swarm init', 'node1$ docker plugin install bboreham/weave2', 'node1$ docker network create -d bboreham/weave2 net'];
    const auto = new ScenarioSession({ seed: 3 });
    for (const l of lines) auto.exec(l);
    const asked = new ScenarioSession({ seed: 3 });
    asked.exec(lines[0]);
    const before = JSON.stringify(snapshot(asked.sim));
    const q = asked.execAsking(lines[1], []) as Question;
    expect(q.kind).toBe('question');
    expect(q.prompt).toBe('Do you grant the above permissions? [y/N] ');
    expect(q.output.endsWith('\n - capabilities: [CAP_SYS_ADMIN CAP_NET_ADMIN]\nDo you grant the above permissions? [y/N] ')).toBe(true);
    // Asking changed nothing: not the state, not the random source.
    expect(JSON.stringify(snapshot(asked.sim))).toBe(before);
    expect(asked.steps).toHaveLength(1);
    const done = asked.execAsking(lines[1], ['y']) as StepRun;
    expect(done.output).toBe(auto.steps[1].output);
    asked.exec(lines[2]);
    expect(asked.trace).toEqual(auto.trace);
    expect(asked.answersOf(1)).toEqual(['y']);
  });

  it('a question after part of a command ran: the part is undone until the answer', () => {
    const s = new ScenarioSession();
    s.exec('node1$ docker swarm init');
    s.exec('node1$ docker network create -d overlay a');
    const q = s.execAsking('node1$ docker network rm a ingress', []) as Question;
    expect(q.kind).toBe('question');
    expect(q.output).toMatch(/^a\nWARNING! Before removing the routing-mesh network/);
    // "a" was removed before the question; until the answer, it is not.
    expect(snapshot(s.sim).networks.map((n) => n.name).sort()).toEqual(['a', 'ingress']);
    const r = s.execAsking('node1$ docker network rm a ingress', ['n']) as StepRun;
    expect(r.exitCode).toBe(0);
    expect(snapshot(s.sim).networks.map((n) => n.name)).toEqual(['ingress']);
  });
});

describe('.explain and narration', () => {
  it('.explain TASK prints the node x filter matrix now; an unknown task lists the known ones', async () => {
    const r = await shell([
      'docker swarm init',
      'docker service create -q --name web --constraint node.labels.zone==a nginx',
      '.explain web.1',
      '.explain nope.1',
      '.explain',
    ]);
    expect(r.stdout).toContain('node1$ .explain web.1\nTask web.1 (');
    expect(r.stdout).toMatch(/^node1\s+ok\s+node\.labels\.zone==a \(is ""\)$/m);
    expect(r.stdout).toContain("docker node update --label-add zone=a node1");
    expect(r.stdout).toContain('SwarmKit says: no suitable node (scheduling constraints not satisfied on 1 node)');
    expect(r.stdout).toContain('.explain: no task "nope.1" (tasks: web.1)\n');
    expect(r.stdout).toContain('.explain takes one TASK');
  });
});

describe('.save', () => {
  it('writes the session as a scenario that passes: narration, commands, outputs generalised', async () => {
    const file = 'session.swarm';
    const r = await shell([
      '# The manager.',
      'docker swarm init',
      '# A worker joins.',
      JOIN,
      'docker service create -q --name web --replicas 4 nginx',
      'docker service ps web',
      `.save ${file}`,
    ]);
    expect(r.stdout).toContain(
      `wrote ${file}: 4 steps, with their output as expected output ("swarmsim test --no-lint ${file}" checks it; for the scenario library, "swarmsim lint ${file}" lists what it still needs: file-name, narration)\n`,
    );
    const text = readFileSync(join(dir, file), 'utf8');
    expect(text).toMatch(/^---\ntitle: A swarmsim shell session\ndescription: \|\n {2}Recorded with swarmsim shell\.\n {2}Say here what it shows, and which rule decides it\.\nseed: 1\ntags: \[shell\]\n---\n# The manager\.\nnode1\$ docker swarm init\nSwarm initialized: current node \\\(\[0-9a-z\]\{25\}\\\) is now a manager\\\. \(re\)\n/);
    expect(text).toContain('# A worker joins.\nnode2$ docker swarm join --token SWMTKN-1-49nj1');
    expect(text).toContain('\nnode1$ docker service create -q --name web --replicas 4 nginx\n[0-9a-z]{25} (re)\n');
    expect(text).toMatch(/^ID \+NAME \+IMAGE \+NODE \+DESIRED STATE \+CURRENT STATE \+ERROR \+PORTS \(re\)$/m);
    const test = await cli(['test', '--no-lint', file], '', false, dir);
    expect(test).toEqual({ code: 0, stdout: `PASS ${file}\n1 passed, 0 failed\n`, stderr: '' });

    const again = await shell(['docker info --format "{{.Swarm.LocalNodeState}}"', `.save ${file}`, `.save -f ${file}`, '.save']);
    expect(again.stdout).toContain(`.save: ${file} exists (".save -f ${file}" overwrites it)\n`);
    expect(again.stdout).toContain(`wrote ${file}: 1 step,`);
    expect(again.stdout).toContain('.save takes one FILE');
    expect(readFileSync(join(dir, file), 'utf8')).toMatch(/\n---\nnode1\$ docker info --format "\{\{\.Swarm\.LocalNodeState\}\}"\ninactive\n$/);
  });

  it('a session narrated at every step, saved under a library name, passes swarmsim test with its rules', async () => {
    const file = 'plugin-weave2-session.swarm';
    const r = await shell(['# The manager.', 'docker swarm init', '# The plugin, its privileges granted.', 'docker plugin install bboreham/weave2', 'y', `.save ${file}`]);
    expect(r.stdout).toContain(`wrote ${file}: 2 steps, with their output as expected output ("swarmsim test ${file}" checks it)\n`);
    expect(await cli(['test', file], '', false, dir)).toEqual({ code: 0, stdout: `PASS ${file}\n1 passed, 0 failed\n`, stderr: '' });
  });

  it('keeps the front matter of the scenario the shell started from, and the seed given', async () => {
    writeFileSync(join(dir, 'start.swarm'), '---\ntitle: Start here\ndescription: From a file.\ntags: [mine]\nseed: 5\n---\n# Swarm.\nnode7$ docker swarm init\n');
    const r = await shell(['docker node ls -q', '.save from-file.swarm'], ['--seed', '9', 'start.swarm']);
    // The default host is the scenario's first machine.
    expect(r.stdout).toContain('node7$ docker node ls -q\n');
    const text = readFileSync(join(dir, 'from-file.swarm'), 'utf8');
    expect(text).toMatch(/^---\ntitle: Start here\ndescription: From a file\.\nseed: 9\ntags: \[mine\]\n---\n# Swarm\.\nnode7\$ docker swarm init\nSwarm initialized/);
    expect(text).toContain('\n\nnode7$ docker node ls -q\n[0-9a-z]{25} (re)\n');
  });

  it('an answer other than "y" is saved as a here-document, which the file reads as from a pipe', async () => {
    const r = await shell(['docker plugin install bboreham/weave2', 'n', '.save refused.swarm']);
    expect(r.stdout).toContain('note: refused.swarm:9: it reads the answers typed at its prompt from a here-document, so they are not echoed; its expected output is what the file prints\n');
    const text = readFileSync(join(dir, 'refused.swarm'), 'utf8');
    expect(text).toContain('node1$ docker plugin install bboreham/weave2 <<EOF\nn\nEOF\nPlugin "bboreham/weave2" is requesting');
    const run = runScenario(parseScenario(text, 'refused.swarm'));
    expect(run.steps.map((s) => s.check?.ok)).toEqual([true]);
    expect(run.steps[0].exitCode).toBe(1);
  });

  it('says when there is nothing to save, and writes nothing', async () => {
    const r = await shell(['.save empty.swarm']);
    expect(r.stdout).toContain('.save: nothing to save yet: no command has run\n');
    expect(existsSync(join(dir, 'empty.swarm'))).toBe(false);
  });

  it('the shell of a FILE still starts from its steps', async () => {
    const r = await cli(['shell', join(ROOT, FIX, 'directives.swarm')], '.save out.swarm\n', false, dir);
    expect(r.stdout).toContain('wrote out.swarm: 6 steps');
    expect(readFileSync(join(dir, 'out.swarm'), 'utf8')).toMatch(/\nseed: 7\n[^]*# Failing a task that does not exist is an error on stderr\.\nsim\$ fail web\.1\nno such task: web\.1\n\[1\]\n$/);
  });
});
