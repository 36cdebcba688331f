/**
 * A listener folded into an ALS model (Hu, Koren & Volinsky 2008, eq. 4) that follows their plays
 * instead of being folded in again: one play changes one confidence, so the system
 * A = YᵀY + λI + Σ_j w_j y_j y_jᵀ changes by a rank-one term and b = Σ_j c_j y_j by one vector.
 * The explanations (§5: item j's share of ŷ_t is c_j · y_jᵀ W y_t, W = A⁻¹) of the items asked
 * about are kept as their products y_jᵀ W y_t over the history and follow each play by
 * Sherman–Morrison, W' = W − Δw (W y)(W y)ᵀ / (1 + Δw yᵀ W y): O(history) per kept item where a
 * fresh explanation is O(history · k). At a 20-year history (150,000 tracks) that is what lets
 * For You answer right after a play.
 */
import { cholesky, choleskySolve, KERNEL_DOTS, rowSystem } from './als-exact';
import type { Explanation } from './recommender';
import { GruKernel, gruKernelModule } from './wasm/gru-kernel';

/** What a following listener needs of a fitted ALS model (AlsModel.followingListener). */
export interface ListenerBasis {
  /** Item factors, row after row. */
  Y: Float32Array;
  k: number;
  /** YᵀY + λI (shared; not modified). */
  gram: Float64Array;
  /** w(count): a play count's confidence weight, c = 1 + w. */
  weight: (count: number) => number;
}

/** Items whose explanations are kept between calls: each holds one float64 per history item. */
export const KEPT_EXPLANATIONS = 64;
/**
 * A kept explanation is computed afresh after this many rank-one updates, or sooner when its
 * contributions no longer add up to the item's score (rounding drift; never seen in tests).
 */
const REFRESH_AFTER = 512;
/**
 * |Σ contributions − ŷ| above this share of Σ |contributions| means drift: computed afresh. The
 * kernel's float32 products are good to about 1e-7; followed float64 products drift far less.
 */
const DRIFT_TOLERANCE = 1e-5;

interface Kept {
  /** y_jᵀ W y_t per history slot j, as of the update log's entry `from`. */
  dots: Float64Array;
  /** Log entries not yet applied to `dots` (applied when the item is next explained). */
  from: number;
  updates: number;
}

/**
 * One play's Sherman–Morrison term, kept until every kept explanation has taken it:
 * dots_t[j] −= g[j] · scale · (u · y_t) for the `size` slots that existed then (u = W y before).
 */
interface Update {
  g: Float32Array;
  u: Float64Array;
  scale: number;
  size: number;
}

/** Pending updates beyond which they are applied to every kept explanation at once. */
const MAX_PENDING = 16;
/** History length from which a play's correction products run in the kernel. */
const KERNEL_ROWS = 4096;
/** Targets per pass of the kernel when products are computed afresh. */
const LANES = 16;

export class FollowingListener {
  /** The listener's vector x = A⁻¹ b (float32, as the models score with it). */
  vector: Float32Array;
  /** Explanations computed afresh (not followed): for tests and the benchmark. */
  refreshed = 0;

  private readonly Y: Float32Array;
  private readonly k: number;
  private readonly weight: (count: number) => number;
  /** History slots: an item keeps its slot when its count falls to 0 (its confidence is then 0). */
  private size = 0;
  private cols: Int32Array;
  private weights: Float64Array;
  /** c_j = 1 + w_j while the item has plays, 0 once it has none. */
  private conf: Float64Array;
  /**
   * The history's factor rows, gathered where the products run: the WebAssembly kernel's memory
   * (its candidate rows) when it is available, else a plain array.
   */
  private store: RowStore;
  private readonly slotOf = new Map<number, number>();
  private readonly A: Float64Array;
  private readonly b: Float64Array;
  private L: Float64Array;
  private x: Float64Array;
  /** Target item → its kept products; Map order is least recently used first. */
  private readonly kept = new Map<number, Kept>();
  /** Updates not yet applied to every kept explanation; `logStart` numbers the first. */
  private log: Update[] = [];
  private logStart = 0;

