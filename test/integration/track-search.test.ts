/**
 * Library search as a listener types it (issue 7): accents and case ignored, every word must
 * match somewhere, one or two letters match the start of a word, and a broad search at scale
 * (migration 004's index walk) returns exactly the page and count that sorting every match would.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../src-main/db/connection';
import {
  queryTracks,
  trackWriter,
  type TrackRecord,
  type TrackRow,
  type TrackSort,
} from '../../src-main/db/tracks';
import { trackRecord } from '../fixtures/track-record';

let db: Db;
beforeEach(() => (db = openDb(':memory:')));
afterEach(() => db.close());

function record(i: number, title: string, artist: string, album: string | null): TrackRecord {
  return trackRecord({
    path: `/m/${i}.mp3`,
    title,
    artist,
    album,
    trackNo: (i % 12) + 1,
    discNo: i % 3 === 0 ? null : 1,
    year: i % 5 === 0 ? null : 1960 + (i % 60),
    durationMs: i % 7 === 0 ? null : 100_000 + ((i * 7919) % 300_000),
  });
}

function library(tracks: [string, string, string | null][]): void {
  trackWriter(db).writeBatch(
    tracks.map(([title, artist, album], i) => record(i + 1, title, artist, album)),
    [],
    1,
  );
}

const titles = (q: string) => queryTracks(db, { query: q, sort: 'title' }).rows.map((r) => r.title);

describe('searching the library', () => {
  beforeEach(() =>
    library([
      ['Army of Me', 'Björk', 'Post'],
      ['Café del Mar', 'Energy 52', 'Café del Mar'],
      ['ÉTÉ INDIEN', 'Joe Dassin', 'Été'],
      ['Cabaret', 'Liza Minnelli', 'Cabaret'],
      ['Amber Waves', 'Zola', 'Fields'],
      ['Hyperballad', 'Bjork', 'Post'],
    ]),
  );

  it('ignores accents both ways, in long and short words', () => {
    expect(titles('bjork')).toEqual(['Army of Me', 'Hyperballad']);
    expect(titles('björk')).toEqual(['Army of Me', 'Hyperballad']);
    expect(titles('cafe')).toEqual(['Café del Mar']);
    expect(titles('e')).toEqual(['Café del Mar', 'ÉTÉ INDIEN']);
  });

  it('ignores case, outside ASCII too', () => {
    expect(titles('AMBER')).toEqual(['Amber Waves']);
    expect(titles('été indien')).toEqual(['ÉTÉ INDIEN']);
    expect(titles('CAFÉ')).toEqual(['Café del Mar']);
  });

  it('needs every word to match, each in any column and in any order', () => {
    expect(titles('post army')).toEqual(['Army of Me']);
    expect(titles('bjork hyper')).toEqual(['Hyperballad']);
    expect(titles('waves zola fields')).toEqual(['Amber Waves']);
    expect(titles('army zola')).toEqual([]);
  });

  it('matches one or two letters at the start of a word, not inside one', () => {
    expect(titles('a')).toEqual(['Amber Waves', 'Army of Me']);
    expect(titles('of')).toEqual(['Army of Me']);
    expect(titles('ab')).toEqual([]); // inside "Cabaret" only
    expect(titles('am wav')).toEqual(['Amber Waves']);
    expect(titles('52')).toEqual(['Café del Mar']);
  });

  it('counts what it finds, and finds nothing for punctuation alone', () => {
    expect(queryTracks(db, { query: 'post' }).total).toBe(2);
    expect(queryTracks(db, { query: 'b' }).total).toBe(2);
    expect(queryTracks(db, { query: 'am wav' }).total).toBe(1); // both indexes at once
    expect(queryTracks(db, { query: '-' })).toEqual({ total: 0, rows: [] });
    expect(queryTracks(db, { query: '"a" OR *' }).total).toBe(0);
  });

  it('leaves missing tracks out of the results and the count', () => {
    db.prepare("UPDATE tracks SET missing = 1 WHERE title = 'Hyperballad'").run();
    expect(titles('bjork')).toEqual(['Army of Me']);
    expect(queryTracks(db, { query: 'bjork' }).total).toBe(1);
    expect(queryTracks(db, { query: 'po' }).total).toBe(1);
    expect(queryTracks(db, {}).total).toBe(5);
  });
});

describe('a broad search over thousands of tracks', () => {
  const WORDS = ['amber', 'blue', 'Écho', 'fire'];
  const N = 5000;
  beforeEach(() => {
    library(
      Array.from({ length: N }, (_, i): [string, string, string | null] => [
        `${WORDS[i % 4]} ${WORDS[Math.floor(i / 4) % 4]} ${i}`,
        `Artist ${i % 97}`,
        i % 11 === 0 ? null : `${WORDS[Math.floor(i / 16) % 4]} album ${i % 400}`,
      ]),
    );
    db.prepare('UPDATE tracks SET missing = 1 WHERE id % 13 = 0').run();
    db.prepare('UPDATE tracks SET added_at = id % 50').run();
    const play = db.prepare(
      `INSERT INTO plays (profile_id, played_at, track_id, artist, title, source, source_key)
       VALUES (1, ?, ?, 'a', 't', 'app', ?)`,
    );
    for (let i = 0; i < 4000; i++) play.run(i, 1 + ((i * i) % N), `p${i}`);
  });

  /** What the list must show: every shown match sorted by the whole sort key in JS. */
  function expected(match: (r: TrackRow) => boolean, sort: TrackSort, desc: boolean): number[] {
    const all = queryTracks(db, { limit: N }).rows.filter(match);
    const key: Record<TrackSort, (r: TrackRow) => (string | number | null)[]> = {
      title: (r) => [r.title.toLowerCase()],
      artist: (r) => [r.artist.toLowerCase(), r.album?.toLowerCase() ?? null, r.discNo, r.trackNo],
      album: (r) => [r.album?.toLowerCase() ?? null, r.discNo, r.trackNo],
      year: (r) => [r.year],
      duration: (r) => [r.durationMs],
      added: (r) => [r.addedAt],
      plays: (r) => [r.plays],
    };
    const cmp = (a: string | number | null, b: string | number | null) =>
      a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1;
    return all
      .sort((a, b) => {
        const [ka, kb] = [
          [...key[sort](a), a.id],
          [...key[sort](b), b.id],
        ];
        const c = ka.map((v, i) => cmp(v, kb[i]!)).find((x) => x !== 0) ?? 0;
        return desc ? -c : c;
      })
      .map((r) => r.id);
  }

  const sorts: TrackSort[] = ['title', 'artist', 'album', 'year', 'duration', 'added', 'plays'];
  it.each(sorts)('pages and counts a broad search sorted by %s as a full sort would', (sort) => {
    const cases: [string, (r: TrackRow) => boolean][] = [
      ['amber', (r) => `${r.title} ${r.artist} ${r.album ?? ''}`.toLowerCase().includes('amber')],
      ['e', (r) => /(^|\s)[eé]/i.test(`${r.title} ${r.artist} ${r.album ?? ''}`)],
      ['', () => true],
    ];
    for (const [query, match] of cases) {
      for (const desc of [false, true]) {
        const want = expected(match, sort, desc);
        expect(want.length).toBeGreaterThan(2000); // so the index walk is what runs
        const dir = desc ? 'desc' : 'asc';
        const first = queryTracks(db, { query, sort, dir, limit: 100 });
        expect(first.total, `${query} ${sort} ${dir}`).toBe(want.length);
        expect(
          first.rows.map((r) => r.id),
          `${query} ${sort} ${dir}`,
        ).toEqual(want.slice(0, 100));
        const deep = queryTracks(db, { query, sort, dir, offset: 1500, limit: 100 });
        expect(deep.rows.map((r) => r.id)).toEqual(want.slice(1500, 1600));
      }
    }
  });
});

