// The Personas screen on the BUILT app (`npm run build` first): serve the demo library, train, and
// see the artist map, one card per persona, and "Play this persona" filling the queue.
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
  dir = mkdtempSync(path.join(os.tmpdir(), 'encore-e2e-personas-'));
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

describe('the Personas screen on the demo library, in chromium', () => {
  it('asks to train a model first', async () => {
    await page.goto(app.url);
    await page.getByTestId('nav-personas').click();
    await page.getByTestId('personas-untrained').waitFor();
    expect(await page.getByTestId('personas-untrained').textContent()).toMatch(
      /Train a model first/,
    );
  });

  it('after training shows the map and three labelled cards, and plays a persona', async () => {
    await page.getByTestId('train-button').click();
    await page.getByTestId('persona-card').first().waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('persona-card').count()).toBe(3);
    const labels = await page.getByTestId('persona-label').allTextContents();
    expect(labels.some((l) => l.startsWith('Weekday mornings · '))).toBe(true);
    expect(await page.getByTestId('persona-map').locator('canvas').count()).toBe(1);
    expect(await page.getByTestId('persona-share').locator('canvas').count()).toBe(1);
    const box = await page.getByTestId('persona-map').locator('canvas').boundingBox();
    expect(box!.width).toBeGreaterThan(100);

    const night = labels.findIndex((l) => l.startsWith('Friday and Saturday nights'));
    expect(night).toBeGreaterThanOrEqual(0);
    const cards = page.getByTestId('persona-card');
    const artists = await cards
      .nth(night)
      .getByTestId('persona-artists')
      .locator('.name')
      .allTextContents();
    await cards.nth(night).getByTestId('persona-play').click();
    await page.getByTestId('now-playing-artist').filter({ hasNotText: /^\s*$/ }).waitFor();
    await expect
      .poll(async () => (await page.getByTestId('now-playing-artist').textContent())?.trim())
      .toSatisfy((a: string | undefined) => artists.some((name) => a?.includes(name)));

    const personas = await api<{ personas: unknown[] }>(app, 'personas.list', { personas: 2 });
    expect(personas.personas).toHaveLength(2);
  }, 90_000);
});
