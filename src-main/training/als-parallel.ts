import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { AlsModel } from '../../models/als';
import {
  defaultAlsParams,
  fitAls,
  halfStepOperands,
  type AlsFitOptions,
  type AlsParams,
  finishGram,
  type AlsState,
  type HalfStep,
  type Side,
} from '../../models/als-fit';
import { gramChunkCount } from '../../models/als-solve';
import type { Allocate, Csr } from '../../models/sparse';
import { spawnWorker } from '../workers/spawn';
import { replyError, type WorkerError } from '../workers/fit-call';

/**
 * Main thread → als-worker. `start`/`end` are gram chunks or rows of `side`; `thread` picks the
 * worker's scratch slot in a WebAssembly state.
 */
export type WorkerRequest =
  | { type: 'init'; state: AlsState; thread: number }
  | { type: 'gram' | 'solve'; side: Side; start: number; end: number };
export type WorkerReply = { type: 'done' } | WorkerError;

const shared = (bytes: number) => new SharedArrayBuffer(bytes);

/** Worker threads that each solve a share of the rows of every half-step. */
class AlsWorkers {
  private readonly workers: Worker[];

  constructor(threads: number) {
    this.workers = Array.from({ length: threads }, () =>
      spawnWorker(new URL('./als-worker.ts', import.meta.url)),
    );
  }

  get size(): number {
    return this.workers.length;
  }

  /** Sends request t to worker t and resolves when all have answered. */
  run(requests: WorkerRequest[]): Promise<void> {
    return Promise.all(
      requests.map(
        (request, t) =>
          new Promise<void>((resolve, reject) => {
            const worker = this.workers[t]!;
            const onError = (e: Error) => reject(e);
            worker.once('error', onError);
            worker.once('message', (reply: WorkerReply) => {
              worker.off('error', onError);
              if (reply.type === 'done') return resolve();
              reject(replyError(reply));
            });
            worker.postMessage(request);
          }),
      ),
    ).then(() => undefined);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/**
 * Splits rows into `parts` contiguous ranges of about equal work. A row costs
 * (steps + 1)(2k² + 4k·nnz_u), so the weight is nnz_u + k/2.
 */
export function balancedRanges(m: Csr, k: number, parts: number): [number, number][] {
  const total = m.indptr[m.rows]! + (m.rows * k) / 2;
  const ranges: [number, number][] = [];
  let start = 0;
  for (let t = 1; t <= parts; t++) {
    let end = start;
    const target = (total * t) / parts;
    while (end < m.rows && m.indptr[end + 1]! + ((end + 1) * k) / 2 <= target) end++;
    if (t === parts) end = m.rows;
    ranges.push([start, end]);
    start = end;
  }
  return ranges;
}

/** Even split of `count` items into `parts` contiguous ranges. */
function evenRanges(count: number, parts: number): [number, number][] {
  return Array.from({ length: parts }, (_, t) => [
    Math.floor((count * t) / parts),
    Math.floor((count * (t + 1)) / parts),
  ]);
}

export interface ParallelFitOptions extends Omit<AlsFitOptions, 'alloc' | 'halfStep'> {
  /** Worker threads; default: every core. */
  threads?: number;
}

/**
 * Half-steps spread over worker threads that share one set of SharedArrayBuffers (the WebAssembly
 * kernel: one shared WebAssembly.Memory that every worker instantiates the module against): the
 * gram chunks, then the rows, each split over the workers. Any ALS-shaped state works (iALS, and
 * the persona factorisation's expanded matrix). `close` ends the workers.
 */
export function parallelHalfSteps(threads: number): {
  halfStep: HalfStep;
  alloc: Allocate;
  close: () => Promise<void>;
} {
  const workers = new AlsWorkers(threads);
  const rowRanges = new Map<AlsState['byRow'], [number, number][]>();
  let initialised: AlsState | null = null;
  return {
    alloc: shared,
    close: () => workers.close(),
    halfStep: async (s, side) => {
      if (initialised !== s) {
        await workers.run(
          Array.from({ length: workers.size }, (_, t) => ({
            type: 'init' as const,
            state: s,
            thread: t,
          })),
        );
        initialised = s;
      }
      const { m, others } = halfStepOperands(s, side);
      const chunks = gramChunkCount(others);
      const gramParts = evenRanges(chunks, Math.min(workers.size, chunks));
      await workers.run(gramParts.map(([start, end]) => ({ type: 'gram', side, start, end })));
      finishGram(s, chunks);
      let ranges = rowRanges.get(m);
      if (!ranges) rowRanges.set(m, (ranges = balancedRanges(m, s.k, workers.size)));
      await workers.run(ranges.map(([start, end]) => ({ type: 'solve', side, start, end })));
    },
  };
}

/**
 * Fits ALS with each half-step's gram chunks and rows spread over worker threads
 * (`parallelHalfSteps`). Rows are independent given the other side, and the gram is summed in a
 * fixed chunk order, so the factors are bit-identical to `AlsModel.fit` with the same kernel and
 * seed, for any thread count.
 */
export async function fitAlsParallel(
  matrix: Csr,
  params: Partial<AlsParams> = {},
  options: ParallelFitOptions = {},
): Promise<AlsModel> {
  const full = { ...defaultAlsParams, ...params };
  const threads = Math.max(1, options.threads ?? availableParallelism());
  const parallel = parallelHalfSteps(threads);
  try {
    const state = await fitAls(matrix, full, {
      ...options,
      threads,
      alloc: parallel.alloc,
      halfStep: parallel.halfStep,
    });
    const model = new AlsModel(full);
    model.useFactors(matrix, state.rowFactors, state.colFactors);
    return model;
  } finally {
    await parallel.close();
  }
}
