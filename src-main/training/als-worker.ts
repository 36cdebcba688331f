/**
 * One ALS worker thread: holds the run's SharedArrayBuffer-backed state and, on request, computes
 * gram chunks or solves a row range of one side (models/als-solve.ts). Protocol in als-parallel.ts.
 */
import { parentPort } from 'node:worker_threads';
import { halfStepOperands, type AlsState } from '../../models/als-fit';
import { gramChunks, solveRows, solveScratch } from '../../models/als-solve';
import type { WorkerReply, WorkerRequest } from './als-parallel';

let state: AlsState | null = null;
let scratch: Float64Array = new Float64Array(0);

function handle(message: WorkerRequest): void {
  if (message.type === 'init') {
    state = message.state;
    scratch = solveScratch(state.k);
    return;
  }
  if (!state) throw new Error('als-worker: received work before init');
  const { m, X, Y, others } = halfStepOperands(state, message.side);
  if (message.type === 'gram') {
    gramChunks(Y, others, state.k, message.start, message.end, state.partials);
  } else {
    solveRows(
      message.start,
      message.end,
      m.indptr,
      m.indices,
      m.data,
      X,
      Y,
      state.gram,
      state.k,
      state.cgSteps,
      scratch,
    );
  }
}

parentPort!.on('message', (message: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    handle(message);
    reply = { type: 'done' };
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    reply = { type: 'error', name: err.name, message: err.message, stack: err.stack ?? '' };
  }
  parentPort!.postMessage(reply);
});
