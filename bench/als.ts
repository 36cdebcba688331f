/**
 * iALS benchmark (issue 4). Prints JSON: seconds per iteration and GFLOP/s of conjugate-gradient
 * work on HetRec 2K and on a generated 200,000 × 50,000 matrix with 5M plays (64 factors, 3 CG
 * steps, all cores), nnz scaling, fold-in, top-100 recommend and peak RSS.
 *
 * FLOPs are counted by `halfIterationFlops` (models/als-solve.ts): per row 2k² + 2k for the initial
 * residual, 4k per entry for its dot + axpy; per CG step 2k² + 10k per row and 4k per entry; plus
 * k(k+1) per row of the other side for the gram. Nothing else (no loss, no setup) is counted.
 *
 * The WebAssembly SIMD kernel (models/wasm) by default; `npm run bench -- als --kernel=js` times the
 * JavaScript one.
 */
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { AlsModel, defaultAlsParams, type AlsParams } from '../models/als';
import { halfIterationFlops } from '../models/als-solve';
import { mulberry32 } from '../models/random';
import { csrFromTriplets, nnz, type Csr } from '../models/sparse';
import { resolveKernel, type AlsKernelName } from '../models/wasm/als-kernel';
import { fitAlsParallel } from '../src-main/training/als-parallel';
import { readInteractions } from '../src-main/training/interactions';

const round = (x: number, digits = 3) => Number(x.toFixed(digits));

/**
 * Plays with a long tail, like real listening: item i is drawn with probability ∝ 1/(i + 10)^0.9
 * (inverse-CDF on a precomputed table), rows get lengths around nnz/rows.
 */
export function generatedPlays(rows: number, cols: number, plays: number, seed = 1): Csr {
  const random = mulberry32(seed);
  const cdf = new Float64Array(cols);
  let total = 0;
  for (let i = 0; i < cols; i++) cdf[i] = total += 1 / Math.pow(i + 10, 0.9);
  const r = new Int32Array(plays);
  const c = new Int32Array(plays);
  const v = new Float32Array(plays);
  for (let t = 0; t < plays; t++) {
    r[t] = Math.floor(random() * rows);
    const x = random() * total;
    let lo = 0;
    let hi = cols - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    c[t] = lo;
    v[t] = 1 + Math.floor(-Math.log(1 - random()) * 3);
  }
  return csrFromTriplets(rows, cols, r, c, v);
}

const kernelArg = process.argv.find((a) => a.startsWith('--kernel='))?.slice('--kernel='.length);
if (kernelArg !== undefined && kernelArg !== 'wasm' && kernelArg !== 'js')
  throw new Error('--kernel must be wasm or js');
const kernel: AlsKernelName = resolveKernel(kernelArg ?? 'wasm');

