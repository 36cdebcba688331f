/**
 * Migration 004 (issue 7: search at scale) on a version-3 database: play counts taken over from
 * the plays already stored and kept by triggers from then on, both search indexes rebuilt over the
 * tracks already stored, accents folded. The row-by-row survival checks are db-upgrade.test.ts's.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDb, type Db } from '../../src-main/db/connection';
import { queryTracks } from '../../src-main/db/tracks';
import { makeSchemaFixture } from '../fixtures/schemas/make-schema-fixtures';

let dir: string;
let db: Db;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'encore-upgrade-004-'));
  makeSchemaFixture(3, path.join(dir, 'v3.db'));
  db = openDb(path.join(dir, 'v3.db'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const counts = () =>
  db.prepare('SELECT id, play_count AS n FROM tracks ORDER BY id').all() as {
    id: number;
    n: number;
  }[];

describe('a version-3 database brought to version 4', () => {
  it('counts the plays it already had, duplicates and unmatched plays left out', () => {
    // Track 1: plays 1 and 5 (play 2 duplicates 1); track 2: play 4 (another profile).
    expect(counts()).toEqual([
      { id: 1, n: 2 },
      { id: 2, n: 1 },
      { id: 3, n: 0 },
    ]);
  });

  it('keeps counting the plays stored after it', () => {
    db.prepare(
      `INSERT INTO plays (profile_id, played_at, track_id, artist, title, source, source_key)
       VALUES (1, 1700000000, 2, '坂本龍一', 'Energy Flow', 'app', 'later')`,
    ).run();
    expect(counts()[1]).toEqual({ id: 2, n: 2 });
  });

  it('finds the tracks it already had through both rebuilt indexes, accents folded', () => {
    for (const index of ['tracks_fts', 'tracks_fts_words'])
      expect(() =>
        db.exec(`INSERT INTO ${index}(${index}) VALUES ('integrity-check')`),
      ).not.toThrow();
    const titles = (query: string) => queryTracks(db, { query }).rows.map((r) => r.title);
    expect(titles('bjork')).toEqual(['Army of Me']); // track 3, also Björk's, is missing
    expect(titles('en')).toEqual(['Energy Flow']);
    expect(titles('坂本')).toEqual(['Energy Flow']);
  });
});
