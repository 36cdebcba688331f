/**
 * The radio's GRU (../gru/: embedding → PyTorch-form GRU → tied output with an in-batch + shared
 * sampled softmax) written in TensorFlow.js ops, for the backends where tfjs is fast: WebGL or
 * WebGPU in a renderer (a local GPU), or tfjs-node when it is installed. On tfjs's plain `cpu`
 * backend the hand-written model is far faster (bench/nextsong.ts), so the Node worker never uses
 * this file.
 *
 * Same model, same data order: the weights start from `initParams` (same seed), the windows are
 * shuffled and the negatives drawn with the same seeded generator as `GruModel.fit`, the loss is
 * the same masked cross-entropy averaged over scored events, clipped to the same global norm. One
 * difference: tfjs's Adam updates every embedding row each step (moments of rows a batch did not
 * touch decay), where the CPU model's Adam is lazy. The result is packed as a `gru` model, so the
 * CPU path (`GruModel.fromBytes`) scores with it: training may run on a GPU, the radio never needs one.
 *
 * `tf` is passed in, not imported, so the caller picks the build and backend (the renderer bundles
 * @tensorflow/tfjs with webgl; tests use the cpu backend) and models/ stays free of side effects.
 */
import type * as Tf from '@tensorflow/tfjs';
import { pack } from '../bytes';
import { throwIfAborted, yieldToLoop, type FitOptions } from '../model';
import { windows, type Session } from '../sessions';
import { mulberry32 as seededRandom, shuffle, WeightedSampler } from '../../random';
import { defaultGruConfig, initParams, paramArrays, type GruConfig } from '../gru/params';

export type TfModule = typeof Tf;

/** The trainable tensors, in the CPU model's layout (Wx is E × 3H, gate blocks z | r | n). */
export interface TfGruWeights {
  emb: Tf.Variable<Tf.Rank.R2>;
  wx: Tf.Variable<Tf.Rank.R2>;
  wh: Tf.Variable<Tf.Rank.R2>;
  bx: Tf.Variable<Tf.Rank.R1>;
  bh: Tf.Variable<Tf.Rank.R1>;
  bias: Tf.Variable<Tf.Rank.R1>;
}

/** Starts from exactly the CPU model's initial weights (`initParams`, tied embeddings). */
export function initTfWeights(tf: TfModule, itemCount: number, config: GruConfig): TfGruWeights {
  if (!config.tied) throw new Error('the tfjs GRU supports tied embeddings only (the default)');
  const p = initParams(itemCount, config);
  const H = config.units;
  // A variable keeps its own reference to the data: the initial tensors are freed by the tidy.
  return tf.tidy(() => ({
    emb: tf.variable(tf.tensor2d(p.inEmb, [itemCount, H])),
    wx: tf.variable(tf.tensor2d(p.wx, [H, 3 * H])),
    wh: tf.variable(tf.tensor2d(p.wh, [H, 3 * H])),
    bx: tf.variable(tf.tensor1d(p.bx)),
    bh: tf.variable(tf.tensor1d(p.bh)),
    bias: tf.variable(tf.tensor1d(p.outBias)),
  }));
}

/** One GRU step for a batch: x, h are B × H. */
export function tfGruStep(tf: TfModule, w: TfGruWeights, x: Tf.Tensor2D, h: Tf.Tensor2D) {
  const [xz, xr, xn] = tf.split(tf.add(tf.matMul(x, w.wx), w.bx), 3, 1) as Tf.Tensor2D[];
  const [hz, hr, hn] = tf.split(tf.add(tf.matMul(h, w.wh), w.bh), 3, 1) as Tf.Tensor2D[];
  const z = tf.sigmoid(tf.add(xz!, hz!));
  const r = tf.sigmoid(tf.add(xr!, hr!));
  const n = tf.tanh(tf.add(xn!, tf.mul(r, hn!)));
  return tf.add(tf.mul(tf.sub(1, z), n), tf.mul(z, h)) as Tf.Tensor2D;
}

