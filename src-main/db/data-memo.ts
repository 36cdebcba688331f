import type { Statement } from 'better-sqlite3';
import type { Db } from './connection';

/**
 * A cheap version of everything in the database: it changes whenever a row is inserted, updated
 * or deleted, through this connection (`total_changes()`) or any other (`PRAGMA data_version`).
 * No table is scanned, so asking costs microseconds.
 */
export function dataVersion(db: Db): string {
  let changesOf = changeCounters.get(db);
  if (!changesOf)
    changeCounters.set(db, (changesOf = db.prepare('SELECT total_changes()').pluck()));
  const changes = changesOf.get() as number;
  const version = db.pragma('data_version', { simple: true }) as number;
  return `${changes}:${version}`;
}

/** One prepared `total_changes()` per connection: asked on every memoised call. */
const changeCounters = new WeakMap<Db, Statement>();

const memos = new WeakMap<Db, Map<string, { version: string; value: unknown }>>();

/**
 * `compute()`, remembered under `key` until the database changes (`dataVersion`). For what is
 * derived from the listener's whole history — a GROUP BY over millions of plays, a fold-in over
 * every track they played — which For You and the radio ask for on every call while nothing has
 * changed. The value is shared: callers must not modify it.
 */
export function memoOnData<T>(db: Db, key: string, compute: () => T): T {
  // Inside a transaction the value could hold rows a rollback takes back, while the version (a
  // count of changes) would not go back with them: compute, remember nothing.
  if (db.inTransaction) return compute();
  let memo = memos.get(db);
  if (!memo) memos.set(db, (memo = new Map()));
  const version = dataVersion(db);
  const hit = memo.get(key);
  if (hit?.version === version) return hit.value as T;
  const value = compute();
  memo.set(key, { version, value });
  return value;
}

/**
 * What one play recorded in the app changed, for the memos that follow plays instead of starting
 * over: the play counts as listened now and did not before (+1), the other way (−1), or as before
 * (0, a progress update).
 */
export interface PlayChange {
  profileId: number;
  trackId: number | null;
  /** COALESCE(artist_norm, lower(artist)) of the play, as the artist counts group it. */
  artistKey: string;
  listened: -1 | 0 | 1;
}

interface Transition {
  from: string;
  to: string;
  change: PlayChange;
}

/** The latest described changes per connection: enough to bridge the plays of a long session. */
const MAX_TRANSITIONS = 512;
const transitions = new WeakMap<Db, Transition[]>();

/**
 * Says that everything between versions `from` and `to` of this connection was `change` and
 * nothing else (recordAppPlay). Not kept when another connection committed in between (its
 * data_version moved) or inside a transaction (a rollback would take the play back while the
 * change counter keeps counting).
 */
export function noteRecordedPlay(db: Db, from: string, to: string, change: PlayChange): void {
  if (db.inTransaction || from.split(':')[1] !== to.split(':')[1]) return;
  let list = transitions.get(db);
  if (!list) transitions.set(db, (list = []));
  list.push({ from, to, change });
  if (list.length > MAX_TRANSITIONS) list.splice(0, list.length - MAX_TRANSITIONS);
}

/** The described changes that lead from version `from` to `to`, or null if any step is unknown. */
function changesBetween(db: Db, from: string, to: string): PlayChange[] | null {
  const list = transitions.get(db);
  if (!list) return null;
  let at = list.findIndex((t) => t.from === from);
  if (at < 0) return null;
  const out: PlayChange[] = [];
  for (let version = from; version !== to; at++) {
    const t = list[at];
    if (!t || t.from !== version) return null;
    out.push(t.change);
    version = t.to;
  }
  return out;
}

/**
 * `memoOnData` for values that can follow recorded plays: when the only changes since the value
 * was computed are plays the app recorded (`noteRecordedPlay`), `follow(value, changes)` brings it
 * up to date (a GROUP BY over millions of plays becomes a few map updates); any other change
 * computes it again. `follow` must not modify `value` (callers may hold it): it returns a new one,
 * or the same when the changes do not touch it (layered-map.ts keeps that cheap for big maps).
 * The one exception is state no caller holds between calls, read only by the module that keeps it
 * (For You's ListenerState): that may be updated in place, and marks itself broken (`fits` fails,
 * so it is computed again) if following fails half-way.
 */
export function memoFollowingPlays<T>(
  db: Db,
  key: string,
  compute: () => T,
  follow: (value: T, changes: readonly PlayChange[]) => T,
  /** A remembered value failing this is computed again (it was made for other inputs). */
  fits: (value: T) => boolean = () => true,
): T {
  if (db.inTransaction) return compute();
  let memo = memos.get(db);
  if (!memo) memos.set(db, (memo = new Map()));
  const version = dataVersion(db);
  const stored = memo.get(key);
  const hit = stored && fits(stored.value as T) ? stored : undefined;
  if (hit?.version === version) return hit.value as T;
  const changes = hit ? changesBetween(db, hit.version, version) : null;
  const value = changes ? follow(hit!.value as T, changes) : compute();
  memo.set(key, { version, value });
  return value;
}
