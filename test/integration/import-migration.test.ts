import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { migrate, openDb, schemaVersion } from '../../src-main/db/connection';
import { tempDb } from './import-helpers';

let t: ReturnType<typeof tempDb>;
beforeEach(() => {
  t = tempDb();
  t.db.close();
});
afterEach(() => t.done());

describe('migration 002-history', () => {
  it('keeps every play of a version-1 database and adds the history columns empty', () => {
    const file = path.join(t.dir, 'v1.db');
    const v1 = new Database(file);
    migrate(v1, 1);
    expect(schemaVersion(v1)).toBe(1);
    const insert = v1.prepare(
      "INSERT INTO plays (profile_id, played_at, artist, title, source, source_key) VALUES (1, ?, 'A', ?, 'app', ?)",
    );
    for (let i = 0; i < 50; i++) insert.run(1_700_000_000 + i, `Song ${i}`, `k${i}`);
    v1.close();

    const db = openDb(file);
    expect(schemaVersion(db)).toBeGreaterThanOrEqual(2);
    const rows = db
      .prepare('SELECT title, artist_norm, norm_key, reason_end FROM plays ORDER BY played_at')
      .all();
    db.close();
    expect(rows).toHaveLength(50);
    expect(rows[49]).toEqual({
      title: 'Song 49',
      artist_norm: null,
      norm_key: null,
      reason_end: null,
    });
  });
});
