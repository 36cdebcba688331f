/**
 * Fits one next-song model off the main thread. Protocol (STYLE.md §8), see nextsong-fit.ts:
 * in: `fit` then optionally `cancel`; out: `progress`*, then `done` (the model's bytes) or `error`.
 */
import { parentPort } from 'node:worker_threads';
import type { FitProgress } from '../../models/nextsong/model';
import { createNextSongModel } from '../../models/nextsong/registry';
import { fitSelectedBlend } from '../../models/nextsong/blend-fit';
import { GruModel } from '../../models/nextsong/gru/model';
import { sessionAlsScorer } from '../../models/nextsong/taste-weight';
import type { FitRequest, FitReply } from './nextsong-fit';
import { errorReply } from '../workers/fit-call';
import { gruHelperIfCores } from './gru-threads';
import { gpuGruFitter } from './native-tf';

const controller = new AbortController();
const post = (reply: FitReply, transfer: ArrayBuffer[] = []) =>
  parentPort!.postMessage(reply, transfer);

parentPort!.on('message', (message: FitRequest) => void handle(message));

async function handle(message: FitRequest): Promise<void> {
  if (message.type === 'cancel') {
    controller.abort();
    return;
  }
  const gruHelper = gruHelperIfCores();
  const options = {
    signal: controller.signal,
    onProgress: (progress: FitProgress) => post({ type: 'progress', progress }),
    // The GRU's batches split over this thread and a second one when there is a second core.
    ...(gruHelper ? { gruHelper } : {}),
  };
  // tfjs-node's CUDA build, where the user installed it, trains fresh GRUs on the GPU.
  const fitGru = message.type === 'fit-blend' ? await gpuGruFitter() : null;
  const work: Promise<FitReply & { type: 'done' }> =
    message.type === 'fit-blend'
      ? fitSelectedBlend(message.sessions, message.itemCount, {
          ...options,
          ...(fitGru ? { fitGru } : {}),
          gru: message.gru,
          ...(message.validationFrom !== undefined
            ? { validationFrom: message.validationFrom }
            : {}),
          ...(message.initial ? { initial: GruModel.fromBytes(message.initial) } : {}),
          ...(message.tasteAls
            ? {
                taste: (base: Parameters<typeof sessionAlsScorer>[0]) =>
                  sessionAlsScorer(base, message.itemCount, message.tasteAls!),
              }
            : {}),
          ...(message.fineTuneEpochs !== undefined
            ? { fineTuneEpochs: message.fineTuneEpochs }
            : message.gru.epochs !== undefined
              ? { fineTuneEpochs: message.gru.epochs }
              : {}),
        }).then((b) => ({
          type: 'done',
          bytes: b.gru.toBytes(),
          weights: b.weights,
          search: b.search,
          taste: b.taste,
        }))
      : (async () => {
          const model = createNextSongModel(message.model, message.itemCount, message.gru);
          await model.fit(message.sessions, options);
          return { type: 'done', bytes: model.toBytes() };
        })();
  work
    .then((reply) => post(reply, [reply.bytes.buffer as ArrayBuffer]))
    .catch((e: unknown) => {
      post(errorReply(e));
    });
}
