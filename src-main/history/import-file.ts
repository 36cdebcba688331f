import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Db } from '../db/connection';
import {
  emptyCounts,
  finishRun,
  startRun,
  useImportCache,
  type ImportCounts,
  type NewPlay,
} from '../db/imports';
import { detectFormat } from './formats/detect';
import { RowError, UnknownFormatError } from './formats/types';
import type { LibraryIndex } from './match';
import { PlayStore } from './store-plays';

export interface FileResult extends ImportCounts {
  path: string;
  /** The format's source name (`lastfm-csv`, `spotify-basic`, …) or `unknown`. */
  format: string;
  error?: string;
}

export interface ImportContext {
  profileId: number;
  index: LibraryIndex;
  signal?: AbortSignal;
  /** Called every few thousand rows with the rows read so far in this file. */
  onRows?: (rows: number) => void;
}

/** Rows between yields to the event loop (progress events, cancel requests get through). */
const CHUNK = 4096;

/**
 * Imports one history file in ONE transaction: every row or none. Two phases: the rows are parsed,
 * normalised and matched first, yielding to the event loop so the job reports progress and can be
 * cancelled, with nothing written; then every prepared play is written in one synchronous
 * transaction. No transaction is ever open across an `await`, so plays recorded by the player or a
 * scan running meanwhile are never swept into (or rolled back with) an import. A malformed row,
 * a cancel or any error keeps nothing from the file; the `import_runs` row records what happened.
 */
export async function importText(
  db: Db,
  path: string,
  text: string,
  ctx: ImportContext,
): Promise<FileResult> {
  let format;
  try {
    format = detectFormat(text, path);
  } catch (e) {
    if (!(e instanceof UnknownFormatError)) throw e;
    return { path, format: 'unknown', ...emptyCounts(), error: e.message };
  }
  const runId = startRun(db, format.source, path, ctx.profileId);
  const store = new PlayStore(db, {
    profileId: ctx.profileId,
    index: ctx.index,
    source: format.source,
    runId,
  });
  const counts = store.counts;
  const restoreCache = useImportCache(db);
  try {
    const staged: NewPlay[] = [];
    for (const row of format.rows(text, path)) {
      if (!row.play) {
        counts.dropped++;
        continue;
      }
      staged.push(store.prepare(row.play));
      if (counts.rows % CHUNK === 0) {
        ctx.onRows?.(counts.rows);
        await nextTurn();
        ctx.signal?.throwIfAborted();
      }
    }
    ctx.signal?.throwIfAborted();
    db.transaction(() => {
      for (const play of staged) store.write(play);
    })();
  } catch (e) {
    restoreCache();
    const cancelled = ctx.signal?.aborted ?? false;
    const message = e instanceof Error ? e.message : String(e);
    const error =
      e instanceof RowError || cancelled
        ? message
        : e instanceof SyntaxError
          ? `${path} is not valid JSON: ${message}`
          : `${path}: ${message}`;
    const kept = { ...emptyCounts(), rows: counts.rows };
    finishRun(db, runId, cancelled ? 'cancelled' : 'failed', { ...kept, error });
    if (cancelled) throw e;
    return { path, format: format.source, ...kept, error };
  }
  restoreCache();
  ctx.onRows?.(counts.rows);
  finishRun(db, runId, 'done', counts);
  return { path, format: format.source, ...counts };
}
