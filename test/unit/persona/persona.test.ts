import { describe, it, expect } from 'vitest';
import { PersonaModel } from '../../../models/persona/model';
import { adjustedRandIndex } from '../../../models/persona/cluster-metrics';
import { mulberry32 } from '../../../models/random';
import { csrFromTriplets, type Csr } from '../../../models/sparse';

/** Rows that each mix 2–3 of 4 well-separated taste clusters of 25 items. */
function plantedTastes(
  seed: number,
  rows = 240,
  clusters = 4,
  perCluster = 25,
): { matrix: Csr; clusterOf: (item: number) => number } {
  const random = mulberry32(seed);
  const r: number[] = [],
    c: number[] = [],
    v: number[] = [];
  for (let u = 0; u < rows; u++) {
    const tastes = new Set<number>();
    const want = 2 + (random() < 0.3 ? 1 : 0);
    while (tastes.size < want) tastes.add(Math.floor(random() * clusters));
    for (const t of tastes) {
      const items = new Set<number>();
      while (items.size < 8) items.add(t * perCluster + Math.floor(random() * perCluster));
      for (const i of items) {
        r.push(u);
        c.push(i);
        v.push(1 + Math.floor(random() * 20));
      }
    }
  }
  return {
    matrix: csrFromTriplets(rows, clusters * perCluster, r, c, v),
    clusterOf: (i) => Math.floor(i / perCluster),
  };
}

const planted = plantedTastes(11);

describe('multi-persona factorisation', () => {
  it('recovers the taste clusters a row mixes (adjusted Rand index ≥ 0.8)', async () => {
    const model = new PersonaModel({ personas: 3, factors: 8, iterations: 15, lambda: 0.1 });
    await model.fit(planted.matrix);
    let total = 0;
    for (let u = 0; u < planted.matrix.rows; u++) {
      const groups = model.personaItems(u);
      const items = groups.flatMap((g) => g.items);
      const predicted = groups.flatMap((g) => g.items.map(() => g.persona));
      total += adjustedRandIndex(predicted, items.map(planted.clusterOf));
    }
    expect(total / planted.matrix.rows).toBeGreaterThanOrEqual(0.8);
  });

  it('solves the same objective by CG in the ALS kernel as by exact Cholesky, to a few percent', async () => {
    const params = { personas: 3, factors: 8, iterations: 12, lambda: 0.1 };
    const cg = new PersonaModel(params);
    const exact = new PersonaModel(params);
    await cg.fit(planted.matrix);
    await exact.fit(planted.matrix, { solver: 'exact' });
    expect(cg.loss).toHaveLength(12);
    expect(exact.loss).toHaveLength(12);
    // Same seeds, same start: the objectives track each other (CG takes 3 steps per system).
    const [a, b] = [cg.loss.at(-1)!, exact.loss.at(-1)!];
    expect(Math.abs(a - b) / Math.abs(b)).toBeLessThan(0.05);
    // And the JavaScript kernel gives the WebAssembly kernel's factorisation, to rounding.
    const js = new PersonaModel(params);
    await js.fit(planted.matrix, { kernel: 'js' });
    expect(Math.abs(js.loss.at(-1)! - a) / Math.abs(a)).toBeLessThan(1e-3);
  });

  it('never lets the hard-assignment objective rise', async () => {
    const model = new PersonaModel({ personas: 3, factors: 8, iterations: 10 });
    await model.fit(planted.matrix);
    // from the iteration after the personas are seeded (warm-up iterations are plain iALS)
    for (let i = model.params.warmup + 2; i < model.loss.length; i++) {
      expect(model.loss[i]!).toBeLessThanOrEqual(model.loss[i - 1]! * (1 + 1e-6));
    }
  });

  it('recommends each row unplayed items from the clusters it listens to', async () => {
    const model = new PersonaModel({ personas: 3, factors: 8, iterations: 15 });
    await model.fit(planted.matrix);
    let inTaste = 0,
      total = 0;
    for (let u = 0; u < 40; u++) {
      const tastes = new Set(
        Array.from(
          planted.matrix.indices.subarray(planted.matrix.indptr[u]!, planted.matrix.indptr[u + 1]!),
          planted.clusterOf,
        ),
      );
      for (const item of model.recommend(u, { n: 10 }).items) {
        total++;
        if (tastes.has(planted.clusterOf(item))) inTaste++;
      }
    }
    expect(inTaste / total).toBeGreaterThan(0.95);
  });

  it('folds a new listener into personas that separate their tastes', async () => {
    const model = new PersonaModel({ personas: 2, factors: 8, iterations: 15 });
    await model.fit(planted.matrix);
    const items = [0, 1, 2, 3, 4, 5, 75, 76, 77, 78, 79, 80];
    const X = model.foldIn(
      items,
      items.map(() => 5),
    );
    const k = 8;
    const Y = model.state!.Y;
    const owner = items.map((i) => {
      const s = [0, 1].map((p) =>
        Array.from({ length: k }, (_, f) => X[p * k + f]! * Y[i * k + f]!).reduce(
          (a, b) => a + b,
          0,
        ),
      );
      return s[0]! >= s[1]! ? 0 : 1;
    });
    expect(adjustedRandIndex(owner, items.map(planted.clusterOf))).toBe(1);
  });

  it('is deterministic for a seed, survives a save/load round trip, and explains within the owning persona', async () => {
    const a = new PersonaModel({ personas: 2, factors: 6, iterations: 4, seed: 5 });
    const b = new PersonaModel({ personas: 2, factors: 6, iterations: 4, seed: 5 });
    await a.fit(planted.matrix);
    await b.fit(planted.matrix);
    expect(Buffer.from(a.toBytes()).equals(Buffer.from(b.toBytes()))).toBe(true);
    const loaded = PersonaModel.fromBytes(a.toBytes());
    expect(loaded.recommend(3, { n: 5 }).items).toEqual(a.recommend(3, { n: 5 }).items);
    const item = a.recommend(3, { n: 1 }).items[0]!;
    const why = a.explain(3, item, 50);
    const total = why.contributions.reduce((s, c) => s + c.contribution, 0);
    expect(total).toBeCloseTo(why.score, 4);
    const scores = new Float32Array(a.items);
    a.scoreRow(3, scores);
    expect(Math.abs(why.score - scores[item]!)).toBeLessThan(0.1 * Math.abs(scores[item]!));
    const owned = a.personaItems(3)[a.personaOf(3, item)]!.items;
    expect(
      why.contributions
        .filter((c) => Math.abs(c.share) > 0.01)
        .every((c) => owned.includes(c.item)),
    ).toBe(true);
  });

  it('scores 1 for identical partitions and ≈ 0 for unrelated ones (adjusted Rand index)', () => {
    expect(adjustedRandIndex([0, 0, 1, 1], [5, 5, 2, 2])).toBe(1);
    expect(
      Math.abs(adjustedRandIndex([0, 1, 0, 1, 0, 1, 0, 1], [0, 0, 1, 1, 0, 0, 1, 1])),
    ).toBeLessThan(0.2);
  });
});
