import { describe, expect, it } from 'vitest';
import { Adam } from '../../../models/nextsong/gru/adam';
import { jsProducts, type CellProducts } from '../../../models/nextsong/gru/cell';
import { GruModel } from '../../../models/nextsong/gru/model';
import { defaultGruConfig, initParams, type GruParams } from '../../../models/nextsong/gru/params';
import {
  GruTrainer,
  newGradients,
  type GruKernelName,
  type TrainerGradients,
} from '../../../models/nextsong/gru/trainer';
import { unpack } from '../../../models/nextsong/bytes';
import { mulberry32, WeightedSampler } from '../../../models/random';
import { GruKernel, gruKernelModule } from '../../../models/wasm/gru-kernel';
import { runSessions } from './planted-sessions';

function worstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(b.length).toBe(a.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

describe('the WebAssembly sampled-softmax kernel', () => {
  it('validates in this runtime (SIMD)', () => {
    expect(gruKernelModule()).not.toBeNull();
  });

  it('computes the scores and both gradient products of plain loops, for an odd hidden size', () => {
    const H = 13; // not a multiple of 4 or 16: the scalar tails run
    const [lanes, C] = [5, 23];
    const k = new GruKernel(H, 8, 40);
    const random = mulberry32(3);
    const fill = (a: Float32Array, n: number) => {
      for (let i = 0; i < n; i++) a[i] = random() * 2 - 1;
    };
    fill(k.E, C * H);
    fill(k.bias, C);
    fill(k.h, lanes * H);
    k.scores(lanes, C);
    const expected = new Float64Array(lanes * C);
    for (let l = 0; l < lanes; l++) {
      for (let c = 0; c < C; c++) {
        let s = k.bias[c]!;
        for (let j = 0; j < H; j++) s += k.h[l * H + j]! * k.E[c * H + j]!;
        expected[l * C + c] = s;
      }
    }
    expect(worstDifference(k.S.subarray(0, lanes * C), expected)).toBeLessThan(1e-5);

    fill(k.S, lanes * C); // now G
    k.S[7] = 0; // skipped entries stay without effect
    fill(k.dh, lanes * H);
    fill(k.dE, C * H);
    const dh = Float64Array.from(k.dh.subarray(0, lanes * H));
    const dE = Float64Array.from(k.dE.subarray(0, C * H));
    for (let l = 0; l < lanes; l++) {
      for (let c = 0; c < C; c++) {
        const g = k.S[l * C + c]!;
        for (let j = 0; j < H; j++) {
          dh[l * H + j]! += g * k.E[c * H + j]!;
          dE[c * H + j]! += g * k.h[l * H + j]!;
        }
      }
    }
    k.backward(lanes, C);
    expect(worstDifference(k.dh.subarray(0, lanes * H), dh)).toBeLessThan(1e-5);
    expect(worstDifference(k.dE.subarray(0, C * H), dE)).toBeLessThan(1e-5);
  });

  it('computes the GRU cell products of the JavaScript ones, for an odd hidden size', () => {
    const H = 13;
    const w = initParams(4, { ...defaultGruConfig, units: H, seed: 9 });
    const random = mulberry32(4);
    const vec = (n: number) => Float32Array.from({ length: n }, () => random() * 2 - 1);
    const [x, h, dax, dah] = [vec(H), vec(H), vec(3 * H), vec(3 * H)];
    x[3] = 0; // zero inputs are skipped in the products
    const k = new GruKernel(H, 1, 1);
    k.loadWeights(w);
    const gates = (products: CellProducts) => {
      const [ax, ah] = [Float32Array.from(w.bx), Float32Array.from(w.bh)];
      products.gates(w, x, 0, h, 0, ax, ah);
      return [ax, ah];
    };
    const [jsGates, wasmGates] = [gates(jsProducts), gates(k)];
    jsGates.forEach((g, i) => expect(worstDifference(g, wasmGates[i]!)).toBeLessThan(1e-5));

    const backward = (products: CellProducts) => {
      const grad = newGradients(w).dense;
      const [dx, dh] = [new Float32Array(H), Float32Array.from({ length: H }, (_, j) => j)];
      products.cellBackward(w, grad, x, 0, h, 0, dax, dah, dx, 0, dh, 0);
      if (products === k) k.flushGradients(grad);
      return [grad.wx, grad.wh, dx, dh];
    };
    const [jsBack, wasmBack] = [backward(jsProducts), backward(k)];
    jsBack.forEach((g, i) => expect(worstDifference(g, wasmBack[i]!)).toBeLessThan(1e-5));
    // Flushed: the kernel holds no gradient any more.
    const again = newGradients(w).dense;
    k.flushGradients(again);
    expect(again.wx.every((v) => v === 0)).toBe(true);
  });

  it('refuses more lanes or candidates than it was laid out for', () => {
    const k = new GruKernel(8, 2, 4);
    expect(() => k.scores(3, 4)).toThrow(/3 × 4 over its 2 × 4/);
  });
});

describe('GRU training with the kernel', () => {
  const config = { ...defaultGruConfig, units: 12, batchSize: 8, negatives: 16, seed: 5 };

  function trainerStep(params: GruParams, kernel: GruKernelName, from: number, to: number) {
    const copy = structuredClone(params);
    const gradients = newGradients(copy);
    const trainer = new GruTrainer(
      copy,
      config,
      new Adam(0),
      new WeightedSampler([1]),
      () => 0,
      gradients,
      kernel,
    );
    const sessions = runSessions(config.batchSize, 2, 40, 0.2);
    // A negative that is also a lane's target (masked there) and repeated negatives.
    const target = sessions[0]!.items[1]!;
    const negatives = Int32Array.from({ length: config.negatives }, (_, i) =>
      i < 2 ? target : (i * 7) % 40,
    );
    const [loss, events] = trainer.stepLanes(sessions, negatives, from, to);
    return { loss, events, gradients };
  }

  const flat = (g: TrainerGradients) => [
    g.dense.wx,
    g.dense.wh,
    g.dense.bx,
    g.dense.bh,
    g.emb,
    g.bias,
  ];

  it.each([
    [0, 8],
    [3, 6],
  ])('gives the JavaScript softmax loss and gradients for lanes %i…%i', (from, to) => {
    const params = initParams(40, config);
    const js = trainerStep(params, 'js', from, to);
    const wasm = trainerStep(params, 'wasm', from, to);
    expect(wasm.events).toBe(js.events);
    expect(js.events).toBeGreaterThan(0);
    expect(wasm.loss).toBeCloseTo(js.loss, 4);
    const [a, b] = [flat(js.gradients), flat(wasm.gradients)];
    a.forEach((x, i) => {
      const scale = Math.max(1e-3, ...Array.from(x, Math.abs));
      expect(worstDifference(x, b[i]!) / scale).toBeLessThan(1e-4);
    });
  });

  it('trains to the weights of the JavaScript softmax, up to the order of float sums', async () => {
    const data = runSessions(120, 1, 60, 0.1);
    const fit = async (gruKernel: GruKernelName) => {
      const model = new GruModel(60, { ...config, epochs: 2 });
      const losses: number[] = [];
      await model.fit(data, { gruKernel, onProgress: (p) => losses.push(p.loss) });
      return {
        arrays: unpack(model.toBytes(), 'gru').arrays as Record<string, Float32Array>,
        losses,
      };
    };
    const [js, wasm] = [await fit('js'), await fit('wasm')];
    for (const name of Object.keys(js.arrays)) {
      expect(worstDifference(js.arrays[name]!, wasm.arrays[name]!), name).toBeLessThan(1e-3);
    }
    wasm.losses.forEach((l, i) => expect(l).toBeCloseTo(js.losses[i]!, 3));
  });
});
