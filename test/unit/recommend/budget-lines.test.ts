// The artist-budget model's explanations in words (src-main/recommend/budget-lines.ts) and For
// You's persona line (src-renderer/screens/foryou/rules.ts).
import { describe, expect, it } from 'vitest';
import { breadthLine, deepCutLine } from '../../../src-main/recommend/budget-lines';
import { datedPlaylistName, personaLine } from '../../../src-renderer/screens/foryou/rules';

const bjork = { artist: 'Björk', plays: 120, tracksPlayed: 14, libraryTracks: 30 };

describe('breadth explanations', () => {
  it('says how plays spread over an artist’s tracks', () => {
    expect(breadthLine(bjork)).toBe("You spread 120 plays over 14 of Björk's tracks");
  });

  it('writes the possessive of a name ending in s without a second s', () => {
    expect(breadthLine({ ...bjork, artist: 'The Copper Foxes' })).toBe(
      "You spread 120 plays over 14 of The Copper Foxes' tracks",
    );
  });

  it('says when every play of an artist is one track', () => {
    expect(breadthLine({ ...bjork, plays: 100, tracksPlayed: 1 })).toBe(
      'All 100 plays of Björk are one track',
    );
    expect(breadthLine({ ...bjork, plays: 1, tracksPlayed: 1 })).toBe('You have played Björk once');
  });

  it('adds how often the deep cut itself was played, in words for once and twice', () => {
    expect(deepCutLine(bjork, 0)).toBe(
      "You spread 120 plays over 14 of Björk's tracks; this one you have never played",
    );
    expect(deepCutLine(bjork, 1)).toMatch(/; this one you have played once$/);
    expect(deepCutLine(bjork, 2)).toMatch(/; this one you have played twice$/);
    expect(deepCutLine(bjork, 3)).toMatch(/; this one you have played 3 times$/);
  });
});

describe('For You lines', () => {
  it('names the persona that owns a track, and nothing without one', () => {
    expect(personaLine('Evenings · Indie Rock')).toBe('from your Evenings · Indie Rock persona');
    expect(personaLine(null)).toBe('');
  });

  it('names the Deep cuts playlist by the day it was saved', () => {
    expect(datedPlaylistName('Deep cuts', new Date(2026, 10, 25, 12))).toBe(
      'Deep cuts — 25 Nov 2026',
    );
    expect(datedPlaylistName('For You', new Date(2026, 0, 5, 12))).toBe('For You — 5 Jan 2026');
  });
});
