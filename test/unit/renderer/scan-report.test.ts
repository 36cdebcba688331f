import { describe, expect, it } from 'vitest';
import { scanReport } from '../../../src-renderer/lib/scan-report';

const progress = { done: 120, total: 400 };

describe('what the scan panel says', () => {
  it('says nothing final while the scan runs', () => {
    expect(scanReport({ state: 'running', progress })).toBeNull();
  });

  it('summarises a finished scan as added, updated, unchanged, removed and errors', () => {
    const result = {
      files: 400,
      added: 10,
      updated: 2,
      unchanged: 385,
      removed: 1,
      errors: [{ path: '/m/x.flac', message: 'truncated' }],
    };
    const report = scanReport({ state: 'done', progress, result });
    expect(report?.headline).toBe('Scan finished: 400 files looked at.');
    expect(report?.tone).toBe('problem');
    expect(report?.counts).toEqual([
      ['Added', 10],
      ['Updated', 2],
      ['Unchanged', 385],
      ['Removed', 1],
      ['Errors', 1],
    ]);
  });

  it('says how far a cancelled scan got and that its work is kept', () => {
    expect(scanReport({ state: 'cancelled', progress })?.headline).toBe(
      'Scan cancelled after 120 of 400 files. Files already read are kept.',
    );
  });

  it("shows a failed scan's message", () => {
    const report = scanReport({
      state: 'error',
      progress,
      error: { name: 'Error', message: 'disk gone' },
    });
    expect(report).toEqual({ headline: 'The scan failed: disk gone', tone: 'problem' });
  });
});
