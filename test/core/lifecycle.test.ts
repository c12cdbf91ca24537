import { getAdjacencyMap, getShortestPaths } from '@xstate/graph';
import { describe, expect, it } from 'vitest';
import { nextNodeLifecycle, nodeMachine } from '../../sim/lifecycle/node.js';
import { pluginMachine, pluginRefusalText, pluginTransition } from '../../sim/lifecycle/plugin.js';
import { nextTaskState, TASK_EVENT_TYPES, taskMachine } from '../../sim/lifecycle/task.js';
import { TASK_STATE_VALUE, TASK_STATES } from '../../sim/model/taskState.js';

/** Every (state, event) -> state edge a machine has, found by walking it with @xstate/graph. */
// The machines' precise types are wider than @xstate/graph's generic signature; the walk itself is generic.
type AnyLogic = Parameters<typeof getAdjacencyMap>[0];

function edges(machine: unknown, events: object[]): Set<string> {
  const adj = getAdjacencyMap(machine as AnyLogic, { events: events as never });
  const out = new Set<string>();
  for (const entry of Object.values(adj)) {
    const from = JSON.stringify(entry.state.value);
    for (const [ev, t] of Object.entries(entry.transitions)) {
      const to = JSON.stringify((t as { state: { value: unknown } }).state.value);
      if (to !== from) out.add(`${from} -${JSON.parse(ev).type}-> ${to}`);
    }
  }
  return out;
}

describe('task lifecycle', () => {
  const events = TASK_EVENT_TYPES.map((type) => ({ type }));

  it('reaches every observed state but REMOVE from NEW', () => {
    const paths = getShortestPaths(taskMachine, { events: events as never });
    const reached = new Set(paths.map((p) => p.state.value as string));
    expect([...TASK_STATES].filter((s) => !reached.has(s))).toEqual(['remove']);
  });

  it('only ever moves observed state up (every edge of the machine)', () => {
    const all = edges(taskMachine, events);
    expect(all.size).toBeGreaterThan(30);
    for (const e of all) {
      const [, from, to] = /^"(\w+)" -\w+-> "(\w+)"$/.exec(e)!;
      expect([e, TASK_STATE_VALUE[to as 'new'] > TASK_STATE_VALUE[from as 'new']]).toEqual([e, true]);
    }
  });

  it('derives the hot-path table from the machine', () => {
    const all = edges(taskMachine, events);
    for (const s of TASK_STATES)
      for (const ev of TASK_EVENT_TYPES) {
        const next = nextTaskState(s, ev);
        expect(next === null ? false : all.has(`"${s}" -${ev}-> "${next}"`)).toBe(next !== null);
      }
    expect(nextTaskState('pending', 'ASSIGN')).toBe('assigned');
    expect(nextTaskState('running', 'REJECT')).toBeNull(); // after STARTING an error is FAILED
    expect(nextTaskState('preparing', 'FAIL')).toBeNull(); // before STARTING it is REJECTED
    expect(nextTaskState('shutdown', 'RUN')).toBeNull();
  });
});

describe('node lifecycle', () => {
  const events = ['REGISTER', 'HEARTBEAT_EXPIRED', 'LEAVE', 'SET_ACTIVE', 'SET_PAUSE', 'SET_DRAIN'].map((type) => ({ type }));
  it('covers every status and availability combination', () => {
    const paths = getShortestPaths(nodeMachine, { events: events as never });
    const reached = new Set(paths.map((p) => JSON.stringify(p.state.value)));
    for (const status of ['unknown', 'ready', 'down'])
      for (const availability of ['active', 'pause', 'drain']) expect(reached.has(JSON.stringify({ status, availability }))).toBe(true);
  });
  it('goes down on heartbeat expiry and back on registration, keeping availability', () => {
    const down = nextNodeLifecycle({ status: 'ready', availability: 'drain' }, { type: 'HEARTBEAT_EXPIRED' });
    expect(down).toEqual({ status: 'down', availability: 'drain' });
    expect(nextNodeLifecycle(down, { type: 'REGISTER' })).toEqual({ status: 'ready', availability: 'drain' });
  });
});

describe('plugin lifecycle', () => {
  it('reaches enabled, disabled and removed along every edge', () => {
    const events = [
      { type: 'ENABLE' },
      { type: 'DISABLE', force: false, refs: 0 },
      { type: 'DISABLE', force: false, refs: 1 },
      { type: 'DISABLE', force: true, refs: 1 },
      { type: 'REMOVE', force: false, refs: 0 },
      { type: 'REMOVE', force: true, refs: 2 },
      { type: 'SET' },
      { type: 'UPGRADE' },
    ];
    const all = edges(pluginMachine, events);
    expect([...all].sort()).toEqual([
      '"disabled" -ENABLE-> "enabled"',
      '"disabled" -REMOVE-> "removed"',
      '"enabled" -DISABLE-> "disabled"',
      '"enabled" -REMOVE-> "removed"',
    ]);
  });

  it("refuses with the engine's texts", () => {
    const name = 'rexray/ebs:latest';
    const text = (s: 'enabled' | 'disabled', e: Parameters<typeof pluginTransition>[1]): string => {
      const r = pluginTransition(s, e);
      return r.ok ? `ok:${r.state}` : pluginRefusalText(r.refusal, name);
    };
    expect(text('enabled', { type: 'DISABLE', force: false, refs: 1 })).toBe('plugin rexray/ebs:latest is in use');
    expect(text('enabled', { type: 'DISABLE', force: true, refs: 1 })).toBe('ok:disabled');
    expect(text('enabled', { type: 'REMOVE', force: false, refs: 1 })).toBe('plugin rexray/ebs:latest is in use');
    expect(text('enabled', { type: 'REMOVE', force: false, refs: 0 })).toBe('plugin rexray/ebs:latest is enabled');
    expect(text('disabled', { type: 'REMOVE', force: false, refs: 1 })).toBe('plugin rexray/ebs:latest is in use');
    expect(text('enabled', { type: 'REMOVE', force: true, refs: 3 })).toBe('ok:removed');
    expect(text('enabled', { type: 'ENABLE' })).toBe('plugin already enabled: plugin rexray/ebs:latest is enabled');
    expect(text('disabled', { type: 'DISABLE', force: false, refs: 0 })).toBe('plugin is already disabled: plugin rexray/ebs:latest found but disabled');
    expect(text('enabled', { type: 'SET' })).toBe('cannot set on an active plugin, disable plugin before setting');
    expect(text('enabled', { type: 'UPGRADE' })).toBe('plugin must be disabled before upgrading: plugin rexray/ebs:latest is enabled');
  });
});
