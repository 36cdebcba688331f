import type { Db } from './connection';

export type PlaylistKind = 'manual' | 'radio' | 'persona';

export interface PlaylistRow {
  id: number;
  name: string;
  kind: PlaylistKind;
  createdAt: number;
  updatedAt: number;
  trackCount: number;
  /** Summed durations of the tracks that have one, in milliseconds. */
  durationMs: number;
}

/** One entry of a playlist, with what an export or the player needs. */
export interface PlaylistItem {
  position: number;
  trackId: number;
  /** Why the radio chose it; null for tracks added by hand. */
  reason: string | null;
  title: string;
  artist: string;
  album: string | null;
  durationMs: number | null;
  path: string;
  missing: boolean;
}

export interface NewItem {
  trackId: number;
  reason?: string | null;
}

const LIST_SQL = `SELECT p.id, p.name, p.kind, p.created_at AS createdAt, p.updated_at AS updatedAt,
    COUNT(i.track_id) AS trackCount, COALESCE(SUM(t.duration_ms), 0) AS durationMs
  FROM playlists p
  LEFT JOIN playlist_items i ON i.playlist_id = p.id
  LEFT JOIN tracks t ON t.id = i.track_id`;

export function listPlaylists(db: Db): PlaylistRow[] {
  return db
    .prepare(`${LIST_SQL} GROUP BY p.id ORDER BY p.updated_at DESC, p.id DESC`)
    .all() as PlaylistRow[];
}

export function playlistById(db: Db, id: number): PlaylistRow | undefined {
  return db.prepare(`${LIST_SQL} WHERE p.id = ? GROUP BY p.id`).get(id) as PlaylistRow | undefined;
}

export function playlistItems(db: Db, id: number): PlaylistItem[] {
  const rows = db
    .prepare(
      `SELECT i.position, i.track_id AS trackId, i.reason, t.title, t.artist, t.album,
              t.duration_ms AS durationMs, t.path, t.missing
         FROM playlist_items i JOIN tracks t ON t.id = i.track_id
        WHERE i.playlist_id = ? ORDER BY i.position`,
    )
    .all(id) as (Omit<PlaylistItem, 'missing'> & { missing: number })[];
  return rows.map((r) => ({ ...r, missing: r.missing === 1 }));
}

/** Replaces a playlist's items with `items`, numbered 0 … n−1 (a transaction's inner step). */
function writeItems(db: Db, id: number, items: readonly NewItem[]): void {
  db.prepare('DELETE FROM playlist_items WHERE playlist_id = ?').run(id);
  const insert = db.prepare(
    'INSERT INTO playlist_items (playlist_id, position, track_id, reason) VALUES (?, ?, ?, ?)',
  );
  items.forEach((item, position) => insert.run(id, position, item.trackId, item.reason ?? null));
}

/** Creates a playlist holding `items` in order; unknown track ids fail the whole write. */
export function createPlaylist(
  db: Db,
  name: string,
  items: readonly NewItem[] = [],
  kind: PlaylistKind = 'manual',
  now = Date.now(),
): number {
  return db.transaction(() => {
    const id = Number(
      db
        .prepare('INSERT INTO playlists (name, kind, created_at, updated_at) VALUES (?, ?, ?, ?)')
        .run(name, kind, now, now).lastInsertRowid,
    );
    writeItems(db, id, items);
    return id;
  })();
}

export function renamePlaylist(db: Db, id: number, name: string, now = Date.now()): boolean {
  return (
    db.prepare('UPDATE playlists SET name = ?, updated_at = ? WHERE id = ?').run(name, now, id)
      .changes > 0
  );
}

export function setPlaylistItems(
  db: Db,
  id: number,
  items: readonly NewItem[],
  now = Date.now(),
): boolean {
  return db.transaction(() => {
    const found =
      db.prepare('UPDATE playlists SET updated_at = ? WHERE id = ?').run(now, id).changes > 0;
    if (found) writeItems(db, id, items);
    return found;
  })();
}

/** Items go with the playlist (ON DELETE CASCADE in migration 001). */
export function deletePlaylist(db: Db, id: number): boolean {
  return db.prepare('DELETE FROM playlists WHERE id = ?').run(id).changes > 0;
}

/** Library tracks by exact stored path: the matcher of an M3U8 import. */
export function trackIdsByPath(db: Db, paths: readonly string[]): Map<string, number> {
  const get = db.prepare('SELECT id FROM tracks WHERE path = ? AND missing = 0').pluck();
  const out = new Map<string, number>();
  for (const p of paths) {
    const id = get.get(p) as number | undefined;
    if (id !== undefined) out.set(p, id);
  }
  return out;
}
