import { mulberry32 } from '../../../models/random';
import { csrFromTriplets, type Csr } from '../../../models/sparse';

/** Draws Gamma(shape, 1) by Marsaglia–Tsang (with the shape < 1 boost). */
function gamma(random: () => number, shape: number): number {
  if (shape < 1) return gamma(random, shape + 1) * Math.pow(random(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number, v: number;
    do {
      const u1 = random() || 1e-12;
      x = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * random());
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = random();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

function poisson(random: () => number, mean: number): number {
  const l = Math.exp(-mean);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= random();
  } while (p > l);
  return k - 1;
}

export interface Planted {
  matrix: Csr;
  artistOf: Int32Array;
  artists: number;
  /** True within-artist play distribution of each (row, track), θ_us / Σ_{s'∈a} θ_us'. */
  trueShare: (row: number, track: number) => number;
}

/**
 * Samples from the budget model's own story: Gamma preferences and track factors, and for each
 * row a few artists whose total plays are spread multinomially by θ over the artist's tracks.
 */
export function samplePlanted(
  seed: number,
  rows = 150,
  artists = 16,
  perArtist = 12,
  K = 3,
): Planted {
  const random = mulberry32(seed);
  const tracks = artists * perArtist;
  const artistOf = new Int32Array(tracks);
  for (let s = 0; s < tracks; s++) artistOf[s] = Math.floor(s / perArtist);
  const x = Float64Array.from({ length: rows * K }, () => gamma(random, 0.5));
  const beta = Float64Array.from({ length: tracks * K }, () => gamma(random, 0.4));
  const theta = (u: number, s: number) => {
    let dot = 0;
    for (let k = 0; k < K; k++) dot += x[u * K + k]! * beta[s * K + k]!;
    return dot;
  };
  const r: number[] = [],
    c: number[] = [],
    v: number[] = [];
  for (let u = 0; u < rows; u++) {
    const chosen = new Set<number>();
    while (chosen.size < 5) chosen.add(Math.floor(random() * artists));
    for (const a of chosen) {
      const total = 20 + poisson(random, 40);
      const weights = Array.from({ length: perArtist }, (_, i) => theta(u, a * perArtist + i));
      const sum = weights.reduce((p, q) => p + q, 0);
      const counts = new Array<number>(perArtist).fill(0);
      for (let n = 0; n < total; n++) {
        let pick = random() * sum,
          i = 0;
        while (i < perArtist - 1 && (pick -= weights[i]!) > 0) i++;
        counts[i]!++;
      }
      counts.forEach((n, i) => {
        if (n > 0) {
          r.push(u);
          c.push(a * perArtist + i);
          v.push(n);
        }
      });
    }
  }
  return {
    matrix: csrFromTriplets(rows, tracks, r, c, v),
    artistOf,
    artists,
    trueShare: (u, s) => {
      const a = artistOf[s]!;
      let sum = 0;
      for (let i = 0; i < perArtist; i++) sum += theta(u, a * perArtist + i);
      return theta(u, s) / sum;
    },
  };
}

/** Appends one row: `broad` gets 10 plays on each of its first 10 tracks, `deep` 100 plays of one. */
export function withBreadthListener(
  m: Csr,
  artistOf: Int32Array,
  broad: number,
  deep: number,
): Csr {
  const r: number[] = [],
    c: number[] = [],
    v: number[] = [];
  for (let u = 0; u < m.rows; u++) {
    for (let p = m.indptr[u]!; p < m.indptr[u + 1]!; p++) {
      r.push(u);
      c.push(m.indices[p]!);
      v.push(m.data[p]!);
    }
  }
  const tracksOf = (a: number) => [...artistOf.keys()].filter((s) => artistOf[s] === a);
  for (const s of tracksOf(broad).slice(0, 10)) {
    r.push(m.rows);
    c.push(s);
    v.push(10);
  }
  r.push(m.rows);
  c.push(tracksOf(deep)[0]!);
  v.push(100);
  return csrFromTriplets(m.rows + 1, m.cols, r, c, v);
}
