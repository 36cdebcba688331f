import { spawnWorker } from './spawn';

/**
 * What a fitting worker answers (STYLE.md §8): `progress`*, then `done` with its result, or
 * `error`. It takes one request, then optionally `{ type: 'cancel' }`.
 */
export type FitWorkerReply<P, D extends object> =
  { type: 'progress'; progress: P } | ({ type: 'done' } & D) | WorkerError;

/**
 * A worker's `error` reply: what it caught, with the `code` (a file error's ENOENT …) and `reason`
 * (a ModelFileError's) that callers tell errors apart by.
 */
export interface WorkerError {
  type: 'error';
  name: string;
  message: string;
  stack: string;
  code?: string;
  reason?: string;
}

/** The `error` reply for what a worker caught. */
export function errorReply(e: unknown): WorkerError {
  const err = e instanceof Error ? e : new Error(String(e));
  const { code, reason } = err as { code?: unknown; reason?: unknown };
  return {
    type: 'error',
    name: err.name,
    message: err.message,
    stack: err.stack ?? '',
    ...(typeof code === 'string' ? { code } : {}),
    ...(typeof reason === 'string' ? { reason } : {}),
  };
}

/** The error a worker's `error` reply stands for, on the caller's side. */
export function replyError(reply: WorkerError): Error {
  const { name, message, stack, code, reason } = reply;
  return Object.assign(new Error(message), {
    name,
    stack,
    ...(code !== undefined ? { code } : {}),
    ...(reason !== undefined ? { reason } : {}),
  });
}

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
        reject(replyError(reply));
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
