import { describe, expect, it } from 'vitest';
import { AlsModel } from '../../../models/als';
import { ItemKnnModel } from '../../../models/baselines/itemknn';
import { PopularityModel } from '../../../models/baselines/popularity';
import { RandomModel } from '../../../models/baselines/random';
import { rowItems } from '../../../models/sparse';
import type { Recommender } from '../../../models/recommender';
import { blocksWithOneCellHeldOut } from './planted';

/** One suite over every model (STYLE.md §10); `learnsTaste` models must find the planted cell. */
const implementations: {
  name: string;
  make: () => Recommender;
  load: (b: Uint8Array) => Recommender;
  learnsTaste: boolean;
}[] = [
  {
    name: 'als',
    make: () => new AlsModel({ factors: 8, iterations: 10, lambda: 0.1 }),
    load: AlsModel.fromBytes,
    learnsTaste: true,
  },
  {
    name: 'itemknn',
    make: () => new ItemKnnModel(20),
    load: ItemKnnModel.fromBytes,
    learnsTaste: true,
  },
  {
    name: 'pop',
    make: () => new PopularityModel(),
    load: PopularityModel.fromBytes,
    learnsTaste: false,
  },
  {
    name: 'random',
    make: () => new RandomModel(3),
    load: RandomModel.fromBytes,
    learnsTaste: false,
  },
];

describe.each(implementations.filter((m) => m.learnsTaste))(
  'recommender contract, taste: $name',
  ({ make }) => {
    it('recommends the held-out cell of a block matrix first', async () => {
      const { matrix, heldOut } = blocksWithOneCellHeldOut();
      const model = make();
      await model.fit(matrix);
      expect(model.recommend(0, { n: 3 }).items[0]).toBe(heldOut);
    });
  },
);

describe.each(implementations)('recommender contract: $name', ({ make, load }) => {
  const { matrix, heldOut } = blocksWithOneCellHeldOut();

  it('never recommends what the row already has, best first', async () => {
    const model = make();
    await model.fit(matrix);
    const { items, scores } = model.recommend(5, { n: 10 });
    const seen = new Set(rowItems(matrix, 5).items);
    expect(items.length).toBe(10);
    for (const i of items) expect(seen.has(i)).toBe(false);
    for (let q = 1; q < scores.length; q++) expect(scores[q]!).toBeLessThanOrEqual(scores[q - 1]!);
  });

  it('honours exclude and allow-lists', async () => {
    const model = make();
    await model.fit(matrix);
    const allow = [1, 2, 3, 9, 17, 20];
    const { items } = model.recommend(0, { n: 10, allow, exclude: [9] });
    expect([...items].sort((a, b) => a - b)).toEqual([3, 17, 20]);
    expect(model.recommend(0, { n: 10, includeSeen: true, allow: [1] }).items[0]).toBe(1);
  });

  it('gives similar items without the item itself', async () => {
    const model = make();
    await model.fit(matrix);
    const { items } = model.similarItems(2, 5);
    expect(items.length).toBeGreaterThan(0);
    expect(Array.from(items)).not.toContain(2);
  });

  it('explains a score with finite contributions from the row', async () => {
    const model = make();
    await model.fit(matrix);
    const e = model.explain(0, heldOut);
    expect(Number.isFinite(e.score)).toBe(true);
    const seen = new Set(rowItems(matrix, 0).items);
    for (const c of e.contributions) expect(seen.has(c.item)).toBe(true);
  });

  it('scores the same after a round trip through bytes', async () => {
    const model = make();
    await model.fit(matrix);
    const copy = load(model.toBytes());
    const [a, b] = [new Float32Array(matrix.cols), new Float32Array(matrix.cols)];
    model.scoreRow(4, a);
    copy.scoreRow(4, b);
    expect(Array.from(b)).toEqual(Array.from(a));
  });
});
