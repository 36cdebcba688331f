// What the scan panel says about a finished scan job, from the job's state and its result (a
// ScanSummary when it finished; nothing when it was cancelled or failed).
import type { JobInfo } from '../../src-main/api/jobs';
import type { ScanSummary } from '../../src-main/library/scan';
import { formatCount } from './format';

export interface ScanReport {
  headline: string;
  tone: 'ok' | 'problem';
  /** Label and count pairs, in reading order; absent when the scan did not finish. */
  counts?: [string, number][];
}

function isSummary(value: unknown): value is ScanSummary {
  return typeof value === 'object' && value !== null && 'added' in value && 'unchanged' in value;
}

export function scanReport(
  job: Pick<JobInfo, 'state' | 'progress' | 'result' | 'error'>,
): ScanReport | null {
  switch (job.state) {
    case 'running':
      return null;
    case 'cancelled':
      return {
        headline: `Scan cancelled after ${formatCount(job.progress.done)} of ${formatCount(job.progress.total)} files. Files already read are kept.`,
        tone: 'ok',
      };
    case 'error':
      return {
        headline: `The scan failed: ${job.error?.message ?? 'unknown error'}`,
        tone: 'problem',
      };
    case 'done': {
      if (!isSummary(job.result)) return { headline: 'Scan finished.', tone: 'ok' };
      const s = job.result;
      // `errors` is the list of unreadable files; older engines sent only a count.
      const errors = Array.isArray(s.errors) ? s.errors.length : Number(s.errors) || 0;
      return {
        headline: `Scan finished: ${formatCount(s.files)} files looked at.`,
        tone: errors > 0 ? 'problem' : 'ok',
        counts: [
          ['Added', s.added],
          ['Updated', s.updated],
          ['Unchanged', s.unchanged],
          ['Removed', s.removed],
          ['Errors', errors],
        ],
      };
    }
  }
}
