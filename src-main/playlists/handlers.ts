import path from 'node:path';
import type { Engine } from '../engine';
import type { Handlers } from '../api/handlers';
import {
  createPlaylist,
  deletePlaylist,
  listPlaylists,
  playlistById,
  playlistItems,
  renamePlaylist,
  setPlaylistItems,
} from '../db/playlists';
import { trackById, type TrackDetail } from '../db/tracks';
import { toM3u8, toXspf } from './formats';
import { importM3u } from './import-m3u';

type PlaylistCalls =
  | 'playlists.list'
  | 'playlists.get'
  | 'playlists.create'
  | 'playlists.rename'
  | 'playlists.setItems'
  | 'playlists.delete'
  | 'playlists.export'
  | 'playlists.import';

/** A playlist entry as the UI plays it: the full track row, and the radio's reason if any. */
export interface PlaylistEntry {
  position: number;
  reason: string | null;
  track: TrackDetail;
}

export interface PlaylistExport {
  fileName: string;
  mimeType: string;
  text: string;
}

/** A file name from a playlist name: no separators or control characters, never empty. */
function fileNameOf(name: string, ext: string): string {
  const safe = [...name].map((c) => (c < ' ' || '\\/:*?"<>|'.includes(c) ? ' ' : c)).join('');
  const base = safe.replace(/ +/g, ' ').trim() || 'playlist';
  return `${base.slice(0, 120)}.${ext}`;
}

function notFound(id: number): Error {
  return new Error(`No playlist with id ${id}: it may have been deleted.`);
}

/** The playlist calls of the contract (spread into `createHandlers`). */
export function playlistHandlers(engine: Engine): Pick<Handlers, PlaylistCalls> {
  const { db } = engine;
  return {
    'playlists.list': () => listPlaylists(db),
    'playlists.get': ({ id }) => {
      const playlist = playlistById(db, id);
      if (!playlist) return null;
      const items = playlistItems(db, id).flatMap(({ position, reason, trackId }) => {
        const track = trackById(db, trackId);
        return track ? [{ position, reason, track }] : [];
      });
      return { playlist, items };
    },
    'playlists.create': ({ name, items, kind }) => {
      const id = createPlaylist(db, name, items, kind);
      return playlistById(db, id)!;
    },
    'playlists.rename': ({ id, name }) => ({ renamed: renamePlaylist(db, id, name) }),
    'playlists.setItems': ({ id, items }) => ({ updated: setPlaylistItems(db, id, items) }),
    'playlists.delete': ({ id }) => ({ deleted: deletePlaylist(db, id) }),
    'playlists.export': ({ id, format, folder }) => {
      const playlist = playlistById(db, id);
      if (!playlist) throw notFound(id);
      const items = playlistItems(db, id);
      const relativeTo = folder === undefined ? undefined : path.resolve(folder);
      return format === 'xspf'
        ? {
            fileName: fileNameOf(playlist.name, 'xspf'),
            mimeType: 'application/xspf+xml',
            text: toXspf(playlist.name, items, relativeTo),
          }
        : {
            fileName: fileNameOf(playlist.name, 'm3u8'),
            mimeType: 'audio/x-mpegurl',
            text: toM3u8(playlist.name, items, relativeTo),
          };
    },
    'playlists.import': ({ path: file, name }) => importM3u(db, path.resolve(file), name),
  };
}
