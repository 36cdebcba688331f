import { describe, expect, it } from 'vitest';
import {
  MAX_ARTIST_RUN,
  pickRadio,
  scaleToUnit,
  type RadioCandidate,
  type RadioRules,
} from '../../../src-main/recommend/radio-rules';

/** A fake scorer: track i by artist `artists[i]`, scored so that lower ids rank first. */
function catalogue(artists: string): RadioCandidate[] {
  return [...artists].map((artistKey, i) => ({ trackId: i + 1, artistKey, score: 100 - i }));
}

const rules = (over: Partial<RadioRules> = {}): RadioRules => ({
  exclude: new Set(),
  recentArtists: [],
  skipSimilarity: () => 0,
  n: 5,
  ...over,
});

const ids = (picks: RadioCandidate[]) => picks.map((p) => p.trackId);

describe('the radio rules', () => {
  it('picks the best-scored tracks first', () => {
    expect(ids(pickRadio(catalogue('abcdefg'), rules({ n: 3 })))).toEqual([1, 2, 3]);
  });

  it('never picks an excluded track (the session, the last 50 plays, the queue)', () => {
    const picks = pickRadio(catalogue('abcdefg'), rules({ exclude: new Set([1, 3]), n: 3 }));
    expect(ids(picks)).toEqual([2, 4, 5]);
  });

  it('never picks one track twice', () => {
    const picks = pickRadio(catalogue('aaaaab'), rules({ n: 10 }));
    expect(new Set(ids(picks)).size).toBe(picks.length);
    expect(picks).toHaveLength(6);
  });

  it('plays at most two tracks in a row by one artist while another is available', () => {
    const picks = pickRadio(catalogue('aaaabbbbcc'), rules({ n: 10 }));
    let run = 1;
    for (let i = 1; i < picks.length; i++) {
      run = picks[i]!.artistKey === picks[i - 1]!.artistKey ? run + 1 : 1;
      expect(run).toBeLessThanOrEqual(MAX_ARTIST_RUN);
    }
    expect(picks.map((p) => p.artistKey).join('')).toBe('aabaabbcbc');
  });

  it('counts the artists already played in the session toward the run', () => {
    const picks = pickRadio(catalogue('aab'), rules({ recentArtists: ['a', 'a'], n: 1 }));
    expect(picks.map((p) => p.artistKey)).toEqual(['b']);
  });

  it('lets a one-artist library run on rather than stop the radio', () => {
    const picks = pickRadio(catalogue('aaaa'), rules({ n: 4 }));
    expect(ids(picks)).toEqual([1, 2, 3, 4]);
  });

  it('pushes a skipped track’s neighbours down at once', () => {
    const before = pickRadio(catalogue('abcdef'), rules({ n: 3 }));
    expect(ids(before)).toEqual([1, 2, 3]);
    // Track 2 is very like something just skipped; track 3 a little.
    const similar = new Map([
      [2, 0.9],
      [3, 0.01],
    ]);
    const after = pickRadio(
      catalogue('abcdef'),
      rules({ n: 3, skipSimilarity: (id) => similar.get(id) ?? 0 }),
    );
    expect(ids(after)).toEqual([1, 3, 4]);
  });

  it('treats a nonsense similarity as none rather than reordering by it', () => {
    const picks = pickRadio(catalogue('abc'), rules({ n: 3, skipSimilarity: () => NaN }));
    expect(ids(picks)).toEqual([1, 2, 3]);
  });

  it('returns fewer tracks when the library runs out', () => {
    expect(pickRadio(catalogue('ab'), rules({ n: 5, exclude: new Set([1]) }))).toHaveLength(1);
  });
});

describe('scaleToUnit', () => {
  it('scales by the largest score and floors negatives at zero', () => {
    expect(Array.from(scaleToUnit(Float32Array.of(2, 1, -1)))).toEqual([1, 0.5, 0]);
  });

  it('gives all zeros when nothing scores above zero', () => {
    expect(Array.from(scaleToUnit(Float32Array.of(0, -3)))).toEqual([0, 0]);
  });
});
