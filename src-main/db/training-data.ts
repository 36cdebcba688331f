import type { Db } from './connection';
import { LayeredMap } from './layered-map';
import { memoFollowingPlays, type PlayChange } from './data-memo';
import { sessionCutter, sessionGapS } from './history-stats';

/**
 * One play as the training matrices see it. Duplicates (the same listen from two sources) are
 * already gone; skips are kept here so that they still shape sessions, and left out of the counts
 * by `src-main/training/matrices.ts`.
 */
export interface TrainingPlay {
  playId: number;
  /** 0-based listening session (gap setting of history-stats). */
  session: number;
  /** The library track, or null for a play that matched nothing in the library. */
  trackId: number | null;
  /** Normalised artist name (history/normalize), the artist-level matrix's column key. */
  artistKey: string;
  /** The artist as the source wrote it, for display. */
  artist: string;
  skipped: boolean;
}

/**
 * Every non-duplicate play of a profile with its session, in time order. One query in index
 * order, cut into sessions as history-stats' `sessionPlays` (`sessionCutter`, same gap setting),
 * read row by row as arrays, with artist names interned: at 3,000,000 plays, three objects and
 * two fresh strings per play were most of a training job's peak memory (docs/scale.md).
 */
export function trainingPlays(db: Db, profileId: number): TrainingPlay[] {
  const names = new Map<string, string>();
  const intern = (s: string) => {
    const hit = names.get(s);
    if (hit !== undefined) return hit;
    names.set(s, s);
    return s;
  };
  const rows = db
    .prepare(
      `SELECT id, played_at, track_id, COALESCE(artist_norm, lower(artist)) AS artistKey, artist,
              skipped
         FROM plays
        WHERE profile_id = @profileId AND duplicate_of IS NULL
        ORDER BY played_at, id`,
    )
    .raw(true);
  const sessionOf = sessionCutter(sessionGapS(db));
  const out: TrainingPlay[] = [];
  for (const row of rows.iterate({ profileId })) {
    const [playId, playedAt, trackId, artistKey, artist, skipped] = row as [
      number,
      number,
      number | null,
      string,
      string,
      number,
    ];
    out.push({
      playId,
      session: sessionOf(playedAt),
      trackId,
      artistKey: intern(artistKey),
      artist: intern(artist),
      skipped: skipped === 1,
    });
  }
  return out;
}

/** Listened (non-skipped, non-duplicate) plays per library track: the listener's whole history. */
export function profileTrackCounts(db: Db, profileId: number): ReadonlyMap<number, number> {
  return memoFollowingPlays<ReadonlyMap<number, number>>(
    db,
    `profileTrackCounts:${profileId}`,
    () => {
      const rows = db
        .prepare(
          `SELECT track_id AS trackId, COUNT(*) AS plays FROM plays
          WHERE profile_id = ? AND duplicate_of IS NULL AND skipped = 0 AND track_id IS NOT NULL
          GROUP BY track_id`,
        )
        .all(profileId) as { trackId: number; plays: number }[];
      return new Map(rows.map((r) => [r.trackId, r.plays]));
    },
    (counts, changes) => countsFollowing(counts, changes, profileId, (c) => c.trackId ?? undefined),
  );
}

/** `counts` with the listened plays among `changes` added or taken away, keyed by `keyOf`. */
function countsFollowing<K>(
  counts: ReadonlyMap<K, number>,
  changes: readonly PlayChange[],
  profileId: number,
  keyOf: (change: PlayChange) => K | undefined,
): ReadonlyMap<K, number> {
  const relevant = changes.filter(
    (c) => c.profileId === profileId && c.listened !== 0 && keyOf(c) !== undefined,
  );
  if (relevant.length === 0) return counts;
  // Layered: one play changes one entry of a map with 150,000 (layered-map.ts).
  const next = new Map<K, number | undefined>();
  const layered = LayeredMap.over(counts);
  for (const c of relevant) {
    const key = keyOf(c)!;
    const n = (next.has(key) ? (next.get(key) ?? 0) : (layered.get(key) ?? 0)) + c.listened;
    next.set(key, n > 0 ? n : undefined);
  }
  return layered.with(next);
}

