import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../src-main/db/connection';
import { importHistory, type ImportSummary } from '../../src-main/history/import-files';
import { sessionSummary, topArtists } from '../../src-main/db/history-stats';

const data = process.env.ENCORE_DATA ?? path.resolve(import.meta.dirname, '../../../shared/data');
const folders = ['lastfm-export', 'spotify-basic', 'spotify-extended'];

/**
 * Every real listening export in ../shared/data, imported in place into a temp database.
 * Expected counts come from ../shared/data/README.md: 11,387 Last.fm rows, 12,119 Spotify
 * account-data plays, 400 extended rows of which 7 are podcast episodes (no track name), dropped.
 */
describe('importing the real exports in ../shared/data', () => {
  let dir: string;
  let db: Db;
  let first: ImportSummary;
  let again: ImportSummary;
  const byFolder = (s: ImportSummary, folder: string) =>
    s.files.filter((f) => f.path.includes(`${path.sep}${folder}${path.sep}`));
  const sum = (
    s: ImportSummary,
    folder: string,
    key: 'rows' | 'imported' | 'duplicates' | 'dropped' | 'matched',
  ) => byFolder(s, folder).reduce((n, f) => n + f[key], 0);

  beforeAll(async () => {
    for (const f of folders) expect(readdirSync(path.join(data, f)).length).toBeGreaterThan(0);
    dir = mkdtempSync(path.join(os.tmpdir(), 'encore-real-history-'));
    db = openDb(path.join(dir, 'encore.db'));
    const inputs = folders.map((f) => path.join(data, f));
    first = await importHistory(db, inputs, { profileId: 1 });
    again = await importHistory(db, inputs, { profileId: 1 });
  });
  afterAll(() => {
    db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('recognises every file and imports it without an error', () => {
    expect(first.files.map((f) => [path.basename(f.path), f.format, f.error ?? null])).toEqual([
      ['scrobbles.csv', 'lastfm-csv', null],
      ['StreamingHistory0.json', 'spotify-basic', null],
      ['StreamingHistory1.json', 'spotify-basic', null],
      ['Streaming_History_Audio_sample.json', 'spotify-extended', null],
    ]);
  });

  it('keeps all 11,387 Last.fm rows, the same song twice in one minute included', () => {
    expect(sum(first, 'lastfm-export', 'rows')).toBe(11_387);
    expect(sum(first, 'lastfm-export', 'imported')).toBe(11_387);
  });

  it('keeps all 12,119 Spotify account-data plays (every row is music; short ones are skips)', () => {
    expect(sum(first, 'spotify-basic', 'rows')).toBe(12_119);
    expect(
      sum(first, 'spotify-basic', 'imported') + sum(first, 'spotify-basic', 'duplicates'),
    ).toBe(12_119);
    const skips = db
      .prepare("SELECT COUNT(*) AS n FROM plays WHERE source = 'spotify-basic' AND skipped = 1")
      .get() as { n: number };
    expect(skips.n).toBeGreaterThan(0);
  });

  it('keeps the 393 music rows of the 400 extended rows and drops the 7 podcast episodes', () => {
    expect(sum(first, 'spotify-extended', 'rows')).toBe(393);
    expect(sum(first, 'spotify-extended', 'dropped')).toBe(7);
  });

  it('adds nothing when everything is imported a second time', () => {
    expect(again.files.reduce((n, f) => n + f.imported, 0)).toBe(0);
    const stored = db.prepare('SELECT COUNT(*) AS n FROM plays').get() as { n: number };
    expect(stored.n).toBe(11_387 + 12_119 + 393);
  });

  it('stores no IP address', () => {
    const columns = (db.prepare('PRAGMA table_info(plays)').all() as { name: string }[]).map(
      (c) => c.name,
    );
    expect(columns.filter((c) => /(^|_)ip(_|$)/i.test(c))).toEqual([]);
  });

  it('gives stats and sessions over the imported history', () => {
    expect(topArtists(db, 1, {}, 3)).toHaveLength(3);
    const sessions = sessionSummary(db, 1);
    expect(sessions.plays).toBeGreaterThan(20_000);
    expect(sessions.sessions).toBeGreaterThan(500);
  });
});
