/**
 * The page's state machine (web/app/machine.ts), run with stand-ins for the
 * worker and the animation loop: which state each event leads to, what the
 * context keeps, and that a superseded run's answer is ignored.
 */
import { describe, expect, it } from 'vitest';
import { createActor, fromCallback, fromPromise, waitFor, type AnyActorRef } from 'xstate';
import { appMachine, type AppEvent, type ExecInput, type ExecOutput, type RunRequest } from '../../web/app/machine.js';
import type { RunData, StepData } from '../../web/model/run.js';

const request = (o: Partial<RunRequest> = {}): RunRequest => ({
  text: 'node1$ docker swarm init\n',
  file: 't.swarm',
  entry: null,
  seed: null,
  step: 0,
  branch: null,
  task: null,
  machine: null,
  notice: null,
  ...o,
});

const step = (index: number, branch = false): StepData => ({ index, branch, source: `line ${index}` }) as unknown as StepData;
const run = (title: string, steps = 2): RunData => ({ title, steps: Array.from({ length: steps }, (_, i) => step(i)) }) as unknown as RunData;

/** A promise the test settles by hand. */
function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((a, b) => ((resolve = a), (reject = b)));
  return { promise, resolve, reject };
}

function harness(o: { link?: () => Promise<RunRequest> } = {}) {
  const runs: { input: RunRequest; d: ReturnType<typeof deferred<RunData>> }[] = [];
  const execs: { input: ExecInput; d: ReturnType<typeof deferred<ExecOutput>> }[] = [];
  const discards: number[] = [];
  let tickers = 0;
  let sendEnd: (() => void) | null = null;
  const actor = createActor(
    appMachine.provide({
      actors: {
        openLink: fromPromise(o.link ?? (async () => request({ text: 'from link' }))),
        simulate: fromPromise(({ input }: { input: RunRequest }) => {
          const d = deferred<RunData>();
          runs.push({ input, d });
          return d.promise;
        }),
        exec: fromPromise(({ input }: { input: ExecInput }) => {
          const d = deferred<ExecOutput>();
          execs.push({ input, d });
          return d.promise;
        }),
        ticker: fromCallback<AppEvent>(({ sendBack }) => {
          tickers++;
          sendEnd = () => sendBack({ type: 'END' });
          return () => (sendEnd = null);
        }),
      },
      actions: { discardInWorker: () => void discards.push(1) },
    }),
  );
  actor.start();
  const state = (): string => actor.getSnapshot().value as string;
  const until = (s: string) => waitFor(actor as AnyActorRef, (x) => x.value === s, { timeout: 1000 });
  return { actor, runs, execs, discards, state, until, tickers: () => tickers, end: () => sendEnd?.() };
}

