/**
 * Principal components by power iteration with deflation (Golub & Van Loan §8.2.1): enough for
 * the Personas map, which needs the top two directions of a few hundred artist vectors, without a
 * full eigendecomposition.
 */
export interface Projection {
  /** n × components, row-major: each point's coordinates along the components. */
  coords: Float64Array;
  /** The unit directions, components × dims, row-major. */
  components: Float64Array;
  /** Variance along each direction (the covariance eigenvalues). */
  variance: Float64Array;
}

/** Projects n points of `dims` values (row-major) onto their top `components` principal axes. */
export function pca(
  points: ArrayLike<number>,
  n: number,
  dims: number,
  components = 2,
  iterations = 200,
): Projection {
  const centred = new Float64Array(n * dims);
  for (let d = 0; d < dims; d++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += points[i * dims + d]!;
    mean /= n || 1;
    for (let i = 0; i < n; i++) centred[i * dims + d] = points[i * dims + d]! - mean;
  }
  // Covariance C = XᵀX / n (dims × dims: the factor count, so this stays small).
  const C = new Float64Array(dims * dims);
  for (let i = 0; i < n; i++)
    for (let a = 0; a < dims; a++) {
      const xa = centred[i * dims + a]!;
      for (let b = 0; b < dims; b++) C[a * dims + b]! += (xa * centred[i * dims + b]!) / (n || 1);
    }
  const m = Math.min(components, dims);
  const out = new Float64Array(m * dims);
  const variance = new Float64Array(m);
  for (let c = 0; c < m; c++) {
    // A deterministic, non-degenerate start: never orthogonal to every eigenvector in practice.
    let v = Float64Array.from({ length: dims }, (_, d) => 1 + d / dims);
    let lambda = 0;
    for (let it = 0; it < iterations; it++) {
      const w = new Float64Array(dims);
      for (let a = 0; a < dims; a++)
        for (let b = 0; b < dims; b++) w[a]! += C[a * dims + b]! * v[b]!;
      const norm = Math.hypot(...w);
      if (norm === 0) break;
      for (let a = 0; a < dims; a++) w[a]! /= norm;
      lambda = norm;
      v = w;
    }
    out.set(v, c * dims);
    variance[c] = lambda;
    // Deflation: C ← C − λ v vᵀ, so the next pass finds the next direction.
    for (let a = 0; a < dims; a++)
      for (let b = 0; b < dims; b++) C[a * dims + b]! -= lambda * v[a]! * v[b]!;
  }
  const coords = new Float64Array(n * m);
  for (let i = 0; i < n; i++)
    for (let c = 0; c < m; c++) {
      let s = 0;
      for (let d = 0; d < dims; d++) s += centred[i * dims + d]! * out[c * dims + d]!;
      coords[i * m + c] = s;
    }
  return { coords, components: out, variance };
}
