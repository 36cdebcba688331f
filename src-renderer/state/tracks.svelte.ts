// One sortable, searchable track list backed by the page cache: the Tracks tab uses one, and so
// do an album's or artist's track lists (with a fixed filter).
import type { EncoreApi } from '../../src-main/api/contract';
import type { TrackRow } from '../../src-main/db/tracks';
import { PageCache } from '../lib/pages';
import { QueueFeed } from '../lib/queue';
import { nextSort, type SortColumn, type SortDir } from '../lib/sort';

export const PAGE_SIZE = 200;

export interface TrackFilter {
  artistId?: number;
  albumId?: number;
}

export class TrackListing {
  query = $state('');
  sort = $state<SortColumn>('artist');
  dir = $state<SortDir>('asc');
  total = $state(0);
  /** False until the first page answered, so an empty library is not confused with loading. */
  loaded = $state(false);
  error = $state<string | null>(null);
  /** Bumped whenever cached rows change; rows read through `row()` depend on it. */
  private version = $state(0);
  private readonly cache = new PageCache<TrackRow>(PAGE_SIZE);
  private shown = { start: 0, end: 1 };

  constructor(
    private readonly api: EncoreApi,
    readonly filter: TrackFilter = {},
    initial: { sort?: SortColumn; dir?: SortDir } = {},
  ) {
    this.sort = initial.sort ?? this.sort;
    this.dir = initial.dir ?? this.dir;
    this.fetchMissing();
  }

  row(index: number): TrackRow | undefined {
    void this.version;
    return this.cache.get(index);
  }

  /** The list shows rows [start, end): fetch the pages they are on. */
  show(start: number, end: number): void {
    this.shown = { start, end: Math.max(end, start + 1) };
    this.fetchMissing();
  }

  setQuery(query: string): void {
    if (query === this.query) return;
    this.query = query;
    this.reset();
  }

  sortBy(column: SortColumn): void {
    ({ sort: this.sort, dir: this.dir } = nextSort({ sort: this.sort, dir: this.dir }, column));
    this.reset();
  }

  /** The library changed underneath: re-ask, keeping old rows visible until new ones arrive. */
  refresh(): void {
    this.cache.invalidate();
    this.fetchMissing();
  }

  /** The rows from `index` on that are cached, plus a feed for the rest (for the queue). */
  from(index: number): { rows: TrackRow[]; feed: QueueFeed<TrackRow> } {
    const rows: TrackRow[] = [];
    for (let i = index; i < this.total; i++) {
      const row = this.cache.get(i);
      if (!row) break;
      rows.push(row);
    }
    const params = this.params();
    const feed = new QueueFeed(
      (offset, limit) => this.api['library.tracks']({ ...params, offset, limit }),
      index + rows.length,
      this.total,
      PAGE_SIZE,
    );
    return { rows, feed };
  }

  private reset(): void {
    this.cache.reset();
    this.shown = { start: 0, end: 1 };
    this.version++;
    this.fetchMissing();
  }

  private params() {
    const query = this.query.trim();
    return { ...this.filter, sort: this.sort, dir: this.dir, ...(query ? { query } : {}) };
  }

  private fetchMissing(): void {
    const pages = this.cache.missing(this.shown.start, this.shown.end);
    if (pages.length === 0) return;
    this.cache.claim(pages);
    const generation = this.cache.current;
    const params = this.params();
    for (const page of pages) {
      this.api['library.tracks']({ ...params, offset: page * PAGE_SIZE, limit: PAGE_SIZE })
        .then(({ total, rows }) => {
          if (!this.cache.put(generation, page, rows)) return;
          this.total = total;
          this.loaded = true;
          this.error = null;
          this.version++;
        })
        .catch((e: unknown) => {
          this.cache.release(generation, page);
          this.error = e instanceof Error ? e.message : String(e);
        });
    }
  }
}
