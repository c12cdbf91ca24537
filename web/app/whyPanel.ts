/**
 * The "why" panel's life: it draws the selection at once, asks the worker
 * for the explanations it needs (the simulator lives there), and draws them
 * when they come, if the same state and selection are still shown.
 */
import type { PlacementExplanation } from '../../sim/explain.js';
import type { NodeExplanation } from '../../sim/explain/node.js';
import type { SimSnapshot } from '../../sim/snapshot.js';
import { renderWhyNode, renderWhyTask, whyTasks } from '../render/why.js';
import type { SimClient } from '../worker/client.js';
import type { Frames } from './frames.js';

export interface Selection {
  readonly task: string | null;
  readonly machine: string | null;
}

export interface WhyHandlers {
  readonly onSelectTask: (id: string) => void;
  readonly onTry: (command: string) => void;
  readonly onClose: () => void;
}

export class WhyPanel {
  private cache: { key: string; explanations: ReadonlyMap<string, PlacementExplanation | null> } | null = null;
  private nodeCache: { key: string; node: NodeExplanation | null } | null = null;

  constructor(
    private readonly host: HTMLElement,
    private readonly client: SimClient,
    private readonly handlers: WhyHandlers,
  ) {}

  /** A new replay: explanations of the old one no longer apply. */
  forget(): void {
    this.cache = null;
    this.nodeCache = null;
  }

  /**
   * Shows `sel` in the state `stateKey` (at position u). `current()` says what
   * is shown when an answer comes back, so a stale one is dropped.
   */
  show(stateKey: string, snap: SimSnapshot, f: Frames, u: number, sel: Selection, current: () => string): void {
    const key = `${stateKey}|${sel.task}|${sel.machine}`;
    const history = sel.machine ? f.steps.slice(0, f.stepIndex(u) + 1).map((st, i) => ({ step: i + 1, line: st.line, source: st.source.split('\n')[0], events: st.events })) : [];
    const draw = (): void => {
      const c = {
        snapshot: snap,
        events: sel.task ? f.eventsUntil(u) : [],
        hostOf: (id: string) => f.hostOf(id),
        history,
        node: this.nodeCache?.key === key ? this.nodeCache.node : null,
        explanations: this.cache?.key === key ? this.cache.explanations : null,
        ...this.handlers,
      };
      if (sel.task) renderWhyTask(this.host, sel.task, c);
      else if (sel.machine) renderWhyNode(this.host, sel.machine, c);
      else this.host.replaceChildren(Object.assign(document.createElement('p'), { className: 'hint', textContent: 'Select a task or a node to see why it is where it is.' }));
    };
    draw();
    if (sel.machine && !sel.task && this.nodeCache?.key !== key)
      void this.client.explainNode(snap, sel.machine, history).then((r) => {
        if (!r.ok || current() !== key) return;
        this.nodeCache = { key, node: r.value };
        draw();
      });
    if ((!sel.task && !sel.machine) || this.cache?.key === key) return;
    const tasks = whyTasks(snap, sel);
    if (!tasks.length) {
      this.cache = { key, explanations: new Map() };
      draw();
      return;
    }
    void this.client.explain(snap, tasks).then((r) => {
      if (!r.ok || current() !== key) return;
      this.cache = { key, explanations: new Map(tasks.map((t, i) => [t, r.value[i]])) };
      draw();
    });
  }
}
