import type { Db } from './connection';
import { dataVersion, noteRecordedPlay } from './data-memo';

export interface PlayRow {
  id: number;
  playedAt: number;
  trackId: number | null;
  artist: string;
  title: string;
  album: string | null;
  source: string;
  msPlayed: number | null;
  skipped: boolean;
}

/**
 * Last.fm's scrobble rule, reversed: a play counts as listened when at least half the track or
 * four minutes were heard; anything shorter is a skip.
 */
export function isSkip(msPlayed: number, durationMs: number | null): boolean {
  const half = durationMs && durationMs > 0 ? durationMs / 2 : Infinity;
  return msPlayed < half && msPlayed < 240_000;
}

export interface AppPlay {
  profileId: number;
  trackId: number;
  startedAtMs: number;
  msPlayed: number;
}

/** Records a play made in Encore's own player. Idempotent per (track, start time). */
export function recordAppPlay(db: Db, play: AppPlay): { id: number; skipped: boolean } {
  const track = db
    .prepare('SELECT title, artist, album, duration_ms AS durationMs FROM tracks WHERE id = ?')
    .get(play.trackId) as
    { title: string; artist: string; album: string | null; durationMs: number | null } | undefined;
  if (!track) throw new Error(`No track with id ${play.trackId}.`);
  const skipped = isSkip(play.msPlayed, track.durationMs);
  const playedAt = Math.floor(play.startedAtMs / 1000);
  const sourceKey = `${play.trackId}@${play.startedAtMs}`;
  const row = db.prepare(
    `SELECT id, skipped, duplicate_of IS NULL AND skipped = 0 AS listened,
            COALESCE(artist_norm, lower(artist)) AS artistKey
       FROM plays WHERE source = 'app' AND source_key = ?`,
  );
  type Row = { id: number; skipped: number; listened: number; artistKey: string };
  const before = row.get(sourceKey) as Row | undefined;
  const from = dataVersion(db);
  db.prepare(
    `INSERT INTO plays (profile_id, played_at, track_id, artist, title, album, source, source_key, ms_played, skipped)
     VALUES (?, ?, ?, ?, ?, ?, 'app', ?, ?, ?)
     ON CONFLICT(source, source_key) DO UPDATE SET ms_played = MAX(ms_played, excluded.ms_played),
       skipped = excluded.skipped`,
  ).run(
    play.profileId,
    playedAt,
    play.trackId,
    track.artist,
    track.title,
    track.album,
    sourceKey,
    play.msPlayed,
    skipped ? 1 : 0,
  );
  const to = dataVersion(db);
  const after = row.get(sourceKey) as Row;
  // What the memos that follow plays need (data-memo.ts): For You and the radio then update their
  // counts instead of grouping the whole history again.
  noteRecordedPlay(db, from, to, {
    profileId: play.profileId,
    trackId: play.trackId,
    artistKey: after.artistKey,
    listened: (after.listened - (before?.listened ?? 0)) as -1 | 0 | 1,
  });
  return { id: after.id, skipped: !!after.skipped };
}

export function recentPlays(db: Db, profileId: number, limit: number): PlayRow[] {
  return (
    db
      .prepare(
        `SELECT id, played_at AS playedAt, track_id AS trackId, artist, title, album, source,
                ms_played AS msPlayed, skipped
           FROM plays WHERE profile_id = ? AND duplicate_of IS NULL
          ORDER BY played_at DESC, id DESC LIMIT ?`,
      )
      .all(profileId, limit) as (Omit<PlayRow, 'skipped'> & { skipped: number })[]
  ).map((r) => ({ ...r, skipped: !!r.skipped }));
}
