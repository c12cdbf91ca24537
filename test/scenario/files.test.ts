import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario, type Directive } from '../../sim/scenario/parse.js';
import { runScenario } from '../../sim/scenario/run.js';
import { absolutePath, FILE_LIMITS, readMachineFile, writeMachineFile } from '../../sim/docker/files.js';
import { parseKVFile } from '../../sim/docker/opts.js';
import { runDocker } from '../../sim/docker/run.js';
import { DockerError } from '../../sim/errors.js';
import { Simulation } from '../../sim/simulation.js';
import { state, swarm } from '../core/world.js';
import { file, parseError } from './helpers.js';

// `sim$ file HOST:PATH <<EOF`: a file on a machine, read by `docker stack
// deploy -c FILE` and `service create --env-file FILE` with os.ReadFile's
// errors (docker/cli v28.2.2 cli/command/stack/loader/loader.go
// loadConfigFile, pkg/kvfile/kvfile.go).

const directive = (text: string): Directive => {
  const step = parseScenario(text, 't.swarm').steps[0];
  if (step.kind !== 'sim') throw new Error('not a directive');
  return step.directive;
};

describe('the transcript', () => {
  it('test/scenario/files.swarm passes, every step checked', () => {
    const text = readFileSync(new URL('./files.swarm', import.meta.url), 'utf8');
    const r = runScenario(parseScenario(text, 'files.swarm'));
    const checked = r.steps.filter((s) => s.check !== null);
    expect(checked.length).toBe(11);
    for (const s of checked) expect(s.check!.ok, `${s.command}\n${s.check!.diff}`).toBe(true);
  });
});

describe('sim$ file: parsing', () => {
  it('the here-document is the content; the machine is named', () => {
    expect(directive(file('sim$ file node1:dir/a.yml <<EOF', 'a: 1', '', 'b: 2', 'EOF'))).toEqual({
      name: 'file',
      machine: 'node1',
      path: 'dir/a.yml',
      content: 'a: 1\n\nb: 2\n',
    });
    expect(parseScenario(file('sim$ file m9:/x <<EOF', 'EOF'), 't.swarm').hosts).toEqual(['m9']);
    expect(directive(file("sim$ file 'node1:with space.env' <<'END'", '$NOT_EXPANDED', 'END'))).toMatchObject({ path: 'with space.env', content: '$NOT_EXPANDED\n' });
  });

  it.each([
    [file('sim$ file node1:a.yml'), '1:6: "file" needs its content: a here-document (sim$ file HOST:PATH <<EOF) or a file beside the scenario (sim$ file HOST:PATH < FILE)'],
    [file('sim$ file <<EOF', 'EOF'), '1:6: "file" needs a HOST:PATH (like node1:docker-compose.yml)'],
    [file('sim$ file a.yml <<EOF', 'EOF'), '1:11: expected HOST:PATH (like node1:docker-compose.yml), got "a.yml"'],
    [file('sim$ file sim:a.yml <<EOF', 'EOF'), '1:11: machine name "sim" is reserved for directives ("sim$ ...")'],
    [file('sim$ file node1: <<EOF', 'EOF'), '1:11: the file path is empty: ""'],
    [file('sim$ file node1:/ <<EOF', 'EOF'), '1:11: the file path names a directory, not a file: "/"'],
    [file('sim$ file node1:.. <<EOF', 'EOF'), '1:11: the file path names a directory, not a file: ".."'],
    [file(`sim$ file node1:${'x'.repeat(256)} <<EOF`, 'EOF'), '1:11: a file name is longer than 255 characters: "' + 'x'.repeat(256) + '"'],
    [file('sim$ file node1:a b <<EOF', 'EOF'), '1:19: unexpected argument "b": "file" takes one HOST:PATH (like node1:docker-compose.yml)'],
    [file('sim$ file node1:a <<EOF', 'x'), '1:19: here-document is not terminated: expected a line "EOF" before the end of the file'],
    [file('sim$ sleep 1s <<EOF', 'EOF'), '1:15: a directive takes no standard input (here-documents are for docker commands)'],
  ])('%j', (text, message) => {
    expect(parseError(text)).toBe(`t.swarm:${message}`);
  });

  it('the here-document limit holds for a file too', () => {
    const big = file('sim$ file node1:big <<EOF', 'x'.repeat(99_999), ...Array.from({ length: 10 }, () => 'y'.repeat(99_999)), 'EOF');
    expect(parseError(big)).toBe("t.swarm:1:21: here-document is longer than 1,000,000 characters (swarmsim's limit)");
  });
});

