import type { Db } from './connection';
import { getSetting } from './settings';

/**
 * Read-only queries behind the Stats and Import screens. Every query counts a listen once:
 * plays flagged `duplicate_of` (the same listen from a second source) are left out.
 * Ranges are UTC epoch seconds, `from` inclusive, `to` exclusive.
 */
export interface Range {
  from?: number;
  to?: number;
}

const WEEK_S = 7 * 86_400;
/** 1970-01-01 was a Thursday; Monday-based weeks start 3 days before each Thursday. */
const MONDAY_OFFSET_S = 3 * 86_400;

function bounds(range: Range): [number, number] {
  return [range.from ?? 0, range.to ?? Number.MAX_SAFE_INTEGER];
}

export interface WeekCount {
  /** UTC epoch seconds of the Monday 00:00 (shifted by the offset) that starts the week. */
  weekStart: number;
  plays: number;
}

/**
 * Plays per week; `tzOffsetS` shifts week boundaries to the listener's local midnight. Offsets are
 * bound as BigInt: better-sqlite3 binds JS numbers as REAL, which would turn `/` into real division.
 */
export function playsPerWeek(
  db: Db,
  profileId: number,
  range: Range = {},
  tzOffsetS = 0,
): WeekCount[] {
  const [from, to] = bounds(range);
  return db
    .prepare(
      `SELECT ((played_at + @shift) / ${WEEK_S}) * ${WEEK_S} - @shift AS weekStart,
              COUNT(*) AS plays
         FROM plays
        WHERE profile_id = @profileId AND duplicate_of IS NULL AND played_at >= @from AND played_at < @to
        GROUP BY 1 ORDER BY 1`,
    )
    .all({
      profileId,
      from,
      to,
      shift: BigInt(Math.trunc(tzOffsetS) + MONDAY_OFFSET_S),
    }) as WeekCount[];
}

export interface TopArtist {
  artist: string;
  plays: number;
}
export interface TopTrack {
  artist: string;
  title: string;
  trackId: number | null;
  plays: number;
}
export interface TopAlbum {
  artist: string;
  album: string;
  plays: number;
}

export interface TopLists {
  artists: TopArtist[];
  tracks: TopTrack[];
  albums: TopAlbum[];
}

/** Most played artists; names are grouped by their normalised form, shown as most often written. */
export function topArtists(db: Db, profileId: number, range: Range, limit: number): TopArtist[] {
  const [from, to] = bounds(range);
  return db
    .prepare(
      `SELECT MAX(artist) AS artist, COUNT(*) AS plays
         FROM plays
        WHERE profile_id = ? AND duplicate_of IS NULL AND played_at >= ? AND played_at < ?
        GROUP BY COALESCE(artist_norm, lower(artist))
        ORDER BY plays DESC, artist LIMIT ?`,
    )
    .all(profileId, from, to, limit) as TopArtist[];
}

export function topTracks(db: Db, profileId: number, range: Range, limit: number): TopTrack[] {
  const [from, to] = bounds(range);
  return db
    .prepare(
      `SELECT MAX(artist) AS artist, MAX(title) AS title, MAX(track_id) AS trackId, COUNT(*) AS plays
         FROM plays
        WHERE profile_id = ? AND duplicate_of IS NULL AND played_at >= ? AND played_at < ?
        GROUP BY COALESCE('#' || track_id, norm_key, lower(artist || char(31) || title))
        ORDER BY plays DESC, artist, title LIMIT ?`,
    )
    .all(profileId, from, to, limit) as TopTrack[];
}

export function topAlbums(db: Db, profileId: number, range: Range, limit: number): TopAlbum[] {
  const [from, to] = bounds(range);
  return db
    .prepare(
      `SELECT MAX(p.artist) AS artist, MAX(COALESCE(t.album, p.album)) AS album, COUNT(*) AS plays
         FROM plays p LEFT JOIN tracks t ON t.id = p.track_id
        WHERE p.profile_id = ? AND p.duplicate_of IS NULL AND p.played_at >= ? AND p.played_at < ?
          AND COALESCE(t.album, p.album) IS NOT NULL
        GROUP BY COALESCE('#' || t.album_id, lower(COALESCE(p.artist_norm, p.artist) || char(31) || p.album))
        ORDER BY plays DESC, album LIMIT ?`,
    )
    .all(profileId, from, to, limit) as TopAlbum[];
}

export interface HeatCell {
  /** 0 = Monday … 6 = Sunday. */
  weekday: number;
  hour: number;
  plays: number;
}

/** Listening by hour of day × weekday, in the listener's local time (offset in seconds). */
export function hourWeekdayHeatmap(
  db: Db,
  profileId: number,
  range: Range = {},
  tzOffsetS = 0,
): HeatCell[] {
  const [from, to] = bounds(range);
  return db
    .prepare(
      `SELECT ((played_at + @tz) / 86400 + 3) % 7 AS weekday, ((played_at + @tz) % 86400) / 3600 AS hour,
              COUNT(*) AS plays
         FROM plays
        WHERE profile_id = @profileId AND duplicate_of IS NULL AND played_at >= @from AND played_at < @to
        GROUP BY 1, 2 ORDER BY 1, 2`,
    )
    .all({ profileId, from, to, tz: BigInt(Math.trunc(tzOffsetS)) }) as HeatCell[];
}

