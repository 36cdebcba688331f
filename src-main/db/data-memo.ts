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
