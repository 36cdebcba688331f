import type { Db } from '../db/connection';
import { activeModel, deactivateModel, type ModelRow } from '../db/models';
import { ModelFileError } from '../../models/serialize';

/**
 * A profile's active model of one kind, read from its file on first use (not at start, so opening
 * the app never waits for it) and read again after a train replaces it (`invalidate`).
 */
export class LazyModel<T> {
  private loading: Promise<T | null> | null = null;
  private unusable: string | null = null;

  constructor(
    private readonly db: Db,
    private readonly profileId: number,
    private readonly kind: string,
    private readonly read: (row: ModelRow) => Promise<T>,
    /** The error `get` throws while there is no usable model (its message: what to do). */
    private readonly noModel: (reason?: string) => Error,
    /** Called when the active model's file is damaged, of another version, or gone. */
    private readonly onUnusable: (reason: string) => void = () => undefined,
  ) {}

  async get(): Promise<T> {
    this.loading ??= this.load();
    const loaded = await this.loading.catch((err: unknown) => {
      this.loading = null; // a broken file is reported now and retried next time
      throw err;
    });
    if (!loaded) {
      this.loading = null;
      throw this.noModel(this.unusable ?? undefined);
    }
    return loaded;
  }

  /** The model, or null while there is none (for optional extras such as explanation lines). */
  async getIfAny(): Promise<T | null> {
    return this.get().catch((e: unknown) => {
      if (e instanceof Error && e.name === 'NoModelError') return null;
      throw e;
    });
  }

  /** Forgets the loaded model: the next `get` reads whatever is active then. */
  invalidate(): void {
    this.loading = null;
    this.unusable = null;
  }

  private async load(): Promise<T | null> {
    const row = activeModel(this.db, this.profileId, this.kind);
    if (!row) return null;
    try {
      return await this.read(row);
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
  }
}
