import { describe, expect, it } from 'vitest';
import { ApiError, createHttpApi, UnauthorizedError } from '../../../src-renderer/api/http';
import type { EngineEvent } from '../../../src-main/api/contract';

/** A fetch that records requests and answers each with the next canned response. */
function fakeServer(...answers: { status?: number; body?: unknown }[]) {
  const requests: { url: string; init: RequestInit }[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    requests.push({ url, init });
    const a = answers.shift() ?? { status: 500 };
    return new Response(JSON.stringify(a.body ?? null), { status: a.status ?? 200 });
  }) as unknown as typeof globalThis.fetch;
  const sources: {
    url: string;
    source: { onmessage: ((e: MessageEvent) => void) | null; close(): void };
  }[] = [];
  const openEvents = (url: string) => {
    const source = { onmessage: null, close() {} };
    sources.push({ url, source });
    return source as unknown as EventSource;
  };
  return { requests, fetch, openEvents, sources };
}

describe('the HTTP EncoreApi', () => {
  it('POSTs the input as JSON to /api/<name> and returns the envelope value', async () => {
    const server = fakeServer({ body: { ok: true, value: { total: 1, rows: [] } } });
    const api = createHttpApi(server);
    await expect(api['library.tracks']({ query: 'blue', limit: 200 })).resolves.toEqual({
      total: 1,
      rows: [],
    });
    const [req] = server.requests;
    expect(req?.url).toBe('/api/library.tracks');
    expect(req?.init.method).toBe('POST');
    expect(JSON.parse(String(req?.init.body))).toEqual({ query: 'blue', limit: 200 });
  });

  it("throws the server's error name and message when the envelope says ok: false", async () => {
    const server = fakeServer({
      body: { ok: false, error: { name: 'NotFound', message: 'No folder 7.' } },
    });
    const api = createHttpApi(server);
    const error = await api['library.removeFolder']({ id: 7 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ name: 'NotFound', message: 'No folder 7.' });
  });

  it('explains how to sign in on 401, and tells the UI', async () => {
    const server = fakeServer({ status: 401 });
    const told: UnauthorizedError[] = [];
    const api = createHttpApi({ ...server, onUnauthorized: (e) => told.push(e) });
    const error = await api['app.info']({}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect((error as Error).message).toContain('encore serve');
    expect(told).toHaveLength(1);
  });

  it('names the call and the status for other HTTP failures', async () => {
    const api = createHttpApi(fakeServer({ status: 413 }));
    await expect(api['library.addFolder']({ path: '/x' })).rejects.toThrow(
      /library.addFolder.*413/,
    );
  });

  it('keeps a play recording alive when the page is closing', async () => {
    const server = fakeServer({ body: { ok: true, value: { id: 1, skipped: false } } });
    await createHttpApi(server)['plays.record']({ trackId: 1, startedAtMs: 0, msPlayed: 1000 });
    expect(server.requests[0]?.init.keepalive).toBe(true);
  });

  it('builds audio URLs under /media', () => {
    expect(createHttpApi(fakeServer()).mediaUrl(42)).toBe('/media/42');
  });

  it('is not mistaken for a promise (awaiting it does not call /api/then)', async () => {
    const server = fakeServer();
    const api = createHttpApi(server);
    expect(await Promise.resolve(api)).toBe(api);
    expect(server.requests).toHaveLength(0);
  });

  it('opens one event stream for all listeners and delivers each event to each', () => {
    const server = fakeServer();
    const api = createHttpApi(server);
    const a: EngineEvent[] = [];
    const b: EngineEvent[] = [];
    api.onEvent((e) => a.push(e));
    const offB = api.onEvent((e) => b.push(e));
    expect(server.sources.map((s) => s.url)).toEqual(['/api/events']);
    const send = (data: string) => server.sources[0]?.source.onmessage?.({ data } as MessageEvent);
    send('{"type":"library-changed"}');
    offB();
    send('not json');
    send('{"type":"plays-changed"}');
    expect(a).toEqual([{ type: 'library-changed' }, { type: 'plays-changed' }]);
    expect(b).toEqual([{ type: 'library-changed' }]);
  });
});
