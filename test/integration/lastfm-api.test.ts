import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src-main/db/connection';
import { listRuns } from '../../src-main/db/imports';
import { importLastfm } from '../../src-main/history/lastfm-import';
import {
  invalidApiKey,
  invalidUser,
  makeScrobbles,
  rateLimitExceeded,
  recentTracksPage,
  type Scrobble,
} from '../fixtures/history/lastfm-pages';
import { countPlays, tempDb } from './import-helpers';

const NOW = Date.parse('2024-05-01T12:00:00Z') / 1000;
const KEY = 'test-key';

/** The replay server's script: the scrobbles it holds and the failures it is told to answer with. */
const server = {
  scrobbles: [] as Scrobble[],
  nowPlaying: undefined as Scrobble | undefined,
  /** Answers to give before serving normally, one per request. */
  failures: [] as { status: number; body: unknown }[],
  requests: [] as URLSearchParams[],
  /** Close the connection when asked for this page (a crash mid-import). */
  dropPage: null as number | null,
};

let http: Server;
let apiRoot: string;
beforeAll(async () => {
  http = createServer((req, res) => {
    const q = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams;
    server.requests.push(q);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const failure = server.failures.shift();
    if (failure) return send(failure.status, failure.body);
    if (q.get('api_key') !== KEY) return send(403, invalidApiKey);
    if (q.get('method') !== 'user.getrecenttracks' || q.get('format') !== 'json')
      return send(400, { error: 3, message: 'Invalid Method' });
    if (q.get('user') !== 'replayer') return send(404, invalidUser);
    const page = Number(q.get('page') ?? 1);
    if (server.dropPage === page) return void res.socket?.destroy();
    send(
      200,
      recentTracksPage('replayer', server.scrobbles, {
        page,
        limit: Number(q.get('limit')),
        from: q.has('from') ? Number(q.get('from')) : undefined,
        to: q.has('to') ? Number(q.get('to')) : undefined,
        nowPlaying: server.nowPlaying,
      }),
    );
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  apiRoot = `http://127.0.0.1:${(http.address() as AddressInfo).port}/2.0/`;
});
afterAll(() => new Promise<void>((resolve) => http.close(() => resolve())));

let t: ReturnType<typeof tempDb>;
let db: Db;
beforeEach(() => {
  t = tempDb();
  db = t.db;
  Object.assign(server, {
    scrobbles: makeScrobbles(401, NOW - 600),
    nowPlaying: undefined,
    failures: [],
    requests: [],
    dropPage: null,
  });
});
afterEach(() => t.done());

const run = (extra: Partial<Parameters<typeof importLastfm>[1]> = {}) =>
  importLastfm(db, {
    user: 'replayer',
    apiKey: KEY,
    apiRoot,
    profileId: 1,
    minIntervalMs: 0,
    backoffMs: 1,
    now: NOW,
    ...extra,
  });

describe('Last.fm API import (user.getRecentTracks replayed on 127.0.0.1)', () => {
  it('imports every page, ignores the now-playing track and reads a lone track that is not in an array', async () => {
    server.nowPlaying = { uts: NOW, artist: 'Playing Now', track: 'Right Now', album: '' };
    const result = await run();
    expect(result).toMatchObject({ rows: 401, imported: 401, pages: 3, resumed: false });
    expect(countPlays(db)).toBe(401);
    expect(countPlays(db, "artist = 'Playing Now'")).toBe(0);
    expect(server.requests.map((q) => [q.get('page'), q.get('limit'), q.get('to')])).toEqual([
      ['1', '200', String(NOW)],
      ['2', '200', String(NOW)],
      ['3', '200', String(NOW)],
    ]);
    const oldest = db
      .prepare('SELECT artist, title, album FROM plays ORDER BY played_at LIMIT 1')
      .get();
    // The oldest (index 400) has an empty `#text` album: stored as no album.
    expect(oldest).toEqual({ artist: 'Replay Artist 1', title: 'Replay Song 9', album: null });
  });

  it('asks only for scrobbles newer than the newest stored one next time', async () => {
    await run();
    const newest = server.scrobbles[0]!.uts;
    server.scrobbles = [
      { uts: newest + 300, artist: 'New Artist', track: 'New Song', album: '' },
      ...server.scrobbles,
    ];
    server.requests = [];
    const result = await run({ now: NOW + 1000 });
    expect(server.requests[0]!.get('from')).toBe(String(newest + 1));
    expect(result).toMatchObject({ rows: 1, imported: 1 });
    expect(countPlays(db)).toBe(402);
  });

  it('retries with back-off when Last.fm says the rate limit is exceeded', async () => {
    server.failures = [
      { status: 429, body: rateLimitExceeded },
      { status: 200, body: rateLimitExceeded },
    ];
    const result = await run();
    expect(result.imported).toBe(401);
    expect(server.requests).toHaveLength(5);
  });

  it("stops at once with Last.fm's message for an invalid user", async () => {
    await expect(run({ user: 'nobody-here' })).rejects.toThrow('Last.fm error 6: User not found');
    expect(server.requests).toHaveLength(1);
    expect(listRuns(db, 1)[0]).toMatchObject({ status: 'failed' });
  });

  it('resumes after a crash at the page it had reached, without fetching committed pages again', async () => {
    server.dropPage = 3;
    await expect(run({ retries: 0 })).rejects.toThrow();
    expect(countPlays(db)).toBe(400);
    expect(listRuns(db, 1)[0]).toMatchObject({ status: 'failed' });
    server.dropPage = null;
    server.requests = [];
    const result = await run({ now: NOW + 5000 });
    expect(result).toMatchObject({ resumed: true, rows: 401, imported: 401 });
    expect(server.requests.map((q) => [q.get('page'), q.get('to')])).toEqual([['3', String(NOW)]]);
    expect(countPlays(db)).toBe(401);
  });

  it('keeps committed pages and resumes after a cancel', async () => {
    const controller = new AbortController();
    await expect(
      run({
        signal: controller.signal,
        onProgress: (p) => p.page === 1 && controller.abort(new Error('Cancelled by the user.')),
      }),
    ).rejects.toThrow('Cancelled');
    expect(countPlays(db)).toBe(200);
    expect(listRuns(db, 1)[0]).toMatchObject({ status: 'cancelled' });
    const result = await run();
    expect(result).toMatchObject({ resumed: true, imported: 401 });
    expect(countPlays(db)).toBe(401);
  });
});

describe('encore import-lastfm', () => {
  it('imports through --api-root with the key from LASTFM_API_KEY and prints the counts', async () => {
    t.db.close();
    const root = path.resolve(import.meta.dirname, '../..');
    const args = ['--import', './scripts/source-hooks.mjs', 'src-main/cli.ts'];
    const r = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
      execFile(
        process.execPath,
        [
          ...args,
          'import-lastfm',
          '--user',
          'replayer',
          '--db',
          t.file,
          '--api-root',
          apiRoot,
          '--json',
        ],
        { cwd: root, env: { ...process.env, LASTFM_API_KEY: KEY } },
        (error, stdout, stderr) =>
          resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      ),
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ rows: 401, imported: 401, resumed: false });
  });
});