describe('play counts in the list', () => {
  beforeEach(() =>
    library([
      ['One', 'A', null],
      ['Two', 'B', null],
    ]),
  );
  const plays = () =>
    Object.fromEntries(queryTracks(db, { sort: 'title' }).rows.map((r) => [r.title, r.plays]));
  const insert = (key: string, trackId: number | null, duplicateOf: number | null = null) =>
    Number(
      db
        .prepare(
          `INSERT INTO plays (profile_id, played_at, track_id, artist, title, source, source_key, duplicate_of)
           VALUES (1, 1, ?, 'a', 't', 'app', ?, ?)`,
        )
        .run(trackId, key, duplicateOf).lastInsertRowid,
    );

  it('follow plays added, flagged as duplicates, unflagged, moved and deleted', () => {
    const first = insert('1', 1);
    insert('2', 1);
    insert('3', 1, first); // the same listen from another source: not counted
    insert('4', null);
    expect(plays()).toEqual({ One: 2, Two: 0 });
    db.prepare('DELETE FROM plays WHERE id = ?').run(first); // its duplicate now stands alone
    expect(plays()).toEqual({ One: 2, Two: 0 });
    db.prepare("UPDATE plays SET track_id = 2 WHERE source_key = '2'").run();
    expect(plays()).toEqual({ One: 1, Two: 1 });
    db.prepare("UPDATE plays SET track_id = 2 WHERE source_key = '4'").run();
    expect(plays()).toEqual({ One: 1, Two: 2 });
    expect(queryTracks(db, { sort: 'plays', dir: 'desc' }).rows.map((r) => r.title)).toEqual([
      'Two',
      'One',
    ]);
  });
});
