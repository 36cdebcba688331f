// For You right after a play (issue 7: For You < 100 ms at a 20-year history): the listener's
// fold-in, explanations, heavy-rotation threshold, artists and breadth lines follow each play the
// app records (for-you-state.ts, models/following-listener.ts) instead of being computed again.
// Here, after every kind of play, the followed answer equals the one a second connection computes
// from scratch (another connection's memo cannot follow this one's plays).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers, type Handlers } from '../../src-main/api/handlers';
import { recordAppPlay } from '../../src-main/db/plays';
import { Engine } from '../../src-main/engine';
import type { ForYou } from '../../src-main/recommend/for-you';
import { listenerState } from '../../src-main/recommend/for-you-state';
import { trainerOf } from '../../src-main/recommend/handlers';
import { openDemoEngine, type DemoEngine } from './demo-engine';

let demo: DemoEngine;
let fresh: Engine;
let freshApi: Handlers;

beforeAll(async () => {
  demo = await openDemoEngine('for-you-follows');
  for (const kind of ['als', 'budget'] as const) {
    const { jobId } = await demo.api['models.train']({ kind });
    expect((await demo.engine.jobs.wait(jobId)).state).toBe('done');
  }
  fresh = new Engine({ dbPath: demo.dbPath, host: 'direct' });
  freshApi = createHandlers(fresh);
}, 120_000);

afterAll(async () => {
  await fresh.close();
  await demo.close();
});

const LIMIT = 20;

/** Everything For You says but the persona line (see below), with shares to 6 digits. */
function comparable(result: ForYou) {
  const round = (x: number) => Math.round(x * 1e6) / 1e6;
  return {
    tracks: result.tracks.map((t) => ({
      id: t.track.id,
      plays: t.track.plays,
      score: round(t.score),
      because: t.because.map((b) => ({ ...b, share: round(b.share) })),
      breadth: t.breadth,
    })),
    outside: result.outsideLibrary.map((a) => ({
      ...a,
      score: round(a.score),
      because: a.because.map((b) => ({ ...b, share: round(b.share) })),
    })),
  };
}

async function expectAsComputedAfresh(): Promise<ForYou> {
  const followed = await demo.api['recommend.forYou']({ limit: LIMIT });
  const computed = await freshApi['recommend.forYou']({ limit: LIMIT });
  expect(comparable(followed)).toEqual(comparable(computed));
  return followed;
}

function play(trackId: number, startedAtMs: number, msPlayed: number): void {
  recordAppPlay(demo.engine.db, {
    profileId: demo.engine.profileId,
    trackId,
    startedAtMs,
    msPlayed,
  });
}

describe('For You following recorded plays', () => {
  it('equals a fresh computation after plays of recommended, unplayed and played tracks', async () => {
    const db = demo.engine.db;
    // The demo history plays every track: one loses its plays, to be played for the first time.
    const unplayed = db
      .prepare(
        `SELECT track_id FROM plays WHERE track_id IS NOT NULL GROUP BY track_id
          ORDER BY COUNT(*), track_id LIMIT 1`,
      )
      .pluck()
      .get() as number;
    db.prepare('DELETE FROM plays WHERE track_id = ?').run(unplayed);
    const first = await expectAsComputedAfresh();
    expect(first.tracks.length).toBeGreaterThan(5);
    expect(first.tracks.some((t) => t.breadth !== null)).toBe(true);
    const labels = new Set(first.tracks.map((t) => t.persona));

    const mostPlayed = db
      .prepare(
        `SELECT track_id FROM plays WHERE track_id IS NOT NULL AND skipped = 0
          GROUP BY track_id ORDER BY COUNT(*) DESC LIMIT 1`,
      )
      .pluck()
      .get() as number;
    const t0 = 1_950_000_000_000;
    const steps: [number, number, number][] = [
      [first.tracks[0]!.track.id, t0, 600_000], // the top recommendation, listened to
      [unplayed, t0 + 700_000, 600_000], // a track never played before
      [unplayed, t0 + 1_400_000, 600_000],
      [mostPlayed, t0 + 2_100_000, 600_000],
      [first.tracks[1]!.track.id, t0 + 2_800_000, 3_000], // a skip: nothing changes
      [first.tracks[1]!.track.id, t0 + 2_800_000, 600_000], // the same play, now listened
    ];
    // One state, followed play after play (not computed again).
    const loaded = await trainerOf(demo.engine).active.get();
    const state = listenerState(db, demo.engine.profileId, loaded);
    const computed = state.tracks.refreshed;
    let previous = first;
    for (const [trackId, at, ms] of steps) {
      play(trackId, at, ms);
      const now = await expectAsComputedAfresh();
      expect(listenerState(db, demo.engine.profileId, loaded)).toBe(state);
      expect(now.tracks.length).toBe(first.tracks.length);
      // The persona lines follow by the owners' rule, with the labels of the last full fold.
      for (const t of now.tracks) expect(labels.has(t.persona)).toBe(true);
      previous = now;
    }
    // The unplayed track is now part of the history: an explanation cites its two plays.
    const why = await demo.api['recommend.explain']({ trackId: unplayed });
    expect(why.because.find((b) => b.trackId === unplayed)?.plays).toBe(2);
    expect(previous).not.toBe(first);
    // Explanations computed afresh: only those of tracks that newly entered the list.
    const entered = new Set(previous.tracks.map((t) => t.track.id));
    for (const t of first.tracks) entered.delete(t.track.id);
    expect(state.tracks.refreshed - computed).toBeLessThanOrEqual(entered.size + steps.length);
  }, 60_000);
});
