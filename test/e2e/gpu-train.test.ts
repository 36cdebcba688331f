// The GPU path of the radio's training on the BUILT app: the renderer's worker bundle trains the
// GRU with tfjs on WebGL inside chromium (here WebGL is SwiftShader, a software GPU: the real
// worker, backend and upload run, only slower), then `radio.adoptModel` checks and keeps it and the
// radio uses it. The Models screen offers the button only on a hardware GPU, so not here.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { api, demoInChromium, repoRoot } from './helpers';

const demo = demoInChromium('gpu-train');

interface Trained {
  model: string;
  backend: string;
  seconds: number;
  epochLoss: number[];
  progress: number;
}

describe('training the radio GRU on WebGL in a worker, in chromium', () => {
  it('does not offer "Train on GPU" on software WebGL', async () => {
    await demo.page.goto(demo.app.url);
    await demo.page.getByTestId('nav-models').click();
    await demo.page.getByTestId('train-radio-button').waitFor();
    expect(await demo.page.getByTestId('train-gpu').count()).toBe(0);
  });

  it('trains in the built worker, and the engine keeps the model and radios with it', async () => {
    const worker = readdirSync(path.join(repoRoot, 'dist/renderer/assets')).find((f) =>
      /^gru-gpu-worker-.*\.js$/.test(f),
    );
    expect(worker, 'the renderer build has no GPU training worker').toBeDefined();
    const set = await api<{
      trackIds: number[];
      sessions: { items: number[]; skipped: number[] }[];
    }>(demo.app, 'radio.trainingSet');
    expect(set.sessions.length).toBeGreaterThan(100);

    // A small GRU: software WebGL runs a batch in seconds, not milliseconds.
    const config = { units: 16, epochs: 2, batchSize: 128, negatives: 32 };
    const trained = await demo.page.evaluate(
      ({ url, set, config }) =>
        new Promise<Trained>((resolve, reject) => {
          const w = new Worker(url, { type: 'module' });
          let progress = 0;
          w.onerror = (e) => reject(new Error(e.message));
          w.onmessage = (e: MessageEvent) => {
            const r = e.data as { type: string; [k: string]: unknown };
            if (r.type === 'progress') return void progress++;
            w.terminate();
            if (r.type === 'error') return reject(new Error(String(r.message)));
            const bytes = r.bytes as Uint8Array;
            let binary = '';
            for (let i = 0; i < bytes.length; i += 0x8000)
              binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
            resolve({
              model: btoa(binary),
              backend: String(r.backend),
              seconds: Number(r.seconds),
              epochLoss: r.epochLoss as number[],
              progress,
            });
          };
          w.postMessage({
            itemCount: set.trackIds.length,
            sessions: set.sessions.map((s) => ({
              items: Int32Array.from(s.items),
              skipped: Uint8Array.from(s.skipped),
            })),
            config,
          });
        }),
      { url: `/assets/${worker!}`, set, config },
    );
    expect(trained.backend).toBe('webgl');
    expect(trained.progress).toBeGreaterThan(0);
    expect(trained.epochLoss).toHaveLength(2);
    expect(trained.epochLoss[1]!).toBeLessThan(trained.epochLoss[0]!);

    // The engine refuses a model over tracks it did not give out…
    await expect(
      api(demo.app, 'radio.adoptModel', {
        trackIds: set.trackIds.map((id) => id + 1_000_000),
        model: trained.model,
        backend: 'webgl',
        trainSeconds: trained.seconds,
      }),
    ).rejects.toThrow(/not in this library's sessions/);
    // …or one that names a track twice.
    await expect(
      api(demo.app, 'radio.adoptModel', {
        trackIds: set.trackIds.map((id, i) => (i === 1 ? set.trackIds[0]! : id)),
        model: trained.model,
        backend: 'webgl',
        trainSeconds: trained.seconds,
      }),
    ).rejects.toThrow(/names a track twice/);
    // …and keeps this one, with blend weights chosen on the latest sessions.
    const adopted = await api<{
      modelId: number;
      backend: string;
      weights: Record<string, number>;
    }>(demo.app, 'radio.adoptModel', {
      trackIds: set.trackIds,
      model: trained.model,
      backend: trained.backend,
      trainSeconds: trained.seconds,
    });
    expect(adopted.backend).toBe('webgl');
    const models = await api<
      { id: number; kind: string; active: boolean; params: Record<string, unknown> }[]
    >(demo.app, 'models.list');
    const gru = models.find((m) => m.id === adopted.modelId)!;
    expect(gru).toMatchObject({ kind: 'nextsong', active: true, params: { backend: 'webgl' } });

    const picks = await api<{ track: { id: number }; reason: string }[]>(demo.app, 'radio.next', {
      history: [set.trackIds[set.sessions[0]!.items[0]!]!],
      n: 5,
    });
    expect(picks).toHaveLength(5);
  }, 300_000);
});
