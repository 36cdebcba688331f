import { describe, expect, it } from 'vitest';
import { AlsModel } from '../../../models/als';
import { confidenceWeight } from '../../../models/als-fit';
import { rowItems } from '../../../models/sparse';
import { blocksWithOneCellHeldOut, randomPlays } from './planted';

const cosine = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let [ab, aa, bb] = [0, 0, 0];
  for (let f = 0; f < a.length; f++) {
    ab += a[f]! * b[f]!;
    aa += a[f]! * a[f]!;
    bb += b[f]! * b[f]!;
  }
  return ab / Math.sqrt(aa * bb);
};

describe('implicit ALS', () => {
  it('uses confidence 1 + alpha·log(1 + r/eps), or 1 + alpha·r when linear', () => {
    expect(confidenceWeight(9, { alpha: 2, eps: 1, confidence: 'log' })).toBeCloseTo(
      2 * Math.log(10),
      6,
    );
    expect(confidenceWeight(9, { alpha: 2, eps: 3, confidence: 'log' })).toBeCloseTo(
      2 * Math.log(4),
      6,
    );
    expect(confidenceWeight(9, { alpha: 2, eps: 1, confidence: 'linear' })).toBe(18);
  });

  it('gives bit-identical factors for the same seed and different ones for another', async () => {
    const m = randomPlays(60, 40, 6);
    const [a, b, c] = [
      new AlsModel({ factors: 6, seed: 5 }),
      new AlsModel({ factors: 6, seed: 5 }),
      new AlsModel({ factors: 6, seed: 6 }),
    ];
    await Promise.all([a.fit(m), b.fit(m), c.fit(m)]);
    expect(Array.from(b.colFactors)).toEqual(Array.from(a.colFactors));
    expect(Array.from(c.colFactors)).not.toEqual(Array.from(a.colFactors));
  });

  it('lowers the training loss as it iterates', async () => {
    const losses: number[] = [];
    await new AlsModel({ factors: 8, iterations: 6 }).fit(randomPlays(80, 50, 8), {
      computeLoss: true,
      onProgress: (p) => losses.push(p.loss!),
    });
    expect(losses).toHaveLength(6);
    expect(losses.at(-1)!).toBeLessThan(losses[0]!);
  });

  it('converges with a few CG steps per iteration to the exact least-squares row (Hu et al. eq. 4)', async () => {
    const m = randomPlays(50, 30, 8);
    const model = new AlsModel({ factors: 5, iterations: 40, cgSteps: 3, lambda: 0.5 });
    await model.fit(m);
    // After convergence a row's vector is the exact solve against the item factors: fold-in.
    for (const row of [0, 17, 49]) {
      const { items, values } = rowItems(m, row);
      expect(cosine(model.foldIn(items, values), model.rowVector(row))).toBeGreaterThan(0.999);
    }
  });

  it('folds a new listener in near the rows that share their taste', async () => {
    const { matrix } = blocksWithOneCellHeldOut();
    const model = new AlsModel({ factors: 6, iterations: 10 });
    await model.fit(matrix);
    const vector = model.foldIn([8, 9, 10], [5, 3, 2]); // items of the second block
    const top = model.recommendFor(vector, [8, 9, 10], { n: 5 }).items;
    for (const i of top) expect(i >= 8 && i < 16).toBe(true);
  });

  it('explains a score as the sum of its past items’ contributions (Hu et al. §5)', async () => {
    const { matrix, heldOut } = blocksWithOneCellHeldOut();
    const model = new AlsModel({ factors: 6, iterations: 10 });
    await model.fit(matrix);
    const e = model.explain(0, heldOut, 100);
    const total = e.contributions.reduce((s, c) => s + c.contribution, 0);
    expect(total).toBeCloseTo(e.score, 5);
    expect(e.contributions.reduce((s, c) => s + c.share, 0)).toBeCloseTo(1, 5);
    // The drivers are row 0's own block (items 0…7), largest first.
    expect(e.contributions[0]!.item).toBeLessThan(8);
    expect(e.contributions[0]!.contribution).toBeGreaterThanOrEqual(
      e.contributions[1]!.contribution,
    );
  });

  it('folds a listener in once: the same vector as foldIn, and the top of the full explanation', async () => {
    const { matrix, heldOut } = blocksWithOneCellHeldOut();
    const model = new AlsModel({ factors: 6, iterations: 10 });
    await model.fit(matrix);
    const { items, values } = rowItems(matrix, 0);
    const listener = model.listener(items, values);
    expect([...listener.vector]).toEqual([...model.foldIn(items, values)]);
    const all = listener.explain(heldOut, items.length);
    const top = listener.explain(heldOut, 3);
    expect(all.contributions).toHaveLength(items.length);
    expect(top.contributions).toHaveLength(3);
    expect(top.score).toBe(all.score);
    // The three largest contributions, largest first, as a full sort gives them.
    const sorted = [...all.contributions].sort((a, b) => b.contribution - a.contribution);
    expect(top.contributions.map((c) => c.contribution)).toEqual(
      sorted.slice(0, 3).map((c) => c.contribution),
    );
    // Ask again: the same factorisation answers every item, identically.
    expect(listener.explain(heldOut, 3)).toEqual(top);
    // Many at once (more than one pass's chunk): each as `explain` gives it, to rounding.
    const targets = Array.from({ length: 20 }, (_, i) => (i * 7) % model.items);
    const many = listener.explainAll(targets, 4);
    targets.forEach((t, i) => {
      const one = listener.explain(t, 4);
      expect(many[i]!.score).toBeCloseTo(one.score, 6);
      expect(many[i]!.contributions.map((c) => c.item)).toEqual(
        one.contributions.map((c) => c.item),
      );
    });
  });

  it('finds similar items within the same block, and A + B − C lands near A and B’s block', async () => {
    const { matrix } = blocksWithOneCellHeldOut();
    const model = new AlsModel({ factors: 6, iterations: 10 });
    await model.fit(matrix);
    for (const i of model.similarItems(20, 3).items) expect(i >= 16 && i < 24).toBe(true);
    for (const i of model.likeItems([17, 18], [2], 3).items) expect(i >= 16 && i < 24).toBe(true);
  });

  it('stops at the next iteration when its signal is aborted', async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const fit = new AlsModel({ factors: 4, iterations: 50 }).fit(randomPlays(40, 30, 5), {
      signal: controller.signal,
      onProgress: (p) => {
        seen.push(p.iteration);
        if (p.iteration === 2) controller.abort();
      },
    });
    await expect(fit).rejects.toThrow(/cancelled/);
    expect(seen).toEqual([1, 2]);
  });
});
