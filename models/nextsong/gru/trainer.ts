/**
 * One mini-batch of BPTT over windows of sessions, with an in-batch + shared-sample softmax
 * (Hidasi & Karatzoglou, "Recurrent neural networks with top-k gains", 2018, §3.1): at each step the
 * candidates are the targets of every sequence in the batch plus `negatives` items drawn once per
 * batch ∝ popularity^α, so the cost per step is B·(B + S)·H whatever the catalogue size.
 * Loss: cross-entropy of the true next item among the candidates (copies of the target among the
 * negatives are masked). Skipped targets contribute no loss but still serve as negatives.
 */
import type { Session } from '../sessions';
import { gruBackward, gruForward, jsProducts, type GruGradients, type StepCache } from './cell';
import type { GruConfig, GruParams } from './params';
import type { Adam } from './adam';
import type { WeightedSampler } from '../../random';
import { GruKernel, gruKernelModule } from '../../wasm/gru-kernel';

/**
 * Where the trainer's dense products — the sampled softmax's and the GRU cell's — run: 'wasm'
 * (default), the WebAssembly SIMD kernel (models/wasm/gru-kernel.wat) where the runtime validates
 * it, else 'js', scalar JavaScript. Both compute the same sums, in other orders.
 */
export type GruKernelName = 'wasm' | 'js';

/** A trainer's gradient buffers; `outEmb` absent when the embeddings are tied. */
export interface TrainerGradients {
  dense: GruGradients;
  emb: Float32Array;
  outEmb?: Float32Array;
  bias: Float32Array;
}

/** Zeroed gradient buffers for `p`, in shared memory when `shared` (for a second thread). */
export function newGradients(p: GruParams, shared = false): TrainerGradients {
  const H = p.hiddenSize;
  const f32 = (n: number) =>
    shared ? new Float32Array(new SharedArrayBuffer(4 * n)) : new Float32Array(n);
  return {
    dense: { wx: f32(p.wx.length), wh: f32(p.wh.length), bx: f32(3 * H), bh: f32(3 * H) },
    emb: f32(p.inEmb.length),
    ...(p.outEmb === p.inEmb ? {} : { outEmb: f32(p.outEmb.length) }),
    bias: f32(p.itemCount),
  };
}

export class GruTrainer {
  private readonly H: number;
  private readonly grad: GruGradients;
  private readonly embGrad: Float32Array;
  private readonly outEmbGrad: Float32Array;
  private readonly biasGrad: Float32Array;
  private readonly touched: number[] = [];
  private readonly isTouched: Uint8Array;
  private readonly scratch: Float32Array[];
  private readonly useKernel: boolean;
  private kernel: GruKernel | null = null;

  constructor(
    private readonly p: GruParams,
    private readonly config: GruConfig,
    private readonly adam: Adam,
    private readonly sampler: WeightedSampler,
    private readonly random: () => number,
    /** Where the gradients live (shared memory, for a second thread's trainer); fresh if absent. */
    buffers: TrainerGradients = newGradients(p),
    kernel: GruKernelName = 'wasm',
  ) {
    this.useKernel = kernel === 'wasm' && gruKernelModule() !== null;
    const H = (this.H = p.hiddenSize);
    this.grad = buffers.dense;
    this.embGrad = buffers.emb;
    this.outEmbGrad = buffers.outEmb ?? this.embGrad;
    this.biasGrad = buffers.bias;
    this.isTouched = new Uint8Array(p.itemCount);
    this.scratch = [0, 1, 2, 3].map(() => new Float32Array(3 * H));
  }

  private touch(item: number): void {
    if (!this.isTouched[item]) {
      this.isTouched[item] = 1;
      this.touched.push(item);
    }
  }

  /** Trains on up to B windows; returns [summed loss, number of scored events]. */
  step(batch: readonly Session[]): [number, number] {
    return this.stepLanes(batch, this.drawNegatives(), 0, batch.length);
  }

  /** The batch's shared sampled negatives (∝ popularity^α), drawn from the trainer's stream. */
  drawNegatives(): Int32Array {
    return Int32Array.from({ length: this.config.negatives }, () => this.sampler.draw(this.random));
  }

