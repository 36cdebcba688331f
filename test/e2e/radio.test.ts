// Radio and playlists on the BUILT app (`npm run build` first): turn the radio on in
// `serve --demo`, see the queue fill to five tracks ahead, each with its reason, and save it.
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
  dir = mkdtempSync(path.join(os.tmpdir(), 'encore-e2e-radio-'));
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

/** Waits until the open queue panel shows at least `n` upcoming tracks. */
async function queueHasAtLeast(n: number): Promise<void> {
  await page.waitForFunction(
    (min) => document.querySelectorAll('[data-testid="queue-item"]').length >= min,
    n,
    { timeout: 30_000 },
  );
}

describe('Radio on the demo library, in chromium', () => {
  it('fills the queue to five ahead, every radio track with its reason', async () => {
    await page.goto(app.url);
    await page.getByTestId('radio-toggle').click();
    expect(await page.getByTestId('radio-toggle').getAttribute('aria-pressed')).toBe('true');
    await page.getByTestId('queue-toggle').click();
    await queueHasAtLeast(5);
    expect(await page.getByTestId('queue-reason').count()).toBeGreaterThanOrEqual(5);
    const reasons = await page.getByTestId('queue-reason').allTextContents();
    for (const r of reasons) expect(r.trim().length).toBeGreaterThan(3);
    expect(await page.getByTestId('now-playing-title').textContent()).not.toBe('Nothing playing');
  }, 60_000);

  it('keeps five ahead after moving to the next track', async () => {
    const before = await page.getByTestId('now-playing-title').textContent();
    await page.getByTestId('next').click();
    await page.waitForFunction(
      (title) => document.querySelector('[data-testid="now-playing-title"]')?.textContent !== title,
      before,
    );
    await queueHasAtLeast(5);
    expect(await page.getByTestId('queue-item').count()).toBeGreaterThanOrEqual(5);
  }, 60_000);

  it('saves the radio as a playlist, reasons kept, and shows it on the Playlists screen', async () => {
    await page.getByTestId('queue-save').click();
    await page.getByText(/Saved as “Radio /).waitFor();
    const lists = await api<{ id: number; kind: string; trackCount: number }[]>(
      app,
      'playlists.list',
    );
    expect(lists).toHaveLength(1);
    expect(lists[0]).toMatchObject({ kind: 'radio' });
    expect(lists[0]!.trackCount).toBeGreaterThanOrEqual(7);
    const got = await api<{ items: { reason: string | null }[] }>(app, 'playlists.get', {
      id: lists[0]!.id,
    });
    expect(got.items.filter((i) => i.reason).length).toBeGreaterThanOrEqual(5);

    await page.getByTestId('nav-playlists').click();
    await page.getByTestId('playlist').first().click();
    await page.getByTestId('playlist-detail').waitFor();
    expect(await page.getByTestId('playlist-detail').locator('li').count()).toBe(
      lists[0]!.trackCount,
    );
  }, 60_000);

  it('once a model is trained, locks the radio to a persona and says so in the reasons', async () => {
    const { jobId } = await api<{ jobId: string }>(app, 'models.train', { kind: 'als' });
    await expect
      .poll(
        async () =>
          (await api<{ jobId: string; state: string }[]>(app, 'jobs.list')).find(
            (j) => j.jobId === jobId,
          )?.state,
        { timeout: 60_000, interval: 250 },
      )
      .toBe('done');
    const { personas } = await api<{ personas: { label: string }[] }>(app, 'personas.list');
    // Turning the radio on again asks for the personas; the lock appears beside the toggle.
    await page.getByTestId('radio-toggle').click();
    await page.getByTestId('radio-toggle').click();
    await page.getByTestId('radio-persona').selectOption('1');
    const reason = `from your ${personas[1]!.label} persona`;
    await page.waitForFunction(
      (r) =>
        [...document.querySelectorAll('[data-testid="queue-reason"]')].filter(
          (e) => e.textContent?.trim() === r,
        ).length >= 3,
      reason,
      { timeout: 30_000 },
    );
    await queueHasAtLeast(5);
    expect(await page.getByTestId('queue-reason').allTextContents()).toContain(reason);
  }, 90_000);
});
