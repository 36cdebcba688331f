import { afterEach, describe, expect, it, vi } from 'vitest';
import { debounce } from '../../../src-renderer/lib/debounce';

afterEach(() => {
  vi.useRealTimers();
});

describe('debounce', () => {
  it('searches once, with the last text, after typing pauses', () => {
    vi.useFakeTimers();
    const seen: string[] = [];
    const search = debounce((q: string) => seen.push(q), 200);
    search('b');
    search('bl');
    vi.advanceTimersByTime(150);
    search('blu');
    vi.advanceTimersByTime(199);
    expect(seen).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(seen).toEqual(['blu']);
  });

  it('does nothing after being cancelled (the search box was closed)', () => {
    vi.useFakeTimers();
    const seen: string[] = [];
    const search = debounce((q: string) => seen.push(q), 200);
    search('x');
    search.cancel();
    vi.advanceTimersByTime(1000);
    expect(seen).toEqual([]);
  });
});
