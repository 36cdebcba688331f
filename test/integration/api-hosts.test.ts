// One API suite over every host that has no Electron (STYLE.md §10): each contract call goes
// through the direct host (the CLI's) and through serve's HTTP door, and both must answer alike.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { callNames, type CallName, type Input, type Result } from '../../src-main/api/contract';
import type { Engine } from '../../src-main/engine';
import { directClient } from '../../src-main/cli/direct';
import { startServer, type RunningServer } from '../../src-main/serve/server';
import { makeServeLibrary, type ServeLibrary } from './serve-fixture';
import { request } from './serve-http';

interface Host {
  name: string;
  call(name: string, input: unknown): Promise<Result<unknown>>;
}

let lib: ServeLibrary;
let engine: Engine;
let server: RunningServer;
let hosts: Host[];

beforeAll(async () => {
  lib = await makeServeLibrary();
  engine = lib.openEngine();
  server = await startServer(engine, { port: 0, host: '127.0.0.1', rendererDir: lib.rendererDir });
  const direct = directClient(engine);
  hosts = [
    { name: 'direct', call: (name, input) => direct.result(name, input) },
    {
      name: 'http',
      call: async (name, input) => {
        const r = await request(`http://127.0.0.1:${server.port}/api/${name}`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
          body: input === undefined ? '' : JSON.stringify(input),
        });
        return r.json<Result<unknown>>();
      },
    },
  ];
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterAll(async () => {
  await server.close();
  await engine.close();
  lib.cleanup();
  vi.restoreAllMocks();
});

/**
 * A valid input per call, which must succeed on both hosts. A call without one here is still
 * sent through both hosts (with `{}`) and must fail or succeed alike; import.lastfm has none on
 * purpose, as its job would reach for the network.
 */
function samples(): Partial<{ [N in CallName]: Input<N> }> {
  return {
    'app.info': {},
    'library.folders': {},
    'library.addFolder': { path: lib.musicDir },
    'library.removeFolder': { id: 999_999 },
    'library.pickFolder': {},
    'library.scan': { folderIds: [999_999] },
    'library.tracks': { sort: 'title', dir: 'desc', limit: 10 },
    'library.track': { id: lib.ids.sine },
    'library.albums': {},
    'library.artists': { query: 'Band' },
    'library.stats': {},
    'library.errors': {},
    'plays.record': { trackId: lib.ids.sine, startedAtMs: 1_700_000_000_000, msPlayed: 1500 },
    'plays.recent': { limit: 10 },
    'jobs.list': {},
    'jobs.cancel': { jobId: 'no-such-job' },
    'import.files': { paths: [`${lib.dir}/no-such-export.json`] },
    'import.runs': { limit: 10 },
    'stats.weekly': {},
    'stats.heatmap': { tzOffsetS: 3600 },
    'stats.discovery': {},
    'stats.top': { limit: 5 },
    'stats.unmatchedArtists': { limit: 5 },
    'history.sessions': {},
  };
}

/** Job ids are fresh per call; everything else must match exactly. */
function withoutJobIds(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value), (key, v: unknown) => (key === 'jobId' ? '<job>' : v));
}

async function settleJobs(): Promise<void> {
  await Promise.all(engine.jobs.list().map((j) => engine.jobs.wait(j.jobId)));
}

describe('every contract call', () => {
  it.each(callNames)('%s answers the same through the direct and the HTTP host', async (name) => {
    const sample = samples()[name];
    const input = sample ?? {};
    const answers: Result<unknown>[] = [];
    for (const host of hosts) {
      answers.push(await host.call(name, input));
      await settleJobs();
    }
    const [direct, http] = answers;
    if (sample !== undefined) expect(direct).toMatchObject({ ok: true });
    expect(withoutJobIds(http)).toEqual(withoutJobIds(direct));
  });
});

describe.each(['direct', 'http'])('the %s host', (hostName) => {
  const host = (): Host => hosts.find((h) => h.name === hostName)!;

  it('says which tracks the library holds', async () => {
    const r = await host().call('library.tracks', { sort: 'title' });
    expect(r).toMatchObject({ ok: true });
    const titles = (r as { value: { rows: { title: string }[] } }).value.rows.map((t) => t.title);
    expect(titles).toEqual(expect.arrayContaining(['Sine Song', 'Second Song']));
  });

  it('records a short play as a skip and lists it among the recent plays', async () => {
    const startedAtMs = hostName === 'direct' ? 1_700_000_100_000 : 1_700_000_200_000;
    const recorded = await host().call('plays.record', {
      trackId: lib.ids.second,
      startedAtMs,
      msPlayed: 300,
    });
    expect(recorded).toMatchObject({ ok: true, value: { skipped: true } });
    const recent = (await host().call('plays.recent', { limit: 50 })) as {
      value: { playedAt: number; skipped: boolean }[];
    };
    expect(recent.value).toContainEqual(
      expect.objectContaining({ playedAt: startedAtMs / 1000, skipped: true }),
    );
  });

  it.each([
    ['an unknown call', 'library.nothing', {}, 'UnknownCall'],
    ['extra keys', 'library.stats', { everything: true }, 'InvalidInput'],
    ['a wrong type', 'library.track', { id: '1' }, 'InvalidInput'],
    ['a string past its limit', 'library.artists', { query: 'x'.repeat(501) }, 'InvalidInput'],
    [
      'an array past its limit',
      'library.scan',
      { folderIds: Array.from({ length: 1001 }, (_, i) => i + 1) },
      'InvalidInput',
    ],
    ['no input at all for a call that needs one', 'library.track', undefined, 'InvalidInput'],
  ])('refuses %s with the same error name', async (_what, name, input, errorName) => {
    expect(await host().call(name, input)).toMatchObject({ ok: false, error: { name: errorName } });
  });
});
