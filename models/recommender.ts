import type { Csr } from './sparse';

/** What every model reports while it fits (STYLE.md §9). */
export interface FitProgress {
  iteration: number;
  iterations: number;
  /** Training loss after this iteration, when the model computes one. */
  loss?: number;
  seconds: number;
}

export interface FitOptions {
  onProgress?: (progress: FitProgress) => void;
  signal?: AbortSignal;
}

export interface RecommendOptions {
  n: number;
  /** Items never to return (e.g. files missing from the library). */
  exclude?: ArrayLike<number>;
  /** When given, only these items may be returned (e.g. restrict to the library). */
  allow?: ArrayLike<number>;
  /** Items the row already has are left out unless this is true. */
  includeSeen?: boolean;
}

/** Items best first, with their scores. */
export interface Ranked {
  items: Int32Array;
  scores: Float32Array;
}

/** Why `item` scores what it does for a row: the past items that drive it, largest first. */
export interface Explanation {
  score: number;
  contributions: { item: number; contribution: number; share: number }[];
}

/**
 * One surface for every model (as in implicit's RecommenderBase): fit on a rows × items matrix of
 * play counts, then score, recommend, find similar items and explain. `fromBytes` is a static on
 * each model class.
 */
export interface Recommender {
  readonly kind: string;
  fit(matrix: Csr, options?: FitOptions): Promise<void>;
  /** Writes the score of every item for `row` into `out` (length = items). */
  scoreRow(row: number, out: Float32Array): void;
  recommend(row: number, options: RecommendOptions): Ranked;
  similarItems(item: number, n: number): Ranked;
  explain(row: number, item: number, top?: number): Explanation;
  toBytes(): Uint8Array;
}

export class AbortError extends Error {
  override readonly name = 'AbortError';
  constructor() {
    super('Training was cancelled.');
  }
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortError();
}