/** Listened plays per normalised artist name, unmatched plays included. */
export function profileArtistCounts(db: Db, profileId: number): ReadonlyMap<string, number> {
  return memoFollowingPlays<ReadonlyMap<string, number>>(
    db,
    `profileArtistCounts:${profileId}`,
    () => {
      const rows = db
        .prepare(
          `SELECT COALESCE(artist_norm, lower(artist)) AS artistKey, COUNT(*) AS plays FROM plays
          WHERE profile_id = ? AND duplicate_of IS NULL AND skipped = 0
          GROUP BY artistKey`,
        )
        .all(profileId) as { artistKey: string; plays: number }[];
      return new Map(rows.map((r) => [r.artistKey, r.plays]));
    },
    (counts, changes) => countsFollowing(counts, changes, profileId, (c) => c.artistKey),
  );
}

/** Listened, non-skipped plays counted since a play id: what auto-training waits for. */
export function listenedPlaysAfter(db: Db, profileId: number, afterPlayId: number): number {
  return db
    .prepare(
      `SELECT COUNT(*) FROM plays
        WHERE profile_id = ? AND id > ? AND duplicate_of IS NULL AND skipped = 0`,
    )
    .pluck()
    .get(profileId, afterPlayId) as number;
}

export function lastPlayId(db: Db): number {
  return (db.prepare('SELECT COALESCE(MAX(id), 0) FROM plays').pluck().get() as number) ?? 0;
}

export interface CandidateTrack {
  id: number;
  title: string;
  artist: string;
  album: string | null;
  durationMs: number | null;
  missing: boolean;
}

/** Library tracks by id (the columns a model can recommend), missing files flagged. */
/**
 * `candidateTracks` of every id of a model (its `trackIds`), kept across recorded plays, which
 * change no column read here: at 200,000 tracks it is a second of point reads. One per
 * connection: another model's ids replace it.
 */
export function allCandidateTracks(
  db: Db,
  ids: ArrayLike<number>,
): ReadonlyMap<number, CandidateTrack> {
  return memoFollowingPlays(
    db,
    'allCandidateTracks',
    () => ({ ids, info: everyCandidate(db, ids) as ReadonlyMap<number, CandidateTrack> }),
    (value) => value,
    (value) => value.ids === ids,
  ).info;
}

/** `candidateTracks` of many ids: one scan of the tracks beats as many point reads (2.2 → 0.3 s). */
function everyCandidate(db: Db, ids: ArrayLike<number>): Map<number, CandidateTrack> {
  if (ids.length < 10_000) return candidateTracks(db, Array.from(ids));
  const wanted = new Set(Array.from(ids));
  const out = new Map<number, CandidateTrack>();
  const rows = db
    .prepare(`SELECT id, title, artist, album, duration_ms AS durationMs, missing FROM tracks`)
    .iterate() as IterableIterator<Omit<CandidateTrack, 'missing'> & { missing: number }>;
  for (const t of rows) if (wanted.has(t.id)) out.set(t.id, { ...t, missing: t.missing === 1 });
  return out;
}

export function candidateTracks(db: Db, ids: readonly number[]): Map<number, CandidateTrack> {
  const get = db.prepare(
    `SELECT id, title, artist, album, duration_ms AS durationMs, missing FROM tracks WHERE id = ?`,
  );
  const out = new Map<number, CandidateTrack>();
  for (const id of ids) {
    const t = get.get(id) as (Omit<CandidateTrack, 'missing'> & { missing: number }) | undefined;
    if (t) out.set(id, { ...t, missing: t.missing === 1 });
  }
  return out;
}

/** The display artists of the library's present tracks (to tell "outside your library" apart). */
export function libraryArtistNames(db: Db): string[] {
  return db
    .prepare('SELECT DISTINCT artist FROM tracks WHERE missing = 0')
    .pluck()
    .all() as string[];
}
