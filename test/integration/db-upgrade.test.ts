import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDb, schemaVersion } from '../../src-main/db/connection';
import { migrations } from '../../src-main/db/migrations';
import { latestVersion, makeSchemaFixture } from '../fixtures/schemas/make-schema-fixtures';

// Every shipped schema version, each from its own fixture (test/fixtures/schemas/). The simpler
// checks (new database, newer-version refusal, failed migration) are in db-migrations.test.ts.

type Row = Record<string, unknown>;
type Snapshot = Record<string, Row[]>;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'encore-upgrade-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The app's own tables: not SQLite's, not the FTS index's shadow tables. */
function tables(db: Database.Database): string[] {
  const rows = db
    .prepare(
      `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
         AND name NOT LIKE 'tracks_fts%' ORDER BY name`,
    )
    .all() as { name: string }[];
  return rows.map((r) => r.name);
}

const columns = (db: Database.Database, table: string): string[] =>
  (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map(
    (c) => c.name,
  );

function snapshot(db: Database.Database, only?: Snapshot): Snapshot {
  const out: Snapshot = {};
  for (const table of only ? Object.keys(only) : tables(db)) {
    const cols = only ? Object.keys(only[table]![0] ?? {}) : columns(db, table);
    const list = cols.map((c) => `"${c}"`).join(', ');
    out[table] = db.prepare(`SELECT ${list} FROM "${table}" ORDER BY rowid`).all() as Row[];
  }
  return out;
}

function fixture(version: number): { file: string; before: Snapshot } {
  const file = path.join(dir, `v${version}.db`);
  makeSchemaFixture(version, file);
  const db = new Database(file, { readonly: true });
  const before = snapshot(db);
  expect(schemaVersion(db)).toBe(version);
  db.close();
  return { file, before };
}

describe.each(migrations.map((m) => m.version))(
  'a version-%i database opened by this Encore',
  (version) => {
    it(`is brought to version ${latestVersion} keeping every row and every value`, () => {
      const { file, before } = fixture(version);
      const db = openDb(file);
      expect(schemaVersion(db)).toBe(latestVersion);
      expect(snapshot(db, before)).toEqual(before);
      db.close();
    });

    it('passes the integrity, foreign-key and search-index checks after the upgrade', () => {
      const { file } = fixture(version);
      const db = openDb(file);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);
      expect(() =>
        db.exec(`INSERT INTO tracks_fts(tracks_fts) VALUES ('integrity-check')`),
      ).not.toThrow();
      const found = db
        .prepare(`SELECT rowid FROM tracks_fts WHERE tracks_fts MATCH 'Energy'`)
        .all();
      expect(found).toEqual([{ rowid: 2 }]);
      db.close();
    });
  },
);

describe('the schema fixtures', () => {
  it('have rows in every table of every version, so no migration is tested on empty tables', () => {
    for (const { version } of migrations) {
      const { before } = fixture(version);
      const empty = Object.entries(before).filter(([, rows]) => rows.length === 0);
      expect(empty.map(([t]) => `v${version}.${t}`)).toEqual([]);
    }
  });

  it('set a value in every column each migration adds', () => {
    for (const { version } of migrations.filter((m) => m.version > 1)) {
      makeSchemaFixture(version - 1, path.join(dir, 'older.db'));
      const older = new Database(path.join(dir, 'older.db'), { readonly: true });
      const oldColumns = new Set(
        tables(older).flatMap((t) => columns(older, t).map((c) => `${t}.${c}`)),
      );
      older.close();
      const { before } = fixture(version);
      for (const [table, rows] of Object.entries(before)) {
        for (const column of Object.keys(rows[0] ?? {})) {
          if (oldColumns.has(`${table}.${column}`)) continue;
          expect(
            rows.some((r) => r[column] !== null),
            `v${version}: ${table}.${column}`,
          ).toBe(true);
        }
      }
    }
  });
});
