/**
 * The GRU's second training thread (gru-threads.ts): one HelperTrainer over parameters in shared
 * memory, half of every batch. In: `begin`, then `step`s; out: `ready`, `stepped`s, or `error`.
 */
import { parentPort } from 'node:worker_threads';
import { HelperTrainer } from '../../models/nextsong/gru/parallel';
import type { GruStepReply, GruStepRequest } from './gru-threads';
import { errorReply } from '../workers/fit-call';

let trainer: HelperTrainer | null = null;
const post = (reply: GruStepReply) => parentPort!.postMessage(reply);

parentPort!.on('message', (message: GruStepRequest) => {
  try {
    if (message.type === 'begin') {
      trainer = new HelperTrainer(message.params, message.config, message.kernel);
      post({ type: 'ready', gradients: trainer.gradients });
    } else {
      if (!trainer) throw new Error('step before begin');
      const { loss, events, touched } = trainer.step(
        message.batch,
        message.negatives,
        message.from,
        message.to,
      );
      post({ type: 'stepped', loss, events, touched });
    }
  } catch (e) {
    post(errorReply(e));
  }
});