  constructor(basis: ListenerBasis, items: ArrayLike<number>, counts: ArrayLike<number>) {
    const { Y, k, gram, weight } = basis;
    this.Y = Y;
    this.k = k;
    this.weight = weight;
    const n = items.length;
    const capacity = n + 1024;
    this.cols = new Int32Array(capacity);
    this.weights = new Float64Array(capacity);
    this.conf = new Float64Array(capacity);
    this.store = RowStore.create(k, capacity);
    const live: number[] = [];
    const liveWeights: number[] = [];
    for (let q = 0; q < n; q++) {
      const col = items[q]!;
      const count = counts[q]!;
      if (!(count > 0) || this.slotOf.has(col)) continue;
      const s = this.append(col);
      this.weights[s] = weight(count);
      this.conf[s] = 1 + this.weights[s]!;
      live.push(col);
      liveWeights.push(this.weights[s]!);
    }
    const { A, b } = rowSystem(Y, k, gram, live, liveWeights);
    this.A = A;
    this.b = b;
    this.L = cholesky(Float64Array.from(A), k);
    this.x = choleskySolve(this.L, k, b);
    this.vector = Float32Array.from(this.x);
  }

  /** Items with at least one play. */
  get historySize(): number {
    let n = 0;
    for (let s = 0; s < this.size; s++) if (this.conf[s]! > 0) n++;
    return n;
  }

  /**
   * The item's play count is now `count` (0: it left the history): the system, the vector and
   * every kept explanation follow.
   */
  setCount(col: number, count: number): void {
    const { k } = this;
    let s = this.slotOf.get(col);
    if (s === undefined && !(count > 0)) return;
    const wOld = s === undefined ? 0 : this.weights[s]!;
    const cOld = s === undefined ? 0 : this.conf[s]!;
    const wNew = count > 0 ? this.weight(count) : 0;
    const cNew = count > 0 ? 1 + wNew : 0;
    const isNew = s === undefined;
    const before = this.size;
    if (s === undefined) s = this.append(col);
    const y = this.Y.subarray(col * k, col * k + k);
    const dw = wNew - wOld;
    if (dw !== 0) {
      // Sherman–Morrison against W before the change, logged for the kept products.
      const u = choleskySolve(this.L, k, y);
      let yu = 0;
      for (let f = 0; f < k; f++) yu += y[f]! * u[f]!;
      if (this.kept.size > 0) {
        // g_j = y_jᵀ W y: float32 products suffice for a correction term, in the kernel.
        const g = Float32Array.from(this.store.products(u, 1, before, before >= KERNEL_ROWS));
        this.log.push({ g, u, scale: dw / (1 + dw * yu), size: before });
        if (this.log.length > MAX_PENDING) this.settle();
      }
      for (let a = 0; a < k; a++) {
        const wya = dw * y[a]!;
        for (let c = 0; c < k; c++) this.A[a * k + c]! += wya * y[c]!;
      }
      this.L = cholesky(Float64Array.from(this.A), k);
    }
    for (let a = 0; a < k; a++) this.b[a]! += (cNew - cOld) * y[a]!;
    this.weights[s] = wNew;
    this.conf[s] = cNew;
    this.x = choleskySolve(this.L, k, this.b);
    this.vector = Float32Array.from(this.x);
    if (isNew) {
      // The new slot's product with each kept item, against the new W (the logged updates before
      // it stop short of it).
      for (const [t, kept] of this.kept) {
        const v = choleskySolve(this.L, k, this.Y.subarray(t * k, t * k + k));
        let d = 0;
        for (let f = 0; f < k; f++) d += v[f]! * y[f]!;
        kept.dots[s] = d;
      }
    }
  }

  /** Why `item` scores what it does: its `top` largest contributions (Hu et al. §5). */
  explain(item: number, top = 10): Explanation {
    return this.explainAll([item], top)[0]!;
  }

  /** `explain` for many items: kept ones read their products, the others compute them together. */
  explainAll(targets: readonly number[], top = 10): Explanation[] {
    const fresh = [...new Set(targets)].filter((t) => {
      const kept = this.kept.get(t);
      return !kept || kept.updates >= REFRESH_AFTER;
    });
    if (fresh.length > 0) this.computeKept(fresh);
    const wanted = new Set(targets);
    const out = targets.map((t) => {
      let explanation = this.explanationOf(t, top);
      if (!explanation) {
        this.computeKept([t]);
        explanation = this.explanationOf(t, top)!;
      }
      // Most recently used last.
      const kept = this.kept.get(t)!;
      this.kept.delete(t);
      this.kept.set(t, kept);
      return explanation;
    });
    for (const t of this.kept.keys()) {
      if (this.kept.size <= Math.max(KEPT_EXPLANATIONS, wanted.size)) break;
      if (!wanted.has(t)) this.kept.delete(t);
    }
    this.trimLog();
    return out;
  }

