import { explainExactly } from '../als-exact';
import { confidenceWeight } from '../als-fit';
import { packModel, unpackModel } from '../serialize';
import { rowItems, type Csr } from '../sparse';
import { recommendFromScores } from '../topk';
import { nearestByCosine, rowNorms } from '../vectors';
import type { Explanation, Ranked, RecommendOptions, Recommender } from '../recommender';
import {
  assignRow,
  defaultPersonaParams,
  fitPersonas,
  gramOf,
  gramWithout,
  ownedSystems,
  solvePersonas,
  solveSystems,
  type PersonaParams,
  type PersonaState,
} from './fit';
import { clusterItems } from './seed-personas';
import type { PersonaFitOptions } from './fit-cg';

/**
 * Multi-persona factorisation (fit.ts has the maths): a row's score for an item is its best
 * persona's, so a listener of both Bach and drum & bass gets recommendations for each taste
 * instead of for their average.
 */
export class PersonaModel implements Recommender {
  readonly kind = 'persona';
  readonly params: PersonaParams;
  matrix: Csr | null = null;
  state: PersonaState | null = null;
  private itemNorms: Float32Array | null = null;

  constructor(params: Partial<PersonaParams> = {}) {
    this.params = { ...defaultPersonaParams, ...params };
  }

  get items(): number {
    return (this.state?.Y.length ?? 0) / this.params.factors;
  }

  get loss(): readonly number[] {
    return this.state?.loss ?? [];
  }

  async fit(matrix: Csr, options: PersonaFitOptions = {}): Promise<void> {
    this.state = await fitPersonas(matrix, this.params, options);
    this.matrix = matrix;
    this.itemNorms = null;
  }

  /** Scores of every item under each persona of the row, persona-major (P × items). */
  personaScores(row: number): Float32Array[] {
    const { X, Y } = this.need();
    const { personas: P, factors: k } = this.params;
    return Array.from({ length: P }, (_, s) => {
      const out = new Float32Array(this.items);
      const off = (row * P + s) * k;
      for (let i = 0; i < this.items; i++) {
        let d = 0;
        for (let f = 0; f < k; f++) d += X[off + f]! * Y[i * k + f]!;
        out[i] = d;
      }
      return out;
    });
  }

  scoreRow(row: number, out: Float32Array): void {
    const perPersona = this.personaScores(row);
    out.set(perPersona[0]!);
    for (const scores of perPersona.slice(1))
      for (let i = 0; i < out.length; i++) if (scores[i]! > out[i]!) out[i] = scores[i]!;
  }

  recommend(row: number, options: RecommendOptions): Ranked {
    const seen = this.matrix ? rowItems(this.matrix, row).items : undefined;
    return recommendFromScores((out) => this.scoreRow(row, out), this.items, seen, options);
  }

  /** Recommendations from one persona alone ("play this persona"). */
  recommendForPersona(row: number, persona: number, options: RecommendOptions): Ranked {
    const seen = this.matrix ? rowItems(this.matrix, row).items : undefined;
    return recommendFromScores(
      (out) => out.set(this.personaScores(row)[persona]!),
      this.items,
      seen,
      options,
    );
  }

  similarItems(item: number, n: number): Ranked {
    const { Y } = this.need();
    const k = this.params.factors;
    this.itemNorms ??= rowNorms(Y, this.items, k);
    return nearestByCosine(Y, this.itemNorms, k, Y.subarray(item * k, item * k + k), n, [item]);
  }

  /** The persona that scores `item` highest for the row. */
  personaOf(row: number, item: number): number {
    const scores = this.personaScores(row).map((s) => s[item]!);
    return scores.indexOf(Math.max(...scores));
  }

  /** The row's played items grouped by the persona that owns them (largest responsibility). */
  personaItems(row: number): { persona: number; items: number[]; plays: number }[] {
    const { W } = this.need();
    const { matrix } = this.needMatrix();
    const P = this.params.personas;
    const groups = Array.from({ length: P }, (_, persona) => ({
      persona,
      items: [] as number[],
      plays: 0,
    }));
    for (let e = matrix.indptr[row]!; e < matrix.indptr[row + 1]!; e++) {
      let best = 0;
      for (let s = 1; s < P; s++) if (W[e * P + s]! > W[e * P + best]!) best = s;
      groups[best]!.items.push(matrix.indices[e]!);
      groups[best]!.plays += matrix.data[e]!;
    }
    return groups;
  }

