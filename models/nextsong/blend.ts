/**
 * A weighted blend of next-song models. Scores live on different scales (logits, rule weights,
 * neighbour votes), so each part's scores are first made a distribution over items — softmax for
 * logits, division by the sum for non-negative votes — and the blend is Σ_m w_m · P_m(item).
 */
import type { FitOptions, NextSongModel } from './model';
import type { Session } from './sessions';
import { pack, unpack } from './bytes';

export type Normalise = 'softmax' | 'sum';

export interface BlendPart {
  model: NextSongModel;
  weight: number;
  normalise: Normalise;
}

export class BlendModel implements NextSongModel {
  readonly kind = 'blend';
  readonly itemCount: number;

  constructor(readonly parts: BlendPart[]) {
    if (parts.length === 0) throw new Error('a blend needs at least one model');
    this.itemCount = parts[0]!.model.itemCount;
  }

  async fit(sessions: readonly Session[], options: FitOptions = {}): Promise<void> {
    for (const [i, part] of this.parts.entries()) {
      await part.model.fit(sessions, {
        signal: options.signal,
        onProgress: (p) => options.onProgress?.({ ...p, done: (i + p.done) / this.parts.length }),
      });
    }
  }

  scoreNext(prefix: Int32Array): Float32Array {
    const blended = new Float32Array(this.itemCount);
    for (const { model, weight, normalise } of this.parts) {
      if (weight === 0) continue; // chosen away by evaluation (blend-search.ts): not worth scoring
      const scores = model.scoreNext(prefix);
      normaliseInPlace(scores, normalise);
      for (let i = 0; i < blended.length; i++) blended[i]! += weight * scores[i]!;
    }
    return blended;
  }

  toBytes(): Uint8Array {
    const parts = this.parts.map((p) => p.model.toBytes());
    const all = new Uint8Array(parts.reduce((n, b) => n + b.length, 0));
    let at = 0;
    for (const b of parts) {
      all.set(b, at);
      at += b.length;
    }
    return pack({
      kind: this.kind,
      params: {
        weights: this.parts.map((p) => p.weight),
        normalise: this.parts.map((p) => p.normalise),
        lengths: parts.map((b) => b.length),
      },
      // Every part's bytes are a multiple of 4 long (bytes.ts pads), so they fit an Int32Array.
      arrays: { parts: new Int32Array(all.buffer) },
    });
  }

  /** `load` turns one part's bytes back into a model (registry.ts passes loadNextSongModel). */
  static fromBytes(bytes: Uint8Array, load: (bytes: Uint8Array) => NextSongModel): BlendModel {
    const { params, arrays } = unpack(bytes, 'blend');
    const all = new Uint8Array((arrays.parts as Int32Array).buffer);
    const lengths = params.lengths as number[];
    let at = 0;
    return new BlendModel(
      lengths.map((length, i) => {
        const model = load(all.subarray(at, (at += length)));
        return {
          model,
          weight: (params.weights as number[])[i]!,
          normalise: (params.normalise as Normalise[])[i]!,
        };
      }),
    );
  }
}

/** Makes one part's scores a distribution over items, as the blend adds them. */
export function normaliseInPlace(scores: Float32Array, normalise: Normalise): void {
  if (normalise === 'softmax') softmaxInPlace(scores);
  else sumNormaliseInPlace(scores);
}

export function softmaxInPlace(scores: Float32Array): void {
  let max = -Infinity;
  for (const s of scores) if (s > max) max = s;
  let sum = 0;
  for (let i = 0; i < scores.length; i++) sum += scores[i] = Math.exp(scores[i]! - max);
  for (let i = 0; i < scores.length; i++) scores[i]! /= sum;
}

function sumNormaliseInPlace(scores: Float32Array): void {
  let sum = 0;
  for (const s of scores) sum += s;
  if (sum > 0) for (let i = 0; i < scores.length; i++) scores[i]! /= sum;
}
