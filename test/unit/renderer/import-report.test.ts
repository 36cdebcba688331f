import { describe, expect, it } from 'vitest';
import type { ImportRun } from '../../../src-main/db/imports';
import {
  fileName,
  importProgress,
  importReport,
  matchRate,
  pathsFromText,
  runLine,
} from '../../../src-renderer/lib/import-report';

const progress = { done: 500, total: 2000, message: '12,345 rows · 48,000 rows/s · 3 s left' };
const counts = { rows: 10, imported: 8, duplicates: 2, matched: 6, unmatched: 2, dropped: 0 };

describe('the path field', () => {
  it('takes one path per line, without blanks, quotes or repeats', () => {
    expect(
      pathsFromText(
        '  /home/me/scrobbles.csv \n\n"C:\\Users\\me\\My Data.zip"\r\n/home/me/scrobbles.csv\n\'/x y\'',
      ),
    ).toEqual(['/home/me/scrobbles.csv', 'C:\\Users\\me\\My Data.zip', '/x y']);
  });

  it('names a file by its last segment, POSIX or Windows, folders too', () => {
    expect(fileName('/home/me/lastfm.csv')).toBe('lastfm.csv');
    expect(fileName('C:\\Users\\me\\Spotify.zip')).toBe('Spotify.zip');
    expect(fileName('/home/me/exports/')).toBe('exports');
  });
});

describe('the import progress bar', () => {
  it("shows the engine's rows, rate and ETA line and the share of bytes read", () => {
    expect(importProgress({ progress })).toEqual({ fraction: 0.25, line: progress.message });
  });

  it('is indeterminate before the size is known', () => {
    expect(importProgress({ progress: { done: 0, total: 0 } })).toEqual({
      fraction: null,
      line: 'Reading…',
    });
  });
});

describe('what the Import screen says about a finished import', () => {
  it('says nothing final while the import runs', () => {
    expect(importReport({ kind: 'import', state: 'running', progress })).toBeNull();
  });

  it('summarises each file, and counts a failed file as keeping nothing', () => {
    const report = importReport({
      kind: 'import',
      state: 'done',
      progress,
      result: {
        files: [
          { path: '/h/lastfm.csv', format: 'lastfm-csv', ...counts },
          {
            path: '/h/broken.csv',
            format: 'lastfm-csv',
            ...counts,
            imported: 0,
            error: '/h/broken.csv, line 3, field "utc_time": not a date',
          },
        ],
      },
    });
    expect(report?.headline).toBe('Imported 8 plays from 2 files. 1 file failed and kept nothing.');
    expect(report?.tone).toBe('problem');
    expect(report?.files[0]).toEqual({
      name: 'lastfm.csv',
      path: '/h/lastfm.csv',
      format: 'lastfm-csv',
      rows: 10,
      imported: 8,
      duplicates: 2,
      matched: 6,
      unmatched: 2,
    });
    expect(report?.files[1]?.error).toContain('line 3');
  });

  it('reads a Last.fm user import as one line', () => {
    const report = importReport({
      kind: 'import-lastfm',
      state: 'done',
      progress,
      result: { ...counts, imported: 1, runId: 4, resumed: false, pages: 1 },
    });
    expect(report?.headline).toBe('Imported 1 play.');
    expect(report?.files).toHaveLength(1);
    expect(report?.files[0]?.format).toBe('lastfm-api');
  });

  it('says what a cancel kept, for files and for Last.fm', () => {
    expect(importReport({ kind: 'import', state: 'cancelled', progress })?.headline).toMatch(
      /file in progress added nothing/,
    );
    expect(importReport({ kind: 'import-lastfm', state: 'cancelled', progress })?.headline).toMatch(
      /resumes/,
    );
  });

  it("shows a failed job's message", () => {
    const report = importReport({
      kind: 'import-lastfm',
      state: 'error',
      progress,
      error: { name: 'Error', message: 'No Last.fm API key' },
    });
    expect(report).toEqual({
      headline: 'The import failed: No Last.fm API key',
      tone: 'problem',
      files: [],
    });
  });

  it('gives the match rate of the plays kept, or a dash when there were none', () => {
    expect(matchRate({ matched: 9, unmatched: 3 })).toBe('75% matched');
    expect(matchRate({ matched: 0, unmatched: 0 })).toBe('—');
  });
});

describe('the list of earlier imports', () => {
  const run: ImportRun = {
    id: 1,
    source: 'lastfm-csv',
    file: '/h/lastfm.csv',
    profileId: 1,
    startedAt: Date.parse('2026-11-01T09:30:00Z') / 1000,
    finishedAt: null,
    status: 'done',
    cursor: null,
    counts: { imported: 1200, duplicates: 3, matched: 1100, unmatched: 100 },
  };

  it('shows the file, the UTC start time and the counts', () => {
    expect(runLine(run)).toEqual({
      title: 'lastfm.csv',
      when: '2026-11-01 09:30',
      status: 'done',
      detail: '1,200 imported · 3 duplicates · 1,100 matched · 100 unmatched',
      tone: 'ok',
    });
  });

  it("shows a failed run's error instead of counts, and a user import by its source", () => {
    const line = runLine({
      ...run,
      file: null,
      source: 'lastfm-api',
      status: 'failed',
      counts: { error: 'bad row' },
    });
    expect(line).toMatchObject({ title: 'lastfm-api', detail: 'bad row', tone: 'problem' });
  });
});
