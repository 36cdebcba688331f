import type { Worker } from 'node:worker_threads';
import { spawnWorker } from '../workers/spawn';
import type { TrackRecord } from '../db/tracks';
import type { FileFacts } from './tags';
import type { ParseReply, ParseRequest } from './parse-protocol';

export type ParseOutcome =
  { file: FileFacts; record: TrackRecord } | { file: FileFacts; error: string };

export interface PoolOptions {
  workers: number;
  signal?: AbortSignal;
  onOutcome: (o: ParseOutcome) => void;
  /** Called as each file is sent to a worker. */
  onDispatch?: (path: string) => void;
  /** Files each worker holds at once: enough to overlap its disk reads with the next parse. */
  depth?: number;
}

/** The error a cancelled scan rejects with; `name` is 'AbortError' like fetch's. */
export function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  const message = reason instanceof Error ? reason.message : 'The scan was cancelled.';
  return Object.assign(new Error(message, { cause: reason }), { name: 'AbortError' });
}

/**
 * Parses files in worker threads and reports each outcome as it arrives. A worker that dies is
 * replaced and its files are retried once, so one file that crashes the parser fails alone. On abort
 * the workers are terminated at once (a parse in progress is simply dropped) and the promise rejects.
 */
export function parseInPool(files: readonly FileFacts[], options: PoolOptions): Promise<void> {
  const { signal, onOutcome } = options;
  const depth = options.depth ?? 8;
  const queue = files.map((file, jobId) => ({ jobId, file }));
  const attempts = new Map<number, number>();
  const workers = new Set<Worker>();
  let remaining = files.length;

  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    if (remaining === 0) return resolve();
    let settled = false;
    const finish = (error?: Error): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      for (const w of workers) void w.terminate();
      workers.clear();
      if (error) reject(error);
      else resolve();
    };
    const onAbort = (): void => finish(abortError(signal!));
    signal?.addEventListener('abort', onAbort, { once: true });

    const start = (): void => {
      const worker = spawnWorker(new URL('./parse-worker.ts', import.meta.url));
      const inFlight = new Map<number, FileFacts>();
      workers.add(worker);
      const feed = (): void => {
        const batch: ParseRequest[] = [];
        while (!settled && inFlight.size < depth && queue.length > 0) {
          const job = queue.shift()!;
          inFlight.set(job.jobId, job.file);
          options.onDispatch?.(job.file.path);
          batch.push({ jobId: job.jobId, type: 'parse', file: job.file });
        }
        if (batch.length) worker.postMessage(batch);
      };
      worker.on('message', (replies: ParseReply[]) => {
        for (const msg of replies) {
          if (settled) return;
          const file = inFlight.get(msg.jobId);
          if (!file) continue;
          inFlight.delete(msg.jobId);
          remaining--;
          try {
            onOutcome(
              'record' in msg ? { file, record: msg.record } : { file, error: msg.error.message },
            );
          } catch (e) {
            return finish(e instanceof Error ? e : new Error(String(e)));
          }
        }
        if (remaining === 0) return finish();
        feed();
      });
      const died = (why: string): void => {
        if (settled || !workers.delete(worker)) return;
        for (const [jobId, file] of inFlight) {
          const n = (attempts.get(jobId) ?? 0) + 1;
          attempts.set(jobId, n);
          if (n < 2) queue.unshift({ jobId, file });
          else {
            remaining--;
            onOutcome({ file, error: `The tag parser stopped while reading this file (${why}).` });
          }
        }
        inFlight.clear();
        if (remaining === 0) return finish();
        start();
      };
      worker.on('error', (e) => died(e.message));
      worker.on('exit', (code) => died(`exit code ${code}`));
      feed();
    };
    const n = Math.max(1, Math.min(options.workers, files.length));
    for (let i = 0; i < n; i++) start();
  });
}
