import { describe, it, expect } from 'vitest';
import { isSkip } from '../../../src-main/db/plays';

describe('the skip rule (Last.fm scrobble rule reversed)', () => {
  it('counts less than half of a short track as a skip', () => {
    expect(isSkip(59_000, 120_000)).toBe(true);
    expect(isSkip(60_000, 120_000)).toBe(false);
  });
  it('counts four minutes of a long track as listened even under half', () => {
    expect(isSkip(239_999, 1_200_000)).toBe(true);
    expect(isSkip(240_000, 1_200_000)).toBe(false);
  });
  it('uses the four-minute rule alone when the duration is unknown', () => {
    expect(isSkip(200_000, null)).toBe(true);
    expect(isSkip(250_000, null)).toBe(false);
  });
});
