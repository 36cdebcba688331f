import { BudgetModel } from '../../models/budget/model';
import { packModel, unpackModel } from '../../models/serialize';
import { readModelFile, writeModelFile } from './model-store';

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

/** The model's bytes ride as an i32 array (model files are 8-byte aligned), as in model-store. */
const asInt32 = (bytes: Uint8Array) =>
  new Int32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
const asBytes = (ints: Int32Array) => new Uint8Array(ints.buffer, ints.byteOffset, ints.byteLength);

export function packLibraryBudget(b: LibraryBudget): Uint8Array {
  return packModel(
    BUNDLE_KIND,
    { artistNames: b.artistNames, profileRow: b.profileRow },
    { trackIds: b.trackIds, model: asInt32(b.model.toBytes()) },
  );
}

export function unpackLibraryBudget(bytes: Uint8Array): LibraryBudget {
  const { meta, arrays } = unpackModel(bytes, BUNDLE_KIND);
  return {
    model: BudgetModel.fromBytes(asBytes(arrays.model as Int32Array)),
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
  return unpackLibraryBudget(await readModelFile(dbPath, file));
}
