// For You's state: the recommendations, the deep cuts, the "why?" lists opened so far.
import type { EncoreApi } from '../../../src-main/api/contract';
import type { DeepCuts } from '../../../src-main/recommend/deep-cuts';
import type { Explained, ForYou } from '../../../src-main/recommend/for-you';
import { localOffsetS } from '../../lib/stats-range';
import { deepCutsPlaylistName, needsTraining } from './rules';

export const FOR_YOU_LIMIT = 30;
export const DEEP_CUTS_LIMIT = 15;

export class ForYouState {
  result = $state.raw<ForYou | null>(null);
  /** True when the engine has no model yet: the screen offers Train instead. */
  untrained = $state(false);
  error = $state<string | null>(null);
  loading = $state(false);
  /** Full explanations by track id, fetched when a "why?" is first opened. */
  explained = $state.raw<Record<number, Explained>>({});
  deepCuts = $state.raw<DeepCuts | null>(null);
  /** True while no artist-budget model is trained: the Deep cuts shelf offers to train one. */
  deepCutsUntrained = $state(false);
  /** The playlist "Save as playlist" made from the deep cuts (this visit). */
  deepCutsSaved = $state<string | null>(null);

  constructor(private readonly api: EncoreApi) {}

  async load(): Promise<void> {
    this.loading = true;
    void this.loadDeepCuts();
    try {
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- the offset now, not state
      const tzOffsetS = localOffsetS(new Date());
      this.result = await this.api['recommend.forYou']({ limit: FOR_YOU_LIMIT, tzOffsetS });
      this.untrained = false;
      this.error = null;
      this.explained = {};
    } catch (e) {
      this.untrained = needsTraining(e);
      this.error = this.untrained ? null : (e as Error).message;
    } finally {
      this.loading = false;
    }
  }

  async loadDeepCuts(): Promise<void> {
    try {
      this.deepCuts = await this.api['recommend.deepCuts']({ limit: DEEP_CUTS_LIMIT });
      this.deepCutsUntrained = false;
    } catch (e) {
      this.deepCutsUntrained = needsTraining(e);
      if (!this.deepCutsUntrained) this.error = (e as Error).message;
    }
  }

  async trainBudget(): Promise<void> {
    try {
      await this.api['models.train']({ kind: 'budget' });
    } catch (e) {
      this.error = (e as Error).message;
    }
  }

  /** "Save as playlist": the shelf's tracks, each with its breadth explanation as the reason. */
  async saveDeepCuts(): Promise<void> {
    const cuts = this.deepCuts?.tracks ?? [];
    if (cuts.length === 0) return;
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- the date of this save
    const name = deepCutsPlaylistName(new Date());
    await this.api['playlists.create']({
      name,
      items: cuts.map((c) => ({ trackId: c.track.id, reason: c.why.slice(0, 500) })),
    });
    this.deepCutsSaved = name;
  }

  async train(): Promise<void> {
    try {
      await this.api['models.train']({ kind: 'als' });
    } catch (e) {
      this.error = (e as Error).message;
    }
  }

  async explain(trackId: number): Promise<void> {
    if (this.explained[trackId]) return;
    const full = await this.api['recommend.explain']({ trackId });
    this.explained = { ...this.explained, [trackId]: full };
  }
}
