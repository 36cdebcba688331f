import type { Db } from './connection';

/** One listened play of a library track, with when it happened in the listener's local time. */
export interface TimedPlay {
  trackId: number;
  /** 0 = Monday … 6 = Sunday (as history-stats' heatmap). */
  weekday: number;
  hour: number;
  /** UTC epoch seconds of the first day of the (local) month. */
  monthStart: number;
}

/**
 * Every listened play of a library track with its local hour, weekday and month: what the
 * Personas screen needs for "Weekday mornings" labels and each persona's share over time.
 */
export function timedTrackPlays(db: Db, profileId: number, tzOffsetS = 0): TimedPlay[] {
  return db
    .prepare(
      `SELECT track_id AS trackId,
              ((played_at + @tz) / 86400 + 3) % 7 AS weekday,
              ((played_at + @tz) % 86400) / 3600 AS hour,
              CAST(strftime('%s', played_at + @tz, 'unixepoch', 'start of month') AS INTEGER) AS monthStart
         FROM plays
        WHERE profile_id = @profileId AND duplicate_of IS NULL AND skipped = 0
          AND track_id IS NOT NULL
        ORDER BY played_at`,
    )
    .all({ profileId, tz: BigInt(Math.trunc(tzOffsetS)) }) as TimedPlay[];
}

export interface TrackTaste {
  title: string;
  artist: string;
  genre: string | null;
  missing: boolean;
}

/** Artist and genre of every library track, for persona labels and the artist map. */
export function trackTastes(db: Db): Map<number, TrackTaste> {
  const rows = db.prepare(`SELECT id, title, artist, genre, missing FROM tracks`).all() as {
    id: number;
    title: string;
    artist: string;
    genre: string | null;
    missing: number;
  }[];
  return new Map(
    rows.map((r) => [
      r.id,
      { title: r.title, artist: r.artist, genre: r.genre, missing: r.missing === 1 },
    ]),
  );
}
