// The whole path a listener takes, on the BUILT app (`npm run build` first): serve the demo
// library, open the printed URL in Debian's chromium, find a track, play it, skip it, and find
// the skip in the database.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, launchChromium, startBuiltServe, type ServedApp } from './helpers';

interface TrackRow {
  id: number;
  title: string;
  durationMs: number | null;
}
interface PlayRow {
  trackId: number | null;
  skipped: boolean;
}

let dir: string;
let app: ServedApp;
let browser: Browser;
let page: Page;
const cspViolations: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'encore-e2e-'));
  app = await startBuiltServe(path.join(dir, 'encore.db'));
  browser = await launchChromium();
  page = await browser.newPage();
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
});

afterAll(async () => {
  await browser?.close();
  const code = await app?.stop();
  rmSync(dir, { recursive: true, force: true });
  expect(code, `serve did not shut down cleanly:\n${app?.stderr()}`).toBe(0);
});

describe('encore serve --demo, in chromium', () => {
  it('answers a request without the token with 401', async () => {
    expect((await fetch(`${app.origin}/`)).status).toBe(401);
    expect((await fetch(`${app.origin}/api/app.info`, { method: 'POST', body: '{}' })).status).toBe(
      401,
    );
  });

  it('plays a track found by search and records the skip when next is pressed', async () => {
    await page.goto(app.url);
    expect(new URL(page.url()).search).toBe(''); // the token went into a cookie, out of the address bar
    await page.getByTestId('track-list').waitFor();
    await page.getByTestId('track-row').first().waitFor();

    const { rows } = await api<{ rows: TrackRow[] }>(app, 'library.tracks', {
      sort: 'title',
      limit: 1,
    });
    const track = rows[0]!;
    await page.getByTestId('search-input').fill(track.title);
    const row = page.locator(`[data-testid="track-row"][data-track-id="${track.id}"]`);
    await row.waitFor();
    for (const title of await page.getByTestId('track-row').allInnerTexts()) {
      expect(title.toLowerCase()).toContain(track.title.toLowerCase());
    }

    await row.dblclick();
    const bar = page.locator('[data-testid="player-bar"]');
    await expect.poll(() => bar.getAttribute('data-state'), { timeout: 10_000 }).toBe('playing');
    await expect(page.getByTestId('now-playing-title').innerText()).resolves.toContain(track.title);
    const audio = page.getByTestId('audio');
    const started = await audio.evaluate((a: HTMLAudioElement) => a.currentTime);
    await expect
      .poll(() => audio.evaluate((a: HTMLAudioElement) => a.currentTime), { timeout: 10_000 })
      .toBeGreaterThan(started + 0.5);

    await page.getByTestId('next').click();
    await expect
      .poll(
        async () =>
          (await api<PlayRow[]>(app, 'plays.recent', { limit: 20 })).find(
            (p) => p.trackId === track.id,
          ),
        {
          timeout: 10_000,
        },
      )
      .toMatchObject({ trackId: track.id, skipped: true });

    expect(cspViolations).toEqual([]);
  });
});
