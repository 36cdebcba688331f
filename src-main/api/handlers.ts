import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { CallName, Output, ParsedInput } from './contract';
import type { Engine } from '../engine';
import { listFolders, addFolder, removeFolder, folderById } from '../db/folders';
import { queryTracks, trackById, listAlbums, listArtists, libraryStats } from '../db/tracks';
import { recordAppPlay, recentPlays } from '../db/plays';
import { listScanErrors } from '../db/scan-errors';
import { scanFolders } from '../library/scan';
import { historyHandlers } from '../history/handlers';
import { recommendHandlers } from '../recommend/handlers';
import { personaHandlers } from '../recommend/personas-handlers';
import { playlistHandlers } from '../playlists/handlers';
import { radioHandlers } from '../recommend/radio-handlers';

export type Handlers = {
  [N in CallName]: (input: ParsedInput<N>) => Promise<Output<N>> | Output<N>;
};

declare const ENCORE_VERSION: string | undefined;

export function createHandlers(engine: Engine): Handlers {
  const { db } = engine;
  return {
    'app.info': () => ({
      host: engine.options.host,
      version: typeof ENCORE_VERSION === 'string' ? ENCORE_VERSION : '0.1.0',
      demo: engine.options.demo ?? false,
      canPickFolders: engine.options.pickFolder !== undefined,
      canStoreSecrets: engine.options.storeLastfmKey !== undefined,
    }),
    'library.folders': () => listFolders(db),
    'library.addFolder': async ({ path: input }) => {
      const folder = path.resolve(input);
      const info = await stat(folder).catch(() => null);
      if (!info?.isDirectory()) throw new Error(`${folder} is not a folder that Encore can read.`);
      const id = addFolder(db, folder);
      engine.emit({ type: 'library-changed' });
      return folderById(db, id)!;
    },
    'library.removeFolder': ({ id }) => {
      const existed = folderById(db, id) !== undefined;
      removeFolder(db, id);
      engine.emit({ type: 'library-changed' });
      return { removed: existed };
    },
    'library.pickFolder': async () => ({ path: (await engine.options.pickFolder?.()) ?? null }),
    'library.scan': ({ folderIds }) => {
      const folders = listFolders(db).filter((f) => !folderIds || folderIds.includes(f.id));
      const { jobId } = engine.jobs.start('scan', async (ctx) => {
        const summary = await scanFolders(db, folders, {
          signal: ctx.signal,
          onProgress: ctx.progress,
        });
        engine.emit({ type: 'library-changed' });
        return summary;
      });
      return { jobId };
    },
    'library.tracks': (q) => queryTracks(db, q),
    'library.track': ({ id }) => trackById(db, id) ?? null,
    'library.albums': ({ query }) => listAlbums(db, query),
    'library.artists': ({ query }) => listArtists(db, query),
    'library.stats': () => libraryStats(db),
    'lastfm.setKey': ({ key }) => {
      if (!engine.options.storeLastfmKey) {
        throw new Error(
          'This host cannot keep secrets: set the LASTFM_API_KEY environment variable before starting it.',
        );
      }
      engine.options.storeLastfmKey(key);
      return { stored: true };
    },
    'library.errors': () => listScanErrors(db),
    'plays.record': (play) => {
      const result = recordAppPlay(db, { ...play, profileId: engine.profileId });
      engine.emit({ type: 'plays-changed' });
      return result;
    },
    'plays.recent': ({ limit }) => recentPlays(db, engine.profileId, limit),
    'jobs.list': () => engine.jobs.list(),
    'jobs.cancel': ({ jobId }) => ({ cancelled: engine.jobs.cancel(jobId) }),
    ...historyHandlers(engine),
    ...recommendHandlers(engine),
    ...personaHandlers(engine),
    ...playlistHandlers(engine),
    ...radioHandlers(engine),
  };
}