  /** Hu et al. §5 within the persona that owns the score: which of its items drive it. */
  explain(row: number, item: number, top = 5): Explanation {
    const { Y, W } = this.need();
    const { matrix } = this.needMatrix();
    const { personas: P, factors: k } = this.params;
    const persona = this.personaOf(row, item);
    const { items, values } = rowItems(matrix, row);
    const start = matrix.indptr[row]!;
    const weights = Float64Array.from(
      values,
      (r, q) =>
        W[(start + q) * P + persona]! *
          (1 + confidenceWeight(r, { ...this.params, confidence: 'log' })) -
        1,
    );
    // A fresh exact solve of the owning persona against the final item factors (Hu et al. §5).
    const { score, contributions } = explainExactly(
      Y,
      k,
      gramOf(Y, this.items, k, this.params.lambda),
      items,
      weights,
      item,
    );
    const list = Array.from(items, (j, q) => ({
      item: j,
      contribution: contributions[q]!,
      share: score !== 0 ? contributions[q]! / score : 0,
    }));
    list.sort((a, b) => b.contribution - a.contribution);
    return { score, contributions: list.slice(0, top) };
  }

  /**
   * Fold-in: P personas for a new row (a listener's whole history) against the fixed item factors,
   * alternating assignment and least squares as in training.
   */
  /**
   * `gram`, when given, is YᵀY + λI of these item factors computed elsewhere (an ALS model whose
   * factors these are keeps one): over 200,000 items it costs most of a second.
   */
  foldIn(
    items: ArrayLike<number>,
    counts: ArrayLike<number>,
    iterations = 10,
    gram?: Float64Array,
  ): Float32Array {
    return this.foldInSystems(items, counts, iterations, gram).X;
  }

  /**
   * `foldIn`, with (hard assignment) the owners and the P systems (A_p, b_p) its last solve used,
   * for a caller that goes on updating them (FollowingPersonas) instead of building them again.
   */
  foldInSystems(
    items: ArrayLike<number>,
    counts: ArrayLike<number>,
    iterations = 10,
    gram?: Float64Array,
  ): { X: Float32Array; last: { owner: Int32Array; A: Float64Array[]; b: Float64Array[] } | null } {
    const { Y } = this.need();
    const { personas: P, factors: k } = this.params;
    gram ??= gramOf(Y, this.items, k, this.params.lambda);
    const confidence = Float64Array.from(
      counts,
      (r) => 1 + confidenceWeight(r, { ...this.params, confidence: 'log' }),
    );
    const X = new Float32Array(P * k);
    const W = new Float32Array(items.length * P);
    const label = clusterItems(Y, k, items, confidence, P);
    for (let q = 0; q < items.length; q++) W[q * P + label[q]!] = 1;
    if (this.params.assignment === 'hard') {
      // One pass over the items per iteration for all personas, and none once no item changes
      // owner (the solves would then give the same vectors again): at 150,000 played tracks this
      // is what keeps For You's persona lines from taking many seconds.
      const base = gramWithout(Y, gram, items, k);
      let owner = Int32Array.from(label);
      let last: { owner: Int32Array; A: Float64Array[]; b: Float64Array[] } | null = null;
      for (let it = 0; it < iterations; it++) {
        if (it > 0) {
          assignRow(X, Y, 0, items, this.params, W, 0);
          const next = Int32Array.from({ length: items.length }, (_, q) => {
            for (let s = 0; s < P; s++) if (W[q * P + s] === 1) return s;
            return 0;
          });
          if (next.every((s, q) => s === owner[q])) break;
          owner = next;
        }
        const { A, b } = ownedSystems(Y, base, items, confidence, owner, P, k);
        solveSystems(A, b, k, X);
        last = { owner, A, b };
      }
      return { X, last };
    }
    for (let it = 0; it < iterations; it++) {
      if (it > 0) assignRow(X, Y, 0, items, this.params, W, 0);
      solvePersonas(Y, gram, items, confidence, W, 0, P, k, X, 0);
    }
    return { X, last: null };
  }

  toBytes(): Uint8Array {
    const { X, Y, W, loss } = this.need();
    const { matrix } = this.needMatrix();
    return packModel(
      this.kind,
      { params: this.params, rows: matrix.rows, cols: matrix.cols, loss },
      { X, Y, W, indptr: matrix.indptr, indices: matrix.indices, data: matrix.data },
    );
  }

  static fromBytes(bytes: Uint8Array): PersonaModel {
    const { meta, arrays } = unpackModel(bytes, 'persona');
    const model = new PersonaModel(meta.params as PersonaParams);
    model.state = {
      X: arrays.X as Float32Array,
      Y: arrays.Y as Float32Array,
      W: arrays.W as Float32Array,
      loss: meta.loss as number[],
    };
    model.matrix = {
      rows: meta.rows as number,
      cols: meta.cols as number,
      indptr: arrays.indptr as Int32Array,
      indices: arrays.indices as Int32Array,
      data: arrays.data as Float32Array,
    };
    return model;
  }

  private need(): PersonaState {
    if (!this.state) throw new Error('The persona model is not fitted yet.');
    return this.state;
  }

  private needMatrix(): { matrix: Csr } {
    if (!this.matrix) throw new Error('The persona model is not fitted yet.');
    return { matrix: this.matrix };
  }
}
