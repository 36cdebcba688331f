import { defaultAlsParams, type AlsModel, type AlsParams } from '../../models/als';
import { PopularityModel } from '../../models/baselines/popularity';
import { evaluate } from '../../models/eval/evaluate';
import { holdoutSplit } from '../../models/eval/split';
import type { FitProgress, Recommender } from '../../models/recommender';
import type { Csr } from '../../models/sparse';
import type { JobProgress } from '../api/jobs';
import type { Db } from '../db/connection';
import { insertActiveModel } from '../db/models';
import { lastPlayId } from '../db/training-data';
import { fitAlsParallel } from './als-parallel';
import { firstRows, loadTrainingMatrices } from './matrices';
import { saveLibraryModel } from './model-store';
import { trackAlsParams } from './track-eval';

export interface TrainOptions {
  dbPath: string;
  profileId: number;
  params?: Partial<AlsParams>;
  threads?: number;
  signal?: AbortSignal;
  onProgress?: (p: JobProgress) => void;
}

export interface HoldoutMetrics {
  'ndcg@10': number;
  epr: number;
  /** Test rows evaluated: a seeded sample of HOLDOUT_ROWS when there are more (`of`). */
  rows: number;
  of: number;
}

/**
 * Test rows the hold-out check ranks at most. Each ranks every track: at a 20-year history's
 * 100,000 sessions and 200,000 tracks the whole test set took hours (bench/scale.ts); a thousand
 * take seconds, with bootstrap intervals a few hundredths wide.
 */
export const HOLDOUT_ROWS = 1000;

export interface TrainMetrics {
  /** Training loss (Hu et al. eq. 3) after each iteration of the track model. */
  loss: number[];
  artistLoss: number[];
  trainSeconds: number;
  /** Hold-out ranking quality on the session matrix; null when there are too few sessions. */
  holdout: HoldoutMetrics | null;
  /**
   * The popularity baseline on the same hold-out split, so the Models screen can show whether the
   * personal model beats "most played first". Absent in models trained before it was recorded.
   */
  popularityHoldout?: HoldoutMetrics | null;
  sessions: number;
  tracks: number;
  artists: number;
  /** The newest play when the model was trained: auto-training counts new plays from it. */
  lastPlayId: number;
}

export interface TrainResult {
  modelId: number;
  file: string;
  metrics: TrainMetrics;
}

/** "tracks · loss 12.4 · ETA 3 s": a train job's progress line, with the objective's name. */
export function progressLine(
  phase: string,
  objective: { name: string; value: number | undefined },
  etaS: number,
): string {
  const value =
    objective.value === undefined ? '' : ` · ${objective.name} ${objective.value.toPrecision(4)}`;
  return `${phase}${value} · ETA ${Math.max(0, Math.ceil(etaS))} s`;
}

/** "loss 12.4 · ETA 3 s": the progress line of the Train button. */
export function trainMessage(phase: string, loss: number | undefined, etaS: number): string {
  return progressLine(phase, { name: 'loss', value: loss }, etaS);
}

/** nDCG@10 and EPR of a model fitted on `train`, on the held-out `test` plays. */
export function holdoutMetrics(model: Recommender, train: Csr, test: Csr): HoldoutMetrics {
  const { metrics, rows, eligibleRows } = evaluate(model, train, test, {
    k: 10,
    resamples: 100,
    maxRows: HOLDOUT_ROWS,
  });
  return { 'ndcg@10': metrics['ndcg@10']!, epr: metrics.epr!, rows, of: eligibleRows };
}

/**
 * Trains the library's ALS models from the profile's plays (the `models.train` job): a hold-out
 * fit on the sessions for the metrics, then the track model and the artist model on everything,
 * all on worker threads. Saves one file and makes it the active model.
 */
export async function trainLibraryModel(db: Db, options: TrainOptions): Promise<TrainResult> {
  // Session rows hold a few tracks each: the HetRec defaults (tuned on whole listeners, lambda 30)
  // drown them. The track model and its hold-out check take the values tuned on session rows of
  // the real exports (trackAlsParams, docs/models.md "Track level"); the artist model keeps the
  // artist-level HetRec defaults.
  const params: AlsParams = { ...trackAlsParams, ...options.params };
  const artistParams: AlsParams = { ...defaultAlsParams, ...options.params };
  const started = performance.now();
  const playMark = lastPlayId(db);
  const { tracks, artists } = loadTrainingMatrices(db, options.profileId);
  if (tracks.matrix.cols === 0)
    throw new Error(
      'No listened plays of library tracks yet: play some music or import your history, then train.',
    );

  const sessionMatrix = firstRows(tracks.matrix, tracks.sessions);
  const split = holdoutSplit(sessionMatrix, { fraction: 0.2, minItems: 5, seed: params.seed });
  const canEvaluate = split.test.indptr[split.test.rows]! > 0;
  const phases = canEvaluate ? 3 : 2;
  const total = phases * params.iterations;
  let phase = 0;
  const fit = async (
    matrix: Csr,
    name: string,
    losses?: number[],
    fitParams = params,
  ): Promise<AlsModel> => {
    const model = await fitAlsParallel(matrix, fitParams, {
      computeLoss: losses !== undefined,
      signal: options.signal,
      ...(options.threads ? { threads: options.threads } : {}),
      onProgress: (p: FitProgress) => {
        if (p.loss !== undefined) losses?.push(p.loss);
        const done = phase * params.iterations + p.iteration;
        const perIteration = (performance.now() - started) / 1000 / done;
        options.onProgress?.({
          done,
          total,
          current: name,
          message: trainMessage(name, p.loss, perIteration * (total - done)),
        });
      },
    });
    phase++;
    return model;
  };

  let holdout: HoldoutMetrics | null = null;
  let popularityHoldout: HoldoutMetrics | null = null;
  if (canEvaluate) {
    const heldOut = await fit(split.train, 'hold-out check');
    holdout = holdoutMetrics(heldOut, split.train, split.test);
    const popularity = new PopularityModel();
    await popularity.fit(split.train);
    popularityHoldout = holdoutMetrics(popularity, split.train, split.test);
  }
  const loss: number[] = [];
  const artistLoss: number[] = [];
  const trackModel = await fit(tracks.matrix, 'tracks', loss);
  const artistModel = await fit(artists.matrix, 'artists', artistLoss, artistParams);

  const metrics: TrainMetrics = {
    loss,
    artistLoss,
    trainSeconds: (performance.now() - started) / 1000,
    holdout,
    popularityHoldout,
    sessions: tracks.sessions,
    tracks: tracks.matrix.cols,
    artists: artists.matrix.cols,
    lastPlayId: playMark,
  };
  const now = new Date();
  const file = await saveLibraryModel(
    options.dbPath,
    'als',
    {
      tracks: trackModel,
      trackIds: Int32Array.from(tracks.columns),
      artists: artistModel,
      artistColumns: artists.columns,
    },
    now,
  );
  const modelId = insertActiveModel(db, {
    kind: 'als',
    profileId: options.profileId,
    params,
    metrics,
    file,
    trainedAt: Math.floor(now.getTime() / 1000),
  });
  return { modelId, file, metrics };
}
