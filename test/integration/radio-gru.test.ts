import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src-main/engine';
import type { Handlers } from '../../src-main/api/handlers';
import { loadRadioGru, RemappedModel, trainRadioGru } from '../../src-main/recommend/radio-gru';
import { fitSessionModel, librarySessions } from '../../src-main/recommend/radio-session-model';
import type { NextSongModel } from '../../models/nextsong/model';
import { budgetTraining, keptSessions } from '../../models/nextsong/training-budget';
import { defaultGruConfig } from '../../models/nextsong/gru/params';
import { adoptGpuModel, radioTrainingSet } from '../../src-main/recommend/radio-gpu';
import { fitNextSongInWorker } from '../../src-main/training/nextsong-fit';
import { openDemoEngine, type DemoEngine, mostPlayedTrack } from './demo-engine';

let demo: DemoEngine;
let engine: Engine;
let api: Handlers;
let seed: number;

beforeAll(async () => {
  demo = await openDemoEngine('radio-gru');
  ({ engine, api } = demo);
  seed = mostPlayedTrack(engine.db);
}, 60_000);

afterAll(() => demo.close());

/** A tiny GRU: the point here is the plumbing, not the model's quality (see eval-next). */
const small = { epochs: 2, units: 16 };

describe('radio.train', () => {
  it('can be cancelled, and then leaves no model behind', async () => {
    const { jobId } = await api['radio.train']({ epochs: 50, units: 64 });
    expect((await api['jobs.cancel']({ jobId })).cancelled).toBe(true);
    expect((await engine.jobs.wait(jobId)).state).toBe('cancelled');
    expect((await api['models.list']({})).filter((m) => m.kind === 'nextsong')).toEqual([]);
  });

  it('fits the GRU on the library sessions in a job and stores it beside the ALS model', async () => {
    const { jobId } = await api['radio.train'](small);
    const job = await engine.jobs.wait(jobId);
    expect(job.state).toBe('done');
    const models = (await api['models.list']({})).filter((m) => m.kind === 'nextsong');
    expect(models).toHaveLength(1);
    expect(models[0]!.metrics).toMatchObject({ sessions: expect.any(Number) as number });
    expect(readdirSync(path.join(demo.dir, 'models')).some((f) => f.startsWith('nextsong-'))).toBe(
      true,
    );
    const gru = await loadRadioGru(engine.db, engine.options.dbPath, engine.profileId);
    expect(gru?.trackIds).toContain(seed);
  }, 120_000);

  it('joins the radio blend, which still picks by the rules with reasons', async () => {
    const gru = (await loadRadioGru(engine.db, engine.options.dbPath, engine.profileId))!;
    const session = await fitSessionModel(engine.db, engine.profileId, gru);
    const parts = (session.blend as unknown as { parts: { model: NextSongModel }[] }).parts;
    expect(parts).toHaveLength(3);
    expect(parts[0]!.model).toBeInstanceOf(RemappedModel);
    const picks = await api['radio.next']({ history: [seed], n: 10 });
    expect(picks).toHaveLength(10);
    expect(picks.map((p) => p.track.id)).not.toContain(seed);
    for (const p of picks) expect(p.reason.length).toBeGreaterThan(3);
  });

  it('trains on the latest sessions only when the history exceeds the training budget', async () => {
    const lib = librarySessions(engine.db, engine.profileId);
    const sessions = lib.sessions.filter((s) => s.items.length > 1);
    const total = sessions.reduce((n, s) => n + s.items.length, 0);
    // One epoch over about half the plays (1.8 passes each: the base fit and the refit).
    const budget = { playPasses: Math.round(total * 0.5 * 1.8), minEpochs: 1 };
    const result = await trainRadioGru(engine.db, {
      dbPath: engine.options.dbPath,
      profileId: engine.profileId,
      gru: small,
      full: true,
      budget,
    });
    expect(result.mode).toBe('full');
    expect(result.epochs).toBe(1);
    expect(result.plays.trained + result.plays.leftOut).toBe(total);
    expect(result.plays.trained).toBeLessThanOrEqual(total * 0.5);
    expect(result.plays.trained).toBeGreaterThan(total * 0.3);
    // The kept plays are the latest ones (the oldest kept session may lose its start), and the
    // GRU knows only the tracks they play.
    const kept = keptSessions(sessions, budgetTraining(sessions, small.epochs, 1.8, budget));
    expect(kept).toHaveLength(result.sessions);
    expect(kept.at(-1)!.items).toEqual(sessions.at(-1)!.items);
    expect(kept.reduce((n, s) => n + s.items.length, 0)).toBe(result.plays.trained);
    const played = new Set(kept.flatMap((s) => Array.from(s.items, (it) => lib.trackIds[it]!)));
    const gru = (await loadRadioGru(engine.db, engine.options.dbPath, engine.profileId))!;
    expect(new Set(gru.trackIds)).toEqual(played);
    const row = (await api['models.list']({})).find((m) => m.id === result.modelId)!;
    expect(row.metrics).toMatchObject({ epochs: 1, leftOutPlays: result.plays.leftOut });
  }, 120_000);
});

