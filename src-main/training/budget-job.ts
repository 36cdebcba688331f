import { defaultBudgetParams, type BudgetParams } from '../../models/budget/fit';
import type { BudgetModel } from '../../models/budget/model';
import { PopularityModel } from '../../models/baselines/popularity';
import { holdoutSplit } from '../../models/eval/split';
import type { FitProgress } from '../../models/recommender';
import type { Csr } from '../../models/sparse';
import type { JobProgress } from '../api/jobs';
import type { Db } from '../db/connection';
import { insertActiveModel } from '../db/models';
import { lastPlayId } from '../db/training-data';
import { loadBudgetData } from './budget-data';
import { fitBudgetInWorker } from './listener-fit';
import { saveLibraryBudget } from './budget-store';
import { firstRows } from './matrices';
import { holdoutMetrics, progressLine, type HoldoutMetrics } from './train-job';

export interface BudgetTrainOptions {
  dbPath: string;
  profileId: number;
  params?: Partial<BudgetParams>;
  signal?: AbortSignal;
  onProgress?: (p: JobProgress) => void;
}

export interface BudgetMetrics {
  /** Evidence lower bound after each CAVI pass of the full fit (never decreases). */
  elbo: number[];
  trainSeconds: number;
  /** Hold-out ranking quality on the session rows; null when there are too few sessions. */
  holdout: HoldoutMetrics | null;
  popularityHoldout: HoldoutMetrics | null;
  sessions: number;
  tracks: number;
  artists: number;
  lastPlayId: number;
}

export interface BudgetTrainResult {
  modelId: number;
  file: string;
  metrics: BudgetMetrics;
}

/** "tracks · ELBO −1.234e+4 · ETA 3 s": the progress line of a budget train. */
export function budgetMessage(phase: string, elbo: number | undefined, etaS: number): string {
  return progressLine(phase, { name: 'ELBO', value: elbo }, etaS);
}

/**
 * The `models.train {kind: 'budget'}` job: a hold-out fit on the sessions for the metrics (when
 * there are enough), then the model on every row, each in a worker thread. Saves one file and
 * makes it the profile's active budget model.
 */
export async function trainBudgetModel(
  db: Db,
  options: BudgetTrainOptions,
): Promise<BudgetTrainResult> {
  const params: BudgetParams = { ...defaultBudgetParams, ...options.params };
  const started = performance.now();
  const playMark = lastPlayId(db);
  const data = loadBudgetData(db, options.profileId);
  if (data.matrix.indptr[data.matrix.rows] === 0)
    throw new Error(
      'No listened plays of library tracks yet: play some music or import your history, then train.',
    );
  const artists = data.artistNames.length;
  const split = holdoutSplit(firstRows(data.matrix, data.sessions), {
    fraction: 0.2,
    minItems: 5,
    seed: params.seed,
  });
  const canEvaluate = split.test.indptr[split.test.rows]! > 0;
  const phases = canEvaluate ? 2 : 1;
  const total = phases * params.iterations;
  let phase = 0;
  const fit = async (matrix: Csr, name: string, elbo?: number[]): Promise<BudgetModel> => {
    const model = await fitBudgetInWorker(matrix, data.artistOf, artists, params, {
      signal: options.signal,
      onProgress: (p: FitProgress) => {
        const value = p.loss === undefined ? undefined : -p.loss;
        // Early convergence ends a phase before `iterations`; the bar then jumps ahead.
        const done = phase * params.iterations + p.iteration;
        const perIteration = (performance.now() - started) / 1000 / done;
        options.onProgress?.({
          done,
          total,
          current: name,
          message: budgetMessage(name, value, perIteration * (total - done)),
        });
      },
    });
    elbo?.push(...model.elbo);
    phase++;
    return model;
  };

  let holdout: HoldoutMetrics | null = null;
  let popularityHoldout: HoldoutMetrics | null = null;
  if (canEvaluate) {
    holdout = holdoutMetrics(await fit(split.train, 'hold-out check'), split.train, split.test);
    const popularity = new PopularityModel();
    await popularity.fit(split.train);
    popularityHoldout = holdoutMetrics(popularity, split.train, split.test);
  }
  const elbo: number[] = [];
  const model = await fit(data.matrix, 'artist budgets', elbo);
  options.onProgress?.({ done: total, total, current: 'saving', message: 'Saving the model' });

  const metrics: BudgetMetrics = {
    elbo,
    trainSeconds: (performance.now() - started) / 1000,
    holdout,
    popularityHoldout,
    sessions: data.sessions,
    tracks: data.matrix.cols,
    artists,
    lastPlayId: playMark,
  };
  const now = new Date();
  const file = await saveLibraryBudget(
    options.dbPath,
    { model, trackIds: data.trackIds, artistNames: data.artistNames, profileRow: data.profileRow },
    now,
  );
  const modelId = insertActiveModel(db, {
    kind: 'budget',
    profileId: options.profileId,
    params,
    metrics,
    file,
    trainedAt: Math.floor(now.getTime() / 1000),
  });
  return { modelId, file, metrics };
}
