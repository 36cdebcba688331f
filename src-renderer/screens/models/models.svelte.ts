// The Models screen's state: the trained runs, which one the loss chart shows, and the train call.
import type { EncoreApi } from '../../../src-main/api/contract';
import type { ModelInfo } from '../../../src-main/recommend/handlers';

export class ModelsState {
  models = $state.raw<ModelInfo[]>([]);
  loaded = $state(false);
  error = $state<string | null>(null);
  /** The run whose loss curves are drawn; null follows the active (else newest) run. */
  chosenId = $state<number | null>(null);
  readonly shown = $derived(
    this.models.find((m) => m.id === this.chosenId) ??
      this.models.find((m) => m.active) ??
      this.models[0] ??
      null,
  );

  constructor(private readonly api: EncoreApi) {}

  async load(): Promise<void> {
    try {
      // Newest first: the list reads as a history of training runs.
      const rows = await this.api['models.list']({});
      this.models = [...rows].sort((a, b) => b.trainedAt - a.trainedAt || b.id - a.id);
      this.error = null;
    } catch (e) {
      this.error = (e as Error).message;
    } finally {
      this.loaded = true;
    }
  }

  async train(): Promise<void> {
    try {
      await this.api['models.train']({ kind: 'als' });
    } catch (e) {
      this.error = (e as Error).message;
    }
  }
}
