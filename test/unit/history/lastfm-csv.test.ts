import { describe, expect, it } from 'vitest';
import { parseFixture } from './fixture';

const at = (iso: string) => Date.parse(iso) / 1000;

describe('Last.fm CSV exports', () => {
  it('reads utc_time,artist,album,track with quoted commas and an empty album, in UTC', () => {
    const { source, plays } = parseFixture('lastfm/utc-time-header-quoted-fields.csv');
    expect(source).toBe('lastfm-csv');
    expect(plays.map((p) => [p.playedAt, p.artist, p.album, p.title])).toEqual([
      [at('2023-01-24T09:42:00Z'), 'The Paper Lanterns', 'Harbour Lights, Vol. 2', 'Tidewater'],
      [at('2023-01-24T09:38:00Z'), 'Mira Solenne', null, 'Glass, Half Full'],
      [
        at('2023-01-23T23:59:00Z'),
        'Östen & the Tall Pines',
        'Cold Fronts',
        'Night Ferry (feat. Ada Quill)',
      ],
    ]);
  });

  it('reads the uts,…,track_mbid shape: epoch seconds and the track MBID', () => {
    const { plays } = parseFixture('lastfm/uts-header-with-mbids.csv');
    expect(plays[0]).toMatchObject({
      playedAt: 1674553320,
      mbid: 'bbbbbbbb-0000-4000-8000-000000000001',
      album: 'Harbour Lights',
    });
    expect(plays[1]).toMatchObject({ playedAt: 1674553080, mbid: null, album: null });
  });

  it('recognises headerless artist,album,track,date files by their date column', () => {
    const { source, plays } = parseFixture('lastfm/headerless-artist-album-track-date.csv');
    expect(source).toBe('lastfm-csv');
    expect(plays).toHaveLength(2);
    expect(plays[0]).toMatchObject({
      artist: 'The Paper Lanterns',
      title: 'Tidewater',
      playedAt: at('2023-01-24T09:42:00Z'),
    });
  });

  it('names the file, line 3 and the utc_time field when a date is malformed', () => {
    expect(() => parseFixture('lastfm/malformed-date-on-line-3.csv')).toThrow(
      /malformed-date-on-line-3\.csv, line 3, field "utc_time": "yesterday-ish" is not a time/,
    );
  });

  it('names the line of a row with a missing column', () => {
    expect(() => parseFixture('lastfm/missing-column-on-line-2.csv')).toThrow(
      /line 2, field "columns": expected 4 columns, found 3/,
    );
  });

  it('keeps a title with a quoted newline whole and counts lines after it correctly', () => {
    const { plays } = parseFixture('lastfm/quoted-newline-in-title.csv');
    expect(plays.map((p) => p.title)).toEqual(['Two\nLines', 'After']);
  });

  it('ignores a byte-order mark and CRLF line ends', () => {
    const { plays } = parseFixture('lastfm/bom-and-crlf.csv');
    expect(plays).toEqual([expect.objectContaining({ artist: 'Mira Solenne', title: 'Carriage' })]);
  });

  it('keeps the same song scrobbled twice in one minute as two rows with one natural key', () => {
    const { plays } = parseFixture('lastfm/same-song-twice-in-one-minute.csv');
    expect(plays).toHaveLength(3);
    expect(plays[0]!.sourceKey).toBe(plays[1]!.sourceKey);
  });
});