describe('the files of a machine', () => {
  it('paths are resolved against /root, as filepath.Abs and Clean do', () => {
    expect(absolutePath('a.yml')).toBe('/root/a.yml');
    expect(absolutePath('./x//y/../a.yml')).toBe('/root/x/a.yml');
    expect(absolutePath('../../../etc/a')).toBe('/etc/a');
    expect(absolutePath('/srv/a')).toBe('/srv/a');
  });

  it('reads what was written, by any spelling of its path; errors name the path as given', () => {
    const m = new Simulation().machine('node1');
    writeMachineFile(m, 'stack.yml', 'a\n');
    expect(readMachineFile(m, '/root/stack.yml')).toBe('a\n');
    expect(readMachineFile(m, '../root/stack.yml')).toBe('a\n');
    writeMachineFile(m, '/root/stack.yml', 'b\n'); // replaced
    expect(readMachineFile(m, 'stack.yml')).toBe('b\n');
    expect(() => readMachineFile(m, 'other.yml')).toThrow(new DockerError('open other.yml: no such file or directory', false));
    expect(() => readMachineFile(m, '')).toThrow(new DockerError('open : no such file or directory', false));
    expect(() => readMachineFile(m, '.')).toThrow(new DockerError('read .: is a directory', false));
    expect(() => readMachineFile(m, 'stack.yml/x')).toThrow(new DockerError('open stack.yml/x: not a directory', false));
    expect(() => writeMachineFile(m, '/root', 'x')).toThrow(new DockerError('/root: Is a directory', false));
    expect(() => writeMachineFile(m, 'stack.yml/x', 'x')).toThrow(new DockerError('stack.yml/x: Not a directory', false));
  });

  it('refuses a file beyond the count and size limits, and keeps the machine as it was', () => {
    const m = new Simulation().machine('node1');
    for (let i = 0; i < FILE_LIMITS.maxFilesPerMachine; i++) writeMachineFile(m, `f${i}`, '');
    expect(() => writeMachineFile(m, 'one-more', '')).toThrow('swarmsim keeps at most 1,000 files on a machine (node1 has them)');
    writeMachineFile(m, 'f0', 'replacing is not one more');
    expect(m.files!.size).toBe(FILE_LIMITS.maxFilesPerMachine);
    const n = new Simulation().machine('node2');
    for (let i = 0; i < 10; i++) writeMachineFile(n, `big${i}`, 'x'.repeat(1_000_000));
    expect(() => writeMachineFile(n, 'last', 'x')).toThrow(
      'swarmsim keeps at most 10,000,000 characters of files on a machine (node2 would have 10,000,001)',
    );
    expect(n.files!.has('/root/last')).toBe(false);
  });

  it('a refused sim$ file is reported as the step output, exit 1', () => {
    const lines = ['sim$ machine node1'];
    for (let i = 0; i <= FILE_LIMITS.maxFilesPerMachine; i++) lines.push(`sim$ file node1:f${i} <<EOF`, 'EOF');
    const r = runScenario(parseScenario(file(...lines), 't.swarm'));
    const last = r.steps[r.steps.length - 1];
    expect([last.exitCode, last.output]).toEqual([1, 'swarmsim keeps at most 1,000 files on a machine (node1 has them)\n']);
  });
});

