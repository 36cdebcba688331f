// Radio and playlists on the BUILT app (`npm run build` first): turn the radio on in
// `serve --demo`, see the queue fill to five tracks ahead, each with its reason, and save it.
import { describe, expect, it } from 'vitest';
import { api, demoInChromium } from './helpers';

const demo = demoInChromium('radio');

/** Waits until the open queue panel shows at least `n` upcoming tracks. */
async function queueHasAtLeast(n: number): Promise<void> {
  await demo.page.waitForFunction(
    (min) => document.querySelectorAll('[data-testid="queue-item"]').length >= min,
    n,
    { timeout: 30_000 },
  );
}

describe('Radio on the demo library, in chromium', () => {
  it('fills the queue to five ahead, every radio track with its reason', async () => {
    await demo.page.goto(demo.app.url);
    await demo.page.getByTestId('radio-toggle').click();
    expect(await demo.page.getByTestId('radio-toggle').getAttribute('aria-pressed')).toBe('true');
    await demo.page.getByTestId('queue-toggle').click();
    await queueHasAtLeast(5);
    expect(await demo.page.getByTestId('queue-reason').count()).toBeGreaterThanOrEqual(5);
    const reasons = await demo.page.getByTestId('queue-reason').allTextContents();
    for (const r of reasons) expect(r.trim().length).toBeGreaterThan(3);
    expect(await demo.page.getByTestId('now-playing-title').textContent()).not.toBe(
      'Nothing playing',
    );
  }, 60_000);

  it('keeps five ahead after moving to the next track', async () => {
    const before = await demo.page.getByTestId('now-playing-title').textContent();
    await demo.page.getByTestId('next').click();
    await demo.page.waitForFunction(
      (title) => document.querySelector('[data-testid="now-playing-title"]')?.textContent !== title,
      before,
    );
    await queueHasAtLeast(5);
    expect(await demo.page.getByTestId('queue-item').count()).toBeGreaterThanOrEqual(5);
  }, 60_000);

  it('saves the radio as a playlist, reasons kept, and shows it on the Playlists screen', async () => {
    await demo.page.getByTestId('queue-save').click();
    await demo.page.getByText(/Saved as “Radio /).waitFor();
    const lists = await api<{ id: number; kind: string; trackCount: number }[]>(
      demo.app,
      'playlists.list',
    );
    expect(lists).toHaveLength(1);
    expect(lists[0]).toMatchObject({ kind: 'radio' });
    expect(lists[0]!.trackCount).toBeGreaterThanOrEqual(7);
    const got = await api<{ items: { reason: string | null }[] }>(demo.app, 'playlists.get', {
      id: lists[0]!.id,
    });
    expect(got.items.filter((i) => i.reason).length).toBeGreaterThanOrEqual(5);

    await demo.page.getByTestId('nav-playlists').click();
    await demo.page.getByTestId('playlist').first().click();
    await demo.page.getByTestId('playlist-detail').waitFor();
    expect(await demo.page.getByTestId('playlist-detail').locator('li').count()).toBe(
      lists[0]!.trackCount,
    );
  }, 60_000);

  it('once a model is trained, locks the radio to a persona and says so in the reasons', async () => {
    const { jobId } = await api<{ jobId: string }>(demo.app, 'models.train', { kind: 'als' });
    await expect
      .poll(
        async () =>
          (await api<{ jobId: string; state: string }[]>(demo.app, 'jobs.list')).find(
            (j) => j.jobId === jobId,
          )?.state,
        { timeout: 60_000, interval: 250 },
      )
      .toBe('done');
    const { personas } = await api<{ personas: { label: string }[] }>(demo.app, 'personas.list');
    // Turning the radio on again asks for the personas; the lock appears beside the toggle.
    await demo.page.getByTestId('radio-toggle').click();
    await demo.page.getByTestId('radio-toggle').click();
    await demo.page.getByTestId('radio-persona').selectOption('1');
    const reason = `from your ${personas[1]!.label} persona`;
    await demo.page.waitForFunction(
      (r) =>
        [...document.querySelectorAll('[data-testid="queue-reason"]')].filter(
          (e) => e.textContent?.trim() === r,
        ).length >= 3,
      reason,
      { timeout: 30_000 },
    );
    await queueHasAtLeast(5);
    expect(await demo.page.getByTestId('queue-reason').allTextContents()).toContain(reason);
  }, 90_000);
});
