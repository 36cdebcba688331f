/**
 * The budget model's CAVI passes (models/budget/passes.ts) over worker threads sharing one set of
 * SharedArrayBuffers: `budgetThreads(n)` is a BudgetRunner for fitBudget. Protocol (STYLE.md §8),
 * see budget-pass-worker.ts: `begin` (the arrays) → `done`, then `run` (one pass on its ranges) →
 * `done` with the pass's ELBO part; `error` ends it.
 */
import type { Worker } from 'node:worker_threads';
import type { BudgetCall, BudgetRunner } from '../../models/budget/fit';
import type { BudgetArrays } from '../../models/budget/passes';
import { spawnWorker } from '../workers/spawn';
import { replyError, type WorkerError } from '../workers/fit-call';

export type BudgetPassRequest =
  { type: 'begin'; arrays: BudgetArrays } | { type: 'run'; call: BudgetCall };
export type BudgetPassReply = { type: 'done'; value: number } | WorkerError;

function ask(worker: Worker, request: BudgetPassRequest): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (e: Error) => reject(e);
    worker.once('error', onError);
    worker.once('message', (reply: BudgetPassReply) => {
      worker.off('error', onError);
      if (reply.type === 'done') return resolve(reply.value);
      reject(replyError(reply));
    });
    worker.postMessage(request);
  });
}

/** A runner over `threads` workers; `close` ends them (fitBudget's caller does, when it is done). */
export function budgetThreads(threads: number): BudgetRunner & { close(): Promise<void> } {
  const workers = Array.from({ length: threads }, () =>
    spawnWorker(new URL('./budget-pass-worker.ts', import.meta.url)),
  );
  return {
    threads,
    alloc: (bytes) => new SharedArrayBuffer(bytes),
    begin: async (arrays) => {
      await Promise.all(workers.map((w) => ask(w, { type: 'begin', arrays })));
    },
    run: (calls) => Promise.all(calls.map((call, t) => ask(workers[t]!, { type: 'run', call }))),
    close: async () => {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
