/**
 * A listener's personas (hard assignment: each played item belongs to one persona) that follow
 * their plays instead of being folded in again. Persona p's system is
 * (YᵀY + λI − Σ_history y yᵀ) + Σ_{items p owns} c·y yᵀ (fit.ts, `solveOwnedPersonas`), so a play
 * changes every system by a rank-one term at most: more plays of an owned item change its owner's
 * confidence; a first play joins the history (every system loses its y yᵀ) and the persona that
 * scores it highest (the max rule) takes it. Owners of the other items stay as the last full fold
 * left them: re-examining 150,000 items per play would cost what the fold does.
 */
import { gramWithout, ownedSystems, solveSystems } from './fit';

export interface PersonaBasis {
  Y: Float32Array;
  k: number;
  /** YᵀY + λI (shared; not modified). */
  gram: Float64Array;
  /** A play count's confidence c = 1 + w (the persona model's log confidence). */
  confidence: (count: number) => number;
}

export class FollowingPersonas {
  readonly P: number;
  private readonly basis: PersonaBasis;
  private readonly A: Float64Array[];
  private readonly b: Float64Array[];
  /** Persona vectors, P × k. */
  readonly X: Float32Array;
  /** Item → [owning persona, confidence]. */
  private readonly owned = new Map<number, { persona: number; confidence: number }>();

  /** `owner[q]` (0 … P−1) owns `items[q]`, played `counts[q]` times. */
  constructor(
    basis: PersonaBasis,
    items: ArrayLike<number>,
    counts: ArrayLike<number>,
    owner: Int32Array,
    P: number,
    /** The systems for exactly these items, counts and owners, when built already (foldIn). */
    systems?: { A: Float64Array[]; b: Float64Array[] },
  ) {
    const { Y, k, gram, confidence } = basis;
    this.basis = basis;
    this.P = P;
    const conf = Float64Array.from(counts, (n) => confidence(n));
    const { A, b } =
      systems ?? ownedSystems(Y, gramWithout(Y, gram, items, k), items, conf, owner, P, k);
    this.A = A;
    this.b = b;
    for (let q = 0; q < items.length; q++)
      this.owned.set(items[q]!, { persona: owner[q]!, confidence: conf[q]! });
    this.X = new Float32Array(P * k);
    for (let p = 0; p < P; p++) this.solve(p);
  }

  /** The persona owning an item of the history, or undefined. */
  ownerOf(item: number): number | undefined {
    return this.owned.get(item)?.persona;
  }

  /** The persona whose vector scores `item` highest. */
  best(item: number): number {
    const { Y, k } = this.basis;
    let best = 0;
    let bestScore = -Infinity;
    for (let p = 0; p < this.P; p++) {
      let s = 0;
      for (let f = 0; f < k; f++) s += this.X[p * k + f]! * Y[item * k + f]!;
      if (s > bestScore) [best, bestScore] = [p, s];
    }
    return best;
  }

  /**
   * The item's play count is now `count` (0: it left the history). Returns its owner, or undefined
   * when it has none.
   */
  setCount(item: number, count: number): number | undefined {
    const { Y, k, confidence } = this.basis;
    const y = Y.subarray(item * k, item * k + k);
    const had = this.owned.get(item);
    const touched = new Set<number>();
    const add = (p: number, weight: number, rhs: number) => {
      if (weight !== 0) rankOne(this.A[p]!, y, weight, k);
      for (let f = 0; f < k; f++) this.b[p]![f]! += rhs * y[f]!;
      touched.add(p);
    };
    let owner: number | undefined;
    if (had && count > 0) {
      const c = confidence(count);
      add(had.persona, c - had.confidence, c - had.confidence);
      had.confidence = c;
      owner = had.persona;
    } else if (had) {
      // Leaves the history: every system gets its y yᵀ back, the owner loses c·y yᵀ.
      for (let p = 0; p < this.P; p++) add(p, p === had.persona ? 1 - had.confidence : 1, 0);
      for (let f = 0; f < k; f++) this.b[had.persona]![f]! -= had.confidence * y[f]!;
      this.owned.delete(item);
    } else if (count > 0) {
      owner = this.best(item);
      const c = confidence(count);
      for (let p = 0; p < this.P; p++) add(p, p === owner ? c - 1 : -1, p === owner ? c : 0);
      this.owned.set(item, { persona: owner, confidence: c });
    }
    for (const p of touched) this.solve(p);
    return owner;
  }

  private solve(p: number): void {
    const { k } = this.basis;
    solveSystems([this.A[p]!], [this.b[p]!], k, this.X.subarray(p * k, p * k + k));
  }
}

/** A += w y yᵀ. */
function rankOne(A: Float64Array, y: ArrayLike<number>, w: number, k: number): void {
  for (let a = 0; a < k; a++) {
    const wya = w * y[a]!;
    for (let c = 0; c < k; c++) A[a * k + c]! += wya * y[c]!;
  }
}
