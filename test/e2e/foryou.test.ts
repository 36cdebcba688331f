// For You on the BUILT app (`npm run build` first): serve the demo library, open For You, train
// a model with the Train button, and see recommendations that say why; then train the
// artist-budget model from the Deep cuts shelf and see its deep cuts and breadth lines.
import { describe, expect, it } from 'vitest';
import { api, demoInChromium } from './helpers';

const demo = demoInChromium('foryou');

describe('For You on the demo library, in chromium', () => {
  it('offers Train before any model exists', async () => {
    await demo.page.goto(demo.app.url);
    await demo.page.getByTestId('nav-foryou').click();
    await demo.page.getByTestId('foryou-untrained').waitFor();
    expect(await demo.page.getByTestId('train-button').textContent()).toBe('Train');
  });

  it('trains with the button, then lists tracks "because you played" and explains one', async () => {
    await demo.page.getByTestId('train-button').click();
    await demo.page.getByTestId('foryou-track').first().waitFor({ timeout: 60_000 });
    const because = await demo.page.getByTestId('because').first().textContent();
    expect(because).toMatch(/^because you played \S/);
    expect(await demo.page.getByTestId('train-button').textContent()).toBe('Retrain');
    expect(await demo.page.getByTestId('foryou-outside').locator('li').count()).toBeGreaterThan(0);

    await demo.page.getByTestId('why').first().click();
    await demo.page.getByTestId('why-list').locator('li').first().waitFor();
    expect(await demo.page.getByTestId('why-list').locator('li').count()).toBeGreaterThan(0);

    const models = await api<{ kind: string; active: boolean }[]>(demo.app, 'models.list');
    expect(models).toMatchObject([{ kind: 'als', active: true }]);

    // Save the recommendations as a playlist: the same tracks in the same order, each with its reason.
    const shown = await demo.page.getByTestId('foryou-track').count();
    await demo.page.getByTestId('foryou-save').click();
    await demo.page.getByTestId('foryou-saved').waitFor();
    const lists = await api<{ id: number; name: string }[]>(demo.app, 'playlists.list');
    const saved = lists.find((p) => p.name.startsWith('For You — '));
    expect(saved).toBeDefined();
    const full = await api<{ items: { reason: string | null }[] }>(demo.app, 'playlists.get', {
      id: saved!.id,
    });
    expect(full.items).toHaveLength(shown);
    expect(full.items[0]!.reason).toMatch(/^because you played \S/);
  }, 90_000);

  it('trains the artist-budget model from the Deep cuts shelf, then lists explained deep cuts', async () => {
    await demo.page.getByTestId('deepcuts-untrained').waitFor();
    await demo.page.getByTestId('deepcuts-train-button').click();
    await demo.page.getByTestId('deepcut').first().waitFor({ timeout: 60_000 });
    const why = await demo.page.getByTestId('deepcut-why').first().textContent();
    expect(why).toMatch(/^You spread \d+ plays over \d+ of .+ tracks; this one you have /);
    expect(await demo.page.getByTestId('deepcuts-train-button').textContent()).toBe('Retrain');

    // The recommended tracks now carry the budget model's breadth line and their persona.
    await demo.page.getByTestId('breadth-line').first().waitFor();
    expect(await demo.page.getByTestId('breadth-line').first().textContent()).toMatch(
      /^You spread \d+ plays over \d+ of /,
    );
    expect(await demo.page.getByTestId('persona-line').first().textContent()).toMatch(
      /^from your .+ persona$/,
    );

    await demo.page.getByTestId('deepcuts-save').click();
    await demo.page.getByTestId('deepcuts-saved').waitFor();
    const playlists = await api<{ name: string }[]>(demo.app, 'playlists.list');
    expect(playlists.map((p) => p.name)).toContainEqual(expect.stringMatching(/^Deep cuts — /));
    const models = await api<{ kind: string; active: boolean }[]>(demo.app, 'models.list');
    expect(
      models
        .filter((m) => m.active)
        .map((m) => m.kind)
        .sort(),
    ).toEqual(['als', 'budget']);
  }, 90_000);
});
