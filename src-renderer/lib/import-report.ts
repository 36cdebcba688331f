// What the Import screen says about an import job (files or Last.fm) and about earlier runs, from
// the job's progress and result. The engine's result is an ImportSummary for files and a
// LastfmImportResult for a Last.fm user; anything else (an older engine) gets a plain headline.
import type { JobInfo } from '../../src-main/api/jobs';
import type { ImportCounts, ImportRun } from '../../src-main/db/imports';
import type { FileResult } from '../../src-main/history/import-file';
import { formatCount, plural } from './format';

export interface FileLine {
  name: string;
  path: string;
  format: string;
  rows: number;
  imported: number;
  duplicates: number;
  matched: number;
  unmatched: number;
  /** Names the file, line (or JSON index) and field, as the engine wrote it. */
  error?: string;
}

export interface ImportReport {
  headline: string;
  tone: 'ok' | 'problem';
  files: FileLine[];
}

type JobView = Pick<JobInfo, 'state' | 'progress' | 'result' | 'error' | 'kind'>;

/** The last segment of a POSIX or Windows path: files dropped on Windows use backslashes. */
export function fileName(path: string): string {
  const trimmed = path.replace(/[\\/]+$/, '');
  return trimmed.slice(Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\')) + 1) || path;
}

/**
 * Paths typed or pasted into the path field, one per line. Surrounding quotes go: Windows'
 * "Copy as path" and many terminals quote paths with spaces. Repeats are dropped.
 */
export function pathsFromText(text: string): string[] {
  const paths = text
    .split(/\r?\n/)
    .map((line) =>
      line
        .trim()
        .replace(/^(["'])(.*)\1$/, '$2')
        .trim(),
    )
    .filter((line) => line.length > 0);
  return [...new Set(paths)];
}

/** The progress line: the engine's "N rows · R rows/s · S s left", and how far through the bytes. */
export function importProgress(job: Pick<JobInfo, 'progress'>): {
  fraction: number | null;
  line: string;
} {
  const { done, total, message } = job.progress;
  return {
    fraction: total > 0 ? Math.min(1, done / total) : null,
    line: message ?? 'Reading…',
  };
}

function isFileSummary(value: unknown): value is { files: FileResult[] } {
  return (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray((value as { files?: unknown }).files)
  );
}

function isCounts(value: unknown): value is ImportCounts {
  return typeof value === 'object' && value !== null && 'imported' in value && 'matched' in value;
}

function lineOf(file: FileResult): FileLine {
  return {
    name: fileName(file.path),
    path: file.path,
    format: file.format,
    rows: file.rows,
    imported: file.imported,
    duplicates: file.duplicates,
    matched: file.matched,
    unmatched: file.unmatched,
    ...(file.error ? { error: file.error } : {}),
  };
}

export function importReport(job: JobView): ImportReport | null {
  switch (job.state) {
    case 'running':
      return null;
    case 'cancelled':
      return {
        headline:
          job.kind === 'import-lastfm'
            ? 'Import cancelled. Pages already fetched are kept; the next import resumes from there.'
            : 'Import cancelled. Files finished before the cancel are kept; the file in progress added nothing.',
        tone: 'ok',
        files: [],
      };
    case 'error':
      return {
        headline: `The import failed: ${job.error?.message ?? 'unknown error'}`,
        tone: 'problem',
        files: [],
      };
    case 'done': {
      let files: FileLine[];
      if (isFileSummary(job.result)) files = job.result.files.map(lineOf);
      else if (isCounts(job.result))
        files = [lineOf({ path: 'Last.fm', format: 'lastfm-api', ...job.result })];
      else return { headline: 'Import finished.', tone: 'ok', files: [] };
      const imported = files.reduce((n, f) => n + f.imported, 0);
      const failed = files.filter((f) => f.error !== undefined).length;
      const from = files.length === 1 ? '' : ` from ${plural(files.length, 'file')}`;
      return {
        headline:
          `Imported ${plural(imported, 'play')}${from}.` +
          (failed > 0 ? ` ${plural(failed, 'file')} failed and kept nothing.` : ''),
        tone: failed > 0 ? 'problem' : 'ok',
        files,
      };
    }
  }
}

/** How far into the match a file's plays got: "92% matched" (unmatched plays are still kept). */
export function matchRate(file: Pick<FileLine, 'matched' | 'unmatched'>): string {
  const total = file.matched + file.unmatched;
  return total === 0 ? '—' : `${Math.round((100 * file.matched) / total)}% matched`;
}

export interface RunLine {
  title: string;
  when: string;
  status: ImportRun['status'];
  detail: string;
  tone: 'ok' | 'problem';
}

/** One earlier import in the history list; `when` in UTC so it reads the same everywhere. */
export function runLine(run: ImportRun): RunLine {
  const c = run.counts;
  const detail =
    c.error ??
    [
      `${formatCount(c.imported ?? 0)} imported`,
      `${formatCount(c.duplicates ?? 0)} duplicates`,
      `${formatCount(c.matched ?? 0)} matched`,
      `${formatCount(c.unmatched ?? 0)} unmatched`,
    ].join(' · ');
  return {
    title: run.file ? fileName(run.file) : run.source,
    when: new Date(run.startedAt * 1000).toISOString().slice(0, 16).replace('T', ' '),
    status: run.status,
    detail,
    tone: run.status === 'failed' ? 'problem' : 'ok',
  };
}
