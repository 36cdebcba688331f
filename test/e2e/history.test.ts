// Listening history on the BUILT app (`npm run build` first): the Stats screen draws the demo
// history, and the Import screen imports a generated Last.fm CSV whose plays then show in Stats.
// Set ENCORE_E2E_SHOTS=<folder> to keep the light and dark screenshots for a look.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, launchChromium, paintedPixels, startBuiltServe, type ServedApp } from './helpers';

interface TopLists {
  artists: { artist: string; plays: number }[];
}

let dir: string;
let app: ServedApp;
let browser: Browser;
let page: Page;
const cspViolations: string[] = [];
const shots = process.env.ENCORE_E2E_SHOTS;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'encore-e2e-history-'));
  app = await startBuiltServe(path.join(dir, 'encore.db'));
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 1500 } });
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(app.url);
});

afterAll(async () => {
  await browser?.close();
  const code = await app?.stop();
  rmSync(dir, { recursive: true, force: true });
  expect(code, `serve did not shut down cleanly:\n${app?.stderr()}`).toBe(0);
});

async function screenshot(name: string): Promise<Buffer> {
  const image = await page.screenshot();
  if (shots) {
    mkdirSync(shots, { recursive: true });
    writeFileSync(path.join(shots, name), image);
  }
  return image;
}

/** "21 Nov 2026, 14:05": the Last.fm CSV export's `utc_time`. */
function lastfmTime(epochS: number): string {
  const d = new Date(epochS * 1000);
  const month = d.toLocaleString('en', { month: 'short', timeZone: 'UTC' });
  const hm = d.toISOString().slice(11, 16);
  return `${d.getUTCDate()} ${month} ${d.getUTCFullYear()}, ${hm}`;
}

describe('the Stats and Import screens, in chromium', () => {
  it('draws the demo history as charts and lists its top artist, in light and dark', async () => {
    const [top] = (await api<TopLists>(app, 'stats.top', { limit: 1 })).artists;
    expect(top, 'the demo history has plays').toBeDefined();

    await page.getByTestId('nav-stats').click();
    await page.getByTestId('range-all').click();
    await expect
      .poll(() => page.getByTestId('top-artists').locator('li').first().innerText())
      .toContain(top!.artist);
    for (const id of ['chart-weekly', 'chart-heatmap', 'chart-discovery']) {
      const chart = page.getByTestId(id);
      await expect(chart.locator('canvas').count()).resolves.toBe(1);
      await expect.poll(() => paintedPixels(chart), { message: id }).toBeGreaterThan(1000);
    }
    await expect(page.getByTestId('chart-weekly').getAttribute('data-theme')).resolves.toBe(
      'light',
    );
    const light = await screenshot('stats-light.png');

    await page.emulateMedia({ colorScheme: 'dark' });
    await expect
      .poll(() => page.getByTestId('chart-weekly').getAttribute('data-theme'))
      .toBe('dark');
    await expect.poll(() => paintedPixels(page.getByTestId('chart-heatmap'))).toBeGreaterThan(1000);
    const dark = await screenshot('stats-dark.png');
    expect(dark.equals(light)).toBe(false);
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('imports a Last.fm CSV typed as a path, summarises it, and the stats change', async () => {
    const artist = 'Harbour Lights Test Ensemble';
    const now = Math.floor(Date.now() / 1000);
    const rows = Array.from(
      { length: 120 },
      (_, i) => `"${lastfmTime(now - 3600 - i * 600)}",${artist},Generated Album,Song ${i % 7}`,
    );
    const csv = path.join(dir, 'lastfm-export.csv');
    writeFileSync(csv, ['utc_time,artist,album,track', ...rows].join('\n') + '\n');

    await page.getByTestId('range-4w').click();
    const summary = page.getByTestId('stats-summary');
    await summary.waitFor();
    const before = await summary.innerText();

    await page.getByTestId('nav-import').click();
    await page.getByTestId('import-paths').fill(csv);
    await page.getByTestId('import-start').click();
    await expect
      .poll(() => page.getByTestId('import-summary').innerText(), { timeout: 30_000 })
      .toBe('Imported 120 plays.');
    await expect(page.getByTestId('import-imported').innerText()).resolves.toBe('120');
    await expect(page.getByTestId('import-file').innerText()).resolves.toContain('lastfm-csv');
    await expect
      .poll(() => page.getByTestId('unmatched-artists').innerText())
      .toContain(`${artist}\n120 plays`);
    await expect
      .poll(() => page.getByTestId('import-runs').innerText())
      .toContain('lastfm-export.csv');
    await screenshot('import-light.png');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot('import-dark.png');
    await page.emulateMedia({ colorScheme: 'light' });

    await page.getByTestId('nav-stats').click();
    await page.getByTestId('range-4w').click();
    await expect
      .poll(() => page.getByTestId('top-artists').locator('li').first().innerText())
      .toContain(artist);
    await expect.poll(() => summary.innerText()).not.toBe(before);
    await screenshot('stats-after-import-light.png');

    expect(cspViolations).toEqual([]);
  });
});
