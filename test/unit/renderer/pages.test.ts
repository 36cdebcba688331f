import { describe, expect, it } from 'vitest';
import { PageCache } from '../../../src-renderer/lib/pages';

const rows = (page: number, size: number) =>
  Array.from({ length: size }, (_, i) => `r${page * size + i}`);

describe('PageCache', () => {
  it('asks for the pages a window of rows lies on', () => {
    const cache = new PageCache<string>(200);
    expect(cache.missing(150, 450)).toEqual([0, 1, 2]);
    expect(cache.missing(0, 0)).toEqual([]);
  });

  it('does not ask twice for a page already being fetched', () => {
    const cache = new PageCache<string>(200);
    cache.claim(cache.missing(0, 300));
    expect(cache.missing(0, 300)).toEqual([]);
  });

  it('finds a row by its index once its page has arrived', () => {
    const cache = new PageCache<string>(200);
    cache.claim([1]);
    expect(cache.put(cache.current, 1, rows(1, 200))).toBe(true);
    expect(cache.get(250)).toBe('r250');
    expect(cache.get(10)).toBeUndefined();
    expect(cache.missing(200, 400)).toEqual([]);
  });

  it('drops an answer to a query that was replaced while it was in flight', () => {
    const cache = new PageCache<string>(200);
    const before = cache.current;
    cache.claim([0]);
    cache.reset();
    expect(cache.put(before, 0, rows(0, 200))).toBe(false);
    expect(cache.get(0)).toBeUndefined();
    expect(cache.missing(0, 10)).toEqual([0]);
  });

  it('keeps old rows on screen after a library change until fresh ones arrive', () => {
    const cache = new PageCache<string>(200);
    cache.put(cache.current, 0, rows(0, 200));
    cache.invalidate();
    expect(cache.get(5)).toBe('r5');
    expect(cache.missing(0, 10)).toEqual([0]);
    cache.put(cache.current, 0, ['fresh']);
    expect(cache.get(0)).toBe('fresh');
    expect(cache.missing(0, 10)).toEqual([]);
  });

  it('forgets every row on reset, since a new sort puts rows elsewhere', () => {
    const cache = new PageCache<string>(200);
    cache.put(cache.current, 0, rows(0, 200));
    cache.reset();
    expect(cache.get(5)).toBeUndefined();
  });

  it('lets a failed page be asked for again', () => {
    const cache = new PageCache<string>(200);
    cache.claim([0]);
    cache.release(cache.current, 0);
    expect(cache.missing(0, 10)).toEqual([0]);
  });
});