export interface DiscoveryPoint {
  /** UTC epoch seconds of the first day of the month. */
  monthStart: number;
  /** Artists heard for the first time that month. */
  newArtists: number;
  plays: number;
}

/** New-artist discovery per month: artists whose first ever play falls in that month. */
export function discovery(db: Db, profileId: number, range: Range = {}): DiscoveryPoint[] {
  const [from, to] = bounds(range);
  return db
    .prepare(
      `WITH firsts AS (
         SELECT MIN(played_at) AS first FROM plays
          WHERE profile_id = @profileId AND duplicate_of IS NULL
          GROUP BY COALESCE(artist_norm, lower(artist))
       ), months AS (
         SELECT CAST(strftime('%s', played_at, 'unixepoch', 'start of month') AS INTEGER) AS m, COUNT(*) AS plays
           FROM plays
          WHERE profile_id = @profileId AND duplicate_of IS NULL AND played_at >= @from AND played_at < @to
          GROUP BY 1
       )
       SELECT months.m AS monthStart,
              (SELECT COUNT(*) FROM firsts
                WHERE CAST(strftime('%s', first, 'unixepoch', 'start of month') AS INTEGER) = months.m) AS newArtists,
              months.plays AS plays
         FROM months ORDER BY months.m`,
    )
    .all({ profileId, from, to }) as DiscoveryPoint[];
}

/** Artists most played that have no matching file: the "missing from your library" list. */
export function unmatchedTopArtists(db: Db, profileId: number, limit: number): TopArtist[] {
  return db
    .prepare(
      `SELECT MAX(artist) AS artist, COUNT(*) AS plays
         FROM plays
        WHERE profile_id = ? AND duplicate_of IS NULL AND track_id IS NULL
        GROUP BY COALESCE(artist_norm, lower(artist))
        ORDER BY plays DESC, artist LIMIT ?`,
    )
    .all(profileId, limit) as TopArtist[];
}

export const SESSION_GAP_SETTING = 'history.sessionGapMinutes';
export const DEFAULT_SESSION_GAP_MIN = 30;

export function sessionGapS(db: Db): number {
  const minutes = getSetting<number>(db, SESSION_GAP_SETTING, DEFAULT_SESSION_GAP_MIN);
  return (Number.isFinite(minutes) && minutes > 0 ? minutes : DEFAULT_SESSION_GAP_MIN) * 60;
}

export interface SessionPlay {
  playId: number;
  playedAt: number;
  trackId: number | null;
  /** 0-based session number in time order; a gap longer than the setting starts the next. */
  session: number;
}

/**
 * The session of each play, given in time order: a gap longer than `gapS` since the one before
 * starts the next session (0-based). Cut in JavaScript over plays read in index order
 * (plays_profile_time): SQL window functions sorted every play twice into temporary b-trees,
 * 34 s at 3,000,000 plays.
 */
export function sessionCutter(gapS: number): (playedAt: number) => number {
  let session = 0;
  let last: number | null = null;
  return (playedAt) => {
    if (last !== null && playedAt - last > gapS) session++;
    last = playedAt;
    return session;
  };
}

/**
 * Plays with their listening session (DESIGN.md: sessions are the rows of the training
 * matrices). Derived rather than stored so changing the gap setting or importing older history
 * never leaves stale session ids behind.
 */
export function sessionPlays(db: Db, profileId: number, range: Range = {}): SessionPlay[] {
  const [from, to] = bounds(range);
  const sessionOf = sessionCutter(sessionGapS(db));
  const rows = db
    .prepare(
      `SELECT id AS playId, played_at AS playedAt, track_id AS trackId
         FROM plays
        WHERE profile_id = @profileId AND duplicate_of IS NULL AND played_at >= @from AND played_at < @to
        ORDER BY played_at, id`,
    )
    .all({ profileId, from, to }) as Omit<SessionPlay, 'session'>[];
  return rows.map((p) => ({ ...p, session: sessionOf(p.playedAt) }));
}

export interface SessionSummary {
  sessions: number;
  plays: number;
  medianPlays: number;
}

export function sessionSummary(db: Db, profileId: number, range: Range = {}): SessionSummary {
  const plays = sessionPlays(db, profileId, range);
  const sizes: number[] = [];
  for (const p of plays) sizes[p.session] = (sizes[p.session] ?? 0) + 1;
  sizes.sort((a, b) => a - b);
  return {
    sessions: sizes.length,
    plays: plays.length,
    medianPlays: sizes.length ? sizes[Math.floor(sizes.length / 2)]! : 0,
  };
}
