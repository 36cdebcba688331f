// For You's state: the recommendations, the "why?" lists opened so far, and the train job.
import type { EncoreApi } from '../../../src-main/api/contract';
import type { Explained, ForYou } from '../../../src-main/recommend/for-you';
import { needsTraining } from './rules';

export const FOR_YOU_LIMIT = 30;

export class ForYouState {
  result = $state.raw<ForYou | null>(null);
  /** True when the engine has no model yet: the screen offers Train instead. */
  untrained = $state(false);
  error = $state<string | null>(null);
  loading = $state(false);
  /** Full explanations by track id, fetched when a "why?" is first opened. */
  explained = $state.raw<Record<number, Explained>>({});

  constructor(private readonly api: EncoreApi) {}

  async load(): Promise<void> {
    this.loading = true;
    try {
      this.result = await this.api['recommend.forYou']({ limit: FOR_YOU_LIMIT });
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
