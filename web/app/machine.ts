/**
 * The page's states as one xstate machine: loading (reading the link),
 * running (the worker simulates a scenario), ready (a run is shown),
 * playing, branching (the worker runs commands typed into "Try it", or a
 * link's branch) and error (a run failed; the last good run stays shown).
 *
 * The machine holds what the states decide on: the run, the branch, the
 * errors. The position on the timeline changes every frame and lives with
 * the view. Side effects are actors the page provides (the worker, the
 * animation loop), so the tests run the machine with stand-ins.
 */
import { assign, fromCallback, fromPromise, setup } from 'xstate';
import type { RunData, RunError, StepData } from '../model/run.js';

/** A branch: commands typed after frame `base` of a run. */
export interface BranchRef {
  readonly base: number;
  readonly lines: readonly string[];
}

/** What to run, and where to land once it has run. */
export interface RunRequest {
  readonly text: string;
  readonly file: string;
  /** The library entry whose text this is, unedited; null for edited or opened text. */
  readonly entry: string | null;
  /** A seed chosen over the scenario's own `seed:`. */
  readonly seed: number | null;
  readonly step: number | null;
  /** A branch to rebuild after the run (from a link). */
  readonly branch: BranchRef | null;
  readonly task: string | null;
  readonly machine: string | null;
  /** Said with the run's status: e.g. that a link named an unknown scenario. */
  readonly notice: string | null;
}

export interface ExecInput {
  readonly base: number;
  readonly lines: readonly string[];
  /** True: the lines continue the current branch; false: they start a new one at `base`. */
  readonly extending: boolean;
}

export interface ExecOutput {
  readonly base: number;
  readonly steps: readonly StepData[];
  readonly extending: boolean;
}

export interface AppContext {
  readonly request: RunRequest | null;
  readonly run: RunData | null;
  readonly branch: readonly StepData[];
  readonly branchBase: number;
  /** The last run's failure, if it failed. */
  readonly error: RunError | null;
  /** The last typed command's failure. */
  readonly tryError: RunError | null;
}

export type AppEvent =
  | { type: 'RUN'; request: RunRequest }
  | { type: 'PLAY' }
  | { type: 'PAUSE' }
  | { type: 'END' }
  | { type: 'TRY'; base: number; line: string }
  | { type: 'DISCARD' };

const isRunError = (e: unknown): e is RunError => typeof e === 'object' && e !== null && 'kind' in e && 'message' in e;
const asRunError = (e: unknown): RunError => (isRunError(e) ? e : { kind: 'runtime', message: e instanceof Error ? e.message : String(e) });

export const appMachine = setup({
  types: {
    context: {} as AppContext,
    events: {} as AppEvent,
  },
  actors: {
    /** Reads the page's link: what to run first. */
    openLink: fromPromise<RunRequest>(async () => {
      throw new Error('openLink not provided');
    }),
    /** Runs a scenario in the worker; rejects with a RunError. */
    simulate: fromPromise<RunData, RunRequest>(async () => {
      throw new Error('simulate not provided');
    }),
    /** Runs typed lines after frame `base`; rejects with a RunError. */
    exec: fromPromise<ExecOutput, ExecInput>(async () => {
      throw new Error('exec not provided');
    }),
    /** Moves the position while playing; sends END at the last step. */
    ticker: fromCallback<AppEvent>(() => () => {}),
  },
  actions: {
    /** The worker forgets the branch (its session). Provided by the page. */
    discardInWorker: () => {},
    clearBranch: assign({ branch: () => [], branchBase: () => 0, tryError: () => null }),
  },
  guards: {
    hasRun: ({ context }) => context.run !== null,
    canPlay: ({ context }) => context.run !== null && context.run.steps.length + context.branch.length > 0,
    hasBranch: ({ context }) => context.branch.length > 0,
    linkHasBranch: ({ context }) => (context.request?.branch?.lines.length ?? 0) > 0,
  },
}).createMachine({
  id: 'app',
  initial: 'loading',
  context: { request: null, run: null, branch: [], branchBase: 0, error: null, tryError: null },
  on: {
    RUN: { target: '.running', actions: assign({ request: ({ event }) => event.request }) },
  },
  states: {
    loading: {
      invoke: {
        src: 'openLink',
        onDone: { target: 'running', actions: assign({ request: ({ event }) => event.output }) },
        onError: { target: 'error', actions: assign({ error: ({ event }) => asRunError(event.error) }) },
      },
    },
    running: {
      entry: assign({ error: () => null, tryError: () => null }),
      invoke: {
        src: 'simulate',
        input: ({ context }) => context.request!,
        onDone: [
          {
            guard: 'linkHasBranch',
            target: 'branching',
            actions: [assign({ run: ({ event }) => event.output }), 'clearBranch'],
          },
          { target: 'ready', actions: [assign({ run: ({ event }) => event.output }), 'clearBranch'] },
        ],
        onError: { target: 'error', actions: assign({ error: ({ event }) => asRunError(event.error) }) },
      },
    },
    ready: {
      on: {
        PLAY: { guard: 'canPlay', target: 'playing' },
        TRY: { guard: 'hasRun', target: 'branching' },
        DISCARD: { guard: 'hasBranch', actions: ['clearBranch', 'discardInWorker'] },
      },
    },
    playing: {
      invoke: { src: 'ticker' },
      on: {
        PAUSE: 'ready',
        END: 'ready',
        TRY: { guard: 'hasRun', target: 'branching' },
        DISCARD: { guard: 'hasBranch', target: 'ready', actions: ['clearBranch', 'discardInWorker'] },
      },
    },
    branching: {
      entry: assign({ tryError: () => null }),
      invoke: {
        src: 'exec',
        input: ({ context, event }): ExecInput => {
          if (event.type === 'TRY') {
            // Inside a branch, a line typed at or after its start extends it; elsewhere it starts a new one.
            const extending = context.branch.length > 0 && event.base >= context.branchBase;
            return { base: extending ? context.branchBase : event.base, lines: [event.line], extending };
          }
          const b = context.request!.branch!;
          return { base: b.base, lines: b.lines, extending: false };
        },
        onDone: {
          target: 'ready',
          actions: assign({
            branch: ({ context, event }) => (event.output.extending ? [...context.branch, ...event.output.steps] : event.output.steps),
            branchBase: ({ event }) => event.output.base,
          }),
        },
        onError: { target: 'ready', actions: assign({ tryError: ({ event }) => asRunError(event.error) }) },
      },
    },
    error: {
      on: {
        PLAY: { guard: 'canPlay', target: 'playing' },
        TRY: { guard: 'hasRun', target: 'branching' },
      },
    },
  },
});

export type AppState = 'loading' | 'running' | 'ready' | 'playing' | 'branching' | 'error';
