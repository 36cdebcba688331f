import { describe, expect, it } from 'vitest';
import { PopularityModel } from '../../../models/baselines/popularity';
import { RandomModel } from '../../../models/baselines/random';
import { ratioWithInterval } from '../../../models/eval/bootstrap';
import { evaluate } from '../../../models/eval/evaluate';
import { heatmapSvg } from '../../../models/eval/heatmap';
import { rowMetrics } from '../../../models/eval/metrics';
import { bestPoint, gridSearch } from '../../../models/eval/search';
import { holdoutSplit, temporalSplit } from '../../../models/eval/split';
import { nnz, rowItems } from '../../../models/sparse';
import { randomPlays } from './planted';

describe('ranking metrics', () => {
  // Scores 9…0 for items 0…9: item 0 ranks first, item 9 last.
  const descending = Float32Array.from({ length: 10 }, (_, i) => 9 - i);

  it('gives percentile rank 0 to an item ranked first and 1 to one ranked last (Hu et al. §6)', () => {
    expect(rowMetrics(descending, [0], [1], 3).eprNum).toBe(0);
    expect(rowMetrics(descending, [9], [1], 3).eprNum).toBe(1);
    const m = rowMetrics(descending, [0, 9], [3, 1], 3);
    expect(m.eprNum / m.eprDen).toBeCloseTo(0.25, 10); // weighted by the test counts
  });

  it('computes precision, recall, nDCG, hit-rate and reciprocal rank at k', () => {
    const m = rowMetrics(descending, [1, 5], [1, 1], 4); // one hit, at position 1
    expect(m.precision).toBe(1 / 4);
    expect(m.recall).toBe(1 / 2);
    expect(m.ndcg).toBeCloseTo(1 / Math.log2(3) / (1 + 1 / Math.log2(3)), 10);
    expect(m.hit).toBe(1);
    expect(m.reciprocalRank).toBe(1 / 2);
  });

  it('does not count training items (-Infinity) as candidates', () => {
    const scores = Float32Array.from(descending);
    scores[0] = -Infinity;
    expect(rowMetrics(scores, [1], [1], 3).eprNum).toBe(0);
  });

  it('puts random scores at an expected percentile rank near 0.5', async () => {
    const m = randomPlays(300, 200, 20);
    const { train, test } = holdoutSplit(m, { fraction: 0.2, seed: 3 });
    const model = new RandomModel(9);
    await model.fit(train);
    const { metrics, intervals } = evaluate(model, train, test, { resamples: 200 });
    expect(metrics.epr).toBeGreaterThan(0.47);
    expect(metrics.epr).toBeLessThan(0.53);
    expect(intervals.epr![0]).toBeLessThan(metrics.epr!);
    expect(intervals.epr![1]).toBeGreaterThan(metrics.epr!);
  });

  it('reports epr, p@k, r@k, ndcg@k, hr@k and mrr over the rows with held-out items', async () => {
    const m = randomPlays(50, 40, 10);
    const { train, test } = holdoutSplit(m, { fraction: 0.3, minItems: 5, seed: 1 });
    const model = new PopularityModel();
    await model.fit(train);
    const e = evaluate(model, train, test, { k: 5, resamples: 50 });
    expect(Object.keys(e.metrics)).toEqual(['epr', 'p@5', 'r@5', 'ndcg@5', 'hr@5', 'mrr']);
    expect(e.rows).toBe(50);
    expect(e.eligibleRows).toBe(50);
  });

  it('evaluates a seeded sample of the rows when told how many at most', async () => {
    const m = randomPlays(300, 200, 20);
    const { train, test } = holdoutSplit(m, { fraction: 0.2, seed: 3 });
    const model = new PopularityModel();
    await model.fit(train);
    const all = evaluate(model, train, test, { resamples: 50 });
    const scored: number[] = [];
    const counting = new PopularityModel();
    await counting.fit(train);
    const score = counting.scoreRow.bind(counting);
    counting.scoreRow = (row, out) => {
      scored.push(row);
      score(row, out);
    };
    const sample = evaluate(counting, train, test, { resamples: 50, maxRows: 60 });
    expect(sample.rows).toBe(60);
    expect(sample.eligibleRows).toBe(all.rows);
    expect(new Set(scored).size).toBe(60);
    // Reproducible, and an estimate of the whole: within its interval's reach.
    expect(evaluate(model, train, test, { resamples: 50, maxRows: 60 }).metrics).toEqual(
      sample.metrics,
    );
    expect(Math.abs(sample.metrics.epr! - all.metrics.epr!)).toBeLessThan(0.05);
    expect(evaluate(model, train, test, { resamples: 50, maxRows: 10_000 }).rows).toBe(all.rows);
  });
});

