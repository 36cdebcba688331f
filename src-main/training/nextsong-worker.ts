/**
 * Fits one next-song model off the main thread. Protocol (STYLE.md §8), see nextsong-fit.ts:
 * in: `fit` then optionally `cancel`; out: `progress`*, then `done` (the model's bytes) or `error`.
 */
import { parentPort } from 'node:worker_threads';
import { createNextSongModel } from '../../models/nextsong/registry';
import type { FitRequest, FitReply } from './nextsong-fit';

const controller = new AbortController();
const post = (reply: FitReply, transfer: ArrayBuffer[] = []) =>
  parentPort!.postMessage(reply, transfer);

parentPort!.on('message', (message: FitRequest) => {
  if (message.type === 'cancel') {
    controller.abort();
    return;
  }
  const model = createNextSongModel(message.model, message.itemCount, message.gru);
  model
    .fit(message.sessions, {
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
