import type { Db } from '../db/connection';
import type { ModelRow } from '../db/models';
import { loadLibraryBudget, type LibraryBudget } from '../training/budget-store';
import { NoModelError } from './active-model';
import { LazyModel } from './lazy-model';

export const NO_BUDGET_MODEL =
  'Train the artist-budget model first: it learns how broadly you play each artist, on this computer.';

export interface LoadedBudget {
  row: ModelRow;
  budget: LibraryBudget;
  /** Library track id → column of the budget model. */
  trackCol: Map<number, number>;
}

/** The profile's active artist-budget model, loaded lazily; NoModelError until one is trained. */
export class ActiveBudget extends LazyModel<LoadedBudget> {
  constructor(db: Db, dbPath: string, profileId: number, onUnusable?: (reason: string) => void) {
    super(
      db,
      profileId,
      'budget',
      async (row) => {
        const budget = await loadLibraryBudget(dbPath, row.file);
        return { row, budget, trackCol: new Map(Array.from(budget.trackIds, (id, c) => [id, c])) };
      },
      (reason) => new NoModelError(reason ?? NO_BUDGET_MODEL),
      onUnusable,
    );
  }
}
