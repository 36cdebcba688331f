// The Personas screen's state: the listener's personas, their artist map, and "Play this persona".
import type { EncoreApi } from '../../../src-main/api/contract';
import type { TrackRow } from '../../../src-main/db/tracks';
import type { PersonaMapPoint, Personas } from '../../../src-main/recommend/personas';
import { localOffsetS } from '../../lib/stats-range';
import { needsTraining } from '../foryou/rules';

/** How many tracks "Play this persona" queues. */
export const PERSONA_QUEUE = 40;

/** "Evenings · Indie Rock — 25 Nov 2026": a persona's playlist, dated so a second save differs. */
export function personaPlaylistName(label: string, when: Date): string {
  const date = when.toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  });
  return `${label.slice(0, 160)} — ${date}`;
}

export class PersonasState {
  result = $state.raw<Personas | null>(null);
  map = $state.raw<PersonaMapPoint[]>([]);
  /** How many personas to fold the history into (1–8). */
  count = $state(3);
  untrained = $state(false);
  error = $state<string | null>(null);
  loading = $state(false);

  constructor(private readonly api: EncoreApi) {}

  async load(): Promise<void> {
    this.loading = true;
    try {
      const personas = this.count;
      // The offset at this load, not displayed state (as stats.svelte.ts).
      // eslint-disable-next-line svelte/prefer-svelte-reactivity
      const now = new Date();
      const [result, map] = await Promise.all([
        this.api['personas.list']({ personas, tzOffsetS: localOffsetS(now) }),
        this.api['personas.map']({ personas }),
      ]);
      this.result = result;
      this.map = map;
      this.untrained = false;
      this.error = null;
    } catch (e) {
      this.untrained = needsTraining(e);
      this.error = this.untrained ? null : (e as Error).message;
    } finally {
      this.loading = false;
    }
  }

  async tracksFor(persona: number): Promise<TrackRow[]> {
    return this.api['personas.play']({ personas: this.count, persona, n: PERSONA_QUEUE });
  }

  /**
   * "Save as playlist": the tracks "Play this persona" would queue, saved under the persona's
   * label (the playlists screen lists it; export from there). Returns the playlist's name.
   */
  async save(persona: number, label: string): Promise<string> {
    const tracks = await this.tracksFor(persona);
    if (tracks.length === 0) throw new Error('This persona has no playable tracks to save.');
    // The date of this save, not displayed state (as stats.svelte.ts).
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    const name = personaPlaylistName(label, new Date());
    await this.api['playlists.create']({
      name,
      items: tracks.map((t) => ({ trackId: t.id, reason: `from your ${label} persona` })),
    });
    return name;
  }

  async train(): Promise<void> {
    try {
      await this.api['models.train']({ kind: 'als' });
    } catch (e) {
      this.error = (e as Error).message;
    }
  }
}
