// For You on the BUILT app (`npm run build` first): serve the demo library, open For You, train
// a model with the Train button, and see recommendations that say why.
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
  }, 90_000);
});
