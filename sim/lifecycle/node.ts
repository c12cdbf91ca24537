import { createActor, setup, transition } from 'xstate';
import type { NodeAvailability, NodeStatus } from '../model/types.js';

/**
 * A swarm node's two independent lifecycles: its status, driven by the
 * agent's session and heartbeats (manager/dispatcher/dispatcher.go), and its
 * availability, set by an operator (`docker node update --availability`).
 */
export type NodeEvent =
  | { type: 'REGISTER' } // the agent opened a session: READY
  | { type: 'HEARTBEAT_EXPIRED' } // no heartbeat within the grace period: DOWN
  | { type: 'LEAVE' } // `docker swarm leave`: DOWN
  | { type: 'NEW_LEADER' } // a new leader's dispatcher starts: every node not down is UNKNOWN until it registers (dispatcher.go markNodesUnknown)
  | { type: 'SET_ACTIVE' }
  | { type: 'SET_PAUSE' }
  | { type: 'SET_DRAIN' };

/** @internal The xstate machine itself stays out of the published declarations (its types do not check under a consumer's exactOptionalPropertyTypes). */
export const nodeMachine = setup({ types: { events: {} as NodeEvent } }).createMachine({
  id: 'node',
  type: 'parallel',
  states: {
    status: {
      initial: 'unknown',
      states: {
        unknown: { on: { REGISTER: 'ready', HEARTBEAT_EXPIRED: 'down', LEAVE: 'down' } },
        ready: { on: { HEARTBEAT_EXPIRED: 'down', LEAVE: 'down', NEW_LEADER: 'unknown' } },
        down: { on: { REGISTER: 'ready' } },
        disconnected: { on: { REGISTER: 'ready', HEARTBEAT_EXPIRED: 'down', NEW_LEADER: 'unknown' } },
      },
    },
    availability: {
      initial: 'active',
      states: {
        active: { on: { SET_PAUSE: 'pause', SET_DRAIN: 'drain' } },
        pause: { on: { SET_ACTIVE: 'active', SET_DRAIN: 'drain' } },
        drain: { on: { SET_ACTIVE: 'active', SET_PAUSE: 'pause' } },
      },
    },
  },
});

interface NodeLifecycle {
  status: NodeStatus;
  availability: NodeAvailability;
}

/**
 * The machine's answers, asked once per (status, availability, event): an
 * actor and a resolved snapshot per transition cost more than everything else
 * a heartbeat does. The events carry no data, so the answer is a function of
 * those three alone.
 */
const ANSWERS = new Map<string, NodeLifecycle>();
const ROOT_CONTEXT = createActor(nodeMachine).getSnapshot().context;

/** The node's lifecycle after `event`; unchanged when the machine ignores it. */
export function nextNodeLifecycle(current: NodeLifecycle, event: NodeEvent): NodeLifecycle {
  const key = `${current.status}/${current.availability}/${event.type}`;
  let answer = ANSWERS.get(key);
  if (!answer) {
    const snap = nodeMachine.resolveState({ value: { status: current.status, availability: current.availability }, context: ROOT_CONTEXT });
    const [next] = transition(nodeMachine, snap, event);
    const v = next.value as { status: NodeStatus; availability: NodeAvailability };
    ANSWERS.set(key, (answer = { status: v.status, availability: v.availability }));
  }
  return { status: answer.status, availability: answer.availability };
}

export function availabilityEvent(a: NodeAvailability): NodeEvent {
  return a === 'active' ? { type: 'SET_ACTIVE' } : a === 'pause' ? { type: 'SET_PAUSE' } : { type: 'SET_DRAIN' };
}
