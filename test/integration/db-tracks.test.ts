import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../src-main/db/connection';
import { queryTracks, trackWriter, type TrackRecord } from '../../src-main/db/tracks';
import { trackRecord } from '../fixtures/track-record';

let db: Db;
beforeEach(() => {
  db = openDb(':memory:');
  const record = (path: string, title: string, artist: string, album: string): TrackRecord =>
    trackRecord({ path, title, artist, album });
  trackWriter(db).writeBatch(
    [
      record('/m/1.mp3', 'Amber Waves', 'Zola', 'Fields'),
      record('/m/2.mp3', 'Blue', 'Amberline', 'Sea'),
      record('/m/3.mp3', 'Cold Amber', 'Yara', 'Winter'),
      record('/m/4.mp3', 'Do Re Mi', 'Xeno', 'Notes'),
      record('/m/5.mp3', 'Echo', 'Wren', 'Caves'),
    ],
    [],
    1,
  );
  db.prepare('UPDATE tracks SET missing = 1 WHERE path = ?').run('/m/5.mp3');
  const play = db.prepare(
    `INSERT INTO plays (profile_id, played_at, track_id, artist, title, source, source_key)
     VALUES (1, ?, ?, 'a', 't', 'app', ?)`,
  );
  for (let i = 0; i < 3; i++) play.run(i, 3, `c${i}`);
  play.run(10, 2, 'b0');
});
afterEach(() => db.close());

const titles = (r: { rows: { title: string }[] }) => r.rows.map((t) => t.title);

describe('the track list query', () => {
  it('finds a word anywhere in title, artist or album, and leaves missing files out', () => {
    const found = queryTracks(db, { query: 'amber', sort: 'title' });
    expect(found.total).toBe(3);
    expect(titles(found)).toEqual(['Amber Waves', 'Blue', 'Cold Amber']);
    expect(queryTracks(db, { query: 'echo' }).total).toBe(0);
  });

  it('matches words shorter than a trigram too, and treats search syntax as text', () => {
    expect(titles(queryTracks(db, { query: 're' }))).toEqual(['Do Re Mi']);
    expect(titles(queryTracks(db, { query: 'do re mi' }))).toEqual(['Do Re Mi']);
    expect(queryTracks(db, { query: '"amber" OR *' }).total).toBe(0);
    expect(queryTracks(db, { query: '%' }).total).toBe(0);
  });

  it('sorts both ways, by plays too, and pages in order', () => {
    expect(titles(queryTracks(db, { sort: 'title', dir: 'desc' }))).toEqual([
      'Do Re Mi',
      'Cold Amber',
      'Blue',
      'Amber Waves',
    ]);
    const byPlays = queryTracks(db, { sort: 'plays', dir: 'desc' });
    expect(byPlays.rows.map((r) => [r.title, r.plays])).toEqual([
      ['Cold Amber', 3],
      ['Blue', 1],
      ['Do Re Mi', 0], // ties keep the id order, reversed with the direction
      ['Amber Waves', 0],
    ]);
    const page = queryTracks(db, { sort: 'title', offset: 1, limit: 2 });
    expect(page.total).toBe(4);
    expect(titles(page)).toEqual(['Blue', 'Cold Amber']);
  });
});
