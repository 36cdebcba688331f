/**
 * Adam (Kingma & Ba 2015, Algorithm 1) over Float32Arrays. Dense tensors update every element;
 * embedding tables update only the rows a batch touched ("lazy" Adam, as TensorFlow's
 * LazyAdamOptimizer), so a step's cost does not grow with the catalogue.
 */
export class Adam {
  private step = 0;
  private readonly moments = new Map<Float32Array, { m: Float32Array; v: Float32Array }>();

  constructor(
    readonly learningRate: number,
    readonly beta1 = 0.9,
    readonly beta2 = 0.999,
    readonly epsilon = 1e-8,
  ) {}

  /** Starts a step; returns the bias-corrected step size α·√(1−β2^t)/(1−β1^t). */
  begin(): number {
    this.step++;
    return (
      (this.learningRate * Math.sqrt(1 - this.beta2 ** this.step)) / (1 - this.beta1 ** this.step)
    );
  }

  private state(param: Float32Array) {
    let s = this.moments.get(param);
    if (!s)
      this.moments.set(
        param,
        (s = { m: new Float32Array(param.length), v: new Float32Array(param.length) }),
      );
    return s;
  }

  /** θ ← θ − α_t · m̂ / (√v̂ + ε) for elements [from, to), gradient scaled by `scale`. */
  update(
    param: Float32Array,
    grad: Float32Array,
    stepSize: number,
    scale: number,
    from = 0,
    to = param.length,
  ): void {
    const { m, v } = this.state(param);
    const { beta1: b1, beta2: b2, epsilon } = this;
    for (let i = from; i < to; i++) {
      const g = grad[i]! * scale;
      const mi = (m[i] = b1 * m[i]! + (1 - b1) * g);
      const vi = (v[i] = b2 * v[i]! + (1 - b2) * g * g);
      param[i]! -= (stepSize * mi) / (Math.sqrt(vi) + epsilon);
    }
  }
}