describe('splits', () => {
  it('holds out the given fraction of each row with enough items, reproducibly', () => {
    const m = randomPlays(30, 50, 10);
    const a = holdoutSplit(m, { fraction: 0.2, minItems: 5, seed: 4 });
    const b = holdoutSplit(m, { fraction: 0.2, minItems: 5, seed: 4 });
    expect(Array.from(a.test.indices)).toEqual(Array.from(b.test.indices));
    expect(nnz(a.train) + nnz(a.test)).toBe(nnz(m));
    for (let r = 0; r < m.rows; r++) {
      expect(rowItems(a.test, r).items.length).toBe(2);
      const train = new Set(rowItems(a.train, r).items);
      for (const i of rowItems(a.test, r).items) expect(train.has(i)).toBe(false);
    }
  });

  it('keeps rows with fewer than minItems items whole in train', () => {
    const m = randomPlays(5, 50, 3);
    const { test } = holdoutSplit(m, { fraction: 0.5, minItems: 4 });
    expect(nnz(test)).toBe(0);
  });

  it('splits plays in time and drops test pairs the row already had before the cutoff', () => {
    const plays = {
      rows: 2,
      cols: 4,
      row: [0, 0, 0, 1, 1],
      col: [0, 1, 0, 2, 3],
      count: [1, 1, 1, 1, 1],
      time: [1, 2, 5, 3, 6],
    };
    const { train, test } = temporalSplit(plays, 4);
    expect(Array.from(rowItems(train, 0).items)).toEqual([0, 1]);
    expect(rowItems(test, 0).items.length).toBe(0); // item 0 again: known, dropped
    expect(Array.from(rowItems(test, 1).items)).toEqual([3]);
  });
});

describe('bootstrap, grid search and heat map', () => {
  it('puts the mean inside a 95 % interval that narrows with more rows', () => {
    const values = (n: number) => Array.from({ length: n }, (_, i) => (i % 10) / 10);
    const small = ratioWithInterval(values(50), Array(50).fill(1));
    const large = ratioWithInterval(values(5000), Array(5000).fill(1));
    expect(small.low).toBeLessThanOrEqual(small.mean);
    expect(small.high).toBeGreaterThanOrEqual(small.mean);
    expect(large.high - large.low).toBeLessThan(small.high - small.low);
  });

  it('tries every combination of the grid and picks the best by the metric', async () => {
    const m = randomPlays(40, 30, 8);
    const { train, test } = holdoutSplit(m, { seed: 2 });
    const points = await gridSearch(
      { seed: 1, extra: 0 },
      { seed: [1, 2, 3], extra: [0, 1] },
      train,
      test,
      async (p) => {
        const model = new RandomModel(p.seed);
        await model.fit(train);
        return model;
      },
    );
    expect(points.map((p) => [p.params.seed, p.params.extra])).toEqual([
      [1, 0],
      [1, 1],
      [2, 0],
      [2, 1],
      [3, 0],
      [3, 1],
    ]);
    const best = bestPoint(points, 'mrr');
    expect(points.every((p) => p.metrics.mrr! <= best.metrics.mrr!)).toBe(true);
  });

  it('draws one labelled cell per grid point', () => {
    const svg = heatmapSvg({
      title: 'nDCG',
      xLabel: 'alpha',
      yLabel: 'lambda',
      xs: [1, 2, 4],
      ys: [0.1, 1],
      values: [
        [0.1, 0.2, 0.3],
        [0.15, 0.25, NaN],
      ],
    });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<rect /g)).toHaveLength(6);
    expect(svg).toContain('0.250');
    expect(svg).toContain('#eee'); // the missing point
  });
});
