/**
 * `swarmsim shell [--seed N] [FILE]`: a prompt on a live simulation, lines in
 * the scenario grammar, with history and completion. Lines without a prompt
 * run on the default host (`.host`); docker's questions (`plugin install`
 * privileges) are asked for real; `.save` writes the session as a scenario.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve as resolvePath } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { allCommands } from '../docker/run.js';
import { explainTask } from '../explain.js';
import type { ScenarioMeta } from '../scenario/ast.js';
import { machineNameProblem } from '../scenario/directives.js';
import { ScenarioError } from '../scenario/errors.js';
import { parseScenario } from '../scenario/parse.js';
import { runScenario, ScenarioSession, type StepRun } from '../scenario/run.js';
import { snapshot } from '../snapshot.js';
import { expectPositionals, intOption, parseCommandArgs } from './args.js';
import { complete, type Known } from './complete.js';
import { loadScenario } from './files.js';
import { libraryProblems } from './lint.js';
import { formatExplanation, stepOutput, transcriptStep } from './format.js';
import { SHELL_HELP } from './help.js';
import type { CliIO } from './io.js';
import { saveSession } from './save.js';

const CONTINUE_PROMPT = '...> ';
const HISTORY_SIZE = 1000;
export const DEFAULT_HOST = 'node1';

/** `node1$ `: the prompt names the host that lines without one run on. */
export const promptFor = (host: string): string => `${host}$ `;

/** `.help`: the part of `swarmsim shell --help` about what to type. */
export const IN_SHELL_HELP = SHELL_HELP.slice(SHELL_HELP.indexOf('Type lines'), SHELL_HELP.indexOf('Options:')).trimEnd() + '\n';

