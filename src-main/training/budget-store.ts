import { BudgetModel } from '../../models/budget/model';
import { packModel, unpackModel, type UnpackOptions } from '../../models/serialize';
import { asBytes, asInt32, NESTED, readCheckedModelFile, writeModelFile } from './model-store';

/**
 * What one `models.train {kind: 'budget'}` run stores: the fitted model (its own bytes carry the
 * training matrix, so `spread` and `deepCuts` work after loading) and the id maps that turn its
 * columns back into library tracks and its artists into names.
 */
export interface LibraryBudget {
  model: BudgetModel;
  /** Column → library track id. */
  trackIds: Int32Array;
  artistNames: string[];
  /** The row holding the profile's whole history (the rows before it are sessions). */
  profileRow: number;
}

const BUNDLE_KIND = 'budget-library';

export function packLibraryBudget(b: LibraryBudget): Uint8Array {
  return packModel(
    BUNDLE_KIND,
    { artistNames: b.artistNames, profileRow: b.profileRow },
    { trackIds: b.trackIds, model: asInt32(b.model.toBytes()) },
  );
}

/**
 * The bundle in `bytes`, its arrays viewing them (`unpackModel`); the models inside are covered by
 * the bundle's checksum and not checksummed again.
 */
export function unpackLibraryBudget(bytes: Uint8Array, options: UnpackOptions = {}): LibraryBudget {
  const { meta, arrays } = unpackModel(bytes, BUNDLE_KIND, options);
  return {
    model: BudgetModel.fromBytes(asBytes(arrays.model as Int32Array), NESTED),
    trackIds: arrays.trackIds as Int32Array,
    artistNames: meta.artistNames as string[],
    profileRow: meta.profileRow as number,
  };
}

export async function saveLibraryBudget(
  dbPath: string,
  budget: LibraryBudget,
  at = new Date(),
): Promise<string> {
  return writeModelFile(dbPath, 'budget', packLibraryBudget(budget), at);
}

export async function loadLibraryBudget(dbPath: string, file: string): Promise<LibraryBudget> {
  return unpackLibraryBudget(await readCheckedModelFile(dbPath, file), { checked: true });
}