describe('env files (pkg/kvfile Parse)', () => {
  it('KEY=VALUE lines; comments, blanks, leading space, a BOM and CRLF handled; a bare name is looked up (and absent)', () => {
    expect(parseKVFile('f', '\uFEFFA=1\r\n# c\n\n   B= two \n\tC\nD=x=y\n')).toEqual(['A=1', 'B= two ', 'D=x=y']);
    expect(parseKVFile('f', '')).toEqual([]);
  });

  it.each([
    ['=1\n', "invalid env file (f): no variable name on line '=1'"],
    ['A B=1\n', "invalid env file (f): variable 'A B' contains whitespaces"],
    ['A\tB\n', "invalid env file (f): variable 'A\tB' contains whitespaces"],
    ['A=' + 'x'.repeat(65_534) + '\n', 'invalid env file (f): bufio.Scanner: token too long'],
  ])('%j', (text, message) => {
    expect(() => parseKVFile('f', text)).toThrow(new DockerError(message, false));
  });

  it('a refused service create changes nothing', () => {
    const sim = swarm(1);
    writeMachineFile(sim.ensureMachine('node1'), 'bad.env', 'A B=1\n');
    const before = state(sim);
    const r = runDocker(sim, 'node1', ['service', 'create', '--name', 'x', '--env-file', 'bad.env', 'nginx']);
    expect([r.exitCode, r.stderr]).toEqual([1, "invalid env file (bad.env): variable 'A B' contains whitespaces\n"]);
    expect(state(sim)).toBe(before);
  });

  it('several env files in order, then --env; stack deploy with two files is refused clearly', () => {
    const sim = swarm(1);
    const m = sim.ensureMachine('node1');
    writeMachineFile(m, 'a.env', 'A=1\nB=1\n');
    writeMachineFile(m, 'b.env', 'B=2\nC=2\n');
    expect(runDocker(sim, 'node1', ['service', 'create', '-d', '--name', 'x', '--env-file', 'a.env', '--env-file', 'b.env', '-e', 'C=3', 'nginx']).exitCode).toBe(0);
    expect(runDocker(sim, 'node1', ['service', 'inspect', '-f', '{{.Spec.TaskTemplate.ContainerSpec.Env}}', 'x']).stdout).toBe('[A=1 B=2 C=3]\n');
    writeMachineFile(m, 'c.yml', 'services: {}\n');
    expect(runDocker(sim, 'node1', ['stack', 'deploy', '-c', 'c.yml', '-c', 'nope.yml', 's']).stderr).toBe('open nope.yml: no such file or directory\n');
    // A StringSlice: "c.yml,c.yml" is two files, merged (composeMerge.test.ts has the rules).
    expect(runDocker(sim, 'node1', ['stack', 'deploy', '-c', 'c.yml,c.yml', 's']).exitCode).toBe(0);
  });
});

describe('env_file in a Compose file (loader.go resolveEnvironment)', () => {
  it('relative to the Compose file; environment wins; a missing env file is the path joined', () => {
    const sim = swarm(1);
    const m = sim.ensureMachine('node1');
    writeMachineFile(m, '/srv/app/stack.yml', 'services:\n  web:\n    image: nginx\n    env_file: [common.env, /etc/extra.env]\n    environment:\n      B: own\n');
    writeMachineFile(m, '/srv/app/common.env', 'A=1\nB=file\n');
    writeMachineFile(m, '/etc/extra.env', 'C=3\n');
    expect(runDocker(sim, 'node1', ['stack', 'deploy', '-d', '-c', '/srv/app/stack.yml', 's']).exitCode).toBe(0);
    expect(runDocker(sim, 'node1', ['service', 'inspect', '-f', '{{.Spec.TaskTemplate.ContainerSpec.Env}}', 's_web']).stdout).toBe('[A=1 B=own C=3]\n');
    // From standard input the working directory is the CLI's, /root.
    const before = state(sim);
    const r = runDocker(sim, 'node1', ['stack', 'deploy', '-d', '-c', '-', 's'], 'services:\n  web:\n    image: nginx\n    env_file: web.env\n');
    expect([r.exitCode, r.stderr]).toEqual([1, 'open /root/web.env: no such file or directory\n']);
    expect(state(sim)).toBe(before);
    writeMachineFile(m, '/srv/app/bad.env', 'A B\n');
    writeMachineFile(m, '/srv/app/bad.yml', 'services:\n  web:\n    image: nginx\n    env_file: ./bad.env\n');
    expect(runDocker(sim, 'node1', ['stack', 'deploy', '-d', '-c', '/srv/app/bad.yml', 's']).stderr).toBe("invalid env file (/srv/app/bad.env): variable 'A B' contains whitespaces\n");
  });
});
