import { describe, expect, it } from 'vitest';
import {
  guessFromFolders,
  notAudioReason,
  titleFromFileName,
  toTrackRecord,
  UNKNOWN_ARTIST,
  type FileFacts,
  type ParsedMetadata,
} from '../../../src-main/library/tags';

const root = '/music';
const file = (rel: string): FileFacts => ({
  path: `${root}/${rel}`,
  folderPath: root,
  folderId: 7,
  size: 1234,
  mtimeMs: 1700000000123.9,
});
const format: ParsedMetadata['format'] = {
  container: 'MPEG',
  codec: 'MPEG 1 Layer 3',
  duration: 215.51,
  bitrate: 320000,
  sampleRate: 44100,
};
const record = (rel: string, common: ParsedMetadata['common'], fmt = format) =>
  toTrackRecord(file(rel), { common, format: fmt });

describe('toTrackRecord with full tags', () => {
  const r = record('A/B/x.mp3', {
    title: 'Teardrop',
    artist: 'Massive Attack',
    artists: ['Massive Attack'],
    album: 'Mezzanine',
    albumartist: 'Massive Attack',
    track: { no: 3, of: 11 },
    disk: { no: 1, of: 1 },
    year: 1998,
    genre: ['Trip Hop', 'Electronic'],
    musicbrainz_recordingid: 'rec-id',
    musicbrainz_trackid: 'track-id',
    musicbrainz_albumid: 'album-id',
    musicbrainz_artistid: ['artist-id', 'other'],
  });

  it('takes every field from the tags, not the path', () => {
    expect(r).toMatchObject({
      title: 'Teardrop',
      artist: 'Massive Attack',
      artists: ['Massive Attack'],
      album: 'Mezzanine',
      albumArtist: 'Massive Attack',
      trackNo: 3,
      trackTotal: 11,
      discNo: 1,
      discTotal: 1,
      year: 1998,
      compilation: false,
    });
  });

  it('keeps the first genre and the first MusicBrainz artist id', () => {
    expect(r.genre).toBe('Trip Hop');
    expect([r.mbRecordingId, r.mbTrackId, r.mbAlbumId, r.mbArtistId]).toEqual([
      'rec-id',
      'track-id',
      'album-id',
      'artist-id',
    ]);
  });

  it('stores duration in whole milliseconds and format facts as given', () => {
    expect(r).toMatchObject({
      durationMs: 215510,
      codec: 'MPEG 1 Layer 3',
      container: 'MPEG',
      bitrate: 320000,
      sampleRate: 44100,
    });
  });

  it('carries the file facts through, with mtime truncated to whole milliseconds', () => {
    expect(r).toMatchObject({
      path: '/music/A/B/x.mp3',
      folderId: 7,
      size: 1234,
      mtimeMs: 1700000000123,
    });
  });
});

describe('toTrackRecord without tags', () => {
  it('takes title, track number, artist and album from Artist/Album/03 - Title.mp3', () => {
    expect(record('Portishead/Dummy/03 - Strangers.mp3', {})).toMatchObject({
      title: 'Strangers',
      trackNo: 3,
      artist: 'Portishead',
      artists: ['Portishead'],
      album: 'Dummy',
      albumArtist: null,
    });
  });

  it('reads the disc number from a CD2 folder and looks above it for the album', () => {
    expect(record('Artist/Box Set/CD2/01 Opening.flac', {})).toMatchObject({
      album: 'Box Set',
      artist: 'Artist',
      discNo: 2,
      trackNo: 1,
    });
  });

  it('uses Unknown Artist for a file directly in the library folder', () => {
    expect(record('loose.mp3', {})).toMatchObject({
      title: 'loose',
      artist: UNKNOWN_ARTIST,
      album: null,
    });
  });

  it('uses the only folder as the album but not as the artist', () => {
    expect(record('Singles/song.mp3', {})).toMatchObject({
      artist: UNKNOWN_ARTIST,
      album: 'Singles',
    });
  });

  it('treats blank and NUL-padded tags as missing', () => {
    expect(
      record('Folder Artist/Folder Album/07 - Name.ogg', {
        title: '  ',
        artist: '\0\0',
        album: '',
      }),
    ).toMatchObject({
      title: 'Name',
      artist: 'Folder Artist',
      album: 'Folder Album',
    });
  });

  it('fills only the missing fields: a tagged artist wins over the folder', () => {
    expect(record('Folder Artist/Folder Album/07 - Name.ogg', { artist: 'Tagged' })).toMatchObject({
      artist: 'Tagged',
      album: 'Folder Album',
    });
  });

  it('prefers the tagged track number over the file name', () => {
    expect(record('A/B/03 - Song.mp3', { track: { no: 9, of: null } }).trackNo).toBe(9);
  });

  it('joins the artists list when there is no single artist tag', () => {
    expect(record('a.mp3', { artists: ['Daft Punk', 'Pharrell Williams'] })).toMatchObject({
      artist: 'Daft Punk, Pharrell Williams',
      artists: ['Daft Punk', 'Pharrell Williams'],
    });
  });

  it('leaves unknown numbers null rather than zero', () => {
    const r = record('a.mp3', { track: { no: 0, of: null }, disk: { no: null, of: 0 } }, {});
    expect([
      r.trackNo,
      r.trackTotal,
      r.discNo,
      r.discTotal,
      r.durationMs,
      r.bitrate,
      r.year,
      r.codec,
    ]).toEqual([null, null, null, null, null, null, null, null]);
  });
});

