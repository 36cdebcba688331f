// For You on the BUILT app (`npm run build` first): serve the demo library, open For You, train
// a model with the Train button, and see recommendations that say why.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, launchChromium, startBuiltServe, type ServedApp } from './helpers';

let dir: string;
let app: ServedApp;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'encore-e2e-foryou-'));
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

describe('For You on the demo library, in chromium', () => {
  it('offers Train before any model exists', async () => {
    await page.goto(app.url);
    await page.getByTestId('nav-foryou').click();
    await page.getByTestId('foryou-untrained').waitFor();
    expect(await page.getByTestId('train-button').textContent()).toBe('Train');
  });

  it('trains with the button, then lists tracks "because you played" and explains one', async () => {
    await page.getByTestId('train-button').click();
    await page.getByTestId('foryou-track').first().waitFor({ timeout: 60_000 });
    const because = await page.getByTestId('because').first().textContent();
    expect(because).toMatch(/^because you played \S/);
    expect(await page.getByTestId('train-button').textContent()).toBe('Retrain');
    expect(await page.getByTestId('foryou-outside').locator('li').count()).toBeGreaterThan(0);

    await page.getByTestId('why').first().click();
    await page.getByTestId('why-list').locator('li').first().waitFor();
    expect(await page.getByTestId('why-list').locator('li').count()).toBeGreaterThan(0);

    const models = await api<{ kind: string; active: boolean }[]>(app, 'models.list');
    expect(models).toMatchObject([{ kind: 'als', active: true }]);
  }, 90_000);
});
