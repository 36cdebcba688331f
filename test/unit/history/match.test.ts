import { describe, expect, it } from 'vitest';
import { LibraryIndex, type LibraryTrack } from '../../../src-main/history/match';

function track(
  id: number,
  artist: string,
  title: string,
  extra: Partial<LibraryTrack> = {},
): LibraryTrack {
  return {
    id,
    artist,
    title,
    otherArtists: [],
    album: null,
    durationMs: null,
    mbids: [],
    ...extra,
  };
}

const library = new LibraryIndex([
  track(1, 'The Paper Lanterns', 'Tidewater', { album: 'Harbour Lights', durationMs: 201_000 }),
  track(2, 'The Paper Lanterns', 'Tidewater', { album: 'Live in Nowhere', durationMs: 260_000 }),
  track(3, 'Mira Solenne', 'Glass Half Full', { mbids: ['bbbbbbbb-0000-4000-8000-000000000003'] }),
  track(4, 'Mira Solenne', 'Paper Moon'),
  track(5, 'Daft Pank', 'Lucky Day (feat. Ada Quill)', { otherArtists: ['Ada Quill'] }),
  track(6, 'Beyoncé Tribute Band', 'Halo Again'),
  track(7, 'Mira Solenne', 'Paper Moons Rising'),
]);

describe('matching plays to library tracks', () => {
  it('uses the MBID when both sides have one, whatever the names say', () => {
    expect(
      library.match({
        artist: 'Unknown',
        title: 'Untitled',
        mbid: 'BBBBBBBB-0000-4000-8000-000000000003',
      }),
    ).toBe(3);
  });

  it('matches through case, "The", version suffixes and feat. credits', () => {
    expect(
      library.match({
        artist: 'paper lanterns',
        title: 'Tidewater - Remastered 2009',
        album: 'Harbour Lights',
      }),
    ).toBe(1);
    expect(library.match({ artist: 'Daft Pank feat. Ada Quill', title: 'Lucky Day' })).toBe(5);
  });

  it('finds a track by any credited artist', () => {
    expect(library.match({ artist: 'Ada Quill', title: 'Lucky Day' })).toBe(5);
  });

  it('prefers the album the play names, then the closest duration, among copies of a song', () => {
    expect(
      library.match({ artist: 'The Paper Lanterns', title: 'Tidewater', album: 'Live in Nowhere' }),
    ).toBe(2);
    expect(
      library.match({ artist: 'The Paper Lanterns', title: 'Tidewater', durationMs: 258_000 }),
    ).toBe(2);
  });

  it('forgives a typo in the title and in the artist', () => {
    expect(library.match({ artist: 'Mira Solenne', title: 'Glass Half-Ful' })).toBe(3);
    expect(library.match({ artist: 'Beyonce Tribute Bnd', title: 'Halo Again' })).toBe(6);
  });

  it('does not turn a different song by the same artist into a match', () => {
    expect(library.match({ artist: 'Mira Solenne', title: 'Paper Mill' })).toBeNull();
    expect(library.match({ artist: 'Mira Solenne', title: 'Paper Moon II' })).toBeNull();
  });

  it('leaves plays of artists the library lacks unmatched', () => {
    expect(library.match({ artist: 'Nobody Here', title: 'Tidewater' })).toBeNull();
  });
});
