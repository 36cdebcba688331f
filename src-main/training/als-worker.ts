/**
 * One ALS worker thread: holds the run's SharedArrayBuffer-backed state and, on request, computes
 * gram chunks or solves a row range of one side, with the WebAssembly kernel when the state lives
 * in a WebAssembly memory (models/wasm) and the JavaScript one otherwise (models/als-solve.ts).
 * Protocol in als-parallel.ts.
 */
import { parentPort } from 'node:worker_threads';
import { halfStepOperands, type AlsState } from '../../models/als-fit';
import { gramChunks, solveRows, solveScratch } from '../../models/als-solve';
import { kernelFor, type AlsKernel } from '../../models/wasm/als-kernel';
import { scratchSlot } from '../../models/wasm/als-state';
import type { WorkerReply, WorkerRequest } from './als-parallel';
import { errorReply } from '../workers/fit-call';

let state: AlsState | null = null;
let scratch: Float64Array = new Float64Array(0);
let wasm: { kernel: AlsKernel; scratch: Float32Array; gram: Float32Array } | null = null;

function handle(message: WorkerRequest): void {
  if (message.type === 'init') {
    state = message.state;
    scratch = solveScratch(state.k);
    const w = state.wasm;
    wasm = w
      ? { kernel: kernelFor(w.memory), scratch: scratchSlot(w, message.thread), gram: w.gram32 }
      : null;
    return;
  }
  if (!state) throw new Error('als-worker: received work before init');
  const { m, X, Y, others } = halfStepOperands(state, message.side);
  if (wasm && message.type === 'gram') {
    wasm.kernel.gramChunks(
      Y,
      others,
      state.k,
      message.start,
      message.end,
      state.partials,
      wasm.scratch,
    );
  } else if (wasm) {
    wasm.kernel.solveRows(
      message.start,
      message.end,
      m.indptr,
      m.indices,
      m.data,
      X,
      Y,
      wasm.gram,
      state.k,
      state.cgSteps,
      wasm.scratch,
    );
  } else if (message.type === 'gram') {
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
    reply = errorReply(e);
  }
  parentPort!.postMessage(reply);
});