/** Scores over every item after `prefix` (oldest first): what `GruModel.scoreNext` computes. */
export function tfScoreNext(
  tf: TfModule,
  w: TfGruWeights,
  prefix: Int32Array,
  window: number,
): Float32Array {
  return tf
    .tidy(() => {
      const recent = prefix.subarray(Math.max(0, prefix.length - window));
      let h = tf.zeros([1, w.wh.shape[0]]) as Tf.Tensor2D;
      for (const item of recent) {
        h = tfGruStep(tf, w, tf.gather(w.emb, tf.tensor1d([item], 'int32')) as Tf.Tensor2D, h);
      }
      return tf.add(tf.matMul(h, w.emb, false, true), w.bias);
    })
    .dataSync() as Float32Array;
}

/** A batch laid out for the graph: time-major item ids, candidates and the masks of the loss. */
interface BatchPlan {
  T: number;
  /** Per step t: the B input items (padding lanes read item 0; they are never scored after). */
  inputs: Int32Array[];
  /** Per step: the B + S candidate ids (the lanes' targets, then the shared negatives). */
  candidates: Int32Array[];
  /** Per step: B × (B + S) additive mask: −1e9 where a candidate must not compete. */
  masks: Float32Array[];
  /** Per step: B weights, 1 where the lane's target is scored (active and not skipped). */
  weights: Float32Array[];
  events: number;
}

/**
 * The same masking as ../gru/trainer.ts: a lane's own target at column `l`; other lanes' targets
 * and the negatives compete, except copies of the lane's target; inactive lanes' columns are no
 * candidates at all.
 */
export function planBatch(batch: readonly Session[], negatives: Int32Array): BatchPlan {
  const B = batch.length;
  const S = negatives.length;
  const T = Math.max(...batch.map((s) => s.items.length)) - 1;
  const plan: BatchPlan = { T, inputs: [], candidates: [], masks: [], weights: [], events: 0 };
  for (let t = 0; t < T; t++) {
    const active = batch.map((s) => s.items.length > t + 1);
    const inputs = Int32Array.from(batch, (s, l) => (active[l] ? s.items[t]! : 0));
    const targets = Int32Array.from(batch, (s, l) => (active[l] ? s.items[t + 1]! : 0));
    const candidates = new Int32Array(B + S);
    candidates.set(targets);
    candidates.set(negatives, B);
    const mask = new Float32Array(B * (B + S));
    const weights = new Float32Array(B);
    for (let l = 0; l < B; l++) {
      const row = mask.subarray(l * (B + S), (l + 1) * (B + S));
      for (let c = 0; c < B + S; c++) {
        const inactiveColumn = c < B && !active[c];
        const copyOfTarget = c !== l && candidates[c] === targets[l];
        if (inactiveColumn || copyOfTarget) row[c] = -1e9;
      }
      if (active[l] && !batch[l]!.skipped[t + 1]) {
        weights[l] = 1;
        plan.events++;
      }
    }
    plan.inputs.push(inputs);
    plan.candidates.push(candidates);
    plan.masks.push(mask);
    plan.weights.push(weights);
  }
  return plan;
}

/** Summed cross-entropy of the plan's scored events (a scalar to differentiate). */
function batchLoss(tf: TfModule, w: TfGruWeights, plan: BatchPlan): Tf.Scalar {
  const B = plan.inputs[0]!.length;
  let h = tf.zeros([B, w.wh.shape[0]]) as Tf.Tensor2D;
  const losses: Tf.Scalar[] = [];
  for (let t = 0; t < plan.T; t++) {
    const x = tf.gather(w.emb, tf.tensor1d(plan.inputs[t]!, 'int32')) as Tf.Tensor2D;
    h = tfGruStep(tf, w, x, h);
    const candidates = tf.tensor1d(plan.candidates[t]!, 'int32');
    const S = plan.candidates[t]!.length;
    const logits = tf.add(
      tf.add(
        tf.matMul(h, tf.gather(w.emb, candidates), false, true),
        tf.gather(w.bias, candidates),
      ),
      tf.tensor2d(plan.masks[t]!, [B, S]),
    );
    const own = tf.oneHot(tf.range(0, B, 1, 'int32'), S);
    const logp = tf.sum(tf.mul(tf.logSoftmax(logits), own), 1);
    losses.push(tf.neg(tf.sum(tf.mul(logp, tf.tensor1d(plan.weights[t]!)))) as Tf.Scalar);
  }
  return tf.addN(losses) as Tf.Scalar;
}

export interface TfGruResult {
  /** A `gru` model's bytes: `GruModel.fromBytes` reads them. */
  bytes: Uint8Array;
  /** Mean loss per scored event, per epoch. */
  epochLoss: number[];
  backend: string;
}

