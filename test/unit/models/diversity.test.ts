import { describe, expect, it } from 'vitest';
import { distinctArtistsAtK } from '../../../models/eval/diversity';

describe('distinctArtistsAtK', () => {
  // Tracks 0–2 by artist 0, 3 by artist 1, 4 by artist 2.
  const artistOf = [0, 0, 0, 1, 2];

  it('counts one artist once however many of their tracks lead the ranking', () => {
    expect(distinctArtistsAtK([5, 4, 3, 2, 1], artistOf, 3)).toBe(1);
  });

  it('counts every artist that reaches the top k', () => {
    expect(distinctArtistsAtK([5, 1, 1, 4, 3], artistOf, 3)).toBe(3);
  });

  it('skips items excluded with -Infinity (the row’s training tracks)', () => {
    expect(distinctArtistsAtK([5, 4, 3, -Infinity, -Infinity], artistOf, 5)).toBe(1);
  });
});
