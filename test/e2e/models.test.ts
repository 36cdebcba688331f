// The Models screen on the BUILT app (`npm run build` first): serve the demo library, open Models,
// train with its button, and see the run listed with its metric and loss charts painted.
import { describe, expect, it } from 'vitest';
import { api, demoInChromium, paintedPixels } from './helpers';

const demo = demoInChromium('models');

describe('Models screen on the demo library, in chromium', () => {
  it('says there are no models yet and offers Train', async () => {
    await demo.page.goto(demo.app.url);
    await demo.page.getByTestId('nav-models').click();
    await demo.page.getByTestId('models-empty').waitFor();
    for (const id of ['train-als', 'train-budget', 'train-radio']) {
      expect(await demo.page.getByTestId(`${id}-button`).textContent()).toBe('Train');
      expect(await demo.page.getByTestId(`${id}-last`).textContent()).toBe('Not trained yet');
    }
  });

  it('trains with the button, then lists the run and paints both charts', async () => {
    await demo.page.getByTestId('train-als-button').click();
    await demo.page.getByTestId('model-row').first().waitFor({ timeout: 60_000 });
    expect(await demo.page.getByTestId('model-row').count()).toBe(1);
    expect(await demo.page.getByTestId('model-active').count()).toBe(1);
    await expect
      .poll(() => demo.page.getByTestId('train-als-button').textContent())
      .toBe('Retrain');
    expect(await demo.page.getByTestId('train-als-last').textContent()).toMatch(/^Last trained /);
    expect(await demo.page.getByTestId('train-radio-button').textContent()).toBe('Train');

    for (const id of ['chart-metrics', 'chart-loss']) {
      const chart = demo.page.getByTestId(id);
      await expect(chart.locator('canvas').count()).resolves.toBe(1);
      await expect.poll(() => paintedPixels(chart), { message: id }).toBeGreaterThan(1000);
    }

    // The table shows what the API stored: the run's hold-out nDCG next to the baseline's.
    const [model] = await api<{ id: number; metrics: Record<string, unknown> }[]>(
      demo.app,
      'models.list',
    );
    const holdout = model!.metrics.holdout as { 'ndcg@10': number };
    const baseline = model!.metrics.popularityHoldout as { 'ndcg@10': number };
    const cells = await demo.page.getByTestId('model-row').first().locator('td').allTextContents();
    expect(cells).toContain(holdout['ndcg@10'].toFixed(3));
    expect(cells).toContain(baseline['ndcg@10'].toFixed(3));
  }, 90_000);

  it('trains the artist-budget model from its row; its hold-out bars join the comparison', async () => {
    await demo.page.getByTestId('train-budget-button').click();
    await expect
      .poll(() => demo.page.getByTestId('train-budget-last').textContent(), { timeout: 90_000 })
      .toMatch(/^Last trained /);
    await expect.poll(() => demo.page.getByTestId('model-row').count()).toBe(2);
    const rows = await demo.page.getByTestId('model-row').allTextContents();
    expect(rows.some((r) => r.includes('Budget #'))).toBe(true);
    const [budget] = (
      await api<{ kind: string; metrics: Record<string, unknown> }[]>(demo.app, 'models.list')
    ).filter((m) => m.kind === 'budget');
    const holdout = budget!.metrics.holdout as { 'ndcg@10': number };
    const cells = await demo.page
      .getByTestId('model-row')
      .filter({ hasText: 'Budget #' })
      .locator('td')
      .allTextContents();
    expect(cells).toContain(holdout['ndcg@10'].toFixed(3));
  }, 120_000);

  it("trains the radio's next-song model from its own row, which joins the list", async () => {
    await demo.page.getByTestId('train-radio-button').click();
    await expect
      .poll(() => demo.page.getByTestId('train-radio-last').textContent(), { timeout: 200_000 })
      .toMatch(/^Last trained /);
    expect(await demo.page.getByTestId('train-radio-outcome').textContent()).toBe('Trained.');
    await expect.poll(() => demo.page.getByTestId('model-row').count()).toBe(3);
    const rows = await demo.page.getByTestId('model-row').allTextContents();
    expect(rows.some((r) => r.includes('GRU #'))).toBe(true);
    // All stay active: each kind has its own active run.
    expect(await demo.page.getByTestId('model-active').count()).toBe(3);
    // The loss chart still shows the ALS run (the GRU run records no loss curve).
    await expect
      .poll(() => paintedPixels(demo.page.getByTestId('chart-loss')))
      .toBeGreaterThan(1000);
  }, 240_000);

  it('repaints the charts in the dark theme', async () => {
    await demo.page.emulateMedia({ colorScheme: 'dark' });
    const chart = demo.page.getByTestId('chart-metrics');
    await expect.poll(() => chart.getAttribute('data-theme')).toBe('dark');
    await expect.poll(() => paintedPixels(chart)).toBeGreaterThan(1000);
    await expect
      .poll(() => paintedPixels(demo.page.getByTestId('chart-loss')))
      .toBeGreaterThan(1000);
    await demo.page.emulateMedia({ colorScheme: 'light' });
  });
});
