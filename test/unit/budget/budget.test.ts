import { describe, it, expect } from 'vitest';
import { BudgetModel } from '../../../models/budget/model';
import { AbortError } from '../../../models/recommender';
import { packModel, unpackModel } from '../../../models/serialize';
import { artistPairs } from '../../../models/budget/structure';
import { samplePlanted, withBreadthListener } from './generative';

const planted = samplePlanted(7);

async function fitted(params: ConstructorParameters<typeof BudgetModel>[2] = {}) {
  const model = new BudgetModel(planted.artistOf, planted.artists, {
    factors: 3,
    iterations: 80,
    ...params,
  });
  await model.fit(planted.matrix);
  return model;
}

function expectNonDecreasing(elbo: readonly number[]) {
  expect(elbo.length).toBeGreaterThan(5);
  for (let i = 1; i < elbo.length; i++) {
    expect(elbo[i]!).toBeGreaterThanOrEqual(elbo[i - 1]! - 1e-9 * Math.abs(elbo[i - 1]!));
  }
}

describe('artist-budget Poisson model (CAVI)', () => {
  it('never lets the ELBO decrease, in the plain, tempered and artist-bias variants', async () => {
    expectNonDecreasing((await fitted()).elbo);
    expectNonDecreasing((await fitted({ temperature: 2 })).elbo);
    expectNonDecreasing((await fitted({ artistBias: true })).elbo);
  }, 60_000);

  it('recovers the within-artist play distribution of data drawn from its own story', async () => {
    const model = await fitted();
    const truth: number[] = [];
    const fit: number[] = [];
    const scores = new Float32Array(model.items);
    for (let u = 0; u < planted.matrix.rows; u++) {
      model.scoreRow(u, scores);
      const played = new Set(
        planted.matrix.indices.subarray(planted.matrix.indptr[u]!, planted.matrix.indptr[u + 1]!),
      );
      const artists = new Set([...played].map((s) => planted.artistOf[s]!));
      for (const a of artists) {
        const tracks = [...planted.artistOf.keys()].filter((s) => planted.artistOf[s] === a);
        const sum = tracks.reduce((p, s) => p + scores[s]!, 0);
        for (const s of tracks) {
          truth.push(planted.trueShare(u, s));
          fit.push(scores[s]! / sum);
        }
      }
    }
    const mean = (xs: number[]) => xs.reduce((p, q) => p + q, 0) / xs.length;
    const mt = mean(truth),
      mf = mean(fit);
    let cov = 0,
      vt = 0,
      vf = 0;
    truth.forEach((t, i) => {
      cov += (t - mt) * (fit[i]! - mf);
      vt += (t - mt) ** 2;
      vf += (fit[i]! - mf) ** 2;
    });
    expect(cov / Math.sqrt(vt * vf)).toBeGreaterThan(0.8);
  });

  it('ranks 10 tracks × 10 plays above 1 track × 100 plays', async () => {
    const matrix = withBreadthListener(planted.matrix, planted.artistOf, 2, 5);
    const model = new BudgetModel(planted.artistOf, planted.artists, {
      factors: 3,
      iterations: 80,
    });
    await model.fit(matrix);
    const spread = model.spread(matrix.rows - 1);
    const broad = spread.find((s) => s.artist === 2)!;
    const deep = spread.find((s) => s.artist === 5)!;
    expect(broad.plays).toBe(100);
    expect(deep.plays).toBe(100);
    expect(broad.effectiveTracks).toBeCloseTo(10, 5);
    expect(deep.effectiveTracks).toBeCloseTo(1, 5);
    expect(broad.affinity).toBeGreaterThan(deep.affinity);
    expect(spread[0]!.artist).toBe(2);
    // the deep cuts of the broadly played artist are its unplayed tracks
    const cuts = model.deepCuts(matrix.rows - 1, 3);
    expect(
      [...cuts.items].every((s) => planted.artistOf[s] === 2 || planted.artistOf[s] === 5),
    ).toBe(true);
  });

  it('is deterministic for a seed and survives a save/load round trip', async () => {
    const a = await fitted({ seed: 3, iterations: 20 });
    const b = await fitted({ seed: 3, iterations: 20 });
    expect(Buffer.from(a.toBytes()).equals(Buffer.from(b.toBytes()))).toBe(true);
    const loaded = BudgetModel.fromBytes(a.toBytes());
    const s1 = new Float32Array(a.items),
      s2 = new Float32Array(a.items);
    a.scoreRow(4, s1);
    loaded.scoreRow(4, s2);
    expect([...s2]).toEqual([...s1]);
    expect(loaded.recommend(4, { n: 5 }).items).toEqual(a.recommend(4, { n: 5 }).items);
  });

  it('stores its artist pairs in the file, and derives them for a file written without them', async () => {
    const a = await fitted({ seed: 3, iterations: 10 });
    const derived = artistPairs(planted.matrix, planted.artistOf, planted.artists);
    const bytes = a.toBytes();
    const loaded = BudgetModel.fromBytes(bytes);
    expect(loaded.pairs).toEqual(derived);
    // Loaded as stored: views of the file, not rebuilt.
    expect(loaded.pairs!.pairOfEntry.buffer).toBe(bytes.buffer);
    // A file from before the pairs were stored: the same arrays without them.
    const { meta, arrays } = unpackModel(bytes, 'budget');
    const older: Record<string, Float32Array | Int32Array | Float64Array> = {};
    for (const [name, array] of Object.entries(arrays)) if (!(name in derived)) older[name] = array;
    const fromOlder = BudgetModel.fromBytes(packModel('budget', meta, older));
    expect(fromOlder.pairs).toEqual(derived);
    expect(fromOlder.recommend(4, { n: 5 }).items).toEqual(loaded.recommend(4, { n: 5 }).items);
  });

  it('explains a score by the plays that drive it, the shares adding up to at most the whole', async () => {
    const model = await fitted({ iterations: 30 });
    const item = model.recommend(0, { n: 1 }).items[0]!;
    const why = model.explain(0, item, 100);
    const total = why.contributions.reduce((p, c) => p + c.share, 0);
    expect(why.score).toBeGreaterThan(0);
    expect(total).toBeGreaterThan(0.5);
    // φ is recomputed from the final factors, half a step after the one that set E[x]: ≈ 1, not exactly.
    expect(total).toBeLessThanOrEqual(1.02);
    const rowPlays = planted.matrix.indices.subarray(
      planted.matrix.indptr[0]!,
      planted.matrix.indptr[1]!,
    );
    expect(why.contributions.every((c) => rowPlays.includes(c.item))).toBe(true);
  });

  it('stops promptly when cancelled', async () => {
    const controller = new AbortController();
    const model = new BudgetModel(planted.artistOf, planted.artists, {
      factors: 3,
      iterations: 500,
      tolerance: 0,
    });
    const run = model.fit(planted.matrix, {
      signal: controller.signal,
      onProgress: (p) => p.iteration === 3 && controller.abort(),
    });
    await expect(run).rejects.toBeInstanceOf(AbortError);
  });
});
