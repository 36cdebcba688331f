import type { Db } from '../db/connection';
import {
  finishRun,
  libraryForMatching,
  newestPlayAt,
  saveCursor,
  startRun,
  unfinishedRun,
  type ImportCounts,
} from '../db/imports';
import { LastfmClient, type LastfmClientOptions } from './lastfm-api';
import { LibraryIndex } from './match';
import { PlayStore } from './store-plays';

export const LASTFM_SOURCE = 'lastfm-api';

/** Where an API import is; stored in `import_runs.cursor` after every committed page. */
export interface LastfmCursor {
  user: string;
  /** Fixed for the whole run so pages do not shift while new scrobbles arrive. */
  from: number | null;
  to: number;
  /** Next page to fetch (Last.fm pages are newest first). */
  page: number;
  totalPages: number | null;
}

export interface LastfmImportOptions extends Omit<LastfmClientOptions, 'signal'> {
  user: string;
  profileId: number;
  signal?: AbortSignal;
  onProgress?: (p: { page: number; totalPages: number; rows: number }) => void;
  /** For tests: "now", the upper bound of a fresh run. */
  now?: number;
}

export interface LastfmImportResult extends ImportCounts {
  runId: number;
  resumed: boolean;
  pages: number;
}

/**
 * Imports a Last.fm user's scrobbles: incremental (from the newest stored scrobble on), one
 * transaction per page together with the cursor, so a crash or cancel loses at most the page in
 * flight and the next run resumes where this one stopped.
 */
export async function importLastfm(
  db: Db,
  options: LastfmImportOptions,
): Promise<LastfmImportResult> {
  const { user, profileId, signal } = options;
  const previous = unfinishedRun(db, LASTFM_SOURCE, user, profileId);
  let runId: number;
  let cursor: LastfmCursor;
  const counts: Partial<ImportCounts> = previous?.counts ?? {};
  if (previous) {
    runId = previous.id;
    cursor = JSON.parse(previous.cursor!) as LastfmCursor;
    db.prepare("UPDATE import_runs SET status = 'running' WHERE id = ?").run(runId);
  } else {
    runId = startRun(db, LASTFM_SOURCE, user, profileId);
    const newest = newestPlayAt(db, LASTFM_SOURCE, profileId);
    cursor = {
      user,
      from: newest === null ? null : newest + 1,
      to: options.now ?? Math.floor(Date.now() / 1000),
      page: 1,
      totalPages: null,
    };
    saveCursor(db, runId, cursor, counts);
  }
  const client = new LastfmClient({ ...options, signal });
  const store = new PlayStore(db, {
    profileId,
    index: new LibraryIndex(libraryForMatching(db)),
    source: LASTFM_SOURCE,
    runId,
  });
  const total = store.counts;
  for (const key of Object.keys(total) as (keyof ImportCounts)[]) total[key] = counts[key] ?? 0;
  let pages = 0;
  try {
    while (cursor.totalPages === null || cursor.page <= cursor.totalPages) {
      signal?.throwIfAborted();
      const page = await client.recentTracks(user, {
        page: cursor.page,
        from: cursor.from ?? undefined,
        to: cursor.to,
      });
      signal?.throwIfAborted();
      const next: LastfmCursor = { ...cursor, page: cursor.page + 1, totalPages: page.totalPages };
      const before = { ...total };
      try {
        db.transaction(() => {
          for (const play of page.plays) store.add(play);
          saveCursor(db, runId, next, total);
        })();
      } catch (e) {
        Object.assign(total, before); // the page was rolled back; so are its counts
        throw e;
      }
      cursor = next;
      pages++;
      options.onProgress?.({
        page: cursor.page - 1,
        totalPages: page.totalPages,
        rows: total.rows,
      });
    }
  } catch (e) {
    const cancelled = signal?.aborted ?? false;
    finishRun(db, runId, cancelled ? 'cancelled' : 'failed', {
      ...total,
      error: (e as Error).message,
    });
    throw e;
  }
  finishRun(db, runId, 'done', total);
  return { ...total, runId, resumed: previous !== null, pages };
}