describe('the GPU path’s training set (radio.trainingSet)', () => {
  it('holds the latest sessions within the budget, numbering only their tracks, and the adopted model reports them', async () => {
    const lib = librarySessions(engine.db, engine.profileId);
    const sessions = lib.sessions.filter((s) => s.items.length > 1);
    const total = sessions.reduce((n, s) => n + s.items.length, 0);
    const idsOf = (items: ArrayLike<number>, ids: ArrayLike<number>) =>
      Array.from(items, (it) => ids[it]!);
    // The default budget affords the demo's whole history at the default epochs.
    const whole = radioTrainingSet(engine.db, engine.profileId);
    expect(whole.leftOut).toBe(0);
    expect(whole.config).toEqual({});
    expect(whole.sessions).toHaveLength(sessions.length);
    // One pass per play per epoch: a budget of half the plays once keeps one epoch over about
    // the latest half.
    const budget = { playPasses: Math.round(total * 0.5), minEpochs: 1 };
    const set = radioTrainingSet(engine.db, engine.profileId, budget);
    expect(set.config).toEqual({ epochs: 1 });
    const kept = set.sessions.reduce((n, s) => n + s.items.length, 0);
    expect(kept + set.leftOut).toBe(total);
    expect(kept).toBeLessThanOrEqual(total * 0.5);
    expect(kept).toBeGreaterThan(total * 0.3);
    expect(idsOf(set.sessions.at(-1)!.items, set.trackIds)).toEqual(
      idsOf(sessions.at(-1)!.items, lib.trackIds),
    );
    const played = new Set(set.sessions.flatMap((s) => idsOf(s.items, set.trackIds)));
    expect(played.size).toBe(set.trackIds.length);

    // A GRU trained on that set (here on the CPU, as the renderer's worker would on a GPU) is
    // adopted over exactly those tracks; its metrics name the epochs it was given.
    const bytes = await fitNextSongInWorker(
      'gru',
      set.trackIds.length,
      set.sessions.map((s) => ({
        start: 0,
        items: Int32Array.from(s.items),
        skipped: Uint8Array.from(s.skipped),
      })),
      { units: 8, epochs: 1 },
    );
    const adopted = await adoptGpuModel(engine.db, engine.options.dbPath, engine.profileId, {
      trackIds: set.trackIds,
      model: Buffer.from(bytes).toString('base64'),
      backend: 'test-cpu',
      trainSeconds: 1,
    });
    expect(adopted.mode).toBe('adopted');
    const row = (await api['models.list']({})).find((m) => m.id === adopted.modelId)!;
    expect(row.metrics.epochs).toBe(defaultGruConfig.epochs);
    expect(row.metrics.tracks).toBe(set.trackIds.length);
  }, 120_000);
});

describe('RemappedModel', () => {
  /** Scores its items 10, 20, 30… whatever the prefix; remembers the prefix it was given. */
  const fake = (n: number) => {
    const seen: Int32Array[] = [];
    const model: NextSongModel = {
      kind: 'fake',
      itemCount: n,
      fit: () => Promise.resolve(),
      scoreNext: (prefix) => (
        seen.push(prefix),
        Float32Array.from({ length: n }, (_, i) => 10 * (i + 1))
      ),
      toBytes: () => new Uint8Array(0),
    };
    return { model, seen };
  };

  it('speaks the trained numbering to the model and answers in the radio’s', () => {
    const { model, seen } = fake(2);
    // Trained on tracks 7 and 9; the radio now numbers tracks 9, 5, 7.
    const m = new RemappedModel(model, Int32Array.of(7, 9), Int32Array.of(9, 5, 7), 3);
    const scores = m.scoreNext(Int32Array.of(2, 1, 0));
    expect([...seen[0]!]).toEqual([0, 1]);
    expect([...scores]).toEqual([20, -Infinity, 10]);
  });

  it('leaves every score equal when it knows nothing of the session', () => {
    const { model, seen } = fake(2);
    const m = new RemappedModel(model, Int32Array.of(7, 9), Int32Array.of(5, 6), 2);
    expect([...m.scoreNext(Int32Array.of(0, 1))]).toEqual([0, 0]);
    expect(seen).toHaveLength(0);
  });
});