  /** h = scale · (u · y_t): how much of the update's g a target's products take. */
  private shareOf(update: Update, t: number): number {
    const { k } = this;
    let h = 0;
    for (let f = 0; f < k; f++) h += update.u[f]! * this.Y[t * k + f]!;
    return h * update.scale;
  }

  /** Applies the logged updates from `from` up to (not including) `to` to a kept item's products. */
  private applyLog(t: number, kept: Kept, to: number): void {
    for (let e = kept.from; e < to; e++) {
      const update = this.log[e - this.logStart]!;
      const h = this.shareOf(update, t);
      const { g, size } = update;
      const dots = kept.dots;
      for (let j = 0; j < size; j++) dots[j]! -= g[j]! * h;
      kept.updates++;
    }
    kept.from = Math.max(kept.from, to);
  }

  /** Every pending update applied to every kept item; the log emptied. */
  private settle(): void {
    const end = this.logStart + this.log.length;
    for (const [t, kept] of this.kept) this.applyLog(t, kept, end);
    this.logStart = end;
    this.log = [];
  }

  /** Drops the log entries every kept item has taken. */
  private trimLog(): void {
    let low = this.logStart + this.log.length;
    for (const kept of this.kept.values()) low = Math.min(low, kept.from);
    if (low > this.logStart) {
      this.log = this.log.slice(low - this.logStart);
      this.logStart = low;
    }
  }

  /**
   * The explanation from the kept products (the last pending update applied in the same pass),
   * or null when they drifted from the score.
   */
  private explanationOf(t: number, top: number): Explanation | null {
    const { k } = this;
    const kept = this.kept.get(t)!;
    const end = this.logStart + this.log.length;
    this.applyLog(t, kept, Math.max(kept.from, end - 1));
    const last = kept.from < end ? this.log[kept.from - this.logStart]! : null;
    const h = last ? this.shareOf(last, t) : 0;
    const g = last ? last.g : null;
    const lastSize = last ? last.size : 0;
    if (last) {
      kept.from = end;
      kept.updates++;
    }
    const n = this.size;
    const m = Math.min(top, n);
    // The last update applied in the same pass that ranks the contributions (one pass, not two).
    const best = bestOf(kept.dots, this.conf, n, m, g, h, lastSize);
    const { score, magnitude } = best;
    let direct = 0;
    for (let f = 0; f < k; f++) direct += this.x[f]! * this.Y[t * k + f]!;
    if (Math.abs(score - direct) > DRIFT_TOLERANCE * magnitude + 1e-300) return null;
    return {
      score,
      contributions: Array.from(best.items, (j, r) => ({
        item: this.cols[j]!,
        contribution: best.values[r]!,
        share: score !== 0 ? best.values[r]! / score : 0,
      })),
    };
  }

  /** Computes afresh the products of `targets` (y_jᵀ W y_t over the history) and keeps them. */
  private computeKept(targets: readonly number[]): void {
    const { k } = this;
    const n = this.size;
    const end = this.logStart + this.log.length;
    // As the fold-in's explanations (explainChunk): a long history's in the kernel.
    const fast = n * targets.length >= KERNEL_DOTS;
    for (let from = 0; from < targets.length; from += LANES) {
      const chunk = targets.slice(from, from + LANES);
      const V = new Float64Array(chunk.length * k);
      chunk.forEach((t, i) =>
        V.set(choleskySolve(this.L, k, this.Y.subarray(t * k, t * k + k)), i * k),
      );
      const dots = this.store.products(V, chunk.length, n, fast);
      chunk.forEach((t, i) => {
        const out = new Float64Array(this.cols.length);
        for (let j = 0; j < n; j++) out[j] = dots[i * n + j]!;
        this.kept.set(t, { dots: out, from: end, updates: 0 });
        this.refreshed++;
      });
    }
  }

