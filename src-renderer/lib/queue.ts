// Queue rules as pure functions over `{ items, index }`; the player state applies them. The same
// track may appear twice in a queue, so entries are addressed by position, never by track id.

export interface Queue<T> {
  readonly items: readonly T[];
  /** The entry playing (or loaded); -1 when nothing is. */
  readonly index: number;
}

export const emptyQueue: Queue<never> = { items: [], index: -1 };

/** Restarting the track, rather than going back, is what players do after a few seconds in. */
export const RESTART_AFTER_SEC = 3;

export function startAt<T>(items: readonly T[], index: number): Queue<T> {
  if (items.length === 0) return { items: [], index: -1 };
  return { items, index: Math.min(Math.max(0, index), items.length - 1) };
}

export function current<T>(q: Queue<T>): T | undefined {
  return q.index >= 0 ? q.items[q.index] : undefined;
}

export function hasNext(q: Queue<unknown>): boolean {
  return q.index + 1 < q.items.length;
}

export function next<T>(q: Queue<T>): Queue<T> | null {
  return hasNext(q) ? { items: q.items, index: q.index + 1 } : null;
}

/** `restart` when the listener is past the first seconds or at the start of the queue. */
export function previous<T>(q: Queue<T>, positionSec: number): Queue<T> | 'restart' {
  if (positionSec > RESTART_AFTER_SEC || q.index <= 0) return 'restart';
  return { items: q.items, index: q.index - 1 };
}

export function jump<T>(q: Queue<T>, index: number): Queue<T> | null {
  return index >= 0 && index < q.items.length ? { items: q.items, index } : null;
}

/**
 * Removes entry `at`. Removing the playing entry makes the following one current (or none at the
 * end): `currentChanged` tells the player to load it.
 */
export function removeAt<T>(q: Queue<T>, at: number): { queue: Queue<T>; currentChanged: boolean } {
  if (at < 0 || at >= q.items.length) return { queue: q, currentChanged: false };
  const items = q.items.filter((_, i) => i !== at);
  if (at < q.index) return { queue: { items, index: q.index - 1 }, currentChanged: false };
  if (at > q.index) return { queue: { items, index: q.index }, currentChanged: false };
  return { queue: { items, index: q.index < items.length ? q.index : -1 }, currentChanged: true };
}

export function append<T>(q: Queue<T>, more: readonly T[]): Queue<T> {
  return { items: [...q.items, ...more], index: q.index };
}

/** Puts tracks right after the playing one. */
export function playNext<T>(q: Queue<T>, more: readonly T[]): Queue<T> {
  const at = q.index + 1;
  return { items: [...q.items.slice(0, at), ...more, ...q.items.slice(at)], index: q.index };
}

/** Entries after the playing one, with their queue positions. */
export function upcoming<T>(q: Queue<T>): { item: T; at: number }[] {
  return q.items.slice(q.index + 1).map((item, i) => ({ item, at: q.index + 1 + i }));
}

/**
 * The rest of a list the queue was started from, fetched a page at a time when the queue runs
 * low, so playing row 10 of 100,000 does not load 99,990 rows up front.
 */
export class QueueFeed<T> {
  private busy: Promise<T[]> | null = null;

  constructor(
    private readonly fetchRows: (
      offset: number,
      limit: number,
    ) => Promise<{ total: number; rows: T[] }>,
    private nextOffset: number,
    private total: number,
    readonly pageSize = 200,
  ) {}

  get exhausted(): boolean {
    return this.nextOffset >= this.total;
  }

  /** The next page (empty when the list is used up); concurrent calls share one request. */
  more(): Promise<T[]> {
    if (this.exhausted) return Promise.resolve([]);
    this.busy ??= this.fetchRows(this.nextOffset, this.pageSize)
      .then(({ total, rows }) => {
        this.total = total;
        this.nextOffset += rows.length;
        if (rows.length === 0) this.total = this.nextOffset; // the list shrank under us
        return rows;
      })
      .finally(() => {
        this.busy = null;
      });
    return this.busy;
  }
}

/** Fetch more when fewer than this many entries are left after the playing one. */
export const REFILL_BELOW = 20;

export function needsRefill(q: Queue<unknown>): boolean {
  return q.items.length - (q.index + 1) < REFILL_BELOW;
}
