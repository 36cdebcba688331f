import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';

export interface JobProgress {
  done: number;
  total: number;
  /** What is being worked on now, e.g. the current file. */
  current?: string;
  message?: string;
}

export interface JobInfo {
  jobId: string;
  kind: string;
  state: 'running' | 'done' | 'error' | 'cancelled';
  progress: JobProgress;
  startedAt: number;
  finishedAt?: number;
  result?: unknown;
  error?: { name: string; message: string };
}

export interface JobContext {
  signal: AbortSignal;
  progress(p: JobProgress): void;
}

/**
 * Runs long jobs (scan, import, train): each gets an id, an AbortSignal, and a progress callback
 * whose updates are throttled to ~10 per second before they reach listeners (UIs, SSE streams).
 */
export class JobRunner {
  private readonly jobs = new Map<
    string,
    { info: JobInfo; controller: AbortController; promise: Promise<unknown> }
  >();
  private readonly events = new EventEmitter();

  start<T>(
    kind: string,
    work: (ctx: JobContext) => Promise<T>,
  ): { jobId: string; promise: Promise<T> } {
    const jobId = randomUUID();
    const controller = new AbortController();
    const info: JobInfo = {
      jobId,
      kind,
      state: 'running',
      progress: { done: 0, total: 0 },
      startedAt: Date.now(),
    };
    let lastEmit = 0;
    const ctx: JobContext = {
      signal: controller.signal,
      progress: (p) => {
        info.progress = p;
        const now = Date.now();
        if (now - lastEmit >= 100 || p.done === p.total) {
          lastEmit = now;
          this.emit(info);
        }
      },
    };
    const promise = (async () => {
      this.emit(info);
      try {
        const result = await work(ctx);
        info.state = controller.signal.aborted ? 'cancelled' : 'done';
        info.result = result;
        return result;
      } catch (e) {
        const err = e instanceof Error ? e : new Error(String(e));
        info.state = controller.signal.aborted ? 'cancelled' : 'error';
        info.error = { name: err.name, message: err.message };
        throw err;
      } finally {
        info.finishedAt = Date.now();
        this.emit(info);
      }
    })();
    promise.catch(() => undefined); // observed through events and `wait`
    this.jobs.set(jobId, { info, controller, promise });
    return { jobId, promise };
  }

  cancel(jobId: string): boolean {
    const job = this.jobs.get(jobId);
    if (!job || job.info.state !== 'running') return false;
    job.controller.abort(new Error('Cancelled by the user.'));
    return true;
  }

  list(): JobInfo[] {
    return [...this.jobs.values()].map((j) => ({ ...j.info }));
  }

  /** Resolves when the job ends, whatever its outcome. */
  async wait(jobId: string): Promise<JobInfo> {
    const job = this.jobs.get(jobId);
    if (!job) throw new Error(`No job ${jobId}.`);
    await job.promise.catch(() => undefined);
    return { ...job.info };
  }

  onUpdate(listener: (info: JobInfo) => void): () => void {
    this.events.on('update', listener);
    return () => this.events.off('update', listener);
  }

  private emit(info: JobInfo): void {
    this.events.emit('update', { ...info, progress: { ...info.progress } });
  }
}
