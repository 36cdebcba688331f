/**
 * The recurrent next-song model: item embedding → one GRU layer → scores over items
 * (GRU4Rec, Hidasi et al. ICLR 2016), trained by BPTT over windows of sessions with Adam, gradient
 * clipping and an in-batch + sampled softmax (./trainer.ts). Hand-written over Float32Arrays
 * because it beat tfjs's cpu backend on this shape (bench/nextsong.ts, docs/nextsong.md).
 */
import type { FitOptions, NextSongModel } from '../model';
import { throwIfAborted, yieldToLoop } from '../model';
import { windows, type Session } from '../sessions';
import { pack, unpack } from '../bytes';
import { gruForward, type StepCache } from './cell';
import { Adam } from './adam';
import { mulberry32 as seededRandom, shuffle, WeightedSampler } from '../../random';
import {
  defaultGruConfig,
  initParams,
  paramArrays,
  paramsFromArrays,
  type GruConfig,
  type GruParams,
} from './params';
import { GruTrainer, newGradients } from './trainer';
import { shareParams } from './parallel';

export class GruModel implements NextSongModel {
  readonly kind = 'gru';
  readonly config: GruConfig;
  private params: GruParams;

  constructor(
    readonly itemCount: number,
    config: Partial<GruConfig> = {},
  ) {
    this.config = { ...defaultGruConfig, ...config };
    this.params = initParams(itemCount, this.config);
  }

  async fit(sessions: readonly Session[], options: FitOptions = {}): Promise<void> {
    this.params = initParams(this.itemCount, this.config);
    await this.train(sessions, this.config.epochs, this.config.learningRate, options);
  }

  /**
   * Incremental fine-tuning (issue 6): `epochs` more passes over `sessions` from the current
   * weights, with a fresh optimiser (its moments belong to the old data) at the same learning
   * rate: at a tenth of it the new sessions barely move the model (docs/nextsong.md). Sessions may use items
   * up to `grownTo` − 1: the catalogue grows first, new items getting fresh embeddings.
   */
  async fineTune(
    sessions: readonly Session[],
    epochs: number,
    options: FitOptions = {},
  ): Promise<GruModel> {
    let items = this.itemCount;
    for (const s of sessions) for (const item of s.items) items = Math.max(items, item + 1);
    const model = this.grownTo(items);
    await model.train(sessions, epochs, this.config.learningRate, options);
    return model;
  }

  /** This model over `itemCount` ≥ its own items; the new items start as a fresh model's would. */
  grownTo(itemCount: number): GruModel {
    if (itemCount < this.itemCount) throw new RangeError('a GRU catalogue can only grow');
    const model = new GruModel(itemCount, this.config);
    const H = this.params.hiddenSize;
    const fresh = model.params;
    const old = this.params;
    fresh.inEmb.set(old.inEmb);
    if (fresh.outEmb !== fresh.inEmb) fresh.outEmb.set(old.outEmb);
    fresh.outBias.set(old.outBias);
    for (const name of ['wx', 'wh', 'bx', 'bh'] as const) fresh[name].set(old[name]);
    if (fresh.inEmb.length !== itemCount * H) throw new Error('GRU embedding size mismatch');
    return model;
  }

  private async train(
    sessions: readonly Session[],
    epochs: number,
    learningRate: number,
    options: FitOptions,
  ): Promise<void> {
    const { config } = this;
    const random = seededRandom(config.seed ^ 0x5eed);
    const popularity = new Float64Array(this.itemCount);
    for (const s of sessions) for (const item of s.items) popularity[item]! += 1;
    const sampler = new WeightedSampler(popularity.map((c) => c ** config.sampleAlpha));
    const helper = options.gruHelper;
    // With a second thread both trainers read the parameters from shared memory.
    if (helper) this.params = shareParams(this.params);
    const kernel = options.gruKernel ?? 'wasm';
    const trainer = new GruTrainer(
      this.params,
      config,
      new Adam(learningRate),
      sampler,
      random,
      newGradients(this.params),
      kernel,
    );
    const theirs = helper ? await helper.begin(this.params, config, kernel) : null;
    const all = sessions.flatMap((s) => windows(s, config.window));
    const batches = Math.ceil(all.length / config.batchSize);
    try {
      for (let epoch = 1; epoch <= epochs; epoch++) {
        shuffle(all, random);
        let loss = 0;
        let events = 0;
        for (let b = 0; b < batches; b++) {
          throwIfAborted(options.signal);
          const batch = all.slice(b * config.batchSize, (b + 1) * config.batchSize);
          let l: number;
          let n: number;
          if (helper && theirs && batch.length > 1) {
            // The same negatives and candidates as one trainer's step: lanes split in two.
            const negatives = trainer.drawNegatives();
            const half = batch.length >> 1;
            const other = helper.step(batch, negatives, half, batch.length);
            [l, n] = trainer.stepLanes(batch, negatives, 0, half);
            const done = await other;
            trainer.absorb(theirs, done.touched);
            l += done.loss;
            n += done.events;
          } else [l, n] = trainer.step(batch);
          trainer.apply(n);
          loss += l;
          events += n;
          if (b % 8 === 7 || b === batches - 1) {
            const done = (epoch - 1 + (b + 1) / batches) / epochs;
            options.onProgress?.({ epoch, epochs, loss: loss / Math.max(1, events), done });
            await yieldToLoop();
          }
        }
        await options.onEpoch?.(epoch, this);
      }
    } finally {
      helper?.end();
    }
  }

  /** The hidden state after reading the last `window` plays of the prefix. */
  hiddenState(prefix: Int32Array): Float32Array {
    const p = this.params;
    const H = p.hiddenSize;
    const recent = prefix.subarray(Math.max(0, prefix.length - this.config.window));
    let h = new Float32Array(H);
    let next = new Float32Array(H);
    const cache: StepCache = {
      z: new Float32Array(H),
      r: new Float32Array(H),
      n: new Float32Array(H),
      hn: new Float32Array(H),
    };
    const [ax, ah] = [new Float32Array(3 * H), new Float32Array(3 * H)];
    for (const item of recent) {
      gruForward(p, p.inEmb, item * H, h, 0, next, 0, cache, 0, ax, ah);
      [h, next] = [next, h];
    }
    return h;
  }

  /** s_i = out_i · h + b_i for every item i. */
  scoreNext(prefix: Int32Array): Float32Array {
    const p = this.params;
    const H = p.hiddenSize;
    const h = this.hiddenState(prefix);
    const scores = new Float32Array(this.itemCount);
    for (let i = 0; i < this.itemCount; i++) {
      let s = p.outBias[i]!;
      const row = i * H;
      for (let j = 0; j < H; j++) s += h[j]! * p.outEmb[row + j]!;
      scores[i] = s;
    }
    return scores;
  }

  toBytes(): Uint8Array {
    return pack({
      kind: this.kind,
      params: { itemCount: this.itemCount, ...this.config },
      arrays: paramArrays(this.params),
    });
  }

  static fromBytes(bytes: Uint8Array): GruModel {
    const { params, arrays } = unpack(bytes, 'gru');
    const { itemCount, ...config } = params as unknown as GruConfig & { itemCount: number };
    const model = new GruModel(itemCount, config);
    model.params = paramsFromArrays(
      itemCount,
      config.units,
      arrays as Record<string, Float32Array>,
    );
    return model;
  }
}
