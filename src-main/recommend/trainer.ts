import type { Engine } from '../engine';
import { activeModel } from '../db/models';
import { getSetting } from '../db/settings';
import { listenedPlaysAfter } from '../db/training-data';
import { trainBudgetModel } from '../training/budget-job';
import { trainLibraryModel } from '../training/train-job';
import { ActiveBudget } from './active-budget';
import { ActiveModel } from './active-model';

export const AUTO_TRAIN_SETTING = 'autoTrainAfterPlays';
export const DEFAULT_AUTO_TRAIN_PLAYS = 200;
/** Imports emit plays-changed once per batch; wait for the burst to end before counting. */
const AUTO_TRAIN_DEBOUNCE_MS = 5000;

/** The job kind of a budget train (`jobs.latest('train-budget')` follows it in the renderer). */
export const BUDGET_JOB = 'train-budget';

/**
 * One engine's recommendation state: the active models and at most one train job per kind at a
 * time (a second Train press, or auto-training during a manual train, joins the running job).
 */
export class Trainer {
  readonly active: ActiveModel;
  readonly budget: ActiveBudget;
  private running: string | null = null;
  private runningBudget: string | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly engine: Engine,
    private readonly debounceMs = AUTO_TRAIN_DEBOUNCE_MS,
  ) {
    this.active = new ActiveModel(engine.db, engine.options.dbPath, engine.profileId, () =>
      this.train(),
    );
    this.budget = new ActiveBudget(engine.db, engine.options.dbPath, engine.profileId, () =>
      this.trainBudget(),
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

  /** Starts an artist-budget train job, or returns the one already running. */
  trainBudget(): string {
    if (this.runningBudget) return this.runningBudget;
    const { engine } = this;
    const { jobId, promise } = engine.jobs.start(BUDGET_JOB, (ctx) =>
      trainBudgetModel(engine.db, {
        dbPath: engine.options.dbPath,
        profileId: engine.profileId,
        signal: ctx.signal,
        onProgress: ctx.progress,
      }),
    );
    this.runningBudget = jobId;
    void promise
      .then(() => this.budget.invalidate())
      .catch(() => undefined)
      .finally(() => (this.runningBudget = null));
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
      if (after > 0 && !this.running && this.newPlays() >= after) {
        this.train();
        // A listener who trained the budget model once keeps it in step with the ALS model.
        const { db, profileId } = this.engine;
        if (activeModel(db, profileId, 'budget')) this.trainBudget();
      }
    }, this.debounceMs);
    this.timer.unref();
  }
}
