import type { Db } from './connection';
import { nameKey, VARIOUS_ARTISTS } from '../library/names';

/** What the scanner learned about one file; written by `upsertTracks`. */
export interface TrackRecord {
  path: string;
  folderId: number | null;
  size: number;
  mtimeMs: number;
  title: string;
  artist: string;
  artists: string[];
  album: string | null;
  albumArtist: string | null;
  trackNo: number | null;
  trackTotal: number | null;
  discNo: number | null;
  discTotal: number | null;
  year: number | null;
  genre: string | null;
  durationMs: number | null;
  codec: string | null;
  container: string | null;
  bitrate: number | null;
  sampleRate: number | null;
  compilation: boolean;
  mbRecordingId: string | null;
  mbTrackId: string | null;
  mbAlbumId: string | null;
  mbArtistId: string | null;
}

/** A row of the track list, as the UI shows it. */
export interface TrackRow {
  id: number;
  title: string;
  artist: string;
  album: string | null;
  albumArtist: string | null;
  artistId: number | null;
  albumId: number | null;
  trackNo: number | null;
  discNo: number | null;
  year: number | null;
  genre: string | null;
  durationMs: number | null;
  codec: string | null;
  bitrate: number | null;
  addedAt: number;
  plays: number;
}

export interface TrackDetail extends TrackRow {
  path: string;
  size: number;
  container: string | null;
  sampleRate: number | null;
  artists: string[];
  compilation: boolean;
  missing: boolean;
  mbRecordingId: string | null;
  mbAlbumId: string | null;
  mbArtistId: string | null;
}

export type TrackSort = 'title' | 'artist' | 'album' | 'year' | 'duration' | 'added' | 'plays';

export interface TrackQuery {
  query?: string;
  sort?: TrackSort;
  dir?: 'asc' | 'desc';
  offset?: number;
  limit?: number;
  artistId?: number;
  albumId?: number;
}

const SORT_SQL: Record<TrackSort, string[]> = {
  title: ['t.title COLLATE NOCASE'],
  artist: ['t.artist COLLATE NOCASE', 't.album COLLATE NOCASE', 't.disc_no', 't.track_no'],
  album: ['t.album COLLATE NOCASE', 't.disc_no', 't.track_no'],
  year: ['t.year'],
  duration: ['t.duration_ms'],
  added: ['t.added_at'],
  plays: ['t.play_count'],
};

const ROW_COLUMNS = `t.id, t.title, t.artist, t.album, t.album_artist AS albumArtist, t.artist_id AS artistId,
  t.album_id AS albumId, t.track_no AS trackNo, t.disc_no AS discNo, t.year, t.genre,
  t.duration_ms AS durationMs, t.codec, t.bitrate, t.added_at AS addedAt, t.play_count AS plays`;

/**
 * Above this many matches a page is read by walking the sort order's index (migration 004) and
 * keeping the entries whose id matched: ~200 / density entries. Below it, sorting the matches
 * is cheaper, and walking could cross the whole index to reach a few clustered matches.
 */
const WALK_ABOVE = 2000;

