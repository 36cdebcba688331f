import type { Db } from './connection';
import type { LibraryTrack } from '../history/match';

/** Counts an import reports and stores in `import_runs.counts`. */
export interface ImportCounts {
  /** Plays the file holds (non-music rows excluded). */
  rows: number;
  /** New plays stored and counted. */
  imported: number;
  /** Plays not counted: already stored by an earlier import, or the same listen from another source. */
  duplicates: number;
  matched: number;
  unmatched: number;
  /** Rows the format marks as not music (podcasts, audiobooks, videos), not stored. */
  dropped: number;
}

export function emptyCounts(): ImportCounts {
  return { rows: 0, imported: 0, duplicates: 0, matched: 0, unmatched: 0, dropped: 0 };
}

export interface NewPlay {
  profileId: number;
  playedAt: number;
  trackId: number | null;
  artist: string;
  title: string;
  album: string | null;
  source: string;
  sourceKey: string;
  msPlayed: number | null;
  skipped: boolean;
  reasonEnd: string | null;
  artistNorm: string;
  normKey: string;
  importRunId: number | null;
}

/** Plays from two sources this close (seconds), same normalised names, are one listen. */
export const SAME_LISTEN_S = 60;

/**
 * Prepared once per import: insert a play unless its (source, source_key) is stored already, and
 * flag it `duplicate_of` an earlier play of the same listen from another source.
 */
export function playWriter(db: Db) {
  const insert = db.prepare(
    `INSERT INTO plays (profile_id, played_at, track_id, artist, title, album, source, source_key,
                        ms_played, skipped, duplicate_of, import_run_id, artist_norm, norm_key, reason_end)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(source, source_key) DO NOTHING`,
  );
  const sameListen = db.prepare(
    `SELECT id FROM plays
      WHERE profile_id = ? AND norm_key = ? AND played_at BETWEEN ? AND ? AND source <> ?
        AND duplicate_of IS NULL
      ORDER BY abs(played_at - ?) LIMIT 1`,
  );
  const otherSources = db.prepare(
    'SELECT 1 FROM plays WHERE profile_id = ? AND source <> ? LIMIT 1',
  );
  return {
    /** False when nothing from another source is stored: duplicate lookups can be skipped. */
    hasOtherSources(profileId: number, source: string): boolean {
      return otherSources.get(profileId, source) !== undefined;
    },
    sameListen(play: NewPlay): number | null {
      const row = sameListen.get(
        play.profileId,
        play.normKey,
        play.playedAt - SAME_LISTEN_S,
        play.playedAt + SAME_LISTEN_S,
        play.source,
        play.playedAt,
      ) as { id: number } | undefined;
      return row?.id ?? null;
    },
    /** True when the play was new. */
    insert(play: NewPlay, duplicateOf: number | null): boolean {
      // Positional parameters: a million-row import spends a quarter of its time here.
      const p = play;
      return (
        insert.run(
          p.profileId,
          p.playedAt,
          p.trackId,
          p.artist,
          p.title,
          p.album,
          p.source,
          p.sourceKey,
          p.msPlayed,
          p.skipped ? 1 : 0,
          duplicateOf,
          p.importRunId,
          p.artistNorm,
          p.normKey,
          p.reasonEnd,
        ).changes === 1
      );
    },
  };
}

/**
 * A one-file import is one transaction; its new index pages stay dirty until COMMIT. SQLite's
 * default 2 MiB page cache then spills them to the WAL over and over, which made a million-row
 * import several times slower. 128 MiB holds a large export's pages; restored afterwards.
 * Returns the function that restores the previous size.
 */
export function useImportCache(db: Db, mib = 128): () => void {
  const previous = db.pragma('cache_size', { simple: true }) as number;
  db.pragma(`cache_size = ${-mib * 1024}`);
  return () => void db.pragma(`cache_size = ${previous}`);
}

export function libraryForMatching(db: Db): LibraryTrack[] {
  const rows = db
    .prepare(
      `SELECT id, title, artist, artists, album_artist AS albumArtist, album, duration_ms AS durationMs,
              mb_recording_id AS recording, mb_track_id AS track
         FROM tracks WHERE missing = 0`,
    )
    .all() as {
    id: number;
    title: string;
    artist: string;
    artists: string;
    albumArtist: string | null;
    album: string | null;
    durationMs: number | null;
    recording: string | null;
    track: string | null;
  }[];
  return rows.map((r) => {
    let credited: string[] = [];
    try {
      const parsed = JSON.parse(r.artists) as unknown;
      if (Array.isArray(parsed))
        credited = parsed.filter((a): a is string => typeof a === 'string');
    } catch {
      // A malformed artists column only loses the extra credits, never the track.
    }
    const other = [...credited, ...(r.albumArtist ? [r.albumArtist] : [])].filter(
      (a) => a !== r.artist,
    );
    return {
      id: r.id,
      title: r.title,
      artist: r.artist,
      otherArtists: other,
      album: r.album,
      durationMs: r.durationMs,
      mbids: [r.recording, r.track].filter((m): m is string => !!m),
    };
  });
}

