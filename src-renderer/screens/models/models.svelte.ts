// The Models screen's state: the trained runs and which one the loss chart shows.
import type { EncoreApi } from '../../../src-main/api/contract';
import type { ModelInfo } from '../../../src-main/recommend/handlers';
import { runMetrics } from '../../charts/model-charts';

export class ModelsState {
  models = $state.raw<ModelInfo[]>([]);
  loaded = $state(false);
  error = $state<string | null>(null);
  /** The run whose loss curves are drawn; null follows the active (else newest) run. */
  chosenId = $state<number | null>(null);
  readonly shown = $derived.by(() => {
    // Only runs that recorded a loss curve can be drawn (the radio's GRU runs do not).
    const drawable = this.models.filter((m) => runMetrics(m).loss.length > 0);
    return (
      drawable.find((m) => m.id === this.chosenId) ??
      drawable.find((m) => m.active) ??
      drawable[0] ??
      null
    );
  });

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
}
