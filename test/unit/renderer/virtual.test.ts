import { describe, expect, it } from 'vitest';
import { columnsFor, scrollToReveal, visibleWindow } from '../../../src-renderer/lib/virtual';

const base = { rowHeight: 34, viewportHeight: 680, overscan: 8 };

describe('visibleWindow', () => {
  it('puts only the visible rows plus overscan in the DOM, even for 100,000 rows', () => {
    const w = visibleWindow({ ...base, total: 100_000, scrollTop: 34 * 50_000 });
    expect(w).toEqual({ start: 50_000 - 8, end: 50_000 + 20 + 8, height: 3_400_000 });
    expect(w.end - w.start).toBeLessThan(40);
  });

  it('starts at row 0 at the top and never before it', () => {
    expect(visibleWindow({ ...base, total: 1000, scrollTop: 0 })).toMatchObject({
      start: 0,
      end: 28,
    });
    expect(visibleWindow({ ...base, total: 1000, scrollTop: -200 }).start).toBe(0);
  });

  it('never goes past the last row when scrolled to the bottom', () => {
    const w = visibleWindow({ ...base, total: 1000, scrollTop: 34 * 1000 - 680 });
    expect(w.end).toBe(1000);
    expect(w.start).toBe(1000 - 20 - 8);
  });

  it('shows every row of a list shorter than the viewport', () => {
    expect(visibleWindow({ ...base, total: 5, scrollTop: 0 })).toEqual({
      start: 0,
      end: 5,
      height: 170,
    });
  });

  it('renders nothing for an empty list', () => {
    expect(visibleWindow({ ...base, total: 0, scrollTop: 500 })).toEqual({
      start: 0,
      end: 0,
      height: 0,
    });
  });

  it('counts a partly visible row at the bottom as visible', () => {
    const w = visibleWindow({ ...base, overscan: 0, total: 1000, scrollTop: 17 });
    expect(w).toMatchObject({ start: 0, end: 21 });
  });

  it('still renders rows before the viewport has been measured', () => {
    const w = visibleWindow({ ...base, viewportHeight: 0, total: 1000, scrollTop: 0 });
    expect(w.end).toBeGreaterThan(0);
  });
});

describe('scrollToReveal', () => {
  it('scrolls up to a row above the viewport', () => {
    expect(scrollToReveal(10, 34 * 20, 340, 34)).toBe(340);
  });

  it('scrolls down just enough for a row below the viewport', () => {
    expect(scrollToReveal(30, 0, 340, 34)).toBe(34 * 31 - 340);
  });

  it('leaves the scroll alone when the row is visible', () => {
    expect(scrollToReveal(3, 0, 340, 34)).toBeNull();
  });
});

describe('columnsFor', () => {
  it('fits as many cards with their gaps as the width allows, at least one', () => {
    expect(columnsFor(1000, 168, 18)).toBe(5);
    expect(columnsFor(100, 168, 18)).toBe(1);
    expect(columnsFor(168 * 2 + 18, 168, 18)).toBe(2);
  });
});
