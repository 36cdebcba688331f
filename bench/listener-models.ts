/**
 * Personas and artist budgets against iALS at the same rank (issue 5, "Performance"): seconds per
 * iteration of iALS (the app's driver: worker threads, WebAssembly kernel; and the JavaScript
 * kernel), of the multi-persona factorisation with P = 4 and of the artist-budget CAVI, plus the
 * budget model's iterations and seconds to convergence (its relative-ELBO tolerance). Each of the
 * listener models is fitted by the app's own worker-thread driver: personas in the ALS kernel over
 * every core (fit-cg.ts), the budget CAVI in one thread.
 *
 * Data: (a) HetRec 2K (user × artist, K = 32). The budget model needs tracks grouped by artist;
 * HetRec has artists only, so each artist is its own group there (the cost per pass is the same
 * O(nnz·K); the model is degenerate). (b) The Last.fm export at track level (rows = 30-minute
 * sessions, columns = tracks, each track's artist from the export), the data the budget model is
 * meant for. `ENCORE_DATA` points at ../shared/data; a data set that is absent is skipped.
 */
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { defaultAlsParams } from '../models/als';
import { defaultBudgetParams } from '../models/budget/fit';
import { defaultPersonaParams } from '../models/persona/fit';
import type { FitProgress } from '../models/recommender';
import { nnz, type Csr } from '../models/sparse';
import { fitAlsParallel } from '../src-main/training/als-parallel';
import { fitBudgetInWorker, fitPersonasInWorker } from '../src-main/training/listener-fit';
import { readInteractions } from '../src-main/training/interactions';
import { readHistoryFiles } from '../src-main/training/nextsong-history';
import { trackSplit } from '../src-main/training/track-eval';

const data = process.env.ENCORE_DATA ?? path.resolve('../shared/data');
const K = 32;
const ITERATIONS = 8;
const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * Per-iteration seconds from progress stamps; the first (worker start, set-up) apart. The median:
 * the persona fit has one iteration that also seeds the personas by clustering (a one-off k-means
 * per row, `seedingSeconds` beside it); the mean of the others is printed too.
 */
function perIteration(stamps: number[]) {
  const each = stamps.map((s, i) => s - (i > 0 ? stamps[i - 1]! : 0));
  const steady = each.length > 1 ? each.slice(1) : each;
  const sorted = [...steady].sort((a, b) => a - b);
  const median = sorted[Math.floor((sorted.length - 1) / 2)]!;
  return {
    secondsPerIteration: round(median),
    meanSecondsPerIteration: round(steady.reduce((a, b) => a + b, 0) / steady.length),
    slowestIterationSeconds: round(sorted.at(-1)!),
    firstIterationSeconds: round(each[0] ?? 0),
    iterations: each.length,
  };
}

async function timed<T>(fit: (onProgress: (p: FitProgress) => void) => Promise<T>) {
  const stamps: number[] = [];
  const started = performance.now();
  const model = await fit((p) => stamps.push(p.seconds));
  return {
    ...perIteration(stamps),
    wallSeconds: round((performance.now() - started) / 1000, 2),
    model,
  };
}

function lastChange(elbo: readonly number[]): number {
  const [a, b] = [elbo.at(-2)!, elbo.at(-1)!];
  return Number((Math.abs(b - a) / Math.abs(a)).toPrecision(3));
}

async function compare(matrix: Csr, artistOf: Int32Array, artists: number) {
  const als = (kernel: 'wasm' | 'js') =>
    timed((onProgress) =>
      fitAlsParallel(
        matrix,
        { ...defaultAlsParams, factors: K, iterations: ITERATIONS },
        { kernel, onProgress },
      ),
    );
  const { model: _alsWasm, ...alsWasm } = await als('wasm');
  const { model: _alsJs, ...alsJs } = await als('js');
  const { model: _persona, ...persona } = await timed((onProgress) =>
    fitPersonasInWorker(
      matrix,
      { ...defaultPersonaParams, personas: 4, factors: K, iterations: ITERATIONS },
      { onProgress },
    ),
  );
  const { model: _budget, ...budgetFixed } = await timed((onProgress) =>
    fitBudgetInWorker(
      matrix,
      artistOf,
      artists,
      { ...defaultBudgetParams, factors: K, iterations: ITERATIONS, tolerance: 0 },
      { onProgress },
    ),
  );
  // To convergence: the default tolerance and iteration cap, as the app trains it.
  const converged = await timed((onProgress) =>
    fitBudgetInWorker(
      matrix,
      artistOf,
      artists,
      { ...defaultBudgetParams, factors: K },
      {
        onProgress,
      },
    ),
  );
  const ratio = (x: { secondsPerIteration: number }, to: { secondsPerIteration: number }) =>
    round(x.secondsPerIteration / to.secondsPerIteration, 2);
  return {
    rows: matrix.rows,
    cols: matrix.cols,
    nnz: nnz(matrix),
    artists,
    factors: K,
    alsWasm2Threads: alsWasm,
    alsJs2Threads: alsJs,
    personaP4: persona,
    budget: budgetFixed,
    budgetToConvergence: {
      iterations: converged.iterations,
      seconds: converged.wallSeconds,
      tolerance: defaultBudgetParams.tolerance,
      cap: defaultBudgetParams.iterations,
      // |ΔELBO| / |ELBO| over the last iteration run: where the fit stood when it stopped.
      lastRelativeChange: lastChange(converged.model.elbo),
    },
    // The goal: each within 3× of iALS's time per iteration at the same rank.
    personaOverAlsWasm: ratio(persona, alsWasm),
    budgetOverAlsWasm: ratio(budgetFixed, alsWasm),
    personaOverAlsJs: ratio(persona, alsJs),
    budgetOverAlsJs: ratio(budgetFixed, alsJs),
  };
}

export async function run(): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = { loadBefore: loadavg().map((x) => round(x, 2)) };
  const hetrecFile = path.join(data, 'hetrec-lastfm-2k', 'user_artists.dat');
  if (existsSync(hetrecFile)) {
    const { matrix } = readInteractions(hetrecFile, 'hetrec');
    const self = Int32Array.from({ length: matrix.cols }, (_, i) => i);
    out.hetrec = await compare(matrix, self, matrix.cols);
  }
  const lastfm = path.join(data, 'lastfm-export', 'scrobbles.csv');
  if (existsSync(lastfm)) {
    const tracks = trackSplit(readHistoryFiles([lastfm]));
    out.lastfmTracks = await compare(tracks.train, tracks.artistOf, tracks.artists);
  }
  out.loadAfter = loadavg().map((x) => round(x, 2));
  out.peakRssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
  return out;
}
