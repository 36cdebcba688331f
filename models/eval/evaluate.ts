import { rowItems, type Csr } from '../sparse';
import { mulberry32, shuffle } from '../random';
import { ratioWithInterval } from './bootstrap';
import { rowMetrics } from './metrics';
import type { Recommender } from '../recommender';

export interface Evaluation {
  /** epr, p@k, r@k, ndcg@k, hr@k, mrr: means over the test rows (EPR weighted by test counts). */
  metrics: Record<string, number>;
  /** 95 % bootstrap interval of each metric, [low, high]. */
  intervals: Record<string, [number, number]>;
  rows: number;
  /** Test rows with held-out items: `rows` is a sample of them when `maxRows` left some out. */
  eligibleRows: number;
}

export interface EvaluateOptions {
  k: number;
  resamples: number;
  seed: number;
  /**
   * Evaluate a seeded sample of at most this many test rows. Each row ranks every item (scores
   * and the percentile ranks of EPR): at 100,000 session rows and 200,000 tracks the whole set
   * takes hours, a sample of a thousand seconds, and the bootstrap intervals say how much
   * the sample leaves uncertain.
   */
  maxRows: number;
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
  const { k = 10, resamples = 1000, seed = 7, maxRows = Infinity } = options;
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
  const eligible: number[] = [];
  for (let row = 0; row < test.rows; row++)
    if (test.indptr[row + 1]! > test.indptr[row]!) eligible.push(row);
  let rows = eligible;
  if (eligible.length > maxRows) {
    const picked = Int32Array.from(eligible);
    shuffle(picked, mulberry32(seed ^ 0x5a3b));
    rows = Array.from(picked.subarray(0, maxRows)).sort((a, b) => a - b);
  }
  const scores = new Float32Array(train.cols);
  for (const row of rows) {
    const held = rowItems(test, row);
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
  return { metrics, intervals, rows: columns.epr.num.length, eligibleRows: eligible.length };
}
