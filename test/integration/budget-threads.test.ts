// The budget model's CAVI as the app fits it: its passes spread over worker threads sharing the
// arrays (models/budget/passes.ts, src-main/training/budget-threads.ts). What several rows add to
// one track is summed per thread and then in thread order, so the run is deterministic for a
// number of threads and equal to the one-thread run up to the order of those sums.
import { describe, expect, it } from 'vitest';
import { budgetHere, defaultBudgetParams, fitBudget } from '../../models/budget/fit';
import { BudgetModel } from '../../models/budget/model';
import { artistPairs } from '../../models/budget/structure';
import { budgetThreads } from '../../src-main/training/budget-threads';
import { fitBudgetInWorker } from '../../src-main/training/listener-fit';
import { samplePlanted } from '../unit/budget/generative';

const planted = samplePlanted(3);
const pairs = artistPairs(planted.matrix, planted.artistOf, planted.artists);

function worstRelative(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(b.length).toBe(a.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++)
    worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / Math.max(1e-12, Math.abs(a[i]!)));
  return worst;
}

describe('the budget CAVI over worker threads', () => {
  for (const variant of [{}, { artistBias: true, temperature: 2 }]) {
    it(`follows the one-thread run to rounding, deterministically (${JSON.stringify(variant)})`, async () => {
      const params = { ...defaultBudgetParams, factors: 4, iterations: 25, ...variant };
      const alone = await fitBudget(planted.matrix, planted.artistOf, pairs, params, {
        runner: budgetHere(),
      });
      const runs = [];
      for (let n = 0; n < 2; n++) {
        const runner = budgetThreads(2);
        try {
          runs.push(await fitBudget(planted.matrix, planted.artistOf, pairs, params, { runner }));
        } finally {
          await runner.close();
        }
      }
      const [a, b] = runs as [typeof alone, typeof alone];
      expect(Buffer.from(a.xShape.buffer).equals(Buffer.from(b.xShape.buffer))).toBe(true);
      expect(a.elbo).toEqual(b.elbo);
      expect(a.elbo).toHaveLength(alone.elbo.length);
      expect(worstRelative(alone.elbo, a.elbo)).toBeLessThan(1e-11);
      for (const name of ['xShape', 'xRate', 'betaShape', 'betaRate', 'bRate'] as const) {
        expect(worstRelative(alone[name], a[name]), name).toBeLessThan(1e-9);
      }
    });
  }

  it('is how the listener worker fits the budget model', async () => {
    const params = { ...defaultBudgetParams, factors: 4, iterations: 20 };
    const inWorker = await fitBudgetInWorker(
      planted.matrix,
      planted.artistOf,
      planted.artists,
      params,
    );
    const here = new BudgetModel(planted.artistOf, planted.artists, params);
    await here.fit(planted.matrix);
    expect(worstRelative(here.elbo, inWorker.elbo)).toBeLessThan(1e-11);
  });
});
