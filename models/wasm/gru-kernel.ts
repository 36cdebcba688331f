/**
 * The GRU trainer's dense products in WebAssembly SIMD (gru-kernel.wat, bytes in gru-kernel.wasm.ts):
 * one kernel per trainer (per thread), owning its module memory, laid out once for a hidden size, a
 * batch size and a number of candidates. The sampled softmax: the caller copies the step's candidate
 * rows and lane states in, and reads scores, then gradients, out. The cell: the weights are copied
 * in once per batch (`loadWeights`; they change only at the optimiser step), the weight gradients
 * gather here and are added out once per batch (`flushGradients`).
 */
import type { CellProducts, GruGradients, GruWeights } from '../nextsong/gru/cell';
import { gruKernelBase64 } from './gru-kernel.wasm';

interface KernelExports {
  memory: WebAssembly.Memory;
  scores(
    lanes: number,
    C: number,
    H: number,
    h: number,
    e: number,
    bias: number,
    out: number,
  ): void;
  backward(
    lanes: number,
    C: number,
    H: number,
    h: number,
    e: number,
    g: number,
    dh: number,
    de: number,
  ): void;
  vecMat(v: number, n: number, W: number, G: number, out: number): void;
  outerDot(v: number, n: number, W: number, dW: number, d: number, G: number, out: number): void;
}

let compiled: WebAssembly.Module | null | undefined;

/** The compiled module, or null where this runtime lacks WebAssembly SIMD. */
export function gruKernelModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    const bytes = Uint8Array.from(atob(gruKernelBase64), (c) => c.charCodeAt(0));
    compiled = WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  }
  return compiled;
}

const PAGE = 65536;

/**
 * Room for `maxLanes` lanes against `maxCandidates` candidates of `H` floats, and for a GRU cell of
 * input and hidden size H. Softmax views: `E`/`bias` the candidates' output rows and biases, `h`
 * the lanes' hidden states, `S` the scores (overwritten by the caller with dL/dscore before
 * `backward`), `dh`/`dE` the gradients, which `backward` adds to.
 */
export class GruKernel implements CellProducts {
  readonly E: Float32Array;
  readonly bias: Float32Array;
  readonly h: Float32Array;
  readonly S: Float32Array;
  readonly dh: Float32Array;
  readonly dE: Float32Array;
  private readonly wx: Float32Array;
  private readonly wh: Float32Array;
  private readonly dwx: Float32Array;
  private readonly dwh: Float32Array;
  /** A vector in (H), a gate vector in (3H), a product out (3H). */
  private readonly vin: Float32Array;
  private readonly gin: Float32Array;
  private readonly out: Float32Array;
  private readonly exports: KernelExports;

  constructor(
    readonly H: number,
    readonly maxLanes: number,
    readonly maxCandidates: number,
    /** False: scores only (no gradient or cell buffers), as `denseDots` needs. */
    training = true,
  ) {
    const module = gruKernelModule();
    if (!module) throw new Error('GruKernel: WebAssembly SIMD is not available here');
    this.exports = new WebAssembly.Instance(module).exports as unknown as KernelExports;
    const G = training ? 3 * H : 0;
    const cell = training ? H : 0;
    const sizes = [
      maxCandidates * H,
      maxCandidates,
      maxLanes * H,
      maxLanes * maxCandidates,
      training ? maxLanes * H : 0,
      training ? maxCandidates * H : 0,
      cell * G,
      cell * G,
      cell * G,
      cell * G,
      cell,
      G,
      G,
    ];
    const bytes = sizes.reduce((sum, n) => sum + 4 * n, 0);
    const memory = this.exports.memory;
    const missing = Math.ceil((bytes - memory.buffer.byteLength) / PAGE);
    if (missing > 0) memory.grow(missing);
    let at = 0;
    const views = sizes.map((n) => {
      const view = new Float32Array(memory.buffer, at, n);
      at += 4 * n;
      return view;
    });
    [this.E, this.bias, this.h, this.S, this.dh, this.dE] = views as [
      Float32Array,
      Float32Array,
      Float32Array,
      Float32Array,
      Float32Array,
      Float32Array,
    ];
    [this.wx, this.wh, this.dwx, this.dwh, this.vin, this.gin, this.out] = views.slice(6) as [
      Float32Array,
      Float32Array,
      Float32Array,
      Float32Array,
      Float32Array,
      Float32Array,
      Float32Array,
    ];
  }

  /** S[l·C + c] = bias[c] + h_l · E_c for the first `lanes` lanes and `C` candidates. */
  scores(lanes: number, C: number): void {
    this.check(lanes, C);
    const { H, h, E, bias, S } = this;
    this.exports.scores(lanes, C, H, h.byteOffset, E.byteOffset, bias.byteOffset, S.byteOffset);
  }

