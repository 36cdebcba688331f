// Everything the screens share, created once: the API client and the state built on it.
import { getApi, onUnauthorized } from '../api/client';
import { Jobs } from './jobs.svelte';
import { Library } from './library.svelte';
import { Player } from './player.svelte';

export class AppState {
  readonly api = getApi();
  readonly library = new Library(this.api);
  readonly jobs = new Jobs(this.api);
  readonly player = new Player(this.api);
  /** Set when `encore serve` refused the page for want of its token. */
  signInMessage = $state<string | null>(null);

  /** Wires engine events to the state; returns the teardown. */
  start(): () => void {
    const offAuth = onUnauthorized((e) => (this.signInMessage = e.message));
    const offEvents = this.api.onEvent((event) => {
      this.jobs.handle(event);
      if (event.type === 'library-changed') this.library.changed();
    });
    void this.library.loadInfo().catch(() => undefined);
    void this.jobs.load().catch(() => undefined);
    return () => {
      offAuth();
      offEvents();
    };
  }
}
