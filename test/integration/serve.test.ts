import http from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Engine } from '../../src-main/engine';
import { startServer, type RunningServer } from '../../src-main/serve/server';
import { makeServeLibrary, type ServeLibrary } from './serve-fixture';
import { request } from './serve-http';

let lib: ServeLibrary;
let engine: Engine;
let server: RunningServer;
let base: string;
let auth: Record<string, string>;

beforeAll(async () => {
  lib = await makeServeLibrary();
  engine = lib.openEngine();
  server = await startServer(engine, { port: 0, host: '127.0.0.1', rendererDir: lib.rendererDir });
  base = `http://127.0.0.1:${server.port}`;
  auth = { Authorization: `Bearer ${server.token}` };
  vi.spyOn(console, 'warn').mockImplementation(() => undefined); // media refusals are expected here
});
afterAll(async () => {
  await server.close();
  await engine.close();
  lib.cleanup();
  vi.restoreAllMocks();
});

const post = (name: string, body: string, headers = auth) =>
  request(`${base}/api/${name}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body,
  });

describe('the printed URL', () => {
  it('is http://127.0.0.1:PORT/?token=TOKEN with a 64-hex-digit token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.token).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('authentication', () => {
  it.each(['/', '/index.html', '/assets/app.js', '/media/1', '/api/events'])(
    'answers GET %s without a token with 401',
    async (p) => {
      expect((await request(base + p)).status).toBe(401);
    },
  );

  it('answers an API call without a token with 401', async () => {
    expect((await post('app.info', '{}', {})).status).toBe(401);
  });

  it('answers a wrong token with 401', async () => {
    const wrong = server.token.replace(/^./, (c) => (c === '0' ? '1' : '0'));
    expect((await post('app.info', '{}', { Authorization: `Bearer ${wrong}` })).status).toBe(401);
    expect((await request(`${base}/?token=${wrong}`)).headers['set-cookie']).toBeUndefined();
  });

  it('trades the URL token for an HttpOnly SameSite=Strict cookie with a 303 to /', async () => {
    const first = await request(`${base}/?token=${server.token}`);
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    expect(first.headers['set-cookie']).toEqual([
      `encore_token=${server.token}; HttpOnly; SameSite=Strict; Path=/`,
    ]);
    const page = await request(`${base}/`, { headers: { Cookie: `encore_token=${server.token}` } });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.text).toContain('/assets/app.js');
  });

  it('accepts the cookie for API calls too', async () => {
    const r = await post('app.info', '{}', { Cookie: `encore_token=${server.token}` });
    expect(r.json()).toMatchObject({ ok: true, value: { host: 'serve' } });
  });
});

describe('the Host-header guard', () => {
  it('refuses a request for another host name even with the token (DNS rebinding)', async () => {
    const r = await post('app.info', '{}', { ...auth, Host: `evil.example:${server.port}` });
    expect(r.status).toBe(403);
  });

  it('accepts localhost:PORT', async () => {
    const r = await post('app.info', '{}', { ...auth, Host: `localhost:${server.port}` });
    expect(r.status).toBe(200);
  });
});

describe('every answer', () => {
  it('carries the renderer CSP, nosniff and no-referrer, and never a CORS header', async () => {
    const origin = { Origin: 'https://evil.example' };
    const answers = await Promise.all([
      request(`${base}/`, { headers: { ...auth, ...origin } }),
      post('app.info', '{}', { ...auth, ...origin }),
      request(`${base}/media/${lib.ids.sine}`, { headers: { ...auth, ...origin } }),
      request(`${base}/nowhere`, { headers: origin }),
      request(`${base}/`, {
        method: 'OPTIONS',
        headers: { ...origin, 'Access-Control-Request-Method': 'POST' },
      }),
    ]);
    for (const r of answers) {
      expect(r.headers['content-security-policy']).toBe(lib.csp);
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['referrer-policy']).toBe('no-referrer');
      expect(Object.keys(r.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    }
  });

  it.each(['PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'])('refuses %s with 405', async (method) => {
    expect((await request(`${base}/`, { method, headers: auth })).status).toBe(405);
  });
});

describe('the renderer files', () => {
  it('serves assets with their content type', async () => {
    const r = await request(`${base}/assets/app.js`, { headers: auth });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(r.text).toContain('encore');
  });

  it.each([
    '/assets/..%2F..%2Fsecret.txt',
    '/assets/%2e%2e/%2e%2e/secret.txt',
    '/assets/../../secret.txt',
    '/secret.txt',
    '/assets/%00',
  ])('keeps %s out of reach', async (p) => {
    const r = await request(base + p, { headers: auth });
    expect(r.status).toBe(404);
    expect(r.text).not.toContain('not for the browser');
  });
});

describe('POST /api/<name>', () => {
  it('answers with the Result envelope', async () => {
    const r = await post('library.tracks', JSON.stringify({ query: 'Sine' }));
    expect(r.status).toBe(200);
    expect(r.json()).toMatchObject({
      ok: true,
      value: { total: 1, rows: [{ title: 'Sine Song' }] },
    });
  });

  it('refuses GET for a call with 405', async () => {
    expect((await request(`${base}/api/library.tracks`, { headers: auth })).status).toBe(405);
  });

  const hostile: [string, string, string][] = [
    ['extra keys', 'library.tracks', JSON.stringify({ query: 'a', admin: true })],
    ['a wrong type', 'library.tracks', JSON.stringify({ limit: 'all' })],
    ['a huge string', 'library.tracks', JSON.stringify({ query: 'x'.repeat(100_000) })],
    [
      'a huge array',
      'library.scan',
      JSON.stringify({ folderIds: Array.from({ length: 50_000 }, (_, i) => i + 1) }),
    ],
    ['a negative id', 'library.track', JSON.stringify({ id: -1 })],
    ['an array instead of an object', 'library.track', '[1,2,3]'],
    ['a __proto__ key', 'library.track', '{"id":1,"__proto__":{"polluted":true}}'],
    ['an unknown call', 'library.dropTables', '{}'],
    ['an inherited property as a name', 'constructor', '{}'],
    ['a __proto__ name', '__proto__', '{}'],
  ];
  it.each(hostile)('answers %s with ok:false and keeps running', async (_what, name, body) => {
    const r = await post(name, body);
    expect(r.status).toBe(200);
    expect(r.json()).toMatchObject({
      ok: false,
      error: { name: expect.any(String), message: expect.any(String) },
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((await post('app.info', '{}')).json()).toMatchObject({ ok: true });
  });

  it('answers a body that is not JSON with 400 and ok:false', async () => {
    const r = await post('library.tracks', '{"query": ');
    expect(r.status).toBe(400);
    expect(r.json()).toEqual({
      ok: false,
      error: { name: 'InvalidJson', message: expect.any(String) },
    });
  });

  it('answers a deeply nested body with ok:false', async () => {
    const r = await post('library.tracks', '['.repeat(200_000) + ']'.repeat(200_000));
    expect(r.json()).toMatchObject({ ok: false });
  });

  it('answers a body over 1 MiB with 413', async () => {
    const r = await post('library.tracks', JSON.stringify({ query: 'x'.repeat(1024 * 1024) }));
    expect(r.status).toBe(413);
    expect(r.json()).toMatchObject({ ok: false, error: { name: 'TooLarge' } });
  });

  it('lets a GPU-trained model through the body limit, to be judged by the call itself', async () => {
    // 2 MiB of base64: over the usual limit, under radio.adoptModel's own.
    const model = Buffer.alloc(1536 * 1024, 7).toString('base64');
    const r = await post(
      'radio.adoptModel',
      JSON.stringify({ trackIds: [1], model, backend: 'webgl', trainSeconds: 1 }),
    );
    expect(r.status).toBe(200);
    expect(r.json()).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/not a next-song GRU/) as string },
    });
  });

  it('reports a failing handler by name and message, without a stack trace', async () => {
    const r = await post(
      'plays.record',
      JSON.stringify({ trackId: 424242, startedAtMs: 0, msPlayed: 1 }),
    );
    expect(r.json()).toEqual({
      ok: false,
      error: { name: 'Error', message: 'No track with id 424242.' },
    });
    expect(r.text).not.toMatch(/\bat .*:\d+:\d+/);
  });
});

describe('GET /api/events', () => {
  it('streams a job event as Server-Sent Events', async () => {
    const events: string[] = [];
    const received = new Promise<void>((resolve, reject) => {
      const req = http.get(`${base}/api/events`, { headers: auth }, (res) => {
        expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
        res.setEncoding('utf8');
        let buffer = '';
        res.on('data', (chunk: string) => {
          buffer += chunk;
          for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
            const message = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            if (message.startsWith('data: ')) events.push(message.slice('data: '.length));
            if (message.startsWith(': connected')) void post('library.scan', '{}');
          }
          if (events.some((e) => (JSON.parse(e) as { type: string }).type === 'job')) {
            req.destroy();
            resolve();
          }
        });
      });
      req.on('error', reject);
    });
    await received;
    const job = events
      .map((e) => JSON.parse(e) as { type: string; job?: { kind: string } })
      .find((e) => e.type === 'job');
    expect(job?.job?.kind).toBe('scan');
  });
});

describe('GET /media/<trackId>', () => {
  let whole: Buffer;
  beforeAll(async () => {
    whole = await readFile(path.join(lib.musicDir, 'sine.mp3'));
  });

  it('serves the whole file with Accept-Ranges and an audio type', async () => {
    const r = await request(`${base}/media/${lib.ids.sine}`, { headers: auth });
    expect(r.status).toBe(200);
    expect(r.headers['accept-ranges']).toBe('bytes');
    expect(r.headers['content-type']).toBe('audio/mpeg');
    expect(r.body.equals(whole)).toBe(true);
  });

  it('serves a byte range with 206', async () => {
    const r = await request(`${base}/media/${lib.ids.sine}`, {
      headers: { ...auth, Range: 'bytes=100-199' },
    });
    expect(r.status).toBe(206);
    expect(r.headers['content-range']).toBe(`bytes 100-199/${whole.length}`);
    expect(r.body.equals(whole.subarray(100, 200))).toBe(true);
  });

  it('answers a range past the end with 416', async () => {
    const r = await request(`${base}/media/${lib.ids.sine}`, {
      headers: { ...auth, Range: `bytes=${whole.length + 10}-` },
    });
    expect(r.status).toBe(416);
  });

  it.each([
    ['outside every library folder', () => `/media/${lib.ids.outside}`],
    ['reached by a symlink out of the library', () => `/media/${lib.ids.symlinkOut}`],
    ['deleted from disk', () => `/media/${lib.ids.deleted}`],
    ['not a track id', () => '/media/abc'],
    ['id zero', () => '/media/0'],
    ['an id past the safe integers', () => '/media/99999999999999999999'],
  ])('refuses a track %s with 404', async (_what, p) => {
    const r = await request(base + p(), { headers: auth });
    expect(r.status).toBe(404);
    expect(r.body.length).toBeLessThan(100);
  });
});

describe('close()', () => {
  it('ends open event streams and stops listening', async () => {
    const engine2 = lib.openEngine();
    const s = await startServer(engine2, {
      port: 0,
      host: '127.0.0.1',
      rendererDir: lib.rendererDir,
    });
    let closing: Promise<void> | undefined;
    const streamEnded = new Promise<void>((resolve) => {
      http.get(
        `http://127.0.0.1:${s.port}/api/events`,
        { headers: { Authorization: `Bearer ${s.token}` }, agent: false },
        (res) => {
          res.resume();
          res.on('close', resolve);
          closing = s.close();
        },
      );
    });
    await streamEnded;
    await closing;
    await expect(request(`http://127.0.0.1:${s.port}/`)).rejects.toThrow(/ECONNREFUSED/);
    await engine2.close();
  });
});
