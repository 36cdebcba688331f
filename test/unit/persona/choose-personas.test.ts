import { describe, expect, it } from 'vitest';
import { choosePersonas } from '../../../models/persona/choose-personas';
import { holdoutSplit } from '../../../models/eval/split';
import { mulberry32 } from '../../../models/random';
import { csrFromTriplets, type Csr } from '../../../models/sparse';

/** Rows that each mix two of eight taste clusters of 20 items, ten items from each. */
function twoTastesPerRow(seed: number, rows = 300, clusters = 8, perCluster = 20): Csr {
  const random = mulberry32(seed);
  const r: number[] = [];
  const c: number[] = [];
  const v: number[] = [];
  for (let u = 0; u < rows; u++) {
    const first = Math.floor(random() * clusters);
    const second = (first + 1 + Math.floor(random() * (clusters - 1))) % clusters;
    for (const t of [first, second]) {
      const items = new Set<number>();
      while (items.size < 10) items.add(t * perCluster + Math.floor(random() * perCluster));
      for (const i of items) {
        r.push(u);
        c.push(i);
        v.push(1 + Math.floor(random() * 5));
      }
    }
  }
  return csrFromTriplets(rows, clusters * perCluster, r, c, v);
}

const validation = holdoutSplit(twoTastesPerRow(3), { fraction: 0.25, seed: 5 });
const params = { factors: 3, iterations: 10, lambda: 0.1, alpha: 1, eps: 1 };

describe('choosing the number of personas by validation', () => {
  it('scores every P from 1 to the maximum and keeps the best', async () => {
    const choice = await choosePersonas(validation, params, { maxPersonas: 3 });
    expect(choice.scores.map((s) => s.personas)).toEqual([1, 2, 3]);
    const best = Math.max(...choice.scores.map((s) => s.value));
    expect(choice.scores.find((s) => s.personas === choice.personas)!.value).toBe(best);
    expect(choice.metric).toBe('ndcg@10');
  });

  it('gives rows that mix two tastes more than one persona when one vector is too small', async () => {
    // Three factors cannot place eight clusters so that one vector scores any two of them high
    // (measured: validation nDCG@10 0.13 with P = 1, 0.24 with P = 2).
    const choice = await choosePersonas(validation, params, { maxPersonas: 3 });
    expect(choice.personas).toBeGreaterThan(1);
    expect(choice.scores[1]!.value).toBeGreaterThan(choice.scores[0]!.value + 0.05);
  });

  it('keeps the smallest P whose score is within the tolerance of the best', async () => {
    const choice = await choosePersonas(validation, params, { maxPersonas: 2, tolerance: 1 });
    expect(choice.personas).toBe(1);
  });

  it('ranks by lowest expected percentile rank when the metric is epr', async () => {
    const choice = await choosePersonas(validation, params, { maxPersonas: 2, metric: 'epr' });
    const best = Math.min(...choice.scores.map((s) => s.value));
    expect(choice.scores.find((s) => s.personas === choice.personas)!.value).toBe(best);
  });

  it('refuses a maximum outside 1–8 and a metric evaluate does not report', async () => {
    await expect(choosePersonas(validation, params, { maxPersonas: 9 })).rejects.toThrow(/1 to 8/);
    await expect(
      choosePersonas(validation, params, { maxPersonas: 1, metric: 'auc' }),
    ).rejects.toThrow(/no metric named "auc"/);
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      choosePersonas(validation, params, { maxPersonas: 2, signal: controller.signal }),
    ).rejects.toThrow();
  });
});
