// The Personas screen's state: the listener's personas, their artist map, and "Play this persona".
import type { EncoreApi } from '../../../src-main/api/contract';
import type { TrackRow } from '../../../src-main/db/tracks';
import type { PersonaMapPoint, Personas } from '../../../src-main/recommend/personas';
import { localOffsetS } from '../../lib/stats-range';
import { needsTraining } from '../foryou/rules';

/** How many tracks "Play this persona" queues. */
export const PERSONA_QUEUE = 40;

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

  async train(): Promise<void> {
    try {
      await this.api['models.train']({ kind: 'als' });
    } catch (e) {
      this.error = (e as Error).message;
    }
  }
}