  /**
   * The gradients of lanes [from, to) of the batch only, with the softmax candidates of the whole
   * batch (every active lane's target and `negatives`): two trainers over the two halves of a
   * batch, their gradients summed, give the one-trainer step (data-parallel training).
   */
  stepLanes(
    batch: readonly Session[],
    negatives: Int32Array,
    from: number,
    to: number,
  ): [number, number] {
    const { H, p } = this;
    const B = batch.length;
    const T = Math.max(...batch.map((s) => s.items.length)) - 1;
    const xs = new Float32Array(T * B * H);
    const hs = new Float32Array((T + 1) * B * H);
    const cache: StepCache = {
      z: new Float32Array(T * B * H),
      r: new Float32Array(T * B * H),
      n: new Float32Array(T * B * H),
      hn: new Float32Array(T * B * H),
    };
    const dOut = new Float32Array(T * B * H);
    for (const item of negatives) this.touch(item);
    const kernel = this.kernelFor(B, negatives);
    const products = kernel ?? jsProducts;
    let loss = 0;
    let events = 0;
    const [ax, ah] = this.scratch as [Float32Array, Float32Array];
    for (let t = 0; t < T; t++) {
      const lanes: number[] = [];
      for (let l = 0; l < B; l++) if (batch[l]!.items.length > t + 1) lanes.push(l);
      for (const l of lanes) {
        if (l < from || l >= to) continue;
        const item = batch[l]!.items[t]!;
        const at = (t * B + l) * H;
        xs.set(p.inEmb.subarray(item * H, item * H + H), at);
        this.touch(item);
        gruForward(p, xs, at, hs, at, hs, at + B * H, cache, at, ax, ah, products);
      }
      const targets = lanes.map((l) => batch[l]!.items[t + 1]!);
      const weights = lanes.map((l) => (batch[l]!.skipped[t + 1] ? 0 : 1));
      for (const item of targets) this.touch(item);
      if (kernel) {
        const scored = lanes.flatMap((l, i) => (weights[i] && l >= from && l < to ? [i] : []));
        loss += this.kernelStep(kernel, hs, dOut, t, B, lanes, targets, negatives, scored);
        events += scored.length;
        continue;
      }
      const candidates = Int32Array.from([...targets, ...negatives]);
      lanes.forEach((l, i) => {
        if (!weights[i] || l < from || l >= to) return;
        loss += this.softmaxStep(hs, ((t + 1) * B + l) * H, candidates, i, dOut, (t * B + l) * H);
        events++;
      });
    }
    if (kernel) this.scatterRows(kernel.dE, negatives, 0);
    // Backpropagation through time, last step first; dh carries dL/dh_t between steps.
    const dh = new Float32Array(B * H);
    const dx = new Float32Array(H);
    const [dax, dah] = this.scratch.slice(2) as [Float32Array, Float32Array];
    for (let t = T - 1; t >= 0; t--) {
      for (let l = from; l < to; l++) {
        if (batch[l]!.items.length <= t + 1) continue;
        const at = (t * B + l) * H;
        for (let j = 0; j < H; j++) dOut[at + j]! += dh[l * H + j]!;
        dh.fill(0, l * H, l * H + H);
        gruBackward(
          p,
          this.grad,
          xs,
          at,
          hs,
          at,
          cache,
          at,
          dOut,
          at,
          dx,
          0,
          dh,
          l * H,
          dax,
          dah,
          products,
        );
        const row = batch[l]!.items[t]! * H;
        for (let j = 0; j < H; j++) this.embGrad[row + j]! += dx[j]!;
      }
    }
    kernel?.flushGradients(this.grad);
    return [loss, events];
  }

