/** Fits a next-song model in a worker thread (nextsong-worker.ts) so no host's loop blocks. */
import type { Session } from '../../models/nextsong/sessions';
import type { FitOptions, FitProgress } from '../../models/nextsong/model';
import type { NextSongModelName } from '../../models/nextsong/registry';
import type { GruConfig } from '../../models/nextsong/gru/params';
import { spawnWorker } from '../workers/spawn';

export type FitRequest =
  | {
      type: 'fit';
      model: NextSongModelName;
      itemCount: number;
      sessions: readonly Session[];
      gru: Partial<GruConfig>;
    }
  | { type: 'cancel' };

export type FitReply =
  | { type: 'progress'; progress: FitProgress }
  | { type: 'done'; bytes: Uint8Array }
  | { type: 'error'; name: string; message: string; stack: string };

/** Resolves to the fitted model's bytes (load them with loadNextSongModel). */
export function fitNextSongInWorker(
  model: NextSongModelName,
  itemCount: number,
  sessions: readonly Session[],
  gru: Partial<GruConfig> = {},
  options: FitOptions = {},
): Promise<Uint8Array> {
  const worker = spawnWorker(new URL('./nextsong-worker.ts', import.meta.url));
  return new Promise<Uint8Array>((resolve, reject) => {
    const cancel = () => worker.postMessage({ type: 'cancel' } satisfies FitRequest);
    options.signal?.addEventListener('abort', cancel, { once: true });
    const finish = () => {
      options.signal?.removeEventListener('abort', cancel);
      void worker.terminate();
    };
    worker.on('message', (reply: FitReply) => {
      if (reply.type === 'progress') options.onProgress?.(reply.progress);
      else if (reply.type === 'done') {
        finish();
        resolve(reply.bytes);
      } else {
        finish();
        reject(Object.assign(new Error(reply.message), { name: reply.name, stack: reply.stack }));
      }
    });
    worker.on('error', (e) => {
      finish();
      reject(e);
    });
    worker.postMessage({ type: 'fit', model, itemCount, sessions, gru } satisfies FitRequest);
    if (options.signal?.aborted) cancel();
  });
}
