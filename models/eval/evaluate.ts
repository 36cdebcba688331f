import { rowItems, type Csr } from '../sparse';
import { ratioWithInterval } from './bootstrap';
import { rowMetrics } from './metrics';
import type { Recommender } from '../recommender';

export interface Evaluation {
  /** epr, p@k, r@k, ndcg@k, hr@k, mrr: means over the test rows (EPR weighted by test counts). */
  metrics: Record<string, number>;
  /** 95 % bootstrap interval of each metric, [low, high]. */
  intervals: Record<string, [number, number]>;
  rows: number;
}

export interface EvaluateOptions {
  k: number;
  resamples: number;
  seed: number;
}

/**
 * Scores every test row with a fitted model, its training items excluded from the candidates,
 * and averages the ranking metrics over the rows that have held-out items.
 */
export function evaluate(
  model: Recommender,
  train: Csr,
  test: Csr,
  options: Partial<EvaluateOptions> = {},
): Evaluation {
  const { k = 10, resamples = 1000, seed = 7 } = options;
  const columns = {
    epr: { num: [] as number[], den: [] as number[] },
    [`p@${k}`]: { num: [] as number[], den: [] as number[] },
    [`r@${k}`]: { num: [] as number[], den: [] as number[] },
    [`ndcg@${k}`]: { num: [] as number[], den: [] as number[] },
    [`hr@${k}`]: { num: [] as number[], den: [] as number[] },
    mrr: { num: [] as number[], den: [] as number[] },
  };
  const push = (name: string, num: number, den = 1) => {
    columns[name]!.num.push(num);
    columns[name]!.den.push(den);
  };
  const scores = new Float32Array(train.cols);
  for (let row = 0; row < test.rows; row++) {
    const held = rowItems(test, row);
    if (held.items.length === 0) continue;
    model.scoreRow(row, scores);
    const seen = rowItems(train, row).items;
    for (let q = 0; q < seen.length; q++) scores[seen[q]!] = -Infinity;
    const m = rowMetrics(scores, held.items, held.values, k);
    push('epr', m.eprNum, m.eprDen);
    push(`p@${k}`, m.precision);
    push(`r@${k}`, m.recall);
    push(`ndcg@${k}`, m.ndcg);
    push(`hr@${k}`, m.hit);
    push('mrr', m.reciprocalRank);
  }
  const metrics: Record<string, number> = {};
  const intervals: Record<string, [number, number]> = {};
  for (const [name, { num, den }] of Object.entries(columns)) {
    const { mean, low, high } = ratioWithInterval(num, den, resamples, seed);
    metrics[name] = mean;
    intervals[name] = [low, high];
  }
  return { metrics, intervals, rows: columns.epr.num.length };
}