  /** With S holding G = dL/dS: dh_l += Σ_c G[l, c] E_c and dE_c += Σ_l G[l, c] h_l. */
  backward(lanes: number, C: number): void {
    this.check(lanes, C);
    const { H, h, E, S, dh, dE } = this;
    this.exports.backward(
      lanes,
      C,
      H,
      h.byteOffset,
      E.byteOffset,
      S.byteOffset,
      dh.byteOffset,
      dE.byteOffset,
    );
  }

  /** The cell's weights for the next batch (input and hidden size must be H). */
  loadWeights(w: GruWeights): void {
    if (w.inputSize !== this.H || w.hiddenSize !== this.H) {
      throw new Error(
        `GruKernel: a ${w.inputSize} → ${w.hiddenSize} cell in a kernel for ${this.H}`,
      );
    }
    this.wx.set(w.wx);
    this.wh.set(w.wh);
  }

  /** ax += xᵀWx, ah += hᵀWh, with the weights of the last `loadWeights`. */
  gates(
    _w: GruWeights,
    xs: Float32Array,
    xOff: number,
    hs: Float32Array,
    hOff: number,
    ax: Float32Array,
    ah: Float32Array,
  ): void {
    this.vecMat(xs, xOff, this.wx, ax);
    this.vecMat(hs, hOff, this.wh, ah);
  }

  /**
   * dWx += x ⊗ dax, dx = Wx·dax; dWh += h ⊗ dah, dh += Wh·dah. The weight gradients gather in the
   * kernel (`_grad` is not written) until `flushGradients`.
   */
  cellBackward(
    _w: GruWeights,
    _grad: GruGradients,
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
  ): void {
    const { H } = this;
    this.outerDot(xs, xOff, this.wx, this.dwx, dax);
    dx.set(this.out.subarray(0, H), dxOff);
    this.outerDot(hs, hOff, this.wh, this.dwh, dah);
    for (let j = 0; j < H; j++) dh[dhOff + j]! += this.out[j]!;
  }

  /** Adds the gathered weight gradients to `grad` and clears them here. */
  flushGradients(grad: GruGradients): void {
    for (const [mine, theirs] of [
      [this.dwx, grad.wx],
      [this.dwh, grad.wh],
    ] as const) {
      for (let i = 0; i < mine.length; i++) theirs[i]! += mine[i]!;
      mine.fill(0);
    }
  }

  private vecMat(vs: Float32Array, vOff: number, W: Float32Array, acc: Float32Array): void {
    const { H, vin, out } = this;
    const G = 3 * H;
    vin.set(vs.subarray(vOff, vOff + H));
    out.set(acc.subarray(0, G));
    this.exports.vecMat(vin.byteOffset, H, W.byteOffset, G, out.byteOffset);
    acc.set(out);
  }

  /** dW += v ⊗ d; out[0…H) = W·d. */
  private outerDot(
    vs: Float32Array,
    vOff: number,
    W: Float32Array,
    dW: Float32Array,
    d: Float32Array,
  ): void {
    const { H, vin, gin, out } = this;
    const G = 3 * H;
    vin.set(vs.subarray(vOff, vOff + H));
    gin.set(d.subarray(0, G));
    out.fill(0, 0, H);
    this.exports.outerDot(
      vin.byteOffset,
      H,
      W.byteOffset,
      dW.byteOffset,
      gin.byteOffset,
      G,
      out.byteOffset,
    );
  }

  private check(lanes: number, C: number): void {
    if (lanes > this.maxLanes || C > this.maxCandidates) {
      throw new Error(
        `GruKernel: ${lanes} × ${C} over its ${this.maxLanes} × ${this.maxCandidates}`,
      );
    }
  }
}

/**
 * out[i·n + q] = a_i · b_q for m vectors a (rows of `a`, length k) against n rows `rows` of `B`
 * (each k long, gathered by index): the scores kernel, for products too big for scalar loops (the
 * explanations of many items against a long history). Null where WebAssembly SIMD is missing.
 */
export function denseDots(
  a: Float32Array,
  m: number,
  B: Float32Array,
  rows: ArrayLike<number>,
  k: number,
): Float32Array | null {
  if (!gruKernelModule()) return null;
  const n = rows.length;
  const kernel = new GruKernel(k, m, n, false);
  for (let q = 0; q < n; q++) kernel.E.set(B.subarray(rows[q]! * k, rows[q]! * k + k), q * k);
  kernel.h.set(a.subarray(0, m * k));
  kernel.scores(m, n);
  return kernel.S.slice(0, m * n);
}
