// The Models screen on the BUILT app (`npm run build` first): serve the demo library, open Models,
// train with its button, and see the run listed with its metric and loss charts painted.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, launchChromium, startBuiltServe, type ServedApp } from './helpers';

let dir: string;
let app: ServedApp;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'encore-e2e-models-'));
  app = await startBuiltServe(path.join(dir, 'encore.db'));
  browser = await launchChromium();
  page = await browser.newPage();
});

afterAll(async () => {
  await browser?.close();
  const code = await app?.stop();
  rmSync(dir, { recursive: true, force: true });
  expect(code, `serve did not shut down cleanly:\n${app?.stderr()}`).toBe(0);
});

/** How many pixels of a chart's canvas are painted (not fully transparent). */
function paintedPixels(chart: Locator): Promise<number> {
  return chart.locator('canvas').evaluate((canvas: HTMLCanvasElement) => {
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    let painted = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) painted++;
    return painted;
  });
}

describe('Models screen on the demo library, in chromium', () => {
  it('says there are no models yet and offers Train', async () => {
    await page.goto(app.url);
    await page.getByTestId('nav-models').click();
    await page.getByTestId('models-empty').waitFor();
    expect(await page.getByTestId('train-button').textContent()).toBe('Train');
  });

  it('trains with the button, then lists the run and paints both charts', async () => {
    await page.getByTestId('train-button').click();
    await page.getByTestId('model-row').first().waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('model-row').count()).toBe(1);
    expect(await page.getByTestId('model-active').count()).toBe(1);
    expect(await page.getByTestId('train-button').textContent()).toBe('Retrain');

    for (const id of ['chart-metrics', 'chart-loss']) {
      const chart = page.getByTestId(id);
      await expect(chart.locator('canvas').count()).resolves.toBe(1);
      await expect.poll(() => paintedPixels(chart), { message: id }).toBeGreaterThan(1000);
    }

    // The table shows what the API stored: the run's hold-out nDCG next to the baseline's.
    const [model] = await api<{ id: number; metrics: Record<string, unknown> }[]>(
      app,
      'models.list',
    );
    const holdout = model!.metrics.holdout as { 'ndcg@10': number };
    const baseline = model!.metrics.popularityHoldout as { 'ndcg@10': number };
    const cells = await page.getByTestId('model-row').first().locator('td').allTextContents();
    expect(cells).toContain(holdout['ndcg@10'].toFixed(3));
    expect(cells).toContain(baseline['ndcg@10'].toFixed(3));
  }, 90_000);

  it('repaints the charts in the dark theme', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    const chart = page.getByTestId('chart-metrics');
    await expect.poll(() => chart.getAttribute('data-theme')).toBe('dark');
    await expect.poll(() => paintedPixels(chart)).toBeGreaterThan(1000);
    await expect.poll(() => paintedPixels(page.getByTestId('chart-loss'))).toBeGreaterThan(1000);
    await page.emulateMedia({ colorScheme: 'light' });
  });
});
