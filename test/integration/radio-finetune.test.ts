import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src-main/engine';
import type { Handlers } from '../../src-main/api/handlers';
import { recordAppPlay } from '../../src-main/db/plays';
import { loadRadioGru, type RadioTrainResult } from '../../src-main/recommend/radio-gru';
import { unpack } from '../../models/nextsong/bytes';
import { TASTE_WEIGHT_GRID } from '../../models/nextsong/taste-weight';
import { fitSessionModel } from '../../src-main/recommend/radio-session-model';
import { openDemoEngine, type DemoEngine } from './demo-engine';

let demo: DemoEngine;
let engine: Engine;
let api: Handlers;

beforeAll(async () => {
  demo = await openDemoEngine('radio-finetune');
  ({ engine, api } = demo);
}, 60_000);

afterAll(() => demo.close());

/** A tiny GRU: these tests are about what is trained on what, not the model's quality. */
const small = { epochs: 2, units: 16 };

async function train(input: Parameters<Handlers['radio.train']>[0]): Promise<RadioTrainResult> {
  const { jobId } = await api['radio.train'](input);
  const job = await engine.jobs.wait(jobId);
  expect(job.state, job.error?.message).toBe('done');
  return job.result as RadioTrainResult;
}

const gru = () => loadRadioGru(engine.db, engine.options.dbPath, engine.profileId);
const embeddings = async () => {
  const g = (await gru())!;
  return unpack(g.model.toBytes(), 'gru').arrays.inEmb as Float32Array;
};

/** A new library track, a copy of `like` under another path. */
function addedTrack(like: number, n: number): number {
  const info = engine.db
    .prepare(
      `INSERT INTO tracks (path, size, mtime_ms, title, artist, artist_id, album, album_id, duration_ms,
         added_at, updated_at)
       SELECT path || '.new${n}', size, mtime_ms, title || ' (live)', artist, artist_id, album,
              album_id, duration_ms, added_at, updated_at
         FROM tracks WHERE id = ?`,
    )
    .run(like);
  return Number(info.lastInsertRowid);
}

/** Three new listening sessions, two hours apart, after everything already played. */
function listenToNewSessions(tracks: number[]): void {
  const last = engine.db.prepare('SELECT MAX(played_at) FROM plays').pluck().get() as number;
  tracks.forEach((trackId, i) => {
    const session = Math.floor(i / 5);
    const startedAtMs = (last + 7200 * (session + 1) + 240 * (i % 5)) * 1000;
    recordAppPlay(engine.db, {
      profileId: engine.profileId,
      trackId,
      startedAtMs,
      msPlayed: 600_000,
    });
  });
}

describe('radio.train, then again after new sessions', () => {
  let first: RadioTrainResult;
  let firstIds: Int32Array;
  let firstEmb: Float32Array;

  it('trains afresh the first time, choosing the blend weights on the latest sessions', async () => {
    first = await train(small);
    expect(first.mode).toBe('full');
    expect(Object.keys(first.weights)).toEqual(['gru', 'rules', 'sknn']);
    expect(Math.max(...Object.values(first.weights))).toBe(1);
    expect(first.validationSessions).toBeGreaterThan(0);
    expect(first.validation!.events).toBeGreaterThan(0);
    const kept = (await gru())!;
    expect(kept.weights).toEqual([first.weights.gru, first.weights.rules, first.weights.sknn]);
    // The radio's taste (ALS) weight is chosen on the same validation sessions, kept with the GRU,
    // and is what the radio's session model then blends with.
    expect(first.taste!.events).toBe(first.validation!.events);
    expect(TASTE_WEIGHT_GRID).toContain(first.taste!.weight);
    expect(first.tasteWeight).toBe(first.taste!.weight);
    expect(kept.tasteWeight).toBe(first.tasteWeight);
    const session = await fitSessionModel(engine.db, engine.profileId, kept);
    expect(session.tasteWeight).toBe(first.tasteWeight);
    firstIds = kept.trackIds;
    firstEmb = await embeddings();
  }, 120_000);

  it('fine-tunes that GRU on the sessions since, giving new tracks fresh embeddings', async () => {
    // Every demo track has been played: three newly added tracks (copies under new paths).
    const unplayed = [1, 2, 3].map((n) => addedTrack(firstIds[n]!, n));
    // Mostly tracks the GRU knows, plus three it has never seen.
    const known = [...firstIds.slice(0, 12)];
    listenToNewSessions([
      ...known.slice(0, 4),
      unplayed[0]!,
      ...known.slice(4, 8),
      unplayed[1]!,
      unplayed[2]!,
      ...known.slice(8, 12),
    ]);

    const second = await train({ epochs: 2 });
    expect(second.mode).toBe('fine-tune');
    expect(second.validationSessions).toBe(3);
    const kept = (await gru())!;
    // Old items keep their numbers; the new tracks come after them.
    expect([...kept.trackIds.slice(0, firstIds.length)]).toEqual([...firstIds]);
    expect([...kept.trackIds.slice(firstIds.length)].sort()).toEqual([...unplayed].sort());
    expect(kept.model.itemCount).toBe(firstIds.length + 3);
    // Continued from the old weights: the rows of tracks absent from the new sessions are the old
    // rows exactly (a fresh GRU would have drawn them anew), the rows that were trained moved.
    const emb = await embeddings();
    const H = small.units;
    const row = (e: Float32Array, item: number) => [...e.subarray(item * H, item * H + H)];
    const untouched = firstIds.findIndex((_, i) => i >= 12);
    expect(row(emb, untouched)).toEqual(row(firstEmb, untouched));
    expect(row(emb, 0)).not.toEqual(row(firstEmb, 0));
  }, 120_000);

  it('trains afresh when asked to', async () => {
    const third = await train({ ...small, full: true });
    expect(third.mode).toBe('full');
    expect(third.sessions).toBe(first.sessions + 3);
  }, 120_000);

  it('trains afresh when the size asked for differs from the last GRU’s', async () => {
    const fourth = await train({ epochs: 1, units: 24 });
    expect(fourth.mode).toBe('full');
  }, 120_000);
});