/** The profile with this name, created when new. */
export function profileIdByName(db: Db, name: string): number {
  db.prepare(
    'INSERT INTO profiles (name, created_at) VALUES (?, ?) ON CONFLICT(name) DO NOTHING',
  ).run(name, Math.floor(Date.now() / 1000));
  return (db.prepare('SELECT id FROM profiles WHERE name = ?').get(name) as { id: number }).id;
}

export interface ImportRun {
  id: number;
  source: string;
  file: string | null;
  profileId: number;
  startedAt: number;
  finishedAt: number | null;
  status: 'running' | 'done' | 'failed' | 'cancelled';
  cursor: string | null;
  counts: Partial<ImportCounts> & { error?: string };
}

export function startRun(db: Db, source: string, file: string | null, profileId: number): number {
  return Number(
    db
      .prepare('INSERT INTO import_runs (source, file, profile_id, started_at) VALUES (?, ?, ?, ?)')
      .run(source, file, profileId, Math.floor(Date.now() / 1000)).lastInsertRowid,
  );
}

/**
 * Imports still marked running when an engine opens the database were cut off by a crash or a
 * kill: mark them failed so the history says so (a file's plays were all rolled back; a Last.fm
 * import resumes from its cursor, which `failed` runs keep).
 */
export function failInterruptedRuns(db: Db): number {
  return db
    .prepare(
      `UPDATE import_runs SET status = 'failed', finished_at = ?,
         counts = json_set(counts, '$.error', 'Interrupted: Encore stopped before this import finished.')
       WHERE status = 'running'`,
    )
    .run(Math.floor(Date.now() / 1000)).changes;
}

export function finishRun(
  db: Db,
  id: number,
  status: ImportRun['status'],
  counts: Partial<ImportCounts> & { error?: string },
): void {
  db.prepare('UPDATE import_runs SET status = ?, finished_at = ?, counts = ? WHERE id = ?').run(
    status,
    Math.floor(Date.now() / 1000),
    JSON.stringify(counts),
    id,
  );
}

export function saveCursor(
  db: Db,
  id: number,
  cursor: unknown,
  counts: Partial<ImportCounts>,
): void {
  db.prepare('UPDATE import_runs SET cursor = ?, counts = ? WHERE id = ?').run(
    JSON.stringify(cursor),
    JSON.stringify(counts),
    id,
  );
}

function toRun(r: Omit<ImportRun, 'counts'> & { counts: string }): ImportRun {
  return { ...r, counts: JSON.parse(r.counts) as ImportRun['counts'] };
}

const RUN_COLUMNS = `id, source, file, profile_id AS profileId, started_at AS startedAt,
  finished_at AS finishedAt, status, cursor, counts`;

/** The newest unfinished run of this source for this file/user (a crash leaves it 'running'). */
export function unfinishedRun(
  db: Db,
  source: string,
  file: string,
  profileId: number,
): ImportRun | null {
  const row = db
    .prepare(
      `SELECT ${RUN_COLUMNS} FROM import_runs
        WHERE source = ? AND file = ? AND profile_id = ? AND status IN ('running', 'cancelled', 'failed')
          AND cursor IS NOT NULL
          AND id > COALESCE((SELECT MAX(id) FROM import_runs
                              WHERE source = ? AND file = ? AND profile_id = ? AND status = 'done'), 0)
        ORDER BY id DESC LIMIT 1`,
    )
    .get(source, file, profileId, source, file, profileId) as
    (Omit<ImportRun, 'counts'> & { counts: string }) | undefined;
  return row ? toRun(row) : null;
}

export function listRuns(db: Db, limit: number): ImportRun[] {
  return (
    db
      .prepare(`SELECT ${RUN_COLUMNS} FROM import_runs ORDER BY id DESC LIMIT ?`)
      .all(limit) as (Omit<ImportRun, 'counts'> & { counts: string })[]
  ).map(toRun);
}

/** Newest play time already imported from a source for a profile (Last.fm's incremental `from`). */
export function newestPlayAt(db: Db, source: string, profileId: number): number | null {
  const row = db
    .prepare('SELECT MAX(played_at) AS t FROM plays WHERE source = ? AND profile_id = ?')
    .get(source, profileId) as { t: number | null };
  return row.t;
}
