import { evaluate } from './evaluate';
import type { Csr } from '../sparse';
import type { Recommender } from '../recommender';

export interface GridPoint<P> {
  params: P;
  metrics: Record<string, number>;
  trainSeconds: number;
}

/**
 * Every combination of the grid's values over `base`, each fitted on `train` and scored on
 * `validation` (never the test split), in a fixed order so runs compare.
 */
export async function gridSearch<P extends object>(
  base: P,
  grid: { [K in keyof P]?: P[K][] },
  train: Csr,
  validation: Csr,
  fit: (params: P) => Promise<Recommender>,
  onPoint?: (point: GridPoint<P>, done: number, total: number) => void,
): Promise<GridPoint<P>[]> {
  let combos: P[] = [base];
  for (const [key, values] of Object.entries(grid) as [keyof P, P[keyof P][]][]) {
    combos = combos.flatMap((c) => values.map((v) => ({ ...c, [key]: v })));
  }
  const points: GridPoint<P>[] = [];
  for (const params of combos) {
    const started = performance.now();
    const model = await fit(params);
    const trainSeconds = (performance.now() - started) / 1000;
    const { metrics } = evaluate(model, train, validation, { resamples: 0 });
    points.push({ params, metrics, trainSeconds });
    onPoint?.(points.at(-1)!, points.length, combos.length);
  }
  return points;
}

/** The point with the highest `metric` (the first one on ties). */
export function bestPoint<P>(points: GridPoint<P>[], metric: string): GridPoint<P> {
  return points.reduce((best, p) =>
    (p.metrics[metric] ?? -Infinity) > (best.metrics[metric] ?? -Infinity) ? p : best,
  );
}
