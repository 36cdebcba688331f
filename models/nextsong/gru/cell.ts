/**
 * One GRU step for one sequence, forward and backward, over plain Float32Arrays (Cho et al. 2014,
 * in PyTorch's form, where the reset gate scales the hidden part of the candidate):
 *   z = σ(Wxz·x + bxz + Whz·h + bhz)
 *   r = σ(Wxr·x + bxr + Whr·h + bhr)
 *   n = tanh(Wxn·x + bxn + r ⊙ (Whn·h + bhn))
 *   h' = (1 − z) ⊙ n + z ⊙ h
 * Weights are stored input-major (Wx is E × 3H, Wh is H × 3H, gate blocks z | r | n) so the inner
 * loops run over contiguous memory. Measured faster than tfjs's cpu backend: bench/nextsong.ts.
 */

export interface GruWeights {
  inputSize: number;
  hiddenSize: number;
  wx: Float32Array;
  wh: Float32Array;
  bx: Float32Array;
  bh: Float32Array;
}

/** What the backward pass needs from one forward step: gates, candidate and Whn·h + bhn. */
export interface StepCache {
  z: Float32Array;
  r: Float32Array;
  n: Float32Array;
  hn: Float32Array;
}

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

/**
 * h' from x (at xOff in `xs`) and h (at hOff in `hs`), written at outOff in `out`; gates at gOff of
 * the caches. `ax`/`ah` are 3H scratch buffers.
 */
export function gruForward(
  w: GruWeights,
  xs: Float32Array,
  xOff: number,
  hs: Float32Array,
  hOff: number,
  out: Float32Array,
  outOff: number,
  cache: StepCache,
  gOff: number,
  ax: Float32Array,
  ah: Float32Array,
  products: CellProducts = jsProducts,
): void {
  const H = w.hiddenSize;
  ax.set(w.bx);
  ah.set(w.bh);
  products.gates(w, xs, xOff, hs, hOff, ax, ah);
  for (let j = 0; j < H; j++) {
    const z = sigmoid(ax[j]! + ah[j]!);
    const r = sigmoid(ax[H + j]! + ah[H + j]!);
    const hn = ah[2 * H + j]!;
    const n = Math.tanh(ax[2 * H + j]! + r * hn);
    cache.z[gOff + j] = z;
    cache.r[gOff + j] = r;
    cache.n[gOff + j] = n;
    cache.hn[gOff + j] = hn;
    out[outOff + j] = (1 - z) * n + z * hs[hOff + j]!;
  }
}

export interface GruGradients {
  wx: Float32Array;
  wh: Float32Array;
  bx: Float32Array;
  bh: Float32Array;
}

/**
 * Given dL/dh' (dOut at dOff), accumulates weight gradients, writes dL/dx into dx (at dxOff) and
 * ADDS dL/dh into dh (at dhOff). dax/dah are 3H scratch buffers.
 */
export function gruBackward(
  w: GruWeights,
  grad: GruGradients,
  xs: Float32Array,
  xOff: number,
  hs: Float32Array,
  hOff: number,
  cache: StepCache,
  gOff: number,
  dOut: Float32Array,
  dOff: number,
  dx: Float32Array,
  dxOff: number,
  dh: Float32Array,
  dhOff: number,
  dax: Float32Array,
  dah: Float32Array,
  products: CellProducts = jsProducts,
): void {
  const H = w.hiddenSize;
  const G = 3 * H;
  for (let j = 0; j < H; j++) {
    const d = dOut[dOff + j]!;
    const z = cache.z[gOff + j]!;
    const r = cache.r[gOff + j]!;
    const n = cache.n[gOff + j]!;
    const hPrev = hs[hOff + j]!;
    const dn = d * (1 - z) * (1 - n * n); // through tanh
    const dz = d * (hPrev - n) * z * (1 - z); // through σ
    const dr = dn * cache.hn[gOff + j]! * r * (1 - r);
    dax[j] = dz;
    dax[H + j] = dr;
    dax[2 * H + j] = dn;
    dah[j] = dz;
    dah[H + j] = dr;
    dah[2 * H + j] = dn * r;
    dh[dhOff + j]! += d * z;
  }
  for (let g = 0; g < G; g++) {
    grad.bx[g]! += dax[g]!;
    grad.bh[g]! += dah[g]!;
  }
  products.cellBackward(w, grad, xs, xOff, hs, hOff, dax, dah, dx, dxOff, dh, dhOff);
}

/**
 * The cell's matrix products, where they run: here in JavaScript (`jsProducts`), or in the
 * trainer's WebAssembly kernel (models/wasm/gru-kernel.ts), which gathers the weight gradients
 * itself and adds them to `grad` once per batch.
 */
export interface CellProducts {
  /** ax += xᵀWx and ah += hᵀWh (ax and ah hold the biases). */
  gates(
    w: GruWeights,
    xs: Float32Array,
    xOff: number,
    hs: Float32Array,
    hOff: number,
    ax: Float32Array,
    ah: Float32Array,
  ): void;
  /** grad.wx += x ⊗ dax, dx = Wx·dax; grad.wh += h ⊗ dah, dh += Wh·dah. */
  cellBackward(
    w: GruWeights,
    grad: GruGradients,
    xs: Float32Array,
    xOff: number,
    hs: Float32Array,
    hOff: number,
    dax: Float32Array,
    dah: Float32Array,
    dx: Float32Array,
    dxOff: number,
    dh: Float32Array,
    dhOff: number,
  ): void;
}

export const jsProducts: CellProducts = {
  gates(w, xs, xOff, hs, hOff, ax, ah) {
    const { inputSize: E, hiddenSize: H, wx, wh } = w;
    const G = 3 * H;
    for (let e = 0; e < E; e++) {
      const v = xs[xOff + e]!;
      if (v === 0) continue;
      const row = e * G;
      for (let g = 0; g < G; g++) ax[g]! += v * wx[row + g]!;
    }
    for (let k = 0; k < H; k++) {
      const v = hs[hOff + k]!;
      if (v === 0) continue;
      const row = k * G;
      for (let g = 0; g < G; g++) ah[g]! += v * wh[row + g]!;
    }
  },
  cellBackward(w, grad, xs, xOff, hs, hOff, dax, dah, dx, dxOff, dh, dhOff) {
    const { inputSize: E, hiddenSize: H, wx, wh } = w;
    const G = 3 * H;
    for (let e = 0; e < E; e++) {
      const v = xs[xOff + e]!;
      const row = e * G;
      let sum = 0;
      for (let g = 0; g < G; g++) {
        grad.wx[row + g]! += v * dax[g]!;
        sum += wx[row + g]! * dax[g]!;
      }
      dx[dxOff + e] = sum;
    }
    for (let k = 0; k < H; k++) {
      const v = hs[hOff + k]!;
      const row = k * G;
      let sum = 0;
      for (let g = 0; g < G; g++) {
        grad.wh[row + g]! += v * dah[g]!;
        sum += wh[row + g]! * dah[g]!;
      }
      dh[dhOff + k]! += sum;
    }
  },
};
