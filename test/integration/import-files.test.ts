import { mkdirSync, writeFileSync, copyFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { zipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src-main/db/connection';
import { listRuns } from '../../src-main/db/imports';
import { topArtists } from '../../src-main/db/history-stats';
import { importHistory } from '../../src-main/history/import-files';
import { addTracks, countPlays, fixture, tempDb } from './import-helpers';

let t: ReturnType<typeof tempDb>;
let db: Db;
beforeEach(() => {
  t = tempDb();
  db = t.db;
});
afterEach(() => t.done());

const importOne = (...names: string[]) =>
  importHistory(
    db,
    names.map((n) => (path.isAbsolute(n) ? n : fixture(n))),
    { profileId: 1 },
  );

describe('importing history files', () => {
  it('keeps nothing from a file whose row 3 is malformed, and says where', async () => {
    const { files } = await importOne('lastfm/malformed-date-on-line-3.csv');
    expect(files[0]!.error).toMatch(/malformed-date-on-line-3\.csv, line 3, field "utc_time"/);
    expect(files[0]!.imported).toBe(0);
    expect(countPlays(db)).toBe(0);
    expect(listRuns(db, 1)[0]).toMatchObject({ status: 'failed', source: 'lastfm-csv' });
  });

  it('adds nothing when the same file is imported again', async () => {
    const first = await importOne('lastfm/utc-time-header-quoted-fields.csv');
    const again = await importOne('lastfm/utc-time-header-quoted-fields.csv');
    expect(first.files[0]).toMatchObject({ rows: 3, imported: 3, duplicates: 0 });
    expect(again.files[0]).toMatchObject({ rows: 3, imported: 0, duplicates: 3 });
    expect(countPlays(db)).toBe(3);
  });

  it('stores the same song scrobbled twice in one minute twice, and still only once on re-import', async () => {
    await importOne('lastfm/same-song-twice-in-one-minute.csv');
    await importOne('lastfm/same-song-twice-in-one-minute.csv');
    expect(countPlays(db)).toBe(3);
  });

  it('flags the same listen from Last.fm and ListenBrainz as a duplicate, counted once', async () => {
    await importOne('lastfm/uts-header-with-mbids.csv');
    const { files } = await importOne('listenbrainz/listens-array.json');
    expect(files[0]).toMatchObject({ rows: 2, imported: 0, duplicates: 2 });
    expect(countPlays(db)).toBe(4);
    expect(countPlays(db, 'duplicate_of IS NOT NULL')).toBe(2);
    expect(topArtists(db, 1, {}, 10).map((a) => a.plays)).toEqual([1, 1]);
  });

  it('flags overlapping Last.fm and Spotify plays within 60 s with the same normalised names', async () => {
    const dir = path.join(t.dir, 'overlap');
    mkdirSync(dir);
    // Started 09:42:00 by Last.fm; Spotify says it ended 09:45 after 181 s → started 09:41:59.
    writeFileSync(
      path.join(dir, 'scrobbles.csv'),
      'utc_time,artist,album,track\n"24 Jan 2023, 09:42",The Paper Lanterns,,Tidewater\n',
    );
    writeFileSync(
      path.join(dir, 'spotify.json'),
      JSON.stringify([
        {
          endTime: '2023-01-24 09:45',
          artistName: 'Paper Lanterns',
          trackName: 'Tidewater - Remastered 2009',
          msPlayed: 181_000,
        },
        {
          endTime: '2023-01-24 10:45',
          artistName: 'Paper Lanterns',
          trackName: 'Tidewater',
          msPlayed: 181_000,
        },
      ]),
    );
    const { files } = await importOne(dir);
    expect(files.map((f) => [f.format, f.imported, f.duplicates])).toEqual([
      ['lastfm-csv', 1, 0],
      ['spotify-basic', 1, 1],
    ]);
  });

  it('stores every time as UTC epoch seconds, converting offsets', async () => {
    await importOne('encore/times-with-offsets.json');
    const times = (
      db.prepare('SELECT played_at AS t FROM plays ORDER BY t').all() as { t: number }[]
    ).map((r) => r.t);
    expect(times).toEqual(
      ['2023-01-24T09:42:00Z', '2023-01-24T09:45:00Z', '2023-01-24T09:50:00Z'].map(
        (s) => Date.parse(s) / 1000,
      ),
    );
  });

  it('imports a folder and a zip of mixed formats, naming each unknown file', async () => {
    const zipFile = path.join(t.dir, 'takeout.zip');
    writeFileSync(
      zipFile,
      zipSync({
        'MyData/StreamingHistory0.json': readFileSync(
          fixture('spotify/basic-streaming-history.json'),
        ),
        'MyData/notes.csv': readFileSync(fixture('unknown/shopping-list.csv')),
        '__MACOSX/MyData/._StreamingHistory0.json': new Uint8Array([0, 5, 22]),
      }),
    );
    const folder = path.join(t.dir, 'exports');
    mkdirSync(folder);
    copyFileSync(
      fixture('listenbrainz/listens-json-lines.jsonl'),
      path.join(folder, 'listens.jsonl'),
    );
    copyFileSync(
      fixture('spotify/extended-with-podcast-and-ip-address.json'),
      path.join(folder, 'Streaming_History_Audio_2023.json'),
    );
    const { files } = await importOne(zipFile, folder);
    expect(
      files.map((f) => [path.relative(t.dir, f.path), f.format, f.imported, f.error ?? null]),
    ).toEqual([
      ['takeout.zip/MyData/StreamingHistory0.json', 'spotify-basic', 4, null],
      [
        'takeout.zip/MyData/notes.csv',
        'unknown',
        0,
        expect.stringContaining('takeout.zip/MyData/notes.csv is not a listening-history file'),
      ],
      ['exports/Streaming_History_Audio_2023.json', 'spotify-extended', 2, null],
      ['exports/listens.jsonl', 'listenbrainz', 2, null],
    ]);
    expect(files[2]!.dropped).toBe(1);
    expect(countPlays(db)).toBe(8);
  });

  it('keeps skipped and reason_end from Spotify extended history and never an IP address', async () => {
    await importOne('spotify/extended-with-podcast-and-ip-address.json');
    const rows = db.prepare('SELECT * FROM plays ORDER BY played_at').all() as Record<
      string,
      unknown
    >[];
    expect(rows.map((r) => [r.title, r.ms_played, r.skipped, r.reason_end])).toEqual([
      ['Tidewater', 61839, 1, 'fwdbtn'],
      ['Glass Half Full', 200000, 0, 'trackdone'],
    ]);
    expect(readFileSync(t.file).includes(Buffer.from('203.0.113.7'))).toBe(false);
  });

  it('matches plays to library tracks and keeps unmatched ones with their raw names', async () => {
    const [tidewater] = addTracks(db, [
      { artist: 'The Paper Lanterns', title: 'Tidewater', album: 'Harbour Lights' },
    ]);
    const { files } = await importOne('lastfm/utc-time-header-quoted-fields.csv');
    expect(files[0]).toMatchObject({ matched: 1, unmatched: 2 });
    const rows = db
      .prepare('SELECT artist, title, track_id AS trackId FROM plays ORDER BY played_at DESC')
      .all();
    expect(rows).toEqual([
      { artist: 'The Paper Lanterns', title: 'Tidewater', trackId: tidewater },
      { artist: 'Mira Solenne', title: 'Glass, Half Full', trackId: null },
      { artist: 'Östen & the Tall Pines', title: 'Night Ferry (feat. Ada Quill)', trackId: null },
    ]);
  });

  it('names a path that does not exist', async () => {
    const { files } = await importOne(path.join(t.dir, 'nope.csv'));
    expect(files[0]!.error).toMatch(/nope\.csv does not exist/);
  });
});