/** Quotes a user's search so FTS5 treats it as literal text (its own syntax is not exposed). */
function ftsPhrase(q: string): string {
  return '"' + q.replace(/"/g, '""') + '"';
}

/**
 * A search's text as FTS5 queries: words of three characters or more match anywhere through the
 * trigram index; shorter ones, which no trigram holds, match the start of a word through the word
 * index ("a" finds "Army of Me"). `null` when a short word has no letter or digit, which no word
 * index entry can start with. Either way the user's text is literal, never syntax.
 */
function textMatch(text: string): { trigram?: string; words?: string } | null {
  const words = text.split(/\s+/).filter((w) => w.length > 0);
  const long = words.filter((w) => [...w].length >= 3);
  const short = words.filter((w) => [...w].length < 3);
  if (short.some((w) => !/[\p{L}\p{N}]/u.test(w))) return null;
  return {
    ...(long.length > 0 && { trigram: long.map(ftsPhrase).join(' AND ') }),
    ...(short.length > 0 && { words: short.map((w) => ftsPhrase(w) + '*').join(' AND ') }),
  };
}

export function queryTracks(db: Db, q: TrackQuery): { total: number; rows: TrackRow[] } {
  const match = textMatch(q.query?.trim() ?? '');
  if (match === null) return { total: 0, rows: [] };
  const params: Record<string, unknown> = {};
  // The id tests, written twice: `t.id IN` lets SQLite fetch the matches by id and sort them;
  // `+t.id IN` stops it, so that it walks the sort index instead (see WALK_ABOVE).
  const idTests: string[] = [];
  if (match.trigram !== undefined) {
    idTests.push('t.id IN (SELECT rowid FROM tracks_fts WHERE tracks_fts MATCH @trigram)');
    params.trigram = match.trigram;
  }
  if (match.words !== undefined) {
    idTests.push(
      't.id IN (SELECT rowid FROM tracks_fts_words WHERE tracks_fts_words MATCH @words)',
    );
    params.words = match.words;
  }
  const filters: string[] = [];
  if (q.artistId !== undefined) {
    filters.push(
      '(t.artist_id = @artistId OR t.album_id IN (SELECT id FROM albums WHERE artist_id = @artistId))',
    );
    params.artistId = q.artistId;
  }
  if (q.albumId !== undefined) {
    filters.push('t.album_id = @albumId');
    params.albumId = q.albumId;
  }
  const where = (walk: boolean) =>
    ['t.missing = 0', ...filters, ...idTests.map((s) => (walk ? '+' + s : s))].join(' AND ');

  const total =
    filters.length > 0
      ? (db
          .prepare(`SELECT COUNT(*) FROM tracks t WHERE ${where(false)}`)
          .pluck()
          .get(params) as number)
      : countMatches(db, match, idTests, params);
  const dir = q.dir === 'desc' ? 'DESC' : 'ASC';
  const order = SORT_SQL[q.sort ?? 'artist'].map((c) => `${c} ${dir}`).join(', ');
  // Page the ids first, then read the page's columns.
  const ids = db
    .prepare(
      `SELECT t.id FROM tracks t WHERE ${where(total > WALK_ABOVE)}
        ORDER BY ${order}, t.id ${dir} LIMIT @limit OFFSET @offset`,
    )
    .pluck()
    .all({ ...params, limit: q.limit ?? 200, offset: q.offset ?? 0 }) as number[];
  const byId = new Map(
    (
      db
        .prepare(
          `SELECT ${ROW_COLUMNS} FROM tracks t WHERE t.id IN (SELECT value FROM json_each(?))`,
        )
        .all(JSON.stringify(ids)) as TrackRow[]
    ).map((r) => [r.id, r]),
  );
  const rows = ids.map((id) => byId.get(id)!);
  return { total, rows };
}

/**
 * How many shown tracks match, counted in the search indexes (52,000 matches: 6 ms) rather than
 * by reading each match's row (30 ms), less the matches among the few missing tracks.
 */
function countMatches(
  db: Db,
  match: { trigram?: string; words?: string },
  idTests: string[],
  params: Record<string, unknown>,
): number {
  const indexed =
    match.trigram !== undefined && match.words !== undefined
      ? `SELECT COUNT(*) FROM tracks_fts WHERE tracks_fts MATCH @trigram
           AND rowid IN (SELECT rowid FROM tracks_fts_words WHERE tracks_fts_words MATCH @words)`
      : match.trigram !== undefined
        ? 'SELECT COUNT(*) FROM tracks_fts WHERE tracks_fts MATCH @trigram'
        : match.words !== undefined
          ? 'SELECT COUNT(*) FROM tracks_fts_words WHERE tracks_fts_words MATCH @words'
          : 'SELECT COUNT(*) FROM tracks';
  const all = db.prepare(indexed).pluck().get(params) as number;
  const missing = db
    .prepare('SELECT COUNT(*) FROM tracks INDEXED BY tracks_missing WHERE missing = 1')
    .pluck()
    .get() as number;
  if (missing === 0) return all;
  const gone = db
    .prepare(
      `SELECT COUNT(*) FROM tracks t INDEXED BY tracks_missing WHERE ${['t.missing = 1', ...idTests].join(' AND ')}`,
    )
    .pluck()
    .get(params) as number;
  return all - gone;
}

export function trackById(db: Db, id: number): TrackDetail | undefined {
  const row = db
    .prepare(
      `SELECT ${ROW_COLUMNS}, t.path, t.size, t.container, t.sample_rate AS sampleRate, t.artists,
              t.compilation, t.missing, t.mb_recording_id AS mbRecordingId, t.mb_album_id AS mbAlbumId,
              t.mb_artist_id AS mbArtistId
         FROM tracks t WHERE t.id = ?`,
    )
    .get(id) as
    | (Omit<TrackDetail, 'artists' | 'compilation' | 'missing'> & {
        artists: string;
        compilation: number;
        missing: number;
      })
    | undefined;
  if (!row) return undefined;
  return {
    ...row,
    artists: JSON.parse(row.artists) as string[],
    compilation: !!row.compilation,
    missing: !!row.missing,
  };
}

/** path → (id, size, mtime) for every known track under a folder, for incremental rescans. */
export function knownFiles(
  db: Db,
  folderId: number,
): Map<string, { id: number; size: number; mtimeMs: number; missing: boolean }> {
  const rows = db
    .prepare('SELECT id, path, size, mtime_ms AS mtimeMs, missing FROM tracks WHERE folder_id = ?')
    .all(folderId) as {
    id: number;
    path: string;
    size: number;
    mtimeMs: number;
    missing: number;
  }[];
  return new Map(
    rows.map((r) => [r.path, { id: r.id, size: r.size, mtimeMs: r.mtimeMs, missing: !!r.missing }]),
  );
}

/** Prepared statements for the scanner's batched writes; create once per scan. */
export function trackWriter(db: Db) {
  const findArtist = db.prepare('SELECT id FROM artists WHERE norm = ?').pluck();
  const insertArtist = db.prepare('INSERT INTO artists (name, norm, mbid) VALUES (?, ?, ?)');
  const findAlbum = db.prepare('SELECT id FROM albums WHERE norm = ?').pluck();
  const insertAlbum = db.prepare(
    'INSERT INTO albums (title, artist_id, norm, year, mbid) VALUES (?, ?, ?, ?, ?)',
  );
  const upsert = db.prepare(`
    INSERT INTO tracks (path, folder_id, size, mtime_ms, title, artist, artists, artist_id, album, album_artist,
      album_id, track_no, track_total, disc_no, disc_total, year, genre, duration_ms, codec, container, bitrate,
      sample_rate, compilation, mb_recording_id, mb_track_id, mb_album_id, mb_artist_id, missing, added_at, updated_at)
    VALUES (@path, @folderId, @size, @mtimeMs, @title, @artist, @artists, @artistId, @album, @albumArtist,
      @albumId, @trackNo, @trackTotal, @discNo, @discTotal, @year, @genre, @durationMs, @codec, @container, @bitrate,
      @sampleRate, @compilation, @mbRecordingId, @mbTrackId, @mbAlbumId, @mbArtistId, 0, @now, @now)
    ON CONFLICT(path) DO UPDATE SET folder_id = excluded.folder_id, size = excluded.size,
      mtime_ms = excluded.mtime_ms, title = excluded.title, artist = excluded.artist, artists = excluded.artists,
      artist_id = excluded.artist_id, album = excluded.album, album_artist = excluded.album_artist,
      album_id = excluded.album_id, track_no = excluded.track_no, track_total = excluded.track_total,
      disc_no = excluded.disc_no, disc_total = excluded.disc_total, year = excluded.year, genre = excluded.genre,
      duration_ms = excluded.duration_ms, codec = excluded.codec, container = excluded.container,
      bitrate = excluded.bitrate, sample_rate = excluded.sample_rate, compilation = excluded.compilation,
      mb_recording_id = excluded.mb_recording_id, mb_track_id = excluded.mb_track_id,
      mb_album_id = excluded.mb_album_id, mb_artist_id = excluded.mb_artist_id, missing = 0,
      updated_at = excluded.updated_at`);
  const markMissing = db.prepare(
    'UPDATE tracks SET missing = 1, updated_at = ? WHERE id = ? AND missing = 0',
  );
  const clearError = db.prepare('DELETE FROM scan_errors WHERE path = ?');
  const recordError = db.prepare(
    'INSERT INTO scan_errors (path, message, seen_at) VALUES (?, ?, ?) ON CONFLICT(path) DO UPDATE SET message = excluded.message, seen_at = excluded.seen_at',
  );

  const artistCache = new Map<string, number>();
  function artistId(name: string, mbid: string | null): number {
    const norm = nameKey(name);
    let id = artistCache.get(norm) ?? (findArtist.get(norm) as number | undefined);
    if (id === undefined) id = Number(insertArtist.run(name, norm, mbid).lastInsertRowid);
    artistCache.set(norm, id);
    return id;
  }
  function albumId(
    title: string,
    albumArtistId: number,
    albumArtist: string,
    year: number | null,
    mbid: string | null,
  ): number {
    const norm = `${nameKey(albumArtist)}\x1f${nameKey(title)}`;
    const id = findAlbum.get(norm) as number | undefined;
    return id ?? Number(insertAlbum.run(title, albumArtistId, norm, year, mbid).lastInsertRowid);
  }

  return {
    /** Writes one batch in one transaction: all of it or none. */
    writeBatch: db.transaction(
      (records: TrackRecord[], errors: { path: string; message: string }[], now: number) => {
        for (const r of records) {
          const trackArtistId = artistId(r.artist, r.mbArtistId);
          const albumArtistName = r.albumArtist ?? (r.compilation ? VARIOUS_ARTISTS : r.artist);
          const album =
            r.album === null
              ? null
              : albumId(
                  r.album,
                  artistId(albumArtistName, null),
                  albumArtistName,
                  r.year,
                  r.mbAlbumId,
                );
          upsert.run({
            ...r,
            artists: JSON.stringify(r.artists),
            artistId: trackArtistId,
            albumId: album,
            compilation: r.compilation ? 1 : 0,
            now,
          });
          clearError.run(r.path);
        }
        for (const e of errors) recordError.run(e.path, e.message, now);
      },
    ),
    markMissing: db.transaction((ids: number[], now: number) => {
      let n = 0;
      for (const id of ids) n += markMissing.run(now, id).changes;
      return n;
    }),
  };
}

export interface AlbumRow {
  id: number;
  title: string;
  artist: string;
  artistId: number | null;
  year: number | null;
  tracks: number;
  durationMs: number;
}

export function listAlbums(db: Db, query = ''): AlbumRow[] {
  return db
    .prepare(
      `SELECT a.id, a.title, ar.name AS artist, a.artist_id AS artistId, a.year,
              COUNT(t.id) AS tracks, COALESCE(SUM(t.duration_ms), 0) AS durationMs
         FROM albums a JOIN tracks t ON t.album_id = a.id AND t.missing = 0
         LEFT JOIN artists ar ON ar.id = a.artist_id
        WHERE (@q = '' OR a.title LIKE @like OR ar.name LIKE @like)
        GROUP BY a.id ORDER BY ar.name COLLATE NOCASE, a.year, a.title COLLATE NOCASE`,
    )
    .all({ q: query, like: `%${query}%` }) as AlbumRow[];
}

export interface ArtistRow {
  id: number;
  name: string;
  tracks: number;
  albums: number;
  plays: number;
}

export function listArtists(db: Db, query = ''): ArtistRow[] {
  return db
    .prepare(
      `SELECT ar.id, ar.name, COUNT(t.id) AS tracks, COUNT(DISTINCT t.album_id) AS albums,
              (SELECT COUNT(*) FROM plays p JOIN tracks t2 ON t2.id = p.track_id
                WHERE t2.artist_id = ar.id AND p.duplicate_of IS NULL) AS plays
         FROM artists ar JOIN tracks t ON t.artist_id = ar.id AND t.missing = 0
        WHERE (@q = '' OR ar.name LIKE @like)
        GROUP BY ar.id ORDER BY ar.name COLLATE NOCASE`,
    )
    .all({ q: query, like: `%${query}%` }) as ArtistRow[];
}

export interface LibraryStats {
  tracks: number;
  missing: number;
  artists: number;
  albums: number;
  durationMs: number;
  sizeBytes: number;
  plays: number;
  matchedPlays: number;
  folders: number;
  errors: number;
  formats: Record<string, number>;
}

export function libraryStats(db: Db): LibraryStats {
  const t = db
    .prepare(
      `SELECT SUM(missing = 0) AS tracks, SUM(missing = 1) AS missing,
              COALESCE(SUM(CASE WHEN missing = 0 THEN duration_ms END), 0) AS durationMs,
              COALESCE(SUM(CASE WHEN missing = 0 THEN size END), 0) AS sizeBytes,
              COUNT(DISTINCT CASE WHEN missing = 0 THEN artist_id END) AS artists,
              COUNT(DISTINCT CASE WHEN missing = 0 THEN album_id END) AS albums
         FROM tracks`,
    )
    .get() as {
    tracks: number | null;
    missing: number | null;
    durationMs: number;
    sizeBytes: number;
    artists: number;
    albums: number;
  };
  const p = db
    .prepare(
      'SELECT COUNT(*) AS plays, COUNT(track_id) AS matchedPlays FROM plays WHERE duplicate_of IS NULL',
    )
    .get() as { plays: number; matchedPlays: number };
  const formats = Object.fromEntries(
    (
      db
        .prepare(
          `SELECT COALESCE(codec, 'unknown') AS codec, COUNT(*) AS n FROM tracks WHERE missing = 0 GROUP BY 1 ORDER BY 2 DESC`,
        )
        .all() as { codec: string; n: number }[]
    ).map((r) => [r.codec, r.n]),
  );
  return {
    tracks: t.tracks ?? 0,
    missing: t.missing ?? 0,
    artists: t.artists,
    albums: t.albums,
    durationMs: t.durationMs,
    sizeBytes: t.sizeBytes,
    plays: p.plays,
    matchedPlays: p.matchedPlays,
    folders: (db.prepare('SELECT COUNT(*) AS n FROM library_folders').get() as { n: number }).n,
    errors: (db.prepare('SELECT COUNT(*) AS n FROM scan_errors').get() as { n: number }).n,
    formats,
  };
}

/** The file path for a playable track, or undefined (unknown id, or missing file). */
export function trackFile(
  db: Db,
  id: number,
): { path: string; folderPath: string | null } | undefined {
  return db
    .prepare(
      `SELECT t.path, f.path AS folderPath FROM tracks t LEFT JOIN library_folders f ON f.id = t.folder_id
        WHERE t.id = ? AND t.missing = 0`,
    )
    .get(id) as { path: string; folderPath: string | null } | undefined;
}
