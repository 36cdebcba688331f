/**
 * Fits one listener model (artist budget or personas) off the main thread. Protocol (STYLE.md §8),
 * see listener-fit.ts: in: `fit` then optionally `cancel`; out: `progress`*, then `done` (the
 * model's bytes) or `error`.
 */
import { parentPort } from 'node:worker_threads';
import { BudgetModel } from '../../models/budget/model';
import { PersonaModel } from '../../models/persona/model';
import type { ListenerReply, ListenerRequest } from './listener-fit';

const controller = new AbortController();
const post = (reply: ListenerReply, transfer: ArrayBuffer[] = []) =>
  parentPort!.postMessage(reply, transfer);

parentPort!.on('message', (message: ListenerRequest) => {
  if (message.type === 'cancel') {
    controller.abort();
    return;
  }
  const model =
    message.model === 'budget'
      ? new BudgetModel(message.artistOf, message.artists, message.params)
      : new PersonaModel(message.params);
  model
    .fit(message.matrix, {
      signal: controller.signal,
      onProgress: (progress) => post({ type: 'progress', progress }),
    })
    .then(() => {
      const bytes = model.toBytes();
      post({ type: 'done', bytes }, [bytes.buffer as ArrayBuffer]);
    })
    .catch((e: unknown) => {
      const err = e instanceof Error ? e : new Error(String(e));
      post({ type: 'error', name: err.name, message: err.message, stack: err.stack ?? '' });
    });
});
