// For You's state: the recommendations, the deep cuts, the "why?" lists opened so far.
import type { EncoreApi } from '../../../src-main/api/contract';
import type { DeepCuts } from '../../../src-main/recommend/deep-cuts';
import type { Explained, ForYou } from '../../../src-main/recommend/for-you';
import { forYouRequest } from './request';
import { becauseLine, datedPlaylistName, needsTraining } from './rules';

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
  /** The playlists "Save as playlist" made from each shelf (this visit). */
  deepCutsSaved = $state<string | null>(null);
  forYouSaved = $state<string | null>(null);

  constructor(private readonly api: EncoreApi) {}

  async load(): Promise<void> {
    this.loading = true;
    void this.loadDeepCuts();
    try {
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- the offset now, not state
      this.result = await this.api['recommend.forYou'](forYouRequest(new Date()));
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

  /** "Save as playlist": the deep cuts, each with its breadth explanation as the reason. */
  async saveDeepCuts(): Promise<void> {
    const cuts = this.deepCuts?.tracks ?? [];
    this.deepCutsSaved = await this.save(
      'Deep cuts',
      cuts.map((c) => ({ trackId: c.track.id, reason: c.why })),
    );
  }

  /** "Save as playlist": the recommended tracks, each with its "because you played …". */
  async saveForYou(): Promise<void> {
    const tracks = this.result?.tracks ?? [];
    this.forYouSaved = await this.save(
      'For You',
      tracks.map((t) => ({ trackId: t.track.id, reason: becauseLine(t.because) })),
    );
  }

  private async save(
    shelf: 'Deep cuts' | 'For You',
    items: { trackId: number; reason: string }[],
  ): Promise<string | null> {
    if (items.length === 0) return null;
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- the date of this save
    const name = datedPlaylistName(shelf, new Date());
    try {
      await this.api['playlists.create']({
        name,
        items: items.map((i) => ({ trackId: i.trackId, reason: i.reason.slice(0, 500) })),
      });
      return name;
    } catch (e) {
      this.error = (e as Error).message;
      return null;
    }
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
