import type { Engine } from '../engine';
import { activeModel } from '../db/models';
import { getSetting } from '../db/settings';
import { listenedPlaysAfter } from '../db/training-data';
import { trainLibraryModel } from '../training/train-job';
import { ActiveModel } from './active-model';

export const AUTO_TRAIN_SETTING = 'autoTrainAfterPlays';
export const DEFAULT_AUTO_TRAIN_PLAYS = 200;
/** Imports emit plays-changed once per batch; wait for the burst to end before counting. */
const AUTO_TRAIN_DEBOUNCE_MS = 5000;

/**
 * One engine's recommendation state: the active model and at most one train job at a time (a
 * second Train press, or auto-training during a manual train, joins the running job).
 */
export class Trainer {
  readonly active: ActiveModel;
  private running: string | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly engine: Engine,
    private readonly debounceMs = AUTO_TRAIN_DEBOUNCE_MS,
  ) {
    this.active = new ActiveModel(engine.db, engine.options.dbPath, engine.profileId, () =>
      this.train(),
    );
    const off = engine.onEvent((e) => {
      if (e.type === 'plays-changed') this.schedule();
    });
    engine.onClose(() => {
      off();
      if (this.timer) clearTimeout(this.timer);
    });
  }

  /** Starts a train job, or returns the one already running. */
  train(): string {
    if (this.running) return this.running;
    const { engine } = this;
    const { jobId, promise } = engine.jobs.start('train', (ctx) =>
      trainLibraryModel(engine.db, {
        dbPath: engine.options.dbPath,
        profileId: engine.profileId,
        signal: ctx.signal,
        onProgress: ctx.progress,
      }),
    );
    this.running = jobId;
    void promise
      .then(() => this.active.invalidate())
      .catch(() => undefined)
      .finally(() => (this.running = null));
    return jobId;
  }

  /** Plays the active model has not seen yet. */
  newPlays(): number {
    const { db, profileId } = this.engine;
    const mark = activeModel(db, profileId, 'als')?.metrics.lastPlayId;
    return listenedPlaysAfter(db, profileId, typeof mark === 'number' ? mark : 0);
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      const after = getSetting<number>(
        this.engine.db,
        AUTO_TRAIN_SETTING,
        DEFAULT_AUTO_TRAIN_PLAYS,
      );
      if (after > 0 && !this.running && this.newPlays() >= after) this.train();
    }, this.debounceMs);
    this.timer.unref();
  }
}