  /**
   * The kernel sized for this batch, with the cell's weights, the negatives' output rows and biases
   * in its first rows and their gradient rows zeroed (they gather over every step of the batch);
   * null for 'js'.
   */
  private kernelFor(B: number, negatives: Int32Array): GruKernel | null {
    if (!this.useKernel) return null;
    const { H, p } = this;
    const C = B + negatives.length;
    if (!this.kernel || this.kernel.maxLanes < B || this.kernel.maxCandidates < C) {
      this.kernel = new GruKernel(H, B, C);
    }
    const k = this.kernel;
    negatives.forEach((item, c) => {
      k.E.set(p.outEmb.subarray(item * H, item * H + H), c * H);
      k.bias[c] = p.outBias[item]!;
    });
    k.dE.fill(0, 0, negatives.length * H);
    k.loadWeights(p);
    return k;
  }

  /**
   * One time step's softmax for the lanes `scored` (indices into `lanes`/`targets`) in the kernel:
   * candidates are the negatives (rows 0…S−1, already in place) then this step's targets; scores
   * there, the softmax and its gradient G here, G's products there. Returns the summed loss.
   */
  private kernelStep(
    k: GruKernel,
    hs: Float32Array,
    dOut: Float32Array,
    t: number,
    B: number,
    lanes: number[],
    targets: number[],
    negatives: Int32Array,
    scored: number[],
  ): number {
    const { H, p } = this;
    const S = negatives.length;
    const C = S + targets.length;
    targets.forEach((item, i) => {
      k.E.set(p.outEmb.subarray(item * H, item * H + H), (S + i) * H);
      k.bias[S + i] = p.outBias[item]!;
    });
    scored.forEach((i, q) => {
      const at = ((t + 1) * B + lanes[i]!) * H;
      k.h.set(hs.subarray(at, at + H), q * H);
    });
    k.scores(scored.length, C);
    const item = (c: number) => (c < S ? negatives[c]! : targets[c - S]!);
    let loss = 0;
    scored.forEach((i, q) => {
      const row = k.S.subarray(q * C, q * C + C);
      const pos = S + i;
      const target = targets[i]!;
      let max = -Infinity;
      for (let c = 0; c < C; c++) {
        // The target again, as a "negative": masked.
        if (c !== pos && item(c) === target) row[c] = -Infinity;
        else if (row[c]! > max) max = row[c]!;
      }
      let sum = 0;
      for (let c = 0; c < C; c++) sum += row[c] = Math.exp(row[c]! - max);
      loss -= Math.log(row[pos]! / sum);
      for (let c = 0; c < C; c++) {
        const g = (row[c] = row[c]! / sum - (c === pos ? 1 : 0));
        if (g !== 0) this.biasGrad[item(c)]! += g;
      }
    });
    k.dh.fill(0, 0, scored.length * H);
    k.dE.fill(0, S * H, C * H);
    k.backward(scored.length, C);
    scored.forEach((i, q) => {
      const at = (t * B + lanes[i]!) * H;
      for (let j = 0; j < H; j++) dOut[at + j]! += k.dh[q * H + j]!;
    });
    this.scatterRows(k.dE, targets, S);
    return loss;
  }

  /** outEmbGrad[items[r]] += rows[first + r] for every r. */
  private scatterRows(rows: Float32Array, items: ArrayLike<number>, first: number): void {
    const { H } = this;
    for (let r = 0; r < items.length; r++) {
      const to = items[r]! * H;
      const from = (first + r) * H;
      for (let j = 0; j < H; j++) this.outEmbGrad[to + j]! += rows[from + j]!;
    }
  }

