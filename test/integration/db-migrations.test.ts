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

describe('database migrations', () => {
  it('creates a new database at the latest schema version', () => {
    const db = openDb(path.join(dir, 'new.db'));
    expect(schemaVersion(db)).toBe(latest);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
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