describe('toTrackRecord for compilations', () => {
  it('keeps the track artist and files the album under Various Artists when flagged', () => {
    expect(
      record('Comp/01 - a.mp3', { title: 'a', artist: 'Björk', album: 'Hits', compilation: true }),
    ).toMatchObject({
      artist: 'Björk',
      artists: ['Björk'],
      albumArtist: 'Various Artists',
      compilation: true,
    });
  });

  it('recognises an album artist spelled "VARIOUS ARTISTS " without the flag', () => {
    expect(record('x.mp3', { artist: 'Moby', albumartist: 'VARIOUS ARTISTS ' })).toMatchObject({
      artist: 'Moby',
      albumArtist: 'Various Artists',
      compilation: true,
    });
  });
});

describe('year', () => {
  it('comes from the year tag, else from the first four digits of the date', () => {
    expect(record('x.mp3', { year: 2004 }).year).toBe(2004);
    expect(record('x.mp3', { date: '2011-03-04' }).year).toBe(2011);
  });

  it('ignores implausible years', () => {
    expect(record('x.mp3', { year: 0 }).year).toBeNull();
    expect(record('x.mp3', { date: 'unknown' }).year).toBeNull();
  });
});

describe('titleFromFileName', () => {
  it.each([
    ['03 - Title.mp3', 'Title', 3],
    ['03. Title.flac', 'Title', 3],
    ['03_Title.ogg', 'Title', 3],
    ['1-03 Title.mp3', 'Title', 3],
    ['1.03 - Title.mp3', 'Title', 3],
    ['07 Title With Spaces.m4a', 'Title With Spaces', 7],
    ['Title Only.mp3', 'Title Only', null],
  ])('reads %s as title %s, track %s', (name, title, trackNo) => {
    expect(titleFromFileName(name)).toEqual({ title, trackNo });
  });

  it('keeps a title that is only a number: 1979.mp3', () => {
    expect(titleFromFileName('1979.mp3')).toEqual({ title: '1979', trackNo: null });
  });

  it('keeps a number that starts a title without padding: 99 Luftballons.mp3', () => {
    expect(titleFromFileName('99 Luftballons.mp3')).toEqual({
      title: '99 Luftballons',
      trackNo: null,
    });
  });

  it('keeps "2 - 4 - 6" whole rather than stripping down to digits', () => {
    expect(titleFromFileName('2 - 4.mp3').title).toBe('2 - 4');
  });
});

describe('guessFromFolders', () => {
  it('ignores folders above the library folder', () => {
    expect(guessFromFolders('/music/x.mp3', '/music')).toEqual({
      artist: null,
      album: null,
      discNo: null,
    });
  });

  it('does not take a lone "CD1" folder for a disc of nothing', () => {
    expect(guessFromFolders('/music/CD1/x.mp3', '/music')).toEqual({
      artist: null,
      album: 'CD1',
      discNo: null,
    });
  });
});

describe('notAudioReason', () => {
  it('rejects what music-metadata reports for an empty or truncated file', () => {
    expect(notAudioReason({ common: {}, format: { hasAudio: false } })).toMatch(/No audio stream/);
  });

  it('rejects a stream with no duration (random bytes taken for ADTS)', () => {
    expect(notAudioReason({ common: {}, format: { hasAudio: true, codec: 'AAC' } })).toMatch(
      /no readable duration/,
    );
  });

  it('accepts a stream with a codec and a duration', () => {
    expect(
      notAudioReason({ common: {}, format: { hasAudio: true, codec: 'FLAC', duration: 1 } }),
    ).toBeNull();
  });
});
