/**
 * Where personas start. Alternating assignment and least squares from random vectors collapses into
 * one persona that covers every taste (one vector can score two orthogonal clusters high), so each
 * row's personas are seeded from a clustering of its own items in the item-factor space, after a
 * few plain-iALS iterations have made that space meaningful: weighted spherical k-means with
 * farthest-point starts; clusters whose centres are closer than `mergeCosine` are merged, so a row
 * with two tastes uses two personas even when P = 4 (the spare personas stay empty).
 */
export function clusterItems(
  Y: Float32Array,
  k: number,
  items: ArrayLike<number>,
  weights: ArrayLike<number>,
  personas: number,
  mergeCosine = 0.5,
  rounds = 10,
): Int32Array {
  const n = items.length;
  const label = new Int32Array(n);
  if (n === 0 || personas === 1) return label;
  const unit = new Float64Array(n * k);
  for (let q = 0; q < n; q++) {
    let norm = 0;
    for (let f = 0; f < k; f++) norm += Y[items[q]! * k + f]! ** 2;
    norm = Math.sqrt(norm) || 1;
    for (let f = 0; f < k; f++) unit[q * k + f] = Y[items[q]! * k + f]! / norm;
  }
  const cos = (q: number, centres: Float64Array, c: number) => {
    let s = 0;
    for (let f = 0; f < k; f++) s += unit[q * k + f]! * centres[c * k + f]!;
    return s;
  };
  // Farthest-point starts: the heaviest item, then repeatedly the item least like any centre.
  const centres = new Float64Array(personas * k);
  let heaviest = 0;
  for (let q = 1; q < n; q++) if (weights[q]! > weights[heaviest]!) heaviest = q;
  centres.set(unit.subarray(heaviest * k, heaviest * k + k), 0);
  let used = 1;
  while (used < Math.min(personas, n)) {
    let far = -1,
      farSim = Infinity;
    for (let q = 0; q < n; q++) {
      let best = -Infinity;
      for (let c = 0; c < used; c++) best = Math.max(best, cos(q, centres, c));
      if (best < farSim) {
        farSim = best;
        far = q;
      }
    }
    if (farSim > mergeCosine) break; // everything is already close to a centre
    centres.set(unit.subarray(far * k, far * k + k), used * k);
    used++;
  }
  for (let round = 0; round < rounds; round++) {
    let changed = round === 0;
    for (let q = 0; q < n; q++) {
      let best = 0;
      let bestCos = cos(q, centres, 0);
      for (let c = 1; c < used; c++) {
        const s = cos(q, centres, c);
        if (s > bestCos) [best, bestCos] = [c, s];
      }
      if (label[q] !== best) changed = true;
      label[q] = best;
    }
    // Same labels, same centres as the last round: every later round would repeat it.
    if (!changed) break;
    centres.fill(0, 0, used * k);
    for (let q = 0; q < n; q++)
      for (let f = 0; f < k; f++) centres[label[q]! * k + f]! += weights[q]! * unit[q * k + f]!;
    for (let c = 0; c < used; c++) {
      let norm = 0;
      for (let f = 0; f < k; f++) norm += centres[c * k + f]! ** 2;
      norm = Math.sqrt(norm) || 1;
      for (let f = 0; f < k; f++) centres[c * k + f]! /= norm;
    }
  }
  // Merge centres that are alike (a single taste split in two).
  const target = Int32Array.from({ length: used }, (_, c) => c);
  for (let c = 1; c < used; c++) {
    for (let d = 0; d < c; d++) {
      let s = 0;
      for (let f = 0; f < k; f++) s += centres[c * k + f]! * centres[d * k + f]!;
      if (s > mergeCosine && target[d] === d) {
        target[c] = d;
        break;
      }
    }
  }
  const compact = new Map<number, number>();
  for (let q = 0; q < n; q++) {
    const t = target[label[q]!]!;
    if (!compact.has(t)) compact.set(t, compact.size);
    label[q] = compact.get(t)!;
  }
  return label;
}
