import { heatmapSvg } from '../../models/eval/heatmap';
import { bestPoint, gridSearch, type GridPoint } from '../../models/eval/search';
import { holdoutSplit, type Split } from '../../models/eval/split';
import type { AlsParams } from '../../models/als';
import type { Csr } from '../../models/sparse';
import { fitAlsParallel } from './als-parallel';

export interface AlsSearch {
  best: AlsParams;
  points: GridPoint<AlsParams>[];
  /** The alpha × lambda heat map of `metric` on the validation split (best over the other axes). */
  svg: string;
}

/**
 * Grid search on a validation split carved out of `train` (a second per-row hold-out, so the
 * test split is never looked at), scored by `metric`.
 */
export async function searchAls(
  train: Csr,
  base: AlsParams,
  grid: {
    factors?: number[];
    alpha: number[];
    lambda: number[];
    eps?: number[];
    confidence?: AlsParams['confidence'][];
  },
  options: {
    metric?: string;
    /**
     * A validation split to score on instead of a per-row hold-out of `train` (track level: the
     * same session protocol run on the training sessions alone, `trainingPart` in track-eval.ts).
     */
    validation?: Split;
    fraction?: number;
    threads?: number;
    onPoint?: (p: GridPoint<AlsParams>, done: number, total: number) => void;
  } = {},
): Promise<AlsSearch> {
  const metric = options.metric ?? 'ndcg@10';
  const split =
    options.validation ??
    holdoutSplit(train, { fraction: options.fraction ?? 0.2, seed: base.seed + 1 });
  const points = await gridSearch(
    base,
    grid,
    split.train,
    split.test,
    (params) =>
      fitAlsParallel(split.train, params, options.threads ? { threads: options.threads } : {}),
    options.onPoint,
  );
  const values = grid.lambda.map((lambda) =>
    grid.alpha.map((alpha) =>
      Math.max(
        ...points
          .filter((p) => p.params.alpha === alpha && p.params.lambda === lambda)
          .map((p) => p.metrics[metric] ?? NaN),
      ),
    ),
  );
  const svg = heatmapSvg({
    title: `ALS ${metric} on a validation split (${grid.factors ? `best of ${grid.factors.join('/')}` : base.factors} factors, ${base.iterations} iterations)`,
    xLabel: 'alpha (confidence scale)',
    yLabel: 'lambda (regularisation)',
    xs: grid.alpha,
    ys: grid.lambda,
    values,
  });
  return { best: bestPoint(points, metric).params, points, svg };
}
