/**
 * The shareable link: the view's position, seed, branch, selection and
 * presenter mode written into the URL's hash a moment after the view
 * settles, and a hash changed by hand (or a link pasted) reopened.
 */
import { linkFor, openLink } from './link.js';
import { stateOf, type PageActor } from './page.js';
import { status, type ViewState } from './view.js';

export class Share {
  private timer = 0;
  /** The hash this page wrote last: its own change is not a link to reopen. */
  private lastHash = '';

  constructor(
    private readonly view: ViewState,
    private readonly actor: PageActor,
    private readonly text: () => string,
  ) {}

  /** Writes the link of what is shown, once the view has been still for a moment. */
  update(): void {
    clearTimeout(this.timer);
    this.timer = window.setTimeout(async () => {
      const c = this.actor.getSnapshot().context;
      const s = stateOf(this.actor);
      if (!c.run || s === 'running' || s === 'branching') return;
      const hash = await linkFor({
        entry: this.view.entry,
        text: this.text(),
        seed: c.run.seed,
        step: Math.floor(this.view.u),
        branch: c.branch.length ? { base: c.branchBase, lines: c.branch.map((x) => x.source) } : null,
        task: this.view.task,
        machine: this.view.machine,
        present: this.view.presenter,
      });
      this.lastHash = hash;
      if (location.hash !== hash) history.replaceState(null, '', hash);
    }, 120);
  }

  /** A hash that changed under the page (pasted, edited, back): run what it names. */
  wire(setPresenter: (on: boolean) => void): void {
    window.addEventListener('hashchange', () => {
      if (location.hash === this.lastHash) return;
      void openLink(location.hash).then(
        (r) => {
          if (r.present !== undefined) setPresenter(r.present);
          this.actor.send({ type: 'RUN', request: r });
        },
        (e) => status(String(e instanceof Error ? e.message : e), 'error'),
      );
    });
  }
}
