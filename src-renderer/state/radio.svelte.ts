// Radio (issue 6): while on, keeps the queue at least AHEAD tracks ahead with the engine's picks,
// telling it the session so far and what was skipped, so a skip pushes similar tracks down at
// once. The rules themselves (repeats, artist spacing) live in src-main/recommend/radio-rules.ts.
import type { EncoreApi } from '../../src-main/api/contract';
import type { Player, PlayerEvent } from './player.svelte';

/** Tracks the radio keeps queued after the playing one. */
export const AHEAD = 5;
/** The session the engine sees: the last tracks of the queue up to the playing one. */
const SESSION = 50;

/** A persona the radio can be locked to: its index in `personas.list` and its label. */
export interface PersonaChoice {
  persona: number;
  label: string;
}

export class Radio {
  on = $state(false);
  busy = $state(false);
  error = $state<string | null>(null);
  /** The listener's personas (none until a For You model is trained): what the lock offers. */
  personas = $state<PersonaChoice[]>([]);
  /** The persona the radio keeps to, or null for the whole library. */
  persona = $state<number | null>(null);
  /** Tracks skipped while the radio was on (not shown, so not reactive). */
  private skipped: number[] = [];
  private pending: Promise<void> | null = null;

  constructor(
    private readonly api: EncoreApi,
    private readonly player: Player,
  ) {
    player.listen((e) => this.handle(e));
  }

  async toggle(): Promise<void> {
    this.on = !this.on;
    this.error = null;
    this.skipped = [];
    if (this.on) await Promise.all([this.fill(), this.loadPersonas()]);
  }

  /**
   * Asks which personas there are. Without a trained model there are none, and the lock is not
   * offered; a lock on a persona that no longer exists (a retrain folded fewer) is let go.
   */
  async loadPersonas(): Promise<void> {
    try {
      const { personas } = await this.api['personas.list']({});
      this.personas = personas.map(({ persona, label }) => ({ persona, label }));
    } catch {
      this.personas = [];
    }
    if (this.persona !== null && !this.personas.some((p) => p.persona === this.persona))
      this.persona = null;
  }

  /** Locks the radio to one persona (null: none); the picks queued so far are chosen again. */
  async lock(persona: number | null): Promise<void> {
    if (persona === this.persona) return;
    this.persona = persona;
    if (!this.on) return;
    // A request already under way was made without the lock: let it land, then choose again.
    await this.pending;
    this.player.dropRadioAhead();
    await this.fill();
  }

  /** Saves what the radio played and queued, reasons kept, as a new playlist. */
  async saveAsPlaylist(name: string): Promise<number> {
    const items = this.player.queue.items.map((e) => ({
      trackId: e.track.id,
      reason: e.reason ?? null,
    }));
    const made = await this.api['playlists.create']({ name, items, kind: 'radio' });
    return made.id;
  }

  private handle(e: PlayerEvent): void {
    if (!this.on) return;
    if (e.type === 'recorded' && e.skipped) {
      // A skip pushes similar tracks down at once: the picks made before it are chosen again.
      this.skipped.push(e.trackId);
      this.player.dropRadioAhead();
    }
    void this.fill();
  }

  /** Asks for what the queue lacks; one request at a time, re-checked when it returns. */
  fill(): Promise<void> {
    this.pending ??= this.request().finally(() => (this.pending = null));
    return this.pending;
  }

  private async request(): Promise<void> {
    const { items, index } = this.player.queue;
    const upcoming = items.slice(index + 1);
    const wanted = AHEAD - upcoming.length;
    if (!this.on || wanted <= 0) return;
    this.busy = true;
    try {
      const history = items
        .slice(Math.max(0, index + 1 - SESSION), index + 1)
        .map((e) => e.track.id);
      const picks = await this.api['radio.next']({
        history,
        skipped: history.filter((id) => this.skipped.includes(id)),
        exclude: upcoming.map((e) => e.track.id).slice(0, 1000),
        n: wanted,
        ...(this.persona === null ? {} : { persona: this.persona }),
      });
      if (this.on) this.player.enqueueWithReasons(picks);
      this.error = picks.length === 0 ? 'The radio found nothing more to play.' : null;
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
    } finally {
      this.busy = false;
    }
  }
}

const radios = new WeakMap<Player, Radio>();
/** One radio per player, shared by the player bar and the queue panel. */
export function radioOf(api: EncoreApi, player: Player): Radio {
  let r = radios.get(player);
  if (!r) radios.set(player, (r = new Radio(api, player)));
  return r;
}
