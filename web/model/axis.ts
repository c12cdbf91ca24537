/**
 * The timeline's axis: one equal segment per command, and within a segment
 * the step's virtual time, linearly, so the events a command caused sit
 * between its mark and the next. A position is a number u in [0, frames-1]:
 * integer u is the state after command u (0: before any), a fraction is part
 * way through the next command.
 */
import type { TraceEvent, TraceKind } from '../../sim/cluster/trace.js';

export interface AxisStep {
  readonly t0: number;
  readonly t1: number;
  readonly events: readonly TraceEvent[];
}

/** Where an event falls within its step, 0..1. */
export function eventFraction(s: AxisStep, e: TraceEvent, index: number): number {
  if (s.t1 <= s.t0) return s.events.length ? (index + 1) / s.events.length : 1;
  return Math.max(0, Math.min(1, (e.time - s.t0) / (s.t1 - s.t0)));
}

export type EventLane = 'task' | 'node' | 'plugin' | 'other';
export const LANES: readonly EventLane[] = ['task', 'node', 'plugin', 'other'];

export function laneOf(kind: TraceKind): EventLane {
  if (kind.startsWith('task.')) return 'task';
  if (kind.startsWith('node.') || kind.startsWith('machine.') || kind === 'swarm.initialized') return 'node';
  if (kind.startsWith('plugin.') || kind.startsWith('volume.')) return 'plugin';
  return 'other';
}

export const clampU = (u: number, frames: number): number => Math.max(0, Math.min(frames - 1, u));
