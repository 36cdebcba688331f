import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHandlers } from '../../src-main/api/handlers';
import { dispatch } from '../../src-main/api/dispatch';
import { Engine } from '../../src-main/engine';

let dir: string | undefined;
let engine: Engine | undefined;
afterEach(async () => {
  await engine?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function open(storeLastfmKey?: (key: string) => void): Engine {
  dir = mkdtempSync(path.join(os.tmpdir(), 'encore-key-'));
  engine = new Engine({ dbPath: path.join(dir, 'e.db'), host: 'direct', storeLastfmKey });
  return engine;
}

describe('saving the Last.fm API key', () => {
  it('hands the trimmed key to the host that can keep secrets, and says it can', async () => {
    const stored: string[] = [];
    const handlers = createHandlers(open((key) => stored.push(key)));
    expect((await handlers['app.info']({})).canStoreSecrets).toBe(true);
    const result = await dispatch(handlers, 'lastfm.setKey', { key: '  0123abcd  ' });
    expect(result).toEqual({ ok: true, value: { stored: true } });
    expect(stored).toEqual(['0123abcd']);
  });

  it('refuses, pointing to LASTFM_API_KEY, on a host without secret storage', async () => {
    const handlers = createHandlers(open());
    expect((await handlers['app.info']({})).canStoreSecrets).toBe(false);
    const result = await dispatch(handlers, 'lastfm.setKey', { key: 'abc' });
    expect(result).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/LASTFM_API_KEY/) },
    });
  });
});
