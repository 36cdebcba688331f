import { describe, expect, it } from 'vitest';
import { groupByArtist, withinArtistRow } from '../../../models/eval/within-artist';

// Six tracks: artist 0 owns tracks 0–3, artist 1 owns 4–5.
const artistOf = Int32Array.of(0, 0, 0, 0, 1, 1);
const groups = groupByArtist(artistOf, 2);

describe('groupByArtist', () => {
  it('lists each artist’s tracks in column order', () => {
    expect(Array.from(groups.indptr)).toEqual([0, 4, 6]);
    expect(Array.from(groups.tracks)).toEqual([0, 1, 2, 3, 4, 5]);
  });
});

describe('withinArtistRow', () => {
  it('scores a held-out track ranked first among its known artist’s unplayed tracks as 0', () => {
    // The row played track 0; track 1 is held out; candidates are 1, 2, 3.
    const scores = [9, 5, 1, 2, 0, 0];
    expect(withinArtistRow(scores, [0], [1], [1], artistOf, groups)).toEqual({ num: 0, den: 1 });
  });

  it('scores it ranked last as 1, and weights by its held-out plays', () => {
    const scores = [9, 0, 1, 2, 0, 0];
    expect(withinArtistRow(scores, [0], [1], [3], artistOf, groups)).toEqual({ num: 3, den: 3 });
  });

  it('counts ties as half, so a model that scores every track alike gets chance, 0.5', () => {
    const scores = [1, 1, 1, 1, 1, 1];
    const { num, den } = withinArtistRow(scores, [0], [1, 2], [1, 1], artistOf, groups);
    expect(num / den).toBe(0.5);
  });

  it('leaves the row’s training tracks out of the candidates (they are never recommended)', () => {
    // Track 3 scores highest but the row has played it: track 1 is still first of 1 and 2.
    const scores = [0, 5, 1, 9, 0, 0];
    expect(withinArtistRow(scores, [0, 3], [1], [1], artistOf, groups)).toEqual({
      num: 0,
      den: 1,
    });
  });

  it('ignores held-out tracks of artists the row has not played', () => {
    const scores = [9, 5, 1, 2, 7, 3];
    expect(withinArtistRow(scores, [0], [5], [2], artistOf, groups)).toEqual({ num: 0, den: 0 });
  });

  it('ignores a held-out track that is its artist’s only candidate (nothing to rank it against)', () => {
    // The row played track 4; track 5 is artist 1's only other track.
    const scores = [0, 0, 0, 0, 1, 0];
    expect(withinArtistRow(scores, [4], [5], [1], artistOf, groups)).toEqual({ num: 0, den: 0 });
  });
});
