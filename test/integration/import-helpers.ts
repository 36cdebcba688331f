import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDb, type Db } from '../../src-main/db/connection';

export const HISTORY_FIXTURES = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../fixtures/history',
);
export const fixture = (name: string): string => path.join(HISTORY_FIXTURES, name);

/** A fresh database file in its own temp folder; `done()` removes both. */
export function tempDb(): { db: Db; dir: string; file: string; done: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'encore-import-'));
  const file = path.join(dir, 'encore.db');
  const db = openDb(file);
  return {
    db,
    dir,
    file,
    done: () => {
      if (db.open) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Library rows for matching, written as a scan would (test setup only). */
export function addTracks(
  db: Db,
  tracks: { artist: string; title: string; album?: string; durationMs?: number }[],
): number[] {
  const insert = db.prepare(
    `INSERT INTO tracks (path, size, mtime_ms, title, artist, album, duration_ms, added_at, updated_at)
     VALUES (?, 1, 0, ?, ?, ?, ?, 0, 0)`,
  );
  return tracks.map((t, i) =>
    Number(
      insert.run(
        `/music/${i}-${t.title}.mp3`,
        t.title,
        t.artist,
        t.album ?? null,
        t.durationMs ?? null,
      ).lastInsertRowid,
    ),
  );
}

export function countPlays(db: Db, where = '1'): number {
  return (db.prepare(`SELECT COUNT(*) AS n FROM plays WHERE ${where}`).get() as { n: number }).n;
}
