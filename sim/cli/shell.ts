/**
 * `swarmsim shell [--seed N] [FILE]`: a prompt on a live simulation, lines in
 * the scenario grammar, with history and completion.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { allCommands } from '../docker/run.js';
import { ScenarioError } from '../scenario/errors.js';
import { runScenario, ScenarioSession, type StepRun } from '../scenario/run.js';
import { snapshot } from '../snapshot.js';
import { expectPositionals, intOption, parseCommandArgs } from './args.js';
import { complete, type Known } from './complete.js';
import { loadScenario } from './files.js';
import { stepOutput, transcriptStep } from './format.js';
import { SHELL_HELP } from './help.js';
import type { CliIO } from './io.js';

export const PROMPT = 'swarmsim> ';
const CONTINUE_PROMPT = '...> ';
const HISTORY_SIZE = 1000;

const IN_SHELL_HELP = `Type a command as in a scenario:
  node1$ docker swarm init        a docker command on machine node1
  sim$ machine node2 --cpus 4     a directive: machine, registry, sleep, stop, start, fail
A line ending in "\\" continues on the next; "<<EOF" reads a here-document up to EOF.
Tab completes; .help shows this, .exit (or Ctrl-D) leaves.
`;

export function shellCommand(args: string[], io: CliIO): Promise<number> | number {
  const { values, positionals } = parseCommandArgs('shell', args, {
    seed: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout.write(SHELL_HELP);
    return 0;
  }
  expectPositionals('shell', positionals, ['FILE'], 1);
  const seed = intOption('shell', 'seed', values.seed);

  let session: ScenarioSession;
  if (positionals.length === 1) {
    const scenario = loadScenario(io.cwd, positionals[0]);
    let previous: StepRun | null = null;
    const run = runScenario(scenario, {
      seed,
      onStep: (s) => {
        io.stdout.write(transcriptStep(s, previous));
        previous = s;
      },
    });
    if (previous) io.stdout.write('\n');
    session = new ScenarioSession(run);
  } else {
    session = new ScenarioSession({ seed });
  }
  return interact(session, io);
}

/** What completion can offer now: the simulation changes as the user types. */
export function knownNames(session: ScenarioSession): Known {
  const snap = snapshot(session.sim);
  return {
    commands: allCommands().map((c) => c.path),
    hosts: session.hosts,
    services: snap.services.map((s) => s.name),
    tasks: snap.tasks.filter((t) => t.desiredState === 'running' || t.desiredState === 'complete').map((t) => t.name),
  };
}

/**
 * Piped input gets the same loop without terminal features: each line is
 * echoed after the prompt, so the output reads as a log of the session.
 */
function interact(session: ScenarioSession, io: CliIO): Promise<number> {
  const terminal = io.stdin.isTTY === true && io.stdout.isTTY === true;
  const historyFile = terminal ? historyPath(io) : null;
  const rl: Interface = createInterface({
    input: io.stdin,
    output: terminal ? (io.stdout as unknown as NodeJS.WritableStream) : undefined,
    terminal,
    completer: (line: string) => complete(line, knownNames(session)),
    history: historyFile ? loadHistory(historyFile) : [],
    historySize: HISTORY_SIZE,
    removeHistoryDuplicates: true,
    prompt: PROMPT,
  });
  if (historyFile) rl.on('history', (h: string[]) => saveHistory(historyFile, h));
  // Ctrl-C drops the line being typed (and any continued command), as shells do; Ctrl-D leaves.
  rl.on('SIGINT', () => {
    buffer = [];
    rl.write(null, { ctrl: true, name: 'u' });
    io.stdout.write('^C\n');
    prompt();
  });

  let buffer: string[] = [];
  const prompt = (): void => {
    const p = buffer.length ? CONTINUE_PROMPT : PROMPT;
    rl.setPrompt(p);
    if (terminal) rl.prompt();
    else io.stdout.write(p);
  };
  const write = (text: string): void => {
    io.stdout.write(text);
  };

  // readline may still deliver lines it had read when .exit closed it.
  let closed = false;
  return new Promise((resolve) => {
    rl.on('line', (line) => {
      if (closed) return;
      if (!terminal) write(line + '\n');
      if (handle(line)) {
        closed = true;
        rl.close();
      } else prompt();
    });
    rl.on('close', () => {
      // Leave the terminal on a fresh line after the last prompt.
      write('\n');
      resolve(0);
    });
    prompt();
  });

  /** Returns true to leave. */
  function handle(line: string): boolean {
    if (buffer.length === 0) {
      const cmd = line.trim();
      if (cmd === '') return false;
      if (cmd === '.exit' || cmd === '.quit') return true;
      if (cmd === '.help') {
        write(IN_SHELL_HELP);
        return false;
      }
      if (cmd.startsWith('.')) {
        write(`unknown shell command ${cmd} (.help lists them)\n`);
        return false;
      }
    }
    buffer.push(line);
    // A final backslash continues the command: the parser would join it with
    // the (empty) end of the text, so the shell must ask for the next line first.
    if (TRAILING_BACKSLASH.test(line)) return false;
    const text = buffer.join('\n');
    try {
      const step = session.exec(text);
      buffer = [];
      write(stepOutput(step));
    } catch (e) {
      if (e instanceof ScenarioError && incomplete(e)) return false;
      buffer = [];
      if (e instanceof ScenarioError) write(pointAt(text, e));
      else {
        write(`internal error: ${e instanceof Error ? e.message : String(e)}\n`);
        if (io.env.SWARMSIM_DEBUG && e instanceof Error && e.stack) io.stderr.write(e.stack + '\n');
      }
    }
    return false;
  }
}

/** An odd number of backslashes at the end of the line. */
const TRAILING_BACKSLASH = /(?:^|[^\\])(?:\\\\)*\\$/;

/** The line is fine so far but goes on: a trailing backslash, an open here-document. */
function incomplete(e: ScenarioError): boolean {
  return /^backslash at the end of the file|^here-document is not terminated/.test(e.message);
}

/** The offending line, a caret under the column, and the message. */
function pointAt(text: string, e: ScenarioError): string {
  const line = text.split('\n')[e.line - 1] ?? '';
  const pad = line.slice(0, Math.max(0, e.column - 1)).replace(/[^\t]/g, ' ');
  return `${line}\n${pad}^\nerror: ${e.message}\n`;
}

function historyPath(io: CliIO): string | null {
  const env = io.env.SWARMSIM_HISTORY;
  if (env !== undefined) return env === '' ? null : env;
  try {
    return join(homedir(), '.swarmsim_history');
  } catch {
    return null;
  }
}

/** Newest first, as readline keeps it. */
function loadHistory(path: string): string[] {
  try {
    return readFileSync(path, 'utf8').split('\n').filter((l) => l !== '').reverse().slice(0, HISTORY_SIZE);
  } catch {
    return [];
  }
}

function saveHistory(path: string, newestFirst: string[]): void {
  try {
    writeFileSync(path, [...newestFirst].reverse().join('\n') + '\n');
  } catch {
    // History is a convenience: an unwritable home must not break the shell.
  }
}