  /**
   * Softmax over candidate scores s_c = h·out[c] + b[c] for the lane whose target is candidate
   * `pos`; writes dL/dh into dOut and accumulates the output embedding/bias gradients.
   */
  private softmaxStep(
    hs: Float32Array,
    hOff: number,
    candidates: Int32Array,
    pos: number,
    dOut: Float32Array,
    dOff: number,
  ): number {
    const { H, p } = this;
    const target = candidates[pos]!;
    const scores = new Float32Array(candidates.length);
    let max = -Infinity;
    for (let c = 0; c < candidates.length; c++) {
      const item = candidates[c]!;
      if (item === target && c !== pos) {
        scores[c] = -Infinity; // the target again, as a "negative": mask it
        continue;
      }
      const row = item * H;
      let s = p.outBias[item]!;
      for (let j = 0; j < H; j++) s += hs[hOff + j]! * p.outEmb[row + j]!;
      scores[c] = s;
      if (s > max) max = s;
    }
    let sum = 0;
    for (let c = 0; c < scores.length; c++) sum += scores[c] = Math.exp(scores[c]! - max);
    const loss = -Math.log(scores[pos]! / sum);
    for (let c = 0; c < candidates.length; c++) {
      const g = scores[c]! / sum - (c === pos ? 1 : 0);
      if (g === 0) continue;
      const item = candidates[c]!;
      const row = item * H;
      this.biasGrad[item]! += g;
      for (let j = 0; j < H; j++) {
        dOut[dOff + j]! += g * p.outEmb[row + j]!;
        this.outEmbGrad[row + j]! += g * hs[hOff + j]!;
      }
    }
    return loss;
  }

  /**
   * Adds another trainer's gradients (over the same parameters, in shared memory) to this one's,
   * for the items it touched, and clears them there: the merge of a data-parallel step.
   */
  absorb(other: TrainerGradients, touched: ArrayLike<number>): void {
    const { H } = this;
    const dense = this.grad;
    for (const name of ['wx', 'wh', 'bx', 'bh'] as const) {
      const mine = dense[name];
      const theirs = other.dense[name];
      for (let i = 0; i < mine.length; i++) mine[i]! += theirs[i]!;
      theirs.fill(0);
    }
    const tied = this.outEmbGrad === this.embGrad;
    for (let q = 0; q < touched.length; q++) {
      const item = touched[q]!;
      this.touch(item);
      for (let j = item * H; j < item * H + H; j++) {
        this.embGrad[j]! += other.emb[j]!;
        if (!tied) this.outEmbGrad[j]! += other.outEmb![j]!;
      }
      other.emb.fill(0, item * H, item * H + H);
      if (!tied) other.outEmb!.fill(0, item * H, item * H + H);
      this.biasGrad[item]! += other.bias[item]!;
      other.bias[item] = 0;
    }
  }

  /** The items this trainer touched since the last call, forgotten here (their sums stay). */
  takeTouched(): Int32Array {
    const out = Int32Array.from(this.touched);
    for (const item of this.touched) this.isTouched[item] = 0;
    this.touched.length = 0;
    return out;
  }

  /** Clips the mean gradient to `clipNorm`, applies Adam, and clears the gradients. */
  apply(events: number): void {
    const { H, p, grad } = this;
    const dense: [Float32Array, Float32Array][] = [
      [p.wx, grad.wx],
      [p.wh, grad.wh],
      [p.bx, grad.bx],
      [p.bh, grad.bh],
    ];
    const tied = this.outEmbGrad === this.embGrad;
    let norm2 = 0;
    for (const [, g] of dense) for (const v of g) norm2 += v * v;
    for (const item of this.touched) {
      for (let j = item * H; j < item * H + H; j++) {
        norm2 += this.embGrad[j]! ** 2 + (tied ? 0 : this.outEmbGrad[j]! ** 2);
      }
      norm2 += this.biasGrad[item]! ** 2;
    }
    const mean = 1 / Math.max(1, events);
    const norm = Math.sqrt(norm2) * mean;
    const scale = mean * (norm > this.config.clipNorm ? this.config.clipNorm / norm : 1);
    const stepSize = this.adam.begin();
    for (const [param, g] of dense) {
      this.adam.update(param, g, stepSize, scale);
      g.fill(0);
    }
    for (const item of this.touched) {
      const [from, to] = [item * H, item * H + H];
      this.adam.update(p.inEmb, this.embGrad, stepSize, scale, from, to);
      if (!tied) this.adam.update(p.outEmb, this.outEmbGrad, stepSize, scale, from, to);
      this.adam.update(p.outBias, this.biasGrad, stepSize, scale, item, item + 1);
      this.embGrad.fill(0, from, to);
      if (!tied) this.outEmbGrad.fill(0, from, to);
      this.biasGrad[item] = 0;
      this.isTouched[item] = 0;
    }
    this.touched.length = 0;
  }
}
