import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDb, migrate, schemaVersion } from '../../src-main/db/connection';
import { migrations } from '../../src-main/db/migrations';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'encore-db-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const latest = migrations.at(-1)!.version;

/** Rows valid at schema version 1, the oldest shipped schema. */
function fillVersion1(db: Database.Database): void {
  db.exec(`
    INSERT INTO library_folders (id, path, added_at) VALUES (1, '/music', 1);
    INSERT INTO artists (id, name, norm) VALUES (1, 'Björk', 'bjork');
    INSERT INTO albums (id, title, artist_id, norm) VALUES (1, 'Post', 1, 'bjork\x1fpost');
    INSERT INTO tracks (id, path, folder_id, size, mtime_ms, title, artist, artist_id, album, album_id, added_at, updated_at)
      VALUES (1, '/music/a.mp3', 1, 10, 1, 'Army of Me', 'Björk', 1, 'Post', 1, 1, 1);
    INSERT INTO plays (profile_id, played_at, track_id, artist, title, source, source_key)
      VALUES (1, 100, 1, 'Björk', 'Army of Me', 'app', 'k1'), (1, 200, NULL, 'Unknown', 'Song', 'lastfm-csv', 'k2');
    INSERT INTO playlists (id, name, created_at, updated_at) VALUES (1, 'Mix', 1, 1);
    INSERT INTO playlist_items (playlist_id, position, track_id) VALUES (1, 0, 1);
    INSERT INTO settings (key, value) VALUES ('theme', '"dark"');
  `);
}

describe('database migrations', () => {
  it('creates a new database at the latest schema version', () => {
    const db = openDb(path.join(dir, 'new.db'));
    expect(schemaVersion(db)).toBe(latest);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('upgrades a version-1 database to the latest version keeping every row', () => {
    const file = path.join(dir, 'v1.db');
    const old = new Database(file);
    migrate(old, 1);
    fillVersion1(old);
    const before = Object.fromEntries(
      [
        'library_folders',
        'artists',
        'albums',
        'tracks',
        'plays',
        'playlists',
        'playlist_items',
        'settings',
      ].map((t) => [t, (old.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n]),
    );
    old.close();

    const db = openDb(file);
    expect(schemaVersion(db)).toBe(latest);
    for (const [table, count] of Object.entries(before)) {
      expect(
        (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n,
        table,
      ).toBe(count);
    }
    expect(db.prepare('SELECT title FROM tracks WHERE id = 1').get()).toEqual({
      title: 'Army of Me',
    });
    db.close();
  });

  it('refuses a database written by a newer Encore instead of damaging it', () => {
    const file = path.join(dir, 'future.db');
    const future = new Database(file);
    future.pragma(`user_version = ${latest + 1}`);
    future.close();
    expect(() => openDb(file)).toThrow(/newer than this Encore/);
  });

  it('leaves the database at the previous version when a migration fails half-way', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE tracks (id INTEGER PRIMARY KEY)'); // collides with migration 1
    expect(() => migrate(db)).toThrow();
    expect(schemaVersion(db)).toBe(0);
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE name = 'plays'`).get()).toBeUndefined();
  });
});
