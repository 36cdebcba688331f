import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../db/connection';
import { createPlaylist, trackIdsByPath } from '../db/playlists';
import { parseM3u } from './formats';

export interface M3uImport {
  playlistId: number;
  name: string;
  matched: number;
  /** Lines naming no playable library track, in file order. */
  unmatched: { line: number; text: string }[];
}

/**
 * Reads an M3U/M3U8 file into a new playlist. Entries match library tracks by path (relative ones
 * against the file's folder); what matches nothing is reported with its line number, not dropped
 * in silence.
 */
export async function importM3u(db: Db, file: string, name?: string): Promise<M3uImport> {
  const text = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
    throw new Error(`Cannot read the playlist ${file}: ${e.code ?? e.message}.`);
  });
  const entries = parseM3u(text, path.dirname(path.resolve(file)));
  const ids = trackIdsByPath(
    db,
    entries.flatMap((e) => (e.path ? [e.path] : [])),
  );
  const items: { trackId: number }[] = [];
  const unmatched: M3uImport['unmatched'] = [];
  for (const e of entries) {
    const trackId = e.path ? ids.get(e.path) : undefined;
    if (trackId === undefined) unmatched.push({ line: e.line, text: e.text });
    else items.push({ trackId });
  }
  const title = name ?? path.basename(file).replace(/\.m3u8?$/i, '');
  const playlistId = createPlaylist(db, title, items);
  return { playlistId, name: title, matched: items.length, unmatched };
}
