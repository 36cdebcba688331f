// The Personas screen on the BUILT app (`npm run build` first): serve the demo library, train, and
// see the artist map, one card per persona, and "Play this persona" filling the queue.
import { describe, expect, it } from 'vitest';
import { api, demoInChromium } from './helpers';

const demo = demoInChromium('personas');

describe('the Personas screen on the demo library, in chromium', () => {
  it('asks to train a model first', async () => {
    await demo.page.goto(demo.app.url);
    await demo.page.getByTestId('nav-personas').click();
    await demo.page.getByTestId('personas-untrained').waitFor();
    expect(await demo.page.getByTestId('personas-untrained').textContent()).toMatch(
      /Train a model first/,
    );
  });

  it('after training shows the map and three labelled cards, and plays a persona', async () => {
    await demo.page.getByTestId('train-button').click();
    await demo.page.getByTestId('persona-card').first().waitFor({ timeout: 60_000 });
    expect(await demo.page.getByTestId('persona-card').count()).toBe(3);
    const labels = await demo.page.getByTestId('persona-label').allTextContents();
    expect(labels.some((l) => l.startsWith('Weekday mornings · '))).toBe(true);
    expect(await demo.page.getByTestId('persona-map').locator('canvas').count()).toBe(1);
    expect(await demo.page.getByTestId('persona-share').locator('canvas').count()).toBe(1);
    const box = await demo.page.getByTestId('persona-map').locator('canvas').boundingBox();
    expect(box!.width).toBeGreaterThan(100);

    const night = labels.findIndex((l) => l.startsWith('Friday and Saturday nights'));
    expect(night).toBeGreaterThanOrEqual(0);
    const cards = demo.page.getByTestId('persona-card');
    const artists = await cards
      .nth(night)
      .getByTestId('persona-artists')
      .locator('.name')
      .allTextContents();
    await cards.nth(night).getByTestId('persona-play').click();
    await demo.page.getByTestId('now-playing-artist').filter({ hasNotText: /^\s*$/ }).waitFor();
    await expect
      .poll(async () => (await demo.page.getByTestId('now-playing-artist').textContent())?.trim())
      .toSatisfy((a: string | undefined) => artists.some((name) => a?.includes(name)));

    // "Save as playlist" keeps the same tracks as a playlist named after the persona.
    await cards.nth(night).getByTestId('persona-save').click();
    const saved = await cards.nth(night).getByTestId('persona-saved').textContent();
    expect(saved).toContain(labels[night]!);
    const lists = await api<{ id: number; name: string }[]>(demo.app, 'playlists.list');
    const made = lists.find((l) => l.name.startsWith(labels[night]!));
    expect(made).toBeDefined();
    const got = await api<{ items: { track: { id: number }; reason: string | null }[] }>(
      demo.app,
      'playlists.get',
      { id: made!.id },
    );
    const played = await api<{ id: number }[]>(demo.app, 'personas.play', {
      personas: 3,
      persona: night,
      n: 40,
    });
    expect(got.items.map((i) => i.track.id)).toEqual(played.map((t) => t.id));
    expect(got.items.every((i) => i.reason === `from your ${labels[night]!} persona`)).toBe(true);

    const personas = await api<{ personas: unknown[] }>(demo.app, 'personas.list', { personas: 2 });
    expect(personas.personas).toHaveLength(2);
  }, 90_000);
});
