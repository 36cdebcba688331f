import { describe, expect, it } from 'vitest';
import type { JobInfo } from '../../../src-main/api/jobs';
import {
  becauseLine,
  formatShare,
  needsTraining,
  trainView,
} from '../../../src-renderer/screens/foryou/rules';

const job = (over: Partial<JobInfo>): JobInfo => ({
  jobId: 'j',
  kind: 'train',
  state: 'running',
  progress: { done: 0, total: 0 },
  startedAt: 0,
  ...over,
});

describe('the For You screen rules', () => {
  it('offers Train when the engine answers NoModelError, and only then', () => {
    const noModel = Object.assign(new Error('Train a model first'), { name: 'NoModelError' });
    expect(needsTraining(noModel)).toBe(true);
    expect(needsTraining(new Error('disk full'))).toBe(false);
    expect(needsTraining('NoModelError')).toBe(false);
  });

  it('writes "because you played" in plain English', () => {
    expect(becauseLine([{ title: 'A' }])).toBe('because you played A');
    expect(becauseLine([{ title: 'A' }, { title: 'B' }, { title: 'C' }])).toBe(
      'because you played A, B and C',
    );
    expect(becauseLine([])).toBe('');
  });

  it('shows shares as whole percents, tiny ones as <1 %', () => {
    expect(formatShare(0.337)).toBe('34 %');
    expect(formatShare(0.001)).toBe('<1 %');
  });

  it('shows the iteration, loss and ETA of a running train job', () => {
    const view = trainView(
      job({ progress: { done: 12, total: 45, message: 'tracks · loss 12.3 · ETA 4 s' } }),
    );
    expect(view).toEqual({
      running: true,
      fraction: 12 / 45,
      line: 'Iteration 12 / 45 · tracks · loss 12.3 · ETA 4 s',
    });
    expect(trainView(job({}))!.line).toBe('Starting…');
  });

  it('shows a percentage for jobs that report a fraction, as the radio training does', () => {
    const view = trainView(
      job({ kind: 'radio-train', progress: { done: 0.4, total: 1, message: 'epoch 4 of 10' } }),
    );
    expect(view).toEqual({ running: true, fraction: 0.4, line: '40 % · epoch 4 of 10' });
  });

  it('says how a finished train job ended, and nothing before the first', () => {
    expect(trainView(undefined)).toBeNull();
    expect(trainView(job({ state: 'cancelled' }))!.line).toMatch(/previous model stays/);
    expect(
      trainView(job({ state: 'error', error: { name: 'E', message: 'no plays' } }))!.line,
    ).toBe('Training failed: no plays');
  });
});