async function timeIterations(matrix: Csr, params: Partial<AlsParams>) {
  const full = { ...defaultAlsParams, ...params };
  const stamps: number[] = [];
  const cpu: number[] = [];
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const model = await fitAlsParallel(matrix, full, {
    kernel,
    onProgress: (p) => {
      stamps.push(p.seconds);
      const used = process.cpuUsage(cpuStart);
      cpu.push((used.user + used.system) / 1e6);
    },
  });
  // CPU seconds of all threads per steady iteration: on a machine shared with other work, this
  // divided by the thread count estimates the wall time the iteration would take on idle cores.
  const cpuSteady = cpu.length > 1 ? (cpu.at(-1)! - cpu[0]!) / (cpu.length - 1) : (cpu[0] ?? 0);
  const perIteration = stamps.map((s, i) => s - (i > 0 ? stamps[i - 1]! : 0));
  // The first iteration also starts the workers and hands them the buffers; report it apart.
  const steady = perIteration.length > 1 ? perIteration.slice(1) : perIteration;
  const secondsPerIteration = steady.reduce((a, b) => a + b, 0) / steady.length;
  const k = full.factors;
  const flops =
    halfIterationFlops(matrix.rows, matrix.cols, nnz(matrix), k, full.cgSteps) +
    halfIterationFlops(matrix.cols, matrix.rows, nnz(matrix), k, full.cgSteps);
  return {
    model,
    figures: {
      rows: matrix.rows,
      cols: matrix.cols,
      nnz: nnz(matrix),
      factors: k,
      cgSteps: full.cgSteps,
      iterations: full.iterations,
      secondsPerIteration: round(secondsPerIteration),
      firstIterationSeconds: round(perIteration[0] ?? 0),
      gflopPerIteration: round(flops / 1e9),
      gflops: round(flops / 1e9 / secondsPerIteration, 2),
      cpuSecondsPerIteration: round(cpuSteady),
      gflopsPerCpuSecond: round(flops / 1e9 / cpuSteady, 2),
      wallSeconds: round((performance.now() - started) / 1000, 2),
    },
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export async function run(): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {
    kernel,
    threads: availableParallelism(),
    loadBefore: loadavg().map((x) => round(x, 2)),
  };
  const data = process.env.ENCORE_DATA ?? path.resolve(import.meta.dirname, '../../shared/data');
  const hetrecFile = path.join(data, 'hetrec-lastfm-2k', 'user_artists.dat');
  if (existsSync(hetrecFile)) {
    const { matrix } = readInteractions(hetrecFile, 'hetrec');
    out.hetrec = (await timeIterations(matrix, { factors: 32, iterations: 6 })).figures;
  }
  const scaling: Record<string, unknown>[] = [];
  for (const plays of [1_000_000, 2_000_000]) {
    scaling.push(
      (
        await timeIterations(generatedPlays(200_000, 50_000, plays), {
          factors: 64,
          cgSteps: 3,
          iterations: 3,
        })
      ).figures,
    );
  }
  const big = await timeIterations(generatedPlays(200_000, 50_000, 5_000_000), {
    factors: 64,
    cgSteps: 3,
    iterations: 4,
  });
  scaling.push(big.figures);
  out.generated = big.figures;
  out.scaling = scaling.map((s) => ({
    nnz: s.nnz,
    secondsPerIteration: s.secondsPerIteration,
    cpuSecondsPerIteration: s.cpuSecondsPerIteration,
    gflops: s.gflops,
  }));

  // Fold-in: one listener with 10,000 plays of the long-tailed kind, against (b)'s item factors.
  const listener = generatedPlays(1, 50_000, 10_000, 7);
  const items = listener.indices;
  const counts = listener.data;
  const model: AlsModel = big.model;
  let t = performance.now();
  model.foldIn(items, counts);
  const firstFoldIn = performance.now() - t;
  const foldIns: number[] = [];
  for (let rep = 0; rep < 10; rep++) {
    t = performance.now();
    model.foldIn(items, counts);
    foldIns.push(performance.now() - t);
  }
  out.foldIn = {
    plays: 10_000,
    distinctItems: items.length,
    factors: 64,
    medianMs: round(median(foldIns), 2),
    firstCallMsIncludingGram: round(firstFoldIn, 2),
  };

  // Top-100 over 100,000 items with 64 factors, the listener's 1,000 seen items excluded.
  const random = mulberry32(3);
  const catalogue = new AlsModel({ factors: 64 });
  catalogue.colFactors = Float32Array.from({ length: 100_000 * 64 }, () => random() - 0.5);
  const vector = Float32Array.from({ length: 64 }, () => random() - 0.5);
  const seen = Int32Array.from({ length: 1000 }, (_, i) => i * 97);
  const tops: number[] = [];
  for (let rep = 0; rep < 20; rep++) {
    t = performance.now();
    catalogue.recommendFor(vector, seen, { n: 100 });
    tops.push(performance.now() - t);
  }
  out.top100 = { items: 100_000, factors: 64, medianMs: round(median(tops), 2) };
  out.peakRssMiB = round(process.resourceUsage().maxRSS / 1024, 0);
  out.loadAfter = loadavg().map((x) => round(x, 2));
  return out;
}
