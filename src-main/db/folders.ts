import type { Db } from './connection';

export interface LibraryFolder {
  id: number;
  path: string;
  addedAt: number;
  trackCount: number;
}

export function listFolders(db: Db): LibraryFolder[] {
  return db
    .prepare(
      `SELECT f.id, f.path, f.added_at AS addedAt,
              (SELECT COUNT(*) FROM tracks t WHERE t.folder_id = f.id AND t.missing = 0) AS trackCount
         FROM library_folders f ORDER BY f.path`,
    )
    .all() as LibraryFolder[];
}

export function addFolder(db: Db, folderPath: string, now = Date.now()): number {
  db.prepare('INSERT OR IGNORE INTO library_folders (path, added_at) VALUES (?, ?)').run(
    folderPath,
    Math.floor(now / 1000),
  );
  return (
    db.prepare('SELECT id FROM library_folders WHERE path = ?').get(folderPath) as { id: number }
  ).id;
}

/** Removing a folder keeps its tracks' play history but marks its tracks missing. */
export function removeFolder(db: Db, id: number): void {
  db.transaction(() => {
    db.prepare('UPDATE tracks SET missing = 1, folder_id = NULL WHERE folder_id = ?').run(id);
    db.prepare('DELETE FROM library_folders WHERE id = ?').run(id);
  })();
}

export function folderById(db: Db, id: number): LibraryFolder | undefined {
  return listFolders(db).find((f) => f.id === id);
}
