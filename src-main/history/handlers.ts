import type { Engine } from '../engine';
import type { Handlers } from '../api/handlers';
import { listRuns, profileIdByName } from '../db/imports';
import * as stats from '../db/history-stats';
import { importHistory, type ImportProgress } from './import-files';
import { importLastfm } from './lastfm-import';
import { lastfmApiKey, NO_LASTFM_KEY } from './lastfm-key';

type HistoryCalls =
  | 'import.files'
  | 'import.lastfm'
  | 'import.runs'
  | 'stats.weekly'
  | 'stats.heatmap'
  | 'stats.discovery'
  | 'stats.top'
  | 'stats.unmatchedArtists'
  | 'history.sessions';

export { LASTFM_KEY_SETTING } from './lastfm-key';

/** "12,345 rows · 48,000 rows/s · 3 s left": the Import screen's progress line. */
export function progressMessage(p: ImportProgress): string {
  const eta = p.etaS === null ? '' : ` · ${Math.ceil(p.etaS)} s left`;
  return `${p.rows.toLocaleString('en')} rows · ${Math.round(p.rate).toLocaleString('en')} rows/s${eta}`;
}

/**
 * Imports run one after another per engine: two at once would race on the same natural keys and
 * cross-source duplicate checks, and the second would only slow the first down.
 */
const queues = new WeakMap<Engine, Promise<unknown>>();
function oneAtATime<T>(engine: Engine, work: () => Promise<T>): Promise<T> {
  const next = (queues.get(engine) ?? Promise.resolve()).catch(() => undefined).then(work);
  queues.set(engine, next);
  return next;
}

/** The history calls of the contract (spread into `createHandlers`). */
export function historyHandlers(engine: Engine): Pick<Handlers, HistoryCalls> {
  const { db } = engine;
  const range = (q: { from?: number; to?: number }) => ({ from: q.from, to: q.to });
  return {
    'import.files': ({ paths, profile }) => {
      const profileId = profile ? profileIdByName(db, profile) : engine.profileId;
      const { jobId } = engine.jobs.start('import', async (ctx) => {
        try {
          return await oneAtATime(engine, () =>
            importHistory(db, paths, {
              profileId,
              signal: ctx.signal,
              onProgress: (p) =>
                ctx.progress({
                  done: p.bytesDone,
                  total: p.bytes,
                  current: p.current ?? undefined,
                  message: progressMessage(p),
                }),
            }),
          );
        } finally {
          engine.emit({ type: 'plays-changed' });
        }
      });
      return { jobId };
    },
    'import.lastfm': ({ user }) => {
      const apiKey = lastfmApiKey(db);
      if (!apiKey) throw new Error(NO_LASTFM_KEY);
      const { jobId } = engine.jobs.start('import-lastfm', async (ctx) => {
        try {
          return await oneAtATime(engine, () =>
            importLastfm(db, {
              user,
              apiKey,
              profileId: engine.profileId,
              signal: ctx.signal,
              onProgress: (p) =>
                ctx.progress({ done: p.page, total: p.totalPages, message: `${p.rows} scrobbles` }),
            }),
          );
        } finally {
          engine.emit({ type: 'plays-changed' });
        }
      });
      return { jobId };
    },
    'import.runs': ({ limit }) => listRuns(db, limit),
    'stats.weekly': (q) => stats.playsPerWeek(db, engine.profileId, range(q), q.tzOffsetS ?? 0),
    'stats.heatmap': (q) =>
      stats.hourWeekdayHeatmap(db, engine.profileId, range(q), q.tzOffsetS ?? 0),
    'stats.discovery': (q) => stats.discovery(db, engine.profileId, range(q)),
    'stats.top': (q) => ({
      artists: stats.topArtists(db, engine.profileId, range(q), q.limit),
      tracks: stats.topTracks(db, engine.profileId, range(q), q.limit),
      albums: stats.topAlbums(db, engine.profileId, range(q), q.limit),
    }),
    'stats.unmatchedArtists': ({ limit }) => stats.unmatchedTopArtists(db, engine.profileId, limit),
    'history.sessions': (q) => stats.sessionSummary(db, engine.profileId, range(q)),
  };
}
