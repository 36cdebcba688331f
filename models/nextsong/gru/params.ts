/** The GRU next-song model's parameters, their initialisation and their (de)serialisation. */
import type { GruWeights } from './cell';
import { mulberry32 as seededRandom } from '../../random';

export interface GruConfig {
  units: number;
  /** Input and output item embeddings are one matrix (Press & Wolf 2017; GRU4Rec "constrained"). */
  tied: boolean;
  epochs: number;
  batchSize: number;
  /** Shared negatives drawn per batch ∝ popularity^sampleAlpha, besides the in-batch targets. */
  negatives: number;
  sampleAlpha: number;
  learningRate: number;
  /** Global gradient-norm clip. */
  clipNorm: number;
  /** Longest sequence trained on and read at scoring (issue 6: windows of up to 20 tracks). */
  window: number;
  seed: number;
}

export const defaultGruConfig: GruConfig = {
  units: 100,
  tied: true,
  epochs: 10,
  batchSize: 32,
  negatives: 2048,
  sampleAlpha: 0.5,
  learningRate: 0.01,
  clipNorm: 5,
  window: 20,
  seed: 1,
};

export interface GruParams extends GruWeights {
  itemCount: number;
  /** Input item embeddings, N × E (E = H). */
  inEmb: Float32Array;
  /** Output item embeddings, N × H; the same array as inEmb when tied. */
  outEmb: Float32Array;
  outBias: Float32Array;
}

/** Glorot-uniform weights from the seed, biases zero. */
export function initParams(itemCount: number, config: GruConfig): GruParams {
  const H = config.units;
  const random = seededRandom(config.seed);
  const uniform = (length: number, fanIn: number, fanOut: number) => {
    const a = Math.sqrt(6 / (fanIn + fanOut));
    return Float32Array.from({ length }, () => (random() * 2 - 1) * a);
  };
  const inEmb = uniform(itemCount * H, itemCount, H);
  return {
    itemCount,
    inputSize: H,
    hiddenSize: H,
    wx: uniform(H * 3 * H, H, 3 * H),
    wh: uniform(H * 3 * H, H, 3 * H),
    bx: new Float32Array(3 * H),
    bh: new Float32Array(3 * H),
    inEmb,
    outEmb: config.tied ? inEmb : uniform(itemCount * H, itemCount, H),
    outBias: new Float32Array(itemCount),
  };
}

export function paramArrays(p: GruParams): Record<string, Float32Array> {
  const arrays: Record<string, Float32Array> = {
    wx: p.wx,
    wh: p.wh,
    bx: p.bx,
    bh: p.bh,
    inEmb: p.inEmb,
    outBias: p.outBias,
  };
  if (p.outEmb !== p.inEmb) arrays.outEmb = p.outEmb;
  return arrays;
}

export function paramsFromArrays(
  itemCount: number,
  units: number,
  arrays: Record<string, Float32Array>,
): GruParams {
  const need = (name: string) => {
    const a = arrays[name];
    if (!a) throw new Error(`GRU model bytes lack the "${name}" array`);
    return a;
  };
  const inEmb = need('inEmb');
  return {
    itemCount,
    inputSize: units,
    hiddenSize: units,
    wx: need('wx'),
    wh: need('wh'),
    bx: need('bx'),
    bh: need('bh'),
    inEmb,
    outEmb: arrays.outEmb ?? inEmb,
    outBias: need('outBias'),
  };
}
