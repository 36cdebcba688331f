/**
 * Folds a history into personas off the engine's thread (persona-fold.ts). Protocol (STYLE.md §8):
 * in: `fold` with its input; out: `done` with the systems, or `error`.
 */
import { parentPort } from 'node:worker_threads';
import { foldSystems, type FoldInput, type FoldSystems } from './persona-fold';
import { errorReply, type FitWorkerReply } from '../workers/fit-call';

type Reply = FitWorkerReply<never, { systems: FoldSystems }>;

parentPort!.on('message', (message: { type: 'fold'; input: FoldInput } | { type: 'cancel' }) => {
  if (message.type !== 'fold') return;
  let reply: Reply;
  try {
    reply = { type: 'done', systems: foldSystems(message.input) };
  } catch (e) {
    reply = errorReply(e);
  }
  parentPort!.postMessage(reply);
});
