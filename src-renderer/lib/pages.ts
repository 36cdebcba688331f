// The page cache behind a virtual list of up to millions of rows: rows are fetched in fixed pages
// on demand. `reset` (a new query or sort) forgets everything because old rows would sit at the
// wrong positions; `invalidate` (the library changed underneath) keeps old rows on screen as
// stand-ins until their fresh page arrives, so a rescan does not blank the list.

export class PageCache<T> {
  private pages = new Map<number, { rows: T[]; generation: number }>();
  private inFlight = new Set<number>();
  private generation = 0;

  constructor(readonly pageSize = 200) {}

  /** The generation a fetch must quote back to `put`; answers from older generations are dropped. */
  get current(): number {
    return this.generation;
  }

  get(index: number): T | undefined {
    return this.pages.get(Math.floor(index / this.pageSize))?.rows[index % this.pageSize];
  }

  /** Rows `[start, end)` that are not cached, as page numbers not already being fetched. */
  missing(start: number, end: number): number[] {
    const out: number[] = [];
    if (end <= start) return out;
    const last = Math.floor((end - 1) / this.pageSize);
    for (let p = Math.floor(start / this.pageSize); p <= last; p++) {
      const page = this.pages.get(p);
      const fresh = page !== undefined && page.generation === this.generation;
      if (!fresh && !this.inFlight.has(p)) out.push(p);
    }
    return out;
  }

  /** Marks pages as requested so a scroll does not ask for the same page twice. */
  claim(pages: readonly number[]): void {
    for (const p of pages) this.inFlight.add(p);
  }

  /** Stores a fetched page; returns false (and stores nothing) if it answers an older generation. */
  put(generation: number, page: number, rows: T[]): boolean {
    if (generation !== this.generation) return false;
    this.inFlight.delete(page);
    this.pages.set(page, { rows, generation });
    return true;
  }

  /** A fetch failed: let the page be asked for again. */
  release(generation: number, page: number): void {
    if (generation === this.generation) this.inFlight.delete(page);
  }

  reset(): void {
    this.generation++;
    this.pages.clear();
    this.inFlight.clear();
  }

  invalidate(): void {
    this.generation++;
    this.inFlight.clear();
  }
}
