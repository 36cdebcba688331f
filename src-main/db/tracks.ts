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
  plays: ['COALESCE(pc.n, 0)'],
};

/** Play counts per track, joined only when the list is sorted by plays. */
const PLAY_COUNTS_JOIN = `LEFT JOIN (SELECT track_id, COUNT(*) AS n FROM plays
  WHERE duplicate_of IS NULL AND track_id IS NOT NULL GROUP BY track_id) pc ON pc.track_id = t.id`;

const ROW_COLUMNS = `t.id, t.title, t.artist, t.album, t.album_artist AS albumArtist, t.artist_id AS artistId,
  t.album_id AS albumId, t.track_no AS trackNo, t.disc_no AS discNo, t.year, t.genre,
  t.duration_ms AS durationMs, t.codec, t.bitrate, t.added_at AS addedAt,
  (SELECT COUNT(*) FROM plays p WHERE p.track_id = t.id AND p.duplicate_of IS NULL) AS plays`;

/** Quotes a user's search so FTS5 treats it as literal text (its own syntax is not exposed). */
function ftsPhrase(q: string): string {
  return '"' + q.replace(/"/g, '""') + '"';
}

export function queryTracks(db: Db, q: TrackQuery): { total: number; rows: TrackRow[] } {
  const where: string[] = ['t.missing = 0'];
  const params: Record<string, unknown> = {};
  const text = q.query?.trim() ?? '';
  // Words of three characters or more go through the trigram index; shorter ones, which a
  // trigram cannot match, through LIKE. Either way the user's text is literal, never syntax.
  const words = text.split(/\s+/).filter((w) => w.length > 0);
  const long = words.filter((w) => w.length >= 3);
  if (long.length > 0) {
    where.push('t.id IN (SELECT rowid FROM tracks_fts WHERE tracks_fts MATCH @fts)');
    params.fts = long.map(ftsPhrase).join(' AND ');
  }
  words
    .filter((w) => w.length < 3)
    .forEach((w, i) => {
      where.push(
        `(t.title LIKE @w${i} ESCAPE '\\' OR t.artist LIKE @w${i} ESCAPE '\\' OR t.album LIKE @w${i} ESCAPE '\\')`,
      );
      params[`w${i}`] = `%${w.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
    });
  if (q.artistId !== undefined) {
    where.push(
      '(t.artist_id = @artistId OR t.album_id IN (SELECT id FROM albums WHERE artist_id = @artistId))',
    );
    params.artistId = q.artistId;
  }
  if (q.albumId !== undefined) {
    where.push('t.album_id = @albumId');
    params.albumId = q.albumId;
  }
  const whereSql = where.join(' AND ');
  const dir = q.dir === 'desc' ? 'DESC' : 'ASC';
  const order = SORT_SQL[q.sort ?? 'artist'].map((c) => `${c} ${dir}`).join(', ');
  const total = (
    db.prepare(`SELECT COUNT(*) AS n FROM tracks t WHERE ${whereSql}`).get(params) as { n: number }
  ).n;
  // Page the ids first, then read the page's columns: the per-row play count is a subquery, and
  // computing it for every match before sorting made a 52,000-match search take 0.9 s at 200,000
  // tracks (bench/scale.ts); only the plays sort needs every count, via one grouped join.
  const join = q.sort === 'plays' ? PLAY_COUNTS_JOIN : '';
  const ids = db
    .prepare(
      `SELECT t.id FROM tracks t ${join} WHERE ${whereSql} ORDER BY ${order}, t.id ${dir} LIMIT @limit OFFSET @offset`,
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
