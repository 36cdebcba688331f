import { describe, expect, it } from 'vitest';
import {
  gruBackward,
  gruForward,
  type GruWeights,
  type StepCache,
} from '../../../models/nextsong/gru/cell';
import { mulberry32 as seededRandom } from '../../../models/random';

// A finite-difference check of the hand-written backward pass: L = Σ_j c_j · h'_j for fixed c.
const E = 3;
const H = 4;
const random = seededRandom(7);
const vec = (n: number) => Float32Array.from({ length: n }, () => random() * 2 - 1);
const w: GruWeights = {
  inputSize: E,
  hiddenSize: H,
  wx: vec(E * 3 * H),
  wh: vec(H * 3 * H),
  bx: vec(3 * H),
  bh: vec(3 * H),
};
const x = vec(E);
const h = vec(H);
const c = vec(H);

function loss(): number {
  const out = new Float32Array(H);
  const cache: StepCache = { z: vec(H), r: vec(H), n: vec(H), hn: vec(H) };
  gruForward(w, x, 0, h, 0, out, 0, cache, 0, new Float32Array(3 * H), new Float32Array(3 * H));
  return out.reduce((s, v, j) => s + v * c[j]!, 0);
}

function analytic() {
  const out = new Float32Array(H);
  const cache: StepCache = { z: vec(H), r: vec(H), n: vec(H), hn: vec(H) };
  gruForward(w, x, 0, h, 0, out, 0, cache, 0, new Float32Array(3 * H), new Float32Array(3 * H));
  const grad = {
    wx: new Float32Array(w.wx.length),
    wh: new Float32Array(w.wh.length),
    bx: new Float32Array(3 * H),
    bh: new Float32Array(3 * H),
  };
  const dx = new Float32Array(E);
  const dh = new Float32Array(H);
  gruBackward(
    w,
    grad,
    x,
    0,
    h,
    0,
    cache,
    0,
    c,
    0,
    dx,
    0,
    dh,
    0,
    new Float32Array(3 * H),
    new Float32Array(3 * H),
  );
  return { ...grad, x: dx, h: dh };
}

/** Central difference of the loss in element i of `param` (float64 maths on float32 storage). */
function numeric(param: Float32Array, i: number): number {
  const keep = param[i]!;
  const step = 1e-2;
  param[i] = keep + step;
  const up = loss();
  param[i] = keep - step;
  const down = loss();
  param[i] = keep;
  return (up - down) / (2 * step);
}

describe('GRU cell backward pass', () => {
  const grads = analytic();
  const cases: [string, Float32Array, Float32Array][] = [
    ['input weights', w.wx, grads.wx],
    ['hidden weights', w.wh, grads.wh],
    ['input biases', w.bx, grads.bx],
    ['hidden biases', w.bh, grads.bh],
    ['input vector', x, grads.x],
    ['previous hidden state', h, grads.h],
  ];
  it.each(cases)('matches finite differences for the %s', (_, param, grad) => {
    for (let i = 0; i < param.length; i++) {
      expect(grad[i]!).toBeCloseTo(numeric(param, i), 3);
    }
  });
});
