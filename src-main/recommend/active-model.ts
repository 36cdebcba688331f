import type { Db } from '../db/connection';
import { activeModel, type ModelRow } from '../db/models';
import { loadLibraryModel, type LibraryModel } from '../training/model-store';

export class NoModelError extends Error {
  override readonly name = 'NoModelError';
  constructor() {
    super('Train a model first: no recommendation model has been trained on this library yet.');
  }
}

export interface LoadedModel {
  row: ModelRow;
  model: LibraryModel;
  /** Library track id → column of the track model. */
  trackCol: Map<number, number>;
  /** Normalised artist name → column of the artist model. */
  artistCol: Map<string, number>;
}

/**
 * The profile's active ALS model, read from its file on first use (not at start, so opening the
 * app never waits for it) and read again after a train replaces it.
 */
export class ActiveModel {
  private loading: Promise<LoadedModel | null> | null = null;

  constructor(
    private readonly db: Db,
    private readonly dbPath: string,
    private readonly profileId: number,
  ) {}

  async get(): Promise<LoadedModel> {
    this.loading ??= this.load();
    const loaded = await this.loading.catch((err: unknown) => {
      this.loading = null; // a broken file is reported now and retried next time
      throw err;
    });
    if (!loaded) {
      this.loading = null;
      throw new NoModelError();
    }
    return loaded;
  }

  /** Forgets the loaded model: the next `get` reads whatever is active then. */
  invalidate(): void {
    this.loading = null;
  }

  private async load(): Promise<LoadedModel | null> {
    const row = activeModel(this.db, this.profileId, 'als');
    if (!row) return null;
    const model = await loadLibraryModel(this.dbPath, row.file);
    return {
      row,
      model,
      trackCol: new Map(Array.from(model.trackIds, (id, c) => [id, c])),
      artistCol: new Map(model.artistColumns.map((a, c) => [a.key, c])),
    };
  }
}
