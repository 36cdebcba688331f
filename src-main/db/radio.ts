import type { Db } from './connection';

/** A playable library track as the radio sees it. */
export interface RadioTrack {
  id: number;
  title: string;
  artist: string;
}

/** Every track whose file is present: the only tracks the radio may queue. */
export function playableTracks(db: Db): RadioTrack[] {
  return db
    .prepare('SELECT id, title, artist FROM tracks WHERE missing = 0 ORDER BY id')
    .all() as RadioTrack[];
}

/** Changes whenever a playable track is added, removed, rescanned or goes missing. */
export function librarySignature(db: Db): string {
  return db
    .prepare(
      `SELECT COUNT(*) || ':' || COALESCE(MAX(updated_at), 0) || ':' || COALESCE(MAX(id), 0)
         FROM tracks WHERE missing = 0`,
    )
    .pluck()
    .get() as string;
}