describe('the app machine', () => {
  it('opens the link, runs it and is ready with the run', async () => {
    const h = harness();
    expect(h.state()).toBe('loading');
    await h.until('running');
    expect(h.runs[0].input.text).toBe('from link');
    h.runs[0].d.resolve(run('first'));
    await h.until('ready');
    expect(h.actor.getSnapshot().context.run?.title).toBe('first');
  });

  it('goes to error when the link cannot be read, and runs again from there', async () => {
    const h = harness({ link: () => Promise.reject({ kind: 'runtime', message: 'no scenario' }) });
    await h.until('error');
    expect(h.actor.getSnapshot().context.error).toEqual({ kind: 'runtime', message: 'no scenario' });
    h.actor.send({ type: 'RUN', request: request() });
    expect(h.state()).toBe('running');
    expect(h.actor.getSnapshot().context.error).toBeNull();
  });

  it('keeps the last good run when a run fails, and can still play it', async () => {
    const h = harness();
    await h.until('running');
    h.runs[0].d.resolve(run('good'));
    await h.until('ready');
    h.actor.send({ type: 'RUN', request: request({ text: 'bad' }) });
    h.runs[1].d.reject({ kind: 'syntax', message: 'expected "docker"', line: 1, column: 8 });
    await h.until('error');
    const c = h.actor.getSnapshot().context;
    expect(c.error?.kind).toBe('syntax');
    expect(c.run?.title).toBe('good');
    h.actor.send({ type: 'PLAY' });
    expect(h.state()).toBe('playing');
  });

  it('ignores the answer of a run superseded by another', async () => {
    const h = harness();
    await h.until('running');
    h.actor.send({ type: 'RUN', request: request({ text: 'second' }) });
    h.runs[0].d.resolve(run('stale'));
    h.runs[1].d.resolve(run('fresh'));
    await h.until('ready');
    await Promise.resolve();
    expect(h.actor.getSnapshot().context.run?.title).toBe('fresh');
  });

  it('plays with the ticker until it ends or is paused; a run without steps does not play', async () => {
    const h = harness();
    await h.until('running');
    h.runs[0].d.resolve(run('empty', 0));
    await h.until('ready');
    h.actor.send({ type: 'PLAY' });
    expect(h.state()).toBe('ready');
    h.actor.send({ type: 'RUN', request: request() });
    h.runs[1].d.resolve(run('two'));
    await h.until('ready');
    h.actor.send({ type: 'PLAY' });
    expect(h.state()).toBe('playing');
    expect(h.tickers()).toBe(1);
    h.end();
    expect(h.state()).toBe('ready');
    h.actor.send({ type: 'PLAY' });
    h.actor.send({ type: 'PAUSE' });
    expect(h.state()).toBe('ready');
  });

  it('branches: a typed line runs, a line in the branch extends it, one before starts anew, DISCARD clears', async () => {
    const h = harness();
    await h.until('running');
    h.runs[0].d.resolve(run('r', 5));
    await h.until('ready');
    h.actor.send({ type: 'TRY', base: 3, line: 'node2$ docker plugin rm -f x' });
    expect(h.state()).toBe('branching');
    expect(h.execs[0].input).toEqual({ base: 3, lines: ['node2$ docker plugin rm -f x'], extending: false });
    h.execs[0].d.resolve({ base: 3, steps: [step(3, true)], extending: false });
    await h.until('ready');
    expect(h.actor.getSnapshot().context.branch).toHaveLength(1);
    expect(h.actor.getSnapshot().context.branchBase).toBe(3);

    h.actor.send({ type: 'TRY', base: 4, line: 'sim$ stop node2' });
    expect(h.execs[1].input).toEqual({ base: 3, lines: ['sim$ stop node2'], extending: true });
    h.execs[1].d.resolve({ base: 3, steps: [step(4, true)], extending: true });
    await h.until('ready');
    expect(h.actor.getSnapshot().context.branch).toHaveLength(2);

    h.actor.send({ type: 'TRY', base: 1, line: 'sim$ stop node2' });
    expect(h.execs[2].input.extending).toBe(false);
    h.execs[2].d.reject({ kind: 'syntax', message: 'bad', column: 3 });
    await h.until('ready');
    const c = h.actor.getSnapshot().context;
    expect(c.tryError?.message).toBe('bad');
    expect(c.branch).toHaveLength(2);

    h.actor.send({ type: 'DISCARD' });
    expect(h.actor.getSnapshot().context.branch).toEqual([]);
    expect(h.discards).toHaveLength(1);
    h.actor.send({ type: 'DISCARD' });
    expect(h.discards).toHaveLength(1);
  });

  it("rebuilds a link's branch after its run, line by line, then is ready", async () => {
    const h = harness({ link: async () => request({ branch: { base: 2, lines: ['a$ docker ps', 'b$ docker ps'] } }) });
    await h.until('running');
    h.runs[0].d.resolve(run('r', 4));
    await h.until('branching');
    expect(h.execs[0].input).toEqual({ base: 2, lines: ['a$ docker ps', 'b$ docker ps'], extending: false });
    h.execs[0].d.resolve({ base: 2, steps: [step(2, true), step(3, true)], extending: false });
    await h.until('ready');
    expect(h.actor.getSnapshot().context.branch).toHaveLength(2);
  });

  it('refuses to play, branch or discard before any run', async () => {
    const h = harness({ link: () => Promise.reject(new Error('x')) });
    await h.until('error');
    for (const e of [{ type: 'PLAY' }, { type: 'TRY', base: 0, line: 'x' }, { type: 'DISCARD' }] as AppEvent[]) {
      h.actor.send(e);
      expect(h.state()).toBe('error');
    }
    expect(h.actor.getSnapshot().context.error?.message).toBe('x');
  });
});