/** Words that leave or help in other shells, answered with a pointer rather than run. */
const OTHER_SHELLS: Readonly<Record<string, string>> = {
  exit: 'to leave, type .exit (or Ctrl-D)',
  quit: 'to leave, type .exit (or Ctrl-D)',
  logout: 'to leave, type .exit (or Ctrl-D)',
  help: 'type .help for help (and "docker --help" for docker\'s)',
};

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
  let meta: ScenarioMeta | null = null;
  let host = DEFAULT_HOST;
  if (positionals.length === 1) {
    const scenario = loadScenario(io.cwd, positionals[0]);
    meta = scenario.meta;
    host = scenario.hosts.find((h) => h !== 'sim') ?? DEFAULT_HOST;
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
  return interact(new Shell(session, io, meta, host), io);
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

/** A command waiting for the answer to one of its questions. */
interface Asking {
  text: string;
  /** Answers so far; null: the end of input. */
  answers: (string | null)[];
  /** How much of its output is on the screen already. */
  shown: number;
  /** The question's line (`... [y/N] `), shown as the prompt. */
  question: string;
}

/**
 * The shell's state and what each line does, without the terminal: lines in,
 * text out (tests drive it through piped stdin).
 */
export class Shell {
  /** Lines of a command continued with "\\" or an open here-document. */
  private buffer: string[] = [];
  private narration: string[] = [];
  private asking: Asking | null = null;

  constructor(
    readonly session: ScenarioSession,
    private readonly io: CliIO,
    private readonly meta: ScenarioMeta | null,
    private host: string,
  ) {}

  /** The machine lines without a prompt run on. */
  get defaultHost(): string {
    return this.host;
  }

  /** The prompt for the next line; a question's own text while one waits for its answer. */
  prompt(): string {
    if (this.asking) return this.asking.question;
    return this.buffer.length > 0 ? CONTINUE_PROMPT : promptFor(this.host);
  }

  /** Drops the line being typed (Ctrl-C), a continued command, or a command waiting for an answer. */
  interrupt(): void {
    this.buffer = [];
    this.asking = null;
  }

  /** At the end of input: a waiting question is answered no (end of input), as docker does. */
  end(): void {
    if (this.asking) this.answer(null);
  }

  /** Handles one line; returns true to leave. */
  line(line: string): boolean {
    if (this.asking) {
      this.answer(line);
      return false;
    }
    if (this.buffer.length === 0) {
      const cmd = line.trim();
      if (cmd === '') return false;
      if (cmd === '.exit' || cmd === '.quit') return true;
      if (cmd.startsWith('.')) {
        this.dotCommand(cmd);
        return false;
      }
      if (Object.hasOwn(OTHER_SHELLS, cmd)) {
        this.write(`${cmd}: not a command here: ${OTHER_SHELLS[cmd]}\n`);
        return false;
      }
      if (line.startsWith('#')) {
        this.narration.push(line.replace(/^# ?/, '').trimEnd());
        return false;
      }
      if (!HAS_PROMPT.test(line)) line = promptFor(this.host) + line.trimStart();
    }
    this.buffer.push(line);
    // A final backslash continues the command: the parser would join it with
    // the (empty) end of the text, so the shell must ask for the next line first.
    if (TRAILING_BACKSLASH.test(line)) return false;
    const text = this.buffer.join('\n');
    try {
      this.run({ text, answers: [], shown: 0, question: '' });
      this.buffer = [];
    } catch (e) {
      if (e instanceof ScenarioError && incomplete(e)) return false;
      this.buffer = [];
      if (e instanceof ScenarioError) this.write(pointAt(text, e));
      else this.internal(e);
    }
    return false;
  }

  private answer(typed: string | null): void {
    const a = this.asking!;
    this.asking = null;
    // The terminal showed the question, the answer and its newline, as the command's output has them
    // (at the end of input nothing was typed: docker reads no answer, which is no).
    const shown = a.shown + a.question.length + (typed === null ? 0 : typed.length + 1);
    try {
      this.run({ ...a, answers: [...a.answers, typed], shown });
    } catch (e) {
      // The line parsed before it asked; a second parse cannot fail, but must not crash the shell.
      if (e instanceof ScenarioError) this.write(pointAt(a.text, e));
      else throw e;
    }
  }

  /** Runs (or re-runs, with one more answer) a command; throws ScenarioError for a malformed one. */
  private run(a: Asking): void {
    let r;
    try {
      r = this.session.execAsking(a.text, a.answers);
    } catch (e) {
      if (e instanceof ScenarioError) throw e;
      this.internal(e);
      return;
    }
    if ('kind' in r) {
      // Up to the question's line, which the prompt shows (so that line editing keeps it).
      const cut = Math.max(a.shown, r.output.lastIndexOf('\n') + 1);
      this.write(r.output.slice(a.shown, cut));
      this.asking = { ...a, shown: cut, question: r.output.slice(cut) };
      return;
    }
    if (this.narration.length > 0) {
      r.step.narration = this.narration;
      this.narration = [];
    }
    this.write(stepOutput(r).slice(a.shown));
  }

  private dotCommand(cmd: string): void {
    const [name, ...args] = cmd.split(/\s+/);
    switch (name) {
      case '.help':
        this.write(IN_SHELL_HELP);
        return;
      case '.host':
        return this.setHost(args);
      case '.explain':
        return this.explain(args);
      case '.save':
        return this.save(args);
      default:
        this.write(`unknown shell command ${name} (.help lists them)\n`);
    }
  }

  private setHost(args: string[]): void {
    if (args.length === 0) {
      this.write(`lines without a prompt run on ${this.host} (".host NAME" changes it)\n`);
      return;
    }
    if (args.length > 1) {
      this.write('.host takes one machine NAME\n');
      return;
    }
    const problem = args[0] === 'sim' ? null : machineNameProblem(args[0]);
    if (problem) {
      this.write(`.host: ${problem}\n`);
      return;
    }
    this.host = args[0];
  }

  private explain(args: string[]): void {
    if (args.length !== 1) {
      this.write('.explain takes one TASK: a task ID, SERVICE.SLOT (web.1) or SERVICE.NODE\n');
      return;
    }
    const sim = this.session.sim;
    const task = sim.resolveTask(args[0]);
    const snap = snapshot(sim);
    const explanation = task ? explainTask(snap, task.id) : null;
    if (!explanation) {
      const names = [...new Set(snap.tasks.map((t) => t.name))];
      const known = names.length ? ` (tasks: ${names.slice(0, 10).join(', ')}${names.length > 10 ? ', ...' : ''})` : ' (there are no tasks)';
      this.write(`.explain: no task ${JSON.stringify(args[0])}${known}\n`);
      return;
    }
    this.write(formatExplanation(explanation));
  }

  private save(args: string[]): void {
    const force = args[0] === '-f';
    const rest = force ? args.slice(1) : args;
    if (rest.length !== 1) {
      this.write('.save takes one FILE (.save -f FILE overwrites it)\n');
      return;
    }
    const file = rest[0];
    const path = resolvePath(this.io.cwd, file);
    if (!force && existsSync(path)) {
      this.write(`.save: ${file} exists (".save -f ${file}" overwrites it)\n`);
      return;
    }
    if (this.session.steps.length === 0) {
      this.write('.save: nothing to save yet: no command has run\n');
      return;
    }
    let saved;
    try {
      saved = saveSession(this.session, this.meta, file);
    } catch (e) {
      this.internal(e);
      return;
    }
    try {
      writeFileSync(path, saved.text);
    } catch (e) {
      this.write(`.save: cannot write ${file}: ${(e as Error).message}\n`);
      return;
    }
    // A session is rarely a library scenario as it stands: say which command passes, and what lint would ask.
    const rules = [...new Set(libraryProblems(this.io, parseScenario(saved.text, file), saved.text).map((p) => p.rule))];
    const check = rules.length === 0
      ? `"swarmsim test ${file}" checks it`
      : `"swarmsim test --no-lint ${file}" checks it; for the scenario library, "swarmsim lint ${file}" lists what it still needs: ${rules.join(', ')}`;
    this.write(`wrote ${file}: ${saved.steps} step${saved.steps === 1 ? '' : 's'}, with their output as expected output (${check})\n`);
    for (const d of saved.differ) this.write(`note: ${file}:${d.line}: ${d.why}; its expected output is what the file prints\n`);
  }

  private internal(e: unknown): void {
    this.write(`internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    if (this.io.env.SWARMSIM_DEBUG && e instanceof Error && e.stack) this.io.stderr.write(e.stack + '\n');
  }

  private write(text: string): void {
    this.io.stdout.write(text);
  }
}

/** `HOST$ ` (or a bare `HOST$`) at the start of the line: the line names its machine. */
const HAS_PROMPT = /^[A-Za-z0-9][A-Za-z0-9._-]*\$(?:[ \t]|$)/;

/**
 * Piped input gets the same loop without terminal features: each line is
 * echoed after the prompt, so the output reads as a log of the session.
 */
function interact(shell: Shell, io: CliIO): Promise<number> {
  const terminal = io.stdin.isTTY === true && io.stdout.isTTY === true;
  const historyFile = terminal ? historyPath(io) : null;
  const rl: Interface = createInterface({
    input: io.stdin,
    output: terminal ? (io.stdout as unknown as NodeJS.WritableStream) : undefined,
    terminal,
    completer: (line: string) => complete(line, { ...knownNames(shell.session), defaultHost: shell.defaultHost }),
    history: historyFile ? loadHistory(historyFile) : [],
    historySize: HISTORY_SIZE,
    removeHistoryDuplicates: true,
    prompt: shell.prompt(),
  });
  if (historyFile) rl.on('history', (h: string[]) => saveHistory(historyFile, h));
  // Ctrl-C drops the line being typed (and any continued command), as shells do; Ctrl-D leaves.
  rl.on('SIGINT', () => {
    shell.interrupt();
    rl.write(null, { ctrl: true, name: 'u' });
    io.stdout.write('^C\n');
    prompt();
  });

  const prompt = (): void => {
    const p = shell.prompt();
    rl.setPrompt(p);
    if (terminal) rl.prompt();
    else io.stdout.write(p);
  };

  // readline may still deliver lines it had read when .exit closed it.
  let closed = false;
  return new Promise((resolve) => {
    rl.on('line', (line) => {
      if (closed) return;
      if (!terminal) io.stdout.write(line + '\n');
      if (shell.line(line)) {
        closed = true;
        rl.close();
      } else prompt();
    });
    rl.on('close', () => {
      shell.end();
      // Leave the terminal on a fresh line after the last prompt.
      io.stdout.write('\n');
      resolve(0);
    });
    prompt();
  });
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
