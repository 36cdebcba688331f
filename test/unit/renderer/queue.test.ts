import { describe, expect, it } from 'vitest';
import * as Q from '../../../src-renderer/lib/queue';

const abc = Q.startAt(['a', 'b', 'c', 'd'], 1);

describe('queue rules', () => {
  it('starts at the chosen entry, clamped to the list', () => {
    expect(Q.current(Q.startAt(['a', 'b'], 1))).toBe('b');
    expect(Q.startAt(['a', 'b'], 9).index).toBe(1);
    expect(Q.startAt([], 0)).toEqual({ items: [], index: -1 });
  });

  it('moves to the next entry and stops at the end', () => {
    expect(Q.current(Q.next(abc)!)).toBe('c');
    expect(Q.next(Q.startAt(['a'], 0))).toBeNull();
  });

  it('restarts the track after the first seconds instead of going back', () => {
    expect(Q.previous(abc, Q.RESTART_AFTER_SEC + 1)).toBe('restart');
    expect(Q.current(Q.previous(abc, 1) as Q.Queue<string>)).toBe('a');
  });

  it('restarts the first entry, since there is nothing before it', () => {
    expect(Q.previous(Q.startAt(['a', 'b'], 0), 0)).toBe('restart');
  });

  it('jumps to a queued entry, and refuses positions outside the queue', () => {
    expect(Q.current(Q.jump(abc, 3)!)).toBe('d');
    expect(Q.jump(abc, 4)).toBeNull();
    expect(Q.jump(abc, -1)).toBeNull();
  });

  it('keeps playing the same entry when an earlier or later one is removed', () => {
    const earlier = Q.removeAt(abc, 0);
    expect(Q.current(earlier.queue)).toBe('b');
    expect(earlier.currentChanged).toBe(false);
    const later = Q.removeAt(abc, 3);
    expect(later.queue.items).toEqual(['a', 'b', 'c']);
    expect(Q.current(later.queue)).toBe('b');
  });

  it('moves on to the following entry when the playing one is removed', () => {
    const { queue, currentChanged } = Q.removeAt(abc, 1);
    expect(currentChanged).toBe(true);
    expect(Q.current(queue)).toBe('c');
  });

  it('has nothing current after removing the playing last entry', () => {
    const { queue } = Q.removeAt(Q.startAt(['a', 'b'], 1), 1);
    expect(queue.index).toBe(-1);
    expect(Q.current(queue)).toBeUndefined();
  });

  it('addresses entries by position, so a track queued twice is removed once', () => {
    const { queue } = Q.removeAt(Q.startAt(['x', 'y', 'x'], 0), 2);
    expect(queue.items).toEqual(['x', 'y']);
  });

  it('appends at the end and inserts "play next" right after the playing entry', () => {
    expect(Q.append(abc, ['e']).items).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(Q.playNext(abc, ['n']).items).toEqual(['a', 'b', 'n', 'c', 'd']);
  });

  it('lists the upcoming entries with their queue positions', () => {
    expect(Q.upcoming(abc)).toEqual([
      { item: 'c', at: 2 },
      { item: 'd', at: 3 },
    ]);
  });

  it('asks for a refill when fewer than REFILL_BELOW entries are left', () => {
    const long = Q.startAt(
      Array.from({ length: 100 }, (_, i) => i),
      0,
    );
    expect(Q.needsRefill(long)).toBe(false);
    expect(Q.needsRefill(Q.jump(long, 100 - Q.REFILL_BELOW)!)).toBe(true);
  });
});

describe('QueueFeed', () => {
  function listOf(total: number) {
    const calls: [number, number][] = [];
    const fetchRows = async (offset: number, limit: number) => {
      calls.push([offset, limit]);
      const end = Math.min(total, offset + limit);
      return {
        total,
        rows: Array.from({ length: Math.max(0, end - offset) }, (_, i) => offset + i),
      };
    };
    return { calls, fetchRows };
  }

  it('fetches the rest of the list a page at a time from where the queue stopped', async () => {
    const { calls, fetchRows } = listOf(450);
    const feed = new Q.QueueFeed(fetchRows, 50, 450, 200);
    expect(await feed.more()).toHaveLength(200);
    expect(await feed.more()).toHaveLength(200);
    expect(feed.exhausted).toBe(true);
    expect(await feed.more()).toEqual([]);
    expect(calls).toEqual([
      [50, 200],
      [250, 200],
    ]);
  });

  it('shares one request between calls made while it is in flight', async () => {
    const { calls, fetchRows } = listOf(1000);
    const feed = new Q.QueueFeed(fetchRows, 0, 1000, 200);
    const [a, b] = await Promise.all([feed.more(), feed.more()]);
    expect(a).toBe(b);
    expect(calls).toHaveLength(1);
  });

  it('stops when the list shrank under it and a page comes back empty', async () => {
    const { fetchRows } = listOf(100);
    const feed = new Q.QueueFeed(fetchRows, 300, 1000, 200);
    expect(await feed.more()).toEqual([]);
    expect(feed.exhausted).toBe(true);
  });
});
