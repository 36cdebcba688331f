import { describe, expect, it } from 'vitest';
import {
  entryPath,
  parseM3u,
  toM3u8,
  toXspf,
  type ExportEntry,
} from '../../../src-main/playlists/formats';

const song = (over: Partial<ExportEntry> = {}): ExportEntry => ({
  path: '/music/Miles Davis/Kind of Blue/02 So What.flac',
  title: 'So What',
  artist: 'Miles Davis',
  album: 'Kind of Blue',
  durationMs: 562_400,
  ...over,
});

describe('M3U8 export', () => {
  it('writes #EXTINF with whole seconds and "artist - title", then the path', () => {
    expect(toM3u8('Late', [song()]).split('\n')).toEqual([
      '#EXTM3U',
      '#PLAYLIST:Late',
      '#EXTINF:562,Miles Davis - So What',
      '/music/Miles Davis/Kind of Blue/02 So What.flac',
      '',
    ]);
  });

  it('writes paths relative to the playlist folder when the file lies under it', () => {
    const text = toM3u8('Late', [song()], '/music');
    expect(text).toContain('\nMiles Davis/Kind of Blue/02 So What.flac\n');
  });

  it('keeps a path outside the playlist folder absolute', () => {
    expect(entryPath('/other/a.mp3', '/music')).toBe('/other/a.mp3');
    expect(entryPath('/music-extra/a.mp3', '/music')).toBe('/music-extra/a.mp3');
  });

  it('writes -1 for an unknown length and keeps a newline in a tag from starting an entry', () => {
    const text = toM3u8('x', [song({ durationMs: null, title: 'Two\nLines' })]);
    expect(text).toContain('#EXTINF:-1,Miles Davis - Two Lines\n');
  });
});

describe('XSPF export', () => {
  it('writes file: URIs for absolute paths and escapes tag text', () => {
    const xml = toXspf('Rock & Roll', [song({ artist: 'AC/DC <live>' })]);
    expect(xml).toContain('<title>Rock &#38; Roll</title>');
    expect(xml).toContain('<creator>AC/DC &#60;live&#62;</creator>');
    expect(xml).toContain(
      '<location>file:///music/Miles%20Davis/Kind%20of%20Blue/02%20So%20What.flac</location>',
    );
    expect(xml).toContain('<duration>562400</duration>');
  });

  it('writes percent-encoded relative locations under the playlist folder', () => {
    const xml = toXspf('x', [song({ path: '/music/a b/c#1.mp3' })], '/music');
    expect(xml).toContain('<location>a%20b/c%231.mp3</location>');
  });

  it('leaves out album and duration when they are unknown', () => {
    const xml = toXspf('x', [song({ album: null, durationMs: null })]);
    expect(xml).not.toContain('<album>');
    expect(xml).not.toContain('<duration>');
  });
});

describe('M3U parsing', () => {
  it('resolves relative entries against the playlist folder and keeps line numbers', () => {
    const text = '#EXTM3U\n#EXTINF:10,A - B\nsub/one.mp3\n\n/abs/two.mp3\n';
    expect(parseM3u(text, '/lists')).toEqual([
      { line: 3, text: 'sub/one.mp3', path: '/lists/sub/one.mp3' },
      { line: 5, text: '/abs/two.mp3', path: '/abs/two.mp3' },
    ]);
  });

  it('reads file: URLs, Windows separators, CRLF line ends and a byte-order mark', () => {
    const text = '\uFEFF#EXTM3U\r\nfile:///m/a%20b.mp3\r\n..\\up\\c.mp3\r\n';
    expect(parseM3u(text, '/lists/x').map((e) => e.path)).toEqual([
      '/m/a b.mp3',
      '/lists/up/c.mp3',
    ]);
  });

  it('gives stream URLs no path, so they are reported as unmatched', () => {
    expect(parseM3u('http://radio.example/stream\n', '/l')).toEqual([
      { line: 1, text: 'http://radio.example/stream', path: null },
    ]);
  });
});
