import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../db/connection';
import { listFolders } from '../db/folders';
import { trackFile } from '../db/tracks';

export type RefusalReason = 'unknown-track' | 'missing-file' | 'not-a-file' | 'outside-library';

/** A media request that must not be served; hosts answer it with a plain 404. */
export class MediaRefused extends Error {
  override readonly name = 'MediaRefused';
  constructor(
    readonly trackId: number,
    readonly reason: RefusalReason,
  ) {
    super(`Track ${trackId} cannot be played: ${reason}.`);
  }
}

/** True when `child` is `root` itself or lies below it; both must already be real paths. */
export function isInside(root: string, child: string): boolean {
  const rel = path.relative(root, child);
  return rel !== '' && rel !== '..' && !rel.startsWith('..' + path.sep) && !path.isAbsolute(rel);
}

/**
 * The one way from a track id to a file the UI may read (STYLE.md §5). The track's path and every
 * library folder are resolved with `realpath`, so a symlink inside a folder that points elsewhere
 * is judged by where it lands. Refusals are logged with the track id and reason only: the path of
 * something outside the library is not ours to print.
 */
export async function resolveMediaPath(db: Db, trackId: number): Promise<string> {
  const refuse = (reason: RefusalReason): never => {
    console.warn(`Encore: refused media for track ${trackId} (${reason}).`);
    throw new MediaRefused(trackId, reason);
  };
  const row = trackFile(db, trackId);
  if (!row) return refuse('unknown-track');
  const real = await realpath(row.path).catch(() => null);
  if (real === null) return refuse('missing-file');
  const roots = await Promise.all(listFolders(db).map((f) => realpath(f.path).catch(() => null)));
  if (!roots.some((root) => root !== null && isInside(root, real)))
    return refuse('outside-library');
  const info = await stat(real).catch(() => null);
  if (!info?.isFile()) return refuse('not-a-file');
  return real;
}
