/**
 * Fits one listener model (artist budget or personas) off the main thread. Protocol (STYLE.md §8),
 * see listener-fit.ts: in: `fit` then optionally `cancel`; out: `progress`*, then `done` (the
 * model's bytes) or `error`.
 */
import { availableParallelism } from 'node:os';
import { parentPort } from 'node:worker_threads';
import type { FitProgress } from '../../models/recommender';
import { BudgetModel } from '../../models/budget/model';
import { PersonaModel } from '../../models/persona/model';
import type { ListenerReply, ListenerRequest } from './listener-fit';
import { errorReply } from '../workers/fit-call';
import { parallelHalfSteps } from './als-parallel';
import { budgetThreads } from './budget-threads';

const controller = new AbortController();
const post = (reply: ListenerReply, transfer: ArrayBuffer[] = []) =>
  parentPort!.postMessage(reply, transfer);

parentPort!.on('message', (message: ListenerRequest) => {
  if (message.type === 'cancel') {
    controller.abort();
    return;
  }
  const common = {
    signal: controller.signal,
    onProgress: (progress: FitProgress) => post({ type: 'progress', progress }),
  };
  let model: BudgetModel | PersonaModel;
  let fitted: Promise<void>;
  if (message.model === 'budget') {
    // The CAVI passes over every core, sharing the arrays (budget-threads.ts).
    const runner = budgetThreads(availableParallelism());
    model = new BudgetModel(message.artistOf, message.artists, message.params);
    fitted = model.fit(message.matrix, { ...common, runner }).finally(() => runner.close());
  } else {
    // The persona factorisation's half-steps run in the ALS kernel over every core (fit-cg.ts).
    const threads = availableParallelism();
    const parallel = parallelHalfSteps(threads);
    model = new PersonaModel(message.params);
    fitted = model
      .fit(message.matrix, {
        ...common,
        halfStep: parallel.halfStep,
        alloc: parallel.alloc,
        threads,
      })
      .finally(() => parallel.close());
  }
  fitted
    .then(() => {
      const bytes = model.toBytes();
      post({ type: 'done', bytes }, [bytes.buffer as ArrayBuffer]);
    })
    .catch((e: unknown) => {
      post(errorReply(e));
    });
});
