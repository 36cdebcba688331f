import { mulberry32, shuffle } from '../random';
import { csrFromTriplets, type Csr } from '../sparse';

export interface Split {
  train: Csr;
  test: Csr;
}

export interface HoldoutOptions {
  /** Fraction of each eligible row's items moved to the test side. */
  fraction: number;
  /** Rows with fewer items stay whole in train (too little to both learn from and test on). */
  minItems: number;
  seed: number;
}

/**
 * Per-row random hold-out: for every row with at least `minItems` items, round(fraction · n)
 * (at least one) of its items, chosen by a seeded shuffle, go to test with their counts.
 */
export function holdoutSplit(m: Csr, options: Partial<HoldoutOptions> = {}): Split {
  const { fraction = 0.2, minItems = 5, seed = 42 } = options;
  const random = mulberry32(seed);
  const train: number[][] = [[], [], []];
  const test: number[][] = [[], [], []];
  for (let r = 0; r < m.rows; r++) {
    const from = m.indptr[r]!;
    const n = m.indptr[r + 1]! - from;
    const held = new Uint8Array(n);
    if (n >= minItems) {
      const order = shuffle(
        Int32Array.from({ length: n }, (_, q) => q),
        random,
      );
      const count = Math.max(1, Math.round(fraction * n));
      for (let q = 0; q < count; q++) held[order[q]!] = 1;
    }
    for (let q = 0; q < n; q++) {
      const side = held[q] ? test : train;
      side[0]!.push(r);
      side[1]!.push(m.indices[from + q]!);
      side[2]!.push(m.data[from + q]!);
    }
  }
  const build = ([rows, cols, values]: number[][]) =>
    csrFromTriplets(m.rows, m.cols, rows!, cols!, values!);
  return { train: build(train), test: build(test) };
}

export interface TimedPlays {
  rows: number;
  cols: number;
  row: ArrayLike<number>;
  col: ArrayLike<number>;
  count: ArrayLike<number>;
  /** Any increasing time unit (ms since the epoch in Encore). */
  time: ArrayLike<number>;
}

/**
 * Temporal split: plays before `cutoff` train, plays from `cutoff` on test. A test pair the row
 * already has in train is dropped, since evaluation never ranks a row's known items.
 */
export function temporalSplit(plays: TimedPlays, cutoff: number): Split {
  const before: number[][] = [[], [], []];
  const after: number[][] = [[], [], []];
  for (let t = 0; t < plays.row.length; t++) {
    const side = plays.time[t]! < cutoff ? before : after;
    side[0]!.push(plays.row[t]!);
    side[1]!.push(plays.col[t]!);
    side[2]!.push(plays.count[t]!);
  }
  const train = csrFromTriplets(plays.rows, plays.cols, before[0]!, before[1]!, before[2]!);
  const known = new Set<number>();
  for (let r = 0; r < train.rows; r++) {
    for (let p = train.indptr[r]!; p < train.indptr[r + 1]!; p++)
      known.add(r * plays.cols + train.indices[p]!);
  }
  const keep = after[0]!.map((r, t) => !known.has(r * plays.cols + after[1]![t]!));
  const pick = (values: number[]) => values.filter((_, t) => keep[t]);
  return {
    train,
    test: csrFromTriplets(
      plays.rows,
      plays.cols,
      pick(after[0]!),
      pick(after[1]!),
      pick(after[2]!),
    ),
  };
}
