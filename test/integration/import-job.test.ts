import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src-main/engine';
import { createHandlers } from '../../src-main/api/handlers';
import { dispatch } from '../../src-main/api/dispatch';
import type { JobInfo } from '../../src-main/api/jobs';
import { openDb } from '../../src-main/db/connection';
import { listRuns } from '../../src-main/db/imports';
import { countPlays, fixture, tempDb } from './import-helpers';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A Last.fm CSV of `rows` scrobbles, one a minute backwards from 2023-01-24 09:42 UTC. */
function bigCsv(file: string, rows: number): void {
  const lines = ['uts,utc_time,artist,artist_mbid,album,album_mbid,track,track_mbid'];
  const start = Date.parse('2023-01-24T09:42:00Z') / 1000;
  for (let i = 0; i < rows; i++)
    lines.push(`${start - i * 60},x,Artist ${i % 97},,Album,,Song ${i % 1009},`);
  writeFileSync(file, lines.join('\n') + '\n');
}

let t: ReturnType<typeof tempDb>;
let engine: Engine;
beforeEach(() => {
  t = tempDb();
  t.db.close();
  engine = new Engine({ dbPath: t.file, host: 'direct' });
});
afterEach(async () => {
  await engine.close();
  t.done();
});

describe('the import.files job', () => {
  it('reports rows, rate and ETA while it runs and the per-file summary at the end', async () => {
    const handlers = createHandlers(engine);
    const file = path.join(t.dir, 'big.csv');
    bigCsv(file, 30_000);
    const seen: JobInfo[] = [];
    engine.jobs.onUpdate((j) => seen.push(j));
    const r = await dispatch(handlers, 'import.files', {
      paths: [file, fixture('lastfm/bom-and-crlf.csv')],
    });
    expect(r.ok).toBe(true);
    const info = await engine.jobs.wait((r as { value: { jobId: string } }).value.jobId);
    expect(info.state).toBe('done');
    expect(info.result).toMatchObject({
      files: [
        { rows: 30_000, imported: 30_000 },
        { rows: 1, imported: 1 },
      ],
    });
    expect(
      seen.some((j) => /rows · [\d,]+ rows\/s · \d+ s left/.test(j.progress.message ?? '')),
    ).toBe(true);
  });

  it('keeps nothing from the file being imported when cancelled', async () => {
    const handlers = createHandlers(engine);
    const small = fixture('lastfm/utc-time-header-quoted-fields.csv');
    const file = path.join(t.dir, 'big.csv');
    bigCsv(file, 200_000);
    const r = await dispatch(handlers, 'import.files', { paths: [small, file] });
    const jobId = (r as { value: { jobId: string } }).value.jobId;
    const stop = engine.jobs.onUpdate((j) => {
      if (j.jobId === jobId && j.progress.current === file && j.progress.done > 0)
        engine.jobs.cancel(jobId);
    });
    const info = await engine.jobs.wait(jobId);
    stop();
    expect(info.state).toBe('cancelled');
    expect(countPlays(engine.db)).toBe(3); // the small file, committed before the cancel
    expect(listRuns(engine.db, 2).map((run) => run.status)).toEqual(['cancelled', 'done']);
  });

  it('answers the stats calls over what it imported', async () => {
    const handlers = createHandlers(engine);
    const r = await dispatch(handlers, 'import.files', {
      paths: [fixture('encore/times-with-offsets.json')],
    });
    await engine.jobs.wait((r as { value: { jobId: string } }).value.jobId);
    const top = await dispatch(handlers, 'stats.top', { limit: 1 });
    expect(top).toEqual({
      ok: true,
      value: {
        artists: [{ artist: 'Mira Solenne', plays: 2 }],
        tracks: [expect.objectContaining({ plays: 1 })],
        albums: [expect.objectContaining({ plays: 1 })],
      },
    });
    expect(await dispatch(handlers, 'history.sessions', {})).toEqual({
      ok: true,
      value: { sessions: 1, plays: 3, medianPlays: 3 },
    });
    expect(await dispatch(handlers, 'stats.heatmap', { tzOffsetS: 7200 })).toEqual({
      ok: true,
      value: [{ weekday: 1, hour: 11, plays: 3 }],
    });
  });

  it('rejects a call with an unknown key at the door', async () => {
    const r = await dispatch(createHandlers(engine), 'import.files', {
      paths: ['/x'],
      sneaky: true,
    });
    expect(r.ok).toBe(false);
  });
});

/** The CLI from source, as a person would run the built one. */
function encore(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', './scripts/source-hooks.mjs', 'src-main/cli.ts', ...args],
      { cwd: root },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('encore import', () => {
  it('prints {files:[…]} with --json and exits 1 when a file failed', async () => {
    const r = await encore(
      'import',
      fixture('lastfm/uts-header-with-mbids.csv'),
      fixture('unknown/shopping-list.csv'),
      '--db',
      t.file,
      '--json',
    );
    expect(r.code).toBe(1);
    const { files } = JSON.parse(r.stdout) as { files: Record<string, unknown>[] };
    expect(files).toEqual([
      {
        path: fixture('lastfm/uts-header-with-mbids.csv'),
        format: 'lastfm-csv',
        rows: 2,
        imported: 2,
        duplicates: 0,
        matched: 0,
        unmatched: 2,
        dropped: 0,
      },
      expect.objectContaining({
        path: fixture('unknown/shopping-list.csv'),
        format: 'unknown',
        error: expect.stringContaining('is not a listening-history file'),
      }),
    ]);
  });

  it('exits 0 and imports into the named profile', async () => {
    const r = await encore(
      'import',
      fixture('listenbrainz/listens-array.json'),
      '--db',
      t.file,
      '--profile',
      'guest',
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/listens-array\.json \(listenbrainz\): 2 plays, 2 imported/);
    const db = openDb(t.file, { readonly: true });
    const n = db
      .prepare(
        "SELECT COUNT(*) AS n FROM plays JOIN profiles p ON p.id = profile_id WHERE p.name = 'guest'",
      )
      .get();
    db.close();
    expect(n).toEqual({ n: 2 });
  });
});
