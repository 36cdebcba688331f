import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../src-main/db/connection';
import { ensureDemoLibrary, type DemoResult } from '../../src-main/library/demo';

let dir: string;
let db: Db;
let first: DemoResult;

const one = <T>(sql: string, ...args: unknown[]): T => db.prepare(sql).get(...args) as T;
/** Row counts of every table the demo writes: equal before and after means nothing changed. */
const tableCounts = (): Record<string, number> =>
  Object.fromEntries(
    ['library_folders', 'tracks', 'artists', 'albums', 'plays', 'import_runs', 'scan_errors'].map(
      (t) => [t, one<{ n: number }>(`SELECT COUNT(*) AS n FROM ${t}`).n],
    ),
  );

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'encore-demo-'));
  db = openDb(path.join(dir, 'encore.db'));
  first = await ensureDemoLibrary(db);
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the bundled demo library', () => {
  it('scans at least 48 songs by at least 8 artists, every file readable', () => {
    expect(first.scanned.errors).toEqual([]);
    expect(first.scanned.added).toBeGreaterThanOrEqual(48);
    expect(
      one<{ n: number }>('SELECT COUNT(*) AS n FROM tracks WHERE missing = 0').n,
    ).toBeGreaterThanOrEqual(48);
    expect(
      one<{ n: number }>('SELECT COUNT(DISTINCT artist_id) AS n FROM tracks').n,
    ).toBeGreaterThanOrEqual(8);
  });

  it('comes in several formats, tagged with album, track number, year and genre', () => {
    const codecs = db.prepare('SELECT DISTINCT codec FROM tracks').pluck().all();
    expect(codecs.length).toBeGreaterThanOrEqual(5);
    expect(
      one<{ n: number }>(
        'SELECT COUNT(*) AS n FROM tracks WHERE album IS NULL OR track_no IS NULL OR year IS NULL OR duration_ms < 7500',
      ).n,
    ).toBe(0);
    expect(
      one<{ n: number }>('SELECT COUNT(*) AS n FROM tracks WHERE genre IS NOT NULL').n,
    ).toBeGreaterThanOrEqual(48);
  });

  it('carries MusicBrainz ids on some albums', () => {
    expect(
      one<{ n: number }>('SELECT COUNT(*) AS n FROM tracks WHERE mb_album_id IS NOT NULL').n,
    ).toBeGreaterThanOrEqual(10);
    expect(
      one<{ n: number }>('SELECT COUNT(*) AS n FROM tracks WHERE mb_recording_id IS NOT NULL').n,
    ).toBeGreaterThanOrEqual(5);
  });

  it('keeps the track artists of the Various Artists compilation under one album', () => {
    const rows = db
      .prepare(
        `SELECT t.artist, ar.name AS albumArtist, t.album_id AS albumId FROM tracks t
           JOIN albums a ON a.id = t.album_id JOIN artists ar ON ar.id = a.artist_id
          WHERE t.album = 'Small Hours, Vol. 1'`,
      )
      .all() as { artist: string; albumArtist: string; albumId: number }[];
    expect(rows.length).toBeGreaterThanOrEqual(5);
    expect(new Set(rows.map((r) => r.albumId)).size).toBe(1);
    expect(new Set(rows.map((r) => r.albumArtist))).toEqual(new Set(['Various Artists']));
    expect(new Set(rows.map((r) => r.artist)).size).toBe(rows.length);
    expect(rows.map((r) => r.artist)).not.toContain('Various Artists');
  });

  it('loads the demo history, matching most plays to a song and keeping the rest', () => {
    const { imported, matched } = first.plays;
    expect(imported).toBeGreaterThanOrEqual(2_500);
    expect(matched / imported).toBeGreaterThan(0.95);
    expect(imported - matched).toBeGreaterThan(0); // "missing from your library" has content
    expect(
      one<{ n: number }>(`SELECT COUNT(*) AS n FROM plays WHERE source = 'demo' AND profile_id = 1`)
        .n,
    ).toBe(imported);
    expect(one<{ n: number }>('SELECT COUNT(*) AS n FROM plays WHERE track_id IS NOT NULL').n).toBe(
      matched,
    );
  });

  it("marks about one play in ten skipped, by plays.ts's rule against the matched song's length", () => {
    const share = one<{ s: number }>(`SELECT AVG(skipped) AS s FROM plays WHERE source = 'demo'`).s;
    expect(share).toBeGreaterThan(0.06);
    expect(share).toBeLessThan(0.14);
    // songs not in the library have no length to judge by, so only 4+ minutes count as heard;
    // the demo's are long enough that most of their plays still do
    const missing = one<{ s: number }>(
      `SELECT AVG(skipped) AS s FROM plays WHERE track_id IS NULL`,
    ).s;
    expect(missing).toBeLessThan(0.5);
  });

  it('records one demo import run with its counts', () => {
    const runs = db
      .prepare(`SELECT status, counts FROM import_runs WHERE source = 'demo'`)
      .all() as {
      status: string;
      counts: string;
    }[];
    expect(runs).toHaveLength(1);
    expect(runs[0]?.status).toBe('done');
    expect(JSON.parse(runs[0]?.counts ?? '{}')).toMatchObject({
      imported: first.plays.imported,
      matched: first.plays.matched,
    });
  });

  it('changes nothing when called a second time', async () => {
    const before = tableCounts();
    const second = await ensureDemoLibrary(db);
    expect(second.plays).toEqual({ imported: 0, matched: 0 });
    expect(second.scanned).toMatchObject({
      added: 0,
      updated: 0,
      removed: 0,
      unchanged: first.scanned.added,
    });
    expect(tableCounts()).toEqual(before);
  });

  it('stops with an AbortError, storing no plays, when cancelled', async () => {
    const other = openDb(path.join(dir, 'cancelled.db'));
    try {
      const controller = new AbortController();
      controller.abort();
      await expect(ensureDemoLibrary(other, { signal: controller.signal })).rejects.toMatchObject({
        name: 'AbortError',
      });
      expect(one<{ n: number }>('SELECT COUNT(*) AS n FROM plays').n).toBeGreaterThan(0); // the first db is untouched
      expect((other.prepare('SELECT COUNT(*) AS n FROM plays').get() as { n: number }).n).toBe(0);
    } finally {
      other.close();
    }
  });
});
