import { describe, expect, it } from 'vitest';
import { RANGES, localOffsetS, rangeBounds, topItems } from '../../../src-renderer/lib/stats-range';

const at = (iso: string) => new Date(iso);
const s = (iso: string) => Date.parse(iso) / 1000;

describe('the Stats range picker', () => {
  it('offers the last 4 weeks, 6 months, a year and all time, in that order', () => {
    expect(RANGES.map((r) => r.id)).toEqual(['4w', '6m', 'year', 'all']);
  });

  it('starts "last 4 weeks" exactly 28 days before now', () => {
    expect(rangeBounds('4w', at('2026-11-25T10:00:00Z'))).toEqual({
      from: s('2026-10-28T10:00:00Z'),
    });
  });

  it('counts months on the calendar, not as 30-day blocks', () => {
    const { from } = rangeBounds('6m', at('2026-05-15T00:00:00Z'));
    expect(from).toBe(s('2025-11-15T00:00:00Z'));
    expect(rangeBounds('year', at('2026-11-25T00:00:00Z'))).toEqual({
      from: s('2025-11-25T00:00:00Z'),
    });
  });

  it('leaves "all time" unbounded so plays from any year count', () => {
    expect(rangeBounds('all', at('2026-11-25T00:00:00Z'))).toEqual({});
  });

  it('gives the clock offset as seconds east of UTC, never -0', () => {
    const paris = { getTimezoneOffset: () => -60 } as Date;
    const newYork = { getTimezoneOffset: () => 300 } as Date;
    const london = { getTimezoneOffset: () => 0 } as Date;
    expect(localOffsetS(paris)).toBe(3600);
    expect(localOffsetS(newYork)).toBe(-18_000);
    expect(Object.is(localOffsetS(london), 0)).toBe(true);
  });
});

describe('top lists', () => {
  it('labels tracks and albums with their artist and keeps the play counts', () => {
    const items = topItems({
      artists: [{ artist: 'Lumen Tide', plays: 40 }],
      tracks: [{ artist: 'Lumen Tide', title: 'Harbour', trackId: 3, plays: 12 }],
      albums: [{ artist: 'Lumen Tide', album: 'Low Water', plays: 30 }],
    });
    expect(items).toEqual({
      artists: [{ label: 'Lumen Tide', plays: 40 }],
      tracks: [{ label: 'Harbour — Lumen Tide', plays: 12 }],
      albums: [{ label: 'Low Water — Lumen Tide', plays: 30 }],
    });
  });
});