  /** A new history slot for `col` (its factors gathered), growing the arrays when full. */
  private append(col: number): number {
    const { k } = this;
    if (this.size === this.cols.length) {
      const capacity = Math.ceil(this.size * 1.25) + 1024;
      const grow = <T extends Float64Array | Int32Array>(a: T): T => {
        const next = new (a.constructor as new (n: number) => T)(capacity);
        next.set(a);
        return next;
      };
      this.cols = grow(this.cols);
      this.weights = grow(this.weights);
      this.conf = grow(this.conf);
      this.store = this.store.grown(capacity, this.size);
      for (const kept of this.kept.values()) kept.dots = grow(kept.dots);
    }
    const s = this.size++;
    this.cols[s] = col;
    this.store.rows.set(this.Y.subarray(col * k, col * k + k), s * k);
    this.slotOf.set(col, s);
    return s;
  }
}

/** dots[j] −= g[j] · h for j < n. */
/**
 * One pass over the contributions c_j = conf_j · dots_j: their sum (the score), the sum of their
 * sizes, and the m largest (slots and values, largest first). With `g`, the pending update
 * dots_j −= g_j · h (j < `gSize`) is applied to `dots` in the same pass.
 */
function bestOf(
  dots: Float64Array,
  conf: Float64Array,
  n: number,
  m: number,
  g: Float32Array | null = null,
  h = 0,
  gSize = 0,
) {
  const items = new Int32Array(m);
  const values = new Float64Array(m).fill(-Infinity);
  let floor = m > 0 ? -Infinity : Infinity;
  let score = 0;
  let magnitude = 0;
  const updated = g ? Math.min(gSize, n) : 0;
  for (let j = 0; j < n; j++) {
    let d = dots[j]!;
    if (j < updated) dots[j] = d = d - g![j]! * h;
    const c = conf[j]! * d;
    score += c;
    // Math.abs and a plain `<` below (c is never NaN there: it passed `c > floor`): V8 runs this
    // loop 4× faster than with `c < 0 ? -c : c` and `!(v >= c)` (150,000 slots: 0.55 / 2.4 ms).
    magnitude += Math.abs(c);
    if (c > floor) {
      // Insertion into the short sorted list of the best so far.
      let at = m - 1;
      while (at > 0 && values[at - 1]! < c) {
        values[at] = values[at - 1]!;
        items[at] = items[at - 1]!;
        at--;
      }
      values[at] = c;
      items[at] = j;
      floor = values[m - 1]!;
    }
  }
  return { items, values, score, magnitude };
}

/**
 * The history's rows where their products with a few vectors run: in the WebAssembly SIMD
 * kernel's memory (gru-kernel.ts `scores`, float32 products), or in JavaScript where WebAssembly
 * SIMD is not available.
 */
class RowStore {
  private constructor(
    readonly k: number,
    readonly capacity: number,
    /** capacity × k floats. */
    readonly rows: Float32Array,
    private readonly kernel: GruKernel | null,
  ) {}

  static create(k: number, capacity: number): RowStore {
    const kernel = gruKernelModule() ? new GruKernel(k, LANES, capacity, false) : null;
    return new RowStore(k, capacity, kernel ? kernel.E : new Float32Array(capacity * k), kernel);
  }

  /** A larger store holding the first `size` rows of this one. */
  grown(capacity: number, size: number): RowStore {
    const next = RowStore.create(this.k, capacity);
    next.rows.set(this.rows.subarray(0, size * this.k));
    return next;
  }

  /**
   * out[i·n + j] = V_i · row_j for m ≤ LANES vectors V (m × k) and the first n rows: in the kernel
   * (float32 products) when `fast` and it is there, else in float64.
   */
  products(V: Float64Array, m: number, n: number, fast: boolean): ArrayLike<number> {
    const { k, kernel } = this;
    if (kernel && fast) {
      kernel.h.set(V.subarray(0, m * k));
      kernel.scores(m, n);
      return kernel.S.subarray(0, m * n);
    }
    const out = new Float64Array(m * n);
    const H = this.rows;
    for (let i = 0; i < m; i++) {
      const vo = i * k;
      for (let j = 0; j < n; j++) {
        const off = j * k;
        let s0 = 0;
        let s1 = 0;
        let f = 0;
        for (; f + 1 < k; f += 2) {
          s0 += H[off + f]! * V[vo + f]!;
          s1 += H[off + f + 1]! * V[vo + f + 1]!;
        }
        for (; f < k; f++) s0 += H[off + f]! * V[vo + f]!;
        out[i * n + j] = s0 + s1;
      }
    }
    return out;
  }
}
