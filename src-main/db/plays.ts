import type { Db } from './connection';

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
  const id = db
    .prepare(`SELECT id, skipped FROM plays WHERE source = 'app' AND source_key = ?`)
    .get(sourceKey) as { id: number; skipped: number };
  return { id: id.id, skipped: !!id.skipped };
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
