// History-derived state that follows the plays the app records (data-memo.ts memoFollowingPlays):
// after each recorded play the counts are updated, not grouped again, and always equal a fresh
// GROUP BY over the plays; any other write, another connection's commit or a transaction makes
// them start over. On the demo library's real database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../src-main/db/connection';
import { recordAppPlay } from '../../src-main/db/plays';
import {
  allCandidateTracks,
  profileArtistCounts,
  profileTrackCounts,
} from '../../src-main/db/training-data';
import { openDemoEngine, type DemoEngine } from './demo-engine';

let demo: DemoEngine;
let db: Db;
let profileId: number;
let tracks: number[];

beforeAll(async () => {
  demo = await openDemoEngine('memo-plays');
  db = demo.engine.db;
  profileId = demo.engine.profileId;
  tracks = db.prepare('SELECT id FROM tracks ORDER BY id').pluck().all() as number[];
}, 60_000);

afterAll(() => demo.close());

function groupedTracks(): Map<number, number> {
  const rows = db
    .prepare(
      `SELECT track_id AS id, COUNT(*) AS n FROM plays WHERE profile_id = ? AND duplicate_of IS NULL
        AND skipped = 0 AND track_id IS NOT NULL GROUP BY track_id`,
    )
    .all(profileId) as { id: number; n: number }[];
  return new Map(rows.map((r) => [r.id, r.n]));
}

function groupedArtists(): Map<string, number> {
  const rows = db
    .prepare(
      `SELECT COALESCE(artist_norm, lower(artist)) AS k, COUNT(*) AS n FROM plays
        WHERE profile_id = ? AND duplicate_of IS NULL AND skipped = 0 GROUP BY k`,
    )
    .all(profileId) as { k: string; n: number }[];
  return new Map(rows.map((r) => [r.k, r.n]));
}

function expectFresh(): void {
  expect(new Map(profileTrackCounts(db, profileId))).toEqual(groupedTracks());
  expect(new Map(profileArtistCounts(db, profileId))).toEqual(groupedArtists());
}

const play = (trackId: number, startedAtMs: number, msPlayed: number) =>
  recordAppPlay(db, { profileId, trackId, startedAtMs, msPlayed });

describe('counts that follow recorded plays', () => {
  it('add a listened play, ignore a skip, and follow a play whose skip status flips', () => {
    expectFresh();
    const before = profileTrackCounts(db, profileId);
    const t = tracks[0]!;
    play(t, 1_900_000_000_000, 600_000);
    const after = profileTrackCounts(db, profileId);
    expect(after).not.toBe(before);
    expect(after.get(t)).toBe((before.get(t) ?? 0) + 1);
    expectFresh();

    // A skip changes no count: the very same map comes back (followed, not grouped again).
    play(tracks[1]!, 1_900_000_100_000, 3_000);
    expect(profileTrackCounts(db, profileId)).toBe(after);
    expectFresh();

    // The player reports the same play again as it goes on: skipped at 3 s, listened at 10 min.
    play(tracks[1]!, 1_900_000_100_000, 600_000);
    expect(profileTrackCounts(db, profileId).get(tracks[1]!)).toBe(groupedTracks().get(tracks[1]!));
    expectFresh();
    // And back (a shorter report keeps the longest time played, so this stays listened).
    play(tracks[1]!, 1_900_000_100_000, 2_000);
    expectFresh();
  });

  it('bridge several plays in a row, and keep the library metadata across them', () => {
    const info = allCandidateTracks(db, tracks);
    expectFresh();
    for (let i = 0; i < 5; i++) play(tracks[i % 3]!, 1_900_001_000_000 + i * 300_000, 500_000);
    expectFresh();
    expect(allCandidateTracks(db, tracks)).toBe(info);
    // Another model's ids are another list.
    expect(allCandidateTracks(db, tracks.slice(1))).not.toBe(info);
  });

  it('start over after any other write, another connection’s commit, or a transaction', () => {
    expectFresh();
    const counts = profileTrackCounts(db, profileId);
    db.prepare(
      `INSERT INTO plays (profile_id, played_at, track_id, artist, title, source, source_key, skipped)
       SELECT ?, 1900002000, id, artist, title, 'test', 'direct-1', 0 FROM tracks WHERE id = ?`,
    ).run(profileId, tracks[2]);
    expect(profileTrackCounts(db, profileId)).not.toBe(counts);
    expectFresh();

    const other = openDb(demo.dbPath);
    try {
      other
        .prepare(
          `INSERT INTO plays (profile_id, played_at, track_id, artist, title, source, source_key, skipped)
           SELECT ?, 1900002100, id, artist, title, 'test', 'other-1', 0 FROM tracks WHERE id = ?`,
        )
        .run(profileId, tracks[3]);
      play(tracks[3]!, 1_900_002_200_000, 600_000);
      expectFresh();
    } finally {
      other.close();
    }

    db.exec('BEGIN');
    play(tracks[4]!, 1_900_002_300_000, 600_000);
    db.exec('ROLLBACK');
    expectFresh();
    play(tracks[4]!, 1_900_002_400_000, 600_000);
    expectFresh();
  });
});
