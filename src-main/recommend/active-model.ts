import type { Db } from '../db/connection';
import { activeModel, deactivateModel, type ModelRow } from '../db/models';
import { ModelFileError } from '../../models/serialize';
import { loadLibraryModel, type LibraryModel } from '../training/model-store';

export class NoModelError extends Error {
  override readonly name = 'NoModelError';
  constructor(
    message = 'Train a model first: no recommendation model has been trained on this library yet.',
  ) {
    super(message);
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
  private unusable: string | null = null;

  constructor(
    private readonly db: Db,
    private readonly dbPath: string,
    private readonly profileId: number,
    /** Called when the active model's file is damaged, of another version, or gone. */
    private readonly onUnusable: (reason: string) => void = () => undefined,
  ) {}

  async get(): Promise<LoadedModel> {
    this.loading ??= this.load();
    const loaded = await this.loading.catch((err: unknown) => {
      this.loading = null; // a broken file is reported now and retried next time
      throw err;
    });
    if (!loaded) {
      this.loading = null;
      throw new NoModelError(this.unusable ?? undefined);
    }
    return loaded;
  }

  /** Forgets the loaded model: the next `get` reads whatever is active then. */
  invalidate(): void {
    this.loading = null;
    this.unusable = null;
  }

  private async load(): Promise<LoadedModel | null> {
    const row = activeModel(this.db, this.profileId, 'als');
    if (!row) return null;
    let model: LibraryModel;
    try {
      model = await loadLibraryModel(this.dbPath, row.file);
    } catch (e) {
      const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
      if (!(e instanceof ModelFileError) && !missing) throw e;
      // A damaged, incompatible or deleted model file is taken out of use and retrained, never
      // crashed on (issue 7).
      deactivateModel(this.db, row.id);
      this.unusable =
        `The saved model ${missing ? 'file is missing' : `could not be read (${(e as Error).message})`}; ` +
        'it is being retrained. Try again when training is done.';
      this.onUnusable(this.unusable);
      return null;
    }
    return {
      row,
      model,
      trackCol: new Map(Array.from(model.trackIds, (id, c) => [id, c])),
      artistCol: new Map(model.artistColumns.map((a, c) => [a.key, c])),
    };
  }
}
