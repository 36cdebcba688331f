import { describe, it, expect } from 'vitest';
import { JobRunner, type JobInfo } from '../../../src-main/api/jobs';

describe('JobRunner', () => {
  it('reports progress and the result of a finished job', async () => {
    const runner = new JobRunner();
    const seen: JobInfo[] = [];
    runner.onUpdate((j) => seen.push(j));
    const { jobId, promise } = runner.start('count', async (ctx) => {
      for (let i = 1; i <= 3; i++) ctx.progress({ done: i, total: 3 });
      return 'ok';
    });
    await expect(promise).resolves.toBe('ok');
    const info = await runner.wait(jobId);
    expect(info.state).toBe('done');
    expect(info.result).toBe('ok');
    expect(seen.at(-1)?.state).toBe('done');
    expect(seen.some((j) => j.progress.done === 3 && j.progress.total === 3)).toBe(true);
  });

  it('cancels a running job through its AbortSignal', async () => {
    const runner = new JobRunner();
    const { jobId } = runner.start(
      'forever',
      (ctx) =>
        new Promise((_, reject) =>
          ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason)),
        ),
    );
    expect(runner.cancel(jobId)).toBe(true);
    const info = await runner.wait(jobId);
    expect(info.state).toBe('cancelled');
    expect(runner.cancel(jobId)).toBe(false);
  });

  it('reports a failed job with its error message', async () => {
    const runner = new JobRunner();
    const { jobId } = runner.start('fail', async () => {
      throw new Error('disk full');
    });
    const info = await runner.wait(jobId);
    expect(info.state).toBe('error');
    expect(info.error).toEqual({ name: 'Error', message: 'disk full' });
  });
});
