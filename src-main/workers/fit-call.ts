import { spawnWorker } from './spawn';

/**
 * What a fitting worker answers (STYLE.md §8): `progress`*, then `done` with its result, or
 * `error`. It takes one request, then optionally `{ type: 'cancel' }`.
 */
export type FitWorkerReply<P, D extends object> =
  | { type: 'progress'; progress: P }
  | ({ type: 'done' } & D)
  | { type: 'error'; name: string; message: string; stack: string };

/**
 * Starts the worker at `url`, sends it `request`, forwards its progress and an abort of
 * `options.signal` (as `cancel`), and resolves to its `done` reply; the worker is ended either way.
 */
export function callFitWorker<P, D extends object>(
  url: URL,
  request: object,
  options: { signal?: AbortSignal; onProgress?: (progress: P) => void },
): Promise<{ type: 'done' } & D> {
  const worker = spawnWorker(url);
  return new Promise((resolve, reject) => {
    const cancel = () => worker.postMessage({ type: 'cancel' });
    options.signal?.addEventListener('abort', cancel, { once: true });
    const finish = () => {
      options.signal?.removeEventListener('abort', cancel);
      void worker.terminate();
    };
    worker.on('message', (reply: FitWorkerReply<P, D>) => {
      if (reply.type === 'progress') options.onProgress?.(reply.progress);
      else if (reply.type === 'done') {
        finish();
        resolve(reply);
      } else {
        finish();
        reject(Object.assign(new Error(reply.message), { name: reply.name, stack: reply.stack }));
      }
    });
    worker.on('error', (e) => {
      finish();
      reject(e);
    });
    worker.postMessage(request);
    if (options.signal?.aborted) cancel();
  });
}