/**
 * Trains the GRU on `sessions` with the backend `tf` is set to. Progress and cancellation as every
 * next-song fit (checked between batches; the loss is read back every 8 batches, which is also
 * when a GPU backend's queue drains).
 */
export async function trainGruTf(
  tf: TfModule,
  itemCount: number,
  sessions: readonly Session[],
  partial: Partial<GruConfig> = {},
  options: FitOptions = {},
): Promise<TfGruResult> {
  const config: GruConfig = { ...defaultGruConfig, ...partial };
  const w = initTfWeights(tf, itemCount, config);
  const optimizer = tf.train.adam(config.learningRate, 0.9, 0.999, 1e-8);
  try {
    const random = seededRandom(config.seed ^ 0x5eed);
    const popularity = new Float64Array(itemCount);
    for (const s of sessions) for (const item of s.items) popularity[item]! += 1;
    const sampler = new WeightedSampler(popularity.map((c) => c ** config.sampleAlpha));
    const all = sessions.flatMap((s) => windows(s, config.window));
    const batches = Math.ceil(all.length / config.batchSize);
    const epochLoss: number[] = [];
    for (let epoch = 1; epoch <= config.epochs; epoch++) {
      shuffle(all, random);
      let pending: Tf.Scalar[] = [];
      let loss = 0;
      let events = 0;
      const drain = async () => {
        for (const l of pending) loss += (await l.data())[0]!;
        tf.dispose(pending);
        pending = [];
      };
      for (let b = 0; b < batches; b++) {
        throwIfAborted(options.signal);
        const batch = all.slice(b * config.batchSize, (b + 1) * config.batchSize);
        const negatives = Int32Array.from({ length: config.negatives }, () => sampler.draw(random));
        const plan = planBatch(batch, negatives);
        if (plan.events > 0) {
          pending.push(step(tf, w, optimizer, plan, config.clipNorm));
          events += plan.events;
        }
        if (b % 8 === 7 || b === batches - 1) {
          await drain();
          options.onProgress?.({
            epoch,
            epochs: config.epochs,
            loss: loss / Math.max(1, events),
            done: (epoch - 1 + (b + 1) / batches) / config.epochs,
          });
          await yieldToLoop();
        }
      }
      epochLoss.push(loss / Math.max(1, events));
      await options.onEpoch?.(epoch);
    }
    return { bytes: await toGruBytes(w, itemCount, config), epochLoss, backend: tf.getBackend() };
  } finally {
    tf.dispose(Object.values(w));
    optimizer.dispose();
  }
}

/** One optimiser step on the mean loss, clipped to `clipNorm`; returns the summed loss. */
function step(
  tf: TfModule,
  w: TfGruWeights,
  optimizer: Tf.AdamOptimizer,
  plan: BatchPlan,
  clipNorm: number,
): Tf.Scalar {
  return tf.tidy(() => {
    const vars = Object.values(w) as Tf.Variable[];
    const { value, grads } = tf.variableGrads(
      () => tf.div(batchLoss(tf, w, plan), plan.events) as Tf.Scalar,
      vars,
    );
    const norm = tf.sqrt(tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g)))));
    // min(1, clip / norm), computed on the device: no read-back per step.
    const scale = tf.minimum(1, tf.div(clipNorm, tf.maximum(norm, 1e-12)));
    optimizer.applyGradients(
      Object.fromEntries(Object.entries(grads).map(([name, g]) => [name, tf.mul(g, scale)])),
    );
    return tf.keep(tf.mul(value, plan.events) as Tf.Scalar);
  });
}

/** The weights as a `gru` model's bytes (the layout `GruModel.fromBytes` reads). */
export async function toGruBytes(
  w: TfGruWeights,
  itemCount: number,
  config: GruConfig,
): Promise<Uint8Array> {
  const read = async (v: Tf.Variable) => new Float32Array(await v.data());
  const inEmb = await read(w.emb);
  const params = {
    itemCount,
    inputSize: config.units,
    hiddenSize: config.units,
    wx: await read(w.wx),
    wh: await read(w.wh),
    bx: await read(w.bx),
    bh: await read(w.bh),
    inEmb,
    outEmb: inEmb,
    outBias: await read(w.bias),
  };
  return pack({ kind: 'gru', params: { itemCount, ...config }, arrays: paramArrays(params) });
}
