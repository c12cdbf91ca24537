import { createActor, setup, transition } from 'xstate';

/**
 * A managed plugin on one engine (moby daemon/pkg/plugin, backend_linux.go):
 * installed and enabled, installed and disabled, or removed. The guards are
 * the engine's: a plugin with references (volumes, networks) is "in use", and
 * an enabled plugin cannot be removed, set or upgraded. A refused event
 * produces a `refuse` action naming the engine's error.
 */
export type PluginEvent =
  | { type: 'ENABLE' }
  | { type: 'DISABLE'; force: boolean; refs: number }
  | { type: 'REMOVE'; force: boolean; refs: number }
  | { type: 'SET' }
  | { type: 'UPGRADE' };

export type PluginRefusal = 'already-enabled' | 'already-disabled' | 'in-use' | 'enabled' | 'set-active' | 'upgrade-enabled';
export type PluginState = 'enabled' | 'disabled' | 'removed';

const refuse = (reason: PluginRefusal) => ({ type: 'refuse' as const, params: { reason } });

/** @internal The xstate machine itself stays out of the published declarations (its types do not check under a consumer's exactOptionalPropertyTypes). */
export const pluginMachine = setup({
  types: { events: {} as PluginEvent },
  guards: {
    inUseNotForced: ({ event }) => 'force' in event && !event.force && event.refs > 0,
    notForced: ({ event }) => 'force' in event && !event.force,
  },
  actions: {
    refuse: (_, _params: { reason: PluginRefusal }) => {},
  },
}).createMachine({
  id: 'plugin',
  initial: 'enabled',
  states: {
    enabled: {
      on: {
        ENABLE: { actions: refuse('already-enabled') },
        DISABLE: [{ guard: 'inUseNotForced', actions: refuse('in-use') }, { target: 'disabled' }],
        // rm without -f: "in use" wins over "enabled" (backend_linux.go Remove)
        REMOVE: [
          { guard: 'inUseNotForced', actions: refuse('in-use') },
          { guard: 'notForced', actions: refuse('enabled') },
          { target: 'removed' },
        ],
        SET: { actions: refuse('set-active') },
        UPGRADE: { actions: refuse('upgrade-enabled') },
      },
    },
    disabled: {
      on: {
        ENABLE: 'enabled',
        DISABLE: { actions: refuse('already-disabled') },
        REMOVE: [{ guard: 'inUseNotForced', actions: refuse('in-use') }, { target: 'removed' }],
        SET: 'disabled',
        UPGRADE: 'disabled',
      },
    },
    removed: { type: 'final' },
  },
});

export type PluginOutcome = { ok: true; state: PluginState } | { ok: false; refusal: PluginRefusal };

/** Applies `event` to a plugin in `state`, purely: the next state or the engine's refusal. */
export function pluginTransition(state: 'enabled' | 'disabled', event: PluginEvent): PluginOutcome {
  // The guards read `force` and whether `refs` is above 0, nothing else: the outcome is asked
  // of the machine once per such combination.
  const key = 'force' in event ? `${state}/${event.type}/${event.force}/${event.refs > 0}` : `${state}/${event.type}`;
  let outcome = OUTCOMES.get(key);
  if (!outcome) OUTCOMES.set(key, (outcome = askMachine(state, event)));
  return outcome;
}

const OUTCOMES = new Map<string, PluginOutcome>();
const ROOT_CONTEXT = createActor(pluginMachine).getSnapshot().context;

function askMachine(state: 'enabled' | 'disabled', event: PluginEvent): PluginOutcome {
  const snap = pluginMachine.resolveState({ value: state, context: ROOT_CONTEXT });
  const [next, actions] = transition(pluginMachine, snap, event);
  for (const a of actions) {
    if (a.type === 'refuse') return { ok: false, refusal: (a.params as { reason: PluginRefusal }).reason };
  }
  return { ok: true, state: next.value as PluginState };
}

/** The engine's error texts (moby daemon/pkg/plugin/errors.go, manager_linux.go: errors.Wrap joins with ': '). */
export function pluginRefusalText(refusal: PluginRefusal, name: string): string {
  switch (refusal) {
    case 'already-enabled':
      return `plugin already enabled: plugin ${name} is enabled`;
    case 'already-disabled':
      return `plugin is already disabled: plugin ${name} found but disabled`;
    case 'in-use':
      return `plugin ${name} is in use`;
    case 'enabled':
      return `plugin ${name} is enabled`;
    case 'set-active':
      return 'cannot set on an active plugin, disable plugin before setting';
    case 'upgrade-enabled':
      return `plugin must be disabled before upgrading: plugin ${name} is enabled`;
  }
}
