import type { Db } from './connection';
import path from 'node:path';

export function listScanErrors(db: Db): { path: string; message: string }[] {
  return db.prepare('SELECT path, message FROM scan_errors ORDER BY path').all() as {
    path: string;
    message: string;
  }[];
}

/**
 * Forgets errors under `folderPath` that the scan just finished did not see again (the file was
 * fixed, renamed or deleted). `keep` holds the paths that still fail.
 */
export function pruneScanErrors(db: Db, folderPath: string, keep: ReadonlySet<string>): number {
  const prefix = folderPath.endsWith(path.sep) ? folderPath : folderPath + path.sep;
  const under = db
    .prepare('SELECT path FROM scan_errors WHERE substr(path, 1, ?) = ? OR path = ?')
    .pluck()
    .all(prefix.length, prefix, folderPath) as string[];
  const del = db.prepare('DELETE FROM scan_errors WHERE path = ?');
  return db.transaction(() =>
    under.filter((p) => !keep.has(p)).reduce((n, p) => n + del.run(p).changes, 0),
  )();
}
