import type { Db } from '../db/connection';
import type { ModelRow } from '../db/models';
import { loadLibraryModel, type LibraryModel } from '../training/model-store';
import { LazyModel } from './lazy-model';

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

/** The profile's active ALS model, loaded lazily (lazy-model.ts). */
export class ActiveModel extends LazyModel<LoadedModel> {
  constructor(db: Db, dbPath: string, profileId: number, onUnusable?: (reason: string) => void) {
    super(
      db,
      profileId,
      'als',
      async (row) => {
        const model = await loadLibraryModel(dbPath, row.file);
        return {
          row,
          model,
          trackCol: new Map(Array.from(model.trackIds, (id, c) => [id, c])),
          artistCol: new Map(model.artistColumns.map((a, c) => [a.key, c])),
        };
      },
      (reason) => new NoModelError(reason),
      onUnusable,
    );
  }
}

/**
 * The listener's history as a model sees it: the keys it has a column for (library track ids,
 * artist keys), their columns and their play counts, in the counts' order.
 */
export function historyColumns<K>(counts: ReadonlyMap<K, number>, colOf: ReadonlyMap<K, number>) {
  const keys: K[] = [];
  const items: number[] = [];
  const values: number[] = [];
  for (const [key, n] of counts) {
    const c = colOf.get(key);
    if (c !== undefined) {
      keys.push(key);
      items.push(c);
      values.push(n);
    }
  }
  return { keys, items, values };
}
