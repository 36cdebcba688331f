import type { Db } from './connection';

export function listScanErrors(db: Db): { path: string; message: string }[] {
  return db.prepare('SELECT path, message FROM scan_errors ORDER BY path').all() as { path: string; message: string }[];
}
