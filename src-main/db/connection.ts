import Database from 'better-sqlite3';
import { migrations } from './migrations';

export type Db = Database.Database;

export interface OpenOptions {
  readonly?: boolean;
  /**
   * Path of a better_sqlite3.node built for another runtime's ABI. Electron passes the one that
   * `npm start` builds into .electron-native/, because node_modules holds the Node build tests use.
   * Defaults to env ENCORE_SQLITE_BINDING so that worker threads inside Electron load it too.
   */
  nativeBinding?: string;
}

/**
 * Opens (creating if needed) an Encore database and brings its schema up to date.
 * WAL keeps readers (UI queries) from waiting on the scanner's write transactions, and
 * `synchronous = NORMAL` is durable across application crashes in WAL mode (an OS crash may lose
 * the last transactions, never corrupt the file).
 */
export function openDb(file: string, options: OpenOptions = {}): Db {
  const nativeBinding = options.nativeBinding ?? (process.env.ENCORE_SQLITE_BINDING || undefined);
  const db = new Database(file, { readonly: options.readonly ?? false, nativeBinding });
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  if (!options.readonly) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    migrate(db);
  }
  return db;
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Applies every migration newer than the file's `user_version`, each in its own transaction. */
export function migrate(db: Db, upTo = Infinity): number {
  const current = schemaVersion(db);
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new Error(
      `${db.name}: database schema version ${current} is newer than this Encore (${latest}); update Encore.`,
    );
  }
  for (const m of migrations) {
    if (m.version <= current || m.version > upTo) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return schemaVersion(db);
}
