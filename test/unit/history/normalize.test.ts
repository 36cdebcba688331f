import { describe, expect, it } from 'vitest';
import {
  creditedArtists,
  normalizeArtist,
  normalizeTitle,
  playKey,
} from '../../../src-main/history/normalize';

describe('normalising names for matching', () => {
  it.each([
    ['The Beatles', 'beatles'],
    ['BEATLES', 'beatles'],
    ['Beyoncé', 'beyonce'],
    ['Ｂｅｙｏｎｃｅ', 'beyonce'], // full-width letters fold under NFKC
    ['Simon & Garfunkel', 'simon and garfunkel'],
    ['Daft Punk feat. Pharrell Williams', 'daft punk'],
    ['Mac Miller ft. Anderson .Paak', 'mac miller'],
    ['Sigur Rós', 'sigur ros'],
    ['Mø', 'mo'],
    ["Guns N' Roses", 'guns n roses'],
  ])('artist %s → %s', (raw, norm) => {
    expect(normalizeArtist(raw)).toBe(norm);
  });

  it.each([
    ['Let It Be - Remastered 2009', 'let it be'],
    ['Box of Rain - 2013 Remaster', 'box of rain'],
    ['Let It Be (Remastered)', 'let it be'],
    ['Here Comes the Sun [2019 Mix Remastered]', 'here comes the sun'],
    ['Fire (Live)', 'fire'],
    [
      'Big Railroad Blues - Live at Pershing Municipal Auditorium, Lincoln, NE, 1973',
      'big railroad blues',
    ],
    ['Get Lucky (feat. Pharrell Williams)', 'get lucky'],
    ['Get Lucky feat. Pharrell Williams', 'get lucky'],
    ['Cast a Spell (feat. Someone) - Remastered 2011', 'cast a spell'],
    ['Rock & Roll', 'rock and roll'],
    ['Hello, Goodbye!', 'hello goodbye'],
  ])('title %s → %s', (raw, norm) => {
    expect(normalizeTitle(raw)).toBe(norm);
  });

  it('keeps what makes a different recording: remixes and acoustic versions', () => {
    expect(normalizeTitle('Tidewater (Night Remix)')).not.toBe(normalizeTitle('Tidewater'));
    expect(normalizeTitle('Tidewater - Acoustic')).not.toBe(normalizeTitle('Tidewater'));
  });

  it('never normalises a name to nothing', () => {
    expect(normalizeArtist('The')).toBe('the');
    expect(normalizeTitle('(Live)')).toBe('live');
    expect(normalizeArtist('!!!')).not.toBe('');
  });

  it('lists every credited artist, the whole name first', () => {
    expect(creditedArtists('Daft Punk feat. Pharrell Williams & Nile Rodgers')).toEqual([
      'daft punk',
      'pharrell williams',
      'nile rodgers',
    ]);
  });

  it('gives one key to one listen named two ways', () => {
    expect(playKey('The Beatles', 'Let It Be - Remastered 2009')).toBe(
      playKey('beatles', 'Let it be'),
    );
  });
});
