/**
 * Scans the plays for each persona's times off the engine's thread (persona-times.ts), through a
 * read-only connection of its own. Protocol (STYLE.md §8): in: `times`; out: `done` or `error`.
 */
import { parentPort } from 'node:worker_threads';
import { openDb } from '../db/connection';
import { errorReply, type FitWorkerReply } from '../workers/fit-call';
import { personaTimes, type PersonaTimes, type PersonaTimesRequest } from './persona-times';

type Reply = FitWorkerReply<never, { times: PersonaTimes }>;

parentPort!.on(
  'message',
  (message: { type: 'times'; request: PersonaTimesRequest } | { type: 'cancel' }) => {
    if (message.type !== 'times') return;
    const { dbPath, profileId, tzOffsetS, trackIds, owners, P } = message.request;
    let reply: Reply;
    try {
      const owner = new Map<number, number>();
      trackIds.forEach((id, q) => owner.set(id, owners[q]!));
      const db = openDb(dbPath, { readonly: true });
      try {
        reply = {
          type: 'done',
          times: personaTimes(db, profileId, tzOffsetS, (id) => owner.get(id), P),
        };
      } finally {
        db.close();
      }
    } catch (e) {
      reply = errorReply(e);
    }
    parentPort!.postMessage(reply);
  },
);
