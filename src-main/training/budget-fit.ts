/** Fits the artist-budget model in a worker thread (budget-worker.ts) so no host's loop blocks. */
import type { BudgetParams } from '../../models/budget/fit';
import { BudgetModel } from '../../models/budget/model';
import type { FitOptions, FitProgress } from '../../models/recommender';
import type { Csr } from '../../models/sparse';
import { spawnWorker } from '../workers/spawn';

export type BudgetRequest =
  | { type: 'fit'; matrix: Csr; artistOf: Int32Array; artists: number; params: BudgetParams }
  | { type: 'cancel' };

export type BudgetReply =
  | { type: 'progress'; progress: FitProgress }
  | { type: 'done'; bytes: Uint8Array }
  | { type: 'error'; name: string; message: string; stack: string };

/**
 * Resolves to the fitted model. CAVI is O(nnz·K) per pass: milliseconds on the demo, but seconds
 * to minutes on a real library with years of sessions, hence the thread.
 */
export function fitBudgetInWorker(
  matrix: Csr,
  artistOf: Int32Array,
  artists: number,
  params: BudgetParams,
  options: FitOptions = {},
): Promise<BudgetModel> {
  const worker = spawnWorker(new URL('./budget-worker.ts', import.meta.url));
  return new Promise<BudgetModel>((resolve, reject) => {
    const cancel = () => worker.postMessage({ type: 'cancel' } satisfies BudgetRequest);
    options.signal?.addEventListener('abort', cancel, { once: true });
    const finish = () => {
      options.signal?.removeEventListener('abort', cancel);
      void worker.terminate();
    };
    worker.on('message', (reply: BudgetReply) => {
      if (reply.type === 'progress') options.onProgress?.(reply.progress);
      else if (reply.type === 'done') {
        finish();
        resolve(BudgetModel.fromBytes(reply.bytes));
      } else {
        finish();
        reject(Object.assign(new Error(reply.message), { name: reply.name, stack: reply.stack }));
      }
    });
    worker.on('error', (e) => {
      finish();
      reject(e);
    });
    worker.postMessage({ type: 'fit', matrix, artistOf, artists, params } satisfies BudgetRequest);
    if (options.signal?.aborted) cancel();
  });
}
