/**
 * The GRU's second thread (models/nextsong/gru/parallel.ts): a worker running a HelperTrainer
 * over the model's parameters in shared memory, one half of every batch. Protocol (STYLE.md §8),
 * see gru-step-worker.ts: `begin` → `ready` (its gradient buffers), then `step` → `stepped` per
 * batch; `error` ends it. The worker is started at `begin` and ended at `end`.
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { GruStepHelper } from '../../models/nextsong/gru/parallel';
import type { GruConfig, GruParams } from '../../models/nextsong/gru/params';
import type { GruKernelName, TrainerGradients } from '../../models/nextsong/gru/trainer';
import type { Session } from '../../models/nextsong/sessions';
import { spawnWorker } from '../workers/spawn';
import { replyError, type WorkerError } from '../workers/fit-call';

export type GruStepRequest =
  | { type: 'begin'; params: GruParams; config: GruConfig; kernel?: GruKernelName }
  | { type: 'step'; batch: readonly Session[]; negatives: Int32Array; from: number; to: number };

export type GruStepReply =
  | { type: 'ready'; gradients: TrainerGradients }
  | { type: 'stepped'; loss: number; events: number; touched: Int32Array }
  | WorkerError;

/** A second training thread when this machine has a second core, else none (one trainer). */
export function gruHelperIfCores(): GruStepHelper | undefined {
  return availableParallelism() > 1 ? gruThreadHelper() : undefined;
}

export function gruThreadHelper(): GruStepHelper {
  let worker: Worker | null = null;
  let waiting: { resolve: (r: GruStepReply) => void; reject: (e: Error) => void } | null = null;
  const call = (request: GruStepRequest): Promise<GruStepReply> =>
    new Promise((resolve, reject) => {
      waiting = { resolve, reject };
      worker!.postMessage(request);
    });
  const settle = (reply: GruStepReply | Error) => {
    const w = waiting;
    waiting = null;
    if (!w) return;
    if (reply instanceof Error) w.reject(reply);
    else if (reply.type === 'error') w.reject(replyError(reply));
    else w.resolve(reply);
  };
  return {
    async begin(params, config, kernel) {
      worker = spawnWorker(new URL('./gru-step-worker.ts', import.meta.url));
      worker.on('message', settle);
      worker.on('error', settle);
      const reply = await call({ type: 'begin', params, config, kernel });
      if (reply.type !== 'ready') throw new Error(`GRU helper answered ${reply.type} to begin`);
      return reply.gradients;
    },
    async step(batch, negatives, from, to) {
      const reply = await call({ type: 'step', batch, negatives, from, to });
      if (reply.type !== 'stepped') throw new Error(`GRU helper answered ${reply.type} to step`);
      return reply;
    },
    end() {
      void worker?.terminate();
      worker = null;
      settle(new Error('The GRU helper thread was ended.'));
    },
  };
}
